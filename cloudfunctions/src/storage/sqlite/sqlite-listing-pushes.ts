// The SQLite side of the 微信小店 push log (table listing_pushes, migration 22): one row per
// listing and seq, appended, never updated.
import type Database from 'better-sqlite3';
import type { ListingPushEntry } from '../../domain/listing-push';

export class SqliteListingPushes {
  private readonly insert: Database.Statement;
  private readonly ofListing: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT OR IGNORE INTO listing_pushes (id, listing_id, seq, doc) VALUES (?, ?, ?, ?)');
    this.ofListing = db.prepare('SELECT doc FROM listing_pushes WHERE listing_id = ? ORDER BY seq');
  }

  /** False when the id, or the listing's seq, is taken. */
  add(entry: ListingPushEntry): boolean {
    return this.insert.run(entry.id, entry.listingId, entry.seq, JSON.stringify(entry)).changes === 1;
  }

  list(listingIds: readonly string[]): ListingPushEntry[] {
    return [...new Set(listingIds)].sort().flatMap((id) => (this.ofListing.all(id) as Array<{ doc: string }>).map((r) => JSON.parse(r.doc) as ListingPushEntry));
  }
}
