// Orders out by webhook, against a local receiver over real HTTP: a wave closed at cutoff
// is POSTed signed with the supplier's key, retried with backoff while the receiver
// fails, delivered once it answers, parked after a day, and sent again on 重试.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboxView, PlaceOrderResult } from '../../cloudfunctions/src/contract/api';
import type { WebhookEvent } from '../../cloudfunctions/src/domain/webhook';
import { deliverWebhooks } from '../../cloudfunctions/src/jobs/webhooks';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { sign } from '../../cloudfunctions/src/open/signature';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
const KEY = { id: 'hzk_erp', supplierId: 'sup-erp', secret: 'erp-secret', createdAt: 0, createdBy: 'u-op' };

let status = 200;
const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
let receiver: Server;
let url: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hz/waves`;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

let s: TestServer;
const events = async (): Promise<WebhookEvent[]> => s.store.listWebhookEvents('sup-erp', 10);

beforeEach(async () => {
  received.length = 0;
  status = 200;
  s = await startTestServer();
  s.clock.set(at(26, 8));
  await s.store.upsertSuppliers([...suppliers, { id: 'sup-erp', name: '鲜丰冷链仓', level: 'api', reportTimes: ['08:00'], basis: 'available', webhook: { url } }]);
  await s.store.upsertSkus([sku('C001', 'sup-erp', { name: '纯牛奶', supplierCode: 'MILK-24' }), sku('A001', 'sup-fruit')]);
  await s.store.upsertUsers(users);
  await s.store.savePartnerKey(KEY);
  await s.call('operator', 'submitReportFor', { supplierId: 'sup-erp', lines: [{ skuId: 'C001', onHand: 50 }] }, await s.signIn('OP-0001'));
  await s.call('operator', 'submitReportFor', { supplierId: 'sup-fruit', lines: [{ skuId: 'A001', onHand: 50 }] }, await s.signIn('OP-0001'));
  const leader = await s.signIn('LEAD-0001');
  const placed = await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: 'webhook-order-1', lines: [{ skuId: 'C001', qty: 3, customer: '7 李阿姨' }, { skuId: 'A001', qty: 1 }] }, leader);
  expect(placed.ok).toBe(true);
  s.clock.set(at(26, 22, 1));
});
afterEach(() => s.close());

it('POSTs each closed wave to its supplier only, signed with its key, its lines in the partner API\'s shape', async () => {
  await closeDueWaves(s.deps);
  expect(await deliverWebhooks(s.deps)).toEqual([{ id: 'wave.forwarded:sup-erp_2026-11-26', status: 'delivered' }]);
  const [got] = received;
  const h = got!.headers as Record<string, string>;
  expect(h['x-hz-key']).toBe(KEY.id);
  expect(h['x-hz-event']).toBe('wave.forwarded:sup-erp_2026-11-26');
  expect(h['x-hz-signature']).toBe(sign(KEY.secret, h['x-hz-timestamp']!, h['x-hz-nonce']!, got!.body));
  const body = JSON.parse(got!.body);
  expect(body).toMatchObject({ event: 'wave.forwarded', waveId: 'sup-erp_2026-11-26', day: '2026-11-26' });
  expect(body.lines).toEqual([expect.objectContaining({ skuId: 'C001', supplierCode: 'MILK-24', quantity: 3, customer: '7 李阿姨', status: 'forwarded' })]);
  expect(await deliverWebhooks(s.deps)).toEqual([]);
});

it('retries with backoff while the receiver fails, delivers once it answers, and records every attempt', async () => {
  status = 503;
  await closeDueWaves(s.deps);
  expect((await deliverWebhooks(s.deps))[0]).toMatchObject({ status: 'pending', message: '接收方返回 HTTP 503' });
  s.clock.advance(30_000);
  expect(await deliverWebhooks(s.deps)).toEqual([]); // the first retry waits a minute
  s.clock.advance(31_000);
  await deliverWebhooks(s.deps);
  expect((await events())[0]).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: s.clock.now() + 120_000 });
  status = 200;
  s.clock.advance(120_000);
  expect((await deliverWebhooks(s.deps))[0]).toMatchObject({ status: 'delivered' });
  expect((await events())[0]).toMatchObject({ status: 'delivered', attempts: 3, lastError: { message: '接收方返回 HTTP 503' } });
  // The receiver saw the same event id every time: it keeps one.
  expect(new Set(received.map((r) => r.headers['x-hz-event']))).toEqual(new Set(['wave.forwarded:sup-erp_2026-11-26']));
});

it('parks an event after a day of failures; 重试 by an operator sends it again', async () => {
  status = 500;
  await closeDueWaves(s.deps);
  for (let i = 0; i < 40 && (await events())[0]!.status === 'pending'; i++) {
    s.clock.set((await events())[0]!.nextAttemptAt);
    await deliverWebhooks(s.deps);
  }
  const parked = (await events())[0]!;
  expect(parked.status).toBe('failed');
  expect(s.clock.now() - parked.createdAt).toBeLessThanOrEqual(24 * 60 * 60_000);
  const supplierView = await s.call<WebhookEvent[]>('supplier', 'webhookEvents', {}, await s.signIn('SUP-FRUIT'));
  expect(supplierView.ok && supplierView.data).toEqual([]);

  const op = await s.signIn('OP-0001');
  const inbox = await s.call<InboxView>('account', 'inbox', {}, op);
  const parkedAlerts = inbox.ok ? inbox.data.alerts.filter((a) => a.kind === 'webhookFailed') : [];
  expect(parkedAlerts).toHaveLength(1);
  expect(parkedAlerts[0]).toMatchObject({ title: '波次推送失败', link: '/pages/operator/supplier-edit/index?id=sup-erp' });
  expect(parkedAlerts[0]!.body).toMatch(new RegExp(`^鲜丰冷链仓：波次 ${parked.refId} 推送给对方系统重试 ${parked.attempts} 次仍未送达（接收方返回 HTTP 500）`));
  status = 200;
  const again = await s.call<WebhookEvent>('operator', 'retryWebhook', { eventId: parked.id }, op);
  expect(again.ok && again.data).toMatchObject({ status: 'pending', retriedBy: 'u-op' });
  expect((await deliverWebhooks(s.deps))[0]).toMatchObject({ status: 'delivered' });
  const twice = await s.call('operator', 'retryWebhook', { eventId: parked.id }, op);
  expect(twice.ok || twice.error.message).toBe('这条推送已送达');
});

it('keeps the event when the cutoff job dies after adding it, and sends the wave once it has closed', async () => {
  const dying = Object.create(s.store) as typeof s.store;
  dying.closeWaves = async () => {
    throw new Error('function timed out');
  };
  await expect(closeDueWaves({ ...s.deps, store: dying })).rejects.toThrow('function timed out');
  expect(await deliverWebhooks(s.deps)).toEqual([{ id: 'wave.forwarded:sup-erp_2026-11-26', status: 'waiting' }]);
  expect(received).toHaveLength(0);
  await closeDueWaves(s.deps);
  expect((await deliverWebhooks(s.deps))[0]).toMatchObject({ status: 'delivered' });
  expect(JSON.parse(received[0]!.body).lines).toHaveLength(1);
});
