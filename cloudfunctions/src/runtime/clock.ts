import type { Clock } from '../domain/time';

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests and demos can move by hand (DESIGN: never the system time inside the domain). */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
