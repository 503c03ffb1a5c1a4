// Wrong invite codes, counted where they come from: per address and per the code's first
// characters (someone trying LEAD-0001, LEAD-0002 …). Past the threshold in the window,
// that key is locked for a while and the sign-in says when to try again. In memory: the
// self-hosted server is one process, and a restart forgetting the counts is harmless.
export interface SignInGuardOptions {
  failures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_SIGN_IN_GUARD: SignInGuardOptions = { failures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

interface Count { first: number; n: number; lockedUntil: number }

/** The part of a code that groups guesses of one person's code. */
export const codePrefix = (code: string): string => code.trim().toUpperCase().slice(0, 4);

export class SignInGuard {
  private readonly counts = new Map<string, Count>();
  constructor(private readonly options: SignInGuardOptions = DEFAULT_SIGN_IN_GUARD, private readonly now: () => number = Date.now) {}

  /** Milliseconds until any of these keys may try again; 0 when none is locked. */
  lockedFor(keys: string[]): number {
    const now = this.now();
    return Math.max(0, ...keys.map((k) => (this.counts.get(k)?.lockedUntil ?? 0) - now));
  }

  fail(keys: string[]): void {
    const now = this.now();
    for (const key of keys) {
      const c = this.counts.get(key);
      const fresh = !c || now - c.first > this.options.windowMs;
      const next: Count = fresh ? { first: now, n: 1, lockedUntil: 0 } : { ...c!, n: c!.n + 1 };
      if (next.n >= this.options.failures) next.lockedUntil = now + this.options.lockMs;
      this.counts.set(key, next);
    }
    if (this.counts.size > 100_000) this.forgetOld(now);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.counts.delete(key);
  }

  private forgetOld(now: number): void {
    for (const [key, c] of this.counts) if (now - c.first > this.options.windowMs && c.lockedUntil < now) this.counts.delete(key);
  }
}
