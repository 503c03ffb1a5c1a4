import type { BufferPolicy, BufferRule, Sku, Supplier, Settings } from './model';

/** Policy per SKU, else per supplier, else global (DESIGN §3). */
export function resolveBufferPolicy(sku: Pick<Sku, 'bufferPolicy'>, supplier: Pick<Supplier, 'bufferPolicy'> | undefined, settings: Pick<Settings, 'bufferPolicy'>): BufferPolicy {
  return sku.bufferPolicy ?? supplier?.bufferPolicy ?? settings.bufferPolicy;
}

export interface BufferFigure {
  /** Whole units held back. */
  units: number;
  /** Which rule set it: the largest wins. */
  rule: BufferRule;
}

// Policy fractions times counts produce float noise (0.2 × 15 = 3.0000000000000004);
// rounding to micro-units first keeps the ceiling honest.
const roundUpUnits = (raw: number): number => Math.ceil(Math.round(raw * 1e6) / 1e6);

/**
 * The largest of ratio × onHand, fixed, and velocityFraction × average daily sales,
 * rounded up to whole units and never more than onHand.
 */
export function computeBuffer(policy: BufferPolicy, onHand: number, avgDailySales: number): BufferFigure {
  const candidates: Array<[BufferRule, number]> = [
    ['ratio', roundUpUnits((policy.ratio ?? 0) * onHand)],
    ['fixed', roundUpUnits(policy.fixed ?? 0)],
    ['velocity', roundUpUnits((policy.velocityFraction ?? 0) * avgDailySales)],
  ];
  let best: BufferFigure = { units: 0, rule: 'none' };
  for (const [rule, units] of candidates) {
    if (units > best.units) best = { units, rule };
  }
  return { units: Math.min(best.units, Math.max(0, onHand)), rule: best.rule };
}
