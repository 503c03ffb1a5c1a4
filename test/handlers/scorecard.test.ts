// Scorecards from the records a real day leaves, on the real SQLite store: a wave confirmed
// with a shortage and shipped, read back as the operator's ranked table and as the
// supplier's own card with its trend.
import type { PlaceOrderResult, ScorecardRow } from '../../cloudfunctions/src/contract/api';
import { remindOverAgeCounts } from '../../cloudfunctions/src/jobs/reminders';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
let s: TestServer;
afterEach(() => s.close());

it('reads a day of orders, a shortage and a late report into each supplier\'s card, best first', async () => {
  s = await startTestServer();
  s.clock.set(at(26, 7, 50));
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus([sku('A001', 'sup-fruit', { name: '赣南脐橙' }), sku('B001', 'sup-eggs', { name: '土鸡蛋' })]);
  await s.store.upsertUsers(users);
  const [op, fruit, eggs, leader] = await Promise.all(['OP-0001', 'SUP-FRUIT', 'SUP-EGGS', 'LEAD-0001'].map((c) => s.signIn(c)));
  expect((await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 100 }] }, fruit)).ok).toBe(true);
  expect((await s.call('operator', 'submitReportFor', { supplierId: 'sup-eggs', lines: [{ skuId: 'B001', onHand: 100 }] }, op)).ok).toBe(true);
  s.clock.set(at(26, 10));
  const placed = await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: 'scorecard-order-1', lines: [{ skuId: 'A001', qty: 10 }, { skuId: 'B001', qty: 6 }] }, leader);
  expect(placed.ok || placed.error.message).toBe(true);
  s.clock.set(at(26, 22, 1));
  await closeDueWaves(s.deps);
  expect((await s.call('supplier', 'confirmWave', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 10 }] }, fruit)).ok).toBe(true);
  const eggWave = await s.call('supplier', 'confirmWave', { waveId: 'sup-eggs_2026-11-26', skus: [{ skuId: 'B001', shipQty: 4 }] }, eggs);
  expect(eggWave.ok || eggWave.error.message).toBe(true);
  // The 28th at 10:00: the fruit farm's count is over age and the product's own job reminds
  // it; a report follows half an hour later. The co-op (rules level) is not reminded itself.
  s.clock.set(at(28, 10));
  expect(await remindOverAgeCounts(s.deps)).toBeGreaterThan(0);
  s.clock.set(at(28, 10, 30));
  expect((await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 90 }] }, fruit)).ok).toBe(true);
  s.clock.set(at(30, 12));

  const table = await s.call<ScorecardRow[]>('operator', 'scorecards', { period: 'week', day: '2026-11-26' }, op);
  if (!table.ok) throw new Error(table.error.message);
  expect(table.data.map((r) => [r.supplierId, r.fill, r.accuracy.fullShare, r.shortage.lines, r.confirmation.onTime])).toEqual([
    ['sup-fruit', { ordered: 10, filled: 10, rate: 1 }, 1, 0, 1],
    ['sup-eggs', { ordered: 6, filled: 4, rate: 4 / 6 }, 0, 1, 1],
  ]);
  // One morning report on the 26th of fourteen report times that week.
  expect(table.data[0]!.reporting).toMatchObject({ due: 14, onTime: 1, reminded: 1, answered: 1, answeredRate: 1 });
  expect(table.data[1]!.reporting).toMatchObject({ reminded: 0, answeredRate: null });

  const own = await s.call<ScorecardRow[]>('supplier', 'scorecard', { period: 'week', day: '2026-11-26', count: 3 }, eggs);
  if (!own.ok) throw new Error(own.error.message);
  expect(own.data.map((r) => [r.supplierId, r.period.from, r.fill.rate])).toEqual([['sup-eggs', '2026-11-09', null], ['sup-eggs', '2026-11-16', null], ['sup-eggs', '2026-11-23', 4 / 6]]);
  const refused = await s.call('operator', 'scorecards', { period: 'year' }, op);
  expect(refused.ok || refused.error.issues?.map((i) => i.path)).toEqual(['period']);
});
