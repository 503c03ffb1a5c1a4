// Sensitivity: a sweep names a numeric world parameter, runs every value over the same
// seeds, and calls a flip only when a policy is clearly better at one value and clearly
// worse at another (the whole 90% interval on each side of zero).
import { BUILTIN_POLICIES } from '../../simulator/policies';
import { parseSweep, runSweep, sideOf, sweepText, verdicts } from '../../simulator/sweep';
import { sweepSvg } from '../../simulator/sweep-chart';
import { worldWith } from '../../simulator/world';

jest.setTimeout(60_000);

it('reads KEY=a,b,c and names what is wrong', () => {
  const base = worldWith({});
  expect(parseSweep('hiddenNightlyShare=0,0.33,0.67', base)).toEqual({ ok: true, spec: { key: 'hiddenNightlyShare', values: [0, 0.33, 0.67] } });
  expect(parseSweep('nope=1,2', base)).toEqual({ ok: false, error: '没有这个世界参数：nope' });
  expect(parseSweep('levelMix=1,2', base)).toEqual({ ok: false, error: 'levelMix 不是一个数，不能扫描' });
  expect(parseSweep('dailyNoise=0.3', base).ok).toBe(false);
});

it('calls a side only when the whole interval is on it', () => {
  expect(sideOf({ estimate: 0.1, lo: 0.02, hi: 0.2 }, true)).toBe('better');
  expect(sideOf({ estimate: 0.1, lo: -0.02, hi: 0.2 }, true)).toBe('unclear');
  expect(sideOf({ estimate: -0.3, lo: -0.5, hi: -0.1 }, false)).toBe('better');
});

it('runs every value over the same seeds and reports whether the ranking holds', async () => {
  const policies = BUILTIN_POLICIES.filter((p) => ['fixed20', 'product-default'].includes(p.id));
  const base = worldWith({ skus: 12, suppliers: 2, days: 1, warmupDays: 1 });
  const result = await runSweep(base, { key: 'hiddenNightlyShare', values: [0, 0.67] }, [1, 2], policies, { jobs: 1 });
  expect(result.points.map((p) => p.value)).toEqual([0, 0.67]);
  expect(result.points[0]!.summaries.map((s) => s.label)).toEqual(['fixed20', 'product default']);
  const [pd] = verdicts(result);
  expect(pd!.netValue).toHaveLength(2);
  expect(sweepText(result)).toMatch(/ranking (holds|flips)/);
  expect(sweepSvg(result)).toContain('product default');
});
