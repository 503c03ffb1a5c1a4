import type { AlertField, AlertKind } from './alerts';
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
  /** A leader's pickup point (自提点), phone and address: where the supplier ships 一件代发. */
  pickupPoint?: string;
  phone?: string;
  address?: string;
  /** WeChat OPENID, bound when the person first signs in with their invite code. */
  openid?: string;
  /** Code the operator hands out (DESIGN §7), upper case; also how the self-hosted sign-in works. */
  inviteCode: string;
  /** When the code was issued; it expires INVITE_VALID_MS later. Absent on codes from before invites expired. */
  inviteIssuedAt?: number;
  /** When the code was used to sign in: it opens nothing more (demo people excepted). */
  inviteUsedAt?: number;
  /** Disabled people cannot sign in, and their sessions have ended. */
  disabled?: boolean;
  /** One of the demo world's people: listed on the demo sign-in, reusable codes, removed for real use. */
  demo?: boolean;
  /** A leader's group robot (企业微信) for alerts, self-hosted. */
  wecomWebhook?: string;
  /**
   * The mini-program version (开发版/体验版/正式版) the person last granted alert consent
   * from: a message they tap opens that one. Unknown means the released version.
   */
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

/** A self-hosted sign-in. Only the token's hash is kept: a copied database opens nothing. */
export interface Session {
  tokenHash: string;
  userId: string;
  createdAt: number;
  lastUsedAt: number;
  /** What the browser said it was (User-Agent, cut short), to tell sessions apart. */
  device?: string;
}

export type PeopleChange = 'invited' | 'edited' | 'reissued' | 'signedIn' | 'disabled' | 'enabled' | 'sessionsEnded';

/** The append-only history of a person: who invited, changed, disabled them, and when. */
export interface PeopleLogEntry {
  id: string;
  userId: string;
  at: number;
  /** Who did it (a user id), or 'system'. */
  by: string;
  change: PeopleChange;
  detail?: string;
}

import type { PullSource } from './pull';
import type { StocktakeSchedule } from './stocktake-schedule';

export type IntegrationLevel = 'api' | 'portal' | 'rules';
export type ReportBasis = 'physical' | 'available';
/** `message`: the operator entered a supplier's group message, read by the message parser and checked by them. */
export type ReportSource = 'form' | 'spreadsheet' | 'api' | 'operator' | 'message' | 'stocktake';

/** Units held back from sale: the largest of the three, capped at onHand (DESIGN §3). */
export interface BufferPolicy {
  /** Fraction of onHand, e.g. 0.2. */
  ratio?: number;
  /** A fixed number of units. */
  fixed?: number;
  /** Fraction of average daily sales (our orders, last 7 days), e.g. 0.3. */
  velocityFraction?: number;
}

/** A count this far from the last one is held for confirmation (DESIGN §8). */
export interface JumpThreshold {
  /** More than `ratio` times, or less than 1/`ratio` of, the last count… */
  ratio: number;
  /** …and at least this many units apart. */
  minUnits: number;
}

export interface Supplier {
  id: string;
  name: string;
  level: IntegrationLevel;
  /** Local (Asia/Shanghai) times the reports are due, 'HH:mm', e.g. ['08:00', '20:00']. */
  reportTimes: string[];
  basis: ReportBasis;
  bufferPolicy?: BufferPolicy;
  /** Overrides the global jump threshold. */
  jumpThreshold?: JumpThreshold;
  /** Who to call, e.g. '张姐 138-0000-0303'. */
  contact?: string;
  /** Overrides the global cutoff (截单) time for this supplier's wave, 'HH:mm'. */
  cutoffTime?: string;
  /** The supplier team's group robot (企业微信) for alerts, self-hosted. */
  wecomWebhook?: string;
  /** Counts pushed by its system (source `api`) skip the jump guard: an ERP that an operator trusts. */
  apiJumpExempt?: boolean;
  /** Where the scheduler pulls its counts from, by tier (level `api` only). */
  pull?: PullSource;
  /** Where waves (and, with `lines`, each placed/changed/cancelled line) are POSTed. */
  webhook?: { url: string; lines?: boolean };
  /** When its stocktake (盘点对账) opens, weekly or every other week. */
  stocktake?: StocktakeSchedule;
}

