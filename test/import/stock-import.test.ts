import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../../cloudfunctions/src/domain/errors';
import type { Report } from '../../cloudfunctions/src/domain/model';
import {
  type RawStockRow, STOCK_TEMPLATE_COLUMNS, headerField, mapStockRows, parseCount,
} from '../../cloudfunctions/src/domain/stock-import';
import type { Deps } from '../../cloudfunctions/src/handlers/action';
import { applyReport } from '../../cloudfunctions/src/handlers/report-apply';
import { MAX_ON_HAND } from '../../cloudfunctions/src/domain/limits';
import { type StockSheet, readStockSheet } from '../../cloudfunctions/src/import/stock-sheet';
import { SqliteStore } from '../../cloudfunctions/src/storage/sqlite/sqlite-store';
import { BULK, EGGS, FRUIT, T0, VEG, bulkCode, bulkQty, bulkSkus, sku, skus, suppliers } from '../fixtures/import/catalogue';

const fixture = (name: string): Uint8Array => readFileSync(join(__dirname, '../fixtures/import', name));

async function rowsOf(name: string): Promise<RawStockRow[]> {
  const read: Result<StockSheet> = await readStockSheet(fixture(name), name);
  if (!read.ok) throw new Error(read.error.message);
  return read.data.rows;
}

const row = (line: number, qtyText: string, skuCode?: string, supplierCode?: string): RawStockRow => ({ line, qtyText, skuCode, supplierCode });

