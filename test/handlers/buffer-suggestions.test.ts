// Buffers from scorecards on the real SQLite store: twelve days of counts, orders, cutoffs
// and confirmations (the fruit farm always ships in full; the egg co-op cuts twice), read
// back as each supplier's suggested buffer with its effect, and applied with one
// confirmation — logged, never edited, and what leaders see at once.
import type { AppliedBufferChanges, AvailabilityItem, BufferSuggestions, PlaceOrderResult } from '../../cloudfunctions/src/contract/api';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
const day = (d: number): string => `2026-11-${String(d).padStart(2, '0')}`;
let s: TestServer;
let tokens: Record<string, string>;
afterEach(() => s.close());

const SKUS = [sku('A001', 'sup-fruit'), sku('A002', 'sup-fruit'), sku('B001', 'sup-eggs'), sku('B002', 'sup-eggs')];
const EGG_CUTS: Record<number, number> = { 4: 10, 9: 12 }; // the days the co-op ships only this many of B001's 20

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(SKUS);
  await s.store.upsertUsers(users);
  await s.store.saveSettings({ ...DEFAULT_SETTINGS, projection: false });
  tokens = Object.fromEntries(await Promise.all(['OP-0001', 'SUP-FRUIT', 'SUP-EGGS', 'LEAD-0001'].map(async (c) => [c, await s.signIn(c)] as const)));
  for (let d = 1; d <= 12; d++) {
    s.clock.set(at(d, 8));
    expect((await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 100 }, { skuId: 'A002', onHand: 100 }] }, tokens['SUP-FRUIT'])).ok).toBe(true);
    expect((await s.call('operator', 'submitReportFor', { supplierId: 'sup-eggs', lines: [{ skuId: 'B001', onHand: 100 }, { skuId: 'B002', onHand: 100 }] }, tokens['OP-0001'])).ok).toBe(true);
    s.clock.set(at(d, 10));
    const placed = await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: `buffers-${d}`, lines: SKUS.map((k) => ({ skuId: k.id, qty: 20 })) }, tokens['LEAD-0001']);
    expect(placed.ok || placed.error.message).toBe(true);
    s.clock.set(at(d, 22, 1));
    await closeDueWaves(s.deps);
    const fruit = await s.call('supplier', 'confirmWave', { waveId: `sup-fruit_${day(d)}`, skus: [{ skuId: 'A001', shipQty: 20 }, { skuId: 'A002', shipQty: 20 }] }, tokens['SUP-FRUIT']);
    expect(fruit.ok || fruit.error.message).toBe(true);
    const eggs = await s.call('supplier', 'confirmWave', { waveId: `sup-eggs_${day(d)}`, skus: [{ skuId: 'B001', shipQty: EGG_CUTS[d] ?? 20 }, { skuId: 'B002', shipQty: 20 }] }, tokens['SUP-EGGS']);
    expect(eggs.ok || eggs.error.message).toBe(true);
    s.clock.set(at(d, 23));
    for (const [supplier, token] of [['sup-fruit', 'SUP-FRUIT'], ['sup-eggs', 'SUP-EGGS']] as const) {
      expect((await s.call('supplier', 'shipWave', { waveId: `${supplier}_${day(d)}` }, tokens[token])).ok).toBe(true);
    }
  }
  s.clock.set(at(13, 8));
  await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 100 }, { skuId: 'A002', onHand: 100 }] }, tokens['SUP-FRUIT']);
});

const suggestions = async (limits: object = {}): Promise<BufferSuggestions> => {
  const res = await s.call<BufferSuggestions>('operator', 'bufferSuggestions', limits, tokens['OP-0001']);
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
};
const sellable = async (): Promise<Record<string, number>> => {
  const res = await s.call<AvailabilityItem[]>('leader', 'availability', {}, tokens['LEAD-0001']);
  if (!res.ok) throw new Error(res.error.message);
  return Object.fromEntries(res.data.map((i) => [i.skuId, i.sellable]));
};

