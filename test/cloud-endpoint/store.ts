// The documents behind the local endpoint: in memory, per collection in insertion
// order, each with a revision, with MongoDB query and update semantics from mingo.
// Every request runs synchronously on Node's one thread, so each request is atomic
// by itself, as a single-document (or multi) update is on the real service. A stored
// document is never changed in place (every write stores a new object), so reads hand
// out the stored objects and whoever changes one copies it first.
import { randomBytes } from 'node:crypto';
import { Aggregator, Query, find, update as applyOperators, updateMany } from 'mingo';
import { stringify } from './ejson';

export type Doc = Record<string, unknown>;
type Criteria = Record<string, unknown>;

/** Answered as `{code, message}` at HTTP 200, as the service does. */
export class ServiceError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

// Messages as the real service words them (seen in @cloudbase's own test suites).
export const CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';
const conflict = () => new ServiceError(CONFLICT,
  '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.');
const noTransaction = () => new ServiceError('DATABASE_TRANSACTION_FAIL',
  '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.');
const noCollection = (coll: string) => new ServiceError('DATABASE_COLLECTION_NOT_EXIST',
  `[ResourceNotFound] Db or Table not exist: ${coll}. Please check your request, but if the problem persists, contact us.`);
// CloudBase documents DATABASE_DUPLICATE_WRITE for a duplicate _id; the wording is MongoDB's.
const duplicate = (coll: string, id: string) => new ServiceError('DATABASE_DUPLICATE_WRITE',
  `E11000 duplicate key error collection: ${coll} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`);

export const TRANSACTION_TTL_MS = 30_000;
const keyOf = (coll: string, id: string) => `${coll}\u0000${id}`;
const newId = () => randomBytes(16).toString('hex');
const clone = (d: Doc): Doc => structuredClone(d);

/** What one request reads and writes: the committed data, or one transaction's view of it. */
export interface View {
  get(coll: string, id: string): Doc | null;
  list(coll: string): Doc[];
  put(coll: string, id: string, doc: Doc | null): void;
}

interface Snapshot { coll: string; id: string; rev: number; doc: Doc | null }

class Transaction implements View {
  /** Each document as first read or written here, with its revision then (0: absent). */
  readonly seen = new Map<string, Snapshot>();
  readonly writes = new Map<string, { coll: string; id: string; doc: Doc | null }>();
  /** Resolves when the transaction commits, aborts, is dropped or expires: writes waiting for its locks go on then. */
  readonly ended: Promise<void>;
  end!: () => void;
  /** Expiry runs on a timer too, so waiters are released even when no further request arrives. */
  timer?: NodeJS.Timeout;
  constructor(readonly id: string, readonly expiresAt: number, private readonly store: DocStore) {
    this.ended = new Promise<void>((resolve) => { this.end = resolve; });
  }

  private snapshot(coll: string, id: string): Snapshot {
    const key = keyOf(coll, id);
    let snap = this.seen.get(key);
    if (!snap) {
      const row = this.store.read(coll, id);
      snap = { coll, id, rev: row?.rev ?? 0, doc: row?.doc ?? null };
      this.seen.set(key, snap);
    }
    return snap;
  }

  get(coll: string, id: string): Doc | null {
    const key = keyOf(coll, id);
    if (this.writes.has(key)) return this.writes.get(key)!.doc;
    return this.snapshot(coll, id).doc;
  }

  list(coll: string): Doc[] {
    const ids = new Set(this.store.ids(coll));
    for (const s of [...this.seen.values(), ...this.writes.values()]) if (s.coll === coll) ids.add(s.id);
    return [...ids].map((id) => this.get(coll, id)).filter((d): d is Doc => d !== null);
  }

  put(coll: string, id: string, doc: Doc | null): void {
    const key = keyOf(coll, id);
    const snap = this.snapshot(coll, id);
    // MongoDB answers a write conflict at the write: the document moved since this
    // transaction first saw it, or another open transaction holds a write on it.
    if (this.store.revOf(coll, id) !== snap.rev || this.store.lockedByOther(key, this)) throw conflict();
    this.writes.set(key, { coll, id, doc });
  }
}

