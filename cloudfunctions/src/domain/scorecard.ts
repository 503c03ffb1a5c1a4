// Supplier scorecards (供应商考核, DESIGN §8a): per supplier and period, from data already
// kept — waves and their lines, reports, shortage tasks, approved stocktakes. Pure: the
// period's records in, the card out; each rate is null where there was nothing to rate
// (a week without a wave has no fill rate, not a perfect one).
import dayjs from 'dayjs';
import { cutoffInstant } from './business-day';
import type { OrderLine, RemediationTask, Wave } from './model';
import { REPORT_EARLY_MINUTES } from './reminders';
import { type Stocktake, variance } from './stocktake';
import { inShanghai } from './time';

export type PeriodKind = 'week' | 'month';

/** Business days, both ends included ('YYYY-MM-DD'). */
export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
  /** 第49周 / 2026年12月 */
  label: string;
}

/** The week (Monday to Sunday) or calendar month containing `day`. */
export function periodOf(kind: PeriodKind, day: string): Period {
  const d = dayjs(day);
  if (kind === 'month') {
    return { kind, from: d.startOf('month').format('YYYY-MM-DD'), to: d.endOf('month').format('YYYY-MM-DD'), label: d.format('YYYY年M月') };
  }
  const monday = d.subtract((d.day() + 6) % 7, 'day');
  return { kind, from: monday.format('YYYY-MM-DD'), to: monday.add(6, 'day').format('YYYY-MM-DD'), label: `${monday.format('M月D日')}–${monday.add(6, 'day').format('M月D日')}` };
}

/** The `count` periods ending with the one containing `day`, oldest first (a trend). */
export function periodsBack(kind: PeriodKind, day: string, count: number): Period[] {
  const step = kind === 'week' ? 'week' : 'month';
  return Array.from({ length: count }, (_, i) => periodOf(kind, dayjs(day).subtract(count - 1 - i, step).format('YYYY-MM-DD')));
}

export interface ScorecardInput {
  period: Period;
  now: number;
  reportTimes: readonly string[];
  reportLateMinutes: number;
  /** The supplier's report times (any source), any order. */
  reportsAt: readonly number[];
  /** When the supplier itself was sent a 报数超龄 reminder (one per event), any order, any period. */
  remindersAt: readonly number[];
  /** The supplier's waves of the period's days. */
  waves: readonly Wave[];
  /** Their lines. */
  lines: readonly OrderLine[];
  /** Shortage tasks of those waves. */
  tasks: readonly RemediationTask[];
  /** Stocktakes approved in the period. */
  stocktakes: readonly Stocktake[];
}

