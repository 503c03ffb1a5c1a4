// The plumbing the parts of the cloud adapter share (cloud-store.ts: people,
// catalogue, stock, orders; cloud-waves.ts: waves and remediation tasks;
// cloud-alerts.ts: alerts, subscription consents and flags): its
// collections, created on first use, and reads and writes that are complete (paged
// past the service's 1,000-document cap) and safe to retry.
import {
  type CloudAggregate, type CloudCollection, type CloudCommand, type CloudDatabase, type CloudQuery, type Doc, type WxDatabase,
  backoffMs, chunks, isConflict, isMissingCollection, isTransient, plain, sleep,
} from './cloud-sdk';
import { fits } from '../../runtime/budget';
import { inParallel } from '../../runtime/parallel';

// ---- tuning

/** The service answers at most 1,000 documents per read. */
export const PAGE = 1000;
/** Ids per `_.in` query: keeps each query small, and each chunk's answer fits one page. */
export const IN_CHUNK = 500;
export const PARALLEL_WRITES = 16;
/** Calls of one operation in flight at once (reads of many chunks, takes of many SKUs). */
export const PARALLEL_CALLS = 16;
const RETRY_ATTEMPTS = 8;
/** A retry starts only if its pause and one more call (a slow one) still fit before the deadline. */
const CALL_RESERVE_MS = 1_000;

export const COLLECTIONS = [
  'users', 'openid_claims', 'sessions', 'suppliers', 'skus', 'settings', 'settings_history', 'inventory', 'reports', 'held_reports',
  'orders', 'order_lines', 'ledger', 'waves', 'tasks', 'alerts', 'alert_resolutions', 'consents', 'flags', 'job_runs', 'people_log', 'order_numbers', 'partner_keys', 'pull_health', 'webhook_events', 'partner_nonces', 'stocktakes', 'buffer_changes',
  'leader_aliases', 'column_mappings', 'listing_entries', 'listing_pushes',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** A read's projection: only these fields (and _id), or every field but these. */
export type Fields = readonly string[] | { readonly omit: readonly string[] };

export interface CloudOptions {
  /**
   * The clock markers and order intents are stamped with, and judged stale by. The
   * system clock in production; tests move it to show what happens minutes later.
   */
  now?: () => number;
}

export class CloudAccess {
  readonly db: CloudDatabase;
  readonly now: () => number;
  private ensuring: Promise<void> | undefined;

  constructor(db: WxDatabase | CloudDatabase, options: CloudOptions = {}) {
    this.db = db as unknown as CloudDatabase;
    this.now = options.now ?? Date.now;
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

  // ---- reads (all retried: a read means the same however often it is asked)

  async rawById(coll: Collection, id: string): Promise<Doc | null> {
    const { data } = await this.retry(() => this.col(coll).where({ _id: id }).limit(1).get());
    return data[0] ?? null;
  }

  async byId<T>(coll: Collection, id: string, hidden: readonly string[] = []): Promise<T | null> {
    const doc = await this.rawById(coll, id);
    return doc ? plain<T>(doc, hidden) : null;
  }

  async first<T>(coll: Collection, condition: object): Promise<T | null> {
    const { data } = await this.retry(() => this.col(coll).where(condition).orderBy('_id', 'asc').limit(1).get());
    return data[0] ? plain<T>(data[0]) : null;
  }

  /**
   * Every matching document, in pages ordered by _id, each starting after the last _id
   * seen; with `fields`, only those fields (and _id) of each, or all but `omit`.
   */
  async readAll(coll: Collection, condition: Doc = {}, fields?: Fields): Promise<Doc[]> {
    const out: Doc[] = [];
    let after: string | undefined;
    for (;;) {
      const where = after === undefined ? condition : { ...condition, _id: this._.gt(after) };
      const { data } = await this.retry(() => this.projected(this.col(coll).where(where), fields).orderBy('_id', 'asc').limit(PAGE).get());
      out.push(...data);
      if (data.length < PAGE) return out;
      after = String(data[data.length - 1]!._id);
    }
  }

  async readByIds(coll: Collection, ids: readonly string[], fields?: Fields): Promise<Doc[]> {
    const unique = [...new Set(ids)];
    const pages: Doc[][] = [];
    await inParallel(chunks(unique, IN_CHUNK).map((chunk, i) => ({ chunk, i })), PARALLEL_CALLS, async ({ chunk, i }) => {
      pages[i] = (await this.retry(() => this.projected(this.col(coll).where({ _id: this._.in(chunk) }), fields).limit(PAGE).get())).data;
    });
    return pages.flat();
  }

  /**
   * Every group of an aggregation (`pipeline` ends with its $group): the service answers
   * a limited number of results per call, so groups are read in pages sorted by _id.
   */
  async aggregateAll(coll: Collection, pipeline: (a: CloudAggregate) => CloudAggregate): Promise<Doc[]> {
    const out: Doc[] = [];
    for (;;) {
      const { list } = await this.retry(() => pipeline(this.col(coll).aggregate()).sort({ _id: 1 }).skip(out.length).limit(PAGE).end());
      out.push(...list);
      if (list.length < PAGE) return out;
    }
  }

  private projected(query: CloudQuery, fields?: Fields): CloudQuery {
    if (fields === undefined) return query;
    return 'omit' in fields
      ? query.field(Object.fromEntries(fields.omit.map((f) => [f, false])))
      : query.field(Object.fromEntries(fields.map((f) => [f, true])));
  }

  // ---- writes

  async putAll(coll: Collection, entries: ReadonlyArray<{ id: string }>): Promise<void> {
    await inParallel(entries, PARALLEL_WRITES, (e) => this.retry(() => this.col(coll).doc(e.id).set({ data: e })));
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
      const { stats } = await this.retry(() => this.col(coll).where(condition).update({ data }));
      if (stats.updated === 0) return total;
      total += stats.updated;
    }
  }

  /**
   * Run an idempotent call again after a transient failure (rate limit, timeout, a
   * conflict), with exponential backoff, for as long as the call's deadline allows.
   * Only for calls that mean the same when repeated: conditional updates that take
   * themselves out of their condition, inserts under a known _id, reads.
   */
  async retry<T>(op: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run(op);
      } catch (e) {
        const wait = backoffMs(attempt);
        if (!isTransient(e) || attempt >= RETRY_ATTEMPTS || !fits(wait + CALL_RESERVE_MS)) throw e;
        await sleep(wait);
      }
    }
  }

  /**
   * Run a transaction (`op` starts, commits or rolls back its own), again after each
   * transaction conflict (wx-server-sdk's runTransaction cannot see the conflict code)
   * or transient failure, with backoff bounded by the deadline. `op` must find out
   * itself whether an earlier attempt committed (its answer lost). After `attempts`
   * conflicts, or when no time is left, answers `exhausted()`.
   */
  async retryConflicts<T>(attempts: number, op: () => Promise<T>, exhausted: (e: unknown) => T | Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run(op);
      } catch (e) {
        if (!isTransient(e)) throw e;
        const wait = backoffMs(attempt);
        if (attempt >= attempts || !fits(wait + CALL_RESERVE_MS)) {
          if (isConflict(e)) return exhausted(e);
          throw e;
        }
        await sleep(wait);
      }
    }
  }
}
