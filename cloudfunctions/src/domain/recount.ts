// Recount when sales run ahead (DESIGN §4, the seed's "每次库存变动超过一定比例必须立即更新"):
// our own orders are the one movement we see for certain. Once they have taken more
// than a share of what was counted, the count says little about the shelf any more,
// so whoever counts is asked to count again.
import type { InventoryRecord } from './model';

/** Shares are typed as percentages: 30% of 100 is 30, and 30 sold has not run ahead of it. */
const EPSILON = 1e-9;

/** Whether the units we placed since a count ran ahead of it: more than `share` of what was counted. */
export function recountDue(counted: number, unitsSince: number, share: number): boolean {
  // A count of nothing has nothing to run ahead of (and nothing to sell): its restock is the supplier's news to bring.
  return counted > 0 && unitsSince - share * counted > EPSILON;
}

/** 0.3 → "30", 0.125 → "12.5": a share as the operator typed it. */
export const sharePercent = (share: number): string => String(Number((share * 100).toFixed(1)));

/** A supplier's SKUs counted at one moment: their sales since the count are one total to read. */
export interface CountInForce {
  supplierId: string;
  reportedAt: number;
  records: InventoryRecord[];
}

/**
 * The counts in force, one per supplier and count time: a report covers many SKUs at
 * once, so there are about as many as reports in force, not as SKUs. In supplier order.
 */
export function countsInForce(records: InventoryRecord[]): CountInForce[] {
  const counts = new Map<string, CountInForce>();
  for (const record of records) {
    const key = `${record.supplierId}\n${record.reportedAt}`;
    const count = counts.get(key) ?? { supplierId: record.supplierId, reportedAt: record.reportedAt, records: [] };
    count.records.push(record);
    counts.set(key, count);
  }
  return [...counts.values()].sort((a, b) => (a.supplierId < b.supplierId ? -1 : a.supplierId > b.supplierId ? 1 : a.reportedAt - b.reportedAt));
}
