// Storefronts (issue 18): customers do not buy in Huozhun, they buy in the leaders'
// listings (微信小店 products, 快团团 groups, 群接龙 posts), each showing its own count.
// Each SKU is sold through `listings` listings, each owned by one leader; a customer
// buys in one listing, as much as its displayed count allows (the storefront takes the
// units off its own count), and the order then reaches Huozhun and is reserved there.
// Units the storefront sold that Huozhun cannot reserve are storefront shortages: the
// customer paid for a unit nobody will ship, so they count as oversold.
//
// The displayed count follows the product's own allocation (domain/allocation.ts) of
// Huozhun's sellable over the SKU's listings:
// - pushed: the product sends each listing the change since what it last pushed, less
//   the units that listing has sold since (WeChat's diff_type add/subtract), after every
//   step's jobs and after every order; each push lands `pushDelayMinutes` later.
// - typed: the leader reads the number to type on the listing page and types it by hand
//   (a set: sales between reading and typing are overwritten) at a few times of day,
//   and when the product's retype alert says it moved past settings' retypeAboveUnits,
//   with a human delay; nobody types at night.
import { type ListingShare, allocate, needsRetype } from '../cloudfunctions/src/domain/allocation';
import type { ShortageDetails } from '../cloudfunctions/src/contract/api';
import { businessDayOf, cutoffTimeOf } from '../cloudfunctions/src/domain/business-day';
import type { InventoryRecord } from '../cloudfunctions/src/domain/model';
import { quotaLeft, rationApplies } from '../cloudfunctions/src/domain/quota';
import { placeOrder } from '../cloudfunctions/src/handlers/order-placement';
import { between, draw } from './random';
import { HOUR, MINUTE, type Replay } from './replay';
import { measure, strandedCap, timed } from './tally';

export interface StorefrontPolicy {
  mode: 'typed' | 'pushed';
  /** What the listings' shares may add up to (settings' allocationTotal): 1 = never oversell across storefronts. */
  total: number;
  /** ratio: each listing's share is `total` × its expected share of the SKU's customers; equal: an equal split. */
  split: 'ratio' | 'equal';
  /** Listings per SKU (3). */
  listings?: number;
  /** pushed: minutes from the product's push to the storefront's count (one 15-min step). */
  pushDelayMinutes?: number;
  /** typed: hours of the day the leader retypes every listing (08, 12, 17, 21). */
  typedHours?: number[];
  /** typed: minutes from reading the number to it being typed ([2, 20]). */
  typingMinutes?: [number, number];
  /** typed: share of retype alerts the leader acts on (0.6), and after how long ([10, 90] minutes). */
  alertCompliance?: number;
  alertDelayMinutes?: [number, number];
}

export interface StorefrontFigures {
  /** Units sold on storefronts that Huozhun could not reserve (part of oversoldUnits), by the first refusal's reason. */
  shortUnits: number;
  shortStockUnits: number;
  shortQuotaUnits: number;
  /** Customers' units turned away by a listing's count (part of unservedUnits). */
  turnedAwayUnits: number;
  pushes: number;
  retypes: number;
  /** The most the listings of one SKU together showed beyond Huozhun's sellable, seen after a change. */
  maxShownOverSellable: number;
}

/** Two keyed streams of our own, far from random.ts's, so the world's dice never move. */
const LISTING_STREAM = 101;
const TYPING_STREAM = 102;

interface Pending { at: number; listing: number; delta?: number; set?: number }

export interface Storefronts {
  policy: Required<StorefrontPolicy>;
  k: number;
  /** Each listing's expected share of its SKU's customers (harmonic: the first leader sells most). */
  weights: number[];
  shares: ListingShare[];
  /** By sku × k + j. */
  shown: Int32Array;
  /** pushed: what the product believes the storefront shows; typed: the number last typed (−1 never). */
  believed: Int32Array;
  alerted: Uint8Array;
  /** typed: reads due (the leader opens the listing page), by listing. */
  readAt: Float64Array;
  pending: Pending[][];
  owner: string[];
  figures: StorefrontFigures;
}