interface Stored { doc: Doc; rev: number }

export class DocStore {
  private readonly collections = new Set<string>();
  private readonly data = new Map<string, Map<string, Stored>>();
  /** Global write counter: a document's revision changes on every write, deletes included. */
  private rev = 0;
  private readonly transactions = new Map<string, Transaction>();
  /** How long a transaction lives; applies to transactions started afterwards. */
  ttlMs = TRANSACTION_TTL_MS;

  /** Drop every document and open transaction; created collections stay unless asked (like truncating tables). */
  reset(dropCollections = false): void {
    this.data.clear();
    if (dropCollections) this.collections.clear();
    for (const id of [...this.transactions.keys()]) this.drop(id);
    this.ttlMs = TRANSACTION_TTL_MS;
  }

  /** Ends every transaction first, so no timer outlives the store and no waiter hangs. */
  close(): void {
    for (const id of [...this.transactions.keys()]) this.drop(id);
    this.data.clear();
  }

  // ---- collections

  addCollection(coll: string): void {
    if (this.collections.has(coll)) throw new ServiceError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${coll} already exists`);
    this.collections.add(coll);
  }

  requireCollection(coll: unknown): string {
    if (typeof coll !== 'string' || !this.collections.has(coll)) throw noCollection(String(coll));
    return coll;
  }

  // ---- committed data; `committed` is the View of calls made outside a transaction

  private docsOf(coll: string): Map<string, Stored> {
    let docs = this.data.get(coll);
    if (!docs) {
      docs = new Map();
      this.data.set(coll, docs);
    }
    return docs;
  }

  read(coll: string, id: string): Stored | null {
    return this.data.get(coll)?.get(id) ?? null;
  }

  revOf(coll: string, id: string): number {
    return this.read(coll, id)?.rev ?? 0;
  }

  ids(coll: string): string[] {
    return [...(this.data.get(coll)?.keys() ?? [])];
  }

  /**
   * A View over committed data that only records which documents a write would
   * touch: the request runs against it first to learn whether it must wait for a lock.
   */
  probe(): View & { touched: Set<string> } {
    const touched = new Set<string>();
    return { touched, get: this.committed.get, list: this.committed.list, put: (coll, id) => void touched.add(keyOf(coll, id)) };
  }

  /** Open transactions holding a write on any of these documents. */
  holders(keys: Iterable<string>): Transaction[] {
    this.expire();
    const found = new Set<Transaction>();
    for (const key of keys) for (const tx of this.transactions.values()) if (tx.writes.has(key)) found.add(tx);
    return [...found];
  }

  /** Whether any open transaction holds a write at all (lets plain writes skip the probe). */
  hasLocks(): boolean {
    this.expire();
    for (const tx of this.transactions.values()) if (tx.writes.size > 0) return true;
    return false;
  }

  readonly committed: View = {
    get: (coll, id) => this.read(coll, id)?.doc ?? null,
    list: (coll) => [...(this.data.get(coll)?.values() ?? [])].map((stored) => stored.doc),
    put: (coll, id, doc) => this.write(coll, id, doc),
  };

  /** Map.set keeps an existing key's place: natural order stays insertion order, as rowids kept it. */
  private write(coll: string, id: string, doc: Doc | null): void {
    if (doc === null) this.data.get(coll)?.delete(id);
    else this.docsOf(coll).set(id, { doc, rev: ++this.rev });
  }

  // ---- transactions

  start(): string {
    const id = `tx-${newId()}`;
    const tx = new Transaction(id, Date.now() + this.ttlMs, this);
    tx.timer = setTimeout(() => this.drop(id), this.ttlMs + 1);
    tx.timer.unref(); // a forgotten transaction must not keep a test process alive
    this.transactions.set(id, tx);
    return id;
  }

  transaction(id: unknown): Transaction {
    this.expire();
    const tx = typeof id === 'string' ? this.transactions.get(id) : undefined;
    if (!tx) throw noTransaction();
    return tx;
  }

  lockedByOther(key: string, tx: Transaction): boolean {
    this.expire();
    for (const other of this.transactions.values()) if (other !== tx && other.writes.has(key)) return true;
    return false;
  }

  /** First committer wins: any document this transaction read or wrote must be as it first saw it. */
  commit(id: unknown): void {
    const tx = this.transaction(id);
    this.drop(tx.id);
    for (const snap of tx.seen.values()) if (this.revOf(snap.coll, snap.id) !== snap.rev) throw conflict();
    tx.writes.forEach((w) => this.write(w.coll, w.id, w.doc));
  }

  abort(id: unknown): void {
    this.drop(this.transaction(id).id);
  }

  /**
   * MongoDB aborts a transaction on any error inside it; later calls find it gone.
   * Every way a transaction ends comes through here, so its lock waiters are released
   * (they run in a later microtask, after a commit's writes are in).
   */
  drop(id: string): void {
    const tx = this.transactions.get(id);
    if (!tx) return;
    this.transactions.delete(id);
    clearTimeout(tx.timer);
    tx.end();
  }

  /** Timers can fire late; a request never sees a transaction past its limit. */
  private expire(): void {
    const now = Date.now();
    for (const [id, tx] of this.transactions) if (now > tx.expiresAt) this.drop(id);
  }
}

// ---- MongoDB semantics over a View (mingo does the matching and the operators)

function matching(view: View, coll: string, query: Criteria): Doc[] {
  // A plain _id equality is the common case (doc(), conditional updates): skip the scan.
  const candidates = typeof query._id === 'string' ? [view.get(coll, query._id)].filter((d): d is Doc => d !== null) : view.list(coll);
  const q = new Query(query);
  const lists = stringLists(query);
  if (lists.length === 0) return candidates.filter((d) => q.test(d));
  const rest = new Query(Object.fromEntries(Object.entries(query).filter(([field]) => !lists.some((l) => l.field === field))));
  return candidates.filter((d) => {
    let decided = true;
    for (const { field, allowed } of lists) {
      const value = d[field];
      if (typeof value !== 'string') decided = false;
      else if (!allowed.has(value)) return false;
    }
    return decided ? rest.test(d) : q.test(d);
  });
}

/**
 * mingo's $in builds a set of its list for every document it tests: a query of a few
 * hundred ids over tens of thousands of documents spends seconds there. A top-level
 * `{field: {$in: [strings]}}` is decided here with one set, as an index would serve it,
 * for every document whose value there is a string; mingo tests the rest of the query on
 * those, and the whole query on any other, so what matches is unchanged.
 */
function stringLists(query: Criteria): Array<{ field: string; allowed: Set<string> }> {
  const out: Array<{ field: string; allowed: Set<string> }> = [];
  for (const [field, value] of Object.entries(query)) {
    if (field.startsWith('$') || field.includes('.') || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const keys = Object.keys(value);
    const list = (value as Criteria).$in;
    if (keys.length !== 1 || !Array.isArray(list) || !list.every((v) => typeof v === 'string')) continue;
    out.push({ field, allowed: new Set(list as string[]) });
  }
  return out;
}

export interface FindOptions { order?: Record<string, 1 | -1>; offset?: number; limit?: number; projection?: Record<string, unknown> }

export function findDocs(view: View, coll: string, query: Criteria, o: FindOptions): Doc[] {
  let cursor = find(matching(view, coll, query), {}, o.projection && Object.keys(o.projection).length ? o.projection : undefined);
  if (o.order && Object.keys(o.order).length) cursor = cursor.sort(o.order);
  // The service's defaults: 100 documents unless asked, never more than 1,000 per call.
  const limit = Math.min(o.limit && o.limit > 0 ? o.limit : 100, 1000);
  return cursor.skip(o.offset ?? 0).limit(limit).all() as Doc[];
}

export const countDocs = (view: View, coll: string, query: Criteria): number => matching(view, coll, query).length;

function modified(doc: Doc, data: Doc, merge: boolean): Doc {
  const hasOperators = Object.keys(data).some((k) => k.startsWith('$'));
  if (!merge || !hasOperators) {
    const { _id: ignored, ...fields } = data; // a replacement keeps the document's _id
    return { _id: doc._id, ...clone(fields) };
  }
  const next = clone(doc);
  applyOperators(next, data);
  if (stringify(next._id) !== stringify(doc._id)) throw new ServiceError('INVALID_PARAM', 'cannot modify _id');
  return next;
}

/**
 * The operators applied to many documents at once: mingo sets up its operators for every
 * call, which over a multi-document update of 100,000 lines cost the cutoff bench most
 * of its time. Undefined (each document on its own, in turn) when any would fail.
 */
function modifiedAll(docs: Doc[], data: Doc, merge: boolean): Doc[] | undefined {
  if (docs.length < 2 || !merge || !Object.keys(data).some((k) => k.startsWith('$'))) return undefined;
  const next = docs.map(clone);
  try {
    updateMany(next, {}, data);
  } catch {
    return undefined;
  }
  return next.every((d, i) => stringify(d._id) === stringify(docs[i]!._id)) ? next : undefined;
}

export interface UpdateRequest { query: Criteria; data: Doc; multi: boolean; merge: boolean; upsert: boolean }

/** `updated` counts documents whose content changed, as MongoDB's nModified does. */
export function updateDocs(view: View, coll: string, r: UpdateRequest): { updated: number; upsert_id: string | null } {
  const targets = matching(view, coll, r.query);
  const chosen = r.multi ? targets : targets.slice(0, 1);
  const nexts = modifiedAll(chosen, r.data, r.merge);
  let updated = 0;
  chosen.forEach((doc, i) => {
    const next = nexts?.[i] ?? modified(doc, r.data, r.merge);
    if (stringify(next) === stringify(doc)) return;
    view.put(coll, String(doc._id), next);
    updated++;
  });
  if (targets.length > 0 || !r.upsert) return { updated, upsert_id: null };
  // Upsert: the query's plain equalities seed the new document.
  const seed: Doc = {};
  for (const [k, v] of Object.entries(r.query)) if (!k.startsWith('$') && (typeof v !== 'object' || v === null)) seed[k] = v;
  const id = seed._id !== undefined ? String(seed._id) : newId();
  view.put(coll, id, modified({ ...seed, _id: seed._id ?? id }, r.data, r.merge));
  return { updated: 0, upsert_id: id };
}

/** Ordered like insertMany: documents before a duplicate stay written (outside a transaction). */
export function insertDocs(view: View, coll: string, docs: Doc[]): string[] {
  return docs.map((d) => {
    const id = d._id !== undefined ? String(d._id) : newId();
    if (view.get(coll, id)) throw duplicate(coll, id);
    view.put(coll, id, { ...d, _id: d._id ?? id });
    return id;
  });
}

export function removeDocs(view: View, coll: string, query: Criteria, multi: boolean): number {
  const targets = matching(view, coll, query);
  const chosen = multi ? targets : targets.slice(0, 1);
  for (const d of chosen) view.put(coll, String(d._id), null);
  return chosen.length;
}

// Stages may change the documents they are given: they get copies. A leading $match
// runs first on the stored documents (as an index would serve it), so only the
// documents it keeps are copied.
export function aggregateDocs(view: View, coll: string, pipeline: Doc[]): Doc[] {
  const [first, ...rest] = pipeline;
  const leading = first !== undefined && Object.keys(first).length === 1 && '$match' in first ? (first.$match as Criteria) : undefined;
  const docs = leading === undefined ? view.list(coll) : matching(view, coll, leading);
  return new Aggregator(leading === undefined ? pipeline : rest).run(docs.map(clone)) as Doc[];
}
