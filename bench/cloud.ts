// bench/cloud: the operations that decide whether the product fits WeChat's cloud,
// through the real handlers, the cloud adapter and the real wx-server-sdk against the
// local endpoint with 20 ms added to every database call (the cloud answers a
// function's call in roughly 10–20 ms), each call under the deadline its function
// plans by (half its configured timeout). The goal for every row: its seconds at
// 20 ms per call at most half the function's timeout. Beside it, the same operations on
// the SQLite adapter (self-hosted) in the same run, as the baseline.
// Seconds include the endpoint's own work (it scans, it has no indexes): an upper bound.
// Run: npm run bench:cloud
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cloud from 'wx-server-sdk';
import type { Deps } from '../cloudfunctions/src/handlers/action';
import { type FunctionName, dispatch } from '../cloudfunctions/src/handlers/registry';
import { hashToken } from '../cloudfunctions/src/handlers/sessions';
import { DEPLOYED_FUNCTIONS } from '../cloudfunctions/functions';
import { closeDueWaves } from '../cloudfunctions/src/jobs/waves';
import { callDeadline, withDeadline } from '../cloudfunctions/src/runtime/budget';
import { ManualClock } from '../cloudfunctions/src/runtime/clock';
import { newId } from '../cloudfunctions/src/runtime/ids';
import { type CloudDatabase, CloudStore } from '../cloudfunctions/src/storage/cloud/cloud-store';
import { DiskFiles } from '../cloudfunctions/src/storage/files';
import type { StockStore } from '../cloudfunctions/src/storage/port';
import { SqliteStore } from '../cloudfunctions/src/storage/sqlite/sqlite-store';
import { type CloudEndpoint, pointSdkAt, startCloudEndpoint } from '../test/cloud-endpoint';
import { BULK, bulkQty, bulkSkus, suppliers as importSuppliers } from '../test/fixtures/import/catalogue';
import { CUTOFF, DAY, MORNING, type Plan, WEEK_MS, catalogue, countedRecord, leaderId, loadCloud, loadSqlite, ordersOf, skuIdOf } from './cloud-world';

const LATENCY_MS = 20;
const timeoutOf = (fn: FunctionName | 'scheduler'): number => DEPLOYED_FUNCTIONS.find((f) => f.name === fn)!.timeoutSeconds;

interface Adapter {
  kind: 'cloud' | 'sqlite';
  store: StockStore;
  deps: Deps;
  files: DiskFiles;
  clock: ManualClock;
  /** Database calls so far (the cloud endpoint counts them; SQLite has none to count). */
  calls(): number;
  slow(on: boolean): void;
  close(): Promise<void>;
}

interface Row {
  name: string;
  fn: FunctionName | 'scheduler';
  at: number;
  plan(): Plan;
  /** Brings the loaded world to the moment before the operation (not measured). */
  prepare?(a: Adapter): Promise<void>;
  /** The operation: one or more function calls. */
  run(a: Adapter, call: Caller): Promise<void>;
}

type Caller = (fn: FunctionName, action: string, payload: unknown, userId: string) => Promise<unknown>;

interface Measured { calls: number; seconds: number; functionCalls: number; maxCallSeconds: number }

let endpoint: CloudEndpoint;

async function cloudAdapter(): Promise<Adapter> {
  endpoint.reset();
  const clock = new ManualClock(MORNING);
  const store = new CloudStore(cloud.database() as unknown as CloudDatabase, { now: () => clock.now() });
  const files = new DiskFiles(mkdtempSync(join(tmpdir(), 'hz-bench-cloud-')));
  return {
    kind: 'cloud', store, files, clock, deps: { store, files, notifier: {}, clock, newId, runtime: 'wechat', demo: false },
    calls: () => endpoint.callLog.length,
    slow: (on) => endpoint.latency(on ? LATENCY_MS : 0),
    close: async () => undefined,
  };
}

