// The plumbing the parts of the cloud adapter share (cloud-store.ts: people,
// catalogue, stock, orders; cloud-waves.ts: waves and remediation tasks;
// cloud-alerts.ts: alerts, subscription consents and flags): its
// collections, created on first use, and reads and writes that are complete (paged
// past the service's 1,000-document cap) and safe to retry.
import {
  type CloudCollection, type CloudCommand, type CloudDatabase, type Doc, type WxDatabase,
  chunks, inParallel, isConflict, isMissingCollection, pause, plain,
} from './cloud-sdk';

// ---- tuning

/** The service answers at most 1,000 documents per read. */
export const PAGE = 1000;
/** Ids per `_.in` query: keeps each query small, and each chunk's answer fits one page. */
export const IN_CHUNK = 500;
export const PARALLEL_WRITES = 16;
const WRITE_ATTEMPTS = 5;

export const COLLECTIONS = [
  'users', 'openid_claims', 'sessions', 'suppliers', 'skus', 'settings', 'settings_history', 'inventory', 'reports', 'held_reports',
  'orders', 'order_lines', 'ledger', 'waves', 'tasks', 'alerts', 'consents', 'flags',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

export class CloudAccess {
  readonly db: CloudDatabase;
  private ensuring: Promise<void> | undefined;

  constructor(db: WxDatabase | CloudDatabase) {
    this.db = db as unknown as CloudDatabase;
  }

  get _(): CloudCommand {
    return this.db.command;
  }

  col(name: Collection): CloudCollection {
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
  async run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      if (!isMissingCollection(e)) throw e;
      await this.ensureCollections();
      return op();
    }
  }

  // ---- reads

  async rawById(coll: Collection, id: string): Promise<Doc | null> {
    const { data } = await this.run(() => this.col(coll).where({ _id: id }).limit(1).get());
    return data[0] ?? null;
  }

  async byId<T>(coll: Collection, id: string, hidden: readonly string[] = []): Promise<T | null> {
    const doc = await this.rawById(coll, id);
    return doc ? plain<T>(doc, hidden) : null;
  }

  async first<T>(coll: Collection, condition: object): Promise<T | null> {
    const { data } = await this.run(() => this.col(coll).where(condition).orderBy('_id', 'asc').limit(1).get());
    return data[0] ? plain<T>(data[0]) : null;
  }

  /** Every matching document, in pages ordered by _id, each starting after the last _id seen. */
  async readAll(coll: Collection, condition: Doc = {}): Promise<Doc[]> {
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

  async readByIds(coll: Collection, ids: readonly string[]): Promise<Doc[]> {
    const unique = [...new Set(ids)];
    const pages = await Promise.all(chunks(unique, IN_CHUNK).map((chunk) =>
      this.run(() => this.col(coll).where({ _id: this._.in(chunk) }).limit(PAGE).get())));
    return pages.flatMap((p) => p.data);
  }

  // ---- writes

  async putAll(coll: Collection, entries: ReadonlyArray<{ id: string }>): Promise<void> {
    await inParallel(entries, PARALLEL_WRITES, (e) => this.run(() => this.col(coll).doc(e.id).set({ data: e })));
  }

  /** Insert with a caller-given _id; false when a document with that _id already exists. */
  async insertOnce(coll: Collection, id: string, data: object): Promise<boolean> {
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
  async insertAll(coll: Collection, docs: ReadonlyArray<{ id: string }>): Promise<void> {
    if (docs.length === 0) return;
    try {
      await this.run(() => this.col(coll).add({ data: docs.map((d) => ({ ...d, _id: d.id })) }));
    } catch {
      // A batch stops at its first duplicate or failure: finish one by one.
      await inParallel(docs, PARALLEL_WRITES, (d) => this.retry(() => this.insertOnce(coll, d.id, d)));
    }
  }

  /**
   * Update every document matching `condition` (each on its own, no transaction);
   * answers how many changed. The update must take them out of `condition` (a status
   * moves on, say): it is repeated until nothing matches, in case the service caps
   * one multi-document update.
   */
  async updateAll(coll: Collection, condition: Doc, data: Doc): Promise<number> {
    let total = 0;
    for (;;) {
      const { stats } = await this.run(() => this.col(coll).where(condition).update({ data }));
      if (stats.updated === 0) return total;
      total += stats.updated;
    }
  }

  async retry<T>(op: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (e) {
        if (attempt >= WRITE_ATTEMPTS) throw e;
        await pause(attempt);
      }
    }
  }

  /**
   * Run a transaction (`op` starts, commits or rolls back its own), again after each
   * transaction conflict: wx-server-sdk's runTransaction cannot see the conflict code.
   * After `attempts` conflicts, answers `exhausted()`.
   */
  async retryConflicts<T>(attempts: number, op: () => Promise<T>, exhausted: (e: unknown) => T | Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run(op);
      } catch (e) {
        if (!isConflict(e)) throw e;
        if (attempt >= attempts) return exhausted(e);
        await pause(attempt);
      }
    }
  }
}
