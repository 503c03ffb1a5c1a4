import type { BusinessDay } from './business-day';
import type { Issue } from './errors';
import type { OrderLine } from './model';

export const waveIdFor = (supplierId: string, day: BusinessDay): string => `${supplierId}_${day}`;

/** Lines a wave carries: everything of that supplier and day not cancelled. */
export const inWave = (line: OrderLine): boolean => line.status !== 'cancelled';

export interface PickRow {
  skuId: string;
  total: number;
  /** Units per leader (community), for packing. */
  byLeader: Array<{ leaderId: string; qty: number }>;
}

/** The supplier's pick list: totals per SKU and the breakdown per leader. */
export function pickList(lines: OrderLine[]): PickRow[] {
  const rows = new Map<string, Map<string, number>>();
  for (const line of lines.filter(inWave)) {
    const byLeader = rows.get(line.skuId) ?? new Map<string, number>();
    byLeader.set(line.leaderId, (byLeader.get(line.leaderId) ?? 0) + line.qty);
    rows.set(line.skuId, byLeader);
  }
  return [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([skuId, byLeader]) => ({
    skuId,
    total: [...byLeader.values()].reduce((a, b) => a + b, 0),
    byLeader: [...byLeader].sort(([a], [b]) => a.localeCompare(b)).map(([leaderId, qty]) => ({ leaderId, qty })),
  }));
}

/** The rule the supplier is shown: who placed last is cut first. */
export const SHORTAGE_RULE = '缺货时从最晚下单的订单行开始扣减';

/**
 * Spread a SKU's shortage over its lines, latest-placed first (ties: later line id
 * first), so early orders are the ones filled. Answers each line's short units.
 */
export function allocateShortage(lines: OrderLine[], shipQty: number): Map<string, number> {
  const ordered = [...lines].filter(inWave).sort((a, b) => b.placedAt - a.placedAt || b.id.localeCompare(a.id));
  let toCut = Math.max(0, ordered.reduce((sum, l) => sum + l.qty, 0) - shipQty);
  const short = new Map<string, number>();
  for (const line of ordered) {
    const cut = Math.min(line.qty, toCut);
    short.set(line.id, cut);
    toCut -= cut;
  }
  return short;
}

/**
 * What a supplier's confirmation must be: every SKU of the wave answered, none that is
 * not in it, and never more than was ordered. Answers every problem, by SKU.
 */
export function confirmationIssues(rows: PickRow[], shipQty: ReadonlyMap<string, number>): Issue[] {
  const inWaveSkus = new Set(rows.map((r) => r.skuId));
  return [
    ...rows.filter((r) => !shipQty.has(r.skuId)).map((r) => ({ path: `sku:${r.skuId}`, message: `商品 ${r.skuId} 还没确认可发数量` })),
    ...[...shipQty.keys()].filter((skuId) => !inWaveSkus.has(skuId)).map((skuId) => ({ path: `sku:${skuId}`, message: `商品 ${skuId} 不在这个波次里` })),
    ...rows.filter((r) => (shipQty.get(r.skuId) ?? 0) > r.total).map((r) => ({ path: `sku:${r.skuId}`, message: `商品 ${r.skuId} 可发数量不能超过订购的 ${r.total} 件` })),
  ];
}
