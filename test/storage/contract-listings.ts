// The storage contract's cases for storefront listings (issue 18), run inside storeContract
// (contract.ts) on every adapter: entries are appended once per place, never changed, and
// listed by listing then seq, for a leader, a SKU, a listing or everyone.
import { type ListingEntry, foldListings, listingEntryId } from '../../cloudfunctions/src/domain/listings';
import type { StockStore } from '../../cloudfunctions/src/storage/port';
import { type ListingPushEntry, pushEntryId } from '../../cloudfunctions/src/domain/listing-push';
import { T0 } from '../fixtures/catalogue';

const version = (listingId: string, seq: number, leaderId: string, skuId: string, extra: Partial<ListingEntry> = {}): ListingEntry => ({
  type: 'version', id: listingEntryId(listingId, seq), listingId, seq, leaderId, skuId, at: T0 + seq * 1000, by: leaderId,
  storefront: 'ktt', share: { kind: 'equal' }, ...extra,
} as ListingEntry);
const typed = (listingId: string, seq: number, leaderId: string, skuId: string, count: number): ListingEntry => ({
  type: 'typed', id: listingEntryId(listingId, seq), listingId, seq, leaderId, skuId, at: T0 + seq * 1000, by: leaderId, count,
});

export function listingCases(storeOf: () => StockStore): void {
  it('appends listing entries and lists them per leader, SKU or listing, in listing then seq order', async () => {
    const store = storeOf();
    expect(await store.listListingEntries({ leaderId: 'u-leader-1' })).toEqual([]);
    const entries = [
      version('lst_b', 2, 'u-leader-1', 'A001', { share: { kind: 'ratio', ratio: 0.5 } }),
      version('lst_b', 1, 'u-leader-1', 'A001', { storefront: 'wechat_shop', productId: '10000001', storefrontSkuId: '20000001' }),
      version('lst_a', 1, 'u-leader-2', 'A001'),
      typed('lst_a', 2, 'u-leader-2', 'A001', 37),
      version('lst_c', 1, 'u-leader-1', 'A002', { share: { kind: 'fixed', units: 12 } }),
    ];
    for (const e of entries) expect(await store.addListingEntry(e)).toBe(true);
    expect((await store.listListingEntries({})).map((e) => e.id)).toEqual(['lst_a_1', 'lst_a_2', 'lst_b_1', 'lst_b_2', 'lst_c_1']);
    expect((await store.listListingEntries({ leaderId: 'u-leader-1' })).map((e) => e.id)).toEqual(['lst_b_1', 'lst_b_2', 'lst_c_1']);
    expect((await store.listListingEntries({ skuId: 'A001' })).map((e) => e.id)).toEqual(['lst_a_1', 'lst_a_2', 'lst_b_1', 'lst_b_2']);
    expect(await store.listListingEntries({ listingId: 'lst_a' })).toEqual([entries[2], entries[3]]);
    const [a, b] = foldListings(await store.listListingEntries({ skuId: 'A001' }));
    expect(a).toMatchObject({ id: 'lst_a', lastTyped: { count: 37, at: T0 + 2000 } });
    expect(b).toMatchObject({ id: 'lst_b', storefront: 'ktt', share: { kind: 'ratio', ratio: 0.5 }, createdAt: T0 + 1000, version: 2 });
  });

  it('refuses a second entry in the same place of a listing and keeps the first unchanged', async () => {
    const store = storeOf();
    const first = version('lst_a', 1, 'u-leader-1', 'A001');
    expect(await store.addListingEntry(first)).toBe(true);
    expect(await store.addListingEntry(typed('lst_a', 1, 'u-leader-1', 'A001', 5))).toBe(false);
    expect(await store.listListingEntries({ listingId: 'lst_a' })).toEqual([first]);
  });

  it('appends the 微信小店 push log once per listing and seq, and lists the asked listings by listing then seq', async () => {
    const store = storeOf();
    const sent: ListingPushEntry = { type: 'sent', id: pushEntryId('lst_p', 1), listingId: 'lst_p', seq: 1, at: T0, count: 12, diffType: 3, num: 12, readStock: 0 };
    const answer: ListingPushEntry = { type: 'answer', id: pushEntryId('lst_p', 2), listingId: 'lst_p', seq: 2, at: T0 + 5, sentSeq: 1, accepted: false, code: -1, message: 'system error' };
    const other: ListingPushEntry = { type: 'read', id: pushEntryId('lst_o', 1), listingId: 'lst_o', seq: 1, at: T0, stock: 3 };
    expect(await store.addListingPush(answer)).toBe(true);
    expect(await store.addListingPush(other)).toBe(true);
    expect(await store.addListingPush(sent)).toBe(true);
    expect(await store.addListingPush({ ...sent, count: 99 })).toBe(false);
    expect(await store.listListingPushes(['lst_p', 'lst_o', 'lst_none'])).toEqual([other, sent, answer]);
    expect(await store.listListingPushes(['lst_p'])).toEqual([sent, answer]);
    expect(await store.listListingPushes([])).toEqual([]);
  });
}
