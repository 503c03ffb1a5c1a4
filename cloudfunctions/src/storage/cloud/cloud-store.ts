// The cloud database adapter (WeChat cloud / CloudBase document database through
// wx-server-sdk). It passes the same contract as the SQLite adapter
// (test/storage/contract.ts), run against a local endpoint that speaks the SDK's
// wire protocol (test/cloud-endpoint).
//
// There is no multi-document atomicity outside transactions, and transactions allow
// only doc() and add() (wx-server-sdk sends where().update() inside one without the
// transaction id). So:
// - a reservation takes stock SKU by SKU with conditional decrements and gives back
//   what it took when a later SKU is short or the order id already exists;
// - while a reservation is between its decrement and its order lines, the inventory
//   document carries a pending marker; a report that reads the record in that window
//   would miss the new lines, so commitReport answers 'conflict' while a marker is
//   live, and the reservation bumps the version only once its lines are stored;
// - a report commits in a transaction of doc() reads and set()/add() writes.
import { randomUUID } from 'node:crypto';
import type * as wx from 'wx-server-sdk';
import type {
  InventoryRecord, LedgerEntry, Order, OrderLine, Report, Session, Settings, Sku, Supplier, User,
} from '../../domain/model';
import { findShortLines } from '../../domain/order';
import { DEFAULT_SETTINGS } from '../../domain/settings';
import type { CommitOutcome, InventoryWrite, OrderLineQuery, ReserveOutcome, StockStore } from '../port';

// ---- the part of the SDK this adapter uses (wx-server-sdk's own typings answer `Promise<T> | void | string`)

type Doc = Record<string, unknown>;

