// The fair measures and the spread over seeds: stranding is capped by the demand refused,
// the net value prices both mistakes, the bootstrap is seeded and covers the mean, and
// the summary has exactly the columns with the product default named as such.
import type { PolicyFigures, SimulationResult } from '../../simulator/figures';
import { DEFAULT_ECONOMICS, exchangeRate, measuresOf, netValue } from '../../simulator/metrics';
import { BUILTIN_POLICIES, operatorPolicy } from '../../simulator/policies';
import { meanOneLognormal, mulberry32 } from '../../simulator/random';
import { runPolicy, strandedCap } from '../../simulator/run';
import { bootstrap, mean, pairedDelta } from '../../simulator/stats';
import { SUMMARY_HEAD, summarize, summaryTable, tradeWords } from '../../simulator/summary';
import { buildWorld, worldWith } from '../../simulator/world';

jest.setTimeout(60_000);

const figures = (policyId: string, soldUnits: number, oversoldUnits: number, strandedUnits = 10): PolicyFigures =>
  ({ policyId, policyName: policyId, soldUnits, oversoldUnits, strandedUnits, strandedUnitHours: strandedUnits / 2 }) as PolicyFigures;

describe('stranded units', () => {
  it('count free stock only up to the units refused', () => {
    expect([strandedCap(50, 1), strandedCap(3, 8), strandedCap(-2, 5), strandedCap(7, 0)]).toEqual([1, 3, 0, 0]);
  });

  it('keep unit-hours within the refused units × the step, in a real replay', async () => {
    // A wide buffer refuses often while plenty sits in the warehouse: the uncapped figure would be large.
    const wide = operatorPolicy({ settings: { bufferPolicy: { ratio: 0.6 } }, sync: false });
    if (!wide.ok) throw new Error(wide.errors.join());
    const world = buildWorld(worldWith({ skus: 20, suppliers: 3, days: 2, warmupDays: 1 }), 9);
    const f = await runPolicy(world, wide.policy);
    const refusedForStock = f.unservedUnits - f.rationedUnits;
    expect(f.strandedUnits).toBeGreaterThan(0);
    expect(f.strandedUnitHours).toBeLessThanOrEqual(refusedForStock * (world.stepMs / 3_600_000) + 1e-9);
  });
});

describe('measures', () => {
  it('rates oversold per 10,000 sold and prices sales and apologies', () => {
    const m = measuresOf(figures('x', 4000, 8), { marginYuan: 4, apologyYuan: 5 });
    expect(m.oversoldPer10k).toBe(20);
    expect(m.netValue).toBe(4 * 4000 - 5 * 8);
    expect(netValue(100, 10, { marginYuan: 1, apologyYuan: 20 })).toBe(-100);
    expect(DEFAULT_ECONOMICS.apologyYuan).toBe(5);
  });

  it('prints the exchange: sales given up per oversold unit avoided', () => {
    const base = { soldUnits: 1000, oversoldUnits: 20 };
    expect(exchangeRate({ soldUnits: 957, oversoldUnits: 10 }, base)).toBeCloseTo(4.3);
    expect(exchangeRate({ soldUnits: 1010, oversoldUnits: 10 }, base)).toBeNull();
    expect(tradeWords(10, 43, 4.3)).toBe('gives up 4.3 sales per oversold unit avoided');
    expect(tradeWords(-2, -10, null)).toBe('gains 5.0 sales per extra oversold unit');
    expect(tradeWords(3, -5, null)).toBe('oversells no more and sells no less');
  });
});

describe('bootstrap', () => {
  const sample = Array.from({ length: 20 }, (_, i) => i + 1);
  const meanOf = (idx: number[]): number => mean(idx.map((i) => sample[i]!));

  it('gives a 90% interval around the mean of a known sample, the same for the same seed', () => {
    const a = bootstrap(sample.length, meanOf, { seed: 3 });
    expect(a.estimate).toBe(10.5);
    expect(a.lo).toBeLessThan(10.5);
    expect(a.hi).toBeGreaterThan(10.5);
    // Standard error of the mean ≈ 5.77/√20 ≈ 1.29; a 90% interval is about ±2.1.
    expect(a.hi - a.lo).toBeGreaterThan(3);
    expect(a.hi - a.lo).toBeLessThan(5.5);
    expect(bootstrap(sample.length, meanOf, { seed: 3 })).toEqual(a);
    expect(bootstrap(sample.length, meanOf, { seed: 4 })).not.toEqual(a);
  });

  it('pairs seeds: a policy at half the baseline in every seed is −50% with no spread', () => {
    const baseline = [10, 40, 3, 25, 8];
    const d = pairedDelta(baseline.map((b) => b / 2), baseline);
    expect([d.estimate, d.lo, d.hi].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([-0.5, -0.5, -0.5]);
    expect(pairedDelta([0, 0], [0, 0]).estimate).toBe(0);
  });
});

describe('mean-preserving noise', () => {
  it('has mean ≈ 1 however wide it is, so more noise is not more demand', () => {
    for (const sigma of [0.35, 0.8]) {
      const rng = mulberry32(17);
      const draws = Array.from({ length: 200_000 }, () => meanOneLognormal(sigma, rng()));
      expect(Math.abs(mean(draws) - 1)).toBeLessThan(0.02);
      const sorted = [...draws].sort((a, b) => a - b);
      expect(sorted[draws.length / 2]!).toBeCloseTo(Math.exp((-sigma * sigma) / 2), 1);
    }
  });
});

describe('summary table', () => {
  const result = (seed: number, scale: number): SimulationResult => ({
    seed, world: worldWith({}), policies: BUILTIN_POLICIES, wallMs: 0,
    figures: BUILTIN_POLICIES.map((p) => (p.id === 'product-default' ? figures(p.id, 990 * scale, 5 * scale, 12) : figures(p.id, 1000 * scale, 10 * scale))),
  });
  const results = [1, 2, 3, 4].map((s) => result(s, s));

  it('has exactly the issue\'s columns, one row per policy, the product default named so', () => {
    const lines = summaryTable(summarize(results)).split('\n');
    expect(lines[0]!.split('|').map((c) => c.trim())).toEqual(SUMMARY_HEAD);
    expect(SUMMARY_HEAD).toEqual(['policy', 'oversold/10k Δ% [90% CI]', 'stranded units Δ% [90% CI]', 'units sold Δ% [90% CI]', 'net value Δ% [90% CI]']);
    expect(lines).toHaveLength(2 + BUILTIN_POLICIES.length);
    const row = lines.find((l) => l.startsWith('product default'))!.split('|').map((c) => c.trim());
    // 5 per 990 against 10 per 1000: −49.5% oversold per 10k; sold −1.0%.
    expect(row.slice(1, 4)).toEqual(['−49% [−49%, −49%]', '+20% [+20%, +20%]', '−1.0% [−1.0%, −1.0%]']);
  });

  it('is the same table every time for the same results', () => {
    expect(summaryTable(summarize(results))).toBe(summaryTable(summarize(results)));
    const row = summarize(results).find((r) => r.policyId === 'product-default')!;
    expect(row.exchange).toBeCloseTo((10 * 10) / (5 * 10));
  });
});
