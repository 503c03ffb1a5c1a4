// What the functions answer. The mini-program imports these types (types only),
// so a change here is checked on both sides of the wire.
import type { HistoryPoint } from '../domain/history';
import type { Alert, AlertKind } from '../domain/alerts';
import type { JielongParse } from '../domain/jielong';
import type { SupplierMessageParse } from '../domain/supplier-message';
import type { PullHealth } from '../domain/pull';
import type { BufferPolicy, BufferRule, HeldStatus, IntegrationLevel, JumpThreshold, LineStatus, RemediationTask, ReportBasis, ReportSource, Role, Settings, Sku, TaskOutcome, Tier, WaveStatus } from '../domain/model';

export * from './scorecard';
export * from './buffer-suggestion';
export * from './settlement';
export * from './listings';
export * from './stocktake';

/** The deployed functions, one per role area (DESIGN §2); the registry serves exactly these. */
export type FunctionName = 'account' | 'supplier' | 'leader' | 'operator';

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
  /** onHand is projected down by sales elsewhere since the count. */
  projected: boolean;
  /** The count is older than its tier allows. */
  stale: boolean;
  tier: Tier;
  /** The count was a 与上次相同 confirmation, not a number typed anew. */
  sameAsLast?: true;
  /** The supplier's system has failed its last pulls: the count is an estimate until one succeeds. */
  estimated?: true;
}

