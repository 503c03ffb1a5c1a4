// When a supplier's stocktake opens (DESIGN §8a, the seed's "每周或每半月"): a weekday and
// a time, every week or every other week counted from a first date. Pure.
import dayjs from 'dayjs';
import { type Occurrence, type TickWindow, occurrencesIn } from './reminders';
import { inShanghai } from './time';

export interface StocktakeSchedule {
  every: 'week' | 'fortnight';
  /** 1 (Monday) … 7 (Sunday). */
  weekday: number;
  /** 'HH:mm', Shanghai. */
  time: string;
  /** 'YYYY-MM-DD': the first stocktake's day; every other week counts from it. */
  from: string;
}

/** How long the supplier has to count once a stocktake opens. */
export const STOCKTAKE_COUNT_HOURS = 24;

const isoWeekday = (day: string): number => ((dayjs(day).day() + 6) % 7) + 1;

/** The scheduled openings in the tick's window (at most one). */
export function stocktakesDue(schedule: StocktakeSchedule, window: TickWindow): Occurrence[] {
  return occurrencesIn([schedule.time], window, 0).filter(({ day }) => {
    if (day < schedule.from || isoWeekday(day) !== schedule.weekday) return false;
    const weeks = Math.round(dayjs(day).diff(dayjs(schedule.from), 'day') / 7);
    return schedule.every === 'week' || weeks % 2 === 0;
  });
}

/** One stocktake per supplier and scheduled day: opening it twice finds the first. */
export const scheduledStocktakeId = (supplierId: string, day: string): string => `stk_${supplierId}_${day}`;

/** The next scheduled day on or after `now`'s day, for the supplier page ('2026-12-07'). */
export function nextStocktakeDay(schedule: StocktakeSchedule, now: number): string {
  let day = inShanghai(now).format('YYYY-MM-DD');
  if (day < schedule.from) day = schedule.from;
  for (let i = 0; i < 21; i++) {
    const d = dayjs(day).add(i, 'day').format('YYYY-MM-DD');
    const weeks = Math.round(dayjs(d).diff(dayjs(schedule.from), 'day') / 7);
    if (isoWeekday(d) === schedule.weekday && (schedule.every === 'week' || weeks % 2 === 0)) return d;
  }
  return day;
}
