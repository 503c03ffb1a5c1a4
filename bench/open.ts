// bench/open: what signing costs a supplier's system. Signed stock pushes to the partner
// API (POST /api/open/v1/stock, HMAC headers, a fresh requestId and nonce each) beside
// the unsigned report path of the app (POST /api/supplier submitReport with a session
// token), 1 and 100 SKUs per request, plus the health route as a floor; all in the same
// run, over real HTTP, against the same server and store.
//
// The server runs in its own process (buildServer over a fresh SQLite file at the
// default synchronous=FULL, system clock, no timers), so the client's work (JSON,
// signing) does not share its event loop. The world: CLIENTS suppliers at level `api`,
// each with 100 SKUs, a partner key and a supplier person signed in; each client is one
// supplier's system, one request in flight on its own keep-alive connection. The n-th
// request of a client carries the same lines on both paths (SKU n mod 100 for 1 line,
// all 100 for 100 lines; counts between 92 and 108, so no change is a jump and nothing
// is held). Rate limits are raised for the run: they are the front door's policy, not
// the cost measured here. The two paths of a size are measured in alternating slices
// (the store grows as counts are kept; see inTurns).
// Run: npm run bench:open [-- seconds-per-path]   (default 6)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Supplier, User } from '../cloudfunctions/src/domain/model';
import type { Deps } from '../cloudfunctions/src/handlers/action';
import { newKeyId, newSecret, signedHeaders } from '../cloudfunctions/src/open/signature';
import { systemClock } from '../cloudfunctions/src/runtime/clock';
import { newId } from '../cloudfunctions/src/runtime/ids';
import { buildServer } from '../cloudfunctions/src/server/app';
import { DiskFiles } from '../cloudfunctions/src/storage/files';
import { SqliteStore } from '../cloudfunctions/src/storage/sqlite/sqlite-store';
import { sku } from '../test/fixtures/catalogue';
import { freePort } from '../test/support/product-process';

const SECONDS = Math.max(1, Number(process.argv[3] ?? process.argv[2] ?? 6));
const ROOT = resolve(__dirname, '..');
const CLIENTS = 8; // suppliers' systems, one request in flight each
const SKUS = 100; // per supplier
const SLICES = 6; // turns per path (see inTurns)

const skuId = (client: number, i: number): string => `B${client}-${String(i).padStart(3, '0')}`;
/** The n-th count of SKU i: 92…108, each within ±20% of any other and under the jump's 20 units. */
const countOf = (i: number, n: number): number => 100 + ((n * 7 + i * 3) % 17) - 8;

interface Credentials { port: number; clients: Array<{ supplierId: string; inviteCode: string; keyId: string; secret: string }> }

// ---- the server process: `tsx bench/open.ts serve <dataDir> <port>`

async function serve(dir: string, port: number): Promise<void> {
  const store = new SqliteStore({ filename: join(dir, 'huozhun.db') });
  const files = new DiskFiles(join(dir, 'uploads'));
  const deps: Deps = { store, files, notifier: {}, clock: systemClock, newId, runtime: 'selfhosted', demo: false };
  const clients: Credentials['clients'] = [];
  const suppliers: Supplier[] = [];
  const users: User[] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const supplierId = `bench-erp-${c}`;
    suppliers.push({ id: supplierId, name: `压测供应商${c}`, level: 'api', reportTimes: ['08:00', '20:00'], basis: 'available' });
    users.push({ id: `u-bench-${c}`, name: `压测供应商${c}`, role: 'supplier', supplierId, inviteCode: `BENCH-S${c}` });
    const key = { id: newKeyId(), supplierId, secret: newSecret(), createdAt: Date.now(), createdBy: 'bench' };
    clients.push({ supplierId, inviteCode: `BENCH-S${c}`, keyId: key.id, secret: key.secret });
    await store.savePartnerKey(key);
  }
  await store.upsertSuppliers(suppliers);
  await store.upsertSkus(suppliers.flatMap((s, c) => Array.from({ length: SKUS }, (_, i) => sku(skuId(c, i), s.id, { warningLine: 10 }))));
  await store.upsertUsers(users);
  const app = await buildServer({ deps, uploads: files, rateLimits: { anonymousPerMinute: 1e9, perSessionPerMinute: 1e9 } });
  await app.listen({ port, host: '127.0.0.1' });
  process.once('SIGTERM', () => void app.close().then(() => store.close()).then(() => process.exit(0)));
  process.stdout.write(`${JSON.stringify({ port, clients } satisfies Credentials)}\n`);
}

