// Who may come in (DESIGN §7): invite codes are single-use, case-insensitive and expire;
// sessions end after a while unused and after a longest life; disabled people are out.
// Pure rules; the handlers keep the state.
import type { Session, User } from './model';

import { DAY_MS } from './report';

/** An invite opens the door for this long after it is issued. */
export const INVITE_VALID_MS = 7 * DAY_MS;

export interface SessionPolicy {
  /** A session unused this long has ended. */
  idleMs: number;
  /** Whatever its use, a session ends this long after sign-in. */
  maxAgeMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * DAY_MS, maxAgeMs: 180 * DAY_MS };

/** Last use is written at most this often: a session read on every call is not a write on every call. */
export const SESSION_TOUCH_EVERY_MS = 60 * 60 * 1000;

/** A person who may act, and be told things: not disabled by an operator. */
export const isActive = (user: User): boolean => !user.disabled;
export const isActiveOperator = (user: User): boolean => user.role === 'operator' && isActive(user);

/**
 * People type codes in any case, with spaces (around, or "ABCD EFGH" as read aloud), and a
 * phone's Chinese keyboard gives full-width letters and digits: all find the same code.
 */
export const normalizeInviteCode = (code: string): string => code.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

export type InviteState = 'open' | 'used' | 'expired';

/** Whether a person's code can still sign someone in. The demo people's codes stay open (a demo is tried many times). */
export function inviteState(user: User, now: number): InviteState {
  if (user.demo) return 'open';
  if (user.inviteUsedAt !== undefined) return 'used';
  if (user.inviteIssuedAt !== undefined && now - user.inviteIssuedAt > INVITE_VALID_MS) return 'expired';
  return 'open';
}

export const inviteExpiresAt = (user: User): number | null => (user.inviteIssuedAt === undefined ? null : user.inviteIssuedAt + INVITE_VALID_MS);

export const sessionLive = (session: Session, now: number, policy: SessionPolicy = DEFAULT_SESSION_POLICY): boolean =>
  now - session.lastUsedAt <= policy.idleMs && now - session.createdAt <= policy.maxAgeMs;

export const sessionNeedsTouch = (session: Session, now: number): boolean => now - session.lastUsedAt >= SESSION_TOUCH_EVERY_MS;
