// Buffers from scorecards (issue 15): each supplier's buffer ratio set from its measured
// error, so a reliable supplier is not held back by the buffer an unreliable one needs.
// Per SKU and wave, what we believed on hand when the wave closed is set beside what the
// supplier confirmed; the ratio that would have kept our sales within what it really had
// in `coverage` of the last waves is suggested, bounded by the operator's limits. No I/O.
import type { OrderLine, Wave } from './model';

/** One SKU in one confirmed wave. */
export interface WaveObservation {
  waveId: string;
  skuId: string;
  /** What we believed on hand (projected) when the wave closed. */
  believed: number;
  ordered: number;
  confirmed: number;
}

export interface SuggestionLimits {
  /** The suggestion never goes below or above these ratios (the operator's limits). */
  minRatio: number;
  maxRatio: number;
  /** Share of SKU-waves the ratio must have covered, e.g. 0.95. */
  coverage: number;
  /** The last this many confirmed waves of the supplier are read. */
  waves: number;
  /** Fewer SKU-waves than this say nothing yet. */
  minObservations: number;
  /** A SKU with at least this many waves of its own gets a ratio from them alone. */
  minSkuObservations: number;
}

export const DEFAULT_SUGGESTION_LIMITS: SuggestionLimits = {
  minRatio: 0.05, maxRatio: 0.4, coverage: 0.95, waves: 28, minObservations: 20, minSkuObservations: 10,
};

export type BufferSuggestion =
  | { status: 'insufficient'; observations: number; needed: number }
  | SuggestedRatio;

export interface SuggestedRatio {
  status: 'suggested';
  /** The ratio suggested, after the limits, in whole percent. */
  ratio: number;
  /** The ratio the coverage asked for before the limits. */
  neededRatio: number;
  bounded: 'min' | 'max' | null;
  observations: number;
  waves: number;
  /** SKU-waves confirmed short. */
  short: number;
  /** Share of SKU-waves the suggested ratio would have covered. */
  covered: number;
}

/**
 * The ratio of what we believed on hand that would have kept this wave's sales within what
 * the supplier had: none when it shipped all we sold; else the part of our belief it did
 * not have (sellable at most what it confirmed means a buffer of believed − confirmed).
 */
export function neededRatio(o: Pick<WaveObservation, 'believed' | 'ordered' | 'confirmed'>): number {
  if (o.believed <= 0 || o.confirmed >= o.ordered) return 0;
  return Math.min(1, Math.max(0, (o.believed - o.confirmed) / o.believed));
}

/** Per SKU of each confirmed wave that recorded what we believed: units ordered and confirmed. */
export function observationsOf(waves: readonly Wave[], lines: readonly OrderLine[]): WaveObservation[] {
  const rated = new Map(waves.filter((w) => w.status !== 'closed' && w.believed).map((w) => [w.id, w]));
  const bySkuWave = new Map<string, WaveObservation>();
  for (const line of lines) {
    const wave = rated.get(line.waveId);
    const believed = wave?.believed?.[line.skuId];
    if (!wave || believed === undefined || line.status === 'cancelled') continue;
    const key = `${line.waveId}\n${line.skuId}`;
    const o = bySkuWave.get(key) ?? { waveId: line.waveId, skuId: line.skuId, believed, ordered: 0, confirmed: 0 };
    o.ordered += line.qty;
    o.confirmed += line.qty - line.shortQty;
    bySkuWave.set(key, o);
  }
  return [...bySkuWave.values()];
}

const wholePercentUp = (ratio: number): number => Math.ceil(Math.round(ratio * 1e6) / 1e4) / 100;

/** The ratio that covered `coverage` of the observations (nearest rank), within the limits. */
export function suggestRatio(observations: readonly WaveObservation[], limits: SuggestionLimits = DEFAULT_SUGGESTION_LIMITS): BufferSuggestion {
  const n = observations.length;
  if (n < limits.minObservations) return { status: 'insufficient', observations: n, needed: limits.minObservations };
  const needed = observations.map(neededRatio).sort((a, b) => a - b);
  const raw = needed[Math.max(0, Math.ceil(limits.coverage * n) - 1)]!;
  const wanted = wholePercentUp(raw);
  const ratio = Math.min(limits.maxRatio, Math.max(limits.minRatio, wanted));
  return {
    status: 'suggested', ratio, neededRatio: raw,
    bounded: wanted < limits.minRatio ? 'min' : wanted > limits.maxRatio ? 'max' : null,
    observations: n, waves: new Set(observations.map((o) => o.waveId)).size,
    short: observations.filter((o) => o.confirmed < o.ordered).length,
    covered: needed.filter((r) => r <= ratio + 1e-9).length / n,
  };
}

/**
 * Per SKU that sold in enough of the supplier's waves: the ratio its own waves asked for,
 * by the same coverage and limits. One SKU that the supplier often miscounts then carries
 * its own buffer, and the supplier's others are not held back by it. In SKU order.
 */
export function suggestSkuRatios(observations: readonly WaveObservation[], limits: SuggestionLimits = DEFAULT_SUGGESTION_LIMITS): Array<{ skuId: string; suggestion: SuggestedRatio }> {
  const bySku = new Map<string, WaveObservation[]>();
  for (const o of observations) bySku.set(o.skuId, [...(bySku.get(o.skuId) ?? []), o]);
  const out: Array<{ skuId: string; suggestion: SuggestedRatio }> = [];
  for (const [skuId, own] of [...bySku].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const suggestion = suggestRatio(own, { ...limits, minObservations: limits.minSkuObservations });
    if (suggestion.status === 'suggested') out.push({ skuId, suggestion });
  }
  return out;
}
