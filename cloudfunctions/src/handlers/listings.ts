// Storefront listings (issue 18): a leader links a 微信小店 product, a 快团团 group or a 群接龙
// post to a SKU with its share of the SKU's sellable; an operator may for any leader. Links,
// edits and unlinks are appended versions; 已改 appends the number the leader typed. The
// page shows each listing's count to show now (allocation over sellable now) and, for
// storefronts typed by hand, the number to type and how far it moved since it was typed.
import * as z from 'zod';
import { type ListingShare, movedSinceTyped, needsRetype, shareLabel } from '../domain/allocation';
import { type Result, fail, failWithIssues, ok } from '../domain/errors';
import {
  type Listing, type ListingCandidate, type ListingEntry, type ListingVersion, STOREFRONT_KINDS, STOREFRONT_NAMES, type StorefrontKind,
  duplicateListing, foldListings, listingEntryId, retypeText, typedByHand,
} from '../domain/listings';
import { MAX_ON_HAND } from '../domain/limits';
import type { ListingPushView, ListingView, ListingsView } from '../contract/api';
import type { StockStore } from '../storage/port';
import { type SignedInContext, action } from './action';
import { allocationsFor } from './listing-counts';
import { type ListingPushEntry, foldPushes, isStale, pushErrorText } from '../domain/listing-push';
import { pushLogs } from '../jobs/listing-push';
import { skuIdSchema } from './validation';

/** Tries when another phone took the listing's next place between our read and our add. */
const ADD_ATTEMPTS = 5;
/** Listings one leader may keep linked. */
export const MAX_LISTINGS = 200;

const shareFields = {
  shareKind: z.enum(['ratio', 'fixed', 'equal']),
  /** A ratio of sellable, 0.01–1 (a listing never shows more than sellable). */
  ratio: z.number().min(0.01).max(1).optional(),
  units: z.number().int().min(0).max(MAX_ON_HAND).optional(),
};
const storefrontFields = {
  storefront: z.enum(STOREFRONT_KINDS as [StorefrontKind, ...StorefrontKind[]]),
  productId: z.string().trim().min(1).max(64).optional(),
  storefrontSkuId: z.string().trim().min(1).max(64).optional(),
  title: z.string().trim().min(1).max(40).optional(),
};
const leaderField = { leaderId: z.string().trim().min(1).max(64).optional() };
const listingIdField = { listingId: z.string().trim().min(1).max(80) };

type ShareInput = { shareKind: 'ratio' | 'fixed' | 'equal'; ratio?: number | undefined; units?: number | undefined };
type StorefrontInput = { storefront: StorefrontKind; productId?: string | undefined; storefrontSkuId?: string | undefined; title?: string | undefined };

/** The share fields each kind of share takes; another given is refused, not ignored. */
const SHARE_FIELDS: Record<ShareInput['shareKind'], readonly ('ratio' | 'units')[]> = { ratio: ['ratio'], fixed: ['units'], equal: [] };
const SHARE_KIND_NAMES: Record<ShareInput['shareKind'], string> = { ratio: '按比例分配', fixed: '固定件数', equal: '平均分配' };

/** The share the input asks for, or the issue naming the missing or out-of-place field. */
function shareOf(input: ShareInput, action: string): Result<ListingShare> {
  for (const path of ['ratio', 'units'] as const) {
    if (input[path] !== undefined && !SHARE_FIELDS[input.shareKind].includes(path)) {
      return failWithIssues('VALIDATION', action, [{ path, message: `${SHARE_KIND_NAMES[input.shareKind]}时不填${path === 'ratio' ? '比例' : '件数'}` }]);
    }
  }
  if (input.shareKind === 'ratio') {
    if (input.ratio === undefined) return failWithIssues('VALIDATION', action, [{ path: 'ratio', message: '按比例分配时请填写比例（如 0.3 即可售的 30%）' }]);
    return ok({ kind: 'ratio', ratio: input.ratio });
  }
  if (input.shareKind === 'fixed') {
    if (input.units === undefined) return failWithIssues('VALIDATION', action, [{ path: 'units', message: '固定件数时请填写最多显示几件' }]);
    return ok({ kind: 'fixed', units: input.units });
  }
  return ok({ kind: 'equal' });
}

