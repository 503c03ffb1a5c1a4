// The verdict over many seeds: one row per policy, each measure as Δ% against the
// fixed-20% rule with a bootstrap 90% interval, and the exchange each policy makes.
import type { SimulationResult } from './figures';
import { DEFAULT_ECONOMICS, type Economics, type Measures, exchangeRate, measuresOf } from './metrics';
import { BASELINE_POLICY } from './report';
import { type Interval, pairedDelta } from './stats';

export const SUMMARY_HEAD = ['policy', 'oversold/10k Δ% [90% CI]', 'stranded units Δ% [90% CI]', 'units sold Δ% [90% CI]', 'net value Δ% [90% CI]'];
const SUMMARY_KEYS: Array<keyof Measures> = ['oversoldPer10k', 'strandedUnits', 'soldUnits', 'netValue'];

export interface PolicySummary {
  policyId: string;
  label: string;
  seeds: number;
  delta: Record<'oversoldPer10k' | 'strandedUnits' | 'strandedUnitHours' | 'soldUnits' | 'netValue', Interval>;
  /** Summed over seeds. */
  totals: { soldUnits: number; oversoldUnits: number; strandedUnits: number; strandedUnitHours: number; netValue: number };
  /** Sales given up per oversold unit avoided, over all seeds; null when there is no such trade. */
  exchange: number | null;
}

/** The summary's row label: the product default's row is named `product default`. */
export const summaryLabel = (policyId: string): string => (policyId === 'product-default' ? 'product default' : policyId);

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

export function summarize(results: SimulationResult[], economics: Economics = DEFAULT_ECONOMICS, bootstrapSeed = 1): PolicySummary[] {
  const policies = results[0]?.policies ?? [];
  const baseIndex = policies.findIndex((p) => p.id === BASELINE_POLICY);
  if (baseIndex < 0) throw new Error(`summary needs the ${BASELINE_POLICY} policy`);
  const measures = results.map((r) => r.figures.map((f) => measuresOf(f, economics)));
  const column = (p: number, key: keyof Measures): number[] => measures.map((m) => m[p]![key]);
  return policies.map((policy, p) => {
    const delta = {} as PolicySummary['delta'];
    for (const key of ['oversoldPer10k', 'strandedUnits', 'strandedUnitHours', 'soldUnits', 'netValue'] as const) {
      delta[key] = pairedDelta(column(p, key), column(baseIndex, key), { seed: bootstrapSeed });
    }
    const totals = {
      soldUnits: sum(column(p, 'soldUnits')), oversoldUnits: sum(column(p, 'oversoldUnits')), strandedUnits: sum(column(p, 'strandedUnits')),
      strandedUnitHours: sum(column(p, 'strandedUnitHours')), netValue: sum(column(p, 'netValue')),
    };
    const base = { soldUnits: sum(column(baseIndex, 'soldUnits')), oversoldUnits: sum(column(baseIndex, 'oversoldUnits')) };
    return { policyId: policy.id, label: summaryLabel(policy.id), seeds: results.length, delta, totals, exchange: exchangeRate(totals, base) };
  });
}

const signed = (x: number): string => {
  if (!Number.isFinite(x)) return '—';
  const v = x * 100;
  const text = Math.abs(v).toFixed(Math.abs(v) < 10 ? 1 : 0);
  return `${v > 0.05 ? '+' : v < -0.05 ? '−' : '±'}${text}%`;
};

export const formatInterval = (i: Interval): string => `${signed(i.estimate)} [${signed(i.lo)}, ${signed(i.hi)}]`;

/** Exactly the columns, pipe-separated and padded so the pipes line up. */
export function summaryTable(rows: PolicySummary[]): string {
  const cells = rows.map((r) => [r.label, ...SUMMARY_KEYS.map((k) => formatInterval(r.delta[k as keyof PolicySummary['delta']]))]);
  const widths = SUMMARY_HEAD.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join(' | ');
  return [line(SUMMARY_HEAD), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

/** One line per policy: what it trades against the baseline, in units. */
export function exchangeLines(rows: PolicySummary[]): string[] {
  const base = rows.find((r) => r.policyId === BASELINE_POLICY);
  if (!base) return [];
  return rows.filter((r) => r !== base).map((r) => {
    const avoided = base.totals.oversoldUnits - r.totals.oversoldUnits;
    const givenUp = base.totals.soldUnits - r.totals.soldUnits;
    const what = tradeWords(avoided, givenUp, r.exchange);
    return `${r.label}: ${what} (oversold ${signedUnits(-avoided)}, sold ${signedUnits(-givenUp)}, stranded unit-h ${signed(r.delta.strandedUnitHours.estimate)})`;
  });
}

/** In words: what a policy trades against the baseline (avoided: oversold units fewer; givenUp: sales fewer). */
export function tradeWords(avoided: number, givenUp: number, exchange: number | null): string {
  if (exchange !== null) return `gives up ${exchange.toFixed(1)} sales per oversold unit avoided`;
  if (avoided < 0 && givenUp < 0) return `gains ${(givenUp / avoided).toFixed(1)} sales per extra oversold unit`;
  if (avoided >= 0 && givenUp <= 0) return avoided === 0 && givenUp === 0 ? 'no difference' : 'oversells no more and sells no less';
  return 'oversells no less and sells no more';
}

const signedUnits = (n: number): string => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(Math.round(n)).toLocaleString('en-US')}`;
