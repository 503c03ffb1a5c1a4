// bench/bundles: each deployed cloud function's bundle size and cold load time (a
// fresh Node process requiring its index.js, as a cold instance does before the first
// call), beside a same-run baseline: a fresh process requiring wx-server-sdk alone,
// the floor every function pays. Rounds are interleaved (each round loads every target
// once) so a noisy neighbour slows all of them alike; the median and the fastest run
// are printed. Run: npm run bench:bundles [-- rounds]   (default 15)
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildFunctions } from '../cloudfunctions/build';

const ROUNDS = Math.max(1, Number(process.argv[2] ?? 15));
const OUT = resolve(__dirname, '../.tmp/bench-functions');
const ROOT = resolve(__dirname, '..');

/** Milliseconds a fresh `node` spends in require(target). */
function coldRequireMs(target: string): number {
  const script = `const t = performance.now(); require(${JSON.stringify(target)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT }).toString());
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const built = await buildFunctions(OUT);
  const targets = [{ name: 'wx-server-sdk', file: require.resolve('wx-server-sdk') }, ...built.map((f) => ({ name: f.name, file: join(OUT, f.name, 'index.js') }))];
  const times = new Map(targets.map((t) => [t.name, [] as number[]]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of targets) times.get(t.name)!.push(coldRequireMs(t.file));
  }
  const sdk = times.get('wx-server-sdk')!;
  console.log(`bench/bundles: ${built.length} functions built into ${OUT}; cold require in fresh processes, ${ROUNDS} interleaved rounds`);
  console.log(`baseline: require('wx-server-sdk') alone — median ${median(sdk).toFixed(1)} ms, fastest ${Math.min(...sdk).toFixed(1)} ms\n`);
  console.log('function   | index.js KB | median ms | vs SDK | fastest ms | vs SDK');
  for (const t of targets.slice(1)) {
    const ms = times.get(t.name)!;
    const kb = statSync(t.file).size / 1024;
    console.log(`${t.name.padEnd(10)} | ${kb.toFixed(1).padStart(11)} | ${median(ms).toFixed(1).padStart(9)} | ${(median(ms) / median(sdk)).toFixed(2)}× | ${Math.min(...ms).toFixed(1).padStart(10)} | ${(Math.min(...ms) / Math.min(...sdk)).toFixed(2)}×`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
