// Line events, against a local receiver over real HTTP: a supplier who asked to hear of
// each line gets one signed event per placement, change and cancellation, read from the
// ledger, each once however often the scan runs; a supplier who did not ask gets waves only.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlaceOrderResult } from '../../cloudfunctions/src/contract/api';
import { enqueueLineEvents } from '../../cloudfunctions/src/jobs/line-events';
import { JOBS, runJobs } from '../../cloudfunctions/src/jobs/schedule';
import { deliverWebhooks } from '../../cloudfunctions/src/jobs/webhooks';
import { sign } from '../../cloudfunctions/src/open/signature';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
const KEY = { id: 'hzk_erp', supplierId: 'sup-erp', secret: 'erp-secret', createdAt: 0, createdBy: 'u-op' };
const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
let receiver: Server;
let url: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hz/events`;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

let s: TestServer;
let leader: string;
const erp = (lines: boolean) => ({ id: 'sup-erp', name: '鲜丰冷链仓', level: 'api' as const, reportTimes: ['08:00'], basis: 'available' as const, webhook: { url, lines } });

beforeEach(async () => {
  received.length = 0;
  s = await startTestServer();
  s.clock.set(at(26, 8));
  await s.store.upsertSuppliers([...suppliers, erp(true)]);
  await s.store.upsertSkus([sku('C001', 'sup-erp', { name: '纯牛奶', supplierCode: 'MILK-24' }), sku('C002', 'sup-erp', { name: '酸奶' }), sku('A001', 'sup-fruit')]);
  await s.store.upsertUsers(users);
  await s.store.savePartnerKey(KEY);
  const op = await s.signIn('OP-0001');
  await s.call('operator', 'submitReportFor', { supplierId: 'sup-erp', lines: [{ skuId: 'C001', onHand: 50 }, { skuId: 'C002', onHand: 50 }] }, op);
  await s.call('operator', 'submitReportFor', { supplierId: 'sup-fruit', lines: [{ skuId: 'A001', onHand: 50 }] }, op);
  leader = await s.signIn('LEAD-0001');
  await enqueueLineEvents(s.deps); // the first scan starts the record
});
afterEach(() => s.close());

const place = async (key: string, lines: Array<[string, number]>): Promise<PlaceOrderResult> => {
  const res = await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: key, lines: lines.map(([skuId, qty]) => ({ skuId, qty, customer: '3 王姐' })) }, leader);
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
};
const bodies = () => received.map((r) => JSON.parse(r.body) as { event: string; id: string; units: number; orderId: string; line: { skuId: string; quantity: number; status: string; supplierCode?: string; customer?: string } });

it('sends each placed, changed and cancelled line once, signed, with the line as it stands and the units moved', async () => {
  s.clock.set(at(26, 9));
  const order = await place('line-events-1', [['C001', 3], ['C002', 2], ['A001', 1]]);
  const milk = order.lines.find((l) => l.skuId === 'C001')!;
  const yogurt = order.lines.find((l) => l.skuId === 'C002')!;
  s.clock.set(at(26, 9, 5));
  expect((await s.call('leader', 'changeLine', { lineId: milk.lineId, qty: 5 }, leader)).ok).toBe(true);
  expect((await s.call('leader', 'cancelLine', { lineId: yogurt.lineId }, leader)).ok).toBe(true);
  s.clock.set(at(26, 9, 10));
  expect(await enqueueLineEvents(s.deps)).toBe(4);
  expect(await enqueueLineEvents(s.deps)).toBe(0); // found again: the same events
  await deliverWebhooks(s.deps);

  const got = bodies().map((b) => [b.event, b.line.skuId, b.units]).sort();
  expect(got).toEqual([['line.cancelled', 'C002', 2], ['line.changed', 'C001', 2], ['line.placed', 'C001', 3], ['line.placed', 'C002', 2]]);
  // The fruit supplier's line is not this supplier's business.
  expect(bodies().every((b) => b.orderId === order.orderId && b.line.skuId !== 'A001')).toBe(true);
  const placedMilk = bodies().find((b) => b.event === 'line.placed' && b.line.skuId === 'C001')!;
  expect(placedMilk.line).toMatchObject({ supplierCode: 'MILK-24', quantity: 5, customer: '3 王姐', status: 'placed' });
  expect(bodies().find((b) => b.event === 'line.cancelled')!.line).toMatchObject({ status: 'cancelled' });
  for (const r of received) {
    const h = r.headers as Record<string, string>;
    expect(h['x-hz-signature']).toBe(sign(KEY.secret, h['x-hz-timestamp']!, h['x-hz-nonce']!, r.body));
    expect(h['x-hz-event']).toBe(JSON.parse(r.body).id);
  }
  expect(await deliverWebhooks(s.deps)).toEqual([]);
});

it('finds a placement whose entries landed late, within the settling margin, and scans from the scheduler every tick', async () => {
  s.clock.set(at(26, 9));
  await place('line-events-2', [['C001', 1]]);
  s.clock.set(at(26, 9, 10));
  await runJobs(s.deps, JOBS);
  expect(bodies().map((b) => b.event)).toEqual(['line.placed']);
  // An entry stamped before the last scan (an order that began at 9:08 and landed after it).
  await s.store.upsertSkus([sku('C003', 'sup-erp', { name: '奶酪' })]);
  await s.call('operator', 'submitReportFor', { supplierId: 'sup-erp', lines: [{ skuId: 'C003', onHand: 9 }] }, await s.signIn('OP-0001'));
  s.clock.set(at(26, 9, 8));
  await place('line-events-3', [['C003', 2]]);
  s.clock.set(at(26, 9, 15));
  const ran = await runJobs(s.deps, JOBS);
  expect(ran.enqueueLineEvents).toBe(1);
  expect(bodies().map((b) => [b.event, b.line.skuId])).toEqual([['line.placed', 'C001'], ['line.placed', 'C003']]);
});

it('sends no line events to a supplier who did not ask for them', async () => {
  await s.store.upsertSuppliers([erp(false)]);
  s.clock.set(at(26, 9));
  await place('line-events-4', [['C001', 1]]);
  s.clock.set(at(26, 9, 10));
  expect(await enqueueLineEvents(s.deps)).toBe(0);
  expect(await deliverWebhooks(s.deps)).toEqual([]);
});
