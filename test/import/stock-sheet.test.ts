import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../../cloudfunctions/src/domain/errors';
import { STOCK_HEADER_SYNONYMS } from '../../cloudfunctions/src/domain/stock-import';
import { MAX_SHEET_ROWS, type StockSheet, columnLetter, readStockSheet } from '../../cloudfunctions/src/import/stock-sheet';
import { encodeGbk } from '../fixtures/import/make-fixtures';

const fixture = (name: string): Uint8Array => readFileSync(join(__dirname, '../fixtures/import', name));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function sheetOf(result: Result<StockSheet>): StockSheet {
  if (!result.ok) throw new Error(`expected a sheet, got ${result.error.message}`);
  return result.data;
}

/** The refusal's problem kind and message. */
function refusal(result: Result<StockSheet>): { problem: string; message: string } {
  if (result.ok) throw new Error('expected a refusal');
  expect(result.error.code).toBe('BAD_FILE');
  return { problem: (result.error.details as { problem: string }).problem, message: result.error.message };
}

async function xlsx(build: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('Sheet1'));
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('reading the fixtures', () => {
  it('good.csv: English headers, Excel line numbers kept across a blank line, text-wrapped codes unwrapped', async () => {
    const sheet = sheetOf(await readStockSheet(fixture('good.csv'), 'good.csv'));
    expect(sheet.headerLine).toBe(1);
    expect(sheet.columns).toEqual({ skuCode: 0, supplierCode: 1, qty: 4 });
    expect(sheet.rows).toEqual([
      { line: 2, skuCode: 'EG001', supplierCode: 'TJD-30', qtyText: '120' },
      { line: 3, skuCode: 'EG002', supplierCode: 'TJD-60', qtyText: ' 45 ' },
      { line: 5, skuCode: 'EG003', supplierCode: '690123456789', qtyText: '1,200' },
      { line: 6, skuCode: 'EG004', supplierCode: '', qtyText: '１２' },
      { line: 7, skuCode: 'EG005', supplierCode: '', qtyText: '12.0' },
    ]);
  });

  it('chinese-headers.xlsx: header under a title row, extra columns ignored, displayed values taken', async () => {
    const sheet = sheetOf(await readStockSheet(fixture('chinese-headers.xlsx'), 'chinese-headers.xlsx'));
    expect(sheet.headerLine).toBe(3);
    expect(sheet.columns).toEqual({ skuCode: 1, qty: 4, supplierCode: 5 });
    expect(sheet.rows).toEqual([
      { line: 4, skuCode: 'EG001', supplierCode: 'TJD-30', qtyText: '120' },
      // rich text joined; a formula by its cached result
      { line: 5, skuCode: 'EG002', supplierCode: 'TJD-60', qtyText: '45' },
      // a barcode stored as a number stays all digits
      { line: 7, skuCode: 'EG003', supplierCode: '690123456789', qtyText: '36' },
      // float noise of a formula dropped; a zero-padded number format keeps its zeros
      { line: 8, skuCode: 'EG004', supplierCode: '00123', qtyText: '12' },
      { line: 9, skuCode: 'EG005', supplierCode: '', qtyText: '0' },
    ]);
  });

  it('gbk.csv: bytes that are not UTF-8 are decoded as GBK', async () => {
    const bytes = fixture('gbk.csv');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const sheet = sheetOf(await readStockSheet(bytes, 'gbk.csv'));
    expect(sheet.columns).toEqual({ skuCode: 0, qty: 2 });
    expect(sheet.rows).toEqual([
      { line: 2, skuCode: 'VG001', qtyText: '30' },
      { line: 3, skuCode: 'VG002', qtyText: '15' },
    ]);
  });

  it('supplier-codes.xlsx: only the supplier code column, numeric codes intact', async () => {
    const sheet = sheetOf(await readStockSheet(fixture('supplier-codes.xlsx'), 'supplier-codes.xlsx'));
    expect(sheet.columns).toEqual({ supplierCode: 0, qty: 1 });
    expect(sheet.rows).toEqual([
      { line: 2, supplierCode: 'TJD-30', qtyText: '100' },
      { line: 3, supplierCode: 'TJD-60', qtyText: '50' },
      { line: 4, supplierCode: '690123456789', qtyText: '24' },
      { line: 5, supplierCode: '00123', qtyText: '6' },
    ]);
  });

  it('ten-thousand.csv: every row, with progress at least every 1,000 rows and at the end', async () => {
    const calls: Array<[number, number]> = [];
    const sheet = sheetOf(await readStockSheet(fixture('ten-thousand.csv'), 'ten-thousand.csv', (done, total) => calls.push([done, total])));
    expect(sheet.rows).toHaveLength(10_000);
    expect(sheet.rows[0]).toEqual({ line: 2, skuCode: 'BK00001', qtyText: '37' });
    expect(sheet.rows[9_999]).toEqual({ line: 10_001, skuCode: 'BK10000', qtyText: '0' });
    expect(calls[0]).toEqual([0, 10_000]);
    expect(calls[calls.length - 1]).toEqual([10_000, 10_000]);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]![1]).toBe(10_000);
      expect(calls[i]![0] - calls[i - 1]![0]).toBeGreaterThan(0);
      expect(calls[i]![0] - calls[i - 1]![0]).toBeLessThanOrEqual(1_000);
    }
  });

  it('reports progress on an XLSX file too, ending at its row count', async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow(['商品编码', '库存']);
      for (let i = 1; i <= 2_500; i++) ws.addRow([`X${i}`, i]);
    });
    const calls: Array<[number, number]> = [];
    sheetOf(await readStockSheet(bytes, 'big.xlsx', (done, total) => calls.push([done, total])));
    expect(calls).toEqual([[0, 2_500], [1_000, 2_500], [2_000, 2_500], [2_500, 2_500]]);
  });
});