/**
 * A key a supplier's system signs partner API requests with (HMAC-SHA256). The secret
 * is shown once when made; two may be alive while the supplier switches over.
 */
export interface PartnerKey {
  /** The key id sent in X-HZ-Key, e.g. 'hzk_3f9a…'. */
  id: string;
  supplierId: string;
  secret: string;
  createdAt: number;
  createdBy: string;
  revokedAt?: number;
  revokedBy?: string;
}

export type Tier = 'hot' | 'normal' | 'longTail';

export interface Sku {
  /** Unified code (商品编码): one per sellable variant. */
  id: string;
  supplierId: string;
  name: string;
  spec: string;
  category: string;
  /** Sale price in fen. */
  price: number;
  /** What we pay the supplier, in fen: shown to the operator and that supplier only. */
  cost?: number;
  /** The supplier's own code for this SKU (supplier SKU mapping). */
  supplierCode?: string;
  listed: boolean;
  warningLine: number;
  bufferPolicy?: BufferPolicy;
  /** The operator's flag; otherwise the tier is computed from velocity and days of cover. */
  tierOverride?: Tier;
  /**
   * What one unit of quantity is. A weight (斤, 公斤, kg, 克, g) means the SKU is weighed out, so a
   * 接龙 line's "3斤" is the quantity; absent, a SKU is sold by the piece or pack as before.
   */
  saleUnit?: SaleUnit;
  /** Quantities are whole multiples of this (0.5: half a 斤). Absent: 1. */
  saleStep?: number;
  /**
   * Other words the operator sets for this SKU ("酒精" for 75%酒精消毒液): a 接龙 item whose
   * product word is one names this SKU, for every leader (domain/jielong/aliases.ts).
   */
  aliases?: string[];
}

/**
 * A word a leader taught the 接龙 matcher by choosing a candidate ("以后'酒精'都是这个商品？"):
 * appended, never edited. The latest entry per leader and word wins; one without skuId
 * is the leader removing the word. It matches for that leader only.
 */
export interface LeaderAlias {
  /** `la_${leaderId}_${seq}`, so two entries can never take the same place. */
  id: string;
  leaderId: string;
  /** 1, 2, 3 … per leader, in the order taught. */
  seq: number;
  /** As the matcher compares it (aliasKey: normalised, lower-case, letters only). */
  word: string;
  /** The SKU the word means; absent when this entry removes the word. */
  skuId?: string;
  at: number;
}

/** Units a SKU may be sold in: counts of a piece or pack, or weights. */
export const SALE_UNITS = ['件', '份', '个', '盒', '箱', '袋', '瓶', '包', '只', '斤', '公斤', 'kg', '克', 'g'] as const;
export type SaleUnit = (typeof SALE_UNITS)[number];

export interface TierRules {
  /** Units a day (ours and elsewhere) from which a SKU is hot… */
  hotDailySales: number;
  /** …or days of cover at or below which it is hot. */
  hotDaysOfCover: number;
  /** Below this many units a day a SKU is long-tail. */
  longTailDailySales: number;
  /** How old a count may get before staleness widens the buffer, per tier. */
  maxReportAgeHours: Record<Tier, number>;
}

