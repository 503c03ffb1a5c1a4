// bench/simulate: the default simulated world (500 SKUs, 20 suppliers, 7 warm-up + 14
// measured days) with three seeds; for each policy, oversold and stranded against the
// seed's fixed-20% rule in the same run (the baseline), plus wall time and where it went.
// Run: npm run bench:simulate [-- --seeds 1,2,3] [--jobs N]
import { parseArgs } from 'node:util';
import { defaultJobs, simulate } from '../simulator/parallel';
import { BUILTIN_POLICIES } from '../simulator/policies';
import { BASELINE_POLICY, int, textTable, versus } from '../simulator/report';
import type { PolicyFigures, SimulationResult } from '../simulator/run';
import { DEFAULT_WORLD } from '../simulator/world';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seeds: { type: 'string' }, jobs: { type: 'string' } } });
  const seeds = (values.seeds ?? '1,2,3').split(',').map(Number);
  const jobs = values.jobs ? Number(values.jobs) : defaultJobs(BUILTIN_POLICIES.length);
  const w = DEFAULT_WORLD;
  console.log(`bench/simulate: 默认世界 ${w.skus} 个商品、${w.suppliers} 家供应商、预热 ${w.warmupDays} + 计量 ${w.days} 天、步长 ${w.stepMinutes} 分钟；seeds ${seeds.join(', ')}；${jobs} 个子进程`);
  console.log(`对照 baseline：同一次运行里的 ${BASELINE_POLICY}（固定 20%）。−40% 表示比它少四成。\n`);

  const results: SimulationResult[] = [];
  for (const seed of seeds) {
    let lastTenth = -1;
    const result = await simulate(DEFAULT_WORLD, seed, BUILTIN_POLICIES, {
      jobs,
      onProgress: (done, total) => {
        const tenth = Math.floor((done / total) * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          process.stderr.write(`seed ${seed}: ${tenth * 10}%\n`);
        }
      },
    });
    results.push(result);
    console.log(`seed ${seed} · 用时 wall ${(result.wallMs / 1000).toFixed(1)} s`);
    console.log(table(result.figures));
    console.log('');
  }

  if (results.length > 1) {
    // Totals over the seeds, then compared: each seed weighs by its own volume.
    const summed = BUILTIN_POLICIES.map((p, i) => {
      const all = results.map((r) => r.figures[i]!);
      const sum = (pick: (f: PolicyFigures) => number): number => all.reduce((s, f) => s + pick(f), 0);
      return { ...all[0]!, policyId: p.id, policyName: p.name, soldUnits: sum((f) => f.soldUnits), oversoldUnits: sum((f) => f.oversoldUnits), strandedUnits: sum((f) => f.strandedUnits), strandedUnitHours: sum((f) => f.strandedUnitHours), lines: sum((f) => f.lines), shortLines: sum((f) => f.shortLines) };
    });
    console.log(`${seeds.length} 个 seed 合计 Sum over seeds`);
    console.log(table(summed));
    console.log('');
  }

  const wall = results.reduce((s, r) => s + r.wallMs, 0);
  console.log(`用时 Wall time: ${results.map((r) => `seed ${r.seed} ${(r.wallMs / 1000).toFixed(1)} s`).join('，')}；合计 ${(wall / 1000).toFixed(1)} s`);
  const perPolicy = BUILTIN_POLICIES.map((p, i) => `${p.id} ${(results.reduce((s, r) => s + r.figures[i]!.wallMs, 0) / results.length / 1000).toFixed(1)} s`);
  console.log(`每个策略平均（单进程）Per policy, mean: ${perPolicy.join('，')}`);
  const calls = new Map<string, { calls: number; ms: number }>();
  for (const f of results.flatMap((r) => r.figures)) {
    for (const [name, t] of Object.entries(f.productMs)) {
      const acc = calls.get(name) ?? { calls: 0, ms: 0 };
      acc.calls += t.calls;
      acc.ms += t.ms;
      calls.set(name, acc);
    }
  }
  const productTotal = [...calls.values()].reduce((s, t) => s + t.ms, 0);
  const cpu = results.flatMap((r) => r.figures).reduce((s, f) => s + f.wallMs, 0);
  console.log(`产品代码内的时间 Time inside the product's calls: ${(productTotal / 1000).toFixed(1)} s of ${(cpu / 1000).toFixed(1)} s (${((productTotal / cpu) * 100).toFixed(0)}%)`);
  console.log(textTable(['调用 Call', '次数 Calls', '合计 s', '每次 µs'], [...calls].sort((a, b) => b[1].ms - a[1].ms).map(([name, t]) => [
    name, int(t.calls), (t.ms / 1000).toFixed(1), int((t.ms / t.calls) * 1000),
  ])));
}

function table(figures: PolicyFigures[]): string {
  const base = figures.find((f) => f.policyId === BASELINE_POLICY)!;
  return textTable(
    ['策略 Policy', '超卖 Oversold', 'vs 20%', '滞留件·时 Unit-h', 'vs 20%', '有货未售 Stranded', 'vs 20%', '售出 Sold', 'vs 20%', '缺货行/千行'],
    figures.map((f) => [
      f.policyName,
      int(f.oversoldUnits), versus(f.oversoldUnits, base.oversoldUnits),
      int(f.strandedUnitHours), versus(f.strandedUnitHours, base.strandedUnitHours),
      int(f.strandedUnits), versus(f.strandedUnits, base.strandedUnits),
      int(f.soldUnits), versus(f.soldUnits, base.soldUnits),
      f.lines > 0 ? ((f.shortLines / f.lines) * 1000).toFixed(1) : '0.0',
    ]),
  );
}

void main();
