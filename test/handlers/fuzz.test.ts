// Every action, called by anyone with inputs shaped like the real ones but wrong here and
// there, on a real SQLite store, with the clock and the scheduler moving in between:
// never a crash (INTERNAL is what the server answers with 500), never a call that hangs,
// and the store's books always balance after (no partial write survives).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Result } from '../../cloudfunctions/src/domain/errors';
import type { LedgerEntry } from '../../cloudfunctions/src/domain/model';
import { committedUnits } from '../../cloudfunctions/src/domain/sellable';
import type { Deps, Identity } from '../../cloudfunctions/src/handlers/action';
import { FUNCTIONS, dispatch } from '../../cloudfunctions/src/handlers/registry';
import { hashToken } from '../../cloudfunctions/src/handlers/sessions';
import { JOBS, runJobs } from '../../cloudfunctions/src/jobs/schedule';
import { ManualClock } from '../../cloudfunctions/src/runtime/clock';
import { newId } from '../../cloudfunctions/src/runtime/ids';
import { DiskFiles } from '../../cloudfunctions/src/storage/files';
import { SqliteStore } from '../../cloudfunctions/src/storage/sqlite/sqlite-store';
import { CUTOFF0, DAY0, T0, skus, suppliers, users } from '../fixtures/catalogue';
import { type ValuePools, arbitraryOf } from '../support/zod-schemas';

/** Far beyond any real call on this store; only a hang or a runaway loop gets near it. */
const CALL_BOUND_MS = 5_000;
const MARKERS = ['$line', '$task', '$held', '$report', '$alert', '$wave'] as const;
const POOLS: ValuePools = {
  strings: [
    ...skus.map((s) => s.id), ...suppliers.map((s) => s.id), ...users.map((u) => u.id), 'NOPE', '22:00', '08:00', '25:99', 'xlsx', 'csv',
    ...MARKERS.flatMap((m) => [0, 1, 2].map((i) => `${m}:${i}`)), '1. 张三 赣南脐橙2份\n2. 李四 土鸡蛋1', '运营小王',
  ],
  byField: {
    skuId: skus.map((s) => s.id), supplierId: suppliers.map((s) => s.id), userId: users.map((u) => u.id),
    ...Object.fromEntries(([['waveId', '$wave'], ['lineId', '$line'], ['taskId', '$task'], ['heldId', '$held'], ['reportId', '$report'], ['ids', '$alert']] as const)
      .map(([field, marker]) => [field, [0, 1, 2].map((i) => `${marker}:${i}`)])),
    text: ['1. 张三 赣南脐橙2份\n2. 李四 土鸡蛋1', '接龙\n1. 王五 砂糖橘 3'],
  },
};

interface World { dir: string; store: SqliteStore; deps: Deps; clock: ManualClock }

async function world(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'hz-fuzz-'));
  const store = new SqliteStore({ filename: join(dir, 'huozhun.db') });
  const clock = new ManualClock(T0);
  const deps: Deps = { store, files: new DiskFiles(join(dir, 'uploads')), notifier: {}, clock, newId, runtime: 'selfhosted', demo: false };
  await store.upsertSuppliers(suppliers);
  await store.upsertSkus(skus);
  await store.upsertUsers(users);
  await givePeopleBack(store, clock.now());
  const fruit: Identity = { kind: 'session', token: 'tok-u-sup-fruit' };
  const eggs: Identity = { kind: 'session', token: 'tok-u-sup-eggs' };
  await dispatch('supplier', { action: 'submitReport', payload: { lines: [{ skuId: 'A001', onHand: 40 }, { skuId: 'A002', onHand: 15 }] } }, fruit, deps);
  await dispatch('supplier', { action: 'submitReport', payload: { lines: [{ skuId: 'B001', onHand: 30 }] } }, eggs, deps);
  // A day under way, so every kind of id exists from the first step: yesterday's waves
  // (the fruit one waiting for its answer, the eggs one answered short, with tasks),
  // today's open lines, and a held report.
  const leader = (n: number): Identity => ({ kind: 'session', token: `tok-u-leader-${n}` });
  const place = (n: number, key: string, lines: Array<[string, number]>) =>
    dispatch('leader', { action: 'placeOrder', payload: { idempotencyKey: key, lines: lines.map(([skuId, qty]) => ({ skuId, qty })) } }, leader(n), deps);
  await place(1, 'fuzz-seed-1', [['A001', 3], ['B001', 4]]);
  await place(2, 'fuzz-seed-2', [['B001', 5], ['A002', 2]]);
  clock.set(CUTOFF0 + 5 * 60_000);
  await runJobs(deps, JOBS);
  await dispatch('supplier', { action: 'confirmWave', payload: { waveId: `sup-eggs_${DAY0}`, skus: [{ skuId: 'B001', shipQty: 6 }] } }, eggs, deps);
  await place(1, 'fuzz-seed-3', [['A001', 1]]);
  await dispatch('supplier', { action: 'submitReport', payload: { lines: [{ skuId: 'A002', onHand: 900 }] } }, fruit, deps);
  return { dir, store, deps, clock };
}