interface CloudQuery {
  where(condition: object): CloudQuery;
  orderBy(field: string, direction: 'asc' | 'desc'): CloudQuery;
  skip(offset: number): CloudQuery;
  limit(max: number): CloudQuery;
  get(): Promise<{ data: Doc[] }>;
  update(options: { data: object }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

interface CloudDocument {
  get(): Promise<{ data: Doc | null }>;
  set(options: { data: object }): Promise<unknown>;
  update(options: { data: object }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<unknown>;
}

interface CloudCollection extends CloudQuery {
  doc(id: string): CloudDocument;
  add(options: { data: object | object[] }): Promise<unknown>;
}

interface CloudCommand {
  gt(value: unknown): unknown;
  gte(value: number): unknown;
  in(values: unknown[]): unknown;
  neq(value: unknown): unknown;
  inc(value: number): unknown;
  push(value: unknown): unknown;
  pull(condition: object): unknown;
}

interface CloudTransaction {
  collection(name: string): CloudCollection;
  commit(): Promise<unknown>;
  rollback(): Promise<unknown>;
}

export interface CloudDatabase {
  readonly command: CloudCommand;
  collection(name: string): CloudCollection;
  startTransaction(): Promise<CloudTransaction>;
  createCollection(name: string): Promise<unknown>;
}

/** What `cloud.database()` returns. */
export type WxDatabase = ReturnType<typeof wx.database>;

// ---- tuning

/** The service answers at most 1,000 documents per read. */
const PAGE = 1000;
/** Ids per `_.in` query: keeps each query small, and each chunk's answer fits one page. */
const IN_CHUNK = 500;
/** A pending marker older than this belongs to a reservation that died (function timeout, crash). */
const PENDING_STALE_MS = 5 * 60_000;
const COMMIT_ATTEMPTS = 5;
const WRITE_ATTEMPTS = 5;
/** Rounds of a reservation when the re-read after a failed take shows nothing short any more. */
const RESERVE_ROUNDS = 3;
const PARALLEL_WRITES = 16;

export const COLLECTIONS = [
  'users', 'openid_claims', 'sessions', 'suppliers', 'skus', 'settings', 'inventory', 'reports', 'orders', 'order_lines', 'ledger',
] as const;
type Collection = (typeof COLLECTIONS)[number];

// ---- errors as they arrive through wx-server-sdk (its wrapper maps unknown codes to -501001, keeping the message)

interface SdkError { code?: unknown; errCode?: unknown; errMsg?: unknown; message?: unknown }

const errorText = (e: unknown): string => {
  const x = (e ?? {}) as SdkError;
  return `${String(x.code ?? '')} ${String(x.errCode ?? '')} ${String(x.errMsg ?? x.message ?? e)}`;
};
const isConflict = (e: unknown): boolean => /DATABASE_TRANSACTION_CONFLICT|TransactionConflict/.test(errorText(e));
const isMissingCollection = (e: unknown): boolean =>
  (e as SdkError | undefined)?.errCode === -502005 || /DATABASE_COLLECTION_NOT_EXIST|-502005|Db or Table not exist/.test(errorText(e));
/** doc().get() of a missing document inside a transaction throws (the SDK's throwOnNotFound). */
const isDocumentNotFound = (e: unknown): boolean => /document with _id .* does not exist/.test(errorText(e));

const pause = (attempt: number): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * 8 * attempt));

/** Records read back equal what was written: drop what the database (or this adapter) adds. */
function plain<T>(doc: Doc, hidden: readonly string[] = []): T {
  const { _id, _openid, ...rest } = doc;
  for (const h of hidden) delete rest[h];
  return rest as T;
}

interface PendingMarker { token: string; at: number }

const livePending = (doc: Doc | null, now: number): boolean =>
  Array.isArray(doc?.pending) && (doc.pending as PendingMarker[]).some((p) => now - p.at < PENDING_STALE_MS);

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const byString = <T>(key: (t: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export class CloudStore implements StockStore {
  private readonly db: CloudDatabase;
  private ensuring: Promise<void> | undefined;

  constructor(db: WxDatabase | CloudDatabase) {
    this.db = db as unknown as CloudDatabase;
  }

  private get _(): CloudCommand {
    return this.db.command;
  }

  private col(name: Collection): CloudCollection {
    return this.db.collection(name);
  }

  /** Create the collections this adapter uses (the service refuses reads and writes on missing ones). */
  async ensureCollections(): Promise<void> {
    // Existing collections answer an error; anything else will surface on the retried call.
    this.ensuring ??= Promise.all(COLLECTIONS.map((name) => this.db.createCollection(name).catch(() => undefined)))
      .then(() => undefined)
      .finally(() => { this.ensuring = undefined; });
    await this.ensuring;
  }

  /** Run a call; on a fresh environment create the collections once and run it again. */
  private async run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      if (!isMissingCollection(e)) throw e;
      await this.ensureCollections();
      return op();
    }
  }

  // ---- reads

  private async rawById(coll: Collection, id: string): Promise<Doc | null> {
    const { data } = await this.run(() => this.col(coll).where({ _id: id }).limit(1).get());
    return data[0] ?? null;
  }

  private async byId<T>(coll: Collection, id: string): Promise<T | null> {
    const doc = await this.rawById(coll, id);
    return doc ? plain<T>(doc) : null;
  }

  private async first<T>(coll: Collection, condition: object): Promise<T | null> {
    const { data } = await this.run(() => this.col(coll).where(condition).orderBy('_id', 'asc').limit(1).get());
    return data[0] ? plain<T>(data[0]) : null;
  }

  /** Every matching document, in pages ordered by _id, each starting after the last _id seen. */
  private async readAll(coll: Collection, condition: Doc = {}): Promise<Doc[]> {
    const out: Doc[] = [];
    let after: string | undefined;
    for (;;) {
      const where = after === undefined ? condition : { ...condition, _id: this._.gt(after) };
      const { data } = await this.run(() => this.col(coll).where(where).orderBy('_id', 'asc').limit(PAGE).get());
      out.push(...data);
      if (data.length < PAGE) return out;
      after = String(data[data.length - 1]!._id);
    }
  }

  private async readByIds(coll: Collection, ids: readonly string[]): Promise<Doc[]> {
    const unique = [...new Set(ids)];
    const pages = await Promise.all(chunks(unique, IN_CHUNK).map((chunk) =>
      this.run(() => this.col(coll).where({ _id: this._.in(chunk) }).limit(PAGE).get())));
    return pages.flatMap((p) => p.data);
  }

  // ---- writes

  private async putAll(coll: Collection, entries: ReadonlyArray<{ id: string }>): Promise<void> {
    await inParallel(entries, PARALLEL_WRITES, (e) => this.run(() => this.col(coll).doc(e.id).set({ data: e })));
  }

  /** Insert with a caller-given _id; false when a document with that _id already exists. */
  private async insertOnce(coll: Collection, id: string, data: object): Promise<boolean> {
    try {
      await this.run(() => this.col(coll).add({ data: { ...data, _id: id } }));
      return true;
    } catch (e) {
      // Decide by reading rather than by error text: the SDK hides the service's code.
      if (await this.rawById(coll, id)) return false;
      throw e;
    }
  }

  /** Insert documents that carry their own _id; ones already there count as written. */
  private async insertAll(coll: Collection, docs: ReadonlyArray<{ id: string }>): Promise<void> {
    if (docs.length === 0) return;
    try {
      await this.run(() => this.col(coll).add({ data: docs.map((d) => ({ ...d, _id: d.id })) }));
    } catch {
      // A batch stops at its first duplicate or failure: finish one by one.
      await inParallel(docs, PARALLEL_WRITES, (d) => this.retry(() => this.insertOnce(coll, d.id, d)));
    }
  }

  private async retry<T>(op: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (e) {
        if (attempt >= WRITE_ATTEMPTS) throw e;
        await pause(attempt);
      }
    }
  }