/** 微信小店 stock is set per product and SKU: both ids are needed to push it later. */
function storefrontOf(input: StorefrontInput, action: string): Result<Pick<ListingVersion, 'storefront' | 'productId' | 'storefrontSkuId' | 'title'>> {
  if (input.storefront === 'wechat_shop') {
    for (const path of ['productId', 'storefrontSkuId'] as const) {
      if (!input[path]) return failWithIssues('VALIDATION', action, [{ path, message: `微信小店的商品需要填写${path === 'productId' ? '商品 ID（product_id）' : '规格 ID（sku_id）'}` }]);
    }
  }
  return ok({
    storefront: input.storefront, ...(input.productId ? { productId: input.productId } : {}),
    ...(input.storefrontSkuId ? { storefrontSkuId: input.storefrontSkuId } : {}), ...(input.title ? { title: input.title } : {}),
  });
}

/** Whose listings the caller acts on: a leader's own; an operator's named leader. */
async function leaderOf(ctx: SignedInContext, leaderId: string | undefined, action: string): Promise<Result<string>> {
  if (ctx.caller.role === 'leader') {
    if (leaderId !== undefined && leaderId !== ctx.caller.id) return failWithIssues('FORBIDDEN', action, [{ path: 'leaderId', message: '只能管理自己的店铺商品' }]);
    return ok(ctx.caller.id);
  }
  if (leaderId === undefined) return failWithIssues('VALIDATION', action, [{ path: 'leaderId', message: '请选择团长' }]);
  const [user] = (await ctx.deps.store.listUsers()).filter((u) => u.id === leaderId);
  if (!user || user.role !== 'leader') return failWithIssues('NOT_FOUND', action, [{ path: 'leaderId', message: `团长 ${leaderId} 不存在` }]);
  return ok(leaderId);
}

/** The listing, if the caller may act on it. */
async function ownListing(ctx: SignedInContext, listingId: string, action: string): Promise<Result<Listing>> {
  const [listing] = foldListings(await ctx.deps.store.listListingEntries({ listingId }));
  if (!listing || (ctx.caller.role === 'leader' && listing.leaderId !== ctx.caller.id)) {
    return failWithIssues('NOT_FOUND', action, [{ path: 'listingId', message: '找不到这个店铺商品' }]);
  }
  if (listing.unlinked) return failWithIssues('WRONG_STATE', action, [{ path: 'listingId', message: '这个店铺商品已取消关联' }]);
  return ok(listing);
}

/** The issue naming the field that makes the candidate repeat a linked listing, if it does. */
async function refuseDuplicate(store: StockStore, c: ListingCandidate, action: string, exceptId?: string): Promise<Result<null>> {
  // A 微信小店 SKU is one shop's: any leader's link to it counts; other kinds are per leader.
  const entries = await store.listListingEntries(c.storefront === 'wechat_shop' ? {} : { leaderId: c.leaderId });
  const twin = duplicateListing(foldListings(entries), c, exceptId);
  if (!twin) return ok(null);
  if (c.storefront === 'wechat_shop') {
    return failWithIssues('CONFLICT', action, [{ path: 'storefrontSkuId', message: `这个微信小店规格（${c.productId} / ${c.storefrontSkuId}）已关联，同一规格只能关联一次` }]);
  }
  const named = c.title ? `“${c.title}”` : '（未命名）';
  return failWithIssues('CONFLICT', action, [{ path: 'title', message: `已有${STOREFRONT_NAMES[c.storefront]}${named}关联了这个商品；如果是另一个团，请填写不同的名称` }]);
}

/** Append the listing's next entry, again if another phone took that place first. */
async function append(store: StockStore, listingId: string, entry: (seq: number) => ListingEntry): Promise<Result<ListingEntry>> {
  for (let attempt = 0; attempt < ADD_ATTEMPTS; attempt++) {
    const [listing] = foldListings(await store.listListingEntries({ listingId }));
    const e = entry(listing?.nextSeq ?? 1);
    if (await store.addListingEntry(e)) return ok(e);
  }
  return fail('CONFLICT', '同时有其他修改，请再试一次');
}

