// 微信小店 stock push (issue 18): every tick, each linked 微信小店 listing's count to show
// (handlers/listing-counts.ts) goes to WeChat as the change since the last accepted push
// (diff_type 1 add / 2 subtract, as WeChat advises while customers buy), or, when nothing
// was accepted yet, a sent entry has no answer, or the listing has been quiet an hour, by
// reading stock/get and setting the count (diff_type 3) if the shop shows another. Each
// push is logged before the call and answered after (domain/listing-push.ts); each log
// write is one small insert, so a tick stopped anywhere resumes. A listing refused for
// longer than the stale time is told to its leader and the operators, once per run of
// refusals.
import { ALERT_PAGES, type AlertEvent } from '../domain/alerts';
import { type ListingPushEntry, type PushState, foldPushes, isStale, nextPush, pushEntryId, pushErrorText } from '../domain/listing-push';
import { type Listing, foldListings } from '../domain/listings';
import type { Deps } from '../handlers/action';
import { raiseAlerts, recipientDirectory } from '../handlers/alerting';
import { allocationsFor } from '../handlers/listing-counts';
import { fits } from '../runtime/budget';
import type { ChannelsCall } from '../storefront/channels-api';

/** One call with its timeout and the log writes around it. */
const PUSH_RESERVE_MS = 8_000;

export interface PushRun {
  /** 微信小店 listings looked at. */
  examined: number;
  /** Listings WeChat was asked to change now (diff or set). */
  pushed: number;
  /** Stale listings alerted now. */
  staleAlerts: number;
}

/** The 微信小店 listings we can push: linked, with both WeChat ids. */
export const pushedListings = (listings: readonly Listing[]): Listing[] =>
  listings.filter((l) => !l.unlinked && l.storefront === 'wechat_shop' && l.productId && l.storefrontSkuId);

/** Each listing's log, for the listing page and the push. */
export function pushLogs(listingIds: readonly string[], entries: readonly ListingPushEntry[]): Map<string, ListingPushEntry[]> {
  const byListing = new Map<string, ListingPushEntry[]>(listingIds.map((id) => [id, []]));
  for (const e of entries) byListing.get(e.listingId)?.push(e);
  return byListing;
}

export async function pushListingStock(deps: Deps): Promise<PushRun> {
  const { store, clock, channels } = deps;
  const run: PushRun = { examined: 0, pushed: 0, staleAlerts: 0 };
  if (!channels) return run;
  const listings = pushedListings(foldListings(await store.listListingEntries({})));
  if (listings.length === 0) return run;
  const settings = await store.getSettings();
  const allocations = await allocationsFor(store, settings, clock.now(), listings.map((l) => l.skuId));
  const logs = pushLogs(listings.map((l) => l.id), await store.listListingPushes(listings.map((l) => l.id)));
  const stale: Array<{ listing: Listing; state: PushState }> = [];
  for (const listing of listings) {
    if (!fits(PUSH_RESERVE_MS)) break;
    run.examined += 1;
    const count = allocations.get(listing.skuId)?.counts.get(listing.id)?.count ?? 0;
    const state = await pushOne(deps, channels, listing, logs.get(listing.id)!, count);
    if (state.pushed) run.pushed += 1;
    if (isStale(state.after, clock.now())) stale.push({ listing, state: state.after });
  }
  if (stale.length > 0) run.staleAlerts = (await raiseAlerts(deps, await staleEvents(deps, stale))).length;
  return run;
}

/** One listing's step; entries are written one insert at a time, each refused if another tick wrote that place first. */
async function pushOne(deps: Deps, channels: ChannelsCall, listing: Listing, log: readonly ListingPushEntry[], count: number): Promise<{ pushed: boolean; after: PushState }> {
  const { store, clock } = deps;
  const state = foldPushes(log);
  const foldMore = (_s: PushState, more: readonly ListingPushEntry[]): PushState => foldPushes([...log, ...more]);
  const now = clock.now();
  const step = nextPush(state, count, now);
  if (step.kind === 'none' || step.kind === 'wait') return { pushed: false, after: state };
  const ids = { product_id: listing.productId!, sku_id: listing.storefrontSkuId! };
  const written: ListingPushEntry[] = [];
  let seq = state.nextSeq;
  const add = async (entry: ListingPushEntry): Promise<boolean> => {
    const ok = await store.addListingPush(entry);
    if (ok) written.push(entry);
    return ok;
  };
  const base = (): { id: string; listingId: string; seq: number; at: number } => ({ id: pushEntryId(listing.id, seq), listingId: listing.id, seq, at: clock.now() });
  let diffType: 1 | 2 | 3;
  let num: number;
  let readStock: number | undefined;
  if (step.kind === 'diff') {
    diffType = step.diffType;
    num = step.num;
  } else {
    const read = await channels.getStock(ids);
    if (!read.ok) {
      await add({ ...base(), type: 'read', error: { code: read.code, message: read.message } });
      return { pushed: false, after: foldMore(state, written) };
    }
    readStock = read.value.total_stock_num;
    // A quiet listing whose shop shows what we last pushed: the check is logged, nothing sent.
    if (!state.unanswered && state.lastAccepted && readStock === count) {
      await add({ ...base(), type: 'read', stock: readStock });
      return { pushed: false, after: foldMore(state, written) };
    }
    diffType = 3;
    num = count;
  }
  if (!(await add({ ...base(), type: 'sent', count, diffType, num, ...(readStock !== undefined ? { readStock } : {}) }))) {
    return { pushed: false, after: state }; // another tick holds this place: it sends, not us
  }
  const sentSeq = seq;
  seq += 1;
  const answer = await channels.updateStock({ ...ids, diff_type: diffType, num });
  await add({ ...base(), type: 'answer', sentSeq, accepted: answer.ok, ...(answer.ok ? {} : { code: answer.code, message: answer.message }) });
  return { pushed: true, after: foldMore(state, written) };
}

async function staleEvents(deps: Deps, stale: ReadonlyArray<{ listing: Listing; state: PushState }>): Promise<AlertEvent[]> {
  const { store, clock } = deps;
  const [skus, directory] = await Promise.all([store.getSkus([...new Set(stale.map((s) => s.listing.skuId))]), recipientDirectory(store)]);
  const skuById = new Map(skus.map((s) => [s.id, s]));
  return stale.map(({ listing, state }) => {
    const sku = skuById.get(listing.skuId);
    const name = sku ? `${sku.name} ${sku.spec}`.trim() : listing.skuId;
    const why = pushErrorText(state.last?.code, state.last?.message);
    const minutes = Math.round((clock.now() - state.failingSince!) / 60_000);
    return {
      kind: 'listingStale', key: `${listing.id}:${state.failingSince}`, recipients: [...new Set([listing.leaderId, ...directory.operators])],
      title: `微信小店库存推送失败：${name}`,
      body: `${name}（${listing.title ?? '微信小店'}）的库存已 ${minutes} 分钟没能推送到微信小店：${why}。店铺里显示的数量可能已过期，请在微信小店核对库存。`,
      link: ALERT_PAGES.leaderListings,
      fields: { subject: name, detail: why, time: state.failingSince!, quantity: state.last?.count ?? 0, status: '已过期' },
    };
  });
}
