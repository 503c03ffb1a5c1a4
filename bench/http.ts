// bench/http: the self-hosted server (cloudfunctions/src/server/main.ts, in its own
// process, as `npm run serve` runs it) on a temporary data directory, under a bounded
// load from autocannon: 200 connections for 15 s each against the health route,
// leader.availability and leader.placeOrder of one unit of one hot SKU, while one more
// connection probes the health route during the order load. 1,000 leaders, each
// signed in (their sessions written before the start), take turns so no one session
// meets the per-session rate limit. The load generator (autocannon) runs in a process of
// its own (bench/http-load.ts), so it shares neither the server's event loop nor the
// health probe's; it still shares the machine's cores.
// Run: npm run bench:http [-- seconds connections]
// HZ_BENCH_ONLY=placeOrder runs only the order load (with the probe), e.g. to profile the
// server: HZ_BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { InventoryRecord, User } from '../cloudfunctions/src/domain/model';
import { hashToken } from '../cloudfunctions/src/handlers/sessions';
import { DEMO_SKUS, DEMO_SUPPLIERS } from '../cloudfunctions/src/server/demo-data';
import { SqliteStore } from '../cloudfunctions/src/storage/sqlite/sqlite-store';
import { freePort, startServerProcess } from '../test/support/product-process';
import type { LoadOrder } from './http-load';

const SECONDS = Number(process.argv[2] ?? 15);
const CONNECTIONS = Number(process.argv[3] ?? 200);
/** A request unanswered this long counts as a timeout, not a latency: long enough that stalls are measured. */
const TIMEOUT_S = 60;
const LEADERS = 1_000;
const HOT = DEMO_SKUS[0]!.id;

// autocannon ships no types: the part of its programmatic API used here.
interface Histogram { p50: number; p99: number; average: number }
interface CannonResult {
  requests: Histogram & { total: number }; latency: Histogram; non2xx: number; errors: number; timeouts: number; '2xx': number;
  statusCodeStats?: Record<string, { count: number }>;
}
interface CannonRequest {
  method: 'GET' | 'POST'; path: string; setupRequest?: (req: Record<string, unknown>) => Record<string, unknown>;
  onResponse?: (status: number, body: string) => void;
}

/** One autocannon run in its own process (bench/http-load.ts). */
function runLoad(order: LoadOrder): Promise<{ result: CannonResult; refusals: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'http-load.ts'), JSON.stringify(order)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`the load process ended with ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(line) as { result: CannonResult; refusals: Record<string, number> });
    });
  });
}

/** `uptime`'s line: the machine's load, printed with every figure. */
const uptime = (): string => {
  try { return execFileSync('uptime', { encoding: 'utf8' }).trim(); } catch { return `load average: ${loadavg().map((x) => x.toFixed(2)).join(', ')}`; }
};

/** A catalogue of 30 SKUs with plenty in stock, 1,000 leaders with a session each: written before the server starts. */
async function seed(dataDir: string): Promise<string[]> {
  const store = new SqliteStore({ filename: join(dataDir, 'huozhun.db') });
  await store.upsertSuppliers(DEMO_SUPPLIERS);
  await store.upsertSkus(DEMO_SKUS);
  const now = Date.now();
  const put = store.db.prepare('INSERT INTO inventory (sku_id, sellable, committed, version, doc) VALUES (?, ?, 0, 1, ?)');
  for (const sku of DEMO_SKUS) {
    const units = 10_000_000;
    const record: InventoryRecord = {
      skuId: sku.id, supplierId: sku.supplierId, onHand: units, reportId: 'rep-bench', reportedAt: now, reportSource: 'form', basis: 'physical',
      avgDailySales: 0, elsewherePerHour: 0, projectedOnHand: units, tier: sku.id === HOT ? 'hot' : 'normal', stale: false,
      buffer: 0, bufferRule: 'none', staleExtra: 0, committed: 0, sellable: units, computedAt: now, version: 1,
    };
    put.run(sku.id, units, JSON.stringify(record));
  }
  const leaders: User[] = Array.from({ length: LEADERS }, (_, i) => ({
    id: `u-bench-${i}`, name: `团长${i}`, role: 'leader', community: `小区${i}`, inviteCode: `BENCH-${i}`, inviteIssuedAt: now, inviteUsedAt: now,
  }));
  await store.upsertUsers(leaders);
  const tokens = leaders.map(() => randomBytes(24).toString('hex'));
  for (const [i, token] of tokens.entries()) await store.createSession({ tokenHash: hashToken(token), userId: leaders[i]!.id, createdAt: now, lastUsedAt: now });
  await store.close();
  return tokens;
}

async function startServer(dataDir: string, port: number): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const nodeArgs = (process.env.HZ_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = await startServerProcess(dataDir, port, 60_000, nodeArgs);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

/**
 * The health probe during the order load: one request at a time on one kept-alive
 * connection (opened before the load, as a monitor's is) for as long as the load runs,
 * each timed. A connection first opened during the load's burst waits far longer: the
 * autocannon probes tried first (in this process or their own) had none of their
 * requests answered before the 15 s ended, and a fetch on a new connection waited 10–17 s.
 */
async function probeHealth(url: string, ms: number): Promise<CannonResult> {
  const latencies: number[] = [];
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/health`);
    await res.text();
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  const average = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    requests: { total: latencies.length, average: latencies.length / (ms / 1000), p50: 0, p99: 0 }, latency: { p50: at(0.5), p99: at(0.99), average },
    non2xx: 0, errors: 0, timeouts: 0, '2xx': latencies.length,
  };
}

