// How old a count may get (DESIGN §3 "Tier"): a hot SKU needs a fresh count within
// hours, a long-tail one within days. Counts past their tier's age are what the
// supplier is reminded to count again — in working hours, at most once per interval.
import type { InventoryRecord, Tier } from './model';
import { HOUR_MS } from './projection';
import { inShanghai, minuteOfDay, parseClockTime } from './time';

export const countAgeHours = (reportedAt: number, now: number): number => Math.max(0, now - reportedAt) / HOUR_MS;

/** The count is older than its tier allows. */
export const isOverAge = (reportedAt: number, tier: Tier, maxAgeHours: Record<Tier, number>, now: number): boolean =>
  countAgeHours(reportedAt, now) > maxAgeHours[tier];

export interface OverAgeReminderRules {
  /** At most one reminder per supplier this often. */
  everyMinutes: number;
  /** Reminders go out from this 'HH:mm'… */
  from: string;
  /** …until this one (exclusive): nobody is woken to count a warehouse. */
  to: string;
}

/** Whether `now` falls in the reminder hours, `from` up to `to` (exclusive). */
export function inReminderHours(now: number, hours: Pick<OverAgeReminderRules, 'from' | 'to'>): boolean {
  const from = parseClockTime(hours.from);
  const to = parseClockTime(hours.to);
  const minute = minuteOfDay(now);
  return from !== undefined && to !== undefined && minute >= from && minute < to;
}

/**
 * The reminder slot `now` falls in ('2026-11-26#3': the fourth interval after `from`),
 * or null outside the reminder hours. One reminder per supplier per slot.
 */
export function overAgeSlot(now: number, rules: OverAgeReminderRules): string | null {
  const from = parseClockTime(rules.from);
  if (from === undefined || rules.everyMinutes <= 0 || !inReminderHours(now, rules)) return null;
  return `${inShanghai(now).format('YYYY-MM-DD')}#${Math.floor((minuteOfDay(now) - from) / rules.everyMinutes)}`;
}

/** Per supplier, its records whose count is over age at `now`, the hottest and oldest first. */
export function overAgeBySupplier(records: InventoryRecord[], maxAgeHours: Record<Tier, number>, now: number): Map<string, InventoryRecord[]> {
  const bySupplier = new Map<string, InventoryRecord[]>();
  for (const record of records) {
    if (!isOverAge(record.reportedAt, record.tier, maxAgeHours, now)) continue;
    const list = bySupplier.get(record.supplierId) ?? [];
    list.push(record);
    bySupplier.set(record.supplierId, list);
  }
  for (const list of bySupplier.values()) list.sort((a, b) => TIER_URGENCY[a.tier] - TIER_URGENCY[b.tier] || a.reportedAt - b.reportedAt);
  return bySupplier;
}

const TIER_URGENCY: Record<Tier, number> = { hot: 0, normal: 1, longTail: 2 };
