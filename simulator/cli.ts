// npm run simulate -- [--skus 500] [--suppliers 20] [--days 14] [--seed 1] [--policy file.json] [--out dir]
// Runs every policy over one seeded world and writes the table (stdout), a progress
// bar (stderr), and simulation.json / .svg / .html into --out.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultJobs, simulate } from './parallel';
import { BUILTIN_POLICIES, type Policy, type PolicyFile, operatorPolicy } from './policies';
import { chartSvg, htmlReport, jsonReport, terminalReport } from './report';
import { DEFAULT_ECONOMICS, type Economics } from './metrics';
import { parseSweep, runSweep, sweepText, verdicts } from './sweep';
import { sweepHtml, sweepSvg } from './sweep-chart';
import { DEFAULT_WORLD, type WorldConfig, WORLD_NOTES, worldWith } from './world';
import { SEEDS_WORLD } from './world-config';

const HELP = `货准策略模拟 Huozhun policy simulator

用法 Usage: npm run simulate -- [选项]

世界 World
  --skus N            商品数（默认 ${DEFAULT_WORLD.skus}）
  --suppliers N       供应商数（默认 ${DEFAULT_WORLD.suppliers}）
  --days N            计量天数（默认 ${DEFAULT_WORLD.days}）
  --warmup N          预热天数（默认 ${DEFAULT_WORLD.warmupDays}）
  --seed N            随机种子（默认 1）
  --world FILE        JSON：覆盖任意世界参数（键名见报告“模拟世界的参数”一节；例 simulator/examples/world.json）

策略 Policies（内置：${BUILTIN_POLICIES.map((p) => p.id).join(', ')}）
  --policies a,b      只跑这些内置策略（固定 20% 总会包含，作为对照）
  --policy FILE       JSON：运营自定义策略（例 simulator/examples/policy.json）
  --ratio X --fixed N --velocity X --projection --staleness --stale-extra X --sync --name TEXT
                      用命令行组一个自定义策略（与 --policy 合并，命令行优先）

经济账 Economics（净值 = 毛利 × 售出 − 道歉成本 × 超卖）
  --margin Y          每件毛利（元，默认 ${DEFAULT_ECONOMICS.marginYuan}）
  --apology Y         每件超卖的道歉成本（元，默认 ${DEFAULT_ECONOMICS.apologyYuan} = 产品默认缺货券）

敏感性 Sensitivity
  --sweep KEY=a,b,c   对一个世界参数的几个值各跑 --seeds 个 seed（默认 5），看排序是否不变；
                      从较小的多 seed 世界（${SEEDS_WORLD.skus} 个商品、${SEEDS_WORLD.suppliers} 家供应商）出发。
                      例：--sweep hiddenNightlyShare=0,0.33,0.67
  --seeds N|a,b       seed 个数或列表

输出 Output
  --out DIR           输出目录（默认 data/simulation/）
  --jobs N            并行子进程数（默认 CPU 核数，最多策略数）
  -h, --help
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function number(name: string, value: string | undefined, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) fail(`--${name} 须为${integer ? '非负整数' : '非负数'}：${value}`);
  return n;
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return fail(`读不了${what} ${path}：${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise. */
function progressBar(): { update: (done: number, total: number) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  const began = Date.now();
  let lastDraw = 0;
  let lastTenth = -1;
  return {
    update(done, total) {
      const share = total > 0 ? done / total : 1;
      const elapsed = (Date.now() - began) / 1000;
      const eta = share > 0.02 ? Math.max(0, elapsed / share - elapsed) : NaN;
      const text = `模拟中 ${(share * 100).toFixed(0).padStart(3)}% · ${elapsed.toFixed(0)} s${Number.isFinite(eta) ? ` · 约剩 ${eta.toFixed(0)} s` : ''}`;
      if (tty) {
        if (Date.now() - lastDraw < 100 && done < total) return;
        lastDraw = Date.now();
        const width = 30;
        const filled = Math.round(share * width);
        process.stderr.write(`\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${text}   `);
      } else {
        const tenth = Math.floor(share * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          process.stderr.write(`${text}\n`);
        }
      }
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      skus: { type: 'string' }, suppliers: { type: 'string' }, days: { type: 'string' }, warmup: { type: 'string' },
      seed: { type: 'string' }, world: { type: 'string' }, policies: { type: 'string' }, policy: { type: 'string' },
      ratio: { type: 'string' }, fixed: { type: 'string' }, velocity: { type: 'string' }, projection: { type: 'boolean' },
      staleness: { type: 'boolean' }, 'stale-extra': { type: 'string' }, sync: { type: 'boolean' }, name: { type: 'string' },
      out: { type: 'string' }, jobs: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      margin: { type: 'string' }, apology: { type: 'string' }, sweep: { type: 'string' }, seeds: { type: 'string' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }

  const worldFile = values.world ? readJson(values.world, '世界参数文件') : {};
  if (typeof worldFile !== 'object' || worldFile === null || Array.isArray(worldFile)) fail('世界参数文件须为 JSON 对象');
  const unknown = Object.keys(worldFile).filter((k) => !(k in WORLD_NOTES));
  if (unknown.length > 0) fail(`世界参数文件里有不认识的键：${unknown.join(', ')}`);
  const overrides: Partial<WorldConfig> = { ...(worldFile as Partial<WorldConfig>) };
  const skus = number('skus', values.skus, true);
  const suppliers = number('suppliers', values.suppliers, true);
  const days = number('days', values.days, true);
  const warmup = number('warmup', values.warmup, true);
  if (skus !== undefined) overrides.skus = skus;
  if (suppliers !== undefined) overrides.suppliers = suppliers;
  if (days !== undefined) overrides.days = days;
  if (warmup !== undefined) overrides.warmupDays = warmup;
  // A sweep runs many seeds per value: it starts from the smaller many-seed world.
  const config = worldWith(values.sweep ? { ...SEEDS_WORLD, ...overrides } : overrides);
  const seed = number('seed', values.seed, true) ?? 1;

  let policies: Policy[] = BUILTIN_POLICIES;
  if (values.policies) {
    const wanted = new Set(values.policies.split(',').map((s) => s.trim()).filter(Boolean));
    const unknownIds = [...wanted].filter((id) => !BUILTIN_POLICIES.some((p) => p.id === id));
    if (unknownIds.length > 0) fail(`没有这些内置策略：${unknownIds.join(', ')}`);
    wanted.add('fixed20');
    policies = BUILTIN_POLICIES.filter((p) => wanted.has(p.id));
  }
  const fromFile = values.policy ? (readJson(values.policy, '策略文件') as PolicyFile) : undefined;
  const cliBuffer = {
    ...(values.ratio !== undefined ? { ratio: number('ratio', values.ratio) } : {}),
    ...(values.fixed !== undefined ? { fixed: number('fixed', values.fixed, true) } : {}),
    ...(values.velocity !== undefined ? { velocityFraction: number('velocity', values.velocity) } : {}),
  };
  const cliGiven = Object.keys(cliBuffer).length > 0 || values.projection || values.staleness || values['stale-extra'] !== undefined || values.sync || values.name;
  if (fromFile !== undefined || cliGiven) {
    const file: PolicyFile = typeof fromFile === 'object' && fromFile !== null ? { ...fromFile } : (fromFile as PolicyFile);
    const merged: PolicyFile = {
      ...file,
      ...(values.name ? { name: values.name } : {}),
      ...(values.sync ? { sync: true } : {}),
      settings: {
        ...file?.settings,
        ...(Object.keys(cliBuffer).length > 0 ? { bufferPolicy: { ...file?.settings?.bufferPolicy, ...cliBuffer } } : {}),
        ...(values.projection ? { projection: true } : {}),
        ...(values.staleness ? { staleness: true } : {}),
        ...(values['stale-extra'] !== undefined ? { staleExtraRatio: number('stale-extra', values['stale-extra']) } : {}),
      },
    };
    const parsed = operatorPolicy(merged);
    if (!parsed.ok) fail(`自定义策略有误：\n  ${parsed.errors.join('\n  ')}`);
    policies = [...policies, parsed.policy];
  }

  const economics: Economics = {
    marginYuan: number('margin', values.margin) ?? DEFAULT_ECONOMICS.marginYuan,
    apologyYuan: number('apology', values.apology) ?? DEFAULT_ECONOMICS.apologyYuan,
  };
  const out = resolve(values.out ?? 'data/simulation');
  if (values.sweep) {
    await sweepMain(config, values.sweep, seedList(values.seeds, 5), policies, economics, values.jobs, out);
    return;
  }
  const jobs = number('jobs', values.jobs, true) ?? defaultJobs(policies.length);
  const bar = progressBar();
  let result;
  try {
    result = { ...(await simulate(config, seed, policies, { jobs, onProgress: bar.update })), economics };
  } catch (err) {
    bar.end();
    fail(err instanceof Error ? err.message : String(err));
  }
  bar.end();

  process.stdout.write(terminalReport(result));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'simulation.json'), `${JSON.stringify(jsonReport(result), null, 2)}\n`);
  writeFileSync(join(out, 'simulation.svg'), chartSvg(result));
  writeFileSync(join(out, 'simulation.html'), htmlReport(result));
  process.stdout.write(`\n已写入 ${join(out, 'simulation.json')}、simulation.svg、simulation.html\n`);
}

/** `--seeds 20` (1…20) or `--seeds 3,8,9`. */
function seedList(text: string | undefined, count: number): number[] {
  if (!text) return Array.from({ length: count }, (_, i) => i + 1);
  const seeds = /^\d+$/.test(text) ? Array.from({ length: Number(text) }, (_, i) => i + 1) : text.split(',').map(Number);
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0)) fail(`--seeds 须为个数或逗号分隔的非负整数：${text}`);
  return seeds;
}

async function sweepMain(config: WorldConfig, text: string, seeds: number[], policies: Policy[], economics: Economics, jobsText: string | undefined, out: string): Promise<void> {
  const parsed = parseSweep(text, config);
  if (!parsed.ok) fail(parsed.error);
  const jobs = number('jobs', jobsText, true) ?? defaultJobs(parsed.spec.values.length * seeds.length * policies.length);
  const bar = progressBar();
  let result;
  try {
    result = await runSweep(config, parsed.spec, seeds, policies, { jobs, onProgress: bar.update, economics });
  } catch (err) {
    bar.end();
    fail(err instanceof Error ? err.message : String(err));
  }
  bar.end();
  const text2 = sweepText(result);
  process.stdout.write(text2);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'sweep.json'), `${JSON.stringify({ world: config, economics, ...result, verdicts: verdicts(result) }, null, 2)}\n`);
  writeFileSync(join(out, 'sweep.svg'), sweepSvg(result));
  writeFileSync(join(out, 'sweep.html'), sweepHtml(result));
  process.stdout.write(`\n已写入 ${join(out, 'sweep.json')}、sweep.svg、sweep.html\n`);
}

void main();
