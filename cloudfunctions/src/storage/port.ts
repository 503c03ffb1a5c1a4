// The storage port. Handlers talk only to this; the SQLite adapter (self-hosted) and
// the cloud database adapter (WeChat) both pass test/storage/contract.ts.
import type { Alert, AlertResolution, Delivery } from '../domain/alerts';
import type { ColumnMapping } from '../domain/column-mapping';
import type { ListingEntry } from '../domain/listings';
import type { ListingPushEntry } from '../domain/listing-push';
import type { PullHealth } from '../domain/pull';
import type { Stocktake, StocktakeStatus } from '../domain/stocktake';
import type { WebhookEvent } from '../domain/webhook';
import type {
  PeopleLogEntry,
  BufferChange,
  LeaderAlias,
  HeldReport, HeldStatus, InventoryRecord, LedgerEntry, LineStatus, Order, OrderLine, RemediationTask, Report, Session, Settings,
  SettingsChange, SettingsSaved, SettingsVersion,
  PartnerKey, ShortLine, Sku, Supplier, User, Wave, WaveStatus,
} from '../domain/model';

/** A new record for a SKU and the version it must replace (0 when the SKU has no record yet). */
export interface InventoryWrite {
  record: InventoryRecord;
  expectedVersion: number;
}

/** A refresh write: the new figure, the version it replaces, and its ledger entry if it changed anything. */
export interface RefreshWrite extends InventoryWrite {
  ledger?: LedgerEntry;
}

/** One SKU of a kept report: its new record, the version it replaces, and its ledger entry. */
export interface ReportWrite extends InventoryWrite {
  ledger: LedgerEntry;
}

/**
 * How far a kept report has got through its lines: every line before `next` is
 * applied or listed in `deferred` (it met a reservation in flight and waits for the
 * next pass). A hint for resuming and for progress bars; whether a SKU is applied is
 * decided by its ledger entry, so a pass repeated after a crash applies nothing twice.
 */
export interface ReportProgress {
  next: number;
  deferred: string[];
  /** When a pass last saved it: a report nobody has moved for a while is the scheduler's to finish. */
  at?: number;
  /** Set once every line is applied. */
  finishedAt?: number;
}

export interface KeptReport {
  report: Report;
  progress: ReportProgress;
}

export type ReserveOutcome =
  | { kind: 'placed'; order: Order }
  | { kind: 'short'; short: ShortLine[] }
  /** An order with this id already exists (a retried or concurrent submit): here it is. */
  | { kind: 'duplicate'; order: Order }
  /** Taking these SKUs would pass this leader's ration for the day: nothing was taken. */
  | { kind: 'rationed'; skuIds: string[] }
  /** Another call is placing this order right now: ask again in a moment. */
  | { kind: 'inProgress' }
  /** An earlier attempt died half-way and its wave has closed since: nothing is held, nothing placed. */
  | { kind: 'interrupted' };

/** What a sweep of unfinished order placements did. */
export interface SettleReport {
  /** Placements whose stock was all taken: their lines and ledger written, now placed. */
  placed: number;
  /** Placements that died while taking stock: their units given back, nothing placed. */
  abandoned: number;
}

export interface OrderLineQuery {
  /** Lines of these SKUs; omit to query by the other fields (at least one is given). */
  skuIds?: string[];
  waveId?: string;
  leaderId?: string;
  day?: string;
  status?: LineStatus[];
  /** Only lines whose wave closes at or before this time. */
  cutoffBefore?: number;
  /**
   * Only lines that held stock at or after this time: not cancelled, not wholly short,
   * and not shipped before it. Without it, every line of those SKUs.
   */
  heldSince?: number;
  placedSince?: number;
}

/** A leader's change to a placed line before cutoff: a new quantity, or 0 to cancel. */
export interface LineChange {
  lineId: string;
  /** The quantity the leader saw: a line changed meanwhile is not changed again. */
  expectedQty: number;
  newQty: number;
  at: number;
  ledger: LedgerEntry;
  /** The most units of this SKU the leader may hold for the line's day, when a ration applies. */
  ration?: number;
}

/**
 * `short`: growing the line needs units sellable does not cover; `rationed`: it would
 * pass the leader's ration (`left` more units allowed); `gone`: the line is no longer placed as seen.
 */
