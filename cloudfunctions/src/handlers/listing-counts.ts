// The count each storefront listing shows now (issue 18): every linked listing of a SKU,
// whoever's, shares the SKU's current sellable by domain/allocation.ts, each leader within
// the ration of a scarce hot SKU. Shared by the listing page and the scheduler's retype alert.
import { type ListingCount, allocate } from '../domain/allocation';
import { businessDayOf, cutoffTimeOf } from '../domain/business-day';
import { type Listing, linkedListings } from '../domain/listings';
import type { InventoryRecord, Settings } from '../domain/model';
import { quotaLeft, rationApplies } from '../domain/quota';
import type { StockStore } from '../storage/port';

export interface SkuAllocation {
  skuId: string;
  record?: InventoryRecord;
  listings: Listing[];
  counts: Map<string, ListingCount>;
}

/** Per SKU: its linked listings (everyone's) and what each shows now. */
export async function allocationsFor(store: StockStore, settings: Settings, now: number, skuIds: readonly string[]): Promise<Map<string, SkuAllocation>> {
  const ids = [...new Set(skuIds)].sort();
  const out = new Map<string, SkuAllocation>();
  if (ids.length === 0) return out;
  const [records, entries] = await Promise.all([
    store.listInventory(ids),
    Promise.all(ids.map((skuId) => store.listListingEntries({ skuId }))),
  ]);
  const recordOf = new Map(records.map((r) => [r.skuId, r]));
  for (const [i, skuId] of ids.entries()) {
    const listings = linkedListings(entries[i]!);
    const record = recordOf.get(skuId);
    const sellable = record?.sellable ?? 0;
    const leaderCaps = new Map<string, number>();
    if (record && rationApplies(record.tier, sellable, settings.quota)) {
      const supplier = await store.getSupplier(record.supplierId);
      const day = businessDayOf(now, cutoffTimeOf(supplier ?? undefined, settings));
      for (const leaderId of new Set(listings.map((l) => l.leaderId))) {
        const held = (await store.rationHeld(leaderId, day, [skuId])).get(skuId) ?? 0;
        leaderCaps.set(leaderId, quotaLeft(record.tier, sellable, held, settings.quota) ?? sellable);
      }
    }
    const allocation = allocate({
      sellable, total: settings.storefronts.allocationTotal, leaderCaps,
      listings: listings.map((l) => ({ id: l.id, leaderId: l.leaderId, share: l.share })),
    });
    out.set(skuId, { skuId, ...(record ? { record } : {}), listings, counts: new Map(allocation.counts.map((c) => [c.listingId, c])) });
  }
  return out;
}
