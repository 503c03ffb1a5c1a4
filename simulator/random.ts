// Deterministic randomness for the simulator: never Math.random, so a seed replays
// exactly. Two kinds: a sequential stream (mulberry32) for building the world once,
// and a keyed draw (`draw`) whose value depends only on the seed and its keys, so a
// policy that changes what happens later does not shift anyone else's dice: every
// policy meets the same late reports, the same bulk buyers and the same restock lead
// times (common random numbers make the side-by-side comparison fair).

/** mulberry32: small, fast, good enough for a simulation, and the same on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's finaliser: spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) fixed by the seed and the keys (integers), whatever else was drawn. */
export function draw(seed: number, ...keys: number[]): number {
  let h = fmix32((seed ^ 0x9e3779b9) >>> 0);
  for (const k of keys) h = fmix32((h ^ Math.imul((k | 0) + 0x7f4a7c15, 0x9e3779b1)) >>> 0);
  return h / 4294967296;
}

/** Names of the keyed streams, so two uses of `draw` never share dice by accident. */
export const STREAM = {
  ourDemand: 1,
  orderSize: 2,
  leader: 3,
  hidden: 4,
  bulk: 5,
  bulkShare: 6,
  restockLead: 7,
  restockHour: 8,
  reportLate: 9,
  reportMiss: 10,
  entryLag: 11,
  countError: 12,
  countErrorSize: 13,
  adhocComply: 14,
  adhocDelay: 15,
  pushLoss: 16,
  remindComply: 17,
  remindDelay: 18,
  skuDay: 19,
  demandOffset: 20,
  hiddenBurst: 21,
  supplierReliability: 22,
  supplierChronic: 23,
  copyLast: 24,
  pullFail: 25,
  bootstrap: 26,
  consent: 27,
  operatorChase: 28,
  basisMix: 29,
  fresh: 30,
  freshArrival: 31,
  confirmShort: 32,
} as const;

/** Poisson by inverting its CDF with one uniform (rates here are small; large ones use a normal). */
export function poisson(lambda: number, u: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 60) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normalQuantile(u)));
  let p = Math.exp(-lambda);
  let cdf = p;
  let k = 0;
  while (u > cdf && k < 1000) {
    k += 1;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(u: number): number {
  const p = Math.min(Math.max(u, 1e-12), 1 - 1e-12);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** A lognormal with the given median and spread (sigma of the log). */
export const lognormal = (median: number, sigma: number, u: number): number => median * Math.exp(sigma * normalQuantile(u));

/**
 * A lognormal with mean 1 (not median 1): exp(σz − σ²/2). Noise drawn this way spreads
 * demand without adding to it, so a noisier world is not also a busier one.
 */
export const meanOneLognormal = (sigma: number, u: number): number => Math.exp(sigma * normalQuantile(u) - (sigma * sigma) / 2);

/** 1 + geometric, so the mean is `mean` (≥ 1): order sizes, mostly small with a tail. */
export function sizeWithMean(mean: number, u: number): number {
  if (mean <= 1) return 1;
  const p = 1 / mean;
  return 1 + Math.floor(Math.log(1 - Math.min(u, 1 - 1e-12)) / Math.log(1 - p));
}

/** A uniform integer in [lo, hi]. */
export const intBetween = (lo: number, hi: number, u: number): number => lo + Math.floor(u * (hi - lo + 1));

/** A uniform real in [lo, hi). */
export const between = (lo: number, hi: number, u: number): number => lo + u * (hi - lo);
