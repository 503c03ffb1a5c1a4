import type { BusinessDay } from './business-day';
import type { Issue } from './errors';
import type { OrderLine } from './model';

export const waveIdFor = (supplierId: string, day: BusinessDay): string => `${supplierId}_${day}`;

/** Lines a wave carries: everything of that supplier and day not cancelled. */
export const inWave = (line: OrderLine): boolean => line.status !== 'cancelled';

/** Units of a line, a leader or a SKU: what was ordered, what the shortage cut, what to pack. */
export interface PackCount {
  ordered: number;
  cut: number;
  toPack: number;
}

export interface PickRow extends PackCount {
  skuId: string;
  /** Units ordered (the same as `ordered`; what the confirmation is checked against). */
  total: number;
  /** Per leader (community), for packing. */
  byLeader: Array<{ leaderId: string } & PackCount>;
}

const countOf = (line: OrderLine): PackCount => ({ ordered: line.qty, cut: line.shortQty, toPack: line.qty - line.shortQty });
const plus = (a: PackCount, b: PackCount): PackCount => ({ ordered: a.ordered + b.ordered, cut: a.cut + b.cut, toPack: a.toPack + b.toPack });
const NONE: PackCount = { ordered: 0, cut: 0, toPack: 0 };

/** The supplier's pick list: totals per SKU and the breakdown per leader, after any shortage cut. */
export function pickList(lines: OrderLine[]): PickRow[] {
  const rows = new Map<string, Map<string, PackCount>>();
  for (const line of lines.filter(inWave)) {
    const byLeader = rows.get(line.skuId) ?? new Map<string, PackCount>();
    byLeader.set(line.leaderId, plus(byLeader.get(line.leaderId) ?? NONE, countOf(line)));
    rows.set(line.skuId, byLeader);
  }
  return [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([skuId, byLeader]) => {
    const sum = [...byLeader.values()].reduce(plus, NONE);
    return {
      skuId, total: sum.ordered, ...sum,
      byLeader: [...byLeader].sort(([a], [b]) => a.localeCompare(b)).map(([leaderId, count]) => ({ leaderId, ...count })),
    };
  });
}

export interface PackLine extends PackCount {
  lineId: string;
  skuId: string;
  orderNo?: string;
  customer?: string;
}

export interface LeaderPack extends PackCount {
  leaderId: string;
  lines: PackLine[];
}

/** What to pack per leader, line by line (one parcel per pickup point 一件代发): by SKU, then as placed. */
export function packingLists(lines: OrderLine[]): LeaderPack[] {
  const leaders = new Map<string, OrderLine[]>();
  for (const line of lines.filter(inWave)) leaders.set(line.leaderId, [...(leaders.get(line.leaderId) ?? []), line]);
  return [...leaders].sort(([a], [b]) => a.localeCompare(b)).map(([leaderId, own]) => {
    const sorted = [...own].sort((a, b) => a.skuId.localeCompare(b.skuId) || a.placedAt - b.placedAt || a.id.localeCompare(b.id));
    const packLines = sorted.map((l): PackLine => ({
      lineId: l.id, skuId: l.skuId, ...countOf(l), ...(l.orderNo ? { orderNo: l.orderNo } : {}), ...(l.customer ? { customer: l.customer } : {}),
    }));
    return { leaderId, ...packLines.reduce(plus, NONE), lines: packLines };
  });
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
