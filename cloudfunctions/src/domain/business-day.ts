import type { Settings, Supplier } from './model';
import { inShanghai, parseClockTime } from './time';

/** A business day is named by its Shanghai date: 'YYYY-MM-DD'. */
export type BusinessDay = string;

const minutesOf = (hhmm: string): number => {
  const m = parseClockTime(hhmm);
  if (m === undefined) throw new Error(`not a clock time: ${hhmm}`);
  return m;
};

/** The instant a day's cutoff falls at (Shanghai time). */
export function cutoffInstant(day: BusinessDay, cutoffTime: string): number {
  const m = minutesOf(cutoffTime);
  return inShanghai(Date.parse(`${day}T00:00:00+08:00`)).hour(Math.floor(m / 60)).minute(m % 60).second(0).millisecond(0).valueOf();
}

/** The day whose wave an order placed at `at` joins: today before cutoff, the next day from cutoff on. */
export function businessDayOf(at: number, cutoffTime: string): BusinessDay {
  const local = inShanghai(at);
  const today = local.format('YYYY-MM-DD');
  return at < cutoffInstant(today, cutoffTime) ? today : local.add(1, 'day').format('YYYY-MM-DD');
}

/** A supplier's own cutoff where it has one, else the global setting. */
export const cutoffTimeOf = (supplier: Supplier | undefined, settings: Settings): string => supplier?.cutoffTime ?? settings.cutoffTime;

/** When the wave an order placed at `at` joins closes: the leader's countdown. */
export function nextCutoff(at: number, cutoffTime: string): number {
  return cutoffInstant(businessDayOf(at, cutoffTime), cutoffTime);
}

/** When suppliers must have confirmed a day's wave: the deadline after that day's cutoff. */
export function deadlineInstant(day: BusinessDay, cutoffTime: string, deadlineTime: string): number {
  const cutoff = cutoffInstant(day, cutoffTime);
  const sameDay = cutoffInstant(day, deadlineTime);
  return sameDay > cutoff ? sameDay : sameDay + 24 * 60 * 60 * 1000;
}

/** 2026-11-27 → 11月27日, as people say it. */
export const dayLabel = (day: BusinessDay): string => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
