// The cloud database adapter (WeChat cloud / CloudBase document database through
// wx-server-sdk). It passes the same contract as the SQLite adapter
// (test/storage/contract.ts), run against a local endpoint that speaks the SDK's
// wire protocol and fails like the service (test/cloud-endpoint).
//
// There is no multi-document atomicity outside transactions, transactions allow only
// doc() and add() (wx-server-sdk sends where().update() inside one without the
// transaction id) and must commit within 30 s, and a function may be stopped between
// any two calls. So every operation that writes more than one document is a
// resumable sequence whose first write records the intent, and every single write
// means the same when repeated:
// - orders (cloud-orders.ts): the order document is the intent; takes are conditional
//   decrements carrying a marker; whoever meets an unfinished order finishes or undoes it;
// - counts (cloud-counts.ts): a report is kept first and applied SKU by SKU in small
//   transactions; the refresh job writes each SKU on its own;
// - waves and remediation tasks (cloud-waves.ts): a confirmation is kept on the wave
//   document and finished by whoever meets it;
// - alerts, subscription consents and flags (cloud-alerts.ts): one document per
//   operation, conditional updates and adds under a known _id;
// - order display numbers (cloud-order-numbers.ts): a counter per leader and day, moved by
//   conditional writes from the value seen.
// Plumbing shared by these files is in cloud-access.ts; helpers and the slice of the
// SDK used here in cloud-sdk.ts.
import type { Alert, AlertResolution, Delivery } from '../../domain/alerts';
import type { PullHealth } from '../../domain/pull';
import type { Stocktake, StocktakeStatus } from '../../domain/stocktake';
import type { WebhookEvent } from '../../domain/webhook';
import type {
  BufferChange, HeldReport, HeldStatus, InventoryRecord, LedgerEntry, Order, OrderLine, PeopleLogEntry, RemediationTask, Report, Session, Settings, SettingsChange,
  PartnerKey, SettingsSaved, SettingsVersion, Sku, Supplier, User, Wave, WaveStatus,
} from '../../domain/model';
import { heldUnits } from '../../domain/sellable';
import { UNSAVED_SETTINGS, withDefaults } from '../../domain/settings';
import type {
  DueWave, FlagState, HeldResolution, KeptReport, LineChange, LineChangeOutcome, OrderLineQuery, RefreshWrite, ReportProgress, ReportWrite,
  ReserveOutcome, SettleReport, StockStore, WaveConfirmation,
} from '../port';
import { inParallel } from '../../runtime/parallel';
import { CloudAccess, type CloudOptions, IN_CHUNK, PAGE } from './cloud-access';
import { CloudAlerts } from './cloud-alerts';
import { CloudCounts } from './cloud-counts';
import { CloudOrders, type OrderOptions } from './cloud-orders';
import { CloudOrderNumbers } from './cloud-order-numbers';
import {
  type CloudDatabase, type Doc, DEAD_AFTER_MS, type WxDatabase, byString, chunks, newestFirst, plain,
} from './cloud-sdk';
import { CloudWaves } from './cloud-waves';
import { CloudLeaderAliases } from './cloud-leader-aliases';
import { CloudListings } from './cloud-listings';
import { CloudListingPushes } from './cloud-listing-pushes';
import type { ListingPushEntry } from '../../domain/listing-push';
import type { ListingEntry } from '../../domain/listings';
import { CloudColumnMappings } from './cloud-column-mappings';
import type { ColumnMapping } from '../../domain/column-mapping';
import type { LeaderAlias } from '../../domain/model';

export { COLLECTIONS } from './cloud-access';
export type { CloudDatabase, WxDatabase } from './cloud-sdk';

// ---- tuning

const SETTINGS_SAVE_ATTEMPTS = 5;

/** Sorted by placement time, then line id (how order lines list). */
const byPlacement = (a: OrderLine, b: OrderLine): number => a.placedAt - b.placedAt || byString<OrderLine>((l) => l.id)(a, b);

