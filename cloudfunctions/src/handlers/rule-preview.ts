// What a change of rules would do to sellable before it is saved (issue 12): the global
// settings, one supplier's buffer or tier rules, or one SKU's. Read only: nothing is saved.
import type { InventoryRecord, Settings, Sku, Supplier } from '../domain/model';
import { sellableChanges, totalChange } from '../domain/rule-change';
import type { FigureContext } from '../domain/stock-figure';
import type { StockStore } from '../storage/port';
import type { RuleChangePreview } from '../contract/api';
import { byId } from './lookups';

/** Changes a preview lists by name: enough to see what moves most. */
export const PREVIEW_LISTED = 5;

/** The changes summed, and the largest named. */
function previewOf(changes: ReturnType<typeof sellableChanges>, skuById: ReadonlyMap<string, Sku>): RuleChangePreview {
  const total = totalChange(changes);
  return {
    skus: total.skus, sellableBefore: total.before, sellableAfter: total.after,
    largest: changes.slice(0, PREVIEW_LISTED).map((c) => ({ ...c, name: skuById.get(c.skuId)?.name ?? c.skuId, spec: skuById.get(c.skuId)?.spec ?? '' })),
  };
}

/** A listed SKU's rules now, and with the change applied. */
type Change = (now: FigureContext) => FigureContext;

/** Each listed SKU of `skus` (all when undefined) under the rules in force and under `change`. */
async function previewOver(store: StockStore, change: Change, now: number, skuIds?: string[]): Promise<RuleChangePreview> {
  const [settings, skus, suppliers, records] = await Promise.all([
    store.getSettings(), skuIds ? store.getSkus(skuIds) : store.listSkus(), store.listSuppliers(), store.listInventory(skuIds),
  ]);
  const skuById = byId(skus);
  const supplierById = byId(suppliers);
  const contexts = (record: InventoryRecord) => {
    const sku = skuById.get(record.skuId);
    if (!sku) return undefined;
    const before: FigureContext = { sku, supplier: supplierById.get(record.supplierId), settings };
    return { before, after: change(before) };
  };
  return previewOf(sellableChanges(records, contexts, now), skuById);
}

export const settingsPreview = (store: StockStore, next: Settings, now: number): Promise<RuleChangePreview> =>
  previewOver(store, (ctx) => ({ ...ctx, settings: next }), now);

/** One supplier's rules changed: only its SKUs can move. */
export async function supplierPreview(store: StockStore, next: Supplier, now: number): Promise<RuleChangePreview> {
  const skuIds = (await store.listSkus({ supplierId: next.id })).map((k) => k.id);
  return previewOver(store, (ctx) => ({ ...ctx, supplier: next }), now, skuIds);
}

/** One SKU's rules changed (its buffer, tier, whether it is for sale). */
export const skuPreview = (store: StockStore, next: Sku, now: number): Promise<RuleChangePreview> =>
  previewOver(store, (ctx) => ({ ...ctx, sku: next }), now, [next.id]);
