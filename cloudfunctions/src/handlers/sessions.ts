// Self-hosted sign-ins (DESIGN §7). A session token is shown to the browser once and
// kept only as its SHA-256 hash, so a copied database or backup opens nothing. A
// session ends when unused for a while or past its longest life, when its person is
// disabled, or when signed out (one device, or all of them).
import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_SESSION_POLICY, sessionLive, sessionNeedsTouch } from '../domain/access';
import type { User } from '../domain/model';
import type { Deps } from './action';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** 32 random bytes: nothing to guess. */
const newToken = (): string => `hz_${randomBytes(32).toString('base64url')}`;

/** Open a session for a person; answers the token, which is never stored. */
export async function openSession(deps: Deps, userId: string, device?: string): Promise<string> {
  const token = newToken();
  const now = deps.clock.now();
  await deps.store.createSession({ tokenHash: hashToken(token), userId, createdAt: now, lastUsedAt: now, ...(device ? { device: device.slice(0, 120) } : {}) });
  return token;
}

/** The person a token signs in, if its session is live; a dead one is removed on the way. */
export async function sessionCaller(deps: Pick<Deps, 'store' | 'clock' | 'sessionPolicy'>, token: string): Promise<User | null> {
  const { store, clock } = deps;
  const tokenHash = hashToken(token);
  const session = await store.findSession(tokenHash);
  if (!session) return null;
  const now = clock.now();
  if (!sessionLive(session, now, deps.sessionPolicy ?? DEFAULT_SESSION_POLICY)) {
    await store.deleteSession(tokenHash);
    return null;
  }
  if (sessionNeedsTouch(session, now)) await store.touchSession(tokenHash, now);
  return store.getUser(session.userId);
}
