// The cloud side of storefront listings (collection listing_entries): one document per
// entry under its id (`${listingId}_${seq}`), added once and never updated, so a second
// add of the same place is refused by the _id itself.
import type { ListingEntry } from '../../domain/listings';
import type { CloudAccess } from './cloud-access';
import { plain } from './cloud-sdk';

const inOrder = (a: ListingEntry, b: ListingEntry): number => (a.listingId < b.listingId ? -1 : a.listingId > b.listingId ? 1 : a.seq - b.seq);

export class CloudListings {
  constructor(private readonly a: CloudAccess) {}

  /** False when an entry with this id is there already. */
  async add(entry: ListingEntry): Promise<boolean> {
    return this.a.insertOnce('listing_entries', entry.id, entry);
  }

  async list(filter: { leaderId?: string; skuId?: string; listingId?: string }): Promise<ListingEntry[]> {
    const where: Record<string, string> = {};
    if (filter.listingId !== undefined) where.listingId = filter.listingId;
    if (filter.leaderId !== undefined) where.leaderId = filter.leaderId;
    if (filter.skuId !== undefined) where.skuId = filter.skuId;
    const docs = await this.a.readAll('listing_entries', where);
    return docs.map((d) => plain<ListingEntry>(d)).sort(inOrder);
  }
}
