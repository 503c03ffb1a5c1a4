// Placing an order (DESIGN §5): every line reserved or none, a retried submit answered
// with the first result, each line joining its supplier's wave for the business day.
import { type Result, fail, failWithIssues, ok } from '../domain/errors';
import { businessDayOf, cutoffInstant, cutoffTimeOf, dayLabel } from '../domain/business-day';
import { inShanghai } from '../domain/time';
import { orderIdFor, orderLineIssues, requestFingerprint, totalsBySku, type RequestedLine } from '../domain/order';
import { quotaLeft } from '../domain/quota';
import type { LedgerEntry, Order, Settings, Sku, Supplier } from '../domain/model';
import { waveIdFor } from '../domain/wave';
import type { StockStore } from '../storage/port';
import type { Deps } from './action';
import type { PlaceOrderResult, ShortageDetails } from './api-types';
import { checkLowStock } from './alert-events';
import { byId } from './lookups';

export interface OrderRequest {
  idempotencyKey: string;
  lines: RequestedLine[];
}

const skuMap = async (store: StockStore, ids: string[]): Promise<Map<string, Sku>> => byId(await store.getSkus([...new Set(ids)]));

/** A refused order answers the same way every time it is asked again. */
async function refusal(store: StockStore, order: Order): Promise<Result<never>> {
  const names = await skuMap(store, order.short.map((s) => s.skuId));
  const details: ShortageDetails = {
    short: order.short.map((s) => ({ ...s, name: names.get(s.skuId)?.name ?? s.skuId })),
  };
  const issues = details.short.map((s) => ({ path: `sku:${s.skuId}`, code: 'INSUFFICIENT_STOCK' as const, message: `${s.name} 需要 ${s.requested} 件，可售 ${s.sellable} 件` }));
  return failWithIssues('INSUFFICIENT_STOCK', '库存不足，整单未提交', issues, details);
}

async function answer(store: StockStore, order: Order, replayed: boolean): Promise<Result<PlaceOrderResult>> {
  if (order.status === 'refused') return refusal(store, order);
  const names = await skuMap(store, order.lines.map((l) => l.skuId));
  const today = inShanghai(order.placedAt).format('YYYY-MM-DD');
  const later = [...new Set(order.lines.map((l) => l.day).filter((d) => d > today))];
  return ok({
    orderId: order.id,
    placedAt: order.placedAt,
    replayed,
    lines: order.lines.map((l) => ({ lineId: l.id, skuId: l.skuId, name: names.get(l.skuId)?.name ?? l.skuId, qty: l.qty, day: l.day, ...(l.customer ? { customer: l.customer } : {}) })),
    ...(later.length > 0 ? { notice: `已过截单时间，订单将进入 ${later.map(dayLabel).join('、')} 的波次` } : {}),
  });
}

function draftOrder(leaderId: string, request: OrderRequest, skus: ReadonlyMap<string, Sku>, suppliers: ReadonlyMap<string, Supplier>, settings: Settings, now: number): Order {
  const id = orderIdFor(leaderId, request.idempotencyKey);
  return {
    id, leaderId, idempotencyKey: request.idempotencyKey, requestHash: requestFingerprint(request.lines),
    status: 'placed', placedAt: now, short: [],
    lines: request.lines.map((l, i) => {
      const supplierId = skus.get(l.skuId)!.supplierId;
      const cutoff = cutoffTimeOf(suppliers.get(supplierId), settings);
      const day = businessDayOf(now, cutoff);
      return {
        id: `${id}_${i + 1}`, orderId: id, leaderId, skuId: l.skuId, supplierId, day, waveId: waveIdFor(supplierId, day),
        cutoffAt: cutoffInstant(day, cutoff), qty: l.qty, shortQty: 0, status: 'placed', placedAt: now, ...(l.customer ? { customer: l.customer } : {}),
      };
    }),
  };
}

/** Scarce hot SKUs are rationed per leader (issue 4): every line over its share is named. */
async function quotaIssues(store: StockStore, order: Order, settings: Settings, skus: ReadonlyMap<string, Sku>) {
  const totals = totalsBySku(order.lines);
  const records = byIdOf(await store.listInventory([...totals.keys()]));
  const mine = await store.listOrderLines({ leaderId: order.leaderId, skuIds: [...totals.keys()], status: ['placed'] });
  const issues = [];
  for (const [skuId, qty] of totals) {
    const record = records.get(skuId);
    if (!record) continue;
    const day = order.lines.find((l) => l.skuId === skuId)!.day;
    const held = mine.filter((l) => l.skuId === skuId && l.day === day).reduce((sum, l) => sum + l.qty, 0);
    const left = quotaLeft(record.tier, record.sellable, held, settings.quota);
    if (left !== undefined && qty > left) {
      issues.push({ path: `sku:${skuId}`, code: 'QUOTA_EXCEEDED' as const, message: `${skus.get(skuId)!.name} 库存紧张限购，您今天最多还可订 ${left} 件` });
    }
  }
  return issues;
}

const byIdOf = <T extends { skuId: string }>(items: T[]) => new Map(items.map((x) => [x.skuId, x]));

/** Reserve every line or none; a retried submit with the same key gets the first answer. */
export async function placeOrder(deps: Deps, leaderId: string, request: OrderRequest): Promise<Result<PlaceOrderResult>> {
  const { store, clock, newId } = deps;
  const existing = await store.getOrder(orderIdFor(leaderId, request.idempotencyKey));
  if (existing) {
    if (existing.requestHash !== requestFingerprint(request.lines)) {
      return fail('IDEMPOTENCY_KEY_REUSED', '提交编号已用于另一张订单，请刷新后重新下单', { issues: [{ path: 'idempotencyKey', message: '提交编号已被使用' }] });
    }
    return answer(store, existing, true);
  }
  const skus = await skuMap(store, request.lines.map((l) => l.skuId));
  const lineIssues = orderLineIssues(request.lines, skus);
  if (lineIssues.length > 0) return failWithIssues(lineIssues[0]!.code ?? 'VALIDATION', '订单未提交', lineIssues);

  const [settings, suppliers] = await Promise.all([store.getSettings(), store.listSuppliers()]);
  const order = draftOrder(leaderId, request, skus, byId(suppliers), settings, clock.now());
  const rationed = await quotaIssues(store, order, settings, skus);
  if (rationed.length > 0) return failWithIssues('QUOTA_EXCEEDED', '订单未提交', rationed);

  const totals = totalsBySku(request.lines);
  const ledger: LedgerEntry[] = [...totals].map(([skuId, qty]) => ({
    id: newId('led'), skuId, kind: 'reserve', at: order.placedAt, by: leaderId, refId: order.id, qty,
  }));
  const outcome = await store.reserve(order, totals, ledger);
  if (outcome.kind === 'placed') {
    await checkLowStock(deps, [...totals.keys()]);
    return answer(store, outcome.order, false);
  }
  if (outcome.kind === 'duplicate') return answer(store, outcome.order, true);
  // A refused order keeps no lines (they would hold stock) but keeps why, for the retry.
  const stored = await store.recordRefusal({ ...order, status: 'refused', lines: [], short: outcome.short });
  return answer(store, stored, stored.status === 'placed');
}
