// Placing an order (DESIGN §5): every line reserved or none, a retried submit answered
// with the first result, each line joining its supplier's wave for the business day.
import { type Issue, type Result, fail, failWithIssues, ok } from '../domain/errors';
import { businessDayOf, cutoffInstant, cutoffTimeOf, dayLabel } from '../domain/business-day';
import { inShanghai } from '../domain/time';
import { orderIdFor, orderLineIssues, requestFingerprint, totalsBySku, type RequestedLine } from '../domain/order';
import { orderNumber } from '../domain/order-number';
import { rationApplies, rationCap } from '../domain/quota';
import type { LedgerEntry, Order, Settings, Sku, Supplier } from '../domain/model';
import { waveIdFor } from '../domain/wave';
import type { StockStore } from '../storage/port';
import type { Deps } from './action';
import type { PlaceOrderResult, ShortageDetails } from '../contract/api';
import { checkLowStock } from './alert-events';
import { byId } from './lookups';

export interface OrderRequest {
  idempotencyKey: string;
  lines: RequestedLine[];
  /** A platform order this one imports (order-import.ts). */
  external?: Order['external'];
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
    ...(order.number ? { orderNo: order.number } : {}),
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
    status: 'placed', placedAt: now, short: [], ...(request.external ? { external: request.external } : {}),
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

interface Rations {
  /** Per rationed SKU, the most units this leader may hold of it for the line's day. */
  caps: Map<string, number>;
  /** Every line over its share, named. */
  issues: Issue[];
}

/**
 * Scarce hot SKUs are rationed per leader (issue 4). Only SKUs a ration applies to
 * now are looked at; the store enforces the caps atomically with the takes, so two
 * orders of one leader at once cannot pass it together.
 */
async function rationsFor(store: StockStore, order: Order, settings: Settings, skus: ReadonlyMap<string, Sku>): Promise<Rations> {
  const totals = totalsBySku(order.lines);
  const records = byIdOf(await store.listInventory([...totals.keys()]));
  const rationed = [...totals.keys()].filter((skuId) => {
    const r = records.get(skuId);
    return r !== undefined && rationApplies(r.tier, r.sellable, settings.quota);
  });
  const caps = new Map<string, number>();
  const issues: Issue[] = [];
  if (rationed.length === 0) return { caps, issues };
  const dayOf = new Map(order.lines.map((l) => [l.skuId, l.day]));
  for (const day of new Set(rationed.map((id) => dayOf.get(id)!))) {
    const ofDay = rationed.filter((id) => dayOf.get(id) === day);
    const held = await store.rationHeld(order.leaderId, day, ofDay);
    for (const skuId of ofDay) {
      const record = records.get(skuId)!;
      const mine = held.get(skuId) ?? 0;
      const cap = rationCap(record.tier, record.sellable, mine, settings.quota)!;
      caps.set(skuId, cap);
      const left = Math.max(0, cap - mine);
      if (totals.get(skuId)! > left) {
        issues.push({ path: `sku:${skuId}`, code: 'QUOTA_EXCEEDED', message: `${skus.get(skuId)!.name} 库存紧张限购，您今天最多还可订 ${left} 件` });
      }
    }
  }
  return { caps, issues };
}

/**
 * The number the leader reads ("1202-0042"), taken once the order passed every check but
 * stock: a refusal for short stock still uses one up (the store cannot take it back).
 */
async function withNumber(store: StockStore, order: Order): Promise<Order> {
  const day = inShanghai(order.placedAt).format('YYYY-MM-DD');
  const number = orderNumber(day, await store.claimOrderNumber(order.leaderId, day));
  return { ...order, number, lines: order.lines.map((l) => ({ ...l, orderNo: number })) };
}

const byIdOf = <T extends { skuId: string }>(items: T[]) => new Map(items.map((x) => [x.skuId, x]));

const keyReused = () => fail('IDEMPOTENCY_KEY_REUSED', '提交编号已用于另一张订单，请刷新后重新下单', { issues: [{ path: 'idempotencyKey', message: '提交编号已被使用' }] });

/** Reserve every line or none; a retried submit with the same key gets the first answer. */
export async function placeOrder(deps: Deps, leaderId: string, request: OrderRequest): Promise<Result<PlaceOrderResult>> {
  const { store, clock, newId } = deps;
  const fingerprint = requestFingerprint(request.lines);
  const existing = await store.getOrder(orderIdFor(leaderId, request.idempotencyKey));
  if (existing) return existing.requestHash === fingerprint ? answer(store, existing, true) : keyReused();
  const skus = await skuMap(store, request.lines.map((l) => l.skuId));
  const lineIssues = orderLineIssues(request.lines, skus);
  if (lineIssues.length > 0) return failWithIssues(lineIssues[0]!.code ?? 'VALIDATION', '订单未提交', lineIssues);

  const [settings, suppliers] = await Promise.all([store.getSettings(), store.listSuppliers()]);
  const order = draftOrder(leaderId, request, skus, byId(suppliers), settings, clock.now());
  const rations = await rationsFor(store, order, settings, skus);
  if (rations.issues.length > 0) return failWithIssues('QUOTA_EXCEEDED', '订单未提交', rations.issues);

  const numbered = await withNumber(store, order);
  const totals = totalsBySku(request.lines);
  const ledger: LedgerEntry[] = [...totals].map(([skuId, qty]) => ({
    id: newId('led'), skuId, kind: 'reserve', at: order.placedAt, by: leaderId, refId: order.id, qty,
  }));
  const outcome = await store.reserve(numbered, totals, ledger, rations.caps);
  switch (outcome.kind) {
    case 'placed':
      await checkLowStock(deps, [...totals.keys()]);
      return answer(store, outcome.order, false);
    case 'duplicate':
      return outcome.order.requestHash === fingerprint ? answer(store, outcome.order, true) : keyReused();
    case 'rationed': {
      // Another order of this leader took the share meanwhile: say what is left now.
      const now = await rationsFor(store, order, settings, skus);
      const issues = now.issues.length > 0 ? now.issues
        : outcome.skuIds.map((skuId) => ({ path: `sku:${skuId}`, code: 'QUOTA_EXCEEDED' as const, message: `${skus.get(skuId)!.name} 库存紧张限购，已达今天的限购数量` }));
      return failWithIssues('QUOTA_EXCEEDED', '订单未提交', issues);
    }
    case 'inProgress':
      return fail('IN_PROGRESS', '这张订单正在提交，请稍后在“我的订单”查看，不要重复下单');
    case 'interrupted':
      return fail('ORDER_INTERRUPTED', '这张订单提交时中断，没有生效，库存已退回；请重新下单');
    case 'short': {
      // A refused order keeps no lines (they would hold stock) but keeps why, for the retry.
      const stored = await store.recordRefusal({ ...numbered, status: 'refused', lines: [], short: outcome.short });
      return answer(store, stored, stored.status === 'placed');
    }
  }
}
