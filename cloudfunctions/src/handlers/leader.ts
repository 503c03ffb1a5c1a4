import * as z from 'zod';
import { ok } from '../domain/errors';
import { type Deps, action } from './action';
import type { StockStore } from '../storage/port';
import type { AvailabilityItem, JielongView } from '../contract/api';
import { ALIAS_MAX, aliasWordOf, jielongToOrderLines, parseJielong } from '../domain/jielong';
import { businessDayOf, cutoffTimeOf, nextCutoff } from '../domain/business-day';
import { pullsFailing } from '../domain/pull';
import { openCartFlag } from './alert-events';
import { leaderAliases, leaderAliasesBySku } from './leader-aliases';
import { leaderOrders } from './leader-orders';
import { listingActions } from './listings';
import { leaderOrderImport } from './order-import';
import { placeOrder } from './order-placement';
import { remediation } from './remediation';
import { MAX_ORDER_QTY, countSchema, skuIdSchema } from './validation';
import { availabilityItem } from './views';

/** The most items one availability page may ask for. */
export const AVAILABILITY_PAGE_MAX = 500;

const orderInput = z.object({
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  lines: z.array(z.object({
    skuId: skuIdSchema,
    qty: countSchema(1, MAX_ORDER_QTY),
    customer: z.string().trim().max(40).optional(),
  })).min(1).max(200),
});

/** The last availability answer per store, with the version of what it was made of and when its cutoffs pass. */
const answered = new WeakMap<StockStore, { version: string; until: number; items: AvailabilityItem[] }>();

/**
 * Every listed SKU's availability, computed once per change (issue 17: a thousand leaders
 * polling cost one computation): the store's version is read before the data, so a write
 * landing in between only makes the next call compute again, and the answer is kept no
 * longer than its first cutoff (the one thing in it that moves with the clock).
 */
async function availableItems(deps: Deps): Promise<AvailabilityItem[]> {
  const { store, clock } = deps;
  const version = await store.availabilityVersion?.();
  const now = clock.now();
  const kept = version === undefined ? undefined : answered.get(store);
  if (kept && kept.version === version && now < kept.until) return kept.items;
  const [skus, records, suppliers, settings, pulls] = await Promise.all([store.listSkus(), store.listInventory(), store.listSuppliers(), store.getSettings(), store.listPullHealth()]);
  const failing = pullsFailing(pulls);
  const bySku = new Map(records.map((r) => [r.skuId, r]));
  const bySupplier = new Map(suppliers.map((s) => [s.id, s]));
  const items = skus.filter((s) => s.listed)
    .map((s) => {
      const supplier = bySupplier.get(s.supplierId);
      return availabilityItem(s, bySku.get(s.id), supplier, nextCutoff(now, cutoffTimeOf(supplier, settings)), failing.has(s.supplierId));
    })
    .sort((a, b) => a.category.localeCompare(b.category, 'zh') || a.name.localeCompare(b.name, 'zh') || (a.skuId < b.skuId ? -1 : 1));
  if (version !== undefined) answered.set(store, { version, until: Math.min(...items.map((i) => i.cutoffAt)), items });
  return items;
}

export const leader = {
  /**
   * Every listed SKU with what can really be sold now and how fresh the count is,
   * sorted by category and name; with `limit`, that page of it (a catalogue of
   * thousands arrives in pages, each well inside what one answer may carry).
   */
  availability: action(['leader', 'operator'], z.object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(AVAILABILITY_PAGE_MAX).optional(),
  }), async (ctx, input) => {
    const items = await availableItems(ctx.deps);
    return ok<AvailabilityItem[]>(input.limit === undefined ? items.slice() : items.slice(input.offset, input.offset + input.limit));
  }),

  /** Reserve every line or none; a retried submit with the same key gets the first answer. */
  placeOrder: action(['leader'], orderInput, async (ctx, input) => placeOrder(ctx.deps, ctx.caller.id, input)),

  /** Turn a pasted 群接龙 list into cart lines; lines that match nothing come back for correction, never dropped. */
  parseJielong: action(['leader'], z.object({ text: z.string().min(1).max(20_000) }), async (ctx, input) => {
    const [all, taught] = await Promise.all([ctx.deps.store.listSkus(), leaderAliasesBySku(ctx.deps.store, ctx.caller.id)]);
    const skus = all.filter((s) => s.listed);
    // The operator's aliases for everyone; the words this leader taught, for this leader only.
    const parse = parseJielong(input.text, skus.map((s) => ({
      skuId: s.id, name: s.name, spec: s.spec,
      ...(s.saleUnit ? { saleUnit: s.saleUnit } : {}), ...(s.saleStep ? { saleStep: s.saleStep } : {}),
      ...(s.aliases?.length ? { aliases: s.aliases } : {}), ...(taught.has(s.id) ? { leaderAliases: taught.get(s.id) } : {}),
    })));
    const names = Object.fromEntries(skus.map((s) => [s.id, `${s.name} ${s.spec}`.trim()]));
    const referred = new Set(parse.customers.flatMap((c) => c.items.flatMap((i) => (i.kind === 'matched' ? [i.skuId] : i.candidates))));
    for (const m of parse.menu ?? []) for (const id of m.skuId ? [m.skuId] : m.candidates ?? []) referred.add(id);
    // The word each flagged item would teach, for "以后'酒精'都是这个商品？".
    const words = Object.fromEntries(parse.customers.flatMap((c) => c.items.flatMap((i) => {
      const word = i.kind === 'unmatched' ? aliasWordOf(i.text) : '';
      return word && word.length <= ALIAS_MAX ? [[i.text, word]] : [];
    })));
    const view: JielongView = { parse, ...jielongToOrderLines(parse), names: Object.fromEntries([...referred].map((id) => [id, names[id] ?? id])), words };
    return ok(view);
  }),

  /** The phone's cart opened or emptied: the cutoff reminder also reaches leaders with goods still in it. */
  cartChanged: action(['leader'], z.object({ open: z.boolean() }), async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const id = openCartFlag(ctx.caller.id, businessDayOf(clock.now(), (await store.getSettings()).cutoffTime));
    const current = await store.getFlag(id);
    await store.setFlag(id, current, { on: input.open, cycle: (current?.cycle ?? 0) + 1 });
    return ok({});
  }),

  ...leaderOrders,
  ...leaderAliases,
  ...listingActions,
  ...leaderOrderImport,
  ...remediation,
};
