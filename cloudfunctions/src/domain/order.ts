import { type Issue, lineLabel } from './errors';
import type { InventoryRecord, ShortLine, Sku } from './model';

export interface RequestedLine {
  skuId: string;
  qty: number;
  customer?: string;
}

/** Units asked per SKU: one SKU may appear on several customers' lines. */
export function totalsBySku(lines: RequestedLine[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.skuId, (totals.get(line.skuId) ?? 0) + line.qty);
  return totals;
}

/** Every line naming a code we do not sell: unknown, or delisted. */
export function orderLineIssues(lines: RequestedLine[], skusById: ReadonlyMap<string, Sku>): Issue[] {
  const issues: Issue[] = [];
  lines.forEach((line, index) => {
    const sku = skusById.get(line.skuId);
    const path = `lines[${index}].skuId`;
    if (!sku) issues.push({ path, code: 'UNKNOWN_SKU', message: `${lineLabel(index)}商品编码 ${line.skuId} 不存在` });
    else if (!sku.listed) issues.push({ path, code: 'SKU_DELISTED', message: `${lineLabel(index)}商品 ${sku.name} 已下架` });
  });
  return issues;
}

/** Collect every SKU whose sellable does not cover what is asked; an order is refused once, naming them all. */
export function findShortLines(totals: ReadonlyMap<string, number>, sellableBySku: ReadonlyMap<string, number>): ShortLine[] {
  const short: ShortLine[] = [];
  for (const [skuId, requested] of totals) {
    const sellable = sellableBySku.get(skuId) ?? 0;
    if (sellable < requested) short.push({ skuId, requested, sellable });
  }
  return short;
}

export type ReservationPlan = { ok: true; next: InventoryRecord[] } | { ok: false; short: ShortLine[] };

/** Move units from sellable to committed on every SKU, or on none. */
export function planReservation(totals: ReadonlyMap<string, number>, records: ReadonlyMap<string, InventoryRecord>): ReservationPlan {
  const sellable = new Map([...records].map(([skuId, r]) => [skuId, r.sellable]));
  const short = findShortLines(totals, sellable);
  if (short.length > 0) return { ok: false, short };
  const next = [...totals].map(([skuId, qty]) => {
    const record = records.get(skuId)!;
    return { ...record, sellable: record.sellable - qty, committed: record.committed + qty, version: record.version + 1 };
  });
  return { ok: true, next };
}

/** Orders are found again by leader and client key, so a retried submit lands on the first one. */
export const orderIdFor = (leaderId: string, idempotencyKey: string): string => `ord_${leaderId}_${idempotencyKey}`;

/** Canonical form of what was asked: the same key with other lines is a different request. */
export const requestFingerprint = (lines: RequestedLine[]): string =>
  lines.map((l) => `${l.skuId}×${l.qty}${l.customer ? `@${l.customer}` : ''}`).join('|');