  // ---- people

  async upsertUsers(users: User[]): Promise<void> {
    await this.putAll('users', users);
  }

  async getUser(id: string): Promise<User | null> {
    return this.byId<User>('users', id);
  }

  async listUsers(): Promise<User[]> {
    return (await this.readAll('users')).map((d) => plain<User>(d)).sort(byString((u) => u.id));
  }

  async findUserByOpenid(openid: string): Promise<User | null> {
    return this.first<User>('users', { openid });
  }

  async findUserByInviteCode(code: string): Promise<User | null> {
    return this.first<User>('users', { inviteCode: code });
  }

  async bindOpenid(userId: string, openid: string): Promise<boolean> {
    const user = await this.getUser(userId);
    if (!user) return false;
    const holder = await this.findUserByOpenid(openid);
    if (holder && holder.id !== userId) return false;
    // No unique index on users.openid (users without one would collide on null): a claim
    // document whose _id is the OPENID makes the first binder win between concurrent binds.
    if (!(await this.insertOnce('openid_claims', openid, { userId }))) {
      const claim = await this.rawById('openid_claims', openid);
      if (claim?.userId !== userId) return false;
    }
    await this.run(() => this.col('users').doc(userId).update({ data: { openid } }));
    if (user.openid && user.openid !== openid) {
      // Release the OPENID this user held before, only if the claim is still this user's.
      await this.run(() => this.col('openid_claims').where({ _id: user.openid!, userId }).remove());
    }
    return true;
  }

  async createSession(session: Session): Promise<void> {
    await this.run(() => this.col('sessions').add({ data: { ...session, _id: session.token } }));
  }

  async findSession(token: string): Promise<Session | null> {
    return this.byId<Session>('sessions', token);
  }

  async deleteSession(token: string): Promise<void> {
    await this.run(() => this.col('sessions').doc(token).remove());
  }

  // ---- catalogue and settings

  async upsertSuppliers(suppliers: Supplier[]): Promise<void> {
    await this.putAll('suppliers', suppliers);
  }

  async getSupplier(id: string): Promise<Supplier | null> {
    return this.byId<Supplier>('suppliers', id);
  }

  async listSuppliers(): Promise<Supplier[]> {
    return (await this.readAll('suppliers')).map((d) => plain<Supplier>(d)).sort(byString((s) => s.id));
  }

  async upsertSkus(skus: Sku[]): Promise<void> {
    await this.putAll('skus', skus);
  }

  async listSkus(filter: { supplierId?: string } = {}): Promise<Sku[]> {
    const condition = filter.supplierId === undefined ? {} : { supplierId: filter.supplierId };
    return (await this.readAll('skus', condition)).map((d) => plain<Sku>(d)).sort(byString((s) => s.id));
  }

  async getSkus(ids: string[]): Promise<Sku[]> {
    return (await this.readByIds('skus', ids)).map((d) => plain<Sku>(d)).sort(byString((s) => s.id));
  }

  async getSettings(): Promise<Settings> {
    return (await this.byId<Settings>('settings', 'global')) ?? DEFAULT_SETTINGS;
  }

