// Group commit (storage/sqlite/writer.ts): writes of one turn share one transaction, each
// keeps its own all-or-nothing result, and each is answered only once its batch is on disk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GroupWriter } from '../../cloudfunctions/src/storage/sqlite/writer';

describe('GroupWriter', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'huozhun-writer-'));
    db = new Database(join(dir, 'w.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL CHECK (v >= 0))');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the writes of one turn together; one that throws is rolled back and refused alone', async () => {
    const w = new GroupWriter(db);
    const put = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    const results = await Promise.allSettled([
      w.write(() => put.run('a', 1).changes),
      // Two statements, the second failing: neither stays.
      w.write(() => { put.run('b', 2); put.run('c', -1); }),
      w.write(() => put.run('d', 4).changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT k FROM t ORDER BY k').all()).toEqual([{ k: 'a' }, { k: 'd' }]);
    expect(w.stats).toEqual({ batches: 1, writes: 3 });
  });

  it('answers a write only when another connection can already read it', async () => {
    const w = new GroupWriter(db);
    const other = new Database(join(dir, 'w.db'), { readonly: true });
    try {
      const seen = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        w.write(() => db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(`k${i}`, i)).then(() => (other.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n)));
      expect(seen.every((n) => n === 20)).toBe(true);
      expect(w.stats.batches).toBe(1);
    } finally {
      other.close();
    }
  });
});