export function openStorefronts(r: Replay, p: StorefrontPolicy): Storefronts {
  const policy: Required<StorefrontPolicy> = {
    listings: 3, pushDelayMinutes: r.config.stepMinutes, typedHours: [8, 12, 17, 21], typingMinutes: [2, 20],
    alertCompliance: 0.6, alertDelayMinutes: [10, 90], ...p,
  };
  const k = policy.listings;
  const raw = Array.from({ length: k }, (_, j) => 1 / (j + 1));
  const weights = raw.map((w) => w / raw.reduce((a, b) => a + b, 0));
  const shares: ListingShare[] = weights.map((w) => (policy.split === 'equal' ? { kind: 'equal' } : { kind: 'ratio', ratio: Math.round(w * policy.total * 10_000) / 10_000 }));
  const n = r.world.skus.length;
  const leaders = r.config.leaders;
  return {
    policy, k, weights, shares,
    shown: new Int32Array(n * k), believed: new Int32Array(n * k).fill(-1), alerted: new Uint8Array(n * k),
    readAt: new Float64Array(n * k).fill(Infinity),
    pending: Array.from({ length: n }, () => []),
    owner: Array.from({ length: n * k }, (_, i) => `L${String(1 + (i % leaders)).padStart(3, '0')}`),
    figures: { shortUnits: 0, shortStockUnits: 0, shortQuotaUnits: 0, turnedAwayUnits: 0, pushes: 0, retypes: 0, maxShownOverSellable: 0 },
  };
}

/**
 * The product's allocation of one SKU's sellable over its listings: the count each should
 * show, each leader within the ration of a scarce hot SKU (as handlers/listing-counts.ts).
 */
async function targets(r: Replay, sf: Storefronts, sku: number, record: InventoryRecord | undefined, now: number): Promise<number[]> {
  const listings = sf.shares.map((share, j) => ({ id: `${j}`, leaderId: sf.owner[sku * sf.k + j]!, share }));
  const sellable = record?.sellable ?? 0;
  const leaderCaps = new Map<string, number>();
  if (record && rationApplies(record.tier, sellable, r.settings.quota)) {
    const supplier = await r.store.getSupplier(record.supplierId);
    const day = businessDayOf(now, cutoffTimeOf(supplier ?? undefined, r.settings));
    for (const leaderId of new Set(listings.map((l) => l.leaderId))) {
      const held = (await r.store.rationHeld(leaderId, day, [record.skuId])).get(record.skuId) ?? 0;
      leaderCaps.set(leaderId, quotaLeft(record.tier, sellable, held, r.settings.quota) ?? sellable);
    }
  }
  return allocate({ sellable, total: sf.policy.total, listings, leaderCaps }).counts.map((c) => c.count);
}

/** Pushes and typed numbers that have landed by `at`. */
function land(sf: Storefronts, sku: number, at: number): void {
  const list = sf.pending[sku]!;
  while (list.length > 0 && list[0]!.at <= at) {
    const e = list.shift()!;
    const i = sku * sf.k + e.listing;
    if (e.set !== undefined) sf.shown[i] = e.set;
    else {
      const next = sf.shown[i]! + e.delta!;
      // WeChat refuses to take stock below zero; the product's stock/get read then corrects its belief.
      if (next < 0) sf.believed[i] = sf.believed[i]! - next;
      sf.shown[i] = Math.max(0, next);
    }
  }
}

function later(sf: Storefronts, sku: number, e: Pending): void {
  const list = sf.pending[sku]!;
  let at = list.length;
  while (at > 0 && list[at - 1]!.at > e.at) at--;
  list.splice(at, 0, e);
}

function watch(sf: Storefronts, sku: number, sellable: number): void {
  let shown = 0;
  for (let j = 0; j < sf.k; j++) shown += sf.shown[sku * sf.k + j]!;
  sf.figures.maxShownOverSellable = Math.max(sf.figures.maxShownOverSellable, shown - sellable);
}