it('suggests the lowest buffer for a supplier that shipped in full and the highest for one whose cuts were far below our belief', async () => {
  const { rows, limits } = await suggestions();
  expect(limits).toMatchObject({ minRatio: 0.05, maxRatio: 0.4, coverage: 0.95 });
  const fruit = rows.find((r) => r.supplierId === 'sup-fruit');
  const eggs = rows.find((r) => r.supplierId === 'sup-eggs');
  expect(fruit).toMatchObject({
    supplierId: 'sup-fruit', current: { policy: DEFAULT_SETTINGS.bufferPolicy, own: false },
    suggestion: { status: 'suggested', ratio: 0.05, neededRatio: 0, bounded: 'min', observations: 24, waves: 12, short: 0, covered: 1 },
    to: { ...DEFAULT_SETTINGS.bufferPolicy, ratio: 0.05 },
  });
  // Two of 24 SKU-waves cut: we believed 100 and it had 10 (needs 90%) and 12 (88%); 95% must cover one of them.
  expect(eggs).toMatchObject({
    supplierId: 'sup-eggs', current: { policy: { ratio: 0.3, fixed: 2 }, own: true },
    suggestion: { status: 'suggested', ratio: 0.4, neededRatio: 0.88, bounded: 'max', observations: 24, short: 2 },
    to: { ratio: 0.4, fixed: 2 },
  });
  // At 90% both cuts may be let go.
  expect((await suggestions({ coverage: 0.9 })).rows.find((r) => r.supplierId === 'sup-eggs')!.suggestion).toMatchObject({ ratio: 0.05, bounded: 'min' });
  // What it would do to sellable now: each fruit SKU's buffer of 20 on 100 becomes 5.
  const before = await sellable();
  expect(fruit!.effect).toEqual({ gained: 30, heldBack: 0, skus: 2 });
  expect(eggs!.effect!.heldBack).toBeGreaterThan(0);

  const applied = await s.call<AppliedBufferChanges>('operator', 'applyBufferSuggestions', { suppliers: [{ supplierId: 'sup-fruit', ratio: 0.05 }] }, tokens['OP-0001']);
  if (!applied.ok) throw new Error(applied.error.message);
  expect(applied.data.applied).toEqual([expect.objectContaining({ supplierId: 'sup-fruit', by: 'u-op', to: { ...DEFAULT_SETTINGS.bufferPolicy, ratio: 0.05 }, basis: { observations: 24, waves: 12, coverage: 1, neededRatio: 0 } })]);
  expect(applied.data.applied[0]!.from).toBeUndefined();
  const after = await sellable();
  expect([after.A001! - before.A001!, after.A002! - before.A002!, after.B001! - before.B001!]).toEqual([15, 15, 0]);
  expect((await s.store.getSupplier('sup-fruit'))?.bufferPolicy).toEqual({ ...DEFAULT_SETTINGS.bufferPolicy, ratio: 0.05 });
  const again = await suggestions();
  expect(again.rows.find((r) => r.supplierId === 'sup-fruit')).toMatchObject({ current: { own: true }, lastChange: { supplierId: 'sup-fruit', by: 'u-op', byName: users.find((u) => u.id === 'u-op')!.name, inForce: true }, effect: { gained: 0, heldBack: 0, skus: 0 } });
});

it('applies nothing when a chosen suggestion changed since the operator saw it, and logs each change it applies', async () => {
  const stale = await s.call('operator', 'applyBufferSuggestions', { suppliers: [{ supplierId: 'sup-fruit', ratio: 0.05 }, { supplierId: 'sup-eggs', ratio: 0.35 }] }, tokens['OP-0001']);
  expect(stale.ok).toBe(false);
  if (stale.ok) return;
  expect([stale.error.code, stale.error.message, stale.error.issues?.map((i) => i.path)]).toEqual(['CONFLICT', '山里土鸡蛋合作社 的建议已变化，请刷新后再确认', ['suppliers[1].ratio']]);
  expect((await s.store.getSupplier('sup-fruit'))?.bufferPolicy).toBeUndefined();
  expect(await s.store.listBufferChanges({}, 10)).toEqual([]);
  const unknown = await s.call('operator', 'applyBufferSuggestions', { suppliers: [{ supplierId: 'sup-none', ratio: 0.05 }] }, tokens['OP-0001']);
  expect(unknown.ok || [unknown.error.code, unknown.error.issues?.map((i) => i.path)]).toEqual(['NOT_FOUND', ['suppliers[0].supplierId']]);

  s.clock.advance(60_000);
  expect((await s.call('operator', 'applyBufferSuggestions', { suppliers: [{ supplierId: 'sup-eggs', ratio: 0.4 }] }, tokens['OP-0001'])).ok).toBe(true);
  const log = await s.call<Array<{ supplierId: string; from?: object; to: object }>>('operator', 'bufferChanges', { supplierId: 'sup-eggs' }, tokens['OP-0001']);
  expect(log.ok && log.data.map((c) => [c.supplierId, c.from, c.to])).toEqual([['sup-eggs', { ratio: 0.3, fixed: 2 }, { ratio: 0.4, fixed: 2 }]]);
  // Someone sets the co-op's buffer by hand afterwards: the logged change is no longer in force, and says so.
  await s.store.upsertSuppliers([{ ...(await s.store.getSupplier('sup-eggs'))!, bufferPolicy: { ratio: 0.25 } }]);
  expect((await suggestions()).rows.find((r) => r.supplierId === 'sup-eggs')!.lastChange).toMatchObject({ inForce: false, to: { ratio: 0.4, fixed: 2 } });
});

