import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { Freshness } from './types';

dayjs.extend(utc);

// Asia/Shanghai is UTC+8 all year (no daylight saving). A fixed offset avoids the
// timezone plugin, which needs full Intl time-zone data that phones' JS engines may lack.
const SHANGHAI_OFFSET_MINUTES = 8 * 60;

export const inShanghai = (ms: number): dayjs.Dayjs => dayjs(ms).utcOffset(SHANGHAI_OFFSET_MINUTES);

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/** 刚刚 / N分钟前 / N小时前 / N天前 (calendar days in Shanghai). */
export function formatAgo(at: number, now: number): string {
  const elapsed = now - at;
  // A phone clock a little behind the server's still means "just now".
  if (elapsed < MINUTE) return '刚刚';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}分钟前`;
  if (elapsed < 24 * HOUR) return `${Math.floor(elapsed / HOUR)}小时前`;
  const days = inShanghai(now).startOf('day').diff(inShanghai(at).startOf('day'), 'day');
  return `${Math.max(1, days)}天前`;
}

/** "3分钟前 · 早报"; null freshness means the SKU was never counted. */
export function formatFreshness(freshness: Freshness | null, now: number): string {
  if (!freshness) return '未报数';
  return `${formatAgo(freshness.reportedAt, now)} · ${freshness.slot}`;
}

/** "10:03" today, "11月25日 20:00" otherwise. */
export function formatTime(at: number, now: number): string {
  const t = inShanghai(at);
  return t.isSame(inShanghai(now), 'day') ? t.format('HH:mm') : t.format('M月D日 HH:mm');
}

/** Fen to "¥29.90". */
export const formatYuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;