export type CloudStoreOptions = CloudOptions & OrderOptions;

export class CloudStore extends CloudAccess implements StockStore {
  /** A placement may still be landing, or be found dead and settled, this long after it began. */
  readonly settleMs = DEAD_AFTER_MS;
  private readonly waves: CloudWaves;
  private readonly alerts: CloudAlerts;
  private readonly orders: CloudOrders;
  private readonly counts: CloudCounts;
  private readonly numbers: CloudOrderNumbers;

  constructor(db: WxDatabase | CloudDatabase, options: CloudStoreOptions = {}) {
    super(db, options);
    this.waves = new CloudWaves(this);
    this.alerts = new CloudAlerts(this);
    this.orders = new CloudOrders(this, options);
    this.counts = new CloudCounts(this, this.orders, this.waves);
    this.numbers = new CloudOrderNumbers(this);
  }

  // ---- people

  async upsertUsers(users: User[]): Promise<void> {
    await this.putAll('users', users);
  }

  async getUser(id: string): Promise<User | null> {
    return this.byId<User>('users', id);
  }

  async listUsers(): Promise<User[]> {
    return (await this.readAll('users')).map((d) => plain<User>(d)).sort(byString((u) => u.id));
  }

  async findUserByOpenid(openid: string): Promise<User | null> {
    return this.first<User>('users', { openid });
  }

  async findUserByInviteCode(code: string): Promise<User | null> {
    return this.first<User>('users', { inviteCode: code });
  }

  async bindOpenid(userId: string, openid: string): Promise<boolean> {
    const user = await this.getUser(userId);
    if (!user) return false;
    const holder = await this.findUserByOpenid(openid);
    if (holder && holder.id !== userId) return false;
    // No unique index on users.openid (users without one would collide on null): a claim
    // document whose _id is the OPENID makes the first binder win between concurrent binds.
    if (!(await this.insertOnce('openid_claims', openid, { userId }))) {
      const claim = await this.rawById('openid_claims', openid);
      if (claim?.userId !== userId) return false;
    }
    await this.run(() => this.col('users').doc(userId).update({ data: { openid } }));
    if (user.openid && user.openid !== openid) {
      // Release the OPENID this user held before, only if the claim is still this user's.
      await this.run(() => this.col('openid_claims').where({ _id: user.openid!, userId }).remove());
    }
    return true;
  }

  async createSession(session: Session): Promise<void> {
    await this.run(() => this.col('sessions').add({ data: { ...session, _id: session.tokenHash } }));
  }

  async findSession(tokenHash: string): Promise<Session | null> {
    return this.byId<Session>('sessions', tokenHash);
  }

  async touchSession(tokenHash: string, at: number): Promise<void> {
    await this.retry(() => this.col('sessions').where({ _id: tokenHash, lastUsedAt: this._.lt(at) }).update({ data: { lastUsedAt: at } }));
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.retry(() => this.col('sessions').where({ _id: tokenHash }).remove());
  }

  async listSessions(userId: string): Promise<Session[]> {
    return (await this.readAll('sessions', { userId })).map((d) => plain<Session>(d))
      .sort((a, b) => b.lastUsedAt - a.lastUsedAt || byString<Session>((x) => x.tokenHash)(a, b));
  }

  async deleteSessions(userId: string): Promise<number> {
    const { stats } = await this.retry(() => this.col('sessions').where({ userId }).remove());
    return stats.removed;
  }

  async addPeopleLog(entries: PeopleLogEntry[]): Promise<void> {
    await this.insertAll('people_log', entries);
  }

  async addBufferChanges(changes: BufferChange[]): Promise<void> {
    await this.insertAll('buffer_changes', changes);
  }

