// Sensitivity: the same policies over several values of one world parameter, each value
// over the same seeds, and whether the verdict holds — for each policy, the sign of its
// net value and oversold-rate difference from fixed 20% at every value.
import type { SimulationResult } from './figures';
import { DEFAULT_ECONOMICS, type Economics } from './metrics';
import { type SimulateOptions, simulateWorlds } from './parallel';
import type { Policy } from './policies';
import { type PolicySummary, formatInterval, summarize } from './summary';
import type { Interval } from './stats';
import { WORLD_NOTES, type WorldConfig } from './world-config';

export interface SweepSpec {
  key: keyof WorldConfig;
  values: number[];
}

export interface SweepPoint {
  value: number;
  summaries: PolicySummary[];
}

export interface SweepResult {
  spec: SweepSpec;
  seeds: number[];
  points: SweepPoint[];
}

/** `hiddenNightlyShare=0,0.33,0.67`: a numeric world parameter and its values. */
export function parseSweep(text: string, base: WorldConfig): { ok: true; spec: SweepSpec } | { ok: false; error: string } {
  const match = /^([A-Za-z]+)=(.+)$/.exec(text.trim());
  if (!match) return { ok: false, error: `--sweep 须写成 参数=a,b,c：${text}` };
  const key = match[1] as keyof WorldConfig;
  if (!(key in WORLD_NOTES)) return { ok: false, error: `没有这个世界参数：${key}` };
  if (typeof base[key] !== 'number') return { ok: false, error: `${key} 不是一个数，不能扫描` };
  const values = match[2]!.split(',').map((v) => Number(v.trim()));
  if (values.length < 2 || values.some((v) => !Number.isFinite(v))) return { ok: false, error: `--sweep ${key} 须给至少两个数：${match[2]}` };
  return { ok: true, spec: { key, values } };
}

export async function runSweep(base: WorldConfig, spec: SweepSpec, seeds: number[], policies: Policy[], options: SimulateOptions & { economics?: Economics } = {}): Promise<SweepResult> {
  const worlds = spec.values.flatMap((value) => seeds.map((seed) => ({ config: { ...base, [spec.key]: value }, seed })));
  const figures = await simulateWorlds(worlds, policies, options);
  const points = spec.values.map((value, v) => {
    const results: SimulationResult[] = seeds.map((seed, s) => ({
      seed, world: worlds[v * seeds.length + s]!.config, policies, figures: figures[v * seeds.length + s]!, wallMs: 0,
    }));
    return { value, summaries: summarize(results, options.economics ?? DEFAULT_ECONOMICS) };
  });
  return { spec, seeds, points };
}

type Side = 'better' | 'worse' | 'unclear';

/** Better or worse than fixed 20% only when the whole 90% interval is on one side. */
export function sideOf(i: Interval, higherIsBetter: boolean): Side {
  if (i.lo > 0) return higherIsBetter ? 'better' : 'worse';
  if (i.hi < 0) return higherIsBetter ? 'worse' : 'better';
  return 'unclear';
}

export interface Verdict {
  policyId: string;
  label: string;
  netValue: Side[];
  oversold: Side[];
  /** The policy is clearly better than fixed 20% at one value and clearly worse at another. */
  flips: boolean;
}

export function verdicts(result: SweepResult): Verdict[] {
  const first = result.points[0]?.summaries ?? [];
  return first.filter((r) => r.policyId !== 'fixed20').map((row) => {
    const at = (p: SweepPoint): PolicySummary => p.summaries.find((r) => r.policyId === row.policyId)!;
    const netValue = result.points.map((p) => sideOf(at(p).delta.netValue, true));
    const oversold = result.points.map((p) => sideOf(at(p).delta.oversoldPer10k, false));
    const flipped = (sides: Side[]): boolean => sides.includes('better') && sides.includes('worse');
    return { policyId: row.policyId, label: row.label, netValue, oversold, flips: flipped(netValue) || flipped(oversold) };
  });
}

/** The ranking by net value at each value (best first), by its point estimate. */
export const rankingAt = (point: SweepPoint): string[] =>
  [...point.summaries].sort((a, b) => b.delta.netValue.estimate - a.delta.netValue.estimate).map((r) => r.label);

export function sweepText(result: SweepResult): string {
  const { key, values } = result.spec;
  const lines = [`sweep ${key} = ${values.join(', ')} · ${result.seeds.length} seeds each · Δ% against fixed20, 90% CI`];
  for (const point of result.points) {
    const pd = point.summaries.find((r) => r.policyId === 'product-default');
    lines.push(`\n${key} = ${point.value}`);
    if (pd) lines.push(`  product default: oversold/10k ${formatInterval(pd.delta.oversoldPer10k)}, stranded units ${formatInterval(pd.delta.strandedUnits)}, sold ${formatInterval(pd.delta.soldUnits)}, net value ${formatInterval(pd.delta.netValue)}`);
    lines.push(`  ranking by net value: ${rankingAt(point).join(' > ')}`);
  }
  const v = verdicts(result);
  const flips = v.filter((x) => x.flips);
  const changed = v.filter((x) => new Set(x.netValue).size > 1 || new Set(x.oversold).size > 1);
  lines.push('');
  lines.push(flips.length > 0
    ? `ranking flips: ${flips.map((x) => x.label).join(', ')} — clearly better than fixed20 at one value of ${key} and clearly worse at another.`
    : `ranking holds: no policy is clearly better than fixed20 at one value of ${key} and clearly worse at another.`);
  for (const x of changed) lines.push(`  ${x.label}: net value ${x.netValue.join(' / ')}; oversold/10k ${x.oversold.join(' / ')}`);
  return `${lines.join('\n')}\n`;
}
