import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { MIGRATIONS } from '../../cloudfunctions/src/storage/sqlite/schema';
import { SqliteStore } from '../../cloudfunctions/src/storage/sqlite/sqlite-store';
import { storeContract } from './contract';

// A real file in WAL mode, as the self-hosted server runs it.
storeContract('SQLite (better-sqlite3, WAL file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huozhun-sqlite-'));
  const store = new SqliteStore({ filename: join(dir, 'test.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite migrations', () => {
  it('carries settings saved in place by an older release into the history as version 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'huozhun-migrate-'));
    const filename = join(dir, 'old.db');
    // A database as release 3 left it: the settings in one row, edited in place.
    const old = new Database(filename);
    for (const sql of MIGRATIONS.slice(0, 3)) old.exec(sql);
    old.pragma('user_version = 3');
    old.prepare("INSERT INTO settings (id, doc) VALUES ('global', ?)").run(JSON.stringify({ ...DEFAULT_SETTINGS, warningLine: 7 }));
    old.close();

    const store = new SqliteStore({ filename });
    return store.currentSettings()
      .then((current) => expect(current).toEqual({ version: 1, settings: { ...DEFAULT_SETTINGS, warningLine: 7 }, by: 'system', at: 0 }))
      .finally(async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      });
  });

  it('moves the partner API nonces an older release kept as flags, so a replay is still refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huozhun-migrate-'));
    const filename = join(dir, 'old.db');
    const old = new Database(filename);
    for (const sql of MIGRATIONS.slice(0, 11)) old.exec(sql);
    old.pragma('user_version = 11');
    const flag = old.prepare('INSERT INTO flags (id, doc) VALUES (?, ?)');
    flag.run('nonce:hzk_a:seen-before-the-upgrade', JSON.stringify({ on: true, cycle: 0 }));
    flag.run('lowStock:A001', JSON.stringify({ on: true, cycle: 2 }));
    old.close();

    const store = new SqliteStore({ filename });
    try {
      expect(await store.spendNonce('nonce:hzk_a:seen-before-the-upgrade', Date.now())).toBe(false);
      expect(await store.spendNonce('nonce:hzk_a:a-new-one-after-it', Date.now())).toBe(true);
      expect(await store.getFlag('nonce:hzk_a:seen-before-the-upgrade')).toBeNull();
      expect(await store.getFlag('lowStock:A001')).toEqual({ on: true, cycle: 2 });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
