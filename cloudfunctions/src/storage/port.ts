// The storage port. Handlers talk only to this; the SQLite adapter (self-hosted) and
// the cloud database adapter (WeChat) both pass test/storage/contract.ts.
import type {
  InventoryRecord, LedgerEntry, Order, OrderLine, Report, Session, Settings, ShortLine, Sku, Supplier, User,
} from '../domain/model';

/** A new record for a SKU and the version it must replace (0 when the SKU has no record yet). */
export interface InventoryWrite {
  record: InventoryRecord;
  expectedVersion: number;
}

export type CommitOutcome = 'committed' | 'conflict';

export type ReserveOutcome =
  | { kind: 'placed'; order: Order }
  | { kind: 'short'; short: ShortLine[] }
  /** An order with this id already exists (a retried or concurrent submit): here it is. */
  | { kind: 'duplicate'; order: Order };

export interface OrderLineQuery {
  skuIds: string[];
  /** Only lines still holding stock: not cancelled, not wholly short. */
  openOnly?: boolean;
  placedSince?: number;
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
  upsertSkus(skus: Sku[]): Promise<void>;
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
  listReports(supplierId: string, limit: number): Promise<Report[]>;
  /**
   * Reserve an order's units atomically: for every SKU take `qty` from sellable into
   * committed only where sellable covers it, on all SKUs or on none; then store the
   * order, its lines and the ledger. Never read-then-write across callers.
   */
  reserve(order: Order, totals: ReadonlyMap<string, number>, ledger: LedgerEntry[]): Promise<ReserveOutcome>;
  /** Store a refused order unless one with its id exists; returns the stored one. */
  recordRefusal(order: Order): Promise<Order>;
  getOrder(id: string): Promise<Order | null>;
  listLedger(skuId: string): Promise<LedgerEntry[]>;

  close(): Promise<void>;
}