/** Signing out or disabling people is fair game for the fuzz, but the next call should still have someone to be. */
async function givePeopleBack(store: SqliteStore, now: number): Promise<void> {
  const current = new Map((await store.listUsers()).map((u) => [u.id, u]));
  await store.upsertUsers(users.filter((u) => current.get(u.id)?.disabled).map((u) => ({ ...current.get(u.id)!, disabled: false })));
  for (const u of users) {
    const tokenHash = hashToken(`tok-${u.id}`);
    if (!(await store.findSession(tokenHash))) await store.createSession({ tokenHash, userId: u.id, createdAt: now, lastUsedAt: now });
  }
}

/** Live ids the markers stand for, read when the call is made. */
async function liveIds(store: SqliteStore): Promise<Record<(typeof MARKERS)[number], string[]>> {
  const lines = await store.listOrderLines({ skuIds: skus.map((s) => s.id) });
  const reports = (await Promise.all(suppliers.map((s) => store.listReports(s.id, 5)))).flat();
  const alerts = (await Promise.all(users.map((u) => store.listAlerts(u.id, 5)))).flat();
  return {
    $line: lines.map((l) => l.id), $task: (await store.listTasks({})).map((t) => t.id), $held: (await store.listHeldReports({})).map((h) => h.id),
    $report: reports.map((r) => r.id), $alert: alerts.map((a) => a.id), $wave: (await store.listWaves({})).map((w) => w.id),
  };
}

function resolve(value: unknown, ids: Record<string, string[]>): unknown {
  if (typeof value === 'string' && value.startsWith('$')) {
    const [marker, index] = value.split(':');
    const pool = ids[marker!];
    if (pool) return pool.length ? pool[Number(index) % pool.length] : 'none-yet';
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, ids));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, ids)]));
  return value;
}

/** The books: what every SKU's record says it holds for orders is what its open lines and its ledger say. */
async function breaches(store: SqliteStore): Promise<string[]> {
  const out: string[] = [];
  const lines = await store.listOrderLines({ skuIds: skus.map((s) => s.id) });
  const orders = new Map<string, boolean>();
  for (const l of lines) {
    if (!orders.has(l.orderId)) orders.set(l.orderId, (await store.getOrder(l.orderId))?.status === 'placed');
    if (!orders.get(l.orderId)) out.push(`line ${l.id} belongs to no placed order`);
    if (l.shortQty < 0 || l.shortQty > l.qty) out.push(`line ${l.id}: short ${l.shortQty} of ${l.qty}`);
  }
  for (const record of await store.listInventory()) {
    // Lines the count already saw leave (shipped, or forwarded for an `available` count) hold nothing more.
    const held = committedUnits(lines.filter((l) => l.skuId === record.skuId), record.reportedAt, record.basis);
    if (record.committed !== held) out.push(`${record.skuId}: committed ${record.committed}, its open lines hold ${held}`);
    if (!(record.sellable >= 0)) out.push(`${record.skuId}: sellable ${record.sellable}`);
    if (record.sellable > Math.max(0, record.onHand - record.committed)) out.push(`${record.skuId}: sellable ${record.sellable} above on hand ${record.onHand} less committed ${record.committed}`);
    const entries: LedgerEntry[] = await store.listLedger(record.skuId);
    const anchor = entries.map((e) => e.committed !== undefined).lastIndexOf(true);
    const move = (e: LedgerEntry) => (e.kind === 'reserve' ? e.qty : e.kind === 'cancel' || e.kind === 'shortage' ? -e.qty : 0);
    const fromLedger = entries.slice(anchor + 1).reduce((n, e) => n + move(e), anchor >= 0 ? entries[anchor]!.committed! : 0);
    if (fromLedger !== record.committed) out.push(`${record.skuId}: the ledger sums to ${fromLedger}, the record says ${record.committed}`);
  }
  return out;
}

