import Database from 'better-sqlite3';
import type { Alert, AlertResolution, Delivery } from '../../domain/alerts';
import type { PullHealth } from '../../domain/pull';
import type { Stocktake, StocktakeStatus } from '../../domain/stocktake';
import type { WebhookEvent } from '../../domain/webhook';
import type {
  BufferChange, HeldReport, HeldStatus, InventoryRecord, LedgerEntry, Order, OrderLine, PeopleLogEntry, RemediationTask, Report, Session, Settings, SettingsChange,
  PartnerKey, SettingsSaved, SettingsVersion, Sku, Supplier, User, Wave, WaveStatus,
} from '../../domain/model';
import { planReservation } from '../../domain/order';
import { heldUnits } from '../../domain/sellable';
import { UNSAVED_SETTINGS, withDefaults } from '../../domain/settings';
import { afterRelease, afterShortage } from '../../domain/stock-moves';
import type {
  DueWave, FlagState, HeldResolution, KeptReport, LineChange, LineChangeOutcome, OrderLineQuery, RefreshWrite, ReportProgress, ReportWrite,
  ReserveOutcome, SettleReport, StockStore, WaveConfirmation,
} from '../port';
import { MIGRATIONS } from './schema';
import { GroupWriter } from './writer';
import { SqliteLeaderAliases } from './sqlite-leader-aliases';
import { SqliteListings } from './sqlite-listings';
import { SqliteListingPushes } from './sqlite-listing-pushes';
import type { ListingPushEntry } from '../../domain/listing-push';
import type { ListingEntry } from '../../domain/listings';
import { SqliteColumnMappings } from './sqlite-column-mappings';
import type { ColumnMapping } from '../../domain/column-mapping';
import type { LeaderAlias } from '../../domain/model';

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  filename: string;
  /**
   * FULL (default) makes every acknowledged reservation survive a power cut;
   * NORMAL is faster and still never corrupts the file under WAL.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

type Row = { doc: string } & Record<string, unknown>;

const parse = <T>(row: Row | undefined): T | null => (row ? (JSON.parse(row.doc) as T) : null);
const parseAll = <T>(rows: unknown[]): T[] => (rows as Row[]).map((r) => JSON.parse(r.doc) as T);
const ids = (values: readonly string[]): string => JSON.stringify(values);

/** The columns beside an inventory doc; sellable, committed and version are authoritative there. */
function inventoryFromRow(row: Row): InventoryRecord {
  const record = JSON.parse(row.doc) as InventoryRecord;
  return { ...record, sellable: row.sellable as number, committed: row.committed as number, version: row.version as number };
}

const START: ReportProgress = { next: 0, deferred: [] };

export class SqliteStore implements StockStore {
  /** A reservation is one synchronous transaction: its lines exist the moment it answers. */
  readonly settleMs = 0;
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly cache = new Map<string, { v: number; value: unknown }>();
  /** Orders, order numbers and line changes commit together when they arrive together. */
  readonly writer: GroupWriter;

  constructor(options: SqliteOptions) {
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.writer = new GroupWriter(this.db);
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /** Prepared once per SQL text: preparing on every call costs more than the write itself. */
  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * What `load` read, kept until the table's version changes (triggers bump it on every
   * write, from any connection): one point read per call instead of the table. The
   * version is read before the load, so a write landing between them only makes the next
   * call load again. Kept values are frozen: callers share them.
   */
  async availabilityVersion(): Promise<string> {
    const row = this.stmt(`SELECT group_concat(name || ':' || v, ' ') AS v FROM (SELECT name, v FROM cache_versions
      WHERE name IN ('skus', 'inventory', 'suppliers', 'settings', 'pull_health') ORDER BY name)`).get() as { v: string };
    return row.v;
  }

  private cached<T>(name: 'suppliers' | 'settings', load: () => T): T {
    const v = (this.stmt('SELECT v FROM cache_versions WHERE name = ?').get(name) as { v: number } | undefined)?.v;
    const hit = this.cache.get(name);
    if (v !== undefined && hit?.v === v) return hit.value as T;
    const value = deepFreeze(load());
    if (v !== undefined) this.cache.set(name, { v, value });
    return value;
  }

  private one<T>(sql: string, ...params: unknown[]): T | null {
    return parse<T>(this.stmt(sql).get(...params) as Row | undefined);
  }

  private all<T>(sql: string, ...params: unknown[]): T[] {
    return parseAll<T>(this.stmt(sql).all(...params));
  }

  // ---- people

