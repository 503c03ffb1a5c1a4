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
  createdAt: number;
  updatedAt: number;
}

export interface ListingsView {
  listings: ListingView[];
  /** The operator's settings the counts follow. */
  allocationTotal: number;
  retypeAboveUnits: number;
}