  async listBufferChanges(filter: { supplierId?: string }, limit: number): Promise<BufferChange[]> {
    const where = filter.supplierId ? { supplierId: filter.supplierId } : {};
    const { data } = await this.retry(() => this.col('buffer_changes').where(where).orderBy('at', 'desc').orderBy('_id', 'desc').limit(Math.min(limit, PAGE)).get());
    return data.map((d) => plain<BufferChange>(d));
  }

  private columnMappingDocs?: CloudColumnMappings;

  async addColumnMapping(mapping: ColumnMapping): Promise<void> {
    this.columnMappingDocs ??= new CloudColumnMappings(this);
    await this.columnMappingDocs.add(mapping);
  }

  async latestColumnMapping(supplierId: string, headerKey: string): Promise<ColumnMapping | null> {
    this.columnMappingDocs ??= new CloudColumnMappings(this);
    return this.columnMappingDocs.latest(supplierId, headerKey);
  }

  private listingDocs?: CloudListings;

  async addListingEntry(entry: ListingEntry): Promise<boolean> {
    this.listingDocs ??= new CloudListings(this);
    return this.listingDocs.add(entry);
  }

  async listListingEntries(filter: { leaderId?: string; skuId?: string; listingId?: string }): Promise<ListingEntry[]> {
    this.listingDocs ??= new CloudListings(this);
    return this.listingDocs.list(filter);
  }

  private listingPushDocs?: CloudListingPushes;

  async addListingPush(entry: ListingPushEntry): Promise<boolean> {
    this.listingPushDocs ??= new CloudListingPushes(this);
    return this.listingPushDocs.add(entry);
  }

  async listListingPushes(listingIds: readonly string[]): Promise<ListingPushEntry[]> {
    this.listingPushDocs ??= new CloudListingPushes(this);
    return this.listingPushDocs.list(listingIds);
  }

  private leaderAliasDocs?: CloudLeaderAliases;

  async addLeaderAlias(entry: LeaderAlias): Promise<boolean> {
    this.leaderAliasDocs ??= new CloudLeaderAliases(this);
    return this.leaderAliasDocs.add(entry);
  }

  async listLeaderAliases(filter: { leaderId?: string }): Promise<LeaderAlias[]> {
    this.leaderAliasDocs ??= new CloudLeaderAliases(this);
    return this.leaderAliasDocs.list(filter);
  }

  async listPeopleLog(userId: string, limit: number): Promise<PeopleLogEntry[]> {
    const { data } = await this.retry(() => this.col('people_log').where({ userId }).orderBy('at', 'desc').orderBy('_id', 'desc').limit(Math.min(limit, PAGE)).get());
    return data.map((d) => plain<PeopleLogEntry>(d));
  }

  // ---- catalogue and settings

  async upsertSuppliers(suppliers: Supplier[]): Promise<void> {
    await this.putAll('suppliers', suppliers);
  }

  async getSupplier(id: string): Promise<Supplier | null> {
    return this.byId<Supplier>('suppliers', id);
  }

  async listSuppliers(): Promise<Supplier[]> {
    return (await this.readAll('suppliers')).map((d) => plain<Supplier>(d)).sort(byString((s) => s.id));
  }

  async createSupplier(supplier: Supplier): Promise<boolean> {
    return this.insertOnce('suppliers', supplier.id, supplier);
  }

  async upsertSkus(skus: Sku[]): Promise<void> {
    await this.putAll('skus', skus);
  }

  async createSku(sku: Sku): Promise<boolean> {
    return this.insertOnce('skus', sku.id, sku);
  }

  async listSkus(filter: { supplierId?: string } = {}): Promise<Sku[]> {
    const condition = filter.supplierId === undefined ? {} : { supplierId: filter.supplierId };
    return (await this.readAll('skus', condition)).map((d) => plain<Sku>(d)).sort(byString((s) => s.id));
  }

  async getSkus(ids: string[]): Promise<Sku[]> {
    return (await this.readByIds('skus', ids)).map((d) => plain<Sku>(d)).sort(byString((s) => s.id));
  }

