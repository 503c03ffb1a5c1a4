// Stock files from real systems (issue 16): which column is read, which sheet, and
// what is refused with which message.
import type { Result } from '../../cloudfunctions/src/domain/errors';
import type { Sku } from '../../cloudfunctions/src/domain/model';
import { HEADER_SOURCES, KNOWN_HEADERS, nearMisses, normalizeHeader } from '../../cloudfunctions/src/domain/stock-headers';
import { mapStockRows } from '../../cloudfunctions/src/domain/stock-import';
import { type StockSheet, readStockSheet } from '../../cloudfunctions/src/import/stock-sheet';
import { EGGS, sku, skus } from '../fixtures/import/catalogue';
import {
  JST_HEADER, KTT_SUMMARY_HEADER, WDT_HEADER, csv, jstStock, kttOrders, kttSummary, wdtStock, withCoverNote, workbook, youzanOrders,
} from '../fixtures/import/platform-exports';

function sheetOf(result: Result<StockSheet>): StockSheet {
  if (!result.ok) throw new Error(`expected a sheet, got ${result.error.message}`);
  return result.data;
}

function refusal(result: Result<StockSheet>): { problem: string; message: string; details: Record<string, unknown> } {
  if (result.ok) throw new Error('expected a refusal');
  expect(result.error.code).toBe('BAD_FILE');
  const details = result.error.details as Record<string, unknown>;
  return { problem: details.problem as string, message: result.error.message, details };
}

const col = (header: readonly string[], name: string): number => header.indexOf(name);
const eggs = { supplierId: EGGS, skus };

