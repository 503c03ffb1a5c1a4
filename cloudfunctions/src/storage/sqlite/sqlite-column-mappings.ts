// The SQLite side of hand-mapped stock-file columns (table column_mappings, migration 19):
// appended, never updated; the latest per supplier and header set is read back.
import type Database from 'better-sqlite3';
import type { ColumnMapping } from '../../domain/column-mapping';

export class SqliteColumnMappings {
  private readonly insert: Database.Statement;
  private readonly latestOf: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT OR IGNORE INTO column_mappings (id, supplier_id, header_key, at, doc) VALUES (?, ?, ?, ?, ?)');
    this.latestOf = db.prepare('SELECT doc FROM column_mappings WHERE supplier_id = ? AND header_key = ? ORDER BY at DESC, id DESC LIMIT 1');
  }

  add(mapping: ColumnMapping): void {
    this.insert.run(mapping.id, mapping.supplierId, mapping.headerKey, mapping.at, JSON.stringify(mapping));
  }

  latest(supplierId: string, headerKey: string): ColumnMapping | null {
    const row = this.latestOf.get(supplierId, headerKey) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as ColumnMapping) : null;
  }
}
