import * as z from 'zod';
import { ok } from '../domain/errors';
import { action } from './action';
import type { AvailabilityItem } from './api-types';
import { leaderOrders } from './leader-orders';
import { placeOrder } from './order-placement';
import { remediation } from './remediation';
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
  placeOrder: action(['leader'], orderInput, async (ctx, input) => placeOrder(ctx.deps, ctx.caller.id, input)),

  ...leaderOrders,
  ...remediation,
};
