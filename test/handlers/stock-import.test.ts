// The operator's spreadsheet import over HTTP: upload the bytes, then import by file id.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AvailabilityItem, FileDownload, ImportResult } from '../../cloudfunctions/src/contract/api';
import { EGGS, skus, suppliers } from '../fixtures/import/catalogue';
import { jstStock, kttOrders } from '../fixtures/import/platform-exports';
import { users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const FIXTURES = join(__dirname, '../fixtures/import');
let s: TestServer;
let op: string;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(skus);
  await s.store.upsertUsers(users);
  op = await s.signIn('OP-0001');
});
afterEach(() => s.close());

async function upload(bytes: Uint8Array, token = op): Promise<{ ok: boolean; data?: { fileId: string }; error?: { code: string } }> {
  const res = await fetch(`${s.url}/api/upload`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` }, body: Buffer.from(bytes) });
  return (await res.json()) as never;
}

async function importBytes(bytes: Uint8Array, name: string, supplierId = EGGS) {
  const up = await upload(bytes);
  return s.call<ImportResult>('operator', 'importStock', { supplierId, fileId: up.data!.fileId, fileName: name }, op);
}

const importFile = (name: string, supplierId = EGGS) => importBytes(readFileSync(join(FIXTURES, name)), name, supplierId);

describe('spreadsheet import', () => {
  it('applies a good file as one report from a spreadsheet, and leaders see the new sellable counts', async () => {
    const res = await importFile('good.csv');
    expect(res.ok && res.data.intake.status).toBe('applied');
    const [rep] = await s.store.listReports(EGGS, 1);
    expect(rep).toMatchObject({ source: 'spreadsheet', reportedBy: 'u-op', note: '导入 good.csv' });
    const leader = await s.signIn('LEAD-0001');
    const items = await s.call<AvailabilityItem[]>('leader', 'availability', {}, leader);
    expect(items.ok && items.data.find((i) => i.skuId === 'EG001')).toMatchObject({ onHand: 120, buffer: 36, sellable: 84 }); // 30% rules buffer
  });

  it('reads Chinese headers under a title row in XLSX, and maps the supplier\'s own codes', async () => {
    for (const file of ['chinese-headers.xlsx', 'supplier-codes.xlsx']) {
      const res = await importFile(file);
      expect(res.ok ? res.data.intake.status : res.error.message).toBe('applied');
    }
  });

  it('names every bad line with its row number and applies nothing', async () => {
    const res = await importFile('bad-lines.csv');
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.message).toMatch(/^bad-lines\.csv 未导入，请改正后重新上传：第2行：/);
    const paths = res.error.issues!.map((i) => i.path);
    expect(paths.length).toBeGreaterThanOrEqual(6);
    expect(paths.every((p) => /^line:\d+$/.test(p))).toBe(true);
    expect(res.error.issues!.every((i) => /^第\d+行：/.test(i.message))).toBe(true);
    expect(await s.store.listInventory()).toEqual([]);
    expect(await s.store.listReports(EGGS, 10)).toEqual([]);
  });

  it('refuses a file it cannot read, saying why', async () => {
    const up = await upload(new TextEncoder().encode('just some words, no header at all\nreally'));
    const res = await s.call('operator', 'importStock', { supplierId: EGGS, fileId: up.data!.fileId, fileName: 'notes.csv' }, op);
    expect(res.ok || res.error.code).toBe('BAD_FILE');
    const missing = await s.call('operator', 'importStock', { supplierId: EGGS, fileId: 'up_00000000000000000000000000000000', fileName: 'x.csv' }, op);
    expect(missing.ok || [missing.error.code, missing.error.issues?.[0]?.path]).toEqual(['NOT_FOUND', 'fileId']);
  });

  it('reads a 聚水潭 export by the supplier\'s basis and tells the operator which column it read', async () => {
    const res = await importBytes(await jstStock(), '库存查询.xlsx');
    expect(res.ok ? res.data.intake.status : res.error.message).toBe('applied');
    if (!res.ok) return;
    expect(res.data.notes).toEqual([expect.stringMatching(/^库存数量读取的是 F列「实际库存数」（该供应商报的是实物库存.*没有读取.*H列「可用数」/)]);
    const onHand = Object.fromEntries((await s.store.listInventory()).map((r) => [r.skuId, r.onHand]));
    expect(onHand).toMatchObject({ EG001: 120, EG002: 45 }); // 实际库存数, not 可用数 (100, 40)
  });

  it('refuses an order export as stock and changes nothing', async () => {
    const res = await importBytes(await kttOrders(), '快团团订单.xlsx');
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error).toMatchObject({ code: 'BAD_FILE', details: { problem: 'ORDER_EXPORT' } });
    expect(res.error.message).toMatch(/^这是订单导出（有跟团号、下单人等列），不是库存表/);
    expect(await s.store.listInventory()).toEqual([]);
    expect(await s.store.listReports(EGGS, 10)).toEqual([]);
  });

  it('lets only the operator (stock files) and leaders (order exports) upload', async () => {
    const supplier = await s.signIn('SUP-FRUIT');
    expect((await upload(new Uint8Array([1, 2, 3]), supplier)).error?.code).toBe('FORBIDDEN');
    const leader = await s.signIn('LEAD-0001');
    expect((await upload(new Uint8Array([1, 2, 3]), leader)).ok).toBe(true);
    expect((await upload(new Uint8Array([1, 2, 3]), 'nobody')).error?.code).toBe('UNAUTHENTICATED');
  });

  it('gives a template that, once filled in, imports', async () => {
    const res = await s.call<FileDownload>('operator', 'stockTemplate', { supplierId: EGGS, format: 'csv' }, op);
    expect(res.ok && res.data.fileName).toBe('山里土鸡蛋合作社-库存报数模板.csv');
    if (!res.ok) return;
    const filled = Buffer.from(res.data.base64, 'base64').toString('utf8').split(/\r?\n/)
      .map((line, i) => (i === 0 || line === '' ? line : `${line}${i * 3}`)).join('\n');
    const up = await upload(new TextEncoder().encode(filled));
    const imported = await s.call<ImportResult>('operator', 'importStock', { supplierId: EGGS, fileId: up.data!.fileId, fileName: res.data.fileName }, op);
    expect(imported.ok ? imported.data.lineCount : imported.error.message).toBe(8); // the 8 listed SKUs
    const xlsx = await s.call<FileDownload>('operator', 'stockTemplate', { supplierId: EGGS, format: 'xlsx' }, op);
    expect(xlsx.ok && Buffer.from(xlsx.data.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  it('imports 10,000 lines as one report', async () => {
    const { BULK, bulkSkus } = await import('../fixtures/import/catalogue');
    await s.store.upsertSkus(bulkSkus());
    const res = await importFile('ten-thousand.csv', BULK);
    expect(res.ok ? res.data.lineCount : res.error.message).toBe(10_000);
    expect((await s.store.listInventory()).length).toBe(10_000);
  }, 60_000);
});
