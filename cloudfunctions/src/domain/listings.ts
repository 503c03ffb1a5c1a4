// Storefront listings (issue 18): a leader's 微信小店 product, 快团团 group or 群接龙 post linked
// to a SKU, with its share of the SKU's sellable. Nothing is edited in place: a link, each
// edit and an unlink are appended versions; each number the leader typed into a storefront
// without an API (已改) is an appended entry too. What holds is folded from the entries.
import type { ListingShare } from './allocation';

export type StorefrontKind = 'wechat_shop' | 'ktt' | 'qunjielong' | 'other';
export const STOREFRONT_KINDS: readonly StorefrontKind[] = ['wechat_shop', 'ktt', 'qunjielong', 'other'];
export const STOREFRONT_NAMES: Record<StorefrontKind, string> = { wechat_shop: '微信小店', ktt: '快团团', qunjielong: '群接龙', other: '其他店铺' };
/** Storefronts whose stock we could push (phase 2); the others are typed by hand. */
export const PUSHED_STOREFRONTS: readonly StorefrontKind[] = ['wechat_shop'];

interface EntryBase {
  /** `${listingId}_${seq}`: one entry per place, so two concurrent edits cannot share one. */
  id: string;
  listingId: string;
  /** 1, 2, 3 … per listing. */
  seq: number;
  leaderId: string;
  skuId: string;
  at: number;
  by: string;
}

/** A link (seq 1), an edit, or an unlink: the listing as it stands from then on. */
export interface ListingVersion extends EntryBase {
  type: 'version';
  storefront: StorefrontKind;
  /** The storefront's product id (微信小店 product_id), when it has one. */
  productId?: string;
  /** The storefront's SKU id (微信小店 sku_id). */
  storefrontSkuId?: string;
  /** The leader's own name for the listing ("周三水果团"). */
  title?: string;
  share: ListingShare;
  unlinked?: true;
}

/** 已改: the number the leader typed into the storefront, and when. */
export interface ListingTyped extends EntryBase {
  type: 'typed';
  count: number;
}

export type ListingEntry = ListingVersion | ListingTyped;

export interface Listing {
  id: string;
  leaderId: string;
  skuId: string;
  storefront: StorefrontKind;
  productId?: string;
  storefrontSkuId?: string;
  title?: string;
  share: ListingShare;
  createdAt: number;
  createdBy: string;
  /** The latest version's seq and time. */
  version: number;
  updatedAt: number;
  unlinked?: { at: number; by: string };
  lastTyped?: { count: number; at: number; by: string; seq: number };
  /** The next free seq. */
  nextSeq: number;
}

export const listingEntryId = (listingId: string, seq: number): string => `${listingId}_${seq}`;

/** Each listing as its entries leave it, in listing id order; entries in any order. */
export function foldListings(entries: readonly ListingEntry[]): Listing[] {
  const byListing = new Map<string, ListingEntry[]>();
  for (const e of entries) {
    const list = byListing.get(e.listingId) ?? [];
    list.push(e);
    byListing.set(e.listingId, list);
  }
  const out: Listing[] = [];
  for (const [id, list] of [...byListing].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort((a, b) => a.seq - b.seq);
    const versions = list.filter((e): e is ListingVersion => e.type === 'version');
    const first = versions[0];
    const last = versions[versions.length - 1];
    if (!first || !last) continue;
    const typed = list.filter((e): e is ListingTyped => e.type === 'typed').pop();
    out.push({
      id, leaderId: first.leaderId, skuId: last.skuId, storefront: last.storefront,
      ...(last.productId ? { productId: last.productId } : {}), ...(last.storefrontSkuId ? { storefrontSkuId: last.storefrontSkuId } : {}),
      ...(last.title ? { title: last.title } : {}),
      share: last.share, createdAt: first.at, createdBy: first.by, version: last.seq, updatedAt: last.at,
      ...(last.unlinked ? { unlinked: { at: last.at, by: last.by } } : {}),
      ...(typed ? { lastTyped: { count: typed.count, at: typed.at, by: typed.by, seq: typed.seq } } : {}),
      nextSeq: list.reduce((m, e) => Math.max(m, e.seq), 0) + 1,
    });
  }
  return out;
}

/** Listings still linked. */
export const linkedListings = (entries: readonly ListingEntry[]): Listing[] => foldListings(entries).filter((l) => !l.unlinked);

/** Whether the leader types this storefront's number by hand (no API we call). */
export const typedByHand = (kind: StorefrontKind): boolean => !PUSHED_STOREFRONTS.includes(kind);

/** "快团团 改库存为 37": what the leader types. */
export const retypeText = (kind: StorefrontKind, count: number): string => `${STOREFRONT_NAMES[kind]} 改库存为 ${count}`;

/** What a new or edited listing would be, for the duplicate check. */
export type ListingCandidate = Pick<Listing, 'leaderId' | 'skuId' | 'storefront' | 'productId' | 'storefrontSkuId' | 'title'>;

/**
 * The linked listing a candidate would repeat, if any: the same 微信小店 product and SKU
 * (its stock would be pushed twice, by anyone), or the same leader's same storefront kind,
 * SKU and name (one group counted twice in the allocation). A leader's two 快团团 groups of
 * one SKU are two listings when they are named apart.
 */
export function duplicateListing(linked: readonly Listing[], c: ListingCandidate, exceptId?: string): Listing | undefined {
  return linked.find((l) => {
    if (l.id === exceptId || l.unlinked || l.storefront !== c.storefront) return false;
    if (c.storefront === 'wechat_shop') return l.productId === c.productId && l.storefrontSkuId === c.storefrontSkuId;
    return l.leaderId === c.leaderId && l.skuId === c.skuId && (l.title ?? '') === (c.title ?? '');
  });
}
