import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapStockRows } from '../../cloudfunctions/src/domain/stock-import';
import { readStockSheet } from '../../cloudfunctions/src/import/stock-sheet';
import { stockTemplateCsv, stockTemplateXlsx, templateFileName } from '../../cloudfunctions/src/import/stock-template';
import { EGGS, skus, suppliers } from '../fixtures/import/catalogue';
import { buildFixtures } from '../fixtures/import/make-fixtures';

const eggs = suppliers.find((s) => s.id === EGGS)!;
const LISTED_EGGS = ['EG001', 'EG002', 'EG003', 'EG004', 'EG005', 'EG006', 'EG007', 'EG008'];
/** What the operator types into the count column for each SKU. */
const countFor = (skuId: string): number => Number(skuId.slice(2)) * 10;

async function readAndMap(bytes: Uint8Array, name: string) {
  const read = await readStockSheet(bytes, name);
  if (!read.ok) throw new Error(read.error.message);
  return { sheet: read.data, ...mapStockRows(read.data.rows, { supplierId: EGGS, skus }) };
}

describe('CSV template', () => {
  const csv = stockTemplateCsv(eggs, skus);
  const lines = csv.replace(/\r\n$/, '').split('\r\n');

  it('starts with a BOM and the header, one row per listed SKU of the supplier, counts empty', () => {
    expect(csv.startsWith('\uFEFF商品编码,供应商编码,商品名称,规格,库存\r\n')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(LISTED_EGGS);
    expect(lines[1]).toBe('EG001,TJD-30,土鸡蛋,30枚,');
    // Excel would show a long barcode as 6.9E+11 and drop leading zeros: both go out as text formulas.
    expect(lines[3]).toBe('EG003,="690123456789",咸鸭蛋,20枚,');
    expect(lines[4]).toBe('EG004,="00123",皮蛋,20枚,');
    expect(lines[5]).toBe('EG005,,鹌鹑蛋,100枚,');
  });

  it('round-trips once the counts are filled in', async () => {
    const filled = `${lines.map((l, i) => (i === 0 ? l : `${l}${countFor(l.slice(0, 5))}`)).join('\r\n')}\r\n`;
    const { lines: report, issues } = await readAndMap(new TextEncoder().encode(filled), templateFileName(eggs, 'csv'));
    expect(issues).toEqual([]);
    expect(report).toEqual(LISTED_EGGS.map((skuId) => ({ skuId, onHand: countFor(skuId) })));
  });

  it('as downloaded, with no counts, is refused line by line', async () => {
    const { issues } = await readAndMap(new TextEncoder().encode(csv), 'a.csv');
    expect(issues.map((i) => i.message)).toEqual(LISTED_EGGS.map((_, i) => `第${i + 2}行：数量为空`));
  });
});

describe('XLSX template', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await stockTemplateXlsx(eggs, skus);
  });

  it('has a title row, the header in row 2, text-formatted codes and checked counts', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('山里土鸡蛋合作社 库存报数');
    expect(ws.getRow(2).values).toEqual([undefined, '商品编码', '供应商编码', '商品名称', '规格', '库存']);
    expect(ws.rowCount).toBe(2 + LISTED_EGGS.length);
    expect(ws.getCell('B5').value).toBe('690123456789');
    expect(ws.getCell('B5').numFmt).toBe('@');
    expect(ws.getCell('E3').value).toBeNull();
    expect(ws.getCell('E3').dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 1_000_000] });
  });

  it('round-trips once the counts are filled in', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    for (let r = 3; r <= ws.rowCount; r++) ws.getCell(r, 5).value = countFor(String(ws.getCell(r, 1).value));
    const filled = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const { sheet, lines, issues } = await readAndMap(filled, templateFileName(eggs, 'xlsx'));
    expect(sheet.headerLine).toBe(2);
    expect(sheet.rows[0]).toEqual({ line: 3, skuCode: 'EG001', supplierCode: 'TJD-30', qtyText: '10' });
    expect(issues).toEqual([]);
    expect(lines).toEqual(LISTED_EGGS.map((skuId) => ({ skuId, onHand: countFor(skuId) })));
  });

  it('is named after the supplier', () => {
    expect(templateFileName(eggs, 'xlsx')).toBe('山里土鸡蛋合作社-库存报数模板.xlsx');
  });
});

describe('fixtures', () => {
  it('the committed CSV fixtures are what the generator writes', async () => {
    const built = await buildFixtures();
    for (const name of ['good.csv', 'gbk.csv', 'bad-lines.csv', 'ten-thousand.csv']) {
      expect(Buffer.from(readFileSync(join(__dirname, '../fixtures/import', name))).equals(Buffer.from(built[name]!))).toBe(true);
    }
  });
});
