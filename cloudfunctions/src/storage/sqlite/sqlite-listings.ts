// The SQLite side of storefront listings (table listing_entries, migration 20): appended,
// one row per listing and seq, never updated.
import type Database from 'better-sqlite3';
import type { ListingEntry } from '../../domain/listings';

export class SqliteListings {
  private readonly insert: Database.Statement;
  private readonly every: Database.Statement;
  private readonly ofLeader: Database.Statement;
  private readonly ofSku: Database.Statement;
  private readonly ofListing: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT OR IGNORE INTO listing_entries (id, listing_id, seq, leader_id, sku_id, doc) VALUES (?, ?, ?, ?, ?, ?)');
    this.every = db.prepare('SELECT doc FROM listing_entries ORDER BY listing_id, seq');
    this.ofLeader = db.prepare('SELECT doc FROM listing_entries WHERE leader_id = ? ORDER BY listing_id, seq');
    this.ofSku = db.prepare('SELECT doc FROM listing_entries WHERE sku_id = ? ORDER BY listing_id, seq');
    this.ofListing = db.prepare('SELECT doc FROM listing_entries WHERE listing_id = ? ORDER BY seq');
  }

  /** False when the id, or the listing's seq, is taken. */
  add(entry: ListingEntry): boolean {
    return this.insert.run(entry.id, entry.listingId, entry.seq, entry.leaderId, entry.skuId, JSON.stringify(entry)).changes === 1;
  }

  list(filter: { leaderId?: string; skuId?: string; listingId?: string }): ListingEntry[] {
    const rows = (filter.listingId !== undefined ? this.ofListing.all(filter.listingId)
      : filter.leaderId !== undefined ? this.ofLeader.all(filter.leaderId)
        : filter.skuId !== undefined ? this.ofSku.all(filter.skuId) : this.every.all()) as Array<{ doc: string }>;
    return rows.map((r) => JSON.parse(r.doc) as ListingEntry)
      .filter((e) => (filter.leaderId === undefined || e.leaderId === filter.leaderId) && (filter.skuId === undefined || e.skuId === filter.skuId));
  }
}