  async getSettings(): Promise<Settings> {
    return (await this.currentSettings()).settings;
  }

  async currentSettings(): Promise<SettingsVersion> {
    const [newest] = await this.listSettingsHistory(1);
    if (newest) return newest;
    // Saved in place by a release before the history: that is version 0's content.
    const legacy = await this.byId<Partial<Settings>>('settings', 'global');
    return legacy ? { ...UNSAVED_SETTINGS, settings: withDefaults(legacy) } : UNSAVED_SETTINGS;
  }

  /**
   * The next version's _id is the lock: two saves from the same version both try to add
   * it, and the service lets one. Without an expected version, a loser tries the next.
   */
  async saveSettings(settings: Settings, change: SettingsChange = { by: 'system', at: 0 }): Promise<SettingsSaved> {
    for (let attempt = 0; attempt < SETTINGS_SAVE_ATTEMPTS; attempt++) {
      const current = await this.currentSettings();
      if (change.expectedVersion !== undefined && change.expectedVersion !== current.version) return { saved: false, current };
      const version = current.version + 1;
      if (await this.insertOnce('settings_history', settingsVersionId(version), { version, by: change.by, at: change.at, settings })) return { saved: true, version };
      if (change.expectedVersion !== undefined) return { saved: false, current: await this.currentSettings() };
    }
    throw new Error('settings: too many concurrent saves');
  }

  async listSettingsHistory(limit: number): Promise<SettingsVersion[]> {
    const { data } = await this.run(() => this.col('settings_history').orderBy('_id', 'desc').limit(limit).get());
    return data.map((d) => {
      const v = plain<SettingsVersion>(d);
      return { ...v, settings: withDefaults(v.settings) };
    });
  }

  // ---- stock

  /**
   * The records without what the adapter keeps beside them (reservation markers, the
   * per-leader rations of each day, which grow with every leader ordering): left out
   * by the read itself, so availability's read of every record carries only the records.
   */
  async listInventory(skuIds?: string[]): Promise<InventoryRecord[]> {
    const fields = { omit: INVENTORY_HIDDEN };
    const docs = skuIds === undefined ? await this.readAll('inventory', {}, fields) : await this.readByIds('inventory', skuIds, fields);
    return docs.map((d) => plain<InventoryRecord>(d, INVENTORY_HIDDEN)).sort(byString((r) => r.skuId));
  }

  async listOrderLines(query: OrderLineQuery): Promise<OrderLine[]> {
    const { skuIds, heldSince, placedSince, waveId, leaderId, day, status, cutoffBefore } = query;
    const condition: Doc = {};
    if (waveId !== undefined) condition.waveId = waveId;
    if (leaderId !== undefined) condition.leaderId = leaderId;
    if (day !== undefined) condition.day = day;
    if (cutoffBefore !== undefined) condition.cutoffAt = this._.lte(cutoffBefore);
    if (placedSince !== undefined) condition.placedAt = this._.gte(placedSince);
    if (heldSince !== undefined) {
      // Never shipped (no field, or null), or shipped at or after heldSince. The only
      // field-level or() here: the SDK hoists it to a top-level $or, and would merge two.
      condition.shippedAt = this._.or(this._.exists(false), this._.eq(null), this._.gte(heldSince));
    }
    // A cancelled line never held stock: with heldSince, one status condition says both.
    const statuses = status === undefined ? undefined : status.filter((s) => heldSince === undefined || s !== 'cancelled');
    if (statuses !== undefined) condition.status = this._.in([...new Set(statuses)]);
    else if (heldSince !== undefined) condition.status = this._.neq('cancelled');
    if (skuIds === undefined && Object.keys(condition).length === 0) throw new Error('listOrderLines needs at least one condition');
    if (statuses?.length === 0) return [];

    const docs = skuIds === undefined
      ? await this.readAll('order_lines', condition)
      : (await Promise.all(chunks([...new Set(skuIds)], IN_CHUNK).map((chunk) =>
        this.readAll('order_lines', { ...condition, skuId: this._.in(chunk) })))).flat();
    const heldThen = (l: OrderLine): boolean =>
      heldUnits(l) > 0 && (l.shippedAt === undefined || l.shippedAt === null || l.shippedAt >= heldSince!);
    return docs
      .map((d) => plain<OrderLine>(d))
      // shortQty < qty compares two fields, which a plain query cannot express: filter here.
      .filter((l) => heldSince === undefined || heldThen(l))
      .sort(byPlacement);
  }