async function sqliteAdapter(): Promise<Adapter> {
  const dir = mkdtempSync(join(tmpdir(), 'hz-bench-sqlite-'));
  const clock = new ManualClock(MORNING);
  const store = new SqliteStore({ filename: join(dir, 'huozhun.db') });
  const files = new DiskFiles(join(dir, 'uploads'));
  return {
    kind: 'sqlite', store, files, clock, deps: { store, files, notifier: {}, clock, newId, runtime: 'selfhosted', demo: false },
    calls: () => 0,
    slow: () => undefined,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- the rows

const bigCatalogue = () => catalogue([300, ...Array.from({ length: 19 }, () => 142)], 200); // 3,000 SKUs, 20 suppliers
const counted = (p: Pick<Plan, 'skus'>) => p.skus.map((k) => countedRecord(k, 5_000));

const ROWS: Row[] = [
  {
    name: 'placeOrder, 20 lines', fn: 'leader', at: MORNING + 3_600_000,
    plan: () => ({ ...bigCatalogue(), records: counted(bigCatalogue()), orders: [] }),
    run: async (_a, call) => {
      await call('leader', 'placeOrder', { idempotencyKey: 'bench-twenty', lines: Array.from({ length: 20 }, (_, i) => ({ skuId: skuIdOf(1 + (i % 2), i), qty: 2 })) }, leaderId(0));
    },
  },
  {
    name: 'placeOrder, 200 lines (a pasted 接龙)', fn: 'leader', at: MORNING + 3_600_000,
    plan: () => ({ ...bigCatalogue(), records: counted(bigCatalogue()), orders: [] }),
    run: async (_a, call) => {
      const lines = Array.from({ length: 200 }, (_, i) => ({ skuId: skuIdOf(1 + (i % 4), i % 50), qty: 1 + (i % 3), customer: `${i + 1}. 邻居${i + 1}` }));
      await call('leader', 'placeOrder', { idempotencyKey: 'bench-jielong', lines }, leaderId(0));
    },
  },
  {
    name: 'a supplier\'s 300-line report', fn: 'supplier', at: CUTOFF - 2 * 3_600_000,
    plan: () => {
      const c = bigCatalogue();
      const own = c.skus.filter((k) => k.supplierId === 'S00');
      // Today's 3,000 open lines on its SKUs, and a week of 20,000 shipped before (the velocity window).
      const week = ordersOf(own, 200, 20_000, 20, MORNING - WEEK_MS + 3_600_000, 'shipped', 'w').map((o) => ({ ...o, lines: o.lines.map((l) => ({ ...l, shippedAt: l.placedAt + 86_400_000 })) }));
      return { ...c, records: counted(c), orders: [...week, ...ordersOf(own, 200, 3_000, 10, MORNING + 60_000)] };
    },
    run: async (_a, call) => {
      // A call stops while its time still allows (report-apply.ts): the page then asks again, as it does for an import.
      type Intake = { data: { status: string; reportId?: string } };
      let intake = (await call('supplier', 'submitReport', { lines: Array.from({ length: 300 }, (_, i) => ({ skuId: skuIdOf(0, i), onHand: 4_900 })) }, 'U-S00') as Intake).data;
      while (intake.status === 'applying') intake = (await call('supplier', 'continueReport', { reportId: intake.reportId }, 'U-S00') as Intake).data;
      if (intake.status !== 'applied') throw new Error(`report ended ${intake.status}`);
    },
  },
  {
    name: 'a 10,000-line import', fn: 'operator', at: MORNING + 3_600_000,
    plan: () => {
      const c = catalogue([1], 1);
      const bulk = bulkSkus();
      return {
        suppliers: [...c.suppliers, ...importSuppliers], skus: bulk, users: c.users,
        records: bulk.map((k, i) => countedRecord(k, bulkQty(i + 1) + 1)), orders: [],
      };
    },
    run: async (a, call) => {
      const fileId = a.files.save(readFileSync(join(__dirname, '../test/fixtures/import/ten-thousand.csv')));
      let answer = await call('operator', 'importStock', { supplierId: BULK, fileId, fileName: 'ten-thousand.csv' }, 'U-OP') as { ok: boolean; data: { intake: { status: string; reportId?: string } } };
      let intake = answer.data.intake;
      while (intake.status === 'applying') {
        const next = await call('operator', 'continueReport', { reportId: intake.reportId }, 'U-OP') as { ok: boolean; data: { status: string; reportId?: string } };
        intake = next.data;
      }
      if (intake.status !== 'applied') throw new Error(`import ended ${JSON.stringify(answer).slice(0, 200)}`);
    },
  },
  {
    name: 'the cutoff job over 100,000 lines', fn: 'scheduler', at: CUTOFF + 5 * 60_000,
    plan: () => {
      const c = bigCatalogue();
      return { ...c, records: counted(c), orders: ordersOf(c.skus, 200, 100_000, 20, MORNING + 60_000) };
    },
    run: async (a) => {
      const closed = await closeDueWaves(a.deps);
      if (closed.waves.length !== 20 || closed.forwarded !== 100_000) throw new Error(`closed ${closed.waves.length} waves, ${closed.forwarded} lines`);
    },
  },
  {
    name: 'confirmWave of a 2,000-line wave', fn: 'supplier', at: CUTOFF + 10 * 60_000,
    plan: () => {
      const c = bigCatalogue();
      const own = c.skus.filter((k) => k.supplierId === 'S00').slice(0, 100);
      return { ...c, records: counted(c), orders: ordersOf(own, 200, 2_000, 10, MORNING + 60_000) };
    },
    prepare: async (a) => {
      await closeDueWaves(a.deps);
    },
    run: async (_a, call) => {
      const wave = await call('supplier', 'wave', { waveId: `S00_${DAY}` }, 'U-S00') as { data: { rows: Array<{ skuId: string; total: number }> } };
      // Ten SKUs a few units short: shortages, short lines and their tasks.
      const skus = wave.data.rows.map((r, i) => ({ skuId: r.skuId, shipQty: i < 10 ? r.total - 3 : r.total }));
      const confirmed = await call('supplier', 'confirmWave', { waveId: `S00_${DAY}`, skus }, 'U-S00') as { ok: boolean };
      if (!confirmed.ok) throw new Error(`confirmWave: ${JSON.stringify(confirmed)}`);
    },
  },
  {
    name: 'availability of 3,000 SKUs', fn: 'leader', at: MORNING + 3_600_000,
    plan: () => ({ ...bigCatalogue(), records: counted(bigCatalogue()), orders: [] }),
    run: async (_a, call) => {
      await call('leader', 'availability', {}, leaderId(0));
    },
  },
];

// ---- measuring

async function measure(make: () => Promise<Adapter>, row: Row): Promise<Measured> {
  const a = await make();
  try {
    const plan = row.plan();
    if (a.kind === 'cloud') await loadCloud(a.store, cloud.database() as unknown as CloudDatabase, plan);
    else await loadSqlite(a.store as SqliteStore, plan);
    for (const u of plan.users.filter((x) => x.role !== 'leader' || x.id === leaderId(0))) {
      await a.store.createSession({ tokenHash: hashToken(`tok-${u.id}`), userId: u.id, createdAt: row.at, lastUsedAt: row.at });
    }
    a.clock.set(row.at);
    await row.prepare?.(a);
    const timeoutMs = timeoutOf(row.fn) * 1000;
    let functionCalls = 0;
    let maxCallSeconds = 0;
    // Each function call runs under its own deadline, as wechatMain gives it.
    const call: Caller = async (fn, action, payload, userId) => {
      functionCalls++;
      const t = performance.now();
      const reply = await withDeadline(callDeadline(timeoutMs), () => dispatch(fn, { action, payload }, { kind: 'session', token: `tok-${userId}` }, a.deps));
      maxCallSeconds = Math.max(maxCallSeconds, (performance.now() - t) / 1000);
      if (!reply.ok) throw new Error(`${fn}.${action}: ${reply.error.message}`);
      return reply;
    };
    a.slow(true);
    const calls0 = a.calls();
    const t0 = performance.now();
    if (row.fn === 'scheduler') await withDeadline(callDeadline(timeoutMs), () => row.run(a, call));
    else await row.run(a, call);
    const seconds = (performance.now() - t0) / 1000;
    a.slow(false);
    if (row.fn === 'scheduler') {
      functionCalls = 1;
      maxCallSeconds = seconds;
    }
    return { calls: a.calls() - calls0, seconds, functionCalls, maxCallSeconds };
  } finally {
    await a.close();
  }
}

const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));