export interface Scorecard {
  period: Period;
  /** 库存准确率 */
  accuracy: {
    lines: number;
    fullLines: number;
    /** Wave lines confirmed in full, of those confirmed. */
    fullShare: number | null;
    skuWaves: number;
    /** Units short per SKU and wave: what we believed sellable and took orders for, less what was confirmed. */
    meanShortfall: number | null;
    stocktakeAbsVariance: number;
    stocktakeBook: number;
    /** |variance| over book figure, approved stocktakes. */
    stocktakeVarianceShare: number | null;
  };
  /** 订单满足率: units confirmed to ship over units ordered, waves confirmed. */
  fill: { ordered: number; filled: number; rate: number | null };
  /**
   * 报数及时率: scheduled reports made from 3 h before up to the late mark; and the
   * 报数超龄 reminders sent to the supplier in the period, those a report followed within an hour.
   */
  reporting: { due: number; onTime: number; rate: number | null; reminded: number; answered: number; answeredRate: number | null };
  /** 确认及时率: waves confirmed by the supplier before the deadline; those an operator confirmed instead. */
  confirmation: { waves: number; onTime: number; onBehalf: number; rate: number | null };
  /** 缺货影响 */
  shortage: { lines: number; units: number; customers: number; refunds: number; coupons: number; substituteCost: number; cost: number };
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const days = (period: Period): string[] => {
  const out: string[] = [];
  for (let d = dayjs(period.from); !d.isAfter(dayjs(period.to)); d = d.add(1, 'day')) out.push(d.format('YYYY-MM-DD'));
  return out;
};

/** The lines a card rates: those of confirmed (or shipped) waves, not cancelled; qty − shortQty of each was confirmed to ship. */
export function ratedLines(waves: readonly Wave[], lines: readonly OrderLine[]): OrderLine[] {
  const confirmedWaves = new Set(waves.filter((w) => w.status !== 'closed').map((w) => w.id));
  return lines.filter((l) => confirmedWaves.has(l.waveId) && l.status !== 'cancelled');
}

export function scorecard(input: ScorecardInput): Scorecard {
  const { period } = input;
  const rated = ratedLines(input.waves, input.lines);
  const skuWaves = new Set(rated.map((l) => `${l.waveId}\n${l.skuId}`)).size;
  const short = rated.reduce((s, l) => s + l.shortQty, 0);
  const ordered = rated.reduce((s, l) => s + l.qty, 0);
  const book = input.stocktakes.reduce((s, st) => s + st.lines.reduce((b, l) => b + l.book.book, 0), 0);
  const absVariance = input.stocktakes.reduce((s, st) => s + st.lines.reduce((v, l) => v + Math.abs(variance(l)), 0), 0);
  const fullLines = rated.filter((l) => l.shortQty === 0).length;
  return {
    period,
    accuracy: {
      lines: rated.length, fullLines, fullShare: rate(fullLines, rated.length),
      skuWaves, meanShortfall: rate(short, skuWaves),
      stocktakeAbsVariance: absVariance, stocktakeBook: book, stocktakeVarianceShare: rate(absVariance, book),
    },
    fill: { ordered, filled: ordered - short, rate: rate(ordered - short, ordered) },
    reporting: reportingOf(input),
    confirmation: confirmationOf(input),
    shortage: shortageOf(input.tasks),
  };
}

function reportingOf(input: ScorecardInput): Scorecard['reporting'] {
  let due = 0;
  let onTime = 0;
  for (const day of days(input.period)) {
    for (const time of input.reportTimes) {
      const at = cutoffInstant(day, time);
      const lateAt = at + input.reportLateMinutes * 60_000;
      if (lateAt > input.now) continue; // not yet decided
      due++;
      if (input.reportsAt.some((r) => r >= at - REPORT_EARLY_MINUTES * 60_000 && r <= lateAt)) onTime++;
    }
  }
  const { reminded, answered } = remindersAnswered(input);
  return { due, onTime, rate: rate(onTime, due), reminded, answered, answeredRate: rate(answered, reminded) };
}

/** A reminder counts as answered when a report arrived within this long after it. */
export const REMINDER_ANSWER_MS = 60 * 60_000;

/** Reminders sent in the period (by its days in Shanghai), and those a report followed within the hour. */
function remindersAnswered(input: ScorecardInput): { reminded: number; answered: number } {
  const inPeriod = input.remindersAt.filter((at) => {
    const day = inShanghai(at).format('YYYY-MM-DD');
    return day >= input.period.from && day <= input.period.to;
  });
  const answered = inPeriod.filter((at) => input.reportsAt.some((r) => r >= at && r <= at + REMINDER_ANSWER_MS)).length;
  return { reminded: inPeriod.length, answered };
}

function confirmationOf(input: ScorecardInput): Scorecard['confirmation'] {
  // A wave is rated once it is confirmed or its deadline has passed.
  const rated = input.waves.filter((w) => w.confirmedAt !== undefined || w.deadlineAt <= input.now);
  const onBehalf = rated.filter((w) => w.confirmedOnBehalf).length;
  const onTime = rated.filter((w) => w.confirmedAt !== undefined && !w.confirmedOnBehalf && w.confirmedAt <= w.deadlineAt).length;
  return { waves: rated.length, onTime, onBehalf, rate: rate(onTime, rated.length) };
}

function shortageOf(tasks: readonly RemediationTask[]): Scorecard['shortage'] {
  const sum = (f: (t: RemediationTask) => number | undefined): number => tasks.reduce((s, t) => s + (f(t) ?? 0), 0);
  const refunds = sum((t) => t.refundAmount);
  const coupons = sum((t) => t.couponValue);
  const substituteCost = sum((t) => t.priceDifference);
  return {
    lines: tasks.length, units: sum((t) => t.shortQty),
    // A customer is a leader's 接龙 entry; a line without one is its own customer.
    customers: new Set(tasks.map((t) => `${t.leaderId}\n${t.customer ?? t.lineId}`)).size,
    refunds, coupons, substituteCost, cost: refunds + coupons + substituteCost,
  };
}

/** Whether an approved stocktake falls in the period (by its approval day, Shanghai). */
export const approvedIn = (st: Stocktake, period: Period): boolean => {
  if (st.approvedAt === undefined) return false;
  const day = inShanghai(st.approvedAt).format('YYYY-MM-DD');
  return day >= period.from && day <= period.to;
};
