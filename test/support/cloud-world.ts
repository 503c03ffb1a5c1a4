// The real handlers and jobs over the cloud adapter, on the local endpoint through the
// real wx-server-sdk: the product as WeChat's cloud runs it, on a clock the test moves.
// With the invariants every failure-injection test checks afterwards.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '../../cloudfunctions/src/domain/errors';
import type { LedgerEntry, OrderLine, ReportBasis } from '../../cloudfunctions/src/domain/model';
import { committedUnits } from '../../cloudfunctions/src/domain/sellable';
import type { Deps } from '../../cloudfunctions/src/handlers/action';
import { type FunctionName, dispatch } from '../../cloudfunctions/src/handlers/registry';
import { hashToken } from '../../cloudfunctions/src/handlers/sessions';
import { JOBS, runJobs } from '../../cloudfunctions/src/jobs/schedule';
import { ManualClock } from '../../cloudfunctions/src/runtime/clock';
import { newId } from '../../cloudfunctions/src/runtime/ids';
import { CloudStore } from '../../cloudfunctions/src/storage/cloud/cloud-store';
import { DiskFiles } from '../../cloudfunctions/src/storage/files';
import { skus, suppliers, users } from '../fixtures/catalogue';
import type { LocalCloud } from './cloud-sdk';

export interface CloudWorld {
  store: CloudStore;
  deps: Deps;
  clock: ManualClock;
  /** Call a function as a fixture user (by id), as the mini-program would. */
  call<T = unknown>(fn: FunctionName, action: string, payload: unknown, userId: string): Promise<Result<T>>;
  /** One scheduler run at the clock's time (every job, in order). */
  tick(): Promise<Record<string, unknown>>;
}

export async function cloudWorld(local: LocalCloud, now: number): Promise<CloudWorld> {
  const clock = new ManualClock(now);
  // A replay meeting a placement in flight answers at once here: tests move the clock instead of waiting.
  const store = new CloudStore(local.db, { now: () => clock.now(), inProgressWaitMs: 0 });
  const deps: Deps = {
    store, files: new DiskFiles(mkdtempSync(join(tmpdir(), 'huozhun-cloud-'))), notifier: {}, clock, newId, runtime: 'wechat', demo: false,
  };
  await store.upsertSuppliers(suppliers);
  await store.upsertSkus(skus);
  await store.upsertUsers(users);
  for (const u of users) await store.createSession({ tokenHash: hashToken(`tok-${u.id}`), userId: u.id, createdAt: now, lastUsedAt: now });
  return {
    store, deps, clock,
    call: async <T>(fn: FunctionName, action: string, payload: unknown, userId: string) =>
      (await dispatch(fn, { action, payload }, { kind: 'session', token: `tok-${userId}` }, deps)) as unknown as Result<T>,
    tick: () => runJobs(deps, JOBS),
  };
}

type Raw = Record<string, unknown>;

async function all(local: LocalCloud, coll: string): Promise<Raw[]> {
  const out: Raw[] = [];
  for (;;) {
    const { data } = await local.db.collection(coll).where({}).orderBy('_id', 'asc').skip(out.length).limit(1000).get();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

/** Whatever a ledger entry moved committed by; undefined for entries that set it (reports, refreshes). */
const committedMove = (e: LedgerEntry): number => (e.kind === 'reserve' ? e.qty : e.kind === 'cancel' || e.kind === 'shortage' ? -e.qty : 0);

/**
 * What must hold after any failure, once the product has settled (replays made, the
 * scheduler run past the stale mark): answers every breach, named.
 */
export async function breaches(local: LocalCloud, now: number, settleMs: number): Promise<string[]> {
  const [inventory, lines, orders, ledger, waves] = await Promise.all([
    all(local, 'inventory'), all(local, 'order_lines'), all(local, 'orders'), all(local, 'ledger'), all(local, 'waves'),
  ]);
  const out: string[] = [];
  const linesOf = new Map<string, OrderLine[]>();
  for (const l of lines as unknown as OrderLine[]) linesOf.set(l.skuId, [...(linesOf.get(l.skuId) ?? []), l]);
  for (const doc of inventory) {
    const skuId = String(doc._id);
    // Lines the count already saw leave (shipped, or forwarded for an `available` count) hold nothing more.
    const held = committedUnits(linesOf.get(skuId) ?? [], Number(doc.reportedAt), doc.basis as ReportBasis);
    if (doc.committed !== held) out.push(`${skuId}: committed ${String(doc.committed)}, but its open lines hold ${held}`);
    if (typeof doc.sellable !== 'number' || doc.sellable < 0) out.push(`${skuId}: sellable ${String(doc.sellable)}`);
    if (Array.isArray(doc.pending) && doc.pending.length > 0) out.push(`${skuId}: markers left ${JSON.stringify(doc.pending)}`);
    const entries = (ledger as unknown as LedgerEntry[]).filter((e) => e.skuId === skuId).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    const anchor = entries.map((e) => e.committed !== undefined).lastIndexOf(true);
    const fromLedger = entries.slice(anchor + 1).reduce((n, e) => n + committedMove(e), anchor >= 0 ? entries[anchor]!.committed! : 0);
    // Entries of the same instant (a count and an order racing on one test clock) have no
    // order between them: a move tied with the count may have landed before it or after.
    const tied = anchor >= 0 ? entries.filter((e, i) => i !== anchor && e.at === entries[anchor]!.at) : [];
    const tiedAfter = tied.filter((e) => entries.indexOf(e) > anchor).reduce((n, e) => n + committedMove(e), 0);
    const tiedBefore = tied.filter((e) => entries.indexOf(e) < anchor).reduce((n, e) => n + committedMove(e), 0);
    const possible = new Set([fromLedger, fromLedger - tiedAfter, fromLedger + tiedBefore]);
    if (!possible.has(Number(doc.committed))) out.push(`${skuId}: the ledger sums to ${fromLedger}, the record says ${String(doc.committed)}`);
  }
  const waveStatus = new Map(waves.map((x) => [String(x._id), String(x.status)]));
  const placed = new Map(orders.filter((o) => o.status === 'placed').map((o) => [String(o._id), o]));
  const lineIds = new Set(lines.map((l) => String(l._id)));
  for (const o of orders) {
    if (o.status !== 'placed' && o.status !== 'refused' && o.status !== 'abandoned') out.push(`order ${String(o._id)} left ${String(o.status)}`);
    if (o.status === 'placed') {
      for (const l of o.lines as OrderLine[]) if (!lineIds.has(l.id)) out.push(`order ${String(o._id)} is placed without its line ${l.id}`);
    }
  }
  for (const l of lines as unknown as OrderLine[]) {
    if (!placed.has(l.orderId)) out.push(`line ${l.id} belongs to no placed order`);
    if (l.status === 'placed' && l.cutoffAt + settleMs <= now) out.push(`line ${l.id} is still placed after its cutoff`);
    // A confirmed wave has settled every line in it: one still forwarded was stranded (or forwarded late).
    const wave = waveStatus.get(l.waveId);
    if (l.status === 'forwarded' && (wave === 'confirmed' || wave === 'shipped')) out.push(`line ${l.id} is still forwarded in ${wave} wave ${l.waveId}`);
  }
  return out;
}

/** The writes an operation makes, which the tests fail one by one. */
export const isWrite = (call: { action: string }): boolean =>
  ['database.modifyDocument', 'database.insertDocument', 'database.removeDocument', 'database.commitTransaction'].includes(call.action);
