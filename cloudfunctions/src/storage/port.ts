// The storage port. Handlers talk only to this; the SQLite adapter (self-hosted) and
// the cloud database adapter (WeChat) both pass test/storage/contract.ts.
import type {
  HeldReport, HeldStatus, InventoryRecord, LedgerEntry, Order, OrderLine, Report, Session, Settings, ShortLine, Sku, Supplier, User,
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

/** `duplicate`: a report with this id was already applied (a second confirmation, say): nothing written. */
export type CommitOutcome = 'committed' | 'conflict' | 'duplicate';

export type ReserveOutcome =
  | { kind: 'placed'; order: Order }
  | { kind: 'short'; short: ShortLine[] }
  /** An order with this id already exists (a retried or concurrent submit): here it is. */
  | { kind: 'duplicate'; order: Order };

export interface OrderLineQuery {
  skuIds: string[];
  /**
   * Only lines that held stock at or after this time: not cancelled, not wholly short,
   * and not shipped before it. Without it, every line of those SKUs.
   */
  heldSince?: number;
  placedSince?: number;
}

export interface HeldResolution {
  status: Exclude<HeldStatus, 'held'>;
  by: string;
  at: number;
}

export interface StockStore {
  // People. Sessions exist only in the self-hosted runtime; WeChat identifies by OPENID.
  upsertUsers(users: User[]): Promise<void>;
  getUser(id: string): Promise<User | null>;
  listUsers(): Promise<User[]>;
  findUserByOpenid(openid: string): Promise<User | null>;
  findUserByInviteCode(code: string): Promise<User | null>;
  /** Binds a WeChat OPENID to the user; refuses (false) if another user holds it. */
  bindOpenid(userId: string, openid: string): Promise<boolean>;
  createSession(session: Session): Promise<void>;
  findSession(token: string): Promise<Session | null>;
  deleteSession(token: string): Promise<void>;

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
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<void>;

  // Stock.
  /** Sorted by SKU code. */
  listInventory(skuIds?: string[]): Promise<InventoryRecord[]>;
  /** Sorted by placement time, then line id. */
  listOrderLines(query: OrderLineQuery): Promise<OrderLine[]>;
  /**
   * Apply a report whole or not at all: every write lands only if each record is
   * still at its expected version; otherwise nothing is written and the caller
   * recomputes (a reservation got in between).
   */
  commitReport(report: Report, writes: InventoryWrite[], ledger: LedgerEntry[]): Promise<CommitOutcome>;
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
  /** Newest first. */
  listHeldReports(filter: { supplierId?: string; status?: HeldStatus }): Promise<HeldReport[]>;
  /** Moves a held report out of `held` once; false if it was no longer held. */
  resolveHeldReport(id: string, resolution: HeldResolution): Promise<boolean>;
  /**
   * Reserve an order's units atomically: for every SKU take `qty` from sellable into
   * committed only where sellable covers it, on all SKUs or on none; then store the
   * order, its lines and the ledger. Never read-then-write across callers.
   */
  reserve(order: Order, totals: ReadonlyMap<string, number>, ledger: LedgerEntry[]): Promise<ReserveOutcome>;
  /** Store a refused order unless one with its id exists; returns the stored one. */
  recordRefusal(order: Order): Promise<Order>;
  getOrder(id: string): Promise<Order | null>;
  /** Oldest first; from `since` when given. */
  listLedger(skuId: string, since?: number): Promise<LedgerEntry[]>;

  close(): Promise<void>;
}