export interface Settings {
  bufferPolicy: BufferPolicy;
  /** Per-SKU warning line when a SKU sets none (DESIGN §3: default 10). */
  warningLine: number;
  jumpThreshold: JumpThreshold;
  tiers: TierRules;
  /** Project onHand downward by the rate of sales elsewhere as a count ages (DESIGN §3). */
  projection: boolean;
  /** Widen the buffer when a count is older than its tier allows. */
  staleness: boolean;
  /** Extra buffer, as a fraction of onHand, per max-age period a count is overdue. */
  staleExtraRatio: number;
  /** 截单: the day's orders close into waves, 'HH:mm' (DESIGN §1: 22:00). */
  cutoffTime: string;
  /** Suppliers confirm their wave by then, 'HH:mm' (23:00); earlier than cutoff means the next morning. */
  confirmDeadline: string;
  /** Scarce hot SKUs: below `sellableBelow`, each leader may hold at most `share` of what is left. */
  quota: { sellableBelow: number; share: number };
  /** The coupon offered with a refund for a short line, in fen. */
  couponValue: number;
  alerts: AlertSettings;
  stocktake: StocktakeRules;
  /** 结算奖惩: the scorecard's rates move a supplier's payable for the period. */
  settlement: SettlementRules;
  /** Leaders' storefront listings (issue 18). */
  storefronts: StorefrontRules;
}

/** How a SKU's sellable is shared by leaders' storefront listings (domain/allocation.ts). */
export interface StorefrontRules {
  /** What the listings' counts may add up to, as a fraction of sellable: 1 = never oversell across storefronts. */
  allocationTotal: number;
  /** Tell the leader to type a hand-kept storefront's number again once it moved by more than this many units. */
  retypeAboveUnits: number;
}

/** A scorecard rate a settlement rule can test (domain/settlement.ts names and reads them). */
export type SettlementMetric = 'fullShare' | 'fillRate' | 'reportingRate' | 'reminderAnsweredRate' | 'confirmationRate' | 'stocktakeVarianceShare';

/**
 * One rule: when the metric is below the threshold (or at least it), the payable moves by
 * `adjustShare` of itself — down for a deduction, up for a bonus. A metric with nothing
 * to rate (null) triggers no rule.
 */
export interface SettlementRule {
  metric: SettlementMetric;
  when: 'below' | 'atLeast';
  /** A fraction, as the scorecard's rates are (0.95). */
  threshold: number;
  adjust: 'deduct' | 'bonus';
  /** A fraction of the period's payable (0.02). */
  adjustShare: number;
}

export interface SettlementRules {
  /** Applied in order, each on the period's payable (not on what earlier rules left). */
  rules: SettlementRule[];
}

/** 盘点对账: which variances need a reason, and which stocktakes the operators hear of. */
export interface StocktakeRules {
  /** A variance needs a reason when it is more than this many units… */
  reasonAboveUnits: number;
  /** …and more than this share of the book figure. */
  reasonAboveShare: number;
  /** Operators hear of a confirmed stocktake whose variances add up to more than this, in fen (either way). */
  alertAboveValue: number;
}

/** A subscription-message template: which alert it carries and which alert field fills each key. */
export interface SubscribeTemplate {
  kind: AlertKind;
  templateId: string;
  /** Keys as the template defines them (thing1, time2…) → the alert field that fills it. */
  data: Record<string, AlertField>;
}

/** One saved version of the settings: nothing is edited in place. */
export interface SettingsVersion {
  /** 1, 2, 3…; 0 is the defaults, before anyone saved. */
  version: number;
  settings: Settings;
  /** A user id, or 'system' for seeds and migrations. */
  by: string;
  at: number;
}

export interface SettingsChange {
  by: string;
  at: number;
  /** The version the editor started from: a save over someone else's is refused. */
  expectedVersion?: number;
}

export type SettingsSaved = { saved: true; version: number } | { saved: false; current: SettingsVersion };

export interface AlertSettings {
  /** Kinds the operator switched off. */
  disabled: AlertKind[];
  /** Report reminder this long before each scheduled report. */
  reportDueLeadMinutes: number;
  /** Report counted missed this long after its time. */
  reportLateMinutes: number;
  /** The cutoff reminder, 'HH:mm' (21:30). */
  cutoffReminderTime: string;
  /** Counts older than their tier allows: remind at most this often per supplier… */
  overAgeRemindEveryMinutes: number;
  /** …between these times ('HH:mm', the end exclusive). */
  overAgeRemindFrom: string;
  overAgeRemindTo: string;
  /** Ask for a recount once our units placed since a count exceed this share of it (0.3), in the same hours. */
  recountSalesShare: number;
  subscribeTemplates: SubscribeTemplate[];
  /** The operators' group robot (企业微信), self-hosted. */
  operatorWecomWebhook?: string;
}

