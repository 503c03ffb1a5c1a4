// The weekly scorecard digest (供应商考核周报): every Monday morning each supplier's staff
// hear last week's card — fill rate, lines confirmed in full, reports on time, waves
// confirmed on time, shortages and what they cost — in the inbox, by subscription
// message and in the supplier's 企业微信 group. Once per supplier and week (the event key
// is the week), resumable: a run out of time says so and the next tick runs it again
// over the same window, where a supplier already told is not told twice (an alert is
// stored once under its id). Sized in database calls: about six per supplier.
import { ALERT_PAGES, type AlertEvent } from '../domain/alerts';
import type { Supplier } from '../domain/model';
import { type Period, type Scorecard, periodOf } from '../domain/scorecard';
import { inShanghai } from '../domain/time';
import type { Deps } from '../handlers/action';
import { raiseAlerts, recipientDirectory } from '../handlers/alerting';
import { scorecardOf } from '../handlers/scorecards';
import { fits } from '../runtime/budget';

export interface DigestRun {
  week: string;
  sent: string[];
  /** Suppliers with nothing to rate last week (no wave, no report due): no digest. */
  quiet: string[];
  /** Out of time: the rest wait for the next tick. */
  unfinished?: true;
}

/** Per supplier: the card (about six reads), the alert and its sends with their retries. */
const PER_SUPPLIER_MS = 6_000;

const percent = (share: number | null): string => (share === null ? '—' : `${(Math.round(share * 1000) / 10).toFixed(1)}%`);
const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

/** The week before the one `now` falls in. */
export const lastWeek = (now: number): Period => periodOf('week', inShanghai(now).subtract(7, 'day').format('YYYY-MM-DD'));

/** Nothing happened that the card rates: no digest (a week of dashes helps nobody). */
export const hasNothingToRate = (card: Scorecard): boolean =>
  card.fill.rate === null && card.reporting.rate === null && card.confirmation.rate === null && card.accuracy.stocktakeVarianceShare === null;

/** The digest's words, in the order a supplier reads its card. */
export function digestBody(supplierName: string, card: Scorecard): string {
  const parts = [
    `订单满足率 ${percent(card.fill.rate)}（${card.fill.filled}/${card.fill.ordered} 件）`,
    `足额确认 ${percent(card.accuracy.fullShare)}`,
    `按时报数 ${percent(card.reporting.rate)}（${card.reporting.onTime}/${card.reporting.due} 次）`,
    ...(card.reporting.reminded > 0 ? [`超龄提醒 1 小时内补报 ${card.reporting.answered}/${card.reporting.reminded} 次`] : []),
    `按时确认波次 ${percent(card.confirmation.rate)}${card.confirmation.onBehalf > 0 ? `，${card.confirmation.onBehalf} 个由运营代确认` : ''}`,
  ];
  if (card.accuracy.stocktakeVarianceShare !== null) parts.push(`盘点差异 ${percent(card.accuracy.stocktakeVarianceShare)}`);
  parts.push(card.shortage.lines > 0 ? `缺货 ${card.shortage.lines} 行，影响 ${card.shortage.customers} 位顾客，补偿 ${yuan(card.shortage.cost)}` : '没有缺货');
  return `${supplierName} ${card.period.label} 考核：${parts.join('；')}`;
}

export function digestEvent(supplier: Supplier, card: Scorecard, recipients: string[], now: number): AlertEvent {
  return {
    kind: 'scorecardDigest', key: `${supplier.id}:${card.period.from}`, recipients, title: '供应商考核周报',
    body: digestBody(supplier.name, card), link: ALERT_PAGES.supplierScorecard,
    fields: {
      subject: `${supplier.name} ${card.period.label}`, detail: `满足率 ${percent(card.fill.rate)} 按时报数 ${percent(card.reporting.rate)}`,
      time: now, quantity: card.shortage.lines, status: '考核周报',
    },
  };
}

export async function sendScorecardDigests(deps: Deps): Promise<DigestRun> {
  const { store, clock } = deps;
  const week = lastWeek(clock.now());
  const run: DigestRun = { week: week.from, sent: [], quiet: [] };
  const [suppliers, people] = await Promise.all([store.listSuppliers(), recipientDirectory(store)]);
  for (const supplier of suppliers) {
    const staff = people.staffOf(supplier.id);
    if (staff.length === 0) continue;
    if (!fits(PER_SUPPLIER_MS)) return { ...run, unfinished: true };
    const card = await scorecardOf(deps, supplier, week);
    if (hasNothingToRate(card)) {
      run.quiet.push(supplier.id);
      continue;
    }
    if ((await raiseAlerts(deps, [digestEvent(supplier, card, staff, clock.now())])).length > 0) run.sent.push(supplier.id);
  }
  return run;
}