const ACTIONS = Object.entries(FUNCTIONS).flatMap(([fn, map]) => Object.entries(map).map(([action, def]) => ({ fn, action, input: def.input, access: def.access })));
const CALLERS = [...users.map((u) => u.id), 'anonymous'];
/** Mostly someone the action is for (so the call gets past the door), now and then anyone at all. */
const callerFor = (access: (typeof ACTIONS)[number]['access']): fc.Arbitrary<string> => {
  const meant = access === 'anyone' ? CALLERS : users.filter((u) => access.includes(u.role)).map((u) => u.id);
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...meant) }, { weight: 1, arbitrary: fc.constantFrom(...CALLERS) });
};

type Step = { kind: 'call'; fn: string; action: string; caller: string; payload: unknown } | { kind: 'tick'; minutes: number };
const callStep: fc.Arbitrary<Step> = fc.constantFrom(...ACTIONS).chain(({ fn, action, input, access }) =>
  fc.record({ caller: callerFor(access), payload: fc.oneof({ weight: 8, arbitrary: arbitraryOf(input, POOLS) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }) })
    .map(({ caller, payload }): Step => ({ kind: 'call', fn, action, caller, payload })));
const tickStep: fc.Arbitrary<Step> = fc.integer({ min: 1, max: 16 * 60 }).map((minutes): Step => ({ kind: 'tick', minutes }));
const steps = fc.array(fc.oneof({ weight: 9, arbitrary: callStep }, { weight: 1, arbitrary: tickStep }), { minLength: 5, maxLength: 60, size: 'medium' });

it('no action crashes, hangs or leaves the books unbalanced, whoever calls it with whatever', async () => {
  const crashes = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const reached = new Set<string>();
  try {
    await fc.assert(fc.asyncProperty(steps, async (plan) => {
      const w = await world();
      try {
        for (const step of plan) {
          if (step.kind === 'tick') {
            w.clock.advance(step.minutes * 60_000);
            await runJobs(w.deps, JOBS);
            continue;
          }
          // A real caller's payload went through JSON on the way.
          const payload = JSON.parse(JSON.stringify(resolve(step.payload, await liveIds(w.store)) ?? null)) as unknown;
          const identity: Identity = step.caller === 'anonymous' ? { kind: 'anonymous' } : { kind: 'session', token: `tok-${step.caller}` };
          const started = performance.now();
          const reply = (await dispatch(step.fn, { action: step.action, payload }, identity, w.deps)) as Result<unknown>;
          const took = performance.now() - started;
          if (reply.ok) reached.add(`${step.fn}.${step.action}`);
          // Named, so a failure says which action crashed.
          expect(`${step.fn}.${step.action} ${reply.ok ? 'ok' : reply.error.code}`).not.toMatch(/ INTERNAL$/);
          expect(took).toBeLessThan(CALL_BOUND_MS);
          w.clock.advance(1_000);
          await givePeopleBack(w.store, w.clock.now());
        }
        expect(await breaches(w.store)).toEqual([]);
        expect(crashes).not.toHaveBeenCalled();
      } finally {
        await w.store.close();
        rmSync(w.dir, { recursive: true, force: true });
      }
    }), { numRuns: 120, seed: 20261203, endOnFailure: true });
  } finally {
    crashes.mockRestore();
  }
  // The inputs are shaped well enough to get past validation into most of the product.
  expect(reached.size).toBeGreaterThan(ACTIONS.length / 2);
}, 300_000);
