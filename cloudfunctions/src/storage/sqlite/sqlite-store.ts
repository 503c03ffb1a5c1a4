import Database from 'better-sqlite3';
import type {
  InventoryRecord, LedgerEntry, Order, OrderLine, Report, Session, Settings, Sku, Supplier, User,
} from '../../domain/model';
import { planReservation } from '../../domain/order';
import { DEFAULT_SETTINGS } from '../../domain/settings';
import type { CommitOutcome, InventoryWrite, OrderLineQuery, ReserveOutcome, StockStore } from '../port';
import { SCHEMA } from './schema';

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  filename: string;
  /**
   * FULL (default) makes every acknowledged reservation survive a power cut;
   * NORMAL is faster and still never corrupts the file under WAL.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

type Row = Record<string, unknown>;

const inventoryFromRow = (r: Row): InventoryRecord => ({
  skuId: r.sku_id as string,
  supplierId: r.supplier_id as string,
  onHand: r.on_hand as number,
  buffer: r.buffer as number,
  bufferRule: r.buffer_rule as InventoryRecord['bufferRule'],
  committed: r.committed as number,
  sellable: r.sellable as number,
  version: r.version as number,
  reportId: r.report_id as string,
  reportedAt: r.reported_at as number,
  reportSource: r.report_source as InventoryRecord['reportSource'],
  basis: r.basis as InventoryRecord['basis'],
});

const lineFromRow = (r: Row): OrderLine => {
  const line: OrderLine = {
    id: r.id as string,
    orderId: r.order_id as string,
    leaderId: r.leader_id as string,
    skuId: r.sku_id as string,
    supplierId: r.supplier_id as string,
    qty: r.qty as number,
    shortQty: r.short_qty as number,
    status: r.status as OrderLine['status'],
    placedAt: r.placed_at as number,
  };
  if (r.forwarded_at != null) line.forwardedAt = r.forwarded_at as number;
  if (r.shipped_at != null) line.shippedAt = r.shipped_at as number;
  if (r.customer != null) line.customer = r.customer as string;
  return line;
};

const ledgerFromRow = (r: Row): LedgerEntry => {
  const entry: LedgerEntry = {
    id: r.id as string, skuId: r.sku_id as string, kind: r.kind as LedgerEntry['kind'], at: r.at as number,
    by: r.by as string, refId: r.ref_id as string, qty: r.qty as number,
  };
  for (const [col, key] of [['on_hand', 'onHand'], ['buffer', 'buffer'], ['committed', 'committed'], ['sellable', 'sellable']] as const) {
    if (r[col] != null) entry[key] = r[col] as number;
  }
  return entry;
};

const parse = <T>(r: Row | undefined): T | null => (r ? (JSON.parse(r.doc as string) as T) : null);

export class SqliteStore implements StockStore {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(options: SqliteOptions) {
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
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

  // ---- people

  async upsertUsers(users: User[]): Promise<void> {
    const put = this.stmt('INSERT OR REPLACE INTO users (id, openid, invite_code, doc) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => users.forEach((u) => put.run(u.id, u.openid ?? null, u.inviteCode, JSON.stringify(u))))();
  }

  async getUser(id: string): Promise<User | null> {
    return parse<User>(this.stmt('SELECT doc FROM users WHERE id = ?').get(id) as Row | undefined);
  }

  async listUsers(): Promise<User[]> {
    return (this.stmt('SELECT doc FROM users ORDER BY id').all() as Row[]).map((r) => parse<User>(r)!);
  }

  async findUserByOpenid(openid: string): Promise<User | null> {
    return parse<User>(this.stmt('SELECT doc FROM users WHERE openid = ?').get(openid) as Row | undefined);
  }

  async findUserByInviteCode(code: string): Promise<User | null> {
    return parse<User>(this.stmt('SELECT doc FROM users WHERE invite_code = ?').get(code) as Row | undefined);
  }

  async bindOpenid(userId: string, openid: string): Promise<boolean> {
    return this.db.transaction(() => {
      const holder = this.stmt('SELECT id FROM users WHERE openid = ?').get(openid) as Row | undefined;
      if (holder && holder.id !== userId) return false;
      const user = parse<User>(this.stmt('SELECT doc FROM users WHERE id = ?').get(userId) as Row | undefined);
      if (!user) return false;
      this.stmt('UPDATE users SET openid = ?, doc = ? WHERE id = ?').run(openid, JSON.stringify({ ...user, openid }), userId);
      return true;
    })();
  }

  async createSession(session: Session): Promise<void> {
    this.stmt('INSERT INTO sessions (token, user_id, created_at) VALUES (?, ?, ?)').run(session.token, session.userId, session.createdAt);
  }

  async findSession(token: string): Promise<Session | null> {
    const r = this.stmt('SELECT token, user_id, created_at FROM sessions WHERE token = ?').get(token) as Row | undefined;
    return r ? { token: r.token as string, userId: r.user_id as string, createdAt: r.created_at as number } : null;
  }

  async deleteSession(token: string): Promise<void> {
    this.stmt('DELETE FROM sessions WHERE token = ?').run(token);
  }

  // ---- catalogue and settings

  async upsertSuppliers(suppliers: Supplier[]): Promise<void> {
    const put = this.stmt('INSERT OR REPLACE INTO suppliers (id, doc) VALUES (?, ?)');
    this.db.transaction(() => suppliers.forEach((s) => put.run(s.id, JSON.stringify(s))))();
  }

  async getSupplier(id: string): Promise<Supplier | null> {
    return parse<Supplier>(this.stmt('SELECT doc FROM suppliers WHERE id = ?').get(id) as Row | undefined);
  }

  async listSuppliers(): Promise<Supplier[]> {
    return (this.stmt('SELECT doc FROM suppliers ORDER BY id').all() as Row[]).map((r) => parse<Supplier>(r)!);
  }

  async upsertSkus(skus: Sku[]): Promise<void> {
    const put = this.stmt('INSERT OR REPLACE INTO skus (id, supplier_id, doc) VALUES (?, ?, ?)');
    this.db.transaction(() => skus.forEach((s) => put.run(s.id, s.supplierId, JSON.stringify(s))))();
  }

  async listSkus(filter: { supplierId?: string } = {}): Promise<Sku[]> {
    const rows = filter.supplierId === undefined
      ? this.stmt('SELECT doc FROM skus ORDER BY id').all()
      : this.stmt('SELECT doc FROM skus WHERE supplier_id = ? ORDER BY id').all(filter.supplierId);
    return (rows as Row[]).map((r) => parse<Sku>(r)!);
  }

  async getSkus(ids: string[]): Promise<Sku[]> {
    if (ids.length === 0) return [];
    const rows = this.stmt('SELECT doc FROM skus WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').all(JSON.stringify(ids));
    return (rows as Row[]).map((r) => parse<Sku>(r)!);
  }

  async getSettings(): Promise<Settings> {
    return parse<Settings>(this.stmt("SELECT doc FROM settings WHERE id = 'global'").get() as Row | undefined) ?? DEFAULT_SETTINGS;
  }

  async saveSettings(settings: Settings): Promise<void> {
    this.stmt("INSERT OR REPLACE INTO settings (id, doc) VALUES ('global', ?)").run(JSON.stringify(settings));
  }

  // ---- stock

  async listInventory(skuIds?: string[]): Promise<InventoryRecord[]> {
    const rows = skuIds === undefined
      ? this.stmt('SELECT * FROM inventory ORDER BY sku_id').all()
      : this.stmt('SELECT * FROM inventory WHERE sku_id IN (SELECT value FROM json_each(?)) ORDER BY sku_id').all(JSON.stringify(skuIds));
    return (rows as Row[]).map(inventoryFromRow);
  }

  async listOrderLines(query: OrderLineQuery): Promise<OrderLine[]> {
    let sql = 'SELECT * FROM order_lines WHERE sku_id IN (SELECT value FROM json_each(?))';
    const params: unknown[] = [JSON.stringify(query.skuIds)];
    if (query.openOnly) sql += " AND status NOT IN ('cancelled') AND short_qty < qty";
    if (query.placedSince !== undefined) {
      sql += ' AND placed_at >= ?';
      params.push(query.placedSince);
    }
    return (this.stmt(`${sql} ORDER BY placed_at, id`).all(...params) as Row[]).map(lineFromRow);
  }

  async commitReport(report: Report, writes: InventoryWrite[], ledger: LedgerEntry[]): Promise<CommitOutcome> {
    const versionOf = this.stmt('SELECT version FROM inventory WHERE sku_id = ?');
    const putRecord = this.stmt(`INSERT OR REPLACE INTO inventory
      (sku_id, supplier_id, on_hand, buffer, buffer_rule, committed, sellable, version, report_id, reported_at, report_source, basis)
      VALUES (@skuId, @supplierId, @onHand, @buffer, @bufferRule, @committed, @sellable, @version, @reportId, @reportedAt, @reportSource, @basis)`);
    return this.db.transaction((): CommitOutcome => {
      for (const w of writes) {
        if (((versionOf.get(w.record.skuId) as Row | undefined)?.version ?? 0) !== w.expectedVersion) return 'conflict';
      }
      for (const w of writes) putRecord.run(w.record);
      this.stmt('INSERT INTO reports (id, supplier_id, reported_at, doc) VALUES (?, ?, ?, ?)')
        .run(report.id, report.supplierId, report.reportedAt, JSON.stringify(report));
      this.insertLedger(ledger);
      return 'committed';
    })();
  }

  async listReports(supplierId: string, limit: number): Promise<Report[]> {
    const rows = this.stmt('SELECT doc FROM reports WHERE supplier_id = ? ORDER BY reported_at DESC LIMIT ?').all(supplierId, limit);
    return (rows as Row[]).map((r) => parse<Report>(r)!);
  }

  async reserve(order: Order, totals: ReadonlyMap<string, number>, ledger: LedgerEntry[]): Promise<ReserveOutcome> {
    // better-sqlite3 runs the whole transaction synchronously: no other caller can
    // interleave between the read and the conditional writes below.
    return this.db.transaction((): ReserveOutcome => {
      const existing = this.readOrder(order.id);
      if (existing) return { kind: 'duplicate', order: existing };
      const records = new Map((this.stmt('SELECT * FROM inventory WHERE sku_id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify([...totals.keys()])) as Row[]).map((r) => [r.sku_id as string, inventoryFromRow(r)]));
      const plan = planReservation(totals, records);
      if (!plan.ok) return { kind: 'short', short: plan.short };
      const take = this.stmt(`UPDATE inventory SET sellable = sellable - @qty, committed = committed + @qty, version = version + 1
        WHERE sku_id = @skuId AND sellable >= @qty`);
      for (const [skuId, qty] of totals) {
        if (take.run({ skuId, qty }).changes !== 1) throw new Error(`reservation invariant broken for ${skuId}`);
      }
      this.insertOrder(order);
      this.insertLedger(ledger);
      return { kind: 'placed', order };
    })();
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

  async listLedger(skuId: string): Promise<LedgerEntry[]> {
    return (this.stmt('SELECT * FROM ledger WHERE sku_id = ? ORDER BY seq').all(skuId) as Row[]).map(ledgerFromRow);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // ---- helpers (run inside the callers' transactions)

  private readOrder(id: string): Order | null {
    const head = parse<Omit<Order, 'lines'>>(this.stmt('SELECT doc FROM orders WHERE id = ?').get(id) as Row | undefined);
    if (!head) return null;
    const lines = (this.stmt('SELECT * FROM order_lines WHERE order_id = ? ORDER BY id').all(id) as Row[]).map(lineFromRow);
    return { ...head, lines };
  }

  private insertOrder(order: Order): void {
    const { lines, ...head } = order;
    this.stmt('INSERT INTO orders (id, leader_id, status, placed_at, doc) VALUES (?, ?, ?, ?, ?)')
      .run(order.id, order.leaderId, order.status, order.placedAt, JSON.stringify(head));
    const put = this.stmt(`INSERT INTO order_lines
      (id, order_id, leader_id, sku_id, supplier_id, qty, short_qty, status, placed_at, forwarded_at, shipped_at, customer)
      VALUES (@id, @orderId, @leaderId, @skuId, @supplierId, @qty, @shortQty, @status, @placedAt, @forwardedAt, @shippedAt, @customer)`);
    for (const l of lines) put.run({ forwardedAt: null, shippedAt: null, customer: null, ...l });
  }

  private insertLedger(entries: LedgerEntry[]): void {
    const put = this.stmt(`INSERT INTO ledger (id, sku_id, kind, at, by, ref_id, qty, on_hand, buffer, committed, sellable)
      VALUES (@id, @skuId, @kind, @at, @by, @refId, @qty, @onHand, @buffer, @committed, @sellable)`);
    for (const e of entries) put.run({ onHand: null, buffer: null, committed: null, sellable: null, ...e });
  }
}
