// The tiered pull against a local supplier system over real HTTP: a paged JSON endpoint,
// a 聚水潭-style paged query and a CSV file are read into counts through the same intake
// as a push; a slow, wrong or absent system fails the pull whole, is backed off, and
// says why on the supplier's health line. Pulls follow the tiers: hot (and low-stock)
// SKUs every few minutes, normal every half hour.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pullStock } from '../../cloudfunctions/src/jobs/pull-stock';
import type { PullSource } from '../../cloudfunctions/src/domain/pull';
import type { Supplier } from '../../cloudfunctions/src/domain/model';
import type { AvailabilityItem, InboxView, SupplierView } from '../../cloudfunctions/src/contract/api';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);

/** What the supplier's system answers, by path; tests change it as they go. */
let answer: (path: string, body: string) => { status?: number; body: string; delayMs?: number; type?: string };
const seen: Array<{ path: string; body: string }> = [];
let system: Server;
let base: string;

beforeAll(async () => {
  system = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body });
      const a = answer(req.url ?? '', body);
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(a.status ?? 200, { 'content-type': a.type ?? 'application/json' }).end(a.body);
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => system.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(system.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => system.close(() => r())));

let s: TestServer;
const erp = (pull: PullSource): Supplier => ({ id: 'sup-erp', name: '鲜丰冷链仓', level: 'api', reportTimes: ['08:00'], basis: 'available', pull });
const onHand = async (skuId: string) => (await s.store.listInventory([skuId]))[0]?.onHand;
const health = async () => (await s.store.listPullHealth())[0];

beforeEach(async () => {
  seen.length = 0;
  s = await startTestServer();
  s.clock.set(at(26, 8));
  await s.store.upsertSkus([
    sku('C001', 'sup-erp', { name: '纯牛奶', supplierCode: 'MILK-24', tierOverride: 'hot' }),
    sku('C002', 'sup-erp', { name: '酸奶', tierOverride: 'normal' }),
  ]);
  await s.store.upsertUsers(users);
});
afterEach(() => s.close());

it('reads every page of a JSON endpoint by the operator\'s field mapping; codes the platform does not carry are left out and counted', async () => {
  await s.store.upsertSuppliers([...suppliers, erp({ system: 'json', url: `${base}/stock`, items: 'data.list', code: 'sku', quantity: 'stock.available', nextCursor: 'data.next', cursorParam: 'after' })]);
  answer = (path) => path === '/stock'
    ? { body: JSON.stringify({ data: { list: [{ sku: 'MILK-24', stock: { available: 80 } }, { sku: 'NOT-OURS', stock: { available: 5 } }], next: 'p2' } }) }
    : { body: JSON.stringify({ data: { list: [{ sku: 'C002', stock: { available: 30 } }] } }) };
  const [outcome] = await pullStock(s.deps);
  expect(outcome).toMatchObject({ supplierId: 'sup-erp', ok: true, lines: 2, ignored: 1 });
  expect(seen.map((r) => r.path)).toEqual(['/stock', '/stock?after=p2']);
  expect([await onHand('C001'), await onHand('C002')]).toEqual([80, 30]);
  const [report] = await s.store.listReports('sup-erp', 1);
  expect(report).toMatchObject({ source: 'api', reportedBy: 'pull:sup-erp' });
  expect(await health()).toMatchObject({ supplierId: 'sup-erp', failuresInRow: 0, lastSuccessAt: at(26, 8) });
});

it('pages a 聚水潭-style inventory query and reads a CSV file through the sheet reader', async () => {
  await s.store.upsertSuppliers([...suppliers, erp({ system: 'jushuitan', url: `${base}/open/inventory/query`, pageSize: 1 })]);
  answer = (_path, body) => {
    const page = (JSON.parse(body) as { page_index: number }).page_index;
    const rows = [{ sku_id: 'MILK-24', qty: 60, order_lock: 4 }, { sku_id: 'C002', qty: 12, order_lock: 0 }];
    return { body: JSON.stringify({ code: 0, data: { page_index: page, has_next: page < 2, inventorys: [rows[page - 1]] } }) };
  };
  expect((await pullStock(s.deps))[0]).toMatchObject({ ok: true, lines: 2 });
  expect(seen.map((r) => JSON.parse(r.body))).toEqual([{ page_index: 1, page_size: 1 }, { page_index: 2, page_size: 1 }]);
  expect([await onHand('C001'), await onHand('C002')]).toEqual([60, 12]);

  await s.store.upsertSuppliers([erp({ system: 'sheet', url: `${base}/export/库存.csv` })]);
  answer = () => ({ type: 'text/csv', body: '商品编码,可用数\r\nMILK-24,55\r\nC002,10\r\n' });
  s.clock.advance(31 * 60_000);
  expect((await pullStock(s.deps))[0]).toMatchObject({ ok: true, lines: 2 });
  expect([await onHand('C001'), await onHand('C002')]).toEqual([55, 10]);
});

