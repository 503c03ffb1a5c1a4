// Group commit for the embedded store (issue 17). better-sqlite3 commits synchronously:
// at synchronous=FULL every transaction is an fsync on the one event loop, so a burst of
// orders costs one fsync each, one after another. Here the writes asked for in the same
// turn of the event loop wait for that turn to end, then run in one transaction, each
// inside its own savepoint (a nested better-sqlite3 transaction): a write that throws
// is rolled back alone and answered with its error, the others keep their effects.
// Every write is answered only after the transaction holding it has committed, so an
// answered write is as durable as before; one fsync now covers the whole batch.
import type Database from 'better-sqlite3';

/** The end of this turn of the event loop (setImmediate; a browser-like test environment has only timers). */
const afterThisTurn: (fn: () => void) => void = typeof setImmediate === 'function' ? (fn) => setImmediate(fn) : (fn) => setTimeout(fn, 0);

interface Pending {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Batches committed and writes in them, for measuring. */
  readonly stats = { batches: 0, writes: 0 };

  constructor(private readonly db: Database.Database) {}

  /** Runs `fn` (synchronous, writing through this connection) in the next group transaction. */
  write<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        afterThisTurn(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    // A write already inside a transaction (a caller's own) cannot be grouped: run it there.
    if (this.db.inTransaction) {
      for (const p of batch) this.settle(p, () => this.db.transaction(p.run)());
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.db.transaction(() => {
        for (const p of batch) {
          try {
            outcomes.push({ ok: true, value: this.db.transaction(p.run)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      // The commit itself failed: nothing of the batch is kept, every write is refused.
      for (const p of batch) p.reject(error);
      return;
    }
    this.stats.batches += 1;
    this.stats.writes += batch.length;
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }

  private settle(p: Pending, run: () => unknown): void {
    try {
      p.resolve(run());
    } catch (error) {
      p.reject(error);
    }
  }
}
