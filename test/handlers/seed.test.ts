import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskFiles } from '../../cloudfunctions/src/storage/files';
import { ManualClock } from '../../cloudfunctions/src/runtime/clock';
import { newId } from '../../cloudfunctions/src/runtime/ids';
import { seedDemo } from '../../cloudfunctions/src/server/seed';
import { SqliteStore } from '../../cloudfunctions/src/storage/sqlite/sqlite-store';
import type { Deps } from '../../cloudfunctions/src/handlers/action';
import { T0 } from '../fixtures/catalogue';

describe('demo seed', () => {
  let store: SqliteStore;
  let deps: Deps;
  beforeEach(() => {
    store = new SqliteStore({ filename: ':memory:' });
    deps = { store, notifier: {}, files: new DiskFiles(join(tmpdir(), 'huozhun-seed-uploads')), clock: new ManualClock(T0), newId, runtime: 'selfhosted', demo: true };
  });
  afterEach(() => store.close());

  it('has one supplier at each integration level, about thirty SKUs, three leaders and an operator', async () => {
    expect(await seedDemo(deps)).toBe(true);
    expect((await store.listSuppliers()).map((s) => s.level).sort()).toEqual(['api', 'portal', 'rules']);
    expect((await store.listSkus()).length).toBe(30);
    const roles = (await store.listUsers()).map((u) => u.role);
    expect(roles.filter((r) => r === 'leader').length).toBe(3);
    expect(roles.filter((r) => r === 'operator').length).toBe(1);
  });

  it('opens with last evening\'s counts applied through the same rules as any report', async () => {
    await seedDemo(deps);
    const records = await store.listInventory();
    expect(records.length).toBe(30);
    expect(records.every((r) => r.reportedAt === Date.UTC(2026, 10, 25, 12, 0))).toBe(true); // 20:00 Shanghai, yesterday
    const eggs = records.find((r) => r.skuId === 'HZ3001')!; // rules-level: 30% buffer
    expect([eggs.onHand, eggs.buffer, eggs.sellable]).toEqual([100, 30, 70]);
  });

  it('seeds only once', async () => {
    await seedDemo(deps);
    const before = await store.listInventory();
    expect(await seedDemo(deps)).toBe(false);
    expect(await store.listInventory()).toEqual(before);
  });
});