async function main(): Promise<void> {
  endpoint = await startCloudEndpoint();
  const restore = pointSdkAt(endpoint.url);
  cloud.init({ env: 'huozhun-local', keepalive: false } as Parameters<typeof cloud.init>[0]);
  const results: Array<{ row: Row; cloud: Measured; sqlite: Measured }> = [];
  // `npm run bench:cloud -- cutoff` runs only the rows whose name contains "cutoff".
  const only = process.argv[2];
  for (const row of ROWS.filter((r) => !only || r.name.includes(only))) {
    const t = performance.now();
    const onCloud = await measure(cloudAdapter, row);
    const onSqlite = await measure(sqliteAdapter, row);
    results.push({ row, cloud: onCloud, sqlite: onSqlite });
    process.stderr.write(`${row.name}: ${onCloud.seconds.toFixed(1)} s measured, ${((performance.now() - t) / 1000).toFixed(0)} s with setup\n`);
  }
  await endpoint.close();
  restore();

  console.log(`\nOn the cloud adapter, ${LATENCY_MS} ms added to every database call (per function call where an operation takes several):\n`);
  console.log(`${pad('operation', 58)} | db calls | seconds at ${LATENCY_MS} ms per call | function timeout s`);
  console.log(`${'-'.repeat(58)}-|----------|---------------------------|-------------------`);
  for (const { row, cloud: c } of results) {
    const perCall = c.functionCalls > 1 ? ` (${c.functionCalls} calls, each at most)` : '';
    const calls = c.functionCalls > 1 ? Math.round(c.calls / c.functionCalls) : c.calls;
    console.log(`${pad(row.name + perCall, 58)} | ${String(calls).padStart(8)} | ${c.maxCallSeconds.toFixed(2).padStart(25)} | ${String(timeoutOf(row.fn)).padStart(17)}`);
  }
  console.log('\nBaseline, the same operations on the SQLite adapter (self-hosted, same run):\n');
  console.log(`${pad('operation', 58)} | seconds | cloud ÷ SQLite`);
  for (const { row, cloud: c, sqlite: s } of results) {
    console.log(`${pad(row.name, 58)} | ${s.seconds.toFixed(3).padStart(7)} | ${(c.seconds / Math.max(s.seconds, 0.001)).toFixed(0).padStart(6)}×`);
  }
  const missed = results.filter(({ row, cloud: c }) => c.maxCallSeconds > timeoutOf(row.fn) / 2);
  console.log(`\nGoal (each call at most half its function's timeout): ${missed.length === 0 ? 'met on every row' : `missed on ${missed.map((m) => m.row.name).join(', ')}`}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
