// `npm run demo:erp` against the demo world: the demo ERP registers itself as the API
// supplier's pull source and wave receiver, pushes its changes signed with the demo key,
// is pulled by the product, and confirms the wave it receives at cutoff.
import type { PlaceOrderResult } from '../../cloudfunctions/src/contract/api';
import { pullStock } from '../../cloudfunctions/src/jobs/pull-stock';
import { deliverWebhooks } from '../../cloudfunctions/src/jobs/webhooks';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { ensureDemoKey } from '../../cloudfunctions/src/server/demo-key';
import { seedDemo } from '../../cloudfunctions/src/server/seed';
import { type DemoErp, startDemoErp } from '../../scripts/demo-erp';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let erp: DemoErp;
const said: string[] = [];

beforeAll(async () => {
  s = await startTestServer({ demo: true });
  // The demo ERP signs with the machine's time.
  s.clock.set(Date.now());
  await seedDemo(s.deps);
  await ensureDemoKey(s.deps);
  erp = await startDemoErp({ base: s.url, everyMs: 0, confirmAfterMs: 20, log: (line) => said.push(line) });
});
afterAll(async () => {
  await erp.stop();
  await s.close();
});

it('registers itself as the demo API supplier\'s pull source and wave receiver', async () => {
  const supplier = await s.store.getSupplier('S01');
  expect(supplier).toMatchObject({ pull: { system: 'json', url: `${erp.url}/stock` }, webhook: { url: `${erp.url}/waves` } });
});

it('pushes each change as a signed delta the product applies', async () => {
  // Strictly after the seed's own reports, so "the latest report" is not a tie.
  s.clock.set(Date.now() + 1);
  const line = await erp.tick();
  expect(line).toMatch(/ → (applied|held)$/);
  const [report] = await s.store.listReports('S01', 1);
  expect(report).toMatchObject({ source: 'api', reportedBy: 'api:demo-s01' });
});

it('is pulled by the product: its whole stock becomes the counts', async () => {
  s.clock.advance(31 * 60_000);
  s.clock.set(Date.now());
  await s.store.savePullHealth({ supplierId: 'S01', failuresInRow: 0 });
  const [outcome] = await pullStock(s.deps);
  expect(outcome).toMatchObject({ supplierId: 'S01', ok: true, ignored: 0 });
  const counts = new Map((await s.store.listInventory([...erp.stock.keys()])).map((r) => [r.skuId, r.onHand]));
  const held = new Set((await s.store.listHeldReports({ supplierId: 'S01', status: 'held' })).flatMap((h) => h.report.lines.map((l) => l.skuId)));
  for (const [skuId, qty] of erp.stock) if (!held.has(skuId)) expect(counts.get(skuId)).toBe(qty);
});

it('receives the wave at cutoff and confirms it in full', async () => {
  const leader = await s.signIn('DEMO-L01');
  const skuId = [...erp.stock].find(([, qty]) => qty > 5)![0];
  const placed = await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: 'demo-erp-order-1', lines: [{ skuId, qty: 2 }] }, leader);
  expect(placed.ok).toBe(true);
  const [line] = await s.store.listOrderLines({ skuIds: [skuId] });
  s.clock.set(line!.cutoffAt + 60_000);
  await closeDueWaves(s.deps);
  expect(await deliverWebhooks(s.deps)).toEqual([{ id: `wave.forwarded:${line!.waveId}`, status: 'delivered' }]);
  s.clock.set(Date.now());
  const confirmedLine = () => said.some((l) => l.startsWith(`确认波次 ${line!.waveId}：成功`));
  for (let i = 0; i < 100 && !confirmedLine(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(confirmedLine()).toBe(true);
  expect((await s.store.getWave(line!.waveId))!.status).toBe('confirmed');
});