// ---- the measuring process

interface Answer { status: number; ms: number; outcome: string }

function post(agent: Agent, port: number, path: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const started = performance.now();
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, method: path === '/api/health' ? 'GET' : 'POST', path, agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (reply) => {
      let text = '';
      reply.setEncoding('utf8');
      reply.on('data', (d: string) => (text += d));
      reply.on('end', () => {
        const ms = performance.now() - started;
        let outcome = String(reply.statusCode);
        try {
          const parsed = JSON.parse(text) as { ok?: boolean; data?: { status?: string }; error?: { code?: string } };
          outcome = parsed.data?.status ?? parsed.error?.code ?? (parsed.ok ? 'ok' : outcome);
        } catch { /* not JSON: the status says it */ }
        res({ status: reply.statusCode ?? 0, ms, outcome });
      });
    });
    req.on('error', () => res({ status: -1, ms: performance.now() - started, outcome: 'error' }));
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

interface Path { name: string; size: number; one: (client: number, n: number) => Promise<Answer>; good: (a: Answer) => boolean }
interface Phase { rps: number; p50: number; p99: number; n: number; tally: string }

/**
 * The paths of a comparison measured in turns: a 1 s warm-up each, then SLICES slices of
 * SECONDS / SLICES each, in the order A B, B A, A B… The store grows as counts are kept, so
 * a path measured wholly after another would meet a larger store: in turns, both meet
 * the same. The n of a client on a path runs on across its slices.
 */
async function inTurns(paths: Path[]): Promise<Phase[]> {
  const next = paths.map(() => Array.from({ length: CLIENTS }, () => 0));
  const answers = paths.map((): Answer[] => []);
  const elapsed = paths.map(() => 0);
  const run = async (p: number, ms: number, keep: boolean): Promise<void> => {
    const started = performance.now();
    const until = started + ms;
    await Promise.all(next[p]!.map(async (_, c) => {
      while (performance.now() < until) {
        const a = await paths[p]!.one(c, next[p]![c]!++);
        if (keep) answers[p]!.push(a);
      }
    }));
    if (keep) elapsed[p]! += performance.now() - started;
  };
  for (let p = 0; p < paths.length; p++) await run(p, 1000, false);
  for (let slice = 0; slice < SLICES; slice++) {
    const order = paths.map((_, p) => p);
    if (slice % 2 === 1) order.reverse();
    for (const p of order) await run(p, (SECONDS * 1000) / SLICES, true);
  }
  return paths.map((path, p) => {
    const ok = answers[p]!.filter(path.good);
    const ms = ok.map((a) => a.ms).sort((a, b) => a - b);
    const by = new Map<string, number>();
    for (const a of answers[p]!) by.set(a.outcome, (by.get(a.outcome) ?? 0) + 1);
    return { rps: ok.length / (elapsed[p]! / 1000), p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), n: answers[p]!.length, tally: [...by].map(([k, v]) => `${k}×${v}`).join(' ') };
  });
}

