// Allocation across storefronts (issue 18; the ERP anchor: 聚水潭's per-shop 库存同步比例).
// One SKU's sellable is shared by every leader's listings (微信小店 products, 快团团 groups,
// 群接龙 posts). Pure: sellable, shares and sales in, whole counts to show out.
//
// The rule, exactly:
//   S  = max(0, sellable − Σ sold)       units left, after what the storefronts sold since
//                                        the last push that sellable does not reflect yet
//   P  = floor(total × S)                the pool the counts may add up to (total is the
//                                        operator's 店铺份额合计上限, 1.0 = never oversell)
//   want(listing), in units, never more than S (one storefront never shows more than we have):
//     fixed N  → min(N, S)
//     ratio r  → r × S
//     equal    → what fixed and ratio listings leave of P, split equally among the equal ones
//   When the wants add up to more than P, every want is scaled by P ÷ Σ want.
//   Counts: each want rounded down, then the units left of P go one each to the listings
//   with the largest fractions (ties by listing id), never past a want's ceiling. So the
//   counts add up to at most P: at 1.0, never a unit we do not have.
//   Ration: a leader whose listings' counts add up to more than the leader may still take
//   of a rationed SKU (quota.ts) has them scaled down to it the same way; the units freed
//   stay unshown (the ration exists because the SKU is scarce).
// Rebalancing is the same rule run again: a listing that sold out gets its share of what
// is left, and the others give back what they can no longer honestly show.

export type ListingShare =
  | { kind: 'ratio'; ratio: number }
  | { kind: 'fixed'; units: number }
  | { kind: 'equal' };

export interface AllocationListing {
  id: string;
  leaderId: string;
  share: ListingShare;
  /** Units this storefront sold since the last push that sellable does not reflect yet (0 when its orders reserve here). */
  sold?: number;
}

export interface AllocationInput {
  sellable: number;
  /** How much the shares may add up to, as a fraction of sellable: 1 = never oversell across storefronts. */
  total: number;
  listings: readonly AllocationListing[];
  /** The most a leader's listings together may show (a rationed hot SKU), by leader; absent = no ration. */
  leaderCaps?: ReadonlyMap<string, number>;
}

export interface ListingCount {
  listingId: string;
  leaderId: string;
  /** Whole units to show on the storefront now. */
  count: number;
  /** Cut down to the leader's ration. */
  rationed: boolean;
}

export interface Allocation {
  /** Units left after the storefronts' unreflected sales (S). */
  remaining: number;
  /** What the counts may add up to (P). */
  pool: number;
  counts: ListingCount[];
}

/** Fractions are carried exactly as integers of 1/SCALE unit (ratios and totals to 4 decimals). */
const SCALE = 10_000n;

const permyriad = (x: number): bigint => BigInt(Math.max(0, Math.round(x * 10_000)));
const whole = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Whole units summing to at most `pool`, one per want (in 1/SCALE units): each want rounded
 * down, the rest by largest fraction, ties by id, never past a want's ceiling.
 */
function roundDown(wants: Array<{ id: string; want: bigint }>, pool: bigint): Map<string, number> {
  const out = new Map<string, number>();
  let left = pool;
  for (const w of wants) {
    const base = w.want / SCALE;
    out.set(w.id, Number(base));
    left -= base;
  }
  const fractions = wants.filter((w) => w.want % SCALE > 0n)
    .sort((a, b) => (a.want % SCALE > b.want % SCALE ? -1 : a.want % SCALE < b.want % SCALE ? 1 : byId(a, b)));
  for (const w of fractions) {
    if (left <= 0n) break;
    out.set(w.id, out.get(w.id)! + 1);
    left -= 1n;
  }
  return out;
}

/** Wants scaled so they add up to at most `limit` (all in 1/SCALE units). */
function scaled(wants: Array<{ id: string; want: bigint }>, limit: bigint): Array<{ id: string; want: bigint }> {
  const sum = wants.reduce((s, w) => s + w.want, 0n);
  if (sum <= limit) return wants;
  return wants.map((w) => ({ id: w.id, want: (w.want * limit) / sum }));
}

/** Each listing's count to show now, by the rule above; in listing id order whatever order they came in. */
export function allocate(input: AllocationInput): Allocation {
  const listings = [...input.listings].sort(byId);
  const sold = listings.reduce((s, l) => s + whole(l.sold ?? 0), 0);
  const remaining = Math.max(0, whole(input.sellable) - sold);
  const S = BigInt(remaining);
  const P = (permyriad(Math.max(0, input.total)) * S) / SCALE;
  const cap = S * SCALE;
  const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

  const wants = new Map<string, bigint>();
  for (const l of listings) {
    if (l.share.kind === 'fixed') wants.set(l.id, min(BigInt(whole(l.share.units)) * SCALE, cap));
    else if (l.share.kind === 'ratio') wants.set(l.id, min(permyriad(l.share.ratio) * S, cap));
  }
  const equal = listings.filter((l) => l.share.kind === 'equal');
  if (equal.length > 0) {
    const taken = [...wants.values()].reduce((s, w) => s + w, 0n);
    const rest = P * SCALE > taken ? P * SCALE - taken : 0n;
    const each = min(rest / BigInt(equal.length), cap);
    for (const l of equal) wants.set(l.id, each);
  }
  const fitted = scaled(listings.map((l) => ({ id: l.id, want: wants.get(l.id)! })), P * SCALE);
  const counts = roundDown(fitted, P);

  // The ration: a leader's listings together never past what the leader may still take.
  const rationed = new Set<string>();
  for (const [leaderId, leaderCap] of input.leaderCaps ?? []) {
    const own = listings.filter((l) => l.leaderId === leaderId);
    const sum = own.reduce((s, l) => s + counts.get(l.id)!, 0);
    const limit = whole(leaderCap);
    if (sum <= limit) continue;
    const cut = roundDown(scaled(own.map((l) => ({ id: l.id, want: BigInt(counts.get(l.id)!) * SCALE })), BigInt(limit) * SCALE), BigInt(limit));
    for (const l of own) {
      counts.set(l.id, cut.get(l.id)!);
      rationed.add(l.id);
    }
  }
  return {
    remaining, pool: Number(P),
    counts: listings.map((l) => ({ listingId: l.id, leaderId: l.leaderId, count: counts.get(l.id)!, rationed: rationed.has(l.id) })),
  };
}

/** How far the number to type has moved since the leader last typed one (the whole count when never typed). */
export const movedSinceTyped = (count: number, lastTyped: number | undefined): number => Math.abs(count - (lastTyped ?? 0));

/** A typed storefront's number has moved far enough that the leader should type it again. */
export const needsRetype = (count: number, lastTyped: number | undefined, aboveUnits: number): boolean =>
  lastTyped !== undefined && movedSinceTyped(count, lastTyped) > aboveUnits;

/** The share as the listing page says it. */
export function shareLabel(share: ListingShare): string {
  if (share.kind === 'fixed') return `最多 ${share.units} 件`;
  if (share.kind === 'ratio') return `可售的 ${Math.round(share.ratio * 1000) / 10}%`;
  return '平均分配';
}
