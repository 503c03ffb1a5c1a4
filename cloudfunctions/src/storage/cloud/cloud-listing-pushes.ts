// The cloud side of the 微信小店 push log (collection listing_pushes): one document per entry
// under its id (`${listingId}_${seq}`), added once and never updated.
import type { ListingPushEntry } from '../../domain/listing-push';
import type { CloudAccess } from './cloud-access';
import { inParallel } from '../../runtime/parallel';
import { PARALLEL_CALLS } from './cloud-access';
import { plain } from './cloud-sdk';

export class CloudListingPushes {
  constructor(private readonly a: CloudAccess) {}

  /** False when an entry with this id is there already. */
  async add(entry: ListingPushEntry): Promise<boolean> {
    return this.a.insertOnce('listing_pushes', entry.id, entry);
  }

  async list(listingIds: readonly string[]): Promise<ListingPushEntry[]> {
    const ids = [...new Set(listingIds)].sort();
    const pages: ListingPushEntry[][] = ids.map(() => []);
    await inParallel(ids.map((id, i) => ({ id, i })), PARALLEL_CALLS, async ({ id, i }) => {
      pages[i] = (await this.a.readAll('listing_pushes', { listingId: id })).map((d) => plain<ListingPushEntry>(d)).sort((x, y) => x.seq - y.seq);
    });
    return pages.flat();
  }
}