describe('headers', () => {
  const csv = (header: string): Uint8Array => utf8(`${header}\nA1,5\n`);

  it.each([
    ...STOCK_HEADER_SYNONYMS.skuCode.map((h) => [h, 'skuCode']),
    ...STOCK_HEADER_SYNONYMS.supplierCode.map((h) => [h, 'supplierCode']),
  ])('finds the code column named %s', async (name, field) => {
    const sheet = sheetOf(await readStockSheet(csv(`${name},库存`), 'a.csv'));
    expect(sheet.columns).toEqual({ [field]: 0, qty: 1 });
  });

  it.each(STOCK_HEADER_SYNONYMS.qty)('finds the count column named %s', async (name) => {
    expect(sheetOf(await readStockSheet(csv(`SKU,${name}`), 'a.csv')).columns).toEqual({ skuCode: 0, qty: 1 });
  });

  it.each([
    ['upper case and spaces', ' SKU CODE ,  QTY '],
    ['full-width letters', 'ＳＫＵ,Ｑｔｙ'],
    ['full-width spaces and a hint in brackets', '\u3000商品编码\u3000,库存（件）'],
    ['underscores and hyphens', 'sku_code,On-Hand'],
    ['a required-field star', '*商品编码,*数量'],
  ])('tolerates %s', async (_why, header) => {
    expect(sheetOf(await readStockSheet(csv(header), 'a.csv')).columns).toEqual({ skuCode: 0, qty: 1 });
  });

  it('searches the first 10 rows for the header, keeping true line numbers', async () => {
    const text = '山里土鸡蛋合作社 11月26日早报\n\n联系人：张姐\n商品编码,商品名称,库存\nEG001,土鸡蛋,3\n';
    const sheet = sheetOf(await readStockSheet(utf8(text), 'a.csv'));
    expect(sheet.headerLine).toBe(4);
    expect(sheet.rows).toEqual([{ line: 5, skuCode: 'EG001', qtyText: '3' }]);
  });

  it('does not look past row 10', async () => {
    const text = `${'说明\n'.repeat(10)}商品编码,库存\nEG001,3\n`;
    const { problem, message } = refusal(await readStockSheet(utf8(text), 'a.csv'));
    expect(problem).toBe('NO_HEADER');
    expect(message).toContain('没有找到表头');
  });

  it('refuses a header without a count column', async () => {
    const { problem, message } = refusal(await readStockSheet(utf8('商品编码,商品名称\nEG001,土鸡蛋\n'), 'a.csv'));
    expect(problem).toBe('NO_QTY_COLUMN');
    expect(message).toBe('第1行的表头中缺少库存数量列：列名可以是「库存」「数量」「qty」等。第1行的列名是：「商品编码」「商品名称」');
  });

  it('refuses a header without a code column', async () => {
    const { problem, message } = refusal(await readStockSheet(utf8('商品名称,库存\n土鸡蛋,3\n'), 'a.csv'));
    expect(problem).toBe('NO_CODE_COLUMN');
    expect(message).toBe('第1行的表头中缺少编码列：需要「商品编码」（或「SKU」）或「供应商编码」。第1行的列名是：「商品名称」「库存」');
  });

  it('refuses two columns that both claim to be the count, naming them', async () => {
    const { problem, message } = refusal(await readStockSheet(utf8('商品编码,库存,备注,数量\nEG001,3,,4\n'), 'a.csv'));
    expect(problem).toBe('AMBIGUOUS_COLUMN');
    expect(message).toBe('第1行的表头中有多列都表示库存数量（B列「库存」、D列「数量」），请只保留一列');
  });

  it('names columns as Excel does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('CSV details', () => {
  it('strips a UTF-8 BOM', async () => {
    const sheet = sheetOf(await readStockSheet(utf8('\uFEFF商品编码,库存\r\nEG001,3\r\n'), 'a.csv'));
    expect(sheet.rows).toEqual([{ line: 2, skuCode: 'EG001', qtyText: '3' }]);
  });

  it('reads GBK with a title row', async () => {
    const sheet = sheetOf(await readStockSheet(encodeGbk('城郊蔬菜基地 晚报\r\n商品编码,数量\r\nVG001,8\r\n'), 'a.csv'));
    expect(sheet).toMatchObject({ headerLine: 2, rows: [{ line: 3, skuCode: 'VG001', qtyText: '8' }] });
  });

  it('reads tab- and semicolon-separated text', async () => {
    for (const sep of ['\t', ';']) {
      const sheet = sheetOf(await readStockSheet(utf8(`商品编码${sep}库存\nEG001${sep}3\n`), 'a.csv'));
      expect(sheet.rows).toEqual([{ line: 2, skuCode: 'EG001', qtyText: '3' }]);
    }
  });

  it('counts a quoted line break as one Excel row', async () => {
    const sheet = sheetOf(await readStockSheet(utf8('商品编码,备注,库存\nEG001,"两行\n备注",3\nEG002,,4\n'), 'a.csv'));
    expect(sheet.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('skips rows with nothing in the columns it reads, but keeps counting them', async () => {
    const sheet = sheetOf(await readStockSheet(utf8('商品编码,库存,备注\n,,只有备注\n  ,  ,\nEG001,3,\n'), 'a.csv'));
    expect(sheet.rows).toEqual([{ line: 4, skuCode: 'EG001', qtyText: '3' }]);
  });

  it('refuses a quote that never closes, naming the line', async () => {
    const { problem, message } = refusal(await readStockSheet(utf8('商品编码,库存\nEG001,3\nEG002,"4\n'), 'a.csv'));
    expect(problem).toBe('UNREADABLE');
    expect(message).toContain('第3行附近');
  });

  it('reads a workbook renamed to .csv as a workbook', async () => {
    const bytes = await xlsx((ws) => { ws.addRow(['SKU', 'Qty']); ws.addRow(['EG001', 3]); });
    expect(sheetOf(await readStockSheet(bytes, 'renamed.csv')).rows).toEqual([{ line: 2, skuCode: 'EG001', qtyText: '3' }]);
  });
});

describe('XLSX cells', () => {
  it('takes the displayed text of every kind of cell', async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow(['商品编码', '供应商编码', '库存']);
      ws.addRow([{ text: 'EG001', hyperlink: 'https://example.com' }, true, { formula: 'A1', result: { error: '#N/A' } }]);
      ws.addRow([6901234567890123, new Date(Date.UTC(2026, 10, 26)), 7.5]);
      ws.addRow([{ formula: '"EG"&"002"', result: 'EG002' }, null, { formula: 'B9' }]);
    });
    const sheet = sheetOf(await readStockSheet(bytes, 'cells.xlsx'));
    expect(sheet.rows).toEqual([
      { line: 2, skuCode: 'EG001', supplierCode: 'TRUE', qtyText: '#N/A' },
      { line: 3, skuCode: '6901234567890123', supplierCode: '2026-11-26', qtyText: '7.5' },
      { line: 4, skuCode: 'EG002', supplierCode: '', qtyText: '' },
    ]);
  });

  it('refuses two worksheets that both have a stock header, naming them, rather than pick one', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('早报').addRows([['SKU', 'Qty'], ['EG001', 1]]);
    wb.addWorksheet('晚报').addRows([['SKU', 'Qty'], ['EG001', 2]]);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    expect(refusal(await readStockSheet(bytes, 'two.xlsx'))).toEqual({
      problem: 'AMBIGUOUS_SHEET',
      message: '工作簿中有 2 个工作表都有库存表头（「早报」「晚报」），无法确定导入哪一个：请只保留要导入的工作表后重新上传',
    });
  });
});