  async getOrderLines(ids: string[]): Promise<OrderLine[]> {
    return (await this.readByIds('order_lines', ids)).map((d) => plain<OrderLine>(d)).sort(byString((l) => l.id));
  }

  saveReport(report: Report): Promise<boolean> {
    return this.counts.saveReport(report);
  }

  getReport(id: string): Promise<KeptReport | null> {
    return this.counts.getReport(id);
  }

  commitReportLines(reportId: string, writes: ReportWrite[]): Promise<string[]> {
    return this.counts.commitReportLines(reportId, writes);
  }

  saveReportProgress(reportId: string, progress: ReportProgress): Promise<void> {
    return this.counts.saveReportProgress(reportId, progress);
  }

  listUnfinishedReports(limit: number): Promise<KeptReport[]> {
    return this.counts.listUnfinishedReports(limit);
  }

  /** Newest first: reportedAt descending, then id descending. */
  async listReports(supplierId: string, limit: number): Promise<Report[]> {
    const out: Doc[] = [];
    while (out.length < limit) {
      const want = Math.min(PAGE, limit - out.length);
      const { data } = await this.run(() => this.col('reports').where({ supplierId })
        .orderBy('reportedAt', 'desc').orderBy('_id', 'desc').skip(out.length).limit(want).get());
      out.push(...data);
      if (data.length < want) break;
    }
    return out.map((d) => plain<Report>(d, ['progress', 'finishedAt']));
  }

  commitRefresh(writes: RefreshWrite[]): Promise<string[]> {
    return this.counts.commitRefresh(writes);
  }

  // ---- held reports

  async holdReport(held: HeldReport): Promise<void> {
    if (!(await this.insertOnce('held_reports', held.id, held))) throw new Error(`held report ${held.id} already exists`);
  }

  async getHeldReport(id: string): Promise<HeldReport | null> {
    return this.byId<HeldReport>('held_reports', id);
  }

  async getHeldReports(ids: string[]): Promise<HeldReport[]> {
    return (await this.readByIds('held_reports', ids)).map((d) => plain<HeldReport>(d));
  }

  /** Newest first: heldAt descending, then id descending. Held reports are few: sorted here. */
  async listHeldReports(filter: { supplierId?: string; status?: HeldStatus }): Promise<HeldReport[]> {
    const condition: Doc = {};
    if (filter.supplierId !== undefined) condition.supplierId = filter.supplierId;
    if (filter.status !== undefined) condition.status = filter.status;
    return (await this.readAll('held_reports', condition))
      .map((d) => plain<HeldReport>(d))
      .sort(newestFirst((h) => h.heldAt, (h) => h.id));
  }

  /** One conditional update: of two resolutions racing, exactly one finds the report still held. */
  async resolveHeldReport(id: string, resolution: HeldResolution): Promise<boolean> {
    const { stats } = await this.run(() => this.col('held_reports').where({ _id: id, status: 'held' }).update({
      data: { status: resolution.status, resolvedBy: resolution.by, resolvedAt: resolution.at },
    }));
    return stats.updated === 1;
  }

  // ---- orders (cloud-orders.ts)

  reserve(order: Order, totals: ReadonlyMap<string, number>, ledger: LedgerEntry[], rations?: ReadonlyMap<string, number>): Promise<ReserveOutcome> {
    return this.orders.reserve(order, totals, ledger, rations);
  }