export type BufferRule = 'ratio' | 'fixed' | 'velocity' | 'none';

/**
 * One record per SKU; every change keeps
 * sellable = max(0, floor(projectedOnHand − buffer) − committed).
 */
export interface InventoryRecord {
  skuId: string;
  supplierId: string;
  /** The last count (the anchor) and where it came from. */
  onHand: number;
  reportId: string;
  reportedAt: number;
  reportSource: ReportSource;
  /** The count was a 与上次相同 confirmation (shown with its freshness). */
  sameAsLast?: true;
  basis: ReportBasis;
  /** Our leaders' average daily units over the 7 days before the count. */
  avgDailySales: number;
  /** Units an hour the supplier sells through other channels, learned from consecutive counts. */
  elsewherePerHour: number;
  /** onHand as projected to computedAt; equals onHand when projection is off. */
  projectedOnHand: number;
  tier: Tier;
  /** The count is older than its tier allows. */
  stale: boolean;
  /** Whole units held back: the policy's figure plus any staleness widening, at most projectedOnHand. */
  buffer: number;
  bufferRule: BufferRule;
  /** Units of the buffer added because the count is stale. */
  staleExtra: number;
  committed: number;
  sellable: number;
  /** When sellable was last computed (a report or the refresh job). */
  computedAt: number;
  /** Bumped by every write; reports and refreshes write by compare-and-set on it. */
  version: number;
}

export interface ReportLine {
  skuId: string;
  onHand: number;
  /** The supplier tapped 与上次相同: a confirmation that nothing moved, not a number typed anew. */
  sameAsLast?: true;
}

export interface Report {
  id: string;
  supplierId: string;
  source: ReportSource;
  basis: ReportBasis;
  reportedBy: string;
  reportedAt: number;
  lines: ReportLine[];
  /** Where numbers entered on a supplier's behalf came from, e.g. '微信群 08:05 张姐'. */
  note?: string;
  /** Set when the report was held for a jump and someone confirmed it. */
  confirmedBy?: string;
  confirmedAt?: number;
  /** The jumping lines of a report, held apart: the report whose other lines were applied at once. */
  partOf?: string;
  /** Confirmed held lines left out because their SKU was counted again before the confirmation. */
  recountedSince?: string[];
  /** When a supplier's system says it counted (partner API `countedAt`), as it said it; the age still counts from `reportedAt`. */
  countedAt?: number;
  /** The partner API request this report answers, with a digest of its body: a repeat answers the first result. */
  request?: { id: string; digest: string };
}

export interface Jump {
  skuId: string;
  last: number;
  next: number;
}

export type HeldStatus = 'held' | 'confirmed' | 'discarded' | 'superseded';

/** A report with a jump, waiting for the supplier or the operator (never applied silently). */
export interface HeldReport {
  id: string;
  supplierId: string;
  report: Report;
  jumps: Jump[];
  status: HeldStatus;
  heldAt: number;
  resolvedBy?: string;
  resolvedAt?: number;
  /** The held report this one replaced (one waits per supplier at a time): who sent it and when. */
  replaced?: { id: string; reportedBy: string; reportedAt: number };
  /**
   * The first of a run of held reports that each found the same SKUs jumped again (a
   * system pulled every few minutes sees its restock on every pull): people were told
   * of the first, and confirm whichever of the run waits when they come to it.
   */
  thread?: string;
}

export type LineStatus = 'placed' | 'forwarded' | 'confirmed' | 'short' | 'shipped' | 'cancelled';

