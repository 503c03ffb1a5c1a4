// What a change of rules (buffers, projection, tiers) would do to sellable, before it is
// saved: each SKU's figure now under the rules in force and under the new ones, by the
// same function the refresh job writes with (DESIGN §3). Pure: nothing is changed.
import type { InventoryRecord } from './model';
import { type FigureContext, anchorOf, figureAt } from './stock-figure';

export interface SellableChange {
  skuId: string;
  before: number;
  after: number;
}

/**
 * The SKUs whose sellable would move, the largest change first. `contexts` gives a
 * record's rules before and after (a SKU not for sale under either sells 0), or nothing to skip it.
 */
export function sellableChanges(
  records: InventoryRecord[],
  contexts: (record: InventoryRecord) => { before: FigureContext; after: FigureContext } | undefined,
  now: number,
): SellableChange[] {
  const changes: SellableChange[] = [];
  for (const record of records) {
    const rules = contexts(record);
    if (!rules) continue;
    const anchor = anchorOf(record);
    // A SKU taken off sale (下架) sells nothing, whatever its figure.
    const sellable = (ctx: FigureContext) => (ctx.sku.listed ? figureAt(anchor, record.committed, ctx, now).sellable : 0);
    const before = sellable(rules.before);
    const after = sellable(rules.after);
    if (before !== after) changes.push({ skuId: record.skuId, before, after });
  }
  return changes.sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || (a.skuId < b.skuId ? -1 : 1));
}

/** The changes summed: how many SKUs, and their sellable before and after. */
export function totalChange(changes: SellableChange[]): { skus: number; before: number; after: number } {
  return changes.reduce((t, c) => ({ skus: t.skus + 1, before: t.before + c.before, after: t.after + c.after }), { skus: 0, before: 0, after: 0 });
}
