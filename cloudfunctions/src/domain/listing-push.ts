// Stock pushed to 微信小店 listings (issue 18): an append-only log per listing. Each push is
// two entries: `sent` (what we are about to ask, written before the call) and `answer`
// (what WeChat said). A sent entry without an answer (a crash, a lost reply) is never
// repeated as a diff — WeChat may have applied it — but resolved by reading the shop's
// stock and setting the count. The change pushed is the count now minus the count of the
// last accepted push, so a refused push is not counted and a retry never doubles. No I/O.

import type { DiffType } from '../storefront/channels-api';

interface PushBase {
  /** `${listingId}_${seq}`: one entry per place, so two ticks cannot both write one. */
  id: string;
  listingId: string;
  seq: number;
  at: number;
}

export interface PushSent extends PushBase {
  type: 'sent';
  /** The count the listing should show once WeChat applies it. */
  count: number;
  diffType: DiffType;
  num: number;
  /** The shop's stock read just before a set (diff_type 3). */
  readStock?: number;
}

export interface PushAnswer extends PushBase {
  type: 'answer';
  /** The sent entry's seq. */
  sentSeq: number;
  accepted: boolean;
  code?: number;
  message?: string;
}

/** A drift check's stock/get that found the shop showing what we last pushed: nothing sent. */
export interface PushRead extends PushBase {
  type: 'read';
  stock?: number;
  /** stock/get refused: counted as a refusal (retried, and stale past the set time). */
  error?: { code: number; message: string };
}

export type ListingPushEntry = PushSent | PushAnswer | PushRead;

export const pushEntryId = (listingId: string, seq: number): string => `${listingId}_${seq}`;

/** Retries as the supplier webhook's: 1, 2, 4 … minutes after each refusal, at most an hour. */
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;
/** A listing refused for this long since its last accepted push is stale (已过期) and alerted. */
export const PUSH_STALE_AFTER_MS = 30 * 60_000;
/** With no push for this long, the shop's stock is read and, if it drifted, set. */
export const DRIFT_QUIET_MS = 60 * 60_000;

export interface PushState {
  lastAccepted?: { count: number; at: number; seq: number };
  /** The newest push and its answer, for the listing page. */
  last?: { count: number; at: number; accepted: boolean | null; code?: number; message?: string };
  /** A sent entry with no answer yet. */
  unanswered?: PushSent;
  /** Refusals since the last accepted push, and when the first came. */
  refusals: number;
  failingSince?: number;
  /** The newest entry's time: a push, an answer or a drift check. */
  lastActivityAt?: number;
  nextSeq: number;
}

/** One listing's log (entries in any order) folded to what decides the next push. */
export function foldPushes(entries: readonly ListingPushEntry[]): PushState {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const state: PushState = { refusals: 0, nextSeq: 1 };
  const sentBySeq = new Map<number, PushSent>();
  for (const e of sorted) {
    state.nextSeq = e.seq + 1;
    state.lastActivityAt = e.at;
    if (e.type === 'read') {
      if (e.error) {
        state.refusals += 1;
        state.failingSince ??= e.at;
        state.last = { count: state.last?.count ?? 0, at: e.at, accepted: false, code: e.error.code, message: e.error.message };
      }
      continue;
    }
    if (e.type === 'sent') {
      sentBySeq.set(e.seq, e);
      state.unanswered = e;
      state.last = { count: e.count, at: e.at, accepted: null };
      continue;
    }
    const sent = sentBySeq.get(e.sentSeq);
    if (!sent) continue;
    if (state.unanswered?.seq === e.sentSeq) delete state.unanswered;
    state.last = { count: sent.count, at: e.at, accepted: e.accepted, ...(e.code !== undefined ? { code: e.code } : {}), ...(e.message !== undefined ? { message: e.message } : {}) };
    if (e.accepted) {
      state.lastAccepted = { count: sent.count, at: e.at, seq: sent.seq };
      state.refusals = 0;
      delete state.failingSince;
    } else {
      state.refusals += 1;
      state.failingSince ??= e.at;
    }
  }
  return state;
}

/** What the next tick does for one listing. */
export type PushStep =
  | { kind: 'none' }
  | { kind: 'wait'; until: number }
  | { kind: 'diff'; diffType: 1 | 2; num: number }
  /** Read stock/get, then set the count if the shop shows another. */
  | { kind: 'read-and-set' };

export function nextPush(state: PushState, count: number, now: number): PushStep {
  if (state.refusals > 0) {
    const wait = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (state.refusals - 1));
    const lastAt = state.last?.at ?? now;
    if (now < lastAt + wait) return { kind: 'wait', until: lastAt + wait };
  }
  if (state.unanswered || !state.lastAccepted) return { kind: 'read-and-set' };
  const delta = count - state.lastAccepted.count;
  if (delta > 0) return { kind: 'diff', diffType: 1, num: delta };
  if (delta < 0) return { kind: 'diff', diffType: 2, num: -delta };
  if (now - (state.lastActivityAt ?? 0) >= DRIFT_QUIET_MS) return { kind: 'read-and-set' };
  return { kind: 'none' };
}

/** Refused since its last accepted push for longer than the stale time. */
export const isStale = (state: PushState, now: number): boolean => state.failingSince !== undefined && now - state.failingSince >= PUSH_STALE_AFTER_MS;

/** WeChat's refusal in Chinese for the listing page: our reading of the code, then WeChat's own words. */
export function pushErrorText(code: number | undefined, message: string | undefined): string {
  const words = message ? `（${message}）` : '';
  if (code === -1) return `微信小店系统繁忙，稍后重试${words}`;
  if (code === -604101) return `云函数没有调用微信小店接口的权限（config.json）${words}`;
  if (code === 10020052) return `微信小店找不到这个商品${words}`;
  if (code === 40001 || code === 42001) return `微信小店接口凭证无效${words}`;
  return `微信小店拒绝了这次推送，错误码 ${code ?? '未知'}${words}`;
}