export interface OrderLine {
  id: string;
  orderId: string;
  leaderId: string;
  skuId: string;
  supplierId: string;
  /** The business day whose wave takes this line (YYYY-MM-DD, Shanghai), fixed at placement. */
  day: string;
  /** `${supplierId}_${day}`: one wave per supplier per business day. */
  waveId: string;
  /** When this line's wave closes: after it the line can no longer change. */
  cutoffAt: number;
  qty: number;
  /** Units the supplier confirmed it does not have (0 unless short). */
  shortQty: number;
  status: LineStatus;
  placedAt: number;
  forwardedAt?: number;
  confirmedAt?: number;
  shippedAt?: number;
  cancelledAt?: number;
  /** 接龙 number and nickname, when the leader gives one. */
  customer?: string;
  /** Its order's display number, "1202-0042" (what the leader reads; the id stays internal). */
  orderNo?: string;
}

export type WaveStatus = 'closed' | 'confirmed' | 'shipped';

/** The orders of one supplier for one business day, closed at cutoff (DESIGN §3). */
export interface Wave {
  id: string;
  supplierId: string;
  day: string;
  status: WaveStatus;
  closedAt: number;
  /** Confirm by then, or the operator is told. */
  deadlineAt: number;
  escalatedAt?: number;
  confirmedAt?: number;
  confirmedBy?: string;
  /** The operator confirmed on the supplier's behalf. */
  confirmedOnBehalf?: boolean;
  shippedAt?: number;
  /** What the supplier said it can ship, per SKU: kept so a confirmation interrupted half-way finishes the same. */
  shipQty?: Record<string, number>;
  /** Units cut per SKU at the confirmation: with shipQty, what was ordered. */
  shortBySku?: Record<string, number>;
  /**
   * What the product believed on hand (projected) per SKU of the supplier when the wave
   * closed: set beside what the supplier confirmed, it measures the supplier's error
   * that a buffer must cover (buffers from scorecards).
   */
  believed?: Record<string, number>;
}

/** A supplier's (or one of its SKUs') buffer changed by an operator from a scorecard suggestion: appended, never edited. */
export interface BufferChange {
  id: string;
  supplierId: string;
  /** Set when the change is one SKU's own buffer (its waves alone), not the supplier's. */
  skuId?: string;
  at: number;
  by: string;
  /** The supplier's (SKU's) own policy before (none: it followed the global one, or the supplier's). */
  from?: BufferPolicy;
  to: BufferPolicy;
  /** What the suggestion rested on. */
  basis: { observations: number; waves: number; coverage: number; neededRatio: number };
}

export type TaskOutcome = 'substitute' | 'refund';

/** A short line, for its leader to put right with the customer (DESIGN §3). */
export interface RemediationTask {
  /** `rem_${lineId}`: one task per short line, whatever reruns. */
  id: string;
  lineId: string;
  orderId: string;
  leaderId: string;
  waveId: string;
  skuId: string;
  shortQty: number;
  customer?: string;
  status: 'open' | 'resolved';
  openedAt: number;
  contactedAt?: number;
  contactNote?: string;
  outcome?: TaskOutcome;
  substituteSkuId?: string;
  substituteOrderId?: string;
  /** Fen. */
  couponValue?: number;
  /** Fen: the short units at the price of the day the refund was chosen. */
  refundAmount?: number;
  /** Fen, for all the units: what the substitute costs above the short SKU; the customer does not pay it. */
  priceDifference?: number;
  /** The business day whose wave carries the substitute. */
  substituteDay?: string;
  resolvedAt?: number;
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
  /** "1202-0042": the placement day (Shanghai) and the leader's sequence of that day; unique per leader per day. */
  number?: string;
  /** Imported from a platform's order export: which platform and its order number, kept for reference. */
  external?: { platform: string; orderNo: string };
}

export type LedgerKind = 'report' | 'refresh' | 'reserve' | 'cancel' | 'shortage';

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
  /** For reports: form, spreadsheet, api or operator, and where numbers entered on a supplier's behalf came from. */
  source?: ReportSource;
  note?: string;
  /** For a leader's change of a placed line: its quantity after (0: cancelled). */
  lineQty?: number;
  /** For reports: the line was a 与上次相同 confirmation. */
  sameAsLast?: true;
  /** Record after the change, where the writer knows it (reports and refreshes do). */
  onHand?: number;
  projectedOnHand?: number;
  buffer?: number;
  committed?: number;
  sellable?: number;
}
