// A leader's platform order export (快团团, 群接龙, 有赞) imported over HTTP onto the real
// SQLite store: each platform order one order, reserved whole, idempotent per platform number.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportResult, LeaderDayView, OrderImportResult } from '../../cloudfunctions/src/contract/api';
import type { Result } from '../../cloudfunctions/src/domain/errors';
import { EGGS, skus, suppliers } from '../fixtures/import/catalogue';
import { csv, workbook } from '../fixtures/import/platform-exports';
import { kttOrdersXlsx, kttRows, qjlOrdersCsv, qjlRows, youzanOrdersCsv } from '../fixtures/import/order-exports';
import { users } from '../fixtures/catalogue';
import { importPlatformOrders } from '../../cloudfunctions/src/handlers/order-import';
import { withDeadline } from '../../cloudfunctions/src/runtime/budget';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let op: string;
let leader: string;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(skus);
  await s.store.upsertUsers(users);
  op = await s.signIn('OP-0001');
  leader = await s.signIn('LEAD-0001');
  // 100 of each egg: the supplier's 30% buffer leaves 70 sellable.
  const stock = csv([['商品编码', '库存'], ...['EG001', 'EG002', 'EG003', 'EG004', 'EG005', 'EG006', 'EG007', 'EG008'].map((id) => [id, 100])]);
  const counted = await s.call<ImportResult>('operator', 'importStock', { supplierId: EGGS, fileId: await upload(stock, op), fileName: '库存.csv' }, op);
  expect(counted.ok).toBe(true);
});
afterEach(() => s.close());

