import { type Issue, lineLabel } from './errors';
import { computeBuffer, resolveBufferPolicy } from './buffer';
import { averageDailySales, committedUnits, sellableUnits } from './sellable';
import type { InventoryRecord, OrderLine, Report, ReportLine, Settings, Sku, Supplier } from './model';

export const VELOCITY_WINDOW_DAYS = 7;
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every reason a report cannot be applied, each naming its line: a duplicate SKU,
 * an unknown code (never guessed), another supplier's SKU.
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

export interface RecomputeInput {
  sku: Sku;
  supplier: Supplier | undefined;
  settings: Settings;
  report: Report;
  onHand: number;
  previous: InventoryRecord | undefined;
  /** This SKU's lines not cancelled (any age): the ones the count may not have seen. */
  openLines: OrderLine[];
  /** This SKU's lines placed within the velocity window. */
  recentLines: OrderLine[];
}

/** The inventory record a report leaves behind (DESIGN §5: replace onHand, recompute the rest). */
export function recomputeRecord(input: RecomputeInput): InventoryRecord {
  const { sku, supplier, settings, report, onHand, previous } = input;
  const since = report.reportedAt - VELOCITY_WINDOW_DAYS * DAY_MS;
  const velocity = averageDailySales(input.recentLines, since, VELOCITY_WINDOW_DAYS);
  const buffer = computeBuffer(resolveBufferPolicy(sku, supplier, settings), onHand, velocity);
  const committed = committedUnits(input.openLines, report.reportedAt, report.basis);
  return {
    skuId: sku.id,
    supplierId: sku.supplierId,
    onHand,
    buffer: buffer.units,
    bufferRule: buffer.rule,
    committed,
    sellable: sellableUnits(onHand, buffer.units, committed),
    version: (previous?.version ?? 0) + 1,
    reportId: report.id,
    reportedAt: report.reportedAt,
    reportSource: report.source,
    basis: report.basis,
  };
}
