// Refusals answered slowly to whoever keeps earning them. A client that loops on wrong
// codes, dead tokens or malformed bodies would otherwise get its refusals as fast as the
// one event loop can write them, and everyone else waits behind. Past a free allowance
// per address in a window, each further refusal waits before it is sent (a timer, no
// work) and its connection closes, so an unread body is never drained. People who
// mistype a code or whose session ran out never reach the allowance.
export interface RefusalBrakeOptions {
  /** Refusals per address per window answered at once. */
  free: number;
  windowMs: number;
  /** How long each refusal past the allowance waits. */
  delayMs: number;
}

export const DEFAULT_REFUSAL_BRAKE: RefusalBrakeOptions = { free: 30, windowMs: 60_000, delayMs: 1_000 };

/** The statuses of the door (who you are, what you sent), not of the business (stock, state). */
export const DOOR_STATUSES = new Set([400, 401, 404, 413, 415, 429]);

interface Count { first: number; n: number }

export class RefusalBrake {
  private readonly counts = new Map<string, Count>();
  constructor(readonly options: RefusalBrakeOptions = DEFAULT_REFUSAL_BRAKE, private readonly now: () => number = Date.now) {}

  /** Count a refusal to `address`; answers how long to hold it (0: send at once). */
  refused(address: string): number {
    const now = this.now();
    const c = this.counts.get(address);
    const next = !c || now - c.first > this.options.windowMs ? { first: now, n: 1 } : { first: c.first, n: c.n + 1 };
    this.counts.set(address, next);
    if (this.counts.size > 100_000) this.forgetOld(now);
    return next.n > this.options.free ? this.options.delayMs : 0;
  }

  private forgetOld(now: number): void {
    for (const [key, c] of this.counts) if (now - c.first > this.options.windowMs) this.counts.delete(key);
  }
}
