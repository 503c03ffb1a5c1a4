import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