export interface SupplierSkuView {
  skuId: string;
  name: string;
  spec: string;
  category: string;
  supplierCode?: string;
  /** What we pay, in fen: the supplier's own SKUs only. */
  cost?: number;
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

export interface HeldLineView {
  skuId: string;
  name: string;
  spec: string;
  onHand: number;
  /** The count it jumped from, where it jumped. */
  last?: number;
  jump: boolean;
  /** Counted again since it was held: confirming leaves this line out (the newer count stands). */
  recountedSince?: true;
}

/** A report held for a jump, as the supplier and the operator see it. */
export interface HeldView {
  id: string;
  supplierId: string;
  supplierName: string;
  reportedAt: number;
  reportedBy: string;
  source: ReportSource;
  note?: string;
  status: HeldStatus;
  lines: HeldLineView[];
  resolvedBy?: string;
  resolvedAt?: number;
  /** The held report this one replaced: "已替换 08:05 张姐 的待确认报数". */
  replaced?: { reportedBy: string; reportedAt: number };
  /** The report it was sent with, whose lines within the threshold were applied at once. */
  partOf?: string;
}

/** `held` beside applied: the lines that jumped wait for a confirmation; the others took effect. */
export type IntakeResult =
  | { status: 'applied'; receipt: ReportReceipt; held?: HeldView }
  /** Accepted whole; `applied` of `total` lines have taken effect so far, the rest follow (ask again with continueReport). */
  | { status: 'applying'; reportId: string; applied: number; total: number; held?: HeldView }
  /** Every line jumped: nothing took effect yet. */
  | { status: 'held'; held: HeldView };

/** The supplier's report page: which report the clock says is due, the rows, anything waiting. */
export interface ReportSheet {
  supplierName: string;
  /** 早报 / 晚报 / 临时报 by the clock and the supplier's schedule. */
  slotNow: string;
  reportTimes: string[];
  rows: SupplierSkuView[];
  held: HeldView[];
  /** Reports already applied today, earliest first (by anyone: the supplier, the operator, a file). */
  sentToday: SentReportView[];
}

export interface SentReportView {
  reportId: string;
  reportedAt: number;
  slot: string;
  lineCount: number;
  source: ReportSource;
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
  projectedOnHand: number;
  buffer: number;
  bufferRule: BufferRule;
  /** Units of the buffer that staleness added. */
  staleExtra: number;
  committed: number;
  warningLine: number;
  atOrBelowWarning: boolean;
  freshness: Freshness | null;
  /** When the wave an order placed now would join closes (its supplier's cutoff or the global one). */
  cutoffAt: number;
}

export interface PlacedLine {
  lineId: string;
  skuId: string;
  name: string;
  qty: number;
  customer?: string;
  /** The business day whose wave takes the line. */
  day: string;
}

export interface PlaceOrderResult {
  orderId: string;
  /** "1202-0042": what the leader reads and tells customers (orders placed before numbers existed have none). */
  orderNo?: string;
  placedAt: number;
  lines: PlacedLine[];
  /** True when this answers a retried submit: nothing new was reserved. */
  replayed: boolean;
  /** Set when cutoff had passed: which day's wave the lines go to. */
  notice?: string;
}

/** `details` of an INSUFFICIENT_STOCK error. */
export interface ShortageDetails {
  short: Array<{ skuId: string; name: string; requested: number; sellable: number }>;
}

export interface SupplierView {
  id: string;
  name: string;
  level: IntegrationLevel;
  reportTimes: string[];
  basis: ReportBasis;
  contact?: string;
  bufferPolicy?: BufferPolicy;
  jumpThreshold?: JumpThreshold;
  cutoffTime?: string;
  wecomWebhook?: string;
  apiJumpExempt?: boolean;
  skuCount: number;
  /** The last count of any of its SKUs. */
  lastReportedAt: number | null;
  heldCount: number;
  /** Listed SKUs whose count is older than their tier allows (报数超龄). */
  overAgeCount: number;
  /** For a supplier whose stock is pulled: 上次成功, 延迟, 最近错误. */
  pullHealth?: PullHealth;
}

/** The operator's view of a SKU: everything, costs included. */
export interface OperatorSkuView extends Sku {
  supplierName: string;
  figure: AvailabilityItem;
}

export interface HistoryEvent {
  at: number;
  kind: 'report' | 'held' | 'confirmed' | 'discarded' | 'superseded';
  onHand: number;
  source: ReportSource;
  byName: string;
  note?: string;
  /** A 与上次相同 confirmation rather than a number typed. */
  sameAsLast?: true;
}

export interface SkuHistory {
  skuId: string;
  name: string;
  spec: string;
  supplierName: string;
  points: HistoryPoint[];
  events: HistoryEvent[];
}

/**
 * What saving a change of rules would do to sellable now, asked before saving (nothing is
 * changed by asking): "将影响 N 个商品，可售合计减少 M 件", the largest changes listed.
 */
export interface RuleChangePreview {
  /** SKUs for sale whose sellable would change. */
  skus: number;
  /** Their sellable summed, now and after the change. */
  sellableBefore: number;
  sellableAfter: number;
  /** The largest changes first (a few). */
  largest: Array<{ skuId: string; name: string; spec: string; before: number; after: number }>;
}

/** The settings in force, and which saved version they are (what a save must start from). */
export interface SettingsView {
  settings: Settings;
  /** 0: nobody has saved; the defaults are in force. */
  version: number;
  /** Who saved this version and when (absent for the defaults). */
  savedBy?: string;
  savedAt?: number;
}

/** One line of the settings' change log: who, when, and what they changed. */
export interface SettingsChangeView {
  version: number;
  savedBy: string;
  savedAt: number;
  /** The changed settings, in the operator's words (缓冲规则, 截单时间…). */
  changed: string[];
}

export interface ImportResult {
  intake: IntakeResult;
  lineCount: number;
  /** How the file was read, for the operator: which worksheet, which of several count columns. */
  notes?: string[];
  /** Read by columns mapped by hand: this time (manual, now remembered) or as remembered for the supplier. */
  mapping?: { columns: { code?: string; supplierCode?: string; qty: string }; source: 'manual' | 'remembered' };
}

/** A platform order export read into a leader's orders (leader.importOrders, operator.importOrdersFor). */
export interface OrderImportResult {
  /** 快团团, 群接龙 or 有赞. */
  platform: string;
  /** Orders placed by this import, each with the platform's number beside ours. */
  imported: Array<{ platformOrderNo: string; orderId: string; orderNo?: string; lineCount: number; units: number }>;
  /** Platform orders imported before with the same content: nothing added for them. */
  alreadyImported: string[];
  /** Platform orders imported before with other content: reported, not imported again. */
  conflicts: Array<{ platformOrderNo: string; message: string }>;
  /** Platform orders the store refused now (stock taken meanwhile, a ration): nothing of them was reserved. */
  failed: Array<{ platformOrderNo: string; message: string }>;
  /** Platform orders this call had no time left for (WeChat's function timeout): the same file again places them. */
  pending: string[];
  /** One line for the person: "导入 3 单，已导入过 2 单". */
  message: string;
  /** How the file was read, and rows skipped on purpose (cancelled, refunded). */
  notes: string[];
}

export interface FileDownload {
  fileName: string;
  contentType: string;
  base64: string;
}

export interface LeaderLineView {
  lineId: string;
  orderId: string;
  skuId: string;
  name: string;
  spec: string;
  qty: number;
  shortQty: number;
  customer?: string;
  status: LineStatus;
  statusName: string;
  placedAt: number;
  /** Before its wave's cutoff a placed line can still be changed or cancelled. */
  changeable: boolean;
  /** Its order's display number, "1202-0042". */
  orderNo?: string;
  /** For a short line: what is being, or was, done about the missing units. */
  remedy?: LineRemedy;
}

/** A short line's remediation task as its leader reads it in 我的订单. */
export interface LineRemedy {
  status: 'open' | 'resolved';
  outcome?: TaskOutcome;
  /** Fen: what the customer gets back for the short units. */
  refundAmount?: number;
  /** Fen: the coupon given with a refund. */
  couponValue?: number;
  substituteName?: string;
  /** Fen, all units: what the substitute costs above the short SKU, which the customer does not pay. */
  priceDifference?: number;
  /** "11月27日": the later day whose wave carries the substitute. */
  substituteDayLabel?: string;
}

export interface LeaderDayView {
  day: string;
  label: string;
  cutoffAt: number;
  lines: LeaderLineView[];
}

export interface WaveSummary {
  id: string;
  supplierId: string;
  supplierName: string;
  day: string;
  label: string;
  status: WaveStatus;
  statusName: string;
  closedAt: number;
  deadlineAt: number;
  escalated: boolean;
  confirmedOnBehalf: boolean;
  skuCount: number;
  units: number;
}

/** Units ordered, cut by the shortage, and left to pack (before confirmation nothing is cut). */
export interface PackCountView {
  ordered: number;
  cut: number;
  toPack: number;
}

export interface PickRowView extends PackCountView {
  skuId: string;
  name: string;
  spec: string;
  /** The supplier's own code for the SKU (what its warehouse shelves are labelled with). */
  supplierCode?: string;
  /** Units ordered. */
  total: number;
  /** After confirmation: what the supplier ships. */
  shipQty?: number;
  byLeader: Array<{ leaderId: string; leaderName: string; community: string } & PackCountView>;
}

/** One order line on a leader's packing list: whose it is (接龙号 and name) and what to pack. */
export interface PackLineView extends PackCountView {
  lineId: string;
  skuId: string;
  name: string;
  spec: string;
  supplierCode?: string;
  orderNo?: string;
  customer?: string;
}

/** One leader's parcel: where it goes and every line in it. */
export interface LeaderPackView extends PackCountView {
  leaderId: string;
  leaderName: string;
  community: string;
  pickupPoint?: string;
  phone?: string;
  address?: string;
  lines: PackLineView[];
}

/** The supplier's pick list for one wave. */
export interface WaveView extends WaveSummary {
  /** How a shortage is cut (shown beside the confirm form). */
  shortageRule: string;
  rows: PickRowView[];
  /** Per leader, what to pack and ship 一件代发. */
  leaders: LeaderPackView[];
}

export interface SubstituteView {
  skuId: string;
  name: string;
  spec: string;
  price: number;
  sellable: number;
}

export interface TaskView extends Omit<RemediationTask, 'leaderId'> {
  leaderName: string;
  community: string;
  name: string;
  spec: string;
  price: number;
  day: string;
  /** Ranked, for open tasks. */
  substitutes: SubstituteView[];
  /** The coupon a refund would come with, in fen. */
  couponOffer: number;
  openForMs: number;
  /** Resolved with a substitute: its name and spec. */
  substituteName?: string;
  /** "11月27日": the later day whose wave carries the substitute. */
  substituteDayLabel?: string;
}

export type InboxAlert = Omit<Alert, 'userId' | 'deliveries'> & {
  read: boolean;
  sentBy: string[];
  /** Its cause is gone (the report arrived, the held report was decided): when, and what ended it. */
  resolved?: { at: number; note: string };
};

export interface ConsentView {
  kind: AlertKind;
  name: string;
  templateId: string;
  remaining: number;
}

export interface InboxView {
  alerts: InboxAlert[];
  unread: number;
  /** Templates this person's role receives, with how many sends are left; empty self-hosted. */
  consents: ConsentView[];
}

export interface AlertKindView {
  kind: AlertKind;
  name: string;
  recipients: string;
  when: string;
  enabled: boolean;
  /** The time or offset the operator can set for it, as shown. */
  timing?: string;
}

export interface PersonView {
  id: string;
  name: string;
  role: Role;
  inviteCode: string;
  supplierId?: string;
  community?: string;
  /** A leader's 自提点, phone and address (on the pick list the supplier ships from). */
  pickupPoint?: string;
  phone?: string;
  address?: string;
  wecomWebhook?: string;
  /** Bound to a WeChat account already. */
  bound: boolean;
  /** Whether the code can still sign someone in: 可用, 已使用 or 已过期. */
  invite: { state: 'open' | 'used' | 'expired'; expiresAt: number | null; usedAt: number | null };
  disabled: boolean;
}

/** A person's page: who they are, where they are signed in, and everything that happened to them. */
export interface PersonDetail {
  person: PersonView;
  sessions: SessionView[];
  log: PeopleLogView[];
}

export interface SessionView {
  /** The first characters of the token's hash: enough to tell sessions apart, useless to sign in with. */
  id: string;
  device: string;
  createdAt: number;
  lastUsedAt: number;
  /** The session this request came with. */
  current: boolean;
}

export interface PeopleLogView {
  at: number;
  by: string;
  change: string;
  detail?: string;
}

/** A pasted 群接龙 list, parsed: every customer line, what matched, what needs a choice. */
export interface JielongView {
  parse: JielongParse;
  /** Cart lines for everything that matched. */
  lines: Array<{ skuId: string; qty: number; customer: string }>;
  unmatched: number;
  /** Names of the SKUs referred to (matched or candidates), for showing choices. */
  names: Record<string, string>;
  /** Per flagged item's text, the word choosing a SKU for it may teach ("酒精 2瓶" → 酒精); absent: nothing to teach. */
  words: Record<string, string>;
}

/** A word a leader taught the 接龙 matcher, in force (leader.teachAlias, operator.leaderAliases). */
export interface LeaderAliasView {
  leaderId: string;
  leaderName: string;
  /** As the matcher compares it: normalised, letters only. */
  word: string;
  skuId: string;
  /** "75%酒精消毒液 500ml/瓶". */
  name: string;
  /** When it was taught. */
  at: number;
}

/** A partner API key as the operator sees it: never its secret, once made. */
export interface PartnerKeyView {
  id: string;
  supplierId: string;
  createdAt: number;
  createdBy: string;
  revokedAt?: number;
  revokedBy?: string;
}

/** A key just made: the secret, shown this once. */
export interface NewPartnerKey extends PartnerKeyView {
  secret: string;
}

/** operator.parseSupplierMessage: a pasted group message read into counts; flagged lines carry candidates to choose. */
export interface SupplierMessageView extends SupplierMessageParse {
  /** "name spec" of every SKU of the supplier, for the lines and the candidates. */
  names: Record<string, string>;
}
