import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { INVITE_VALID_MS, inviteState } from '../../cloudfunctions/src/domain/access';
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

  it('dates the codes an older release issued undated (by the invitation in the people log, else the upgrade), so they expire like any other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huozhun-migrate-'));
    const filename = join(dir, 'old.db');
    const DAY = 24 * 3_600_000;
    const invitedAt = Date.now() - 10 * DAY;
    // A database as release 13 left it: codes without an issue time never expired.
    const old = new Database(filename);
    for (const sql of MIGRATIONS.slice(0, 13)) old.exec(sql);
    old.pragma('user_version = 13');
    const user = old.prepare('INSERT INTO users (id, invite_code, doc) VALUES (?, ?, ?)');
    const put = (u: Record<string, unknown>) => user.run(u.id, u.inviteCode, JSON.stringify({ name: String(u.id), role: 'leader', community: '阳光小区', ...u }));
    put({ id: 'u-undated', inviteCode: 'OLD-0001' });
    put({ id: 'u-logged', inviteCode: 'OLD-0002' });
    put({ id: 'u-used', inviteCode: 'OLD-0003', inviteUsedAt: invitedAt });
    put({ id: 'u-demo', inviteCode: 'DEMO-L09', demo: true });
    put({ id: 'u-dated', inviteCode: 'NEW-0001', inviteIssuedAt: invitedAt + DAY });
    old.prepare('INSERT INTO people_log (id, user_id, at, doc) VALUES (?, ?, ?, ?)')
      .run('plog_1', 'u-logged', invitedAt, JSON.stringify({ id: 'plog_1', userId: 'u-logged', at: invitedAt, by: 'u-op', change: 'invited' }));
    old.close();

    const before = Date.now();
    const store = new SqliteStore({ filename });
    const after = Date.now();
    try {
      const undated = (await store.findUserByInviteCode('OLD-0001'))!;
      expect(undated.inviteIssuedAt).toBeGreaterThanOrEqual(before);
      expect(undated.inviteIssuedAt).toBeLessThanOrEqual(after);
      // A week from the upgrade it opens nothing, as a code issued that day would.
      expect([inviteState(undated, after), inviteState(undated, undated.inviteIssuedAt! + INVITE_VALID_MS + 1)]).toEqual(['open', 'expired']);
      const logged = (await store.getUser('u-logged'))!;
      expect([logged.inviteIssuedAt, inviteState(logged, after)]).toEqual([invitedAt, 'expired']);
      // Used, demo and already dated codes are as they were.
      expect((await store.getUser('u-used'))!.inviteIssuedAt).toBeUndefined();
      expect((await store.getUser('u-demo'))!.inviteIssuedAt).toBeUndefined();
      expect((await store.getUser('u-dated'))!.inviteIssuedAt).toBe(invitedAt + DAY);
      expect(await store.listUsers()).toHaveLength(5);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
