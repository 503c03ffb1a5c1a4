// What cloud-store.ts needs around wx-server-sdk: the slice of its database API the
// adapter uses, how its errors read, and small helpers with no state of their own.
import type * as wx from 'wx-server-sdk';

// ---- the part of the SDK the adapter uses (wx-server-sdk's own typings answer `Promise<T> | void | string`)

export type Doc = Record<string, unknown>;

export interface CloudQuery {
  where(condition: object): CloudQuery;
  /** A projection: `{name: true}` answers only those fields (and _id). */
  field(projection: Record<string, boolean>): CloudQuery;
  orderBy(field: string, direction: 'asc' | 'desc'): CloudQuery;
  skip(offset: number): CloudQuery;
  limit(max: number): CloudQuery;
  get(): Promise<{ data: Doc[] }>;
  update(options: { data: object }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface CloudDocument {
  get(): Promise<{ data: Doc | null }>;
  set(options: { data: object }): Promise<unknown>;
  update(options: { data: object }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<unknown>;
}

/** A pipeline the service runs where the data is (totals over more documents than a call may read). */
export interface CloudAggregate {
  match(condition: object): CloudAggregate;
  group(spec: object): CloudAggregate;
  sort(spec: Record<string, 1 | -1>): CloudAggregate;
  skip(n: number): CloudAggregate;
  limit(n: number): CloudAggregate;
  /** wx-server-sdk answers the results as `list`. */
  end(): Promise<{ list: Doc[] }>;
}

export interface CloudCollection extends CloudQuery {
  doc(id: string): CloudDocument;
  add(options: { data: object | object[] }): Promise<unknown>;
  aggregate(): CloudAggregate;
}

export interface CloudCommand {
  eq(value: unknown): unknown;
  exists(present: boolean): unknown;
  gt(value: unknown): unknown;
  gte(value: number): unknown;
  lt(value: number): unknown;
  lte(value: number): unknown;
  and(...conditions: unknown[]): unknown;
  in(values: unknown[]): unknown;
  neq(value: unknown): unknown;
  or(...conditions: unknown[]): unknown;
  inc(value: number): unknown;
  push(value: unknown): unknown;
  pull(condition: object): unknown;
  /** Replace the field's value whole (a plain object in update data is merged key by key). */
  set(value: unknown): unknown;
  /** Drop the field. */
  remove(): unknown;
}

export interface CloudTransaction {
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

// ---- errors as they arrive through wx-server-sdk (its wrapper maps unknown codes to -501001, keeping the message)

interface SdkError { code?: unknown; errCode?: unknown; errMsg?: unknown; message?: unknown }

const errorText = (e: unknown): string => {
  const x = (e ?? {}) as SdkError;
  return `${String(x.code ?? '')} ${String(x.errCode ?? '')} ${String(x.errMsg ?? x.message ?? e)}`;
};
export const isConflict = (e: unknown): boolean => /DATABASE_TRANSACTION_CONFLICT|TransactionConflict/.test(errorText(e));
/**
 * Worth calling again: a transaction conflict, the service's rate and concurrency
 * limits (wx-server-sdk: -501003, -501004, "exceed … request limit"), a server timeout
 * (-501002) or a dropped connection. Anything else (a bad argument, a duplicate _id, a
 * missing document in a transaction) answers the same however often it is asked.
 */
const TRANSIENT_CODES = new Set([-501002, -501003, -501004]);
export const isTransient = (e: unknown): boolean => isConflict(e)
  || TRANSIENT_CODES.has(Number((e as SdkError | undefined)?.errCode))
  || /EXCEED_(CONCURRENT_)?REQUEST_LIMIT|exceed (concurrent )?request limit|server timeout|RESOURCE_EXHAUSTED|SYSTEM_BUSY|TIMEOUT|ETIMEDOUT|ESOCKETTIMEDOUT|ECONNRESET|ECONNREFUSED|EPIPE|socket hang up|timed? ?out/i
    .test(errorText(e));
export const isMissingCollection = (e: unknown): boolean =>
  (e as SdkError | undefined)?.errCode === -502005 || /DATABASE_COLLECTION_NOT_EXIST|-502005|Db or Table not exist/.test(errorText(e));
/** doc().get() of a missing document inside a transaction throws (the SDK's throwOnNotFound). */
export const isDocumentNotFound = (e: unknown): boolean => /document with _id .* does not exist/.test(errorText(e));

/** A transaction's doc().get(), answering null for a missing document instead of throwing. */
export const getInTransaction = (tx: CloudTransaction, coll: string, id: string): Promise<Doc | null> =>
  tx.collection(coll).doc(id).get().then((r) => r.data, (e: unknown) => {
    if (isDocumentNotFound(e)) return null;
    throw e;
  });

/** After a write conflict the service has already aborted it; a second abort fails harmlessly. */
export const rollbackQuietly = (tx: CloudTransaction): Promise<unknown> => tx.rollback().catch(() => undefined);

// ---- helpers

/** First pause after a transient failure, and the most any one pause may grow to. */
export const BACKOFF_BASE_MS = 100;
export const BACKOFF_CAP_MS = 3_000;

/**
 * Exponential backoff with jitter: about 100 ms after the first failure, doubling to a
 * few seconds, half of it random so that callers who failed together do not retry
 * together (a rate limit lasts longer than a 40 ms pause).
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Records read back equal what was written: drop what the database (or the adapter) adds. */
export function plain<T>(doc: Doc, hidden: readonly string[] = []): T {
  const { _id, _openid, ...rest } = doc;
  for (const h of hidden) delete rest[h];
  return rest as T;
}

/**
 * A reservation between its conditional decrement and its seal (`order`, `qty`; see
 * cloud-orders.ts), or a wave confirmation between a SKU's shortage and its short lines
 * (`wave`; see cloud-waves.ts). Markers from before orders were kept as intents carry
 * neither `order` nor `wave`.
 */
export interface PendingMarker { token: string; at: number; wave?: string; order?: string; qty?: number }

/**
 * A marker or an order intent older than this belongs to a call that is no longer
 * running: longer than any cloud function may run (the longest timeout is 60 s), with
 * room for clocks that differ by a little.
 */
export const DEAD_AFTER_MS = 2 * 60_000;

export const markersOf = (doc: Doc | null): PendingMarker[] => (Array.isArray(doc?.pending) ? doc.pending as PendingMarker[] : []);

/** A reservation's marker that may still be moving: its function may still be running. */
export const isLiveReservation = (m: PendingMarker, now: number): boolean => m.wave === undefined && now - m.at < DEAD_AFTER_MS;

export const livePending = (doc: Doc | null, now: number): boolean => markersOf(doc).some((p) => isLiveReservation(p, now));

/** Confirmations that marked this record and died half-way (their markers went stale). */
export const deadConfirmations = (doc: Doc | null, now: number): string[] =>
  [...new Set(markersOf(doc).flatMap((p) => (typeof p.wave === 'string' && now - p.at >= DEAD_AFTER_MS ? [p.wave] : [])))];

/** Orders whose placement marked this record and died (their markers went stale). */
export const deadReservations = (doc: Doc | null, now: number): string[] =>
  [...new Set(markersOf(doc).flatMap((p) => (p.wave === undefined && typeof p.order === 'string' && !isLiveReservation(p, now) ? [p.order] : [])))];

/** The token a wave's confirmation marks its short SKUs with. */
export const confirmationToken = (waveId: string): string => `confirm:${waveId}`;

export const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export const byString = <T>(key: (t: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** Newest first by a time, then by id descending (how reports and held reports list). */
export const newestFirst = <T>(at: (t: T) => number, id: (t: T) => string) => (a: T, b: T): number =>
  at(b) - at(a) || byString(id)(b, a);