  claimOrderNumber(leaderId: string, day: string): Promise<number> {
    return this.numbers.claim(leaderId, day);
  }

  rationHeld(leaderId: string, day: string, skuIds: string[]): Promise<Map<string, number>> {
    return this.orders.rationHeld(leaderId, day, skuIds);
  }

  settleOrders(): Promise<SettleReport> {
    return this.orders.settleOrders();
  }

  recordRefusal(order: Order): Promise<Order> {
    return this.orders.recordRefusal(order);
  }

  getOrder(id: string): Promise<Order | null> {
    return this.orders.getOrder(id);
  }

  changeLine(change: LineChange): Promise<LineChangeOutcome> {
    return this.orders.changeLine(change);
  }

  // ---- waves and remediation (cloud-waves.ts)

  listDueWaves(cutoffBefore: number): Promise<DueWave[]> {
    return this.waves.listDueWaves(cutoffBefore);
  }

  closeWave(wave: Wave): Promise<{ wave: Wave; forwarded: number }> {
    return this.waves.closeWave(wave);
  }

  /** One after another: each wave's lines move in one multi-document update already. */
  async closeWaves(waves: Wave[]): Promise<Array<{ wave: Wave; forwarded: number }>> {
    const out: Array<{ wave: Wave; forwarded: number }> = [];
    for (const wave of waves) out.push(await this.waves.closeWave(wave));
    return out;
  }

  getWave(id: string): Promise<Wave | null> {
    return this.waves.getWave(id);
  }

  listWaves(filter: { supplierId?: string; status?: WaveStatus; day?: string }): Promise<Wave[]> {
    return this.waves.listWaves(filter);
  }

  escalateWave(id: string, at: number): Promise<boolean> {
    return this.waves.escalateWave(id, at);
  }

  confirmWave(confirmation: WaveConfirmation): Promise<boolean> {
    return this.waves.confirmWave(confirmation);
  }

  shipWave(waveId: string, at: number): Promise<boolean> {
    return this.waves.shipWave(waveId, at);
  }

  createTasks(tasks: RemediationTask[]): Promise<void> {
    return this.waves.createTasks(tasks);
  }

  getTask(id: string): Promise<RemediationTask | null> {
    return this.waves.getTask(id);
  }

  listTasks(filter: { leaderId?: string; status?: RemediationTask['status'] }): Promise<RemediationTask[]> {
    return this.waves.listTasks(filter);
  }

  updateTask(id: string, expectedStatus: RemediationTask['status'], patch: Partial<RemediationTask>): Promise<boolean> {
    return this.waves.updateTask(id, expectedStatus, patch);
  }

  // ---- alerts, consents and flags (cloud-alerts.ts)

  addAlerts(alerts: Alert[]): Promise<Alert[]> {
    return this.alerts.addAlerts(alerts);
  }

  listAlerts(userId: string, limit: number): Promise<Alert[]> {
    return this.alerts.listAlerts(userId, limit);
  }

  markAlertsRead(userId: string, ids: string[], at: number): Promise<void> {
    return this.alerts.markAlertsRead(userId, ids, at);
  }

  recordDelivery(alertId: string, delivery: Delivery): Promise<void> {
    return this.alerts.recordDelivery(alertId, delivery);
  }

  addAlertResolutions(resolutions: AlertResolution[]): Promise<void> {
    return this.alerts.addAlertResolutions(resolutions);
  }

  listAlertResolutions(events: string[]): Promise<AlertResolution[]> {
    return this.alerts.listAlertResolutions(events);
  }

  addConsents(userId: string, templateId: string, count: number): Promise<number> {
    return this.alerts.addConsents(userId, templateId, count);
  }

  takeConsent(userId: string, templateId: string): Promise<boolean> {
    return this.alerts.takeConsent(userId, templateId);
  }

  clearConsents(userId: string, templateId: string): Promise<void> {
    return this.alerts.clearConsents(userId, templateId);
  }