  async saveSettings(settings: Settings): Promise<void> {
    await this.run(() => this.col('settings').doc('global').set({ data: settings }));
  }

  // ---- stock

  async listInventory(skuIds?: string[]): Promise<InventoryRecord[]> {
    const docs = skuIds === undefined ? await this.readAll('inventory') : await this.readByIds('inventory', skuIds);
    return docs.map((d) => plain<InventoryRecord>(d, ['pending'])).sort(byString((r) => r.skuId));
  }

  async listOrderLines(query: OrderLineQuery): Promise<OrderLine[]> {
    const condition: Doc = {};
    if (query.placedSince !== undefined) condition.placedAt = this._.gte(query.placedSince);
    if (query.openOnly) condition.status = this._.neq('cancelled');
    const pages = await Promise.all(chunks([...new Set(query.skuIds)], IN_CHUNK).map((chunk) =>
      this.readAll('order_lines', { ...condition, skuId: this._.in(chunk) })));
    return pages.flat()
      .map((d) => plain<OrderLine>(d))
      // shortQty < qty compares two fields, which a plain query cannot express.
      .filter((l) => !query.openOnly || l.shortQty < l.qty)
      .sort((a, b) => a.placedAt - b.placedAt || byString<OrderLine>((l) => l.id)(a, b));
  }

