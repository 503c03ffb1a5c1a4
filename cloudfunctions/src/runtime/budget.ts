// How long the current call may still run. A WeChat cloud function is stopped at its
// configured timeout whatever it is doing, so long work (a report of thousands of
// lines, a retry after a rate limit) checks what is left and stops in time, leaving a
// resumable state behind. Wall-clock time: a driven test clock does not stop a function.
import { AsyncLocalStorage } from 'node:async_hooks';

const deadlines = new AsyncLocalStorage<number>();

/** Run `work` with a deadline (epoch ms, wall clock); nested calls keep the earlier one. */
export function withDeadline<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  const outer = deadlines.getStore();
  return deadlines.run(outer === undefined ? deadline : Math.min(outer, deadline), work);
}

/** Milliseconds this call has left; Infinity outside any deadline. */
export function timeLeft(): number {
  const deadline = deadlines.getStore();
  return deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now();
}

/** Whether `ms` more of work still fits before the deadline. */
export const fits = (ms: number): boolean => timeLeft() > ms;

/**
 * A call plans to be done by half its function's timeout: long work (a report of
 * thousands of lines, a scheduler run) stops there, resumable, and the other half is
 * room for a slow day on the service before WeChat stops the function.
 */
export const callDeadline = (timeoutMs: number, startedAt = Date.now()): number => startedAt + timeoutMs / 2;
