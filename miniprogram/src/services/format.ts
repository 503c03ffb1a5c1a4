import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { AvailabilityItem, Freshness } from './types';

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

/** "3分钟前 · 早报" (and "· 与上次相同" for a confirmation, "· …估算" while pulls fail); null freshness means the SKU was never counted. */
export function formatFreshness(freshness: Freshness | null, now: number): string {
  if (!freshness) return '未报数';
  const same = freshness.sameAsLast ? ' · 与上次相同' : '';
  const estimated = freshness.estimated ? ' · 接口同步失败，数量为估算' : '';
  return `${formatAgo(freshness.reportedAt, now)} · ${freshness.slot}${same}${estimated}`;
}

/** "10:03" today, "11月25日 20:00" otherwise. */
export function formatTime(at: number, now: number): string {
  const t = inShanghai(at);
  return t.isSame(inShanghai(now), 'day') ? t.format('HH:mm') : t.format('M月D日 HH:mm');
}

export { formatYuan } from './money';

/**
 * "早报 · 08:00": the report the clock says is due and its scheduled time. The server
 * names the first of the day's times 早报, the last 晚报, a middle one "HH:mm报".
 */
export function slotWithTime(slot: string, reportTimes: string[]): string {
  const times = [...reportTimes].sort();
  let time: string | undefined;
  if (slot === '早报' || slot === '日报') time = times[0];
  else if (slot === '晚报') time = times[times.length - 1];
  else if (/^\d{2}:\d{2}报$/.test(slot)) return slot;
  return time ? `${slot} · ${time}` : slot;
}

/** Buffers can be fractional (a ratio of onHand); show at most one decimal. */
export const units = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * How sellable was computed, in the leader's words:
 * "现货 76（预估 66）− 安全库存 30（含过期加宽 10）− 已占用 0".
 */
export function formulaText(item: Pick<AvailabilityItem, 'onHand' | 'projectedOnHand' | 'buffer' | 'staleExtra' | 'committed' | 'freshness'>): string {
  const projected = item.freshness?.projected ? `（预估 ${units(item.projectedOnHand)}）` : '';
  const widened = item.staleExtra > 0 ? `（含过期加宽 ${units(item.staleExtra)}）` : '';
  // A full-width bracket carries its own space: "（预估 66）− 安全库存", not "） −".
  return `现货 ${units(item.onHand)}${projected || ' '}− 安全库存 ${units(item.buffer)}${widened || ' '}− 已占用 ${units(item.committed)}`;
}

/** A stretch of time as people say it: "45分钟", "3小时20分钟", "2天5小时". */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  if (minutes < 1) return '不到1分钟';
  if (minutes < 60) return `${minutes}分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}小时` : `${hours}小时${minutes % 60}分钟`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}天` : `${days}天${hours % 24}小时`;
}

/** How long until (or since) a deadline: "还剩 45分钟" / "已超时 10分钟". */
export function countdownText(deadline: number, now: number): string {
  return deadline > now ? `还剩 ${formatDuration(deadline - now)}` : `已超时 ${formatDuration(now - deadline)}`;
}

/** A business day '2026-11-27' as people say it: 11月27日. */
export const formatDay = (day: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日` : day);