  async commitReport(report: Report, writes: InventoryWrite[], ledger: LedgerEntry[]): Promise<CommitOutcome> {
    // wx-server-sdk's runTransaction cannot see the conflict code, so retry here.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run(() => this.commitReportOnce(report, writes, ledger));
      } catch (e) {
        if (!isConflict(e)) throw e;
        if (attempt >= COMMIT_ATTEMPTS) return 'conflict';
        await pause(attempt);
      }
    }
  }

  private async commitReportOnce(report: Report, writes: InventoryWrite[], ledger: LedgerEntry[]): Promise<CommitOutcome> {
    const tx = await this.db.startTransaction();
    try {
      const inventory = tx.collection('inventory');
      const now = Date.now();
      for (const w of writes) {
        const current = await inventory.doc(w.record.skuId).get().then((r) => r.data, (e: unknown) => {
          if (isDocumentNotFound(e)) return null;
          throw e;
        });
        const stale = ((current?.version as number | undefined) ?? 0) !== w.expectedVersion;
        if (stale || livePending(current, now)) {
          await tx.rollback().catch(() => undefined);
          // A reservation in flight finishes within milliseconds: let it before the caller recomputes.
          if (!stale) await pause(2);
          return 'conflict';
        }
      }
      // set() replaces the whole document, which also clears markers of dead reservations.
      for (const w of writes) await inventory.doc(w.record.skuId).set({ data: w.record });
      await tx.collection('reports').add({ data: { ...report, _id: report.id } });
      for (const e of ledger) await tx.collection('ledger').add({ data: { ...e, _id: e.id } });
      await tx.commit();
      return 'committed';
    } catch (e) {
      // After a write conflict the service has already aborted it; a second abort fails harmlessly.
      await tx.rollback().catch(() => undefined);
      throw e;
    }
  }

  async listReports(supplierId: string, limit: number): Promise<Report[]> {
    const out: Doc[] = [];
    while (out.length < limit) {
      const want = Math.min(PAGE, limit - out.length);
      const { data } = await this.run(() => this.col('reports').where({ supplierId })
        .orderBy('reportedAt', 'desc').orderBy('_id', 'desc').skip(out.length).limit(want).get());
      out.push(...data);
      if (data.length < want) break;
    }
    return out.map((d) => plain<Report>(d));
  }

  async reserve(order: Order, totals: ReadonlyMap<string, number>, ledger: LedgerEntry[]): Promise<ReserveOutcome> {
    const existing = await this.readOrder(order.id);
    if (existing) return { kind: 'duplicate', order: existing };
    // One global order of SKUs: two orders never each hold the other's first SKU.
    const skuIds = [...totals.keys()].sort();
    const token = `${order.id}:${randomUUID()}`;
    let taken: Array<[string, number]> = [];
    for (let round = 1; ; round++) {
      taken = [];
      let failed: string | undefined;
      try {
        for (const skuId of skuIds) {
          const qty = totals.get(skuId)!;
          if (!(await this.take(skuId, qty, token))) {
            failed = skuId;
            break;
          }
          taken.push([skuId, qty]);
        }
      } catch (e) {
        await this.giveBack(taken, token);
        throw e;
      }
      if (failed === undefined) break;
      await this.giveBack(taken, token);
      const sellable = new Map((await this.listInventory(skuIds)).map((r) => [r.skuId, r.sellable]));
      const short = findShortLines(totals, sellable);
      if (short.length > 0) return { kind: 'short', short };
      if (round >= RESERVE_ROUNDS) return { kind: 'short', short: [{ skuId: failed, requested: totals.get(failed)!, sellable: sellable.get(failed) ?? 0 }] };
      // Stock came back between the failed take and the re-read (a cancellation, a report): go again.
    }

    let inserted: boolean;
    try {
      inserted = await this.insertOnce('orders', order.id, order);
    } catch (e) {
      await this.giveBack(taken, token);
      throw e;
    }
    if (!inserted) {
      // A concurrent or retried submit stored this order first: it holds its own units.
      await this.giveBack(taken, token);
      return { kind: 'duplicate', order: (await this.readOrder(order.id)) ?? order };
    }
    await this.insertAll('order_lines', order.lines);
    await this.insertAll('ledger', ledger);
    await this.seal(taken, token);
    return { kind: 'placed', order };
  }

  /** The conditional decrement: takes `qty` only where sellable covers it. */
  private async take(skuId: string, qty: number, token: string): Promise<boolean> {
    const marker: PendingMarker = { token, at: Date.now() };
    const { stats } = await this.run(() => this.col('inventory').where({ _id: skuId, sellable: this._.gte(qty) }).update({
      data: { sellable: this._.inc(-qty), committed: this._.inc(qty), pending: this._.push(marker) },
    }));
    return stats.updated === 1;
  }

  /**
   * Undo takes. Conditional on the marker, which the same update removes, so a retry
   * never gives back twice; a report that replaced the record meanwhile already
   * recomputed committed without these units, and the update then does nothing.
   */
  private async giveBack(taken: ReadonlyArray<[string, number]>, token: string): Promise<void> {
    await Promise.all(taken.map(([skuId, qty]) => this.retry(() =>
      this.col('inventory').where({ _id: skuId, 'pending.token': token }).update({
        data: { sellable: this._.inc(qty), committed: this._.inc(-qty), pending: this._.pull({ token }) },
      }))));
  }

  /** The order and its lines are stored: bump the version (reports computed before now must recompute) and drop the marker. */
  private async seal(taken: ReadonlyArray<[string, number]>, token: string): Promise<void> {
    await Promise.all(taken.map(([skuId]) => this.retry(() =>
      this.col('inventory').where({ _id: skuId, 'pending.token': token }).update({
        data: { version: this._.inc(1), pending: this._.pull({ token }) },
      }))));
  }

  async recordRefusal(order: Order): Promise<Order> {
    if (!(await this.insertOnce('orders', order.id, order))) return (await this.readOrder(order.id)) ?? order;
    await this.insertAll('order_lines', order.lines);
    return order;
  }

  async getOrder(id: string): Promise<Order | null> {
    return this.readOrder(id);
  }

  /**
   * The order document keeps its lines as placed, so an order reads whole even while
   * its line documents are still being written; line documents, once there, carry
   * the current status.
   */
  private async readOrder(id: string): Promise<Order | null> {
    const head = await this.rawById('orders', id);
    if (!head) return null;
    const order = plain<Order>(head);
    const current = new Map((await this.readAll('order_lines', { orderId: id })).map((d) => [String(d._id), plain<OrderLine>(d)]));
    const lines = order.lines.map((l) => current.get(l.id) ?? l);
    const known = new Set(lines.map((l) => l.id));
    lines.push(...[...current.values()].filter((l) => !known.has(l.id)).sort(byString((l) => l.id)));
    return { ...order, lines };
  }

  async listLedger(skuId: string): Promise<LedgerEntry[]> {
    return (await this.readAll('ledger', { skuId }))
      .map((d) => plain<LedgerEntry>(d))
      .sort((a, b) => a.at - b.at || byString<LedgerEntry>((e) => e.id)(a, b));
  }

  async close(): Promise<void> {
    // The SDK holds no connection of its own to close.
  }
}