  listConsents(userId: string): Promise<Array<{ templateId: string; remaining: number }>> {
    return this.alerts.listConsents(userId);
  }

  // ---- partner keys: one document per key under its id

  async savePartnerKey(key: PartnerKey): Promise<void> {
    await this.putAll('partner_keys', [key]);
  }

  getPartnerKey(id: string): Promise<PartnerKey | null> {
    return this.byId<PartnerKey>('partner_keys', id);
  }

  async listPartnerKeys(supplierId: string): Promise<PartnerKey[]> {
    const keys = (await this.readAll('partner_keys', { supplierId })).map((d) => plain<PartnerKey>(d));
    return keys.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  // ---- pull health: one document per supplier under its id

  async savePullHealth(health: PullHealth): Promise<void> {
    await this.putAll('pull_health', [{ id: health.supplierId, ...health }]);
  }

  async listPullHealth(): Promise<PullHealth[]> {
    return (await this.readAll('pull_health')).map((d) => {
      const { id: _id, ...health } = plain<PullHealth & { id: string }>(d);
      return health;
    }).sort(byString((h) => h.supplierId));
  }

  // ---- webhook deliveries: one document per event under its id, moved by conditional updates

  async addWebhookEvents(events: WebhookEvent[]): Promise<void> {
    await this.insertAll('webhook_events', events);
  }

  addStocktake(st: Stocktake): Promise<boolean> {
    return this.retry(() => this.insertOnce('stocktakes', st.id, st));
  }

  getStocktake(id: string): Promise<Stocktake | null> {
    return this.byId<Stocktake>('stocktakes', id);
  }

  async saveStocktake(st: Stocktake, expectedVersion: number): Promise<boolean> {
    const { id, ...fields } = st;
    // An update merges: a signature withdrawn (reasons changed after it) must be removed, not left behind.
    const withdrawn = Object.fromEntries((['confirmedAt', 'confirmedBy'] as const).filter((k) => st[k] === undefined).map((k) => [k, this._.remove()]));
    const { stats } = await this.run(() => this.col('stocktakes').where({ _id: id, version: expectedVersion }).update({ data: { ...fields, ...withdrawn } }));
    return stats.updated === 1;
  }

  async listStocktakes(query: { supplierId?: string; status?: StocktakeStatus[] }, limit: number): Promise<Stocktake[]> {
    const condition: Doc = {};
    if (query.supplierId !== undefined) condition.supplierId = query.supplierId;
    if (query.status !== undefined) condition.status = this._.in(query.status);
    const { data } = await this.retry(() => this.col('stocktakes').where(condition).orderBy('openedAt', 'desc').orderBy('_id', 'desc').limit(Math.min(limit, PAGE)).get());
    return data.map((d) => plain<Stocktake>(d));
  }

  spendNonce(id: string, at: number): Promise<boolean> {
    return this.retry(() => this.insertOnce('partner_nonces', id, { seenAt: at }));
  }

  async forgetNonces(before: number): Promise<number> {
    const { stats } = await this.retry(() => this.col('partner_nonces').where({ seenAt: this._.lt(before) }).remove());
    return stats.removed;
  }

  async knownWebhookEvents(ids: string[]): Promise<Set<string>> {
    const found = await Promise.all(chunks([...new Set(ids)], IN_CHUNK).map((chunk) => this.readAll('webhook_events', { _id: this._.in(chunk) })));
    return new Set(found.flat().map((d) => plain<WebhookEvent>(d).id));
  }

  getWebhookEvent(id: string): Promise<WebhookEvent | null> {
    return this.byId<WebhookEvent>('webhook_events', id);
  }

  async listDueWebhookEvents(now: number, limit: number): Promise<WebhookEvent[]> {
    const due = (await this.readAll('webhook_events', { status: 'pending', nextAttemptAt: this._.lte(now) })).map((d) => plain<WebhookEvent>(d));
    return due.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || byString<WebhookEvent>((e) => e.id)(a, b)).slice(0, limit);
  }

