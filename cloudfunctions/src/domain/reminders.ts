// When the timed reminders fall (DESIGN §1, §6): each is a clock time plus an offset,
// raised by the scheduler tick whose window contains it — once, since the tick
// windows do not overlap and the alert is deduplicated by its key anyway.
import { type BusinessDay, cutoffInstant } from './business-day';
import { inShanghai } from './time';

/** A scheduler tick covers (from, to]. */
export interface TickWindow {
  from: number;
  to: number;
}

export interface Occurrence {
  day: BusinessDay;
  time: string;
  /** The scheduled instant itself (e.g. the 08:00 report), before the offset. */
  at: number;
}

const MINUTE = 60_000;

/** Each `time` of the days around the window whose instant plus `offsetMinutes` falls in the window. */
export function occurrencesIn(times: string[], window: TickWindow, offsetMinutes: number): Occurrence[] {
  const days = [-1, 0, 1].map((d) => inShanghai(window.to).add(d, 'day').format('YYYY-MM-DD'));
  const found: Occurrence[] = [];
  for (const day of days) {
    for (const time of times) {
      const at = cutoffInstant(day, time);
      const fires = at + offsetMinutes * MINUTE;
      if (fires > window.from && fires <= window.to) found.push({ day, time, at });
    }
  }
  return found;
}

/** A report counts for a scheduled time when it came at most this long before it (reports come early). */
export const REPORT_EARLY_MINUTES = 3 * 60;

export const reportedFor = (occurrence: Occurrence, lastReportAt: number | undefined): boolean =>
  lastReportAt !== undefined && lastReportAt >= occurrence.at - REPORT_EARLY_MINUTES * MINUTE;