it('fails a slow, wrong or absent system whole, backs off, and says why on the health line', async () => {
  await s.store.upsertSuppliers([...suppliers, erp({ system: 'json', url: `${base}/stock`, items: 'list', code: 'sku', quantity: 'qty' })]);
  answer = () => ({ body: JSON.stringify({ list: [{ sku: 'C001', qty: 50 }, { sku: 'C002', qty: 20 }] }) });
  await pullStock(s.deps);

  answer = () => ({ body: '{}', delayMs: 1_000 });
  s.clock.advance(6 * 60_000);
  expect((await pullStock(s.deps, 200))[0]).toMatchObject({ ok: false, message: '对方系统 0.2 秒内没有响应' });
  expect(await health()).toMatchObject({ failuresInRow: 1, lastError: { message: '对方系统 0.2 秒内没有响应' } });
  // Backed off: a minute after one failure, not at once.
  s.clock.advance(30_000);
  expect(await pullStock(s.deps, 200)).toEqual([]);

  answer = () => ({ body: JSON.stringify({ list: [{ sku: 'C001', qty: 49 }, { sku: 'C002', qty: -3 }] }) });
  s.clock.advance(60_000);
  expect((await pullStock(s.deps))[0]!.message).toBe('第 2 项（C002）的数量不是非负整数（qty：-3）');
  answer = () => ({ status: 502, body: 'bad gateway' });
  s.clock.advance(3 * 60_000);
  expect((await pullStock(s.deps))[0]!.message).toBe('对方系统返回 HTTP 502');
  expect(await health()).toMatchObject({ failuresInRow: 3 });
  // Nothing of the failed pulls counted; the counts now read as estimated, and the operator sees why.
  expect([await onHand('C001'), await onHand('C002')]).toEqual([50, 20]);
  const leader = await s.signIn('LEAD-0001');
  const items = await s.call<AvailabilityItem[]>('leader', 'availability', {}, leader);
  expect(items.ok && items.data.find((i) => i.skuId === 'C001')!.freshness).toMatchObject({ estimated: true });
  const listed = await s.call<SupplierView[]>('operator', 'listSuppliers', {}, await s.signIn('OP-0001'));
  expect(listed.ok && listed.data.find((v) => v.id === 'sup-erp')!.pullHealth).toMatchObject({ failuresInRow: 3, lastSuccessAt: at(26, 8), lastError: { message: '对方系统返回 HTTP 502' } });

  await s.store.upsertSuppliers([erp({ system: 'json', url: 'http://127.0.0.1:1/stock', items: 'list', code: 'sku', quantity: 'qty' })]);
  s.clock.advance(5 * 60_000);
  expect((await pullStock(s.deps))[0]!.message).toMatch(/^连接不上对方系统/);
  // The operators heard at the third failure in a row, once for the whole run of failures; nobody else did.
  const pullAlerts = async (code: string) => {
    const inbox = await s.call<InboxView>('account', 'inbox', {}, await s.signIn(code));
    return inbox.ok ? inbox.data.alerts.filter((a) => a.kind === 'pullFailing') : [];
  };
  const [heard, ...more] = await pullAlerts('OP-0001');
  expect(more).toEqual([]);
  expect(heard).toMatchObject({
    title: '接口拉取失败', link: '/pages/operator/supplier-edit/index?id=sup-erp',
    body: '鲜丰冷链仓：从对方系统拉取库存已连续失败 3 次（对方系统返回 HTTP 502），数量改按估算显示，请联系供应商检查接口，或向供应商要最新库存后代报',
  });
  expect(await pullAlerts('SUP-FRUIT')).toEqual([]);
  // A success ends the run; the next run of failures is news again.
  await s.store.upsertSuppliers([erp({ system: 'json', url: `${base}/stock`, items: 'list', code: 'sku', quantity: 'qty' })]);
  answer = () => ({ body: JSON.stringify({ list: [{ sku: 'C001', qty: 40 }] }) });
  s.clock.advance(60 * 60_000);
  expect((await pullStock(s.deps))[0]).toMatchObject({ ok: true });
  answer = () => ({ status: 503, body: '' });
  for (let i = 0; i < 3; i++) {
    s.clock.advance(60 * 60_000);
    await pullStock(s.deps);
  }
  expect(await pullAlerts('OP-0001')).toHaveLength(2);
});

it('pulls by tier: a hot SKU after five minutes, otherwise a normal one after half an hour', async () => {
  await s.store.upsertSuppliers([...suppliers, erp({ system: 'json', url: `${base}/stock`, items: 'list', code: 'sku', quantity: 'qty' })]);
  answer = () => ({ body: JSON.stringify({ list: [{ sku: 'C002', qty: 20 }] }) });
  await pullStock(s.deps);
  s.clock.advance(10 * 60_000);
  // Only the normal SKU is counted: nothing is due until it is half an hour old.
  expect(await pullStock(s.deps)).toEqual([]);
  s.clock.advance(21 * 60_000);
  expect(await pullStock(s.deps)).toHaveLength(1);

  answer = () => ({ body: JSON.stringify({ list: [{ sku: 'C001', qty: 40 }, { sku: 'C002', qty: 20 }] }) });
  s.clock.advance(31 * 60_000);
  await pullStock(s.deps);
  s.clock.advance(5 * 60_000);
  expect(await pullStock(s.deps)).toHaveLength(1); // the hot milk wants a count every five minutes
  expect(seen).toHaveLength(4);
});

it('refuses a pull setting that is not a web address or a field name, naming the field', async () => {
  await s.store.upsertSuppliers(suppliers);
  const op = await s.signIn('OP-0001');
  const saved = await s.call('operator', 'saveSupplier', { supplier: erp({ system: 'json', url: 'ftp://x', items: 'data list', code: 'sku', quantity: 'qty' }), create: true }, op);
  expect(saved.ok).toBe(false);
  if (saved.ok) return;
  expect(saved.error.issues!.map((i) => [i.path, i.message])).toEqual([
    ['supplier.pull.url', '供应商的库存拉取设置的地址应为 http:// 或 https:// 开头的地址'],
    ['supplier.pull.items', '供应商的库存拉取设置的商品应为字段名，多层用 . 连接，如 data.list'],
  ]);
});