  async listWebhookEvents(supplierId: string, limit: number): Promise<WebhookEvent[]> {
    const events = (await this.readAll('webhook_events', { supplierId })).map((d) => plain<WebhookEvent>(d));
    return events.sort(newestFirst((e) => e.createdAt, (e) => e.id)).slice(0, limit);
  }

  async saveWebhookEvent(event: WebhookEvent, expected: Pick<WebhookEvent, 'attempts' | 'status'>): Promise<boolean> {
    const { id, ...fields } = event;
    const { stats } = await this.run(() => this.col('webhook_events').where({ _id: id, attempts: expected.attempts, status: expected.status }).update({ data: fields }));
    return stats.updated === 1;
  }

  getFlag(id: string): Promise<FlagState | null> {
    return this.alerts.getFlag(id);
  }

  setFlag(id: string, expected: FlagState | null, next: FlagState): Promise<boolean> {
    return this.alerts.setFlag(id, expected, next);
  }

  /** Oldest first (by time, then id); from `since` when given. */
  async listLedger(skuId: string, since?: number): Promise<LedgerEntry[]> {
    const condition: Doc = since === undefined ? { skuId } : { skuId, at: this._.gte(since) };
    return (await this.readAll('ledger', condition))
      .map((d) => plain<LedgerEntry>(d))
      .sort((a, b) => a.at - b.at || byString<LedgerEntry>((e) => e.id)(a, b));
  }

  async listLedgerSince(skuIds: string[], since: number, limit: number): Promise<LedgerEntry[]> {
    const pages = await Promise.all(chunks([...new Set(skuIds)], IN_CHUNK).map(async (chunk) => {
      const { data } = await this.retry(() => this.col('ledger').where({ skuId: this._.in(chunk), at: this._.gte(since) })
        .orderBy('at', 'asc').orderBy('_id', 'asc').limit(Math.min(limit, PAGE)).get());
      return data.map((d) => plain<LedgerEntry>(d));
    }));
    return pages.flat().sort((a, b) => a.at - b.at || byString<LedgerEntry>((e) => e.id)(a, b)).slice(0, limit);
  }

  /** Totalled by the service (a week of lines is more than a call may read): placed units per SKU, short ones left out. */
  async unitsPlaced(skuIds: string[], from: number, to: number): Promise<Map<string, number>> {
    const _ = this._;
    const totals = new Map<string, number>();
    await inParallel(chunks([...new Set(skuIds)], IN_CHUNK), 4, async (chunk) => {
      const groups = await this.aggregateAll('order_lines', (p) => p
        .match({ skuId: _.in(chunk), placedAt: _.and(_.gte(from), _.lte(to)), status: _.neq('cancelled') })
        .group({ _id: '$skuId', units: { $sum: { $max: [0, { $subtract: ['$qty', '$shortQty'] }] } } }));
      for (const g of groups) totals.set(String(g._id), Number(g.units));
    });
    return totals;
  }

  async getJobRun(name: string): Promise<number | null> {
    return ((await this.rawById('job_runs', name))?.at as number | undefined) ?? null;
  }

  /** Moves the mark only forwards: a slow run finishing after a later one leaves the later mark. */
  async recordJobRun(name: string, at: number): Promise<void> {
    if (await this.insertOnce('job_runs', name, { at })) return;
    await this.retry(() => this.col('job_runs').where({ _id: name, at: this._.lt(at) }).update({ data: { at } }));
  }

  async close(): Promise<void> {
    // The SDK holds no connection of its own to close.
  }
}

/** Fields an inventory document carries beside the record (cloud-orders.ts): never read back as the record. */
const INVENTORY_HIDDEN = ['pending', 'rations'] as const;

/** Zero-padded, so the _id order is the version order. */
const settingsVersionId = (version: number): string => `v${String(version).padStart(10, '0')}`;
