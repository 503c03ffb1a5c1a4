import { type Issue, lineLabel } from './errors';
import type { InventoryRecord, OrderLine, Report, ReportLine, Settings, Sku, Supplier } from './model';
import { observedElsewhereRate, ourUnitsLeftBetween, smoothRate } from './projection';
import { committedUnits } from './sellable';
import { figureAt } from './stock-figure';

export const VELOCITY_WINDOW_DAYS = 7;
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every reason a report cannot be applied, each naming its line: a duplicate SKU,
 * an unknown code (never guessed), another supplier's SKU, a delisted one.
 */
export function reportLineIssues(lines: ReportLine[], skusById: ReadonlyMap<string, Sku>, supplierId: string): Issue[] {
  const issues: Issue[] = [];
  const firstSeen = new Map<string, number>();
  lines.forEach((line, index) => {
    const path = `lines[${index}].skuId`;
    const earlier = firstSeen.get(line.skuId);
    if (earlier !== undefined) {
      issues.push({ path, code: 'DUPLICATE_SKU', message: `${lineLabel(index)}商品 ${line.skuId} 与${lineLabel(earlier)}重复` });
      return;
    }
    firstSeen.set(line.skuId, index);
    const sku = skusById.get(line.skuId);
    if (!sku) issues.push({ path, code: 'UNKNOWN_SKU', message: `${lineLabel(index)}商品编码 ${line.skuId} 不存在` });
    else if (sku.supplierId !== supplierId) issues.push({ path, code: 'NOT_YOUR_SKU', message: `${lineLabel(index)}商品 ${line.skuId} 不属于本供应商` });
  });
  return issues;
}

/**
 * A 与上次相同 line confirms the count the supplier saw. If another count landed since
 * (a colleague, the operator), the confirmation is of a number no longer there: ask again.
 */
export function sameAsLastIssues(lines: ReportLine[], lastOnHand: ReadonlyMap<string, number>): Issue[] {
  const issues: Issue[] = [];
  lines.forEach((line, index) => {
    if (!line.sameAsLast) return;
    const last = lastOnHand.get(line.skuId);
    if (last === line.onHand) return;
    const now = last === undefined ? '还没有报过数' : `上次数量现在是 ${last} 件`;
    issues.push({ path: `lines[${index}].onHand`, code: 'CONFLICT', message: `${lineLabel(index)}“与上次相同”已过期：${now}，请重新核对` });
  });
  return issues;
}

export interface RecomputeInput {
  sku: Sku;
  supplier: Supplier | undefined;
  settings: Settings;
  report: Report;
  onHand: number;
  /** The line was a 与上次相同 confirmation. */
  sameAsLast?: boolean;
  previous: InventoryRecord | undefined;
  /** This SKU's lines still holding stock since the previous count (see heldSince). */
  openLines: OrderLine[];
  /** Our units of this SKU placed in the velocity window before the count (see velocityWindow). */
  unitsPlacedInWindow: number;
  /** When the report is applied: the count's time, or later for a confirmed held report. */
  now: number;
}

/** The velocity window of a count: the week before it, the count's moment included. */
export const velocityWindow = (report: Pick<Report, 'reportedAt'>): { from: number; to: number } =>
  ({ from: report.reportedAt - VELOCITY_WINDOW_DAYS * DAY_MS, to: report.reportedAt });

/** The earliest time a report's recomputation needs order lines from: the previous count. */
export const heldSinceFor = (report: Report, previous: InventoryRecord | undefined): number =>
  Math.min(report.reportedAt, previous?.reportedAt ?? report.reportedAt);

/** The inventory record a report leaves behind (DESIGN §5: replace onHand, recompute the rest). */
export function recomputeRecord(input: RecomputeInput): InventoryRecord {
  const { sku, report, onHand, previous } = input;
  let elsewherePerHour = previous?.elsewherePerHour ?? 0;
  if (previous && previous.reportedAt < report.reportedAt) {
    const left = ourUnitsLeftBetween(input.openLines, previous.reportedAt, report.reportedAt, report.basis);
    elsewherePerHour = smoothRate(elsewherePerHour, observedElsewhereRate({ onHand: previous.onHand, at: previous.reportedAt }, { onHand, at: report.reportedAt }, left));
  }
  const anchor = {
    skuId: sku.id,
    supplierId: sku.supplierId,
    onHand,
    reportId: report.id,
    reportedAt: report.reportedAt,
    reportSource: report.source,
    ...(input.sameAsLast ? { sameAsLast: true as const } : {}),
    basis: report.basis,
    avgDailySales: input.unitsPlacedInWindow / VELOCITY_WINDOW_DAYS,
    elsewherePerHour,
  };
  const committed = committedUnits(input.openLines, report.reportedAt, report.basis);
  return { ...figureAt(anchor, committed, input, input.now), version: (previous?.version ?? 0) + 1 };
}
