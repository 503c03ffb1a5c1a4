import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every business time is Asia/Shanghai, whatever the machine's zone (CI runs in UTC). */
export const TZ = 'Asia/Shanghai';

/** The domain never reads the system time: callers pass a clock. */
export interface Clock {
  now(): number;
}

/** Shanghai has kept UTC+8 without daylight saving since 1991. */
export const SHANGHAI_OFFSET_MINUTES = 480;

/**
 * A Shanghai wall-clock view of an instant. A fixed offset, not `.tz(TZ)`: the
 * timezone plugin asks Intl on every call (150–290 µs), which dominated order
 * placement in the simulator; test/domain/time.test.ts checks both agree.
 */
export const inShanghai = (ms: number): dayjs.Dayjs => dayjs(ms).utcOffset(SHANGHAI_OFFSET_MINUTES);

/** '08:00' → 480; undefined when not a valid 24-hour time. */
export function parseClockTime(hhmm: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

export function minuteOfDay(ms: number): number {
  const t = inShanghai(ms);
  return t.hour() * 60 + t.minute();
}
