// Display numbers of orders ("1202-0042") on the cloud database: one counter document per
// leader and day. The service cannot increment and answer the new value in one call, so a
// claim is a conditional write from the value last seen — an add of the day's first
// counter, or `where({ last: seen }).update({ last: seen + 1 })` — and only the caller
// whose write matched gets the number. The value this instance last handed out is the
// first guess, so a leader's next order usually costs one call; a wrong guess reads the
// counter and tries again. A write whose answer was lost costs a number, never a duplicate.
import { fits } from '../../runtime/budget';
import type { CloudAccess } from './cloud-access';
import { sleep } from './cloud-sdk';

/** Claims of one leader at one moment are a few (two phones, a retry); a burst of them still ends. */
const CLAIM_ATTEMPTS = 60;
/** Losers pause a little, at random, so they do not meet again in lockstep. */
const pauseMs = (attempt: number): number => Math.round(Math.random() * Math.min(200, 10 * attempt));
/** Guesses kept per instance (leader × day); dropped all at once past this. */
const GUESSES_KEPT = 5_000;

const counterId = (leaderId: string, day: string): string => `${leaderId}_${day}`;

export class CloudOrderNumbers {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly a: CloudAccess) {}

  async claim(leaderId: string, day: string): Promise<number> {
    const id = counterId(leaderId, day);
    let seen = this.lastSeen.get(id);
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      const next = (seen ?? 0) + 1;
      if (await this.write(id, leaderId, day, seen)) {
        if (this.lastSeen.size >= GUESSES_KEPT) this.lastSeen.clear();
        this.lastSeen.set(id, next);
        return next;
      }
      const pause = pauseMs(attempt);
      if (!fits(pause + 1_000)) break;
      await sleep(pause);
      const doc = await this.a.rawById('order_numbers', id);
      seen = doc ? (doc.last as number) : undefined;
    }
    throw new Error(`order numbers: too many concurrent claims for ${id}`);
  }

  /** The day's first number adds the counter; every later one moves it on from the value seen. */
  private async write(id: string, leaderId: string, day: string, seen: number | undefined): Promise<boolean> {
    if (seen === undefined) return this.a.insertOnce('order_numbers', id, { leaderId, day, last: 1 });
    const { stats } = await this.a.retry(() => this.a.col('order_numbers').where({ _id: id, last: seen }).update({ data: { last: seen + 1 } }));
    return stats.updated === 1;
  }
}
