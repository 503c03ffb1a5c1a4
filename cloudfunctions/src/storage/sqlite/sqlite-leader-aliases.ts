// The SQLite side of leaders' 接龙 aliases (table leader_aliases, migration 18): appended,
// one row per leader and seq, never updated.
import type Database from 'better-sqlite3';
import type { LeaderAlias } from '../../domain/model';

export class SqliteLeaderAliases {
  private readonly insert: Database.Statement;
  private readonly ofLeader: Database.Statement;
  private readonly every: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT OR IGNORE INTO leader_aliases (id, leader_id, seq, doc) VALUES (?, ?, ?, ?)');
    this.ofLeader = db.prepare('SELECT doc FROM leader_aliases WHERE leader_id = ? ORDER BY seq');
    this.every = db.prepare('SELECT doc FROM leader_aliases ORDER BY leader_id, seq');
  }

  /** False when the id, or the leader's seq, is taken. */
  add(entry: LeaderAlias): boolean {
    return this.insert.run(entry.id, entry.leaderId, entry.seq, JSON.stringify(entry)).changes === 1;
  }

  list(filter: { leaderId?: string }): LeaderAlias[] {
    const rows = (filter.leaderId === undefined ? this.every.all() : this.ofLeader.all(filter.leaderId)) as Array<{ doc: string }>;
    return rows.map((r) => JSON.parse(r.doc) as LeaderAlias);
  }
}