/** One leader's linked listings with what each shows now. */
export async function listingsView(ctx: SignedInContext, leaderId: string): Promise<ListingsView> {
  const { store, clock } = ctx.deps;
  const settings = await store.getSettings();
  // In the order linked (ties by id): the page keeps its rows where the leader put them.
  const own = foldListings(await store.listListingEntries({ leaderId })).filter((l) => !l.unlinked)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const pushed = own.filter((l) => !typedByHand(l.storefront)).map((l) => l.id);
  const [allocations, skus, users, pushLog] = await Promise.all([
    allocationsFor(store, settings, clock.now(), own.map((l) => l.skuId)),
    own.length > 0 ? store.getSkus([...new Set(own.map((l) => l.skuId))]) : Promise.resolve([]),
    store.listUsers(),
    pushed.length > 0 ? store.listListingPushes(pushed) : Promise.resolve([]),
  ]);
  const logs = pushLogs(pushed, pushLog);
  const skuName = new Map(skus.map((s) => [s.id, `${s.name} ${s.spec}`.trim()]));
  const nameOf = new Map(users.map((u) => [u.id, u.name]));
  const listings = own.map((l): ListingView => {
    const counted = allocations.get(l.skuId)?.counts.get(l.id);
    const count = counted?.count ?? 0;
    const byHand = typedByHand(l.storefront);
    return {
      id: l.id, leaderId: l.leaderId, leaderName: nameOf.get(l.leaderId) ?? l.leaderId, skuId: l.skuId, skuName: skuName.get(l.skuId) ?? l.skuId,
      storefront: l.storefront, storefrontName: STOREFRONT_NAMES[l.storefront],
      ...(l.productId ? { productId: l.productId } : {}), ...(l.storefrontSkuId ? { storefrontSkuId: l.storefrontSkuId } : {}), ...(l.title ? { title: l.title } : {}),
      share: l.share, shareLabel: shareLabel(l.share), count, rationed: counted?.rationed ?? false, byHand,
      ...(byHand ? { retypeText: retypeText(l.storefront, count) } : {}),
      ...(l.lastTyped ? { lastTyped: { count: l.lastTyped.count, at: l.lastTyped.at, byName: nameOf.get(l.lastTyped.by) ?? l.lastTyped.by } } : {}),
      moved: movedSinceTyped(count, l.lastTyped?.count),
      needsRetype: byHand && needsRetype(count, l.lastTyped?.count, settings.storefronts.retypeAboveUnits),
      ...pushView(logs.get(l.id), clock.now()),
      createdAt: l.createdAt, updatedAt: l.updatedAt,
    };
  });
  return { listings, allocationTotal: settings.storefronts.allocationTotal, retypeAboveUnits: settings.storefronts.retypeAboveUnits };
}

/** The newest push of a 微信小店 listing as the page shows it; nothing before the first. */
function pushView(log: readonly ListingPushEntry[] | undefined, now: number): { push?: ListingPushView } {
  if (!log || log.length === 0) return {};
  const state = foldPushes(log);
  if (!state.last) return {};
  return {
    push: {
      count: state.last.count, at: state.last.at, accepted: state.last.accepted,
      ...(state.last.accepted === false ? { error: pushErrorText(state.last.code, state.last.message) } : {}),
      ...(state.lastAccepted ? { lastAccepted: { count: state.lastAccepted.count, at: state.lastAccepted.at } } : {}),
      stale: isStale(state, now),
    },
  };
}

const ROLES = ['leader', 'operator'] as const;

