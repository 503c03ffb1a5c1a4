// Storefront listings as the leader's listing page shows them (issue 18).
import type { ListingShare } from '../domain/allocation';
import type { StorefrontKind } from '../domain/listings';

export interface ListingView {
  id: string;
  leaderId: string;
  leaderName: string;
  skuId: string;
  /** "红富士苹果 5斤装". */
  skuName: string;
  storefront: StorefrontKind;
  /** 微信小店 / 快团团 / 群接龙 / 其他店铺. */
  storefrontName: string;
  productId?: string;
  storefrontSkuId?: string;
  title?: string;
  share: ListingShare;
  /** "可售的 30%" / "最多 12 件" / "平均分配". */
  shareLabel: string;
  /** Whole units to show on the storefront now (allocation over the SKU's sellable now). */
  count: number;
  /** The count was cut to the leader's ration of a scarce hot SKU. */
  rationed: boolean;
  /** The leader types this storefront's number by hand (no API we call). */
  byHand: boolean;
  /** "快团团 改库存为 37", for storefronts typed by hand. */
  retypeText?: string;
  /** The number the leader last typed (已改), when, and who. */
  lastTyped?: { count: number; at: number; byName: string };
  /** How far the count has moved since it was last typed (the count itself when never typed). */
  moved: number;
  /** Moved past the operator's setting since it was last typed: type it again. */
  needsRetype: boolean;
  /** 微信小店 listings: the newest push to WeChat, once one was made. */
  push?: ListingPushView;
  createdAt: number;
  updatedAt: number;
}

/** What the listing page says of a pushed listing's stock. */
export interface ListingPushView {
  /** The count in the newest push, and when it was sent or answered. */
  count: number;
  at: number;
  /** true: WeChat accepted it; false: refused (see error); null: no answer yet. */
  accepted: boolean | null;
  /** WeChat's refusal in Chinese. */
  error?: string;
  /** The newest accepted count and when (what the shop was last told). */
  lastAccepted?: { count: number; at: number };
  /** Refused for longer than the stale time: the shop's number may be out of date (已过期). */
  stale: boolean;
}

export interface ListingsView {
  listings: ListingView[];
  /** The operator's settings the counts follow. */
  allocationTotal: number;
  retypeAboveUnits: number;
}