describe('files it cannot read', () => {
  it('asks for .xlsx or .csv instead of .xls, by name or by content', async () => {
    for (const [bytes, name] of [
      [utf8('anything'), '早报.xls'],
      [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), '早报.xlsx'],
    ] as const) {
      const { problem, message } = refusal(await readStockSheet(bytes, name));
      expect(problem).toBe('UNSUPPORTED_TYPE');
      expect(message).toContain('请在 Excel/WPS 中另存为 .xlsx 或 .csv');
    }
  });

  it('refuses other extensions', async () => {
    for (const name of ['早报.pdf', '早报', '早报.txt']) {
      const { problem, message } = refusal(await readStockSheet(utf8('商品编码,库存\n'), name));
      expect(problem).toBe('UNSUPPORTED_TYPE');
      expect(message).toBe(`不支持「${name}」这种文件，请上传 .xlsx 或 .csv 表格`);
    }
  });

  it('refuses a damaged workbook', async () => {
    const good = await xlsx((ws) => { ws.addRow(['SKU', 'Qty']); });
    const { problem, message } = refusal(await readStockSheet(good.slice(0, good.length / 2), '坏了.xlsx'));
    expect(problem).toBe('UNREADABLE');
    expect(message).toContain('无法读取「坏了.xlsx」');
  });

  it('refuses binary that is neither a workbook nor text, whatever its name', async () => {
    for (const name of ['a.csv', 'a.xlsx']) {
      const { problem, message } = refusal(await readStockSheet(new Uint8Array([1, 0, 2, 0, 3]), name));
      expect(problem).toBe('UNREADABLE');
      expect(message).toBe(`无法读取「${name}」：文件内容不是表格，可能已损坏，请用 Excel 重新另存为 .xlsx 或 .csv`);
    }
  });

  it('reads comma-separated text exported under an .xlsx name as what it is', async () => {
    expect(sheetOf(await readStockSheet(utf8('商品编码,库存\nEG001,3\n'), 'export.xlsx')).rows).toEqual([{ line: 2, skuCode: 'EG001', qtyText: '3' }]);
  });

  it('refuses empty files, blank files, empty worksheets and a header without rows', async () => {
    const empty = await xlsx(() => {});
    const cases: Array<[Uint8Array, string, string]> = [
      [new Uint8Array(), 'a.csv', '文件是空的，请检查后重新上传'],
      [utf8('\r\n\r\n ,, \r\n'), 'a.csv', '文件中没有任何内容，请检查后重新上传'],
      [empty, 'a.xlsx', '工作表「Sheet1」是空的'],
      [utf8('商品编码,库存\n\n,\n'), 'a.csv', '表格中只有表头（第1行），没有数据行'],
    ];
    for (const [bytes, name, message] of cases) {
      expect(refusal(await readStockSheet(bytes, name))).toEqual({ problem: 'EMPTY', message });
    }
  });

  it('refuses a file longer than one import may be', async () => {
    const text = `商品编码,库存\n${'X,1\n'.repeat(MAX_SHEET_ROWS + 1)}`;
    const { problem, message } = refusal(await readStockSheet(utf8(text), 'a.csv'));
    expect(problem).toBe('TOO_MANY_ROWS');
    expect(message).toBe(`文件共有 ${MAX_SHEET_ROWS + 1} 行数据，超过单次导入上限 ${MAX_SHEET_ROWS} 行，请拆分后分批上传`);
  });

  it('refuses a file with no recognisable header', async () => {
    const { problem } = refusal(await readStockSheet(utf8('土鸡蛋,3\n鸭蛋,4\n'), 'a.csv'));
    expect(problem).toBe('NO_HEADER');
  });
});