it('gives a SKU the co-op never cut its own low buffer, applied with the co-op\'s, logged per SKU and seen by leaders at once', async () => {
  const eggs = (await suggestions()).rows.find((r) => r.supplierId === 'sup-eggs')!;
  // B001 was cut twice in its twelve waves and needs the co-op's 40%; B002 never was.
  expect(eggs.skus.map((k) => [k.skuId, k.current, k.suggestion.ratio, k.suggestion.observations, k.suggestion.short, k.to])).toEqual([
    ['B002', { policy: { ratio: 0.3, fixed: 2 }, own: false }, 0.05, 12, 0, { ratio: 0.05, fixed: 2 }],
  ]);
  const b002 = eggs.skus[0]!;
  expect(b002.effect.gained).toBeGreaterThan(0);
  expect(b002.effect.heldBack).toBe(0);
  // The row's effect is the whole plan: B001 held back by 40%, B002 freed by its own 5%.
  expect(eggs.effect!.gained).toBe(b002.effect.gained);

  const stale = await s.call('operator', 'applyBufferSuggestions', { suppliers: [{ supplierId: 'sup-eggs', ratio: 0.4, skus: [{ skuId: 'B002', ratio: 0.1 }] }] }, tokens['OP-0001']);
  expect(stale.ok || [stale.error.code, stale.error.issues?.map((i) => i.path)]).toEqual(['CONFLICT', ['suppliers[0].skus[0].ratio']]);
  expect(await s.store.listBufferChanges({}, 10)).toEqual([]);
  expect((await s.store.getSkus(['B002']))[0]?.bufferPolicy).toBeUndefined();

  const before = await sellable();
  const applied = await s.call<AppliedBufferChanges>('operator', 'applyBufferSuggestions', { suppliers: [{ supplierId: 'sup-eggs', ratio: 0.4, skus: [{ skuId: 'B002', ratio: 0.05 }] }] }, tokens['OP-0001']);
  if (!applied.ok) throw new Error(applied.error.message);
  expect(applied.data.applied.map((c) => [c.supplierId, c.skuId, c.from, c.to, c.basis.observations])).toEqual([
    ['sup-eggs', undefined, { ratio: 0.3, fixed: 2 }, { ratio: 0.4, fixed: 2 }, 24],
    ['sup-eggs', 'B002', undefined, { ratio: 0.05, fixed: 2 }, 12],
  ]);
  expect((await s.store.getSkus(['B002']))[0]?.bufferPolicy).toEqual({ ratio: 0.05, fixed: 2 });
  const after = await sellable();
  expect(after.B002! - before.B002!).toBe(b002.effect.gained);
  expect(after.B001!).toBeLessThan(before.B001!);

  // In force, B002 asks for nothing more; set by hand afterwards, its row comes back and says the change is not in force.
  expect((await suggestions()).rows.find((r) => r.supplierId === 'sup-eggs')!.skus).toEqual([]);
  await s.store.upsertSkus([{ ...(await s.store.getSkus(['B002']))[0]!, bufferPolicy: { ratio: 0.2 } }]);
  const back = (await suggestions()).rows.find((r) => r.supplierId === 'sup-eggs')!.skus;
  expect(back.map((k) => [k.skuId, k.current, k.to, k.lastChange?.inForce])).toEqual([['B002', { policy: { ratio: 0.2 }, own: true }, { ratio: 0.05 }, false]]);
});

it('refuses a lowest ratio above the highest, and a supplier or SKU listed twice, naming the field; nothing is applied', async () => {
  const inverted = await s.call('operator', 'bufferSuggestions', { minRatio: 0.5, maxRatio: 0.1 }, tokens['OP-0001']);
  expect(inverted.ok || [inverted.error.code, inverted.error.issues]).toEqual(['VALIDATION', [{ path: 'maxRatio', message: '最高比例不能低于最低比例' }]]);
  const twice = await s.call('operator', 'applyBufferSuggestions', {
    suppliers: [{ supplierId: 'sup-eggs', ratio: 0.4, skus: [{ skuId: 'B002', ratio: 0.05 }, { skuId: 'B002', ratio: 0.05 }] }, { supplierId: 'sup-eggs', ratio: 0.4 }],
  }, tokens['OP-0001']);
  expect(twice.ok || twice.error.issues?.map((i) => i.path)).toEqual(['suppliers[1].supplierId', 'suppliers[0].skus[1].skuId']);
  expect(await s.store.listBufferChanges({}, 10)).toEqual([]);
});
