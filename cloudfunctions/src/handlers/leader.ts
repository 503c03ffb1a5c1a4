import * as z from 'zod';
import { type Result, fail, failWithIssues, ok } from '../domain/errors';
import { orderIdFor, orderLineIssues, requestFingerprint, totalsBySku } from '../domain/order';
import type { LedgerEntry, Order, Sku } from '../domain/model';
import type { StockStore } from '../storage/port';
import { action } from './action';
import type { AvailabilityItem, PlaceOrderResult, ShortageDetails } from './api-types';
import { MAX_ORDER_QTY, countSchema, skuIdSchema } from './validation';
import { availabilityItem } from './views';

const orderInput = z.object({
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  lines: z.array(z.object({
    skuId: skuIdSchema,
    qty: countSchema(1, MAX_ORDER_QTY),
    customer: z.string().trim().max(40).optional(),
  })).min(1).max(200),
});
type OrderInput = z.infer<typeof orderInput>;

const skuMap = async (store: StockStore, ids: string[]): Promise<Map<string, Sku>> =>
  new Map((await store.getSkus([...new Set(ids)])).map((s) => [s.id, s]));

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
  return ok({
    orderId: order.id,
    placedAt: order.placedAt,
    replayed,
    lines: order.lines.map((l) => ({ skuId: l.skuId, name: names.get(l.skuId)?.name ?? l.skuId, qty: l.qty, ...(l.customer ? { customer: l.customer } : {}) })),
  });
}

function draftOrder(leaderId: string, input: OrderInput, skus: ReadonlyMap<string, Sku>, now: number): Order {
  const id = orderIdFor(leaderId, input.idempotencyKey);
  return {
    id, leaderId, idempotencyKey: input.idempotencyKey, requestHash: requestFingerprint(input.lines),
    status: 'placed', placedAt: now, short: [],
    lines: input.lines.map((l, i) => ({
      id: `${id}_${i + 1}`, orderId: id, leaderId, skuId: l.skuId, supplierId: skus.get(l.skuId)!.supplierId,
      qty: l.qty, shortQty: 0, status: 'placed', placedAt: now, ...(l.customer ? { customer: l.customer } : {}),
    })),
  };
}

export const leader = {
  /** Every listed SKU with what can really be sold now and how fresh the count is. */
  availability: action(['leader', 'operator'], z.object({}), async (ctx) => {
    const { store } = ctx.deps;
    const [skus, records, suppliers] = await Promise.all([store.listSkus(), store.listInventory(), store.listSuppliers()]);
    const bySku = new Map(records.map((r) => [r.skuId, r]));
    const bySupplier = new Map(suppliers.map((s) => [s.id, s]));
    const items = skus.filter((s) => s.listed)
      .map((s) => availabilityItem(s, bySku.get(s.id), bySupplier.get(s.supplierId)))
      .sort((a, b) => a.category.localeCompare(b.category, 'zh') || a.name.localeCompare(b.name, 'zh'));
    return ok<AvailabilityItem[]>(items);
  }),

  /** Reserve every line or none; a retried submit with the same key gets the first answer. */
  placeOrder: action(['leader'], orderInput, async (ctx, input) => {
    const { store, clock, newId } = ctx.deps;
    const leaderId = ctx.caller.id;
    const existing = await store.getOrder(orderIdFor(leaderId, input.idempotencyKey));
    if (existing) {
      if (existing.requestHash !== requestFingerprint(input.lines)) {
        return fail('IDEMPOTENCY_KEY_REUSED', '提交编号已用于另一张订单，请刷新后重新下单', { issues: [{ path: 'idempotencyKey', message: '提交编号已被使用' }] });
      }
      return answer(store, existing, true);
    }
    const skus = await skuMap(store, input.lines.map((l) => l.skuId));
    const issues = orderLineIssues(input.lines, skus);
    if (issues.length > 0) return failWithIssues(issues[0]!.code ?? 'VALIDATION', '订单未提交', issues);

    const order = draftOrder(leaderId, input, skus, clock.now());
    const totals = totalsBySku(input.lines);
    const ledger: LedgerEntry[] = [...totals].map(([skuId, qty]) => ({
      id: newId('led'), skuId, kind: 'reserve', at: order.placedAt, by: leaderId, refId: order.id, qty,
    }));
    const outcome = await store.reserve(order, totals, ledger);
    if (outcome.kind === 'placed') return answer(store, outcome.order, false);
    if (outcome.kind === 'duplicate') return answer(store, outcome.order, true);
    // A refused order keeps no lines (they would hold stock) but keeps why, for the retry.
    const stored = await store.recordRefusal({ ...order, status: 'refused', lines: [], short: outcome.short });
    return answer(store, stored, stored.status === 'placed');
  }),
};