/** pushed: the change each listing needs, sent now, landing after the push delay. */
async function pushSku(r: Replay, sf: Storefronts, sku: number, record: InventoryRecord | undefined, now: number): Promise<void> {
  const want = await targets(r, sf, sku, record, now);
  const delay = sf.policy.pushDelayMinutes * MINUTE;
  for (let j = 0; j < sf.k; j++) {
    const i = sku * sf.k + j;
    const before = Math.max(0, sf.believed[i]!);
    const delta = want[j]! - before;
    if (delta === 0 && sf.believed[i]! >= 0) continue;
    sf.believed[i] = want[j]!;
    sf.figures.pushes += 1;
    later(sf, sku, { at: now + delay, listing: j, delta });
  }
  land(sf, sku, now);
}

const awake = (r: Replay, at: number): boolean => {
  const hour = (((at - r.world.start) / HOUR) % 24 + 24) % 24;
  return hour >= 7 && hour < 23;
};

/** typed: reads due now (a set time of day, or an alert acted on), and the alerts the product sends. */
async function typeSku(r: Replay, sf: Storefronts, sku: number, record: InventoryRecord | undefined, step: number, now: number): Promise<void> {
  const want = await targets(r, sf, sku, record, now);
  const stepOfDay = step % r.stepsPerDay;
  const threshold = r.settings.storefronts.retypeAboveUnits;
  const [t0, t1] = sf.policy.typingMinutes;
  for (let j = 0; j < sf.k; j++) {
    const i = sku * sf.k + j;
    const scheduled = step === 0 || sf.policy.typedHours.some((h) => stepOfDay === Math.floor((h * 60 + 30 * draw(r.seed, TYPING_STREAM, i, h, 0)) / r.config.stepMinutes));
    if (!sf.alerted[i] && needsRetype(want[j]!, sf.believed[i]! < 0 ? undefined : sf.believed[i]!, threshold)) {
      // The product's retype alert (alertListingRetypes); the leader acts on some of them, a while later.
      sf.alerted[i] = 1;
      if (draw(r.seed, TYPING_STREAM, i, step, 1) < sf.policy.alertCompliance) {
        const [d0, d1] = sf.policy.alertDelayMinutes;
        sf.readAt[i] = Math.min(sf.readAt[i]!, now + between(d0, d1, draw(r.seed, TYPING_STREAM, i, step, 2)) * MINUTE);
      }
    }
    const due = sf.readAt[i]! <= now && awake(r, now);
    if (!scheduled && !due) continue;
    sf.readAt[i] = Infinity;
    sf.alerted[i] = 0;
    sf.believed[i] = want[j]!;
    sf.figures.retypes += 1;
    const typing = step === 0 ? 0 : between(t0, t1, draw(r.seed, TYPING_STREAM, i, step, 3)) * MINUTE;
    later(sf, sku, { at: now + typing, listing: j, set: want[j]! });
  }
  land(sf, sku, now);
}

/** Each step, after the product's jobs: every listing's count moves by its mode. */
export async function storefrontsTick(r: Replay, sf: Storefronts, step: number, now: number): Promise<void> {
  const records = await timed(r.tally, 'store.listInventory', () => r.store.listInventory(r.world.skus.map((k) => k.id)));
  const recordOf = new Map(records.map((rec) => [rec.skuId, rec]));
  for (const k of r.world.skus) {
    const record = recordOf.get(k.id);
    if (sf.policy.mode === 'pushed') await pushSku(r, sf, k.index, record, now);
    else await typeSku(r, sf, k.index, record, step, now);
    watch(sf, k.index, record?.sellable ?? 0);
  }
}