function startServer(dir: string, port: number): Promise<{ child: ChildProcess; credentials: Credentials }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), __filename, 'serve', dir, String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((res, rej) => {
    child.stdout!.on('data', (d) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n')) res({ child, credentials: JSON.parse(line) as Credentials });
    });
    child.once('exit', (code) => rej(new Error(`the server process ended (${code}) before it listened`)));
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hz-open-'));
  const { child, credentials } = await startServer(dir, await freePort());
  const { port, clients } = credentials;
  const agents = clients.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  try {
    const tokens: string[] = [];
    for (const [c, client] of clients.entries()) {
      const a = await new Promise<string>((res, rej) => {
        const body = JSON.stringify({ action: 'signIn', payload: { inviteCode: client.inviteCode } });
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/account', agent: agents[c], headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (reply) => {
          let text = '';
          reply.on('data', (d) => (text += String(d)));
          reply.on('end', () => {
            const parsed = JSON.parse(text) as { ok: boolean; data?: { token: string }; error?: { message: string } };
            if (parsed.ok && parsed.data) res(parsed.data.token);
            else rej(new Error(`sign-in refused: ${parsed.error?.message ?? text}`));
          });
        });
        req.on('error', rej);
        req.end(body);
      });
      tokens.push(a);
    }

    const lines = (c: number, n: number, size: number) => (size === 1 ? [n % SKUS] : Array.from({ length: SKUS }, (_, i) => i))
      .map((i) => ({ skuId: skuId(c, i), onHand: countOf(i, n) }));
    const unsigned = (size: number) => (c: number, n: number) =>
      post(agents[c]!, port, '/api/supplier', JSON.stringify({ action: 'submitReport', payload: { lines: lines(c, n, size) } }),
        { 'content-type': 'application/json', authorization: `Bearer ${tokens[c]}` });
    const signed = (size: number) => (c: number, n: number) => {
      const body = JSON.stringify({ requestId: `bench-${size}-${n}`, mode: 'snapshot', items: lines(c, n, size).map((l) => ({ code: l.skuId, quantity: l.onHand })) });
      return post(agents[c]!, port, '/api/open/v1/stock', body, signedHeaders(clients[c]!.keyId, clients[c]!.secret, body, Date.now()));
    };
    const health = (c: number) => post(agents[c]!, port, '/api/health', '', {});
    const applied = (a: Answer) => a.status === 200 && a.outcome === 'applied';

    // The first count of every SKU (no earlier count, so no jump), not measured.
    for (let c = 0; c < CLIENTS; c++) {
      const first = await unsigned(SKUS)(c, 0);
      if (!applied(first)) throw new Error(`the first count was not applied: ${first.status} ${first.outcome}`);
    }

    console.log(`bench/open: self-hosted server in its own process on 127.0.0.1:${port} (SQLite synchronous=FULL); ${CLIENTS} suppliers' systems, 1 request in flight each on keep-alive; ${SKUS} SKUs per supplier; ${SECONDS} s per path in ${SLICES} alternating slices after 1 s warm-up`);
    const pair = (size: number, noun: string): Path[] => [
      { name: `unsigned report, ${size} ${noun === 'item' ? 'line' : 'lines'}`, size, one: unsigned(size), good: applied },
      { name: `signed push, ${size} ${noun}`, size, one: signed(size), good: applied },
    ];
    const floor: Path = { name: 'health route (floor)', size: 0, one: (c) => health(c), good: (a) => a.status === 200 };
    const [healthRow] = await inTurns([floor]);
    const one = await inTurns(pair(1, 'item'));
    const hundred = await inTurns(pair(SKUS, 'items'));

    console.log('\npath                       | req/s | SKU counts/s | p50 ms | p99 ms | signed/unsigned | answers');
    const row = (path: Path, r: Phase, against?: Phase) => console.log(`${path.name.padEnd(26)} | ${r.rps.toFixed(0).padStart(5)} | ${(path.size ? (r.rps * path.size).toFixed(0) : '').padStart(12)} | ${r.p50.toFixed(1).padStart(6)} | ${r.p99.toFixed(1).padStart(6)} | ${(against ? `${(r.rps / against.rps).toFixed(2)}×` : '').padStart(15)} | ${r.tally}`);
    row(floor, healthRow!);
    for (const [paths, results] of [[pair(1, 'item'), one], [pair(SKUS, 'items'), hundred]] as const) {
      row(paths[0]!, results[0]!);
      row(paths[1]!, results[1]!, results[0]!);
    }
  } finally {
    for (const a of agents) a.destroy();
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') {
  serve(process.argv[3]!, Number(process.argv[4])).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
