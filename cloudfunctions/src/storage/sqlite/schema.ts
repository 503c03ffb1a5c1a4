// Tables of the embedded store. Each record is kept whole as JSON (`doc`); the fields
// a write is conditioned on or a query filters by are also real, indexed columns.
// Migrations run in order and are counted in PRAGMA user_version, so a data
// directory from an older release opens without losing anything.
/**
 * Triggers that bump `name`'s row of cache_versions on every insert, update and delete of
 * `table`, from any connection: a cache keyed by it is never read stale. The trigger names
 * (`<name>_inserted` …) are those migration 17 created.
 */
function versionTriggers(table: string, name = table): string {
  return (['inserted', 'updated', 'deleted'] as const).map((done) => {
    const event = done === 'inserted' ? 'INSERT' : done === 'updated' ? 'UPDATE' : 'DELETE';
    return `CREATE TRIGGER ${name}_${done} AFTER ${event} ON ${table} BEGIN UPDATE cache_versions SET v = v + 1 WHERE name = '${name}'; END;`;
  }).join('\n  ');
}

export const MIGRATIONS: string[] = [
  // 1: the first release
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    openid TEXT UNIQUE,
    invite_code TEXT UNIQUE NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE suppliers (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL
  );
  CREATE TABLE skus (
    id TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX skus_by_supplier ON skus (supplier_id);
  CREATE TABLE settings (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL
  );
  CREATE TABLE inventory (
    sku_id TEXT PRIMARY KEY,
    sellable INTEGER NOT NULL CHECK (sellable >= 0),
    committed INTEGER NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL,
    reported_at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX reports_by_supplier ON reports (supplier_id, reported_at);
  CREATE TABLE held_reports (
    id TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL,
    status TEXT NOT NULL,
    held_at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX held_by_supplier ON held_reports (supplier_id, held_at);
  CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    leader_id TEXT NOT NULL,
    status TEXT NOT NULL,
    placed_at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE TABLE order_lines (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    sku_id TEXT NOT NULL,
    status TEXT NOT NULL,
    placed_at INTEGER NOT NULL,
    shipped_at INTEGER,
    holds_stock INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX order_lines_by_sku ON order_lines (sku_id, placed_at);
  CREATE INDEX order_lines_by_order ON order_lines (order_id);
  CREATE TABLE ledger (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    sku_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX ledger_by_sku ON ledger (sku_id, at);
  `,
  // 2: waves, their lines' wave and cutoff, remediation tasks
  `
  ALTER TABLE order_lines ADD COLUMN leader_id TEXT;
  ALTER TABLE order_lines ADD COLUMN day TEXT;
  ALTER TABLE order_lines ADD COLUMN wave_id TEXT;
  ALTER TABLE order_lines ADD COLUMN cutoff_at INTEGER;
  UPDATE order_lines SET
    leader_id = json_extract(doc, '$.leaderId'), day = json_extract(doc, '$.day'),
    wave_id = json_extract(doc, '$.waveId'), cutoff_at = json_extract(doc, '$.cutoffAt');
  CREATE INDEX order_lines_by_wave ON order_lines (wave_id, status);
  CREATE INDEX order_lines_by_leader ON order_lines (leader_id, day);
  CREATE INDEX order_lines_by_status ON order_lines (status, cutoff_at);
  CREATE TABLE waves (
    id TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL,
    day TEXT NOT NULL,
    status TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX waves_by_supplier ON waves (supplier_id, day);
  CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    leader_id TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX tasks_by_leader ON tasks (leader_id, status);
  `,
  // 3: alerts, consents, flags
  `
  CREATE TABLE alerts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    user_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX alerts_by_user ON alerts (user_id, at);
  CREATE TABLE consents (
    user_id TEXT NOT NULL,
    template_id TEXT NOT NULL,
    remaining INTEGER NOT NULL CHECK (remaining >= 0),
    PRIMARY KEY (user_id, template_id)
  );
  CREATE TABLE flags (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL
  );
  `,
  // 4: settings become append-only: every save a new version, none edited in place
  `
  CREATE TABLE settings_history (
    version INTEGER PRIMARY KEY,
    by TEXT NOT NULL,
    at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  INSERT INTO settings_history (version, by, at, doc) SELECT 1, 'system', 0, doc FROM settings WHERE id = 'global';
  DROP TABLE settings;
  `,
  // 5: reports are kept first and applied SKU by SKU (progress, finished); timed jobs' marks
  `
  ALTER TABLE reports ADD COLUMN finished_at INTEGER;
  ALTER TABLE reports ADD COLUMN progress TEXT;
  UPDATE reports SET finished_at = reported_at;
  CREATE INDEX reports_unfinished ON reports (finished_at, reported_at);
  CREATE TABLE job_runs (
    name TEXT PRIMARY KEY,
    at INTEGER NOT NULL
  );
  CREATE INDEX order_lines_by_leader_sku ON order_lines (leader_id, sku_id, day);
  `,
  // 6: sessions keep only the token's hash (the plain-text ones end: everyone signs in
  // again), with their last use; the append-only people log
  `
  DELETE FROM sessions;
  ALTER TABLE sessions ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN device TEXT;
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE TABLE people_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    user_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX people_log_by_user ON people_log (user_id, at);
  `,
  // 7: what ended an alert's cause, one record per event (the alerts stay as raised)
  `
  CREATE TABLE alert_resolutions (
    event TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  `,
  // 8: the last display number of each leader's orders per calendar day ("1202-0042")
  `
  CREATE TABLE order_numbers (
    leader_id TEXT NOT NULL,
    day TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (leader_id, day)
  );
  `,
  // 9: the keys suppliers' systems sign partner API requests with
  `
  CREATE TABLE partner_keys (
    id TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX partner_keys_by_supplier ON partner_keys (supplier_id, created_at);
  `,
  // 10: each pulling supplier's last pulls (its health line)
  `
  CREATE TABLE pull_health (
    supplier_id TEXT PRIMARY KEY,
    doc TEXT NOT NULL
  );
  `,
  // 11: webhook deliveries, one per event, with where each one stands
  `
  CREATE TABLE webhook_events (
    id TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX webhook_events_due ON webhook_events (status, next_attempt_at);
  CREATE INDEX webhook_events_by_supplier ON webhook_events (supplier_id, created_at);
  `,
  // 12: partner API nonces, each with when it was seen so the old ones can go (they were flags)
  `
  CREATE TABLE partner_nonces (
    id TEXT PRIMARY KEY,
    seen_at INTEGER NOT NULL
  );
  CREATE INDEX partner_nonces_by_seen ON partner_nonces (seen_at);
  INSERT INTO partner_nonces (id, seen_at) SELECT id, CAST(unixepoch('subsec') * 1000 AS INTEGER) FROM flags WHERE id LIKE 'nonce:%';
  DELETE FROM flags WHERE id LIKE 'nonce:%';
  `,
  // 13: stocktakes (盘点对账), one document each with its history
  `
  CREATE TABLE stocktakes (
    id TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX stocktakes_by_supplier ON stocktakes (supplier_id, opened_at);
  CREATE INDEX stocktakes_by_status ON stocktakes (status, opened_at);
  `,
  // 14: invite codes an older release issued without an issue time never expired. The
  // honest date is the person's invitation (or re-issue) in the people log where there is
  // one; a person invited before the log began has none, so their code counts as issued
  // at this upgrade: a week from now it opens nothing, as any code issued today. Used
  // codes (single-use already) and the demo people's (kept open) are left as they are.
  `
  UPDATE users SET doc = json_set(doc, '$.inviteIssuedAt', COALESCE(
    (SELECT MAX(p.at) FROM people_log p WHERE p.user_id = users.id AND json_extract(p.doc, '$.change') IN ('invited', 'reissued')),
    CAST(unixepoch('subsec') * 1000 AS INTEGER)))
  WHERE json_type(doc, '$.inviteIssuedAt') IS NULL AND json_type(doc, '$.inviteUsedAt') IS NULL AND json_type(doc, '$.demo') IS NOT 'true';
  `,
  // 15: buffer changes from scorecard suggestions, appended
  `
  CREATE TABLE buffer_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    supplier_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX buffer_changes_by_supplier ON buffer_changes (supplier_id, at);
  `,
  // 16: each leader's units per SKU per business day, kept in the same transaction as
  // every take and line change, so the ration check reads one row, never the leader's lines
  `
  CREATE TABLE ration_counts (
    leader_id TEXT NOT NULL,
    sku_id TEXT NOT NULL,
    day TEXT NOT NULL,
    held INTEGER NOT NULL,
    PRIMARY KEY (leader_id, sku_id, day)
  ) WITHOUT ROWID;
  INSERT INTO ration_counts (leader_id, sku_id, day, held)
    SELECT leader_id, sku_id, day, SUM(json_extract(doc, '$.qty')) FROM order_lines
    WHERE status = 'placed' GROUP BY leader_id, sku_id, day;
  `,
  // 17: a version per cached table, bumped by triggers on every change from any
  // connection, so the order path reads settings and suppliers once per change
  `
  CREATE TABLE cache_versions (
    name TEXT PRIMARY KEY,
    v INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO cache_versions (name, v) VALUES ('suppliers', 1), ('settings', 1);
  ${versionTriggers('suppliers')}
  ${versionTriggers('settings_history', 'settings')}
  `,
  // 18: words leaders taught the 接龙 matcher, appended; one entry per leader and seq
  `
  CREATE TABLE leader_aliases (
    id TEXT PRIMARY KEY,
    leader_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (leader_id, seq)
  );
  `,
  // 19: stock-file columns mapped by hand, per supplier and header set, appended
  `
  CREATE TABLE column_mappings (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    supplier_id TEXT NOT NULL,
    header_key TEXT NOT NULL,
    at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX column_mappings_by_key ON column_mappings (supplier_id, header_key, at);
  `,
  // 20: storefront listings (issue 18): links, edits, unlinks and typed numbers, appended
  `
  CREATE TABLE listing_entries (
    id TEXT PRIMARY KEY,
    listing_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    leader_id TEXT NOT NULL,
    sku_id TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (listing_id, seq)
  );
  CREATE INDEX listing_entries_by_leader ON listing_entries (leader_id, listing_id, seq);
  CREATE INDEX listing_entries_by_sku ON listing_entries (sku_id, listing_id, seq);
  `,
  // 21: versions of what a leader's availability answer is made of (issue 17), bumped by
  // every write from any connection, so the answer is computed once per change
  `
  INSERT INTO cache_versions (name, v) VALUES ('skus', 1), ('inventory', 1), ('pull_health', 1);
  ${versionTriggers('skus')}
  ${versionTriggers('inventory')}
  ${versionTriggers('pull_health')}
  `,
  // 22: the 微信小店 push log (issue 18): what was sent to a listing and what WeChat answered, appended
  `
  CREATE TABLE listing_pushes (
    id TEXT PRIMARY KEY,
    listing_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (listing_id, seq)
  );
  `,
];