export type LineChangeOutcome =
  | { kind: 'changed'; line: OrderLine }
  | { kind: 'short'; sellable: number }
  | { kind: 'rationed'; left: number }
  | { kind: 'gone' };

export interface WaveConfirmation {
  waveId: string;
  by: string;
  at: number;
  onBehalf: boolean;
  /** Units the supplier will ship, per SKU of the wave. */
  shipQty: Record<string, number>;
  /** Units cut, per SKU of the wave (0 where it ships all). */
  shortBySku: Record<string, number>;
  /** Short units per line id (every line of the wave, 0 for lines filled). */
  shortByLine: Record<string, number>;
  /** One `shortage` entry per SKU that was short. */
  ledger: LedgerEntry[];
}

/** A wave the cutoff job has to close, as its lines name it. */
export interface DueWave {
  waveId: string;
  supplierId: string;
  day: string;
  cutoffAt: number;
}

export interface FlagState {
  on: boolean;
  /** Counts the times the flag was turned on again: part of an event's identity. */
  cycle: number;
}

export interface HeldResolution {
  status: Exclude<HeldStatus, 'held'>;
  by: string;
  at: number;
}

export interface StockStore {
  /**
   * How long after an order's placement began its lines may still be landing, or its
   * placement be found dead and settled (settleOrders). 0 where placing is one atomic
   * write. The cutoff job closes a wave only this long after its cutoff, so no line
   * placed before the cutoff arrives after its wave closed.
   */
  readonly settleMs: number;