describe('counts as people write them', () => {
  it.each([
    ['12', 12], ['12.0', 12], [' 12 ', 12], ['１２', 12], ['1,200', 1200], ['1,000,000', 1_000_000],
    ['0', 0], ['007', 7], ['１，２００', 1200], ['12.00', 12], [String(MAX_ON_HAND), MAX_ON_HAND], ['\u200B5', 5],
  ])('reads %j as %d', (text, value) => {
    expect(parseCount(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['-1', '数量「-1」不能为负数'],
    ['－３', '数量「－３」不能为负数'],
    ['2.5', '数量「2.5」不是整数'],
    ['1,200.5', '数量「1,200.5」不是整数'],
    ['', '数量为空'],
    ['   ', '数量为空'],
    ['十二', '数量「十二」不是整数（只能填阿拉伯数字）'],
    ['1e9', '数量「1e9」不是整数（只能填阿拉伯数字）'],
    ['12件', '数量「12件」不是整数（只能填阿拉伯数字）'],
    ['12,00', '数量「12,00」不是整数（只能填阿拉伯数字）'],
    ['#N/A', '数量「#N/A」不是整数（只能填阿拉伯数字）'],
    [String(MAX_ON_HAND + 1), `数量「${MAX_ON_HAND + 1}」超过上限 ${MAX_ON_HAND}`],
    ['99999999999999999999', `数量「99999999999999999999」超过上限 ${MAX_ON_HAND}`],
  ])('refuses %j', (text, reason) => {
    expect(parseCount(text)).toEqual({ ok: false, reason });
  });
});

describe('mapping rows to report lines', () => {
  const eggs = { supplierId: EGGS, skus };

  it('reports every bad line of bad-lines.csv with its Excel row number and reason', async () => {
    const { lines, issues } = mapStockRows(await rowsOf('bad-lines.csv'), eggs);
    expect(issues.map((i) => [i.path, i.code, i.message])).toEqual([
      ['line:2', 'VALIDATION', '第2行：数量「-1」不能为负数'],
      ['line:3', 'VALIDATION', '第3行：数量「2.5」不是整数'],
      ['line:4', 'VALIDATION', '第4行：数量「十二」不是整数（只能填阿拉伯数字）'],
      ['line:5', 'VALIDATION', '第5行：数量为空'],
      ['line:7', 'UNKNOWN_SKU', '第7行：商品编码 HZ9999 不存在，也不是本供应商登记的供应商编码'],
      ['line:8', 'DUPLICATE_SKU', '第8行：商品 EG005（鹌鹑蛋）与第6行重复，每个商品只能填一行'],
      ['line:9', 'NOT_YOUR_SKU', '第9行：商品编码 FR001 属于其他供应商，不属于本供应商'],
      ['line:10', 'SKU_DELISTED', '第10行：商品 EG009（乌鸡蛋）已下架，不能报数'],
      ['line:11', 'VALIDATION', '第11行：商品编码 EG006 与供应商编码 TJD-30 不一致（商品 EG006 的供应商编码是 YD-12），请核对后只保留正确的一个'],
      ['line:12', 'UNKNOWN_SKU', '第12行：供应商编码 TJD-99 没有对应的商品（请在商品资料中登记该供应商编码，或改填商品编码）'],
      ['line:13', 'VALIDATION', '第13行：数量「1e9」不是整数（只能填阿拉伯数字）'],
      ['line:14', 'VALIDATION', `第14行：数量「2000000」超过上限 ${MAX_ON_HAND}`],
      ['line:15', 'VALIDATION', '第15行：数量「abc」不是整数（只能填阿拉伯数字）'],
      ['line:15', 'UNKNOWN_SKU', '第15行：商品编码 HZ8888 不存在，也不是本供应商登记的供应商编码'],
    ]);
    for (const issue of issues) expect(issue.message.startsWith(`第${issue.path.slice('line:'.length)}行：`)).toBe(true);
    // The good line is still returned: applying nothing is the caller's rule (see below).
    expect(lines).toEqual([{ skuId: 'EG005', onHand: 10 }]);
  });

  it('maps the good fixtures without issues', async () => {
    const expected = [
      { skuId: 'EG001', onHand: 120 }, { skuId: 'EG002', onHand: 45 }, { skuId: 'EG003', onHand: 1200 },
      { skuId: 'EG004', onHand: 12 }, { skuId: 'EG005', onHand: 12 },
    ];
    expect(mapStockRows(await rowsOf('good.csv'), eggs)).toEqual({ lines: expected, issues: [] });
    expect(mapStockRows(await rowsOf('chinese-headers.xlsx'), eggs)).toEqual({
      lines: [{ skuId: 'EG001', onHand: 120 }, { skuId: 'EG002', onHand: 45 }, { skuId: 'EG003', onHand: 36 }, { skuId: 'EG004', onHand: 12 }, { skuId: 'EG005', onHand: 0 }],
      issues: [],
    });
    expect(mapStockRows(await rowsOf('gbk.csv'), { supplierId: VEG, skus })).toEqual({
      lines: [{ skuId: 'VG001', onHand: 30 }, { skuId: 'VG002', onHand: 15 }], issues: [],
    });
  });

  it('resolves supplier codes among this supplier\'s SKUs only', async () => {
    expect(mapStockRows(await rowsOf('supplier-codes.xlsx'), eggs)).toEqual({
      lines: [{ skuId: 'EG001', onHand: 100 }, { skuId: 'EG002', onHand: 50 }, { skuId: 'EG003', onHand: 24 }, { skuId: 'EG004', onHand: 6 }],
      issues: [],
    });
    // TJD-30 is EG001 for the egg cooperative and VG001 for the vegetable farm.
    expect(mapStockRows([row(2, '9', undefined, 'TJD-30')], { supplierId: VEG, skus }).lines).toEqual([{ skuId: 'VG001', onHand: 9 }]);
    // Another supplier's own code means nothing here.
    expect(mapStockRows([row(2, '9', '', 'QC-5')], eggs).issues.map((i) => i.code)).toEqual(['UNKNOWN_SKU']);
  });

  it('takes the unified code first and accepts a supplier code that agrees', () => {
    const { lines, issues } = mapStockRows([row(2, '1', 'EG001', 'TJD-30'), row(3, '2', 'EG005', 'NEW-1'), row(4, '3', 'ＥＧ００２', ' ')], eggs);
    expect(issues).toEqual([]);
    // EG005 has no supplier code on file and NEW-1 names no other SKU: nothing contradicts the unified code.
    expect(lines).toEqual([{ skuId: 'EG001', onHand: 1 }, { skuId: 'EG005', onHand: 2 }, { skuId: 'EG002', onHand: 3 }]);
  });

  it('refuses a supplier code that names another SKU of the same supplier', () => {
    const { issues } = mapStockRows([row(2, '1', 'EG005', 'TJD-60')], eggs);
    expect(issues.map((i) => i.message)).toEqual(['第2行：商品编码 EG005 与供应商编码 TJD-60 不一致（供应商编码 TJD-60 对应的是商品 EG002），请核对后只保留正确的一个']);
  });

  it('refuses a supplier code mapped to two SKUs rather than guessing', () => {
    const twins = [...skus, sku('EG010', EGGS, '土鸡蛋', '散装', { supplierCode: 'TJD-30' })];
    const { lines, issues } = mapStockRows([row(2, '1', undefined, 'TJD-30')], { supplierId: EGGS, skus: twins });
    expect(lines).toEqual([]);
    expect(issues.map((i) => i.message)).toEqual(['第2行：供应商编码 TJD-30 对应多个商品（EG001、EG010），请改填商品编码']);
  });

  it('names a duplicate reached through different codes', () => {
    const { issues } = mapStockRows([row(4, '1', 'EG001'), row(9, '2', undefined, 'TJD-30')], eggs);
    expect(issues).toEqual([{ path: 'line:9', code: 'DUPLICATE_SKU', message: '第9行：商品 EG001（土鸡蛋）与第4行重复，每个商品只能填一行' }]);
  });

  it('explains a code Excel turned into scientific notation', () => {
    const { issues } = mapStockRows([row(3, '1', undefined, '6.90123E+11')], eggs);
    expect(issues[0]!.message).toBe('第3行：供应商编码 6.90123E+11 没有对应的商品（编码被 Excel 显示成了科学计数法，请把编码列设为「文本」后重新填写）');
  });

  it('refuses a row without any code, and a sheet without rows', () => {
    expect(mapStockRows([row(5, '3', '', '')], eggs).issues.map((i) => i.message)).toEqual(['第5行：缺少商品编码（或供应商编码）']);
    expect(mapStockRows([], eggs).issues.map((i) => i.message)).toEqual(['表格中没有任何数据行']);
  });

  it('recognises every template header it needs to read back', () => {
    for (const column of STOCK_TEMPLATE_COLUMNS) {
      expect(headerField(column.header)).toBe(column.key === 'name' || column.key === 'spec' ? undefined : column.key);
    }
  });

  it('reads and maps the 10,000-line file with no issues', async () => {
    const rows = await rowsOf('ten-thousand.csv');
    const { lines, issues } = mapStockRows(rows, { supplierId: BULK, skus: [...skus, ...bulkSkus()] });
    expect(issues).toEqual([]);
    expect(lines).toHaveLength(10_000);
    expect(lines[4_999]).toEqual({ skuId: bulkCode(5_000), onHand: bulkQty(5_000) });
  });
});

describe('the caller applies a spreadsheet whole or not at all', () => {
  // What an import handler does with the two lists: any issue, and nothing is written.
  async function importFile(deps: Deps, name: string, supplierId: string): Promise<Result<number>> {
    const read = await readStockSheet(fixture(name), name);
    if (!read.ok) return read;
    const catalogue = await deps.store.listSkus();
    const { lines, issues } = mapStockRows(read.data.rows, { supplierId, skus: catalogue });
    if (issues.length > 0) return { ok: false, error: { code: issues[0]!.code ?? 'VALIDATION', message: '导入未生效', issues } };
    const report: Report = { id: deps.newId('rep'), supplierId, source: 'spreadsheet', basis: 'physical', reportedBy: 'u-op', reportedAt: deps.clock.now(), lines };
    const applied = await applyReport(deps, report, new Map(catalogue.map((s) => [s.id, s])));
    return applied.ok ? { ok: true, data: lines.length } : applied;
  }

  let store: SqliteStore;
  let deps: Deps;
  let n = 0;
  beforeEach(async () => {
    store = new SqliteStore({ filename: ':memory:' });
    await store.upsertSuppliers(suppliers);
    await store.upsertSkus(skus);
    deps = { store, notifier: {}, files: { read: async () => null }, clock: { now: () => T0 }, newId: (p) => `${p}_${++n}`, runtime: 'selfhosted', demo: false };
  });
  afterEach(() => store.close());

  it('writes nothing when any line is bad, though some lines were good', async () => {
    const result = await importFile(deps, 'bad-lines.csv', EGGS);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues).toHaveLength(14);
    expect(await store.listInventory()).toEqual([]);
    expect(await store.listReports(EGGS, 10)).toEqual([]);
  });

  it('writes every line of a good file as one spreadsheet report', async () => {
    expect(await importFile(deps, 'chinese-headers.xlsx', EGGS)).toEqual({ ok: true, data: 5 });
    const records = await store.listInventory();
    expect(records.map((r) => [r.skuId, r.onHand, r.reportSource])).toEqual([
      ['EG001', 120, 'spreadsheet'], ['EG002', 45, 'spreadsheet'], ['EG003', 36, 'spreadsheet'], ['EG004', 12, 'spreadsheet'], ['EG005', 0, 'spreadsheet'],
    ]);
    expect((await store.listReports(EGGS, 10)).map((r) => r.lines.length)).toEqual([5]);
    // A file naming only another supplier's SKUs is refused for this supplier.
    expect((await importFile(deps, 'gbk.csv', FRUIT)).ok).toBe(false);
  });
});
