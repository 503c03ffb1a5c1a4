// Spread over seeds: a paired, seeded bootstrap. Every seed is one world met by every
// policy (common random numbers), so seeds are resampled whole and the policy and the
// baseline always move together.
import { mulberry32 } from './random';

export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
}

export interface BootstrapOptions {
  draws?: number;
  /** Two-sided coverage, e.g. 0.9 for a 90% interval. */
  level?: number;
  seed?: number;
}

/** The q-quantile of sorted numbers, linearly interpolated. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Percentile bootstrap of a statistic over n units (seeds): the statistic gets the
 * indices of one resample. Deterministic for a given seed.
 */
export function bootstrap(n: number, stat: (indices: number[]) => number, options: BootstrapOptions = {}): Interval {
  const { draws = 2000, level = 0.9, seed = 1 } = options;
  const all = Array.from({ length: n }, (_, i) => i);
  const estimate = stat(all);
  const rng = mulberry32(seed);
  const values: number[] = [];
  for (let d = 0; d < draws; d++) {
    const pick = all.map(() => Math.floor(rng() * n));
    const v = stat(pick);
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  return { estimate, lo: quantile(values, (1 - level) / 2), hi: quantile(values, 1 - (1 - level) / 2) };
}

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Δ% of a policy against the baseline over seeds: the mean per-seed difference as a share
 * of the baseline's mean (= Σ policy ÷ Σ baseline − 1), so a seed with a tiny baseline
 * does not blow up the figure the way a mean of per-seed ratios would.
 */
export function pairedDelta(policy: number[], baseline: number[], options: BootstrapOptions = {}): Interval {
  const stat = (idx: number[]): number => {
    let p = 0;
    let b = 0;
    for (const i of idx) {
      p += policy[i]!;
      b += baseline[i]!;
    }
    return b === 0 ? (p === 0 ? 0 : NaN) : p / b - 1;
  };
  return bootstrap(policy.length, stat, options);
}
