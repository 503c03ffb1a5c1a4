import type { ReportSource } from './model';
import { minuteOfDay, parseClockTime } from './time';

/** A report more than this far from every scheduled time was an extra one. */
const SLOT_WINDOW_MINUTES = 3 * 60;

const circularDistance = (a: number, b: number): number => {
  const d = Math.abs(a - b) % 1440;
  return Math.min(d, 1440 - d);
};

/**
 * Which of the supplier's scheduled reports this was, as leaders say it:
 * 早报 / 晚报 for the first and last time of the day, 接口推送 for an API push (never
 * 实时: beside an age of hours it would contradict itself),
 * 临时报 for a count taken away from every scheduled time.
 */
export function reportSlotLabel(reportedAt: number, source: ReportSource, reportTimes: string[]): string {
  if (source === 'api') return '接口推送';
  const times = reportTimes.map(parseClockTime).filter((m): m is number => m !== undefined).sort((a, b) => a - b);
  if (times.length === 0) return '临时报';
  const at = minuteOfDay(reportedAt);
  let nearest = 0;
  times.forEach((m, i) => {
    if (circularDistance(at, m) < circularDistance(at, times[nearest]!)) nearest = i;
  });
  if (circularDistance(at, times[nearest]!) > SLOT_WINDOW_MINUTES) return '临时报';
  if (times.length === 1) return '日报';
  if (nearest === 0) return '早报';
  if (nearest === times.length - 1) return '晚报';
  return `${reportTimes.slice().sort()[nearest]}报`;
}