  // People. Sessions exist only in the self-hosted runtime; WeChat identifies by OPENID.
  upsertUsers(users: User[]): Promise<void>;
  getUser(id: string): Promise<User | null>;
  listUsers(): Promise<User[]>;
  findUserByOpenid(openid: string): Promise<User | null>;
  findUserByInviteCode(code: string): Promise<User | null>;
  /** Binds a WeChat OPENID to the user; refuses (false) if another user holds it. */
  bindOpenid(userId: string, openid: string): Promise<boolean>;
  createSession(session: Session): Promise<void>;
  /** By the token's hash: tokens themselves are never stored. */
  findSession(tokenHash: string): Promise<Session | null>;
  /** Record a use of the session. */
  touchSession(tokenHash: string, at: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** A person's sessions, most recently used first. */
  listSessions(userId: string): Promise<Session[]>;
  /** End every session of a person at once; answers how many there were. */
  deleteSessions(userId: string): Promise<number>;
  /** The people log is append-only: entries are added, never changed. */
  addPeopleLog(entries: PeopleLogEntry[]): Promise<void>;
  /** Newest first. */
  listPeopleLog(userId: string, limit: number): Promise<PeopleLogEntry[]>;

  /** Buffer changes from scorecard suggestions are append-only: added (once per id), never changed. */
  addBufferChanges(changes: BufferChange[]): Promise<void>;
  /** Newest first; of one supplier when given. */
  listBufferChanges(filter: { supplierId?: string }, limit: number): Promise<BufferChange[]>;

  /**
   * Leaders' 接龙 aliases are append-only: an entry is added once, never changed (a removal is
   * an entry without skuId). False when an entry with that id (the leader's seq) is there already.
   */
  addLeaderAlias(entry: LeaderAlias): Promise<boolean>;
  /** One leader's entries in the order taught (seq), or every leader's, by leader id then seq. */
  listLeaderAliases(filter: { leaderId?: string }): Promise<LeaderAlias[]>;

  /**
   * Storefront listings are append-only: each link, edit, unlink and typed number is an entry
   * added once, never changed. False when an entry with that id (the listing's seq) is there already.
   */
  addListingEntry(entry: ListingEntry): Promise<boolean>;
  /** Entries by listing id then seq: one leader's, one SKU's, one listing's, or every one. */
  listListingEntries(filter: { leaderId?: string; skuId?: string; listingId?: string }): Promise<ListingEntry[]>;
  /** The 微信小店 push log (issue 18), append-only like listing entries: false when the id (listing and seq) is taken. */
  addListingPush(entry: ListingPushEntry): Promise<boolean>;
  /** These listings' push entries, by listing id then seq. */
  listListingPushes(listingIds: readonly string[]): Promise<ListingPushEntry[]>;

  /** Columns an operator mapped by hand for a supplier's stock files: appended, never changed (an id added twice is kept once). */
  addColumnMapping(mapping: ColumnMapping): Promise<void>;
  /** The supplier's latest mapping for this header set (by `at`, ties by the greater id), or null. */
  latestColumnMapping(supplierId: string, headerKey: string): Promise<ColumnMapping | null>;

  // Catalogue and settings.
  upsertSuppliers(suppliers: Supplier[]): Promise<void>;
  getSupplier(id: string): Promise<Supplier | null>;
  listSuppliers(): Promise<Supplier[]>;
  /** Creates a supplier unless its id is taken (false). */
  createSupplier(supplier: Supplier): Promise<boolean>;
  upsertSkus(skus: Sku[]): Promise<void>;
  /** Creates a SKU unless its unified code is taken (false). */
  createSku(sku: Sku): Promise<boolean>;
  listSkus(filter?: { supplierId?: string }): Promise<Sku[]>;
  getSkus(ids: string[]): Promise<Sku[]>;
  /** The newest settings (the defaults before any were saved). */
  getSettings(): Promise<Settings>;
  /** The newest settings with their version (0: never saved), who saved them and when. */
  currentSettings(): Promise<SettingsVersion>;
  /**
   * Settings are append-only: each save adds the next version and keeps every earlier
   * one. With `expectedVersion`, refused (with what is current) when someone saved since.
   */
  saveSettings(settings: Settings, change?: SettingsChange): Promise<SettingsSaved>;
  /** Newest first. */
  listSettingsHistory(limit: number): Promise<SettingsVersion[]>;

  // Stock.
  /** Sorted by SKU code. */
  listInventory(skuIds?: string[]): Promise<InventoryRecord[]>;
  /** Sorted by placement time, then line id. */
  listOrderLines(query: OrderLineQuery): Promise<OrderLine[]>;
  /**
   * Keep an accepted report before any of it is applied: its lines are the durable
   * intent, applied SKU by SKU afterwards (commitReportLines) and finished by whoever
   * resumes it. False when a report with this id is kept already.
   */
  saveReport(report: Report): Promise<boolean>;
  getReport(id: string): Promise<KeptReport | null>;
  /**
   * Apply SKUs of a kept report, each on its own and whole (record and ledger entry
   * together): a record is replaced only if still at its expected version and no
   * reservation is between its take and its seal. A SKU whose ledger entry exists is
   * applied already and left alone. Answers the SKUs that conflicted (recompute and
   * try again).
   */
  commitReportLines(reportId: string, writes: ReportWrite[]): Promise<string[]>;
  saveReportProgress(reportId: string, progress: ReportProgress): Promise<void>;
  /** Kept reports not finished yet, oldest first. */
  listUnfinishedReports(limit: number): Promise<KeptReport[]>;
  /** Newest first. */
  listReports(supplierId: string, limit: number): Promise<Report[]>;
  /**
   * The refresh job's writes, each SKU on its own: a record is replaced only if nothing
   * changed it since it was read (version, and any reservation in flight). Answers the
   * SKUs that conflicted; their ledger entries are not written.
   */
  commitRefresh(writes: RefreshWrite[]): Promise<string[]>;
  /** Keep a report with a jump until someone confirms or discards it. */
  holdReport(held: HeldReport): Promise<void>;
  getHeldReport(id: string): Promise<HeldReport | null>;
  /** These held reports (those that exist), in no particular order. */
  getHeldReports(ids: string[]): Promise<HeldReport[]>;
  /** Newest first. */
  listHeldReports(filter: { supplierId?: string; status?: HeldStatus }): Promise<HeldReport[]>;
  /** Moves a held report out of `held` once; false if it was no longer held. */
  resolveHeldReport(id: string, resolution: HeldResolution): Promise<boolean>;
  /**
   * Reserve an order's units atomically: for every SKU take `qty` from sellable into
   * committed only where sellable covers it (and, for SKUs in `rations`, only while
   * the leader's units of the SKU for the line's day stay within it), on all SKUs or on
   * none; then store the order, its lines and the ledger. Never read-then-write across
   * callers. Placed is answered only once the lines and ledger are stored; a placement
   * found half-done is finished (or, if it died before taking everything, started again).
   * A refusal for short stock is kept under the order's id, without lines.
   */
  reserve(order: Order, totals: ReadonlyMap<string, number>, ledger: LedgerEntry[], rations?: ReadonlyMap<string, number>): Promise<ReserveOutcome>;
  /**
   * The next display number of a leader's orders placed on a calendar day: 1, 2, 3…, each
   * answered once however many placements ask at the same moment (a number a refused or
   * abandoned placement took is not given again).
   */
  claimOrderNumber(leaderId: string, day: string): Promise<number>;
  /**
   * Units of these SKUs the leader ordered for a business day, less what was cancelled
   * (what a ration counts): a counter kept with every take and line change, never a
   * scan of the leader's lines.
   */
  rationHeld(leaderId: string, day: string, skuIds: string[]): Promise<Map<string, number>>;
  /**
   * Finish or undo placements that died half-way (older than settleMs): ones that took
   * all their stock are placed, ones that did not give their units back.
   */
  settleOrders(): Promise<SettleReport>;
  /** Store a refused order unless one with its id exists; returns the stored one. */
  recordRefusal(order: Order): Promise<Order>;
  /** A placed or refused order; one whose placement took all its stock and then stopped is finished first. */
  getOrder(id: string): Promise<Order | null>;
  getOrderLines(ids: string[]): Promise<OrderLine[]>;
  /**
   * Change a placed line and the stock together: a smaller quantity or a cancellation
   * releases units (DESIGN §5); a larger one takes them only where sellable covers it.
   */
  changeLine(change: LineChange): Promise<LineChangeOutcome>;

  // Waves (DESIGN §1: cutoff, confirmation, shipping).
  /** Waves with placed lines whose cutoff is at or before `cutoffBefore`: one entry per wave, read without loading the lines. */
  listDueWaves(cutoffBefore: number): Promise<DueWave[]>;
  /**
   * Close a wave: store it unless it exists, then forward its placed lines whose
   * cutoff has passed, only while the wave is still closed (never into a confirmed
   * one). Idempotent: rerunning forwards stragglers and nothing twice.
   */
  closeWave(wave: Wave): Promise<{ wave: Wave; forwarded: number }>;
  /**
   * closeWave for each of these waves, in order, answered in the same order. SQLite
   * closes them all in one transaction (one pass over the pages the lines share, one
   * fsync); the cloud one after another. Either way a rerun finishes what a crash left.
   */
  closeWaves(waves: Wave[]): Promise<Array<{ wave: Wave; forwarded: number }>>;
  getWave(id: string): Promise<Wave | null>;
  /** Newest day first. */
  listWaves(filter: { supplierId?: string; status?: WaveStatus; day?: string }): Promise<Wave[]>;
  /** Mark an unconfirmed wave escalated once; false if confirmed or already escalated. */
  escalateWave(id: string, at: number): Promise<boolean>;
  /**
   * Confirm a closed wave: every line confirmed or short, every short unit out of
   * committed and onHand (a `shortage` ledger entry per SKU), the wave confirmed.
   * Whole, or (interrupted) finished by a rerun with the same confirmation; false if
   * the wave is not closed.
   */
  confirmWave(confirmation: WaveConfirmation): Promise<boolean>;
  /** Mark a confirmed wave and its lines shipped; false if not confirmed. */
  shipWave(waveId: string, at: number): Promise<boolean>;

  // Remediation of short lines.
  /** Create each task unless one with its id exists. */
  createTasks(tasks: RemediationTask[]): Promise<void>;
  getTask(id: string): Promise<RemediationTask | null>;
  /** Oldest first. */
  /** Oldest first; of a leader, a state and/or these waves when given. */
  listTasks(filter: { leaderId?: string; status?: RemediationTask['status']; waveIds?: string[] }): Promise<RemediationTask[]>;
  /** Update a task only while it has the expected status; false otherwise. */
  updateTask(id: string, expectedStatus: RemediationTask['status'], patch: Partial<RemediationTask>): Promise<boolean>;

  // Alerts (DESIGN §6).
  /** Store each alert unless one with its id exists; answers the ones stored now (the rest were duplicates). */
  addAlerts(alerts: Alert[]): Promise<Alert[]>;
  /** Newest first. */
  listAlerts(userId: string, limit: number): Promise<Alert[]>;
  markAlertsRead(userId: string, ids: string[], at: number): Promise<void>;
  recordDelivery(alertId: string, delivery: Delivery): Promise<void>;
  /** Record what ended each event's cause, unless its event has a resolution already: the first stands, none is edited. */
  addAlertResolutions(resolutions: AlertResolution[]): Promise<void>;
  /** The resolutions of these events (those that have one), in no particular order. */
  listAlertResolutions(events: string[]): Promise<AlertResolution[]>;
  /** Add `count` one-time consents of a user for a template (each allows one send). */
  addConsents(userId: string, templateId: string, count: number): Promise<number>;
  /** Take one consent if any is left: the only way a send may happen. */
  takeConsent(userId: string, templateId: string): Promise<boolean>;
  /** WeChat said none are left (43101): the count is zero, whatever we thought. */
  clearConsents(userId: string, templateId: string): Promise<void>;
  listConsents(userId: string): Promise<Array<{ templateId: string; remaining: number }>>;
  /** A named flag (the low-stock alert's arming): read it, or flip it only from the expected value. */
  /** Partner API keys: kept whole (a revoked key stays, with who revoked it). */
  savePartnerKey(key: PartnerKey): Promise<void>;
  getPartnerKey(id: string): Promise<PartnerKey | null>;
  /** A supplier's keys, oldest first. */
  listPartnerKeys(supplierId: string): Promise<PartnerKey[]>;

  /** Each pulling supplier's last pulls (one record per supplier, replaced). */
  savePullHealth(health: PullHealth): Promise<void>;
  listPullHealth(): Promise<PullHealth[]>;
  /**
   * A version of everything a leader's availability answer is made of (SKUs, inventory,
   * suppliers, settings, pull health) that changes with every write to any of them, from
   * any connection; absent where the adapter cannot know (then nothing is cached).
   */
  availabilityVersion?(): Promise<string>;

  /** Webhook deliveries: an event is added once under its id (a repeat changes nothing). */
  addWebhookEvents(events: WebhookEvent[]): Promise<void>;
  getWebhookEvent(id: string): Promise<WebhookEvent | null>;
  /** Which of these event ids are stored already. */
  knownWebhookEvents(ids: string[]): Promise<Set<string>>;
  /** Pending events whose next attempt is due, oldest first. */
  listDueWebhookEvents(now: number, limit: number): Promise<WebhookEvent[]>;
  /** A supplier's events, newest first. */
  listWebhookEvents(supplierId: string, limit: number): Promise<WebhookEvent[]>;
  /** Replace an event still at `expectedAttempts` and status (two senders never both record an attempt). */
  saveWebhookEvent(event: WebhookEvent, expected: Pick<WebhookEvent, 'attempts' | 'status'>): Promise<boolean>;

  /** Stocktakes: added once under their id (false when it is there already), then changed by compare-and-set on `version`. */
  addStocktake(stocktake: Stocktake): Promise<boolean>;
  getStocktake(id: string): Promise<Stocktake | null>;
  saveStocktake(stocktake: Stocktake, expectedVersion: number): Promise<boolean>;
  /** Newest opened first; of one supplier and/or in these states when given. */
  listStocktakes(query: { supplierId?: string; status?: StocktakeStatus[] }, limit: number): Promise<Stocktake[]>;

  /** Spend a partner API nonce seen at `at`: true if it had not been seen (or was forgotten). */
  spendNonce(id: string, at: number): Promise<boolean>;
  /** Forget nonces seen before `before` (outside any signature window); answers how many. */
  forgetNonces(before: number): Promise<number>;

  getFlag(id: string): Promise<FlagState | null>;
  setFlag(id: string, expected: FlagState | null, next: FlagState): Promise<boolean>;
  /** Oldest first; from `since` when given. */
  listLedger(skuId: string, since?: number): Promise<LedgerEntry[]>;
  /** Entries of these SKUs at or after `since`, oldest first (by time, then id), at most `limit`. */
  listLedgerSince(skuIds: string[], since: number, limit: number): Promise<LedgerEntry[]>;
  /**
   * Our units placed per SKU in [from, to] (cancelled and short units left out),
   * totalled where the data is: a week of lines is more than a call may read.
   */
  unitsPlaced(skuIds: string[], from: number, to: number): Promise<Map<string, number>>;

  // Timed jobs: where each got to, so a run that missed ticks catches up.
  /** When the job last completed, or null if never. */
  getJobRun(name: string): Promise<number | null>;
  /** Record a completed run; never moves the mark backwards. */
  recordJobRun(name: string, at: number): Promise<void>;

  close(): Promise<void>;
}
