// What cloud-store.ts needs around wx-server-sdk: the slice of its database API the
// adapter uses, how its errors read, and small helpers with no state of their own.
import type * as wx from 'wx-server-sdk';

// ---- the part of the SDK the adapter uses (wx-server-sdk's own typings answer `Promise<T> | void | string`)

export type Doc = Record<string, unknown>;

export interface CloudQuery {
  where(condition: object): CloudQuery;
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

export interface CloudCollection extends CloudQuery {
  doc(id: string): CloudDocument;
  add(options: { data: object | object[] }): Promise<unknown>;
}

export interface CloudCommand {
  eq(value: unknown): unknown;
  exists(present: boolean): unknown;
  gt(value: unknown): unknown;
  gte(value: number): unknown;
  lte(value: number): unknown;
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

export const pause = (attempt: number): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * 8 * attempt));

/** Records read back equal what was written: drop what the database (or the adapter) adds. */
export function plain<T>(doc: Doc, hidden: readonly string[] = []): T {
  const { _id, _openid, ...rest } = doc;
  for (const h of hidden) delete rest[h];
  return rest as T;
}

/**
 * A reservation between its conditional decrement and its seal (see cloud-store.ts),
 * or a wave confirmation between a SKU's shortage and its short lines (`wave` set; see
 * cloud-waves.ts).
 */
export interface PendingMarker { token: string; at: number; wave?: string }

/** A pending marker older than this belongs to a reservation or confirmation that died (function timeout, crash). */
export const PENDING_STALE_MS = 5 * 60_000;

const markersOf = (doc: Doc | null): PendingMarker[] => (Array.isArray(doc?.pending) ? doc.pending as PendingMarker[] : []);

export const livePending = (doc: Doc | null, now: number): boolean => markersOf(doc).some((p) => now - p.at < PENDING_STALE_MS);

/**
 * Waves whose confirmation marked this record and has not finished, however old the
 * mark: unlike a dead reservation's, such a mark is never dropped by a set(), it is
 * finished (the wave document keeps the confirmation).
 */
export const unfinishedConfirmations = (doc: Doc | null): string[] =>
  [...new Set(markersOf(doc).flatMap((p) => (typeof p.wave === 'string' ? [p.wave] : [])))];

/** The token a wave's confirmation marks its short SKUs with. */
export const confirmationToken = (waveId: string): string => `confirm:${waveId}`;

export const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export const byString = <T>(key: (t: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** Newest first by a time, then by id descending (how reports and held reports list). */
export const newestFirst = <T>(at: (t: T) => number, id: (t: T) => string) => (a: T, b: T): number =>
  at(b) - at(a) || byString(id)(b, a);
