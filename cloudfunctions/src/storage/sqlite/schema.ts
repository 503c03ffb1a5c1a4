// Tables of the embedded store. Reference data that is read whole is kept as JSON;
// what is updated by condition or queried by field (inventory, order lines, ledger)
// has real columns.
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  openid TEXT UNIQUE,
  invite_code TEXT UNIQUE NOT NULL,
  doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS suppliers (
  id TEXT PRIMARY KEY,
  doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS skus (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS skus_by_supplier ON skus (supplier_id);
CREATE TABLE IF NOT EXISTS settings (
  id TEXT PRIMARY KEY,
  doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inventory (
  sku_id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL,
  on_hand INTEGER NOT NULL,
  buffer INTEGER NOT NULL,
  buffer_rule TEXT NOT NULL,
  committed INTEGER NOT NULL,
  sellable INTEGER NOT NULL CHECK (sellable >= 0),
  version INTEGER NOT NULL,
  report_id TEXT NOT NULL,
  reported_at INTEGER NOT NULL,
  report_source TEXT NOT NULL,
  basis TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL,
  reported_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_by_supplier ON reports (supplier_id, reported_at);
CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY,
  leader_id TEXT NOT NULL,
  status TEXT NOT NULL,
  placed_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS order_lines (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL,
  leader_id TEXT NOT NULL,
  sku_id TEXT NOT NULL,
  supplier_id TEXT NOT NULL,
  qty INTEGER NOT NULL,
  short_qty INTEGER NOT NULL,
  status TEXT NOT NULL,
  placed_at INTEGER NOT NULL,
  forwarded_at INTEGER,
  shipped_at INTEGER,
  customer TEXT
);
CREATE INDEX IF NOT EXISTS order_lines_by_sku ON order_lines (sku_id, placed_at);
CREATE INDEX IF NOT EXISTS order_lines_by_order ON order_lines (order_id);
CREATE TABLE IF NOT EXISTS ledger (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT UNIQUE NOT NULL,
  sku_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  by TEXT NOT NULL,
  ref_id TEXT NOT NULL,
  qty INTEGER NOT NULL,
  on_hand INTEGER,
  buffer INTEGER,
  committed INTEGER,
  sellable INTEGER
);
CREATE INDEX IF NOT EXISTS ledger_by_sku ON ledger (sku_id, seq);
`;