describe('the header dictionary', () => {
  it('names a platform and a source for every header, and never gives one header two meanings', () => {
    const roles = new Map<string, string>();
    for (const h of KNOWN_HEADERS) {
      expect(h.source.length).toBeGreaterThan(10);
      const key = normalizeHeader(h.header);
      expect([undefined, JSON.stringify(h.role)]).toContain(roles.get(key));
      roles.set(key, JSON.stringify(h.role));
    }
  });

  it('marks the platforms it found no published columns for, rather than invent them', () => {
    for (const key of ['kttSummary', 'youzanOrders', 'weidian', 'alibaba1688'] as const) {
      expect(HEADER_SOURCES[key]).toMatch(/^NOT (VERIFIED|FOUND)/);
    }
    for (const key of ['jstApi', 'wdtApi', 'youzanApi'] as const) expect(HEADER_SOURCES[key]).toMatch(/^https:\/\//);
  });
});

describe('聚水潭: 实际库存数 and 可用数 in one file', () => {
  it('reads 实际库存数 for a physical supplier, and says so', async () => {
    const sheet = sheetOf(await readStockSheet(await jstStock(), '库存查询.xlsx', { basis: 'physical' }));
    expect(sheet.columns).toEqual({ skuCode: col(JST_HEADER, '商品编码'), qty: col(JST_HEADER, '实际库存数') });
    expect(sheet.rows[0]).toEqual({ line: 2, skuCode: 'TJD-30', qtyText: '120' });
    expect(sheet.notes).toEqual(['库存数量读取的是 F列「实际库存数」（该供应商报的是实物库存（含未发货的订单））；没有读取 G列「订单占有数」、H列「可用数」、I列「公有可用数」、J列「采购在途数」、K列「虚拟库存数」']);
  });

  it('reads 可用数 for an available supplier', async () => {
    const sheet = sheetOf(await readStockSheet(await jstStock(), '库存查询.xlsx', { basis: 'available' }));
    expect(sheet.columns.qty).toBe(col(JST_HEADER, '可用数'));
    expect(sheet.rows.map((r) => r.qtyText)).toEqual(['100', '40']);
    expect(sheet.notes[0]).toMatch(/^库存数量读取的是 H列「可用数」（该供应商报的是可用库存（已扣除订单））；没有读取 F列「实际库存数」/);
  });

  it('maps its 商品编码 (the supplier\'s own code in 聚水潭) to our SKUs', async () => {
    const { rows } = sheetOf(await readStockSheet(await jstStock(), 'a.xlsx'));
    expect(mapStockRows(rows, eggs)).toEqual({ lines: [{ skuId: 'EG001', onHand: 120 }, { skuId: 'EG002', onHand: 45 }], issues: [] });
  });

  it('refuses a file with only the other basis, rather than read it as this one', async () => {
    const { problem, message } = refusal(await readStockSheet(csv([['商品编码', '可用数'], ['EG001', 5]]), 'a.csv', { basis: 'physical' }));
    expect(problem).toBe('WRONG_BASIS');
    expect(message).toBe('第1行只有可用库存（已扣除订单）列（B列「可用数」），而该供应商报的是实物库存（含未发货的订单）：请导出含「实际库存数」的库存表，或先核对供应商资料中的库存口径');
  });

  it('keeps two columns of the same basis an error naming both', async () => {
    const { problem, message } = refusal(await readStockSheet(csv([['商品编码', '实际库存数', '实际库存'], ['EG001', 5, 5]]), 'a.csv'));
    expect(problem).toBe('AMBIGUOUS_COLUMN');
    expect(message).toBe('第1行的表头中有多列都表示库存数量（B列「实际库存数」、C列「实际库存」），请只保留一列');
  });
});

describe('旺店通 and 快团团 stock files', () => {
  it('旺店通: 商家编码 is the supplier code; 库存 for physical, 可发库存 for available', async () => {
    const physical = sheetOf(await readStockSheet(wdtStock(), '库存.csv'));
    expect(physical.columns).toEqual({ supplierCode: col(WDT_HEADER, '商家编码'), qty: col(WDT_HEADER, '库存') });
    expect(mapStockRows(physical.rows, eggs).lines).toEqual([{ skuId: 'EG001', onHand: 80 }, { skuId: 'EG006', onHand: 30 }]);
    expect(physical.notes[0]).toBe('库存数量读取的是 F列「库存」；没有读取 G列「可发库存」、H列「待审核量」、I列「待发货量」');
    const available = sheetOf(await readStockSheet(wdtStock(), '库存.csv', { basis: 'available' }));
    expect(available.columns.qty).toBe(col(WDT_HEADER, '可发库存'));
  });

  it('快团团 商品汇总表: 当前库存 under a title row, never 总库存', async () => {
    const sheet = sheetOf(await readStockSheet(await kttSummary(), '商品汇总表.xlsx'));
    expect(sheet).toMatchObject({ headerLine: 2, columns: { skuCode: col(KTT_SUMMARY_HEADER, '商品编码'), qty: col(KTT_SUMMARY_HEADER, '当前库存') } });
    expect(sheet.rows.map((r) => r.qtyText)).toEqual(['50', '36']);
    expect(sheet.notes).toEqual(['库存数量读取的是 F列「当前库存」；没有读取 D列「总库存」']);
  });

  it('快团团: 总库存 alone is not a count', async () => {
    const { problem, message } = refusal(await readStockSheet(csv([['商品编码', '总库存'], ['EG001', 200]]), 'a.csv'));
    expect(problem).toBe('NO_QTY_COLUMN');
    expect(message).toContain('（「总库存」是开团时设置的总库存，不是现在的数量，不能当作库存读取）');
  });
});

describe('order exports are refused as stock', () => {
  it('快团团 order export: named as orders, with its order columns', async () => {
    const { problem, message, details } = refusal(await readStockSheet(await kttOrders(), '订单.xlsx'));
    expect(problem).toBe('ORDER_EXPORT');
    expect(message).toBe('这是订单导出（有跟团号、下单人等列），不是库存表：订单数量不能当作库存导入。请在系统中导出库存表（如聚水潭「库存查询」、快团团「商品汇总表」）后再上传；团长在快团团、群接龙、有赞的订单可在「我的订单 · 从平台导入订单」导入');
    expect(details.orderColumns).toEqual(expect.arrayContaining(['支付时间', '收货人', '联系电话', '详细地址']));
  });

  it('an order CSV with 商品编码 and 数量, which would otherwise read as counts', async () => {
    const { problem, message } = refusal(await readStockSheet(youzanOrders(), 'orders.csv'));
    expect(problem).toBe('ORDER_EXPORT');
    expect(message).toMatch(/^这是订单导出（有订单号、下单时间等列），不是库存表/);
  });
});

describe('workbooks with several sheets', () => {
  it('skips a cover note and says which sheet was read', async () => {
    const sheet = sheetOf(await readStockSheet(await withCoverNote(), '早报.xlsx'));
    expect(sheet).toMatchObject({ sheetName: '库存', headerLine: 1, columns: { skuCode: 0, qty: 2 } });
    expect(sheet.rows.map((r) => [r.skuCode, r.qtyText])).toEqual([['EG001', '33'], ['EG002', '12']]);
    expect(sheet.notes).toEqual(['读取的是第2个工作表「库存」；其他工作表「说明」没有库存表头，未读取']);
  });

  it('names the sheet of an order export when no sheet holds stock', async () => {
    const bytes = await workbook([['说明', [['导出说明']]], ['订单', [['跟团号', '收货人', '商品编码', '数量'], [1, '王姐', 'EG001', 2]]]]);
    const { problem, message } = refusal(await readStockSheet(bytes, 'a.xlsx'));
    expect(problem).toBe('ORDER_EXPORT');
    expect(message).toMatch(/^工作表「订单」：这是订单导出（有跟团号、收货人等列）/);
  });
});

describe('headers not recognised', () => {
  it('lists the headers found and the near misses', async () => {
    const { problem, message, details } = refusal(await readStockSheet(csv([['商品编号', '品名', '库存量'], ['EG001', '土鸡蛋', 3]]), 'a.csv'));
    expect(problem).toBe('NO_HEADER');
    expect(message).toBe('前 10 行中没有找到表头：需要有一行列名，包含「商品编码」（或「供应商编码」）和「库存」（或「数量」）。第1行的列名是：「商品编号」「品名」「库存量」；相近的列名：「商品编号」（可能是「商品编码」）、「库存量」（可能是「库存」）');
    expect(details.headers).toEqual(['商品编号', '品名', '库存量']);
  });

  it('names near misses for a missing count column too', async () => {
    const { problem, message } = refusal(await readStockSheet(csv([['商品编码', '实际库存量'], ['EG001', 3]]), 'a.csv'));
    expect(problem).toBe('NO_QTY_COLUMN');
    expect(message).toContain('相近的列名：「实际库存量」（可能是「实际库存」）');
  });

  it('does not call unrelated headers near misses', () => {
    expect(nearMisses(['品名', '备注', '单价', '图片'])).toEqual([]);
  });
});

describe('a supplier\'s own code in the 商品编码 column', () => {
  const twins: Sku[] = [
    sku('EG101', EGGS, '土鸡蛋', '30枚', { supplierCode: 'DUP-1' }),
    sku('EG102', EGGS, '土鸡蛋', '30枚（礼盒）', { supplierCode: 'DUP-1' }),
    sku('EG103', EGGS, '咸鸭蛋', '20枚', { supplierCode: 'EG104' }),
    sku('EG104', EGGS, '皮蛋', '20枚'),
  ];
  const ctx = { supplierId: EGGS, skus: [...skus, ...twins] };
  const row = (line: number, skuCode: string, qtyText = '5') => ({ line, skuCode, qtyText });

  it('is accepted when it is this supplier\'s registered code of one SKU', () => {
    expect(mapStockRows([row(2, 'TJD-30'), row(3, 'YD-12')], ctx)).toEqual({ lines: [{ skuId: 'EG001', onHand: 5 }, { skuId: 'EG006', onHand: 5 }], issues: [] });
  });

  it('is refused, naming the line, when it is the code of two SKUs', () => {
    expect(mapStockRows([row(2, 'DUP-1')], ctx).issues).toEqual([
      { path: 'line:2', code: 'VALIDATION', message: '第2行：商品编码 DUP-1 是多个商品（EG101、EG102）登记的供应商编码，无法确定是哪一个，请改填平台商品编码' },
    ]);
  });

  it('is refused when it is both one SKU\'s id and another\'s supplier code', () => {
    expect(mapStockRows([row(4, 'EG104')], ctx).issues[0]!.message).toBe('第4行：商品编码 EG104 既是商品 EG104 的编码，又是商品 EG103 的供应商编码，无法确定是哪一个，请改填平台商品编码');
  });

  it('is never another supplier\'s code: TJD-30 of the vegetable supplier stays EG001 for EGGS', () => {
    expect(mapStockRows([row(2, 'TJD-30')], eggs).lines).toEqual([{ skuId: 'EG001', onHand: 5 }]);
  });
});
