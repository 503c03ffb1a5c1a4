// What the functions answer. The mini-program imports these types (types only),
// so a change here is checked on both sides of the wire.
import type { BufferRule, ReportSource, Role } from '../domain/model';

export interface UserView {
  id: string;
  name: string;
  role: Role;
  supplierId?: string;
  supplierName?: string;
  community?: string;
}

export interface WhoAmI {
  user: UserView | null;
  runtime: 'wechat' | 'selfhosted';
  demo: boolean;
}

export interface SignInResult {
  user: UserView;
  /** Self-hosted only: send it back as `Authorization: Bearer <token>`. */
  token?: string;
}

export interface DemoIdentity {
  inviteCode: string;
  name: string;
  role: Role;
  description: string;
}

/** When a count was taken and which report it was, for "3分钟前 · 早报". */
export interface Freshness {
  reportedAt: number;
  slot: string;
  source: ReportSource;
}

export interface SupplierSkuView {
  skuId: string;
  name: string;
  spec: string;
  category: string;
  /** The last reported count; null before the first report. */
  lastOnHand: number | null;
  freshness: Freshness | null;
  sellable: number;
  committed: number;
}

export interface ReportReceipt {
  reportId: string;
  reportedAt: number;
  slot: string;
  lines: SupplierSkuView[];
}

export interface AvailabilityItem {
  skuId: string;
  name: string;
  spec: string;
  category: string;
  /** Sale price in fen. */
  price: number;
  supplierName: string;
  sellable: number;
  onHand: number;
  buffer: number;
  bufferRule: BufferRule;
  committed: number;
  warningLine: number;
  atOrBelowWarning: boolean;
  freshness: Freshness | null;
}

export interface PlacedLine {
  skuId: string;
  name: string;
  qty: number;
  customer?: string;
}

export interface PlaceOrderResult {
  orderId: string;
  placedAt: number;
  lines: PlacedLine[];
  /** True when this answers a retried submit: nothing new was reserved. */
  replayed: boolean;
}

/** `details` of an INSUFFICIENT_STOCK error. */
export interface ShortageDetails {
  short: Array<{ skuId: string; name: string; requested: number; sellable: number }>;
}
