// The nouns of DESIGN.md §3–§5. Plain data only: every record here is stored
// as-is by both storage adapters, so times are epoch milliseconds and money is fen.

export type Role = 'operator' | 'supplier' | 'leader';

export interface User {
  id: string;
  name: string;
  role: Role;
  /** Set for suppliers' staff: the supplier they report for. */
  supplierId?: string;
  /** Set for leaders: the community (小区) they sell to. */
  community?: string;
  /** WeChat OPENID, bound when the person first signs in with their invite code. */
  openid?: string;
  /** Code the operator hands out (DESIGN §7); also how the self-hosted sign-in works. */
  inviteCode: string;
}

export interface Session {
  token: string;
  userId: string;
  createdAt: number;
}

export type IntegrationLevel = 'api' | 'portal' | 'rules';
export type ReportBasis = 'physical' | 'available';
export type ReportSource = 'form' | 'spreadsheet' | 'api' | 'operator';

/** Units held back from sale: the largest of the three, capped at onHand (DESIGN §3). */
export interface BufferPolicy {
  /** Fraction of onHand, e.g. 0.2. */
  ratio?: number;
  /** A fixed number of units. */
  fixed?: number;
  /** Fraction of average daily sales (our orders, last 7 days), e.g. 0.3. */
  velocityFraction?: number;
}

export interface Supplier {
  id: string;
  name: string;
  level: IntegrationLevel;
  /** Local (Asia/Shanghai) times the reports are due, 'HH:mm', e.g. ['08:00', '20:00']. */
  reportTimes: string[];
  basis: ReportBasis;
  bufferPolicy?: BufferPolicy;
  contact?: string;
}

export interface Sku {
  /** Unified code (商品编码): one per sellable variant. */
  id: string;
  supplierId: string;
  name: string;
  spec: string;
  category: string;
  /** Sale price in fen. */
  price: number;
  listed: boolean;
  warningLine: number;
  bufferPolicy?: BufferPolicy;
}

export interface Settings {
  bufferPolicy: BufferPolicy;
  /** Per-SKU warning line when a SKU sets none (DESIGN §3: default 10). */
  warningLine: number;
}

export type BufferRule = 'ratio' | 'fixed' | 'velocity' | 'none';

/** One record per SKU; every change keeps sellable = max(0, floor(onHand − buffer) − committed). */
export interface InventoryRecord {
  skuId: string;
  supplierId: string;
  onHand: number;
  /** Whole units held back (the policy's raw figure rounded up). */
  buffer: number;
  bufferRule: BufferRule;
  committed: number;
  sellable: number;
  /** Bumped by every write; a report writes by compare-and-set on it. */
  version: number;
  reportId: string;
  reportedAt: number;
  reportSource: ReportSource;
  basis: ReportBasis;
}

export interface ReportLine {
  skuId: string;
  onHand: number;
}

export interface Report {
  id: string;
  supplierId: string;
  source: ReportSource;
  basis: ReportBasis;
  reportedBy: string;
  reportedAt: number;
  lines: ReportLine[];
}

export type LineStatus = 'placed' | 'forwarded' | 'confirmed' | 'short' | 'shipped' | 'cancelled';

export interface OrderLine {
  id: string;
  orderId: string;
  leaderId: string;
  skuId: string;
  supplierId: string;
  qty: number;
  /** Units the supplier confirmed it does not have (0 unless short). */
  shortQty: number;
  status: LineStatus;
  placedAt: number;
  forwardedAt?: number;
  shippedAt?: number;
  /** 接龙 number and nickname, when the leader gives one. */
  customer?: string;
}

export interface ShortLine {
  skuId: string;
  requested: number;
  sellable: number;
}

export type OrderStatus = 'placed' | 'refused';

export interface Order {
  /** Derived from leader and idempotency key, so a retried submit finds the first one. */
  id: string;
  leaderId: string;
  idempotencyKey: string;
  /** Fingerprint of the requested lines: a key reused for another order is refused. */
  requestHash: string;
  status: OrderStatus;
  placedAt: number;
  lines: OrderLine[];
  /** Why a refused order was refused: every short SKU with what was still sellable. */
  short: ShortLine[];
}

export type LedgerKind = 'report' | 'reserve' | 'cancel' | 'shortage';

/** Append-only history beside the inventory record (DESIGN §5). */
export interface LedgerEntry {
  id: string;
  skuId: string;
  kind: LedgerKind;
  at: number;
  by: string;
  /** The report or order this change belongs to. */
  refId: string;
  /** Units moved (reservation, cancellation, shortage); the count for a report. */
  qty: number;
  /** Record after the change, where the writer knows it (reports do). */
  onHand?: number;
  buffer?: number;
  committed?: number;
  sellable?: number;
}
