// Buffers from scorecards in the simulator: the operator's weekly review (Monday 09:00 —
// here the first measured morning) applies the product's own suggestions through its
// handlers, so each supplier's buffer afterwards is what the product suggested from the
// waves the run had, logged as the product logs it.
import type { BufferChange, Sku, Supplier } from '../../cloudfunctions/src/domain/model';
import { BUILTIN_POLICIES, type Policy } from '../../simulator/policies';
import { runPolicy } from '../../simulator/run';
import { buildWorld, worldWith } from '../../simulator/world';

jest.setTimeout(120_000);

const policy = (id: string): Policy => BUILTIN_POLICIES.find((p) => p.id === id)!;

it('the weekly review sets each supplier\'s buffer to the product\'s suggestion, once a week at 09:00, and it changes what is sold', async () => {
  const world = buildWorld(worldWith({ skus: 40, suppliers: 4, days: 2, warmupDays: 7, chronicShare: 0.25, freshShare: 0 }), 3);
  let suppliers: Supplier[] = [];
  let skus: Sku[] = [];
  let changes: BufferChange[] = [];
  const reviewed = await runPolicy(world, policy('fixed20-scorecard'), {
    inspect: async ({ store }) => {
      suppliers = await store.listSuppliers();
      skus = await store.listSkus();
      changes = await store.listBufferChanges({}, 100);
    },
  });
  const seed = await runPolicy(world, policy('fixed20'));
  // Day 0 had no waves to rate; day 7 had a week of them.
  const day7 = world.start + 7 * 24 * 3600_000 + 9 * 3600_000;
  expect(changes.length).toBeGreaterThan(0);
  expect(changes.length).toBe(reviewed.activity.buffersApplied);
  expect(new Set(changes.map((c) => c.at))).toEqual(new Set([day7]));
  for (const change of changes) {
    const changed = change.skuId ? skus.find((k) => k.id === change.skuId) : suppliers.find((s) => s.id === change.supplierId);
    expect(changed?.bufferPolicy).toEqual(change.to);
    expect(change.to.ratio).toBeGreaterThanOrEqual(0.05);
    expect(change.to.ratio).toBeLessThanOrEqual(0.4);
    expect(change.basis.observations).toBeGreaterThanOrEqual(change.skuId ? 10 : 20);
  }
  expect(reviewed.soldUnits).not.toBe(seed.soldUnits);
});

it('after two weeks of waves the review also gives SKUs that sold in ten of them their own buffer, each in force as logged', async () => {
  const world = buildWorld(worldWith({ skus: 40, suppliers: 4, days: 8, warmupDays: 7, chronicShare: 0.25, freshShare: 0 }), 3);
  let skus: Sku[] = [];
  let changes: BufferChange[] = [];
  await runPolicy(world, policy('fixed20-scorecard'), {
    inspect: async ({ store }) => {
      skus = await store.listSkus();
      changes = await store.listBufferChanges({}, 500);
    },
  });
  const day14 = world.start + 14 * 24 * 3600_000 + 9 * 3600_000;
  const perSku = changes.filter((c) => c.skuId);
  expect(perSku.length).toBeGreaterThan(0);
  for (const change of perSku) {
    expect(change.at).toBe(day14); // day 7 had seven waves of each SKU at most
    expect(change.basis.observations).toBeGreaterThanOrEqual(10);
    expect(skus.find((k) => k.id === change.skuId)?.bufferPolicy).toEqual(change.to);
  }
});