async function upload(bytes: Uint8Array, token: string): Promise<string> {
  const res = await fetch(`${s.url}/api/upload`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` }, body: Buffer.from(bytes) });
  return ((await res.json()) as { data: { fileId: string } }).data.fileId;
}

async function importAs(token: string, bytes: Uint8Array, fileName: string): Promise<Result<OrderImportResult>> {
  return s.call<OrderImportResult>('leader', 'importOrders', { fileId: await upload(bytes, token), fileName }, token);
}

const sellable = async (): Promise<Record<string, number>> => Object.fromEntries((await s.store.listInventory()).map((r) => [r.skuId, r.sellable]));

async function myLines(token = leader) {
  const res = await s.call<LeaderDayView[]>('leader', 'myOrders', {}, token);
  if (!res.ok) throw new Error(res.error.message);
  return res.data.flatMap((d) => d.lines).map((l) => ({ orderId: l.orderId, skuId: l.skuId, qty: l.qty, customer: l.customer }));
}

describe('platform order import', () => {
  it('reads a 快团团 XLSX: one order per 订单号 (its rows together), codes or name+spec, customers, a cancelled row skipped', async () => {
    const res = await importAs(leader, await kttOrdersXlsx(), '快团团订单.xlsx');
    expect(res.ok ? res.data.message : res.error.message).toBe('导入 2 单');
    if (!res.ok) return;
    expect(res.data.platform).toBe('快团团');
    expect(res.data.imported.map((o) => [o.platformOrderNo, o.lineCount, o.units])).toEqual([['KTT202611250001', 2, 3], ['KTT202611250002', 1, 3]]);
    expect(res.data.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^第5行M列「订单状态」是「已取消」，没有导入/)]));
    const lines = await myLines();
    expect(lines.map(({ skuId, qty, customer }) => [skuId, qty, customer]).sort()).toEqual([
      ['EG001', 2, '1号 王姐'], ['EG003', 1, '1号 王姐'], ['EG004', 3, '2号 李明'],
    ]);
    // One of our orders per platform order, each keeping the platform's number.
    const first = await s.store.getOrder(res.data.imported[0]!.orderId);
    expect(first).toMatchObject({ status: 'placed', external: { platform: '快团团', orderNo: 'KTT202611250001' } });
    expect(first!.lines).toHaveLength(2);
    expect(await sellable()).toMatchObject({ EG001: 68, EG003: 69, EG004: 67 });
  });

  it('reads a 群接龙 CSV with a BOM: the supplier\'s registered codes, 接龙号 in the customer, a line matched by name and spec', async () => {
    const res = await importAs(leader, qjlOrdersCsv(), '群接龙订单.csv');
    expect(res.ok ? res.data.message : res.error.message).toBe('导入 2 单');
    const lines = await myLines();
    expect(lines.map(({ skuId, qty, customer }) => [skuId, qty, customer]).sort()).toEqual([
      ['EG002', 1, '12号 张阿姨'], ['EG005', 1, '13号 老周'], ['EG006', 2, '12号 张阿姨'],
    ]);
  });

  it('reads a 有赞 CSV: 规格编码 when it is ours, the shop\'s own codes matched by name and spec', async () => {
    const res = await importAs(leader, youzanOrdersCsv(), '有赞订单.csv');
    expect(res.ok ? res.data.message : res.error.message).toBe('导入 2 单');
    expect((await myLines()).map(({ skuId, qty, customer }) => [skuId, qty, customer]).sort()).toEqual([
      ['EG003', 4, '刘先生'], ['EG007', 2, '陈女士'], ['EG008', 1, '陈女士'],
    ]);
  });

  it('adds nothing when the same file is imported twice, and says so', async () => {
    const bytes = qjlOrdersCsv();
    expect((await importAs(leader, bytes, 'a.csv')).ok).toBe(true);
    const before = { stock: await sellable(), lines: await myLines() };
    const again = await importAs(leader, bytes, 'a.csv');
    expect(again.ok && again.data).toMatchObject({ message: '导入 0 单，已导入过 2 单（未重复添加）', imported: [], alreadyImported: ['QJL8800012', 'QJL8800013'] });
    expect(await sellable()).toEqual(before.stock);
    expect(await myLines()).toEqual(before.lines);
  });

  it('reports a platform order imported before with other content, and imports only the new ones', async () => {
    expect((await importAs(leader, qjlOrdersCsv(), 'a.csv')).ok).toBe(true);
    const rows = qjlRows().map((r) => [...r]);
    rows[2]![8] = 5; // 张阿姨 now has 5 鸭蛋 on the platform
    rows.push([3, 14, 'QJL8800014', '小吴', '139****1400', '皮蛋', '00123', '20枚', 2, 59.8, 59.8, '2026-11-25 20:30', '浙江省', '杭州市', '翠苑一区', 'T1001']);
    const res = await importAs(leader, qjlOrdersCsv(rows), 'b.csv');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.message).toBe('导入 1 单，已导入过 1 单（未重复添加），1 单与之前导入的内容不同，未导入');
    expect(res.data.conflicts).toEqual([{ platformOrderNo: 'QJL8800012', message: expect.stringMatching(/群接龙订单 QJL8800012 已于之前导入.*商品或数量不同，没有重复导入/) }]);
    expect((await myLines()).filter((l) => l.skuId === 'EG006').map((l) => l.qty)).toEqual([2]);
    expect((await myLines()).some((l) => l.skuId === 'EG004' && l.customer === '14号 小吴')).toBe(true);
  });

  it('names a bad line by its row and column and reserves nothing', async () => {
    const rows = kttRows().map((r) => [...r]);
    rows[2]![6] = '神秘蛋'; // 商品 nobody sells, with the platform's own code
    rows[3]![9] = '两'; // 数量 not a number
    const res = await importAs(leader, await kttOrdersXlsx(rows), '坏订单.xlsx');
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.message).toMatch(/^坏订单\.xlsx 未导入，请改正后重新上传（没有预订任何库存）：第3行：/);
    expect(res.error.issues!.map((i) => i.path)).toEqual(['line:3', 'line:4']);
    expect(res.error.issues![0]!.message).toMatch(/^第3行：I列「商品编码」、G列「商品」「神秘蛋 20枚」没有对应的商品/);
    expect(res.error.issues![1]!.message).toMatch(/^第4行：J列「数量」：数量「两」不是整数/);
    expect(await sellable()).toMatchObject({ EG001: 70, EG003: 70, EG004: 70 });
    expect(await myLines()).toEqual([]);
  });

  it('reserves nothing when the file as a whole needs more than is sellable, naming the lines', async () => {
    const rows = qjlRows().map((r) => [...r]);
    rows[3]![8] = 62;
    rows.push([3, 14, 'QJL8800014', '小吴', '139****1400', '鹌鹑蛋', '', '100枚', 9, 225, 225, '2026-11-25 20:30', '浙江省', '杭州市', '翠苑一区', 'T1001']);
    const res = await importAs(leader, qjlOrdersCsv(rows), '多.csv');
    expect(res.ok || [res.error.code, res.error.issues]).toEqual(['INSUFFICIENT_STOCK', [
      { path: 'line:4', code: 'INSUFFICIENT_STOCK', message: '第4、5行：鹌鹑蛋 100枚（EG005）共需 71 件，可售只有 70 件' },
    ]]);
    expect(await myLines()).toEqual([]);
  });

  it('lets the operator import for a leader, onto that leader\'s orders; a leader cannot import for another', async () => {
    const res = await s.call<OrderImportResult>('operator', 'importOrdersFor', { leaderId: 'u-leader-2', fileId: await upload(youzanOrdersCsv(), op), fileName: 'y.csv' }, op);
    expect(res.ok ? res.data.imported.length : res.error.message).toBe(2);
    expect(await myLines()).toEqual([]);
    expect(await myLines(await s.signIn('LEAD-0002'))).toHaveLength(3);
    const notLeader = await s.call('operator', 'importOrdersFor', { leaderId: 'u-op', fileId: await upload(youzanOrdersCsv(), op), fileName: 'y.csv' }, op);
    expect(notLeader.ok || notLeader.error.code).toBe('NOT_FOUND');
    const asLeader = await s.call('operator', 'importOrdersFor', { leaderId: 'u-leader-2', fileId: 'x', fileName: 'y.csv' }, leader);
    expect(asLeader.ok || asLeader.error.code).toBe('FORBIDDEN');
  });

  it('imports the fixture files on disk, one per platform, each as its platform\'s orders', async () => {
    const read = (name: string) => new Uint8Array(readFileSync(join(__dirname, '../fixtures/import', name)));
    const got: Array<[string, string, number]> = [];
    for (const name of ['orders-ktt.xlsx', 'orders-qjl.csv', 'orders-youzan.csv']) {
      const res = await importAs(leader, read(name), name);
      got.push(res.ok ? [name, res.data.platform, res.data.imported.length] : [name, res.error.message, 0]);
    }
    expect(got).toEqual([['orders-ktt.xlsx', '快团团', 2], ['orders-qjl.csv', '群接龙', 2], ['orders-youzan.csv', '有赞', 2]]);
    expect(await myLines()).toHaveLength(9);
  });

  it('stops placing before a WeChat call runs out of time; the same file again places the rest', async () => {
    const fileId = await upload(qjlOrdersCsv(), leader);
    const short = await withDeadline(Date.now() + 1_000, () => importPlatformOrders(s.deps, 'u-leader-1', { fileId, fileName: 'q.csv' }));
    expect(short.ok && [short.data.imported.length, short.data.pending, short.data.message]).toEqual([0, ['QJL8800012', 'QJL8800013'],
      '导入 0 单，还有 2 单这次来不及处理，请再导入一次同一文件（已导入的不会重复）']);
    expect(await myLines()).toEqual([]);
    const rest = await importPlatformOrders(s.deps, 'u-leader-1', { fileId, fileName: 'q.csv' });
    expect(rest.ok && [rest.data.imported.length, rest.data.pending]).toEqual([2, []]);
  });

  it('reads the one worksheet of a workbook that holds orders, and says which', async () => {
    const bytes = await workbook([['导出说明', [['快团团订单导出 2026-11-25'], ['共 3 单']]], ['订单列表', kttRows()]]);
    const res = await importAs(leader, bytes, '快团团.xlsx');
    expect(res.ok && res.data.notes[0]).toBe('读取的是工作表「订单列表」；其他工作表「导出说明」没有订单表头，未读取');
  });

  it('sends an order export given as stock to where it belongs', async () => {
    const res = await s.call('operator', 'importStock', { supplierId: EGGS, fileId: await upload(qjlOrdersCsv(), op), fileName: 'q.csv' }, op);
    expect(res.ok || res.error.message).toMatch(/^这是订单导出.*「我的订单 · 从平台导入订单」导入$/);
  });

  it('refuses a file that is not an order export of a platform it knows, saying what it found', async () => {
    const res = await importAs(leader, csv([['订单号', '商品编码', '数量'], ['A1', 'EG001', 1]]), 'x.csv');
    expect(res.ok || res.error.message).toMatch(/看不出这是哪个平台的订单导出.*「订单号」「商品编码」「数量」/);
  });
});