async function main(): Promise<void> {
  const loadAtStart = uptime();
  const dataDir = mkdtempSync(join(tmpdir(), 'hz-bench-http-'));
  const tokens = await seed(dataDir);
  const tokensFile = join(dataDir, 'tokens.txt');
  writeFileSync(tokensFile, tokens.join('\n'));
  const port = await freePort();
  const server = await startServer(dataDir, port);
  const url = `http://127.0.0.1:${port}`;
  const only = process.env.HZ_BENCH_ONLY;
  const none: CannonResult = { requests: { total: 0, average: 0, p50: 0, p99: 0 }, latency: { p50: 0, p99: 0, average: 0 }, non2xx: 0, errors: 0, timeouts: 0, '2xx': 0 };
  const run = async (route: LoadOrder['route']) => (only && only !== route ? { result: none, refusals: {} }
    : runLoad({ url, connections: CONNECTIONS, seconds: SECONDS, timeoutS: TIMEOUT_S, route, tokensFile, hotSkuId: HOT }));
  try {
    const health = (await run('health')).result;
    const availability = (await run('availability')).result;
    // The probe's connection is opened before the order load, as a monitor's would be.
    await (await fetch(`${url}/api/health`)).text();
    const loadBeforeOrders = uptime();
    const [{ result: orders, refusals: refused }, probe] = await Promise.all([run('placeOrder'), probeHealth(url, SECONDS * 1000)]);
    const loadAfterOrders = uptime();
    const refusals = new Map(Object.entries(refused));
    await server.stop();
    // What the database says the order load did: every answered order is there, once.
    const store = new SqliteStore({ filename: join(dataDir, 'huozhun.db') });
    const placed = (store.db.prepare("SELECT COUNT(*) AS n FROM orders WHERE status = 'placed'").get() as { n: number }).n;
    const [hot] = await store.listInventory([HOT]);
    await store.close();

    console.log(`bench/http: ${CONNECTIONS} connections × ${SECONDS} s per route, server = cloudfunctions/src/server/main.ts in its own process, load generator (autocannon) in another, SQLite WAL synchronous=FULL in ${tmpdir()}`);
    console.log(`${cpus().length} cores, shared (the figures are noisy); uptime at start: ${loadAtStart}`);
    console.log(`  before the order load: ${loadBeforeOrders}`);
    console.log(`  after the order load:  ${loadAfterOrders}`);
    console.log('route | req/s | p50 ms | p99 ms | share of health req/s');
    const row = (name: string, r: CannonResult) =>
      console.log(`${name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${(r.requests.average / health.requests.average).toFixed(2)}`);
    row('health route (baseline)', health);
    row('leader.availability', availability);
    row('leader.placeOrder, one hot SKU', orders);
    console.log(`health p99 during placeOrder load: ${probe.latency.p99} ms`);
    console.log(`  (the probe: one request at a time on a connection opened before the load, ${probe.requests.total} answered, p50 ${probe.latency.p50} ms)`);
    for (const [name, r] of [['health', health], ['availability', availability], ['placeOrder', orders], ['health probe', probe]] as const) {
      const codes = Object.entries(r.statusCodeStats ?? {}).map(([code, { count }]) => `${code}×${count}`).join(' ');
      if (r.non2xx + r.errors + r.timeouts > 0) console.log(`  ${name}: ${r.non2xx} non-2xx (${codes}), ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests.total}`);
    }
    if (refusals.size > 0) console.log(`  placeOrder refusals: ${[...refusals].map(([code, n]) => `${code}×${n}`).join(', ')}`);
    console.log(`placeOrder: ${orders['2xx']} answered 2xx, ${placed} orders placed in the database, ${HOT} committed ${hot!.committed}`);
  } finally {
    if (server.child.exitCode === null) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
