// Orders out by webhook (issue 14): each wave forwarded at cutoff is POSTed to the URL
// the supplier registered, signed with its key, idempotent by event id, retried with
// exponential backoff for a day, then parked as failed until an operator retries it.
// The event holds what to send, not the lines: they are read when it is sent, so a
// line that joined the wave late is in it. No I/O here.

import type { LedgerEntry } from './model';

/** What happened to one order line, for a supplier who asked to hear of each. */
export type LineEventKind = 'line.placed' | 'line.changed' | 'line.cancelled';
export type WebhookKind = 'wave.forwarded' | LineEventKind;
export type WebhookStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookEvent {
  /** Also the receiver's dedupe key (X-HZ-Event): one per wave. */
  id: string;
  supplierId: string;
  kind: WebhookKind;
  /** The wave it is about; for a line event, the order. */
  refId: string;
  /** A line event's SKU (its line is the order's line of this SKU). */
  skuId?: string;
  /** A line event's units moved: placed, added or taken off. */
  units?: number;
  createdAt: number;
  status: WebhookStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError?: { at: number; message: string };
  deliveredAt?: number;
  /** Retries go on for a day from here: its creation, or an operator's 重试. */
  retryFrom: number;
  /** An operator sent it again after it was parked. */
  retriedBy?: string;
}

/** How long a delivery is retried before it is parked as failed. */
export const WEBHOOK_RETRY_FOR_MS = 24 * 60 * 60_000;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;

export const waveEventId = (waveId: string): string => `wave.forwarded:${waveId}`;

export const newWaveEvent = (supplierId: string, waveId: string, at: number): WebhookEvent => ({
  id: waveEventId(waveId), supplierId, kind: 'wave.forwarded', refId: waveId, createdAt: at, status: 'pending', attempts: 0, nextAttemptAt: at, retryFrom: at,
});

/** A ledger entry's line event: a placement, or a leader's change (to 0: a cancellation); others are none. */
export function lineEventKind(entry: LedgerEntry): LineEventKind | null {
  if (entry.kind === 'reserve') return entry.lineQty === undefined ? 'line.placed' : 'line.changed';
  if (entry.kind === 'cancel') return entry.lineQty === 0 ? 'line.cancelled' : 'line.changed';
  return null;
}

/** One event per ledger entry, under the entry's id (found twice, it is added once); dated when it happened, sent from `at`. */
export function newLineEvent(supplierId: string, entry: LedgerEntry, at: number): WebhookEvent | null {
  const kind = lineEventKind(entry);
  return kind === null ? null : {
    id: `${kind}:${entry.id}`, supplierId, kind, refId: entry.refId, skuId: entry.skuId, units: entry.qty,
    createdAt: entry.at, status: 'pending', attempts: 0, nextAttemptAt: at, retryFrom: at,
  };
}

export const delivered = (event: WebhookEvent, at: number): WebhookEvent =>
  ({ ...event, status: 'delivered', attempts: event.attempts + 1, deliveredAt: at, nextAttemptAt: at });

/** A failed attempt: the next one after 1, 2, 4 … minutes (at most an hour), or parked once a day has gone by. */
export function failedAttempt(event: WebhookEvent, at: number, message: string): WebhookEvent {
  const attempts = event.attempts + 1;
  const wait = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1));
  const parked = at + wait - event.retryFrom > WEBHOOK_RETRY_FOR_MS;
  return { ...event, attempts, status: parked ? 'failed' : 'pending', nextAttemptAt: at + wait, lastError: { at, message } };
}

/** 重试: a parked event goes out again at once, and gets another day of retries. */
export const retried = (event: WebhookEvent, at: number, by: string): WebhookEvent =>
  ({ ...event, status: 'pending', nextAttemptAt: at, retryFrom: at, retriedBy: by });