export const listingActions = {
  /** The caller's linked storefront listings (an operator names the leader), each with its count to show now. */
  listings: action([...ROLES], z.object(leaderField), async (ctx, input) => {
    const leaderId = await leaderOf(ctx, input.leaderId, '无法查看');
    if (!leaderId.ok) return leaderId;
    return ok(await listingsView(ctx, leaderId.data));
  }),

  /** Link a storefront listing to a SKU with its share. */
  linkListing: action([...ROLES], z.object({ ...leaderField, skuId: skuIdSchema, ...storefrontFields, ...shareFields }), async (ctx, input) => {
    const { store, clock, newId } = ctx.deps;
    const leaderId = await leaderOf(ctx, input.leaderId, '没有关联');
    if (!leaderId.ok) return leaderId;
    const share = shareOf(input, '没有关联');
    if (!share.ok) return share;
    const storefront = storefrontOf(input, '没有关联');
    if (!storefront.ok) return storefront;
    const [sku] = await store.getSkus([input.skuId]);
    if (!sku || !sku.listed) return failWithIssues('NOT_FOUND', '没有关联', [{ path: 'skuId', message: `商品 ${input.skuId} 不存在或已下架` }]);
    const linked = foldListings(await store.listListingEntries({ leaderId: leaderId.data })).filter((l) => !l.unlinked);
    if (linked.length >= MAX_LISTINGS) return failWithIssues('VALIDATION', '没有关联', [{ path: 'skuId', message: `每位团长最多关联 ${MAX_LISTINGS} 个店铺商品` }]);
    const unique = await refuseDuplicate(store, { leaderId: leaderId.data, skuId: sku.id, ...storefront.data }, '没有关联');
    if (!unique.ok) return unique;
    const listingId = newId('lst');
    const added = await append(store, listingId, (seq) => ({
      type: 'version', id: listingEntryId(listingId, seq), listingId, seq, leaderId: leaderId.data, skuId: sku.id,
      ...storefront.data, share: share.data, at: clock.now(), by: ctx.caller.id,
    }));
    if (!added.ok) return added;
    return ok({ listingId, ...(await listingsView(ctx, leaderId.data)) });
  }),

  /** Change a listing's storefront ids, name or share: a new version; the earlier ones are kept. */
  editListing: action([...ROLES], z.object({ ...listingIdField, ...storefrontFields, ...shareFields }), async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const listing = await ownListing(ctx, input.listingId, '没有修改');
    if (!listing.ok) return listing;
    const share = shareOf(input, '没有修改');
    if (!share.ok) return share;
    const storefront = storefrontOf(input, '没有修改');
    if (!storefront.ok) return storefront;
    const l = listing.data;
    const unique = await refuseDuplicate(store, { leaderId: l.leaderId, skuId: l.skuId, ...storefront.data }, '没有修改', l.id);
    if (!unique.ok) return unique;
    const added = await append(store, l.id, (seq) => ({
      type: 'version', id: listingEntryId(l.id, seq), listingId: l.id, seq, leaderId: l.leaderId, skuId: l.skuId,
      ...storefront.data, share: share.data, at: clock.now(), by: ctx.caller.id,
    }));
    if (!added.ok) return added;
    return ok(await listingsView(ctx, l.leaderId));
  }),

  /** Unlink: appended as a version that says so; the listing's history stays. */
  unlinkListing: action([...ROLES], z.object(listingIdField), async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const listing = await ownListing(ctx, input.listingId, '没有取消');
    if (!listing.ok) return listing;
    const l = listing.data;
    const added = await append(store, l.id, (seq) => ({
      type: 'version', id: listingEntryId(l.id, seq), listingId: l.id, seq, leaderId: l.leaderId, skuId: l.skuId, storefront: l.storefront,
      ...(l.productId ? { productId: l.productId } : {}), ...(l.storefrontSkuId ? { storefrontSkuId: l.storefrontSkuId } : {}), ...(l.title ? { title: l.title } : {}),
      share: l.share, unlinked: true, at: clock.now(), by: ctx.caller.id,
    }));
    if (!added.ok) return added;
    return ok(await listingsView(ctx, l.leaderId));
  }),

  /** 已改: the leader typed this number into the storefront now. */
  markTyped: action([...ROLES], z.object({ ...listingIdField, typedCount: z.number().int().min(0).max(MAX_ON_HAND) }), async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const listing = await ownListing(ctx, input.listingId, '没有记录');
    if (!listing.ok) return listing;
    const l = listing.data;
    if (!typedByHand(l.storefront)) {
      return failWithIssues('WRONG_STATE', '没有记录', [{ path: 'listingId', message: `${STOREFRONT_NAMES[l.storefront]}的库存由系统推送，不用手动改` }]);
    }
    const added = await append(store, l.id, (seq) => ({
      type: 'typed', id: listingEntryId(l.id, seq), listingId: l.id, seq, leaderId: l.leaderId, skuId: l.skuId, count: input.typedCount, at: clock.now(), by: ctx.caller.id,
    }));
    if (!added.ok) return added;
    return ok(await listingsView(ctx, l.leaderId));
  }),
};