  async upsertUsers(users: User[]): Promise<void> {
    const put = this.stmt('INSERT OR REPLACE INTO users (id, openid, invite_code, doc) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => users.forEach((u) => put.run(u.id, u.openid ?? null, u.inviteCode, JSON.stringify(u))))();
  }

  async getUser(id: string): Promise<User | null> {
    return this.one<User>('SELECT doc FROM users WHERE id = ?', id);
  }

  async listUsers(): Promise<User[]> {
    return this.all<User>('SELECT doc FROM users ORDER BY id');
  }

  async findUserByOpenid(openid: string): Promise<User | null> {
    return this.one<User>('SELECT doc FROM users WHERE openid = ?', openid);
  }

  async findUserByInviteCode(code: string): Promise<User | null> {
    return this.one<User>('SELECT doc FROM users WHERE invite_code = ?', code);
  }

  async bindOpenid(userId: string, openid: string): Promise<boolean> {
    return this.db.transaction(() => {
      const holder = this.stmt('SELECT id FROM users WHERE openid = ?').get(openid) as { id: string } | undefined;
      if (holder && holder.id !== userId) return false;
      const user = this.one<User>('SELECT doc FROM users WHERE id = ?', userId);
      if (!user) return false;
      this.stmt('UPDATE users SET openid = ?, doc = ? WHERE id = ?').run(openid, JSON.stringify({ ...user, openid }), userId);
      return true;
    })();
  }

  // The `token` column holds the token's hash since migration 6.
  async createSession(session: Session): Promise<void> {
    this.stmt('INSERT INTO sessions (token, user_id, created_at, last_used_at, device) VALUES (?, ?, ?, ?, ?)')
      .run(session.tokenHash, session.userId, session.createdAt, session.lastUsedAt, session.device ?? null);
  }

  async findSession(tokenHash: string): Promise<Session | null> {
    const r = this.stmt('SELECT * FROM sessions WHERE token = ?').get(tokenHash) as Record<string, unknown> | undefined;
    return r ? sessionFromRow(r) : null;
  }

  async touchSession(tokenHash: string, at: number): Promise<void> {
    this.stmt('UPDATE sessions SET last_used_at = MAX(last_used_at, ?) WHERE token = ?').run(at, tokenHash);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.stmt('DELETE FROM sessions WHERE token = ?').run(tokenHash);
  }

  async listSessions(userId: string): Promise<Session[]> {
    return (this.stmt('SELECT * FROM sessions WHERE user_id = ? ORDER BY last_used_at DESC, token').all(userId) as Array<Record<string, unknown>>).map(sessionFromRow);
  }

  async deleteSessions(userId: string): Promise<number> {
    return this.stmt('DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
  }

  async addPeopleLog(entries: PeopleLogEntry[]): Promise<void> {
    const put = this.stmt('INSERT OR IGNORE INTO people_log (id, user_id, at, doc) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => entries.forEach((e) => put.run(e.id, e.userId, e.at, JSON.stringify(e))))();
  }

  async addBufferChanges(changes: BufferChange[]): Promise<void> {
    const put = this.stmt('INSERT OR IGNORE INTO buffer_changes (id, supplier_id, at, doc) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const c of changes) put.run(c.id, c.supplierId, c.at, JSON.stringify(c));
    })();
  }

  async listBufferChanges(filter: { supplierId?: string }, limit: number): Promise<BufferChange[]> {
    return this.all<BufferChange>('SELECT doc FROM buffer_changes WHERE (@supplierId IS NULL OR supplier_id = @supplierId) ORDER BY at DESC, seq DESC LIMIT @limit',
      { supplierId: filter.supplierId ?? null, limit });
  }

  private columnMappingRows?: SqliteColumnMappings;

  async addColumnMapping(mapping: ColumnMapping): Promise<void> {
    this.columnMappingRows ??= new SqliteColumnMappings(this.db);
    this.columnMappingRows.add(mapping);
  }

  async latestColumnMapping(supplierId: string, headerKey: string): Promise<ColumnMapping | null> {
    this.columnMappingRows ??= new SqliteColumnMappings(this.db);
    return this.columnMappingRows.latest(supplierId, headerKey);
  }

  private listingRows?: SqliteListings;

  async addListingEntry(entry: ListingEntry): Promise<boolean> {
    this.listingRows ??= new SqliteListings(this.db);
    return this.listingRows.add(entry);
  }

  async listListingEntries(filter: { leaderId?: string; skuId?: string; listingId?: string }): Promise<ListingEntry[]> {
    this.listingRows ??= new SqliteListings(this.db);
    return this.listingRows.list(filter);
  }

  private listingPushRows?: SqliteListingPushes;

  async addListingPush(entry: ListingPushEntry): Promise<boolean> {
    this.listingPushRows ??= new SqliteListingPushes(this.db);
    return this.listingPushRows.add(entry);
  }

  async listListingPushes(listingIds: readonly string[]): Promise<ListingPushEntry[]> {
    this.listingPushRows ??= new SqliteListingPushes(this.db);
    return this.listingPushRows.list(listingIds);
  }

  private leaderAliasRows?: SqliteLeaderAliases;

  async addLeaderAlias(entry: LeaderAlias): Promise<boolean> {
    this.leaderAliasRows ??= new SqliteLeaderAliases(this.db);
    return this.leaderAliasRows.add(entry);
  }

  async listLeaderAliases(filter: { leaderId?: string }): Promise<LeaderAlias[]> {
    this.leaderAliasRows ??= new SqliteLeaderAliases(this.db);
    return this.leaderAliasRows.list(filter);
  }

  async listPeopleLog(userId: string, limit: number): Promise<PeopleLogEntry[]> {
    return this.all<PeopleLogEntry>('SELECT doc FROM people_log WHERE user_id = ? ORDER BY at DESC, seq DESC LIMIT ?', userId, limit);
  }

  // ---- catalogue and settings

  async upsertSuppliers(suppliers: Supplier[]): Promise<void> {
    const put = this.stmt('INSERT OR REPLACE INTO suppliers (id, doc) VALUES (?, ?)');
    this.db.transaction(() => suppliers.forEach((s) => put.run(s.id, JSON.stringify(s))))();
  }

  async createSupplier(supplier: Supplier): Promise<boolean> {
    return this.stmt('INSERT OR IGNORE INTO suppliers (id, doc) VALUES (?, ?)').run(supplier.id, JSON.stringify(supplier)).changes === 1;
  }

  async getSupplier(id: string): Promise<Supplier | null> {
    return this.one<Supplier>('SELECT doc FROM suppliers WHERE id = ?', id);
  }

  async listSuppliers(): Promise<Supplier[]> {
    return [...this.cached('suppliers', () => this.all<Supplier>('SELECT doc FROM suppliers ORDER BY id'))];
  }

  async upsertSkus(skus: Sku[]): Promise<void> {
    const put = this.stmt('INSERT OR REPLACE INTO skus (id, supplier_id, doc) VALUES (?, ?, ?)');
    this.db.transaction(() => skus.forEach((s) => put.run(s.id, s.supplierId, JSON.stringify(s))))();
  }

  async createSku(sku: Sku): Promise<boolean> {
    return this.stmt('INSERT OR IGNORE INTO skus (id, supplier_id, doc) VALUES (?, ?, ?)').run(sku.id, sku.supplierId, JSON.stringify(sku)).changes === 1;
  }

  async listSkus(filter: { supplierId?: string } = {}): Promise<Sku[]> {
    return filter.supplierId === undefined
      ? this.all<Sku>('SELECT doc FROM skus ORDER BY id')
      : this.all<Sku>('SELECT doc FROM skus WHERE supplier_id = ? ORDER BY id', filter.supplierId);
  }

  async getSkus(skuIds: string[]): Promise<Sku[]> {
    if (skuIds.length === 0) return [];
    return this.all<Sku>('SELECT doc FROM skus WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id', ids(skuIds));
  }

  async getSettings(): Promise<Settings> {
    return (await this.currentSettings()).settings;
  }

  async currentSettings(): Promise<SettingsVersion> {
    return this.cached('settings', () => {
      const row = this.stmt('SELECT * FROM settings_history ORDER BY version DESC LIMIT 1').get() as Row | undefined;
      // A copy: the kept value is frozen, the shared defaults must not be.
      return row ? settingsVersionFromRow(row) : JSON.parse(JSON.stringify(UNSAVED_SETTINGS)) as typeof UNSAVED_SETTINGS;
    });
  }

  async saveSettings(settings: Settings, change: SettingsChange = { by: 'system', at: 0 }): Promise<SettingsSaved> {
    // One transaction: the version read and the next one written cannot interleave with another save.
    return this.db.transaction((): SettingsSaved => {
      const latest = (this.stmt('SELECT MAX(version) AS v FROM settings_history').get() as { v: number | null }).v ?? 0;
      if (change.expectedVersion !== undefined && change.expectedVersion !== latest) {
        // Nothing saved yet: what is current is the defaults (version 0), not a row.
        const row = this.stmt('SELECT * FROM settings_history WHERE version = ?').get(latest) as Row | undefined;
        return { saved: false, current: row ? settingsVersionFromRow(row) : UNSAVED_SETTINGS };
      }
      this.stmt('INSERT INTO settings_history (version, by, at, doc) VALUES (?, ?, ?, ?)').run(latest + 1, change.by, change.at, JSON.stringify(settings));
      return { saved: true, version: latest + 1 };
    })();
  }

  async listSettingsHistory(limit: number): Promise<SettingsVersion[]> {
    return (this.stmt('SELECT * FROM settings_history ORDER BY version DESC LIMIT ?').all(limit) as Row[]).map(settingsVersionFromRow);
  }

  // ---- stock

  async listInventory(skuIds?: string[]): Promise<InventoryRecord[]> {
    const rows = skuIds === undefined
      ? this.stmt('SELECT * FROM inventory ORDER BY sku_id').all()
      : this.stmt('SELECT * FROM inventory WHERE sku_id IN (SELECT value FROM json_each(?)) ORDER BY sku_id').all(ids(skuIds));
    return (rows as Row[]).map(inventoryFromRow);
  }

  async listOrderLines(query: OrderLineQuery): Promise<OrderLine[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (query.skuIds !== undefined) add('sku_id IN (SELECT value FROM json_each(?))', ids(query.skuIds));
    if (query.heldSince !== undefined) add('holds_stock = 1 AND (shipped_at IS NULL OR shipped_at >= ?)', query.heldSince);
    if (query.placedSince !== undefined) add('placed_at >= ?', query.placedSince);
    if (query.waveId !== undefined) add('wave_id = ?', query.waveId);
    if (query.leaderId !== undefined) add('leader_id = ?', query.leaderId);
    if (query.day !== undefined) add('day = ?', query.day);
    if (query.status !== undefined) add('status IN (SELECT value FROM json_each(?))', JSON.stringify(query.status));
    if (query.cutoffBefore !== undefined) add('cutoff_at <= ?', query.cutoffBefore);
    if (where.length === 0) throw new Error('listOrderLines needs at least one condition');
    return this.all<OrderLine>(`SELECT doc FROM order_lines WHERE ${where.join(' AND ')} ORDER BY placed_at, id`, ...params);
  }

  async saveReport(report: Report): Promise<boolean> {
    return this.stmt('INSERT OR IGNORE INTO reports (id, supplier_id, reported_at, doc, progress) VALUES (?, ?, ?, ?, ?)')
      .run(report.id, report.supplierId, report.reportedAt, JSON.stringify(report), JSON.stringify(START)).changes === 1;
  }

  async getReport(id: string): Promise<KeptReport | null> {
    const row = this.stmt('SELECT doc, progress, finished_at FROM reports WHERE id = ?').get(id) as Row | undefined;
    return row ? keptFromRow(row) : null;
  }

  async commitReportLines(reportId: string, writes: ReportWrite[]): Promise<string[]> {
    return this.db.transaction(() => {
      const conflicted: string[] = [];
      for (const w of writes) {
        if (this.stmt('SELECT 1 FROM ledger WHERE id = ?').get(w.ledger.id)) continue;
        if (this.versionOf(w.record.skuId) !== w.expectedVersion) {
          conflicted.push(w.record.skuId);
          continue;
        }
        this.putRecord(w.record);
        this.insertLedger([w.ledger]);
      }
      return conflicted;
    })();
  }

  async saveReportProgress(reportId: string, progress: ReportProgress): Promise<void> {
    this.stmt('UPDATE reports SET progress = ?, finished_at = ? WHERE id = ?').run(JSON.stringify(progress), progress.finishedAt ?? null, reportId);
  }

  async listUnfinishedReports(limit: number): Promise<KeptReport[]> {
    return (this.stmt('SELECT doc, progress, finished_at FROM reports WHERE finished_at IS NULL ORDER BY reported_at, id LIMIT ?').all(limit) as Row[])
      .map(keptFromRow);
  }

  async listReports(supplierId: string, limit: number): Promise<Report[]> {
    return this.all<Report>('SELECT doc FROM reports WHERE supplier_id = ? ORDER BY reported_at DESC, id DESC LIMIT ?', supplierId, limit);
  }

  async commitRefresh(writes: RefreshWrite[]): Promise<string[]> {
    return this.db.transaction(() => {
      const conflicted: string[] = [];
      for (const w of writes) {
        if (this.versionOf(w.record.skuId) !== w.expectedVersion) {
          conflicted.push(w.record.skuId);
          continue;
        }
        this.putRecord(w.record);
        if (w.ledger) this.insertLedger([w.ledger]);
      }
      return conflicted;
    })();
  }

  async holdReport(held: HeldReport): Promise<void> {
    this.stmt('INSERT INTO held_reports (id, supplier_id, status, held_at, doc) VALUES (?, ?, ?, ?, ?)')
      .run(held.id, held.supplierId, held.status, held.heldAt, JSON.stringify(held));
  }

  async getHeldReport(id: string): Promise<HeldReport | null> {
    return this.one<HeldReport>('SELECT doc FROM held_reports WHERE id = ?', id);
  }

  async getHeldReports(heldIds: string[]): Promise<HeldReport[]> {
    return this.all<HeldReport>('SELECT doc FROM held_reports WHERE id IN (SELECT value FROM json_each(?))', ids(heldIds));
  }

  async listHeldReports(filter: { supplierId?: string; status?: HeldStatus }): Promise<HeldReport[]> {
    return this.all<HeldReport>(`SELECT doc FROM held_reports
      WHERE (@supplierId IS NULL OR supplier_id = @supplierId) AND (@status IS NULL OR status = @status)
      ORDER BY held_at DESC, id DESC`, { supplierId: filter.supplierId ?? null, status: filter.status ?? null });
  }

  async resolveHeldReport(id: string, resolution: HeldResolution): Promise<boolean> {
    return this.db.transaction(() => {
      const held = this.one<HeldReport>("SELECT doc FROM held_reports WHERE id = ? AND status = 'held'", id);
      if (!held) return false;
      const resolved: HeldReport = { ...held, status: resolution.status, resolvedBy: resolution.by, resolvedAt: resolution.at };
      this.stmt('UPDATE held_reports SET status = ?, doc = ? WHERE id = ?').run(resolution.status, JSON.stringify(resolved), id);
      return true;
    })();
  }

  async reserve(order: Order, totals: ReadonlyMap<string, number>, ledger: LedgerEntry[], rations: ReadonlyMap<string, number> = new Map()): Promise<ReserveOutcome> {
    // better-sqlite3 runs the whole transaction synchronously: no other caller can
    // interleave between the read and the conditional writes below. Grouped with the
    // other writes of this turn into one commit (writer.ts), each in its own savepoint.
    return this.writer.write((): ReserveOutcome => {
      const existing = this.readOrder(order.id);
      if (existing) return { kind: 'duplicate', order: existing };
      const records = new Map((this.stmt('SELECT * FROM inventory WHERE sku_id IN (SELECT value FROM json_each(?))')
        .all(ids([...totals.keys()])) as Row[]).map((r) => [r.sku_id as string, inventoryFromRow(r)]));
      const plan = planReservation(totals, records);
      if (!plan.ok) {
        // Kept, so a retry of the same submit answers the same refusal (it holds no lines).
        this.insertOrder({ ...order, status: 'refused', lines: [], short: plan.short });
        return { kind: 'short', short: plan.short };
      }
      const overRation = [...rations].filter(([skuId, ration]) => {
        const day = order.lines.find((l) => l.skuId === skuId)?.day;
        return day !== undefined && this.heldBy(order.leaderId, skuId, day) + (totals.get(skuId) ?? 0) > ration;
      }).map(([skuId]) => skuId);
      if (overRation.length > 0) return { kind: 'rationed', skuIds: overRation };
      const take = this.stmt(`UPDATE inventory SET sellable = sellable - @qty, committed = committed + @qty, version = version + 1
        WHERE sku_id = @skuId AND sellable >= @qty`);
      for (const [skuId, qty] of totals) {
        if (take.run({ skuId, qty }).changes !== 1) throw new Error(`reservation invariant broken for ${skuId}`);
      }
      this.insertOrder(order);
      for (const l of order.lines) this.countHeld(order.leaderId, l.skuId, l.day, l.qty);
      this.insertLedger(ledger);
      return { kind: 'placed', order };
    });
  }

  async claimOrderNumber(leaderId: string, day: string): Promise<number> {
    // One statement: SQLite writes one at a time, so no two callers read the same count.
    return this.writer.write(() => (this.stmt(`INSERT INTO order_numbers (leader_id, day, last) VALUES (?, ?, 1)
      ON CONFLICT (leader_id, day) DO UPDATE SET last = last + 1 RETURNING last`).get(leaderId, day) as { last: number }).last);
  }

  async rationHeld(leaderId: string, day: string, skuIds: string[]): Promise<Map<string, number>> {
    return new Map(skuIds.map((skuId) => [skuId, this.heldBy(leaderId, skuId, day)]));
  }

  /** Nothing to settle: a reservation here never stops half-way. */
  async settleOrders(): Promise<SettleReport> {
    return { placed: 0, abandoned: 0 };
  }

  async recordRefusal(order: Order): Promise<Order> {
    return this.db.transaction(() => {
      const existing = this.readOrder(order.id);
      if (existing) return existing;
      this.insertOrder(order);
      return order;
    })();
  }

  async getOrder(id: string): Promise<Order | null> {
    return this.readOrder(id);
  }

  async getOrderLines(lineIds: string[]): Promise<OrderLine[]> {
    return this.all<OrderLine>('SELECT doc FROM order_lines WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id', ids(lineIds));
  }

  async changeLine(change: LineChange): Promise<LineChangeOutcome> {
    return this.writer.write((): LineChangeOutcome => {
      const line = this.one<OrderLine>('SELECT doc FROM order_lines WHERE id = ?', change.lineId);
      if (!line || line.status !== 'placed' || line.qty !== change.expectedQty) return { kind: 'gone' };
      const record = this.readRecord(line.skuId);
      const delta = change.newQty - line.qty;
      if (delta > 0 && (record?.sellable ?? 0) < delta) return { kind: 'short', sellable: record?.sellable ?? 0 };
      if (delta > 0 && change.ration !== undefined) {
        const held = this.heldBy(line.leaderId, line.skuId, line.day);
        if (held + delta > change.ration) return { kind: 'rationed', left: Math.max(0, change.ration - held) };
      }
      if (record && delta !== 0) {
        this.putRecord(delta > 0
          ? { ...record, sellable: record.sellable - delta, committed: record.committed + delta, version: record.version + 1 }
          : afterRelease(record, -delta));
      }
      const changed: OrderLine = change.newQty === 0
        ? { ...line, status: 'cancelled', cancelledAt: change.at }
        : { ...line, qty: change.newQty };
      this.putLine(changed);
      this.countHeld(line.leaderId, line.skuId, line.day, delta);
      this.insertLedger([change.ledger]);
      return { kind: 'changed', line: changed };
    });
  }

  // ---- waves

  async listDueWaves(cutoffBefore: number): Promise<DueWave[]> {
    // The supplier from one line of each wave, not by parsing every due line's document.
    return (this.stmt(`SELECT g.wave_id, (SELECT json_extract(doc, '$.supplierId') FROM order_lines INDEXED BY order_lines_by_wave WHERE wave_id = g.wave_id LIMIT 1) AS supplier_id,
      g.day, g.cutoff_at FROM (SELECT wave_id, day, MIN(cutoff_at) AS cutoff_at FROM order_lines
      WHERE status = 'placed' AND cutoff_at <= ? GROUP BY wave_id) AS g ORDER BY g.wave_id`).all(cutoffBefore) as Array<Record<string, unknown>>)
      .map((r) => ({ waveId: String(r.wave_id), supplierId: String(r.supplier_id), day: String(r.day), cutoffAt: Number(r.cutoff_at) }));
  }

  async closeWave(wave: Wave): Promise<{ wave: Wave; forwarded: number }> {
    return this.db.transaction(() => this.closeWaveNow(wave))();
  }

  async closeWaves(waves: Wave[]): Promise<Array<{ wave: Wave; forwarded: number }>> {
    // The lines of a day's waves lie interleaved on the same pages: closed one commit
    // each, every page is written once per wave. In one transaction, with a page cache
    // that holds them, each is written once.
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma('cache_size = -262144');
    try {
      return this.db.transaction(() => (this.dueShareIsLarge(waves) ? this.closeWavesByScan(waves) : waves.map((w) => this.closeWaveNow(w))))();
    } finally {
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
  }

  /**
   * Whether the lines these waves forward are a third or more of all lines: then one walk
   * over the table in row order (measured 11 µs a row, every row) costs less than
   * visiting them through the wave's index (about 29 µs a due line, on a shared 2-core machine).
   */
  private dueShareIsLarge(waves: Wave[]): boolean {
    if (waves.length < 2) return false;
    const latest = Math.max(...waves.map((w) => w.closedAt));
    const due = (this.stmt("SELECT COUNT(*) AS n FROM order_lines WHERE status = 'placed' AND cutoff_at <= ?").get(latest) as { n: number }).n;
    const rows = (this.stmt('SELECT COALESCE(MAX(rowid) - MIN(rowid) + 1, 0) AS n FROM order_lines').get() as { n: number }).n;
    return due * 3 >= rows;
  }

  /** closeWaveNow for many waves, with their lines forwarded in one walk over the table. */
  private closeWavesByScan(waves: Wave[]): Array<{ wave: Wave; forwarded: number }> {
    const putWave = this.stmt('INSERT OR IGNORE INTO waves (id, supplier_id, day, status, doc) VALUES (?, ?, ?, ?, ?)');
    const stored = waves.map((w) => {
      putWave.run(w.id, w.supplierId, w.day, w.status, JSON.stringify(w));
      return this.one<Wave>('SELECT doc FROM waves WHERE id = ?', w.id)!;
    });
    this.db.exec('CREATE TEMP TABLE IF NOT EXISTS closing_waves (wave_id TEXT PRIMARY KEY, closed_at INTEGER NOT NULL) WITHOUT ROWID; DELETE FROM temp.closing_waves;');
    const closing = this.stmt('INSERT OR REPLACE INTO temp.closing_waves (wave_id, closed_at) VALUES (?, ?)');
    // A confirmed wave takes no more lines: only the ones still closed are forwarded into.
    waves.forEach((w, i) => { if (stored[i]!.status === 'closed') closing.run(w.id, w.closedAt); });
    const moved = this.stmt(`UPDATE order_lines NOT INDEXED
      SET status = 'forwarded', doc = json_set(doc, '$.status', 'forwarded', '$.forwardedAt', c.closed_at)
      FROM temp.closing_waves AS c
      WHERE order_lines.wave_id = c.wave_id AND order_lines.status = 'placed' AND order_lines.cutoff_at <= c.closed_at
      RETURNING order_lines.wave_id`).raw().all() as Array<[string]>;
    this.db.exec('DELETE FROM temp.closing_waves');
    const forwarded = new Map<string, number>();
    for (const [waveId] of moved) forwarded.set(waveId, (forwarded.get(waveId) ?? 0) + 1);
    return waves.map((w, i) => ({ wave: stored[i]!, forwarded: stored[i]!.status === 'closed' ? forwarded.get(w.id) ?? 0 : 0 }));
  }

  private closeWaveNow(wave: Wave): { wave: Wave; forwarded: number } {
    this.stmt('INSERT OR IGNORE INTO waves (id, supplier_id, day, status, doc) VALUES (?, ?, ?, ?, ?)')
      .run(wave.id, wave.supplierId, wave.day, wave.status, JSON.stringify(wave));
    const stored = this.one<Wave>('SELECT doc FROM waves WHERE id = ?', wave.id)!;
    // A confirmed wave takes no more lines: its pick list has been answered.
    if (stored.status !== 'closed') return { wave: stored, forwarded: 0 };
    // One set-based update: each line's document is edited in place by SQLite, not read
    // into JavaScript and written back. A forwarded line holds what it held when placed.
    // By the wave's index: left to itself the planner takes (status, cutoff_at) and walks
    // every placed line of every wave, once per wave.
    const forwarded = this.stmt(`UPDATE order_lines INDEXED BY order_lines_by_wave
      SET status = 'forwarded', doc = json_set(doc, '$.status', 'forwarded', '$.forwardedAt', @at)
      WHERE wave_id = @waveId AND status = 'placed' AND cutoff_at <= @at`).run({ waveId: wave.id, at: wave.closedAt }).changes;
    return { wave: stored, forwarded };
  }

  async getWave(id: string): Promise<Wave | null> {
    return this.one<Wave>('SELECT doc FROM waves WHERE id = ?', id);
  }

  async listWaves(filter: { supplierId?: string; status?: WaveStatus; day?: string }): Promise<Wave[]> {
    return this.all<Wave>(`SELECT doc FROM waves
      WHERE (@supplierId IS NULL OR supplier_id = @supplierId) AND (@status IS NULL OR status = @status) AND (@day IS NULL OR day = @day)
      ORDER BY day DESC, id`, { supplierId: filter.supplierId ?? null, status: filter.status ?? null, day: filter.day ?? null });
  }

  async escalateWave(id: string, at: number): Promise<boolean> {
    return this.db.transaction(() => {
      const wave = this.one<Wave>("SELECT doc FROM waves WHERE id = ? AND status = 'closed'", id);
      if (!wave || wave.escalatedAt !== undefined) return false;
      this.putWave({ ...wave, escalatedAt: at });
      return true;
    })();
  }

  async confirmWave(c: WaveConfirmation): Promise<boolean> {
    return this.db.transaction(() => {
      const wave = this.one<Wave>("SELECT doc FROM waves WHERE id = ? AND status = 'closed'", c.waveId);
      if (!wave) return false;
      const lines = this.all<OrderLine>("SELECT doc FROM order_lines WHERE wave_id = ? AND status = 'forwarded'", c.waveId);
      for (const line of lines) {
        const shortQty = c.shortByLine[line.id] ?? 0;
        this.putLine({ ...line, shortQty, status: shortQty > 0 ? 'short' : 'confirmed', confirmedAt: c.at });
      }
      for (const entry of c.ledger) {
        const record = this.readRecord(entry.skuId);
        if (record) this.putRecord(afterShortage(record, entry.qty));
      }
      this.insertLedger(c.ledger);
      this.putWave({ ...wave, status: 'confirmed', confirmedAt: c.at, confirmedBy: c.by, confirmedOnBehalf: c.onBehalf, shipQty: c.shipQty, shortBySku: c.shortBySku });
      return true;
    })();
  }

  async shipWave(waveId: string, at: number): Promise<boolean> {
    return this.db.transaction(() => {
      const wave = this.one<Wave>("SELECT doc FROM waves WHERE id = ? AND status = 'confirmed'", waveId);
      if (!wave) return false;
      const lines = this.all<OrderLine>("SELECT doc FROM order_lines WHERE wave_id = ? AND status IN ('confirmed', 'short')", waveId);
      for (const line of lines) {
        if (heldUnits(line) > 0) this.putLine({ ...line, status: 'shipped', shippedAt: at });
      }
      this.putWave({ ...wave, status: 'shipped', shippedAt: at });
      return true;
    })();
  }

  // ---- remediation

  async createTasks(tasks: RemediationTask[]): Promise<void> {
    const put = this.stmt('INSERT OR IGNORE INTO tasks (id, leader_id, status, opened_at, doc) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => tasks.forEach((t) => put.run(t.id, t.leaderId, t.status, t.openedAt, JSON.stringify(t))))();
  }

  async getTask(id: string): Promise<RemediationTask | null> {
    return this.one<RemediationTask>('SELECT doc FROM tasks WHERE id = ?', id);
  }

  async listTasks(filter: { leaderId?: string; status?: RemediationTask['status']; waveIds?: string[] }): Promise<RemediationTask[]> {
    return this.all<RemediationTask>(`SELECT doc FROM tasks
      WHERE (@leaderId IS NULL OR leader_id = @leaderId) AND (@status IS NULL OR status = @status)
        AND (@waveIds IS NULL OR json_extract(doc, '$.waveId') IN (SELECT value FROM json_each(@waveIds))) ORDER BY opened_at, id`,
    { leaderId: filter.leaderId ?? null, status: filter.status ?? null, waveIds: filter.waveIds ? ids(filter.waveIds) : null });
  }

  async updateTask(id: string, expectedStatus: RemediationTask['status'], patch: Partial<RemediationTask>): Promise<boolean> {
    return this.db.transaction(() => {
      const task = this.one<RemediationTask>('SELECT doc FROM tasks WHERE id = ? AND status = ?', id, expectedStatus);
      if (!task) return false;
      const next = { ...task, ...patch, id };
      this.stmt('UPDATE tasks SET status = ?, doc = ? WHERE id = ?').run(next.status, JSON.stringify(next), id);
      return true;
    })();
  }

  // ---- alerts

  async addAlerts(alerts: Alert[]): Promise<Alert[]> {
    const put = this.stmt('INSERT OR IGNORE INTO alerts (id, user_id, at, doc) VALUES (?, ?, ?, ?)');
    return this.db.transaction(() => alerts.filter((a) => put.run(a.id, a.userId, a.at, JSON.stringify(a)).changes === 1))();
  }

  async listAlerts(userId: string, limit: number): Promise<Alert[]> {
    return this.all<Alert>('SELECT doc FROM alerts WHERE user_id = ? ORDER BY at DESC, seq DESC LIMIT ?', userId, limit);
  }

  async markAlertsRead(userId: string, alertIds: string[], at: number): Promise<void> {
    this.db.transaction(() => {
      for (const alert of this.all<Alert>('SELECT doc FROM alerts WHERE user_id = ? AND id IN (SELECT value FROM json_each(?))', userId, ids(alertIds))) {
        if (alert.readAt === undefined) this.stmt('UPDATE alerts SET doc = ? WHERE id = ?').run(JSON.stringify({ ...alert, readAt: at }), alert.id);
      }
    })();
  }

  async addAlertResolutions(resolutions: AlertResolution[]): Promise<void> {
    const put = this.stmt('INSERT OR IGNORE INTO alert_resolutions (event, at, doc) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const r of resolutions) put.run(r.event, r.at, JSON.stringify(r));
    })();
  }

  async listAlertResolutions(events: string[]): Promise<AlertResolution[]> {
    return this.all<AlertResolution>('SELECT doc FROM alert_resolutions WHERE event IN (SELECT value FROM json_each(?))', ids(events));
  }

  async recordDelivery(alertId: string, delivery: Delivery): Promise<void> {
    this.db.transaction(() => {
      const alert = this.one<Alert>('SELECT doc FROM alerts WHERE id = ?', alertId);
      if (alert) this.stmt('UPDATE alerts SET doc = ? WHERE id = ?').run(JSON.stringify({ ...alert, deliveries: [...alert.deliveries, delivery] }), alertId);
    })();
  }

  async addConsents(userId: string, templateId: string, count: number): Promise<number> {
    this.stmt(`INSERT INTO consents (user_id, template_id, remaining) VALUES (?, ?, ?)
      ON CONFLICT (user_id, template_id) DO UPDATE SET remaining = remaining + excluded.remaining`).run(userId, templateId, count);
    return (this.stmt('SELECT remaining FROM consents WHERE user_id = ? AND template_id = ?').get(userId, templateId) as { remaining: number }).remaining;
  }

  async takeConsent(userId: string, templateId: string): Promise<boolean> {
    return this.stmt('UPDATE consents SET remaining = remaining - 1 WHERE user_id = ? AND template_id = ? AND remaining >= 1').run(userId, templateId).changes === 1;
  }

  async clearConsents(userId: string, templateId: string): Promise<void> {
    this.stmt('UPDATE consents SET remaining = 0 WHERE user_id = ? AND template_id = ?').run(userId, templateId);
  }

  async listConsents(userId: string): Promise<Array<{ templateId: string; remaining: number }>> {
    return (this.stmt('SELECT template_id, remaining FROM consents WHERE user_id = ? ORDER BY template_id').all(userId) as Array<{ template_id: string; remaining: number }>)
      .map((r) => ({ templateId: r.template_id, remaining: r.remaining }));
  }

  // ---- partner keys

  async savePartnerKey(key: PartnerKey): Promise<void> {
    this.stmt('INSERT OR REPLACE INTO partner_keys (id, supplier_id, created_at, doc) VALUES (?, ?, ?, ?)').run(key.id, key.supplierId, key.createdAt, JSON.stringify(key));
  }

  async getPartnerKey(id: string): Promise<PartnerKey | null> {
    return this.one<PartnerKey>('SELECT doc FROM partner_keys WHERE id = ?', id);
  }

  async listPartnerKeys(supplierId: string): Promise<PartnerKey[]> {
    return this.all<PartnerKey>('SELECT doc FROM partner_keys WHERE supplier_id = ? ORDER BY created_at, id', supplierId);
  }

  // ---- pull health

  async savePullHealth(health: PullHealth): Promise<void> {
    this.stmt('INSERT OR REPLACE INTO pull_health (supplier_id, doc) VALUES (?, ?)').run(health.supplierId, JSON.stringify(health));
  }

  async listPullHealth(): Promise<PullHealth[]> {
    return this.all<PullHealth>('SELECT doc FROM pull_health ORDER BY supplier_id');
  }

  // ---- webhook deliveries

  async addWebhookEvents(events: WebhookEvent[]): Promise<void> {
    const add = this.stmt('INSERT OR IGNORE INTO webhook_events (id, supplier_id, created_at, status, attempts, next_attempt_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => events.forEach((e) => add.run(e.id, e.supplierId, e.createdAt, e.status, e.attempts, e.nextAttemptAt, JSON.stringify(e))))();
  }

  async addStocktake(st: Stocktake): Promise<boolean> {
    return this.stmt('INSERT OR IGNORE INTO stocktakes (id, supplier_id, status, opened_at, version, doc) VALUES (?, ?, ?, ?, ?, ?)')
      .run(st.id, st.supplierId, st.status, st.openedAt, st.version, JSON.stringify(st)).changes === 1;
  }

  async getStocktake(id: string): Promise<Stocktake | null> {
    return this.one<Stocktake>('SELECT doc FROM stocktakes WHERE id = ?', id);
  }

  async saveStocktake(st: Stocktake, expectedVersion: number): Promise<boolean> {
    return this.stmt('UPDATE stocktakes SET status = ?, version = ?, doc = ? WHERE id = ? AND version = ?')
      .run(st.status, st.version, JSON.stringify(st), st.id, expectedVersion).changes === 1;
  }

  async listStocktakes(query: { supplierId?: string; status?: StocktakeStatus[] }, limit: number): Promise<Stocktake[]> {
    return this.all<Stocktake>(
      `SELECT doc FROM stocktakes WHERE (? IS NULL OR supplier_id = ?) AND (? IS NULL OR status IN (SELECT value FROM json_each(?)))
       ORDER BY opened_at DESC, id DESC LIMIT ?`,
      query.supplierId ?? null, query.supplierId ?? null, query.status ? 1 : null, ids(query.status ?? []), limit,
    );
  }

  async spendNonce(id: string, at: number): Promise<boolean> {
    return this.stmt('INSERT OR IGNORE INTO partner_nonces (id, seen_at) VALUES (?, ?)').run(id, at).changes === 1;
  }

  async forgetNonces(before: number): Promise<number> {
    return this.stmt('DELETE FROM partner_nonces WHERE seen_at < ?').run(before).changes;
  }

  async knownWebhookEvents(eventIds: string[]): Promise<Set<string>> {
    const rows = this.stmt('SELECT id FROM webhook_events WHERE id IN (SELECT value FROM json_each(?))').all(ids(eventIds)) as Array<{ id: string }>;
    return new Set(rows.map((r) => r.id));
  }

  async getWebhookEvent(id: string): Promise<WebhookEvent | null> {
    return this.one<WebhookEvent>('SELECT doc FROM webhook_events WHERE id = ?', id);
  }

  async listDueWebhookEvents(now: number, limit: number): Promise<WebhookEvent[]> {
    return this.all<WebhookEvent>("SELECT doc FROM webhook_events WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?", now, limit);
  }

  async listWebhookEvents(supplierId: string, limit: number): Promise<WebhookEvent[]> {
    return this.all<WebhookEvent>('SELECT doc FROM webhook_events WHERE supplier_id = ? ORDER BY created_at DESC, id DESC LIMIT ?', supplierId, limit);
  }

  async saveWebhookEvent(event: WebhookEvent, expected: Pick<WebhookEvent, 'attempts' | 'status'>): Promise<boolean> {
    return this.stmt('UPDATE webhook_events SET status = ?, attempts = ?, next_attempt_at = ?, doc = ? WHERE id = ? AND attempts = ? AND status = ?')
      .run(event.status, event.attempts, event.nextAttemptAt, JSON.stringify(event), event.id, expected.attempts, expected.status).changes === 1;
  }

  async getFlag(id: string): Promise<FlagState | null> {
    return this.one<FlagState>('SELECT doc FROM flags WHERE id = ?', id);
  }

  async setFlag(id: string, expected: FlagState | null, next: FlagState): Promise<boolean> {
    return this.db.transaction(() => {
      const current = this.one<FlagState>('SELECT doc FROM flags WHERE id = ?', id);
      const same = current === null ? expected === null : expected !== null && current.on === expected.on && current.cycle === expected.cycle;
      if (!same) return false;
      this.stmt('INSERT OR REPLACE INTO flags (id, doc) VALUES (?, ?)').run(id, JSON.stringify(next));
      return true;
    })();
  }

  async listLedger(skuId: string, since?: number): Promise<LedgerEntry[]> {
    return this.all<LedgerEntry>('SELECT doc FROM ledger WHERE sku_id = ? AND at >= ? ORDER BY seq', skuId, since ?? Number.MIN_SAFE_INTEGER);
  }

  async listLedgerSince(skuIds: string[], since: number, limit: number): Promise<LedgerEntry[]> {
    return this.all<LedgerEntry>('SELECT doc FROM ledger WHERE sku_id IN (SELECT value FROM json_each(?)) AND at >= ? ORDER BY at, id LIMIT ?', ids(skuIds), since, limit);
  }

  async unitsPlaced(skuIds: string[], from: number, to: number): Promise<Map<string, number>> {
    const rows = this.stmt(`SELECT sku_id, SUM(MAX(0, json_extract(doc, '$.qty') - json_extract(doc, '$.shortQty'))) AS units FROM order_lines
      WHERE sku_id IN (SELECT value FROM json_each(?)) AND placed_at >= ? AND placed_at <= ? AND status != 'cancelled' GROUP BY sku_id`)
      .all(ids(skuIds), from, to) as Array<{ sku_id: string; units: number }>;
    return new Map(rows.map((r) => [r.sku_id, r.units]));
  }

  async getJobRun(name: string): Promise<number | null> {
    return (this.stmt('SELECT at FROM job_runs WHERE name = ?').get(name) as { at: number } | undefined)?.at ?? null;
  }

  async recordJobRun(name: string, at: number): Promise<void> {
    this.stmt('INSERT INTO job_runs (name, at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET at = MAX(at, excluded.at)').run(name, at);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // ---- helpers (run inside the callers' transactions)

  private versionOf(skuId: string): number {
    return (this.stmt('SELECT version FROM inventory WHERE sku_id = ?').get(skuId) as { version: number } | undefined)?.version ?? 0;
  }

  /** Units of the leader's lines of a SKU for a business day: one row of the counter, however many lines the leader has. */
  private heldBy(leaderId: string, skuId: string, day: string): number {
    return (this.stmt('SELECT held FROM ration_counts WHERE leader_id = ? AND sku_id = ? AND day = ?').get(leaderId, skuId, day) as { held: number } | undefined)?.held ?? 0;
  }

  /** Moves the leader's counter for the SKU and day by `delta` units (inside the caller's transaction). */
  private countHeld(leaderId: string, skuId: string, day: string, delta: number): void {
    if (delta === 0) return;
    this.stmt(`INSERT INTO ration_counts (leader_id, sku_id, day, held) VALUES (@leaderId, @skuId, @day, MAX(0, @delta))
      ON CONFLICT (leader_id, sku_id, day) DO UPDATE SET held = MAX(0, held + @delta)`).run({ leaderId, skuId, day, delta });
  }

  private readRecord(skuId: string): InventoryRecord | null {
    const row = this.stmt('SELECT * FROM inventory WHERE sku_id = ?').get(skuId) as Row | undefined;
    return row ? inventoryFromRow(row) : null;
  }

  private putLine(line: OrderLine): void {
    this.stmt(`UPDATE order_lines SET status = ?, shipped_at = ?, holds_stock = ?, doc = ? WHERE id = ?`)
      .run(line.status, line.shippedAt ?? null, heldUnits(line) > 0 ? 1 : 0, JSON.stringify(line), line.id);
  }

  private putWave(wave: Wave): void {
    this.stmt('UPDATE waves SET status = ?, doc = ? WHERE id = ?').run(wave.status, JSON.stringify(wave), wave.id);
  }

  private putRecord(record: InventoryRecord): void {
    this.stmt('INSERT OR REPLACE INTO inventory (sku_id, sellable, committed, version, doc) VALUES (?, ?, ?, ?, ?)')
      .run(record.skuId, record.sellable, record.committed, record.version, JSON.stringify(record));
  }

  private readOrder(id: string): Order | null {
    const head = this.one<Omit<Order, 'lines'>>('SELECT doc FROM orders WHERE id = ?', id);
    if (!head) return null;
    return { ...head, lines: this.all<OrderLine>('SELECT doc FROM order_lines WHERE order_id = ? ORDER BY id', id) };
  }

  private insertOrder(order: Order): void {
    const { lines, ...head } = order;
    this.stmt('INSERT INTO orders (id, leader_id, status, placed_at, doc) VALUES (?, ?, ?, ?, ?)')
      .run(order.id, order.leaderId, order.status, order.placedAt, JSON.stringify(head));
    const put = this.stmt(`INSERT INTO order_lines
      (id, order_id, sku_id, status, placed_at, shipped_at, holds_stock, leader_id, day, wave_id, cutoff_at, doc)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const l of lines) {
      put.run(l.id, l.orderId, l.skuId, l.status, l.placedAt, l.shippedAt ?? null, heldUnits(l) > 0 ? 1 : 0, l.leaderId, l.day, l.waveId, l.cutoffAt, JSON.stringify(l));
    }
  }

  private insertLedger(entries: LedgerEntry[]): void {
    const put = this.stmt('INSERT INTO ledger (id, sku_id, at, doc) VALUES (?, ?, ?, ?)');
    for (const e of entries) put.run(e.id, e.skuId, e.at, JSON.stringify(e));
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function sessionFromRow(r: Record<string, unknown>): Session {
  return {
    tokenHash: String(r.token), userId: String(r.user_id), createdAt: Number(r.created_at), lastUsedAt: Number(r.last_used_at),
    ...(typeof r.device === 'string' ? { device: r.device } : {}),
  };
}

/** Reports from before reports were kept first have no progress: they were applied whole. */
function keptFromRow(row: Row): KeptReport {
  const report = JSON.parse(row.doc) as Report;
  const progress: ReportProgress = row.progress ? JSON.parse(String(row.progress)) as ReportProgress : { next: report.lines.length, deferred: [] };
  return { report, progress: row.finished_at === null || row.finished_at === undefined ? progress : { ...progress, finishedAt: Number(row.finished_at) } };
}

/** Settings saved by an older release lack newer fields: those read back as their defaults. */
function settingsVersionFromRow(row: Row): SettingsVersion {
  return { version: Number(row.version), by: String(row.by), at: Number(row.at), settings: withDefaults(JSON.parse(String(row.doc)) as Partial<Settings>) };
}