/** The storefront's order reaches Huozhun: reserved as far as it can be; the first refusal names why the rest is short. */
async function reserve(r: Replay, key: string, skuId: string, leaderId: string, qty: number): Promise<{ placed: number; reason: 'stock' | 'quota' | null }> {
  let want = qty;
  let reason: 'stock' | 'quota' | null = null;
  for (let attempt = 0; attempt < 4 && want > 0; attempt++) {
    const res = await timed(r.tally, 'placeOrder', () => placeOrder(r.deps, leaderId, { idempotencyKey: `${key}-${attempt}`, lines: [{ skuId, qty: want }] }));
    if (res.ok) {
      r.tally.activity.ordersPlaced += 1;
      return { placed: want, reason };
    }
    r.tally.activity.ordersRefused += 1;
    if (res.error.code === 'QUOTA_EXCEEDED') {
      reason ??= 'quota';
      const left = /最多还可订\s*(\d+)\s*件/.exec(res.error.issues?.[0]?.message ?? '');
      want = left ? Math.min(want - 1, Number(left[1])) : want - 1;
    } else if (res.error.code === 'INSUFFICIENT_STOCK') {
      reason ??= 'stock';
      want = Math.min(want - 1, (res.error.details as ShortageDetails).short[0]?.sellable ?? 0);
    } else throw new Error(`placeOrder ${skuId}: ${res.error.message}`);
  }
  return { placed: 0, reason };
}

/** Step 7 with storefronts: customers buy in the listings; their orders are reserved here. */
export async function customersBuy(r: Replay, sf: Storefronts, step: number): Promise<void> {
  r.refusedThisStep.clear();
  const { tally } = r;
  const { fig, figures } = { fig: tally.fig, figures: sf.figures };
  const events = r.world.ourDemand[step]!;
  for (let e = 0; e < events.length; e++) {
    const ev = events[e]!;
    if (ev.at >= r.lastCutoff) continue;
    r.clock.set(ev.at);
    const sku = ev.skuIndex;
    land(sf, sku, ev.at);
    const u = draw(r.seed, LISTING_STREAM, sku, step, e);
    let j = 0;
    for (let acc = sf.weights[0]!; j < sf.k - 1 && u >= acc; acc += sf.weights[++j]!);
    const i = sku * sf.k + j;
    const bought = Math.min(ev.qty, sf.shown[i]!);
    const away = ev.qty - bought;
    sf.shown[i] = sf.shown[i]! - bought;
    if (sf.policy.mode === 'pushed') sf.believed[i] = sf.believed[i]! - bought;
    const skuId = r.world.skus[sku]!.id;
    const { placed, reason } = bought > 0 ? await reserve(r, `${step}-${e}`, skuId, sf.owner[i]!, bought) : { placed: 0, reason: null };
    const short = bought - placed;
    r.ourOpen[sku] = r.ourOpen[sku]! + placed;
    tally.runReserved += placed;
    const free = Math.max(0, r.trueStock[sku]! - r.ourOpen[sku]!);
    measure(tally, 1, () => {
      fig.demandUnits += ev.qty;
      fig.orderedUnits += placed;
      fig.unservedUnits += away;
      fig.oversoldUnits += short;
      tally.byLevel[r.levelOf(sku)].oversoldUnits += short;
      figures.shortUnits += short;
      if (reason === 'quota') figures.shortQuotaUnits += short;
      else figures.shortStockUnits += short;
      figures.turnedAwayUnits += away;
      const stranded = strandedCap(free, away);
      fig.strandedUnits += stranded;
      tally.byLevel[r.levelOf(sku)].strandedUnits += stranded;
    });
    if (away > 0) r.refusedThisStep.set(sku, (r.refusedThisStep.get(sku) ?? 0) + away);
    if (sf.policy.mode === 'pushed' && bought > 0) {
      const [record] = await timed(tally, 'store.listInventory', () => r.store.listInventory([skuId]));
      await pushSku(r, sf, sku, record, ev.at);
      watch(sf, sku, record?.sellable ?? 0);
    }
  }
  for (const [sku, refused] of r.refusedThisStep) {
    const stranded = strandedCap(r.trueStock[sku]! - r.ourOpen[sku]!, refused);
    measure(tally, stranded, () => {
      tally.fig.strandedUnitHours += stranded * r.stepHours;
      tally.byLevel[r.levelOf(sku)].strandedUnitHours += stranded * r.stepHours;
    });
  }
}
