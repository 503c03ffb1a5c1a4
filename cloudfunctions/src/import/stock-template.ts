// The downloadable template: one row per listed SKU of a supplier, the count left
// empty for the operator to fill in. What it writes, readStockSheet reads back.
import type ExcelJS from 'exceljs';
import { newWorkbook } from './workbook';
import type { Sku, Supplier } from '../domain/model';
import { STOCK_TEMPLATE_COLUMNS, type TemplateColumn } from '../domain/stock-import';
import { MAX_ON_HAND } from '../domain/limits';

type TemplateSupplier = Pick<Supplier, 'id' | 'name'>;

/** The supplier's listed SKUs, in code order: the rows the operator is asked to count. */
function templateSkus(supplier: TemplateSupplier, skus: ReadonlyArray<Sku>): Sku[] {
  return skus.filter((s) => s.supplierId === supplier.id && s.listed).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const cellsOf = (sku: Sku): string[] =>
  STOCK_TEMPLATE_COLUMNS.map((c) => {
    switch (c.key) {
      case 'skuCode': return sku.id;
      case 'supplierCode': return sku.supplierCode ?? '';
      case 'name': return sku.name;
      case 'spec': return sku.spec;
      case 'qty': return '';
    }
  });

const isCode = (key: TemplateColumn['key']): boolean => key === 'skuCode' || key === 'supplierCode';

export const templateFileName = (supplier: TemplateSupplier, ext: 'xlsx' | 'csv'): string => `${supplier.name}-库存报数模板.${ext}`;

const INSTRUCTIONS = '在「库存」列填写现有件数（0 或正整数），其余列请勿修改；不报的商品请整行删除。';

/** Excel workbook: a title row, the header, one row per SKU; codes kept as text, counts checked as whole numbers. */
export async function stockTemplateXlsx(supplier: TemplateSupplier, skus: ReadonlyArray<Sku>): Promise<Uint8Array> {
  const workbook = await newWorkbook();
  workbook.creator = '货准';
  const sheet = workbook.addWorksheet('库存报数', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = STOCK_TEMPLATE_COLUMNS.map((c) => ({ width: c.width }));

  // The reader looks for the header in the first rows, so a title above it is safe.
  const title = sheet.addRow([`${supplier.name} 库存报数　${INSTRUCTIONS}`]);
  sheet.mergeCells(1, 1, 1, STOCK_TEMPLATE_COLUMNS.length);
  title.getCell(1).font = { bold: true };
  title.getCell(1).alignment = { wrapText: true, vertical: 'middle' };
  title.height = 36;

  const header = sheet.addRow(STOCK_TEMPLATE_COLUMNS.map((c) => c.header));
  header.eachCell((cell, col) => {
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    cell.note = STOCK_TEMPLATE_COLUMNS[col - 1]!.note;
  });

  const qtyCol = STOCK_TEMPLATE_COLUMNS.findIndex((c) => c.key === 'qty') + 1;
  const codeCols = STOCK_TEMPLATE_COLUMNS.flatMap((c, i) => (isCode(c.key) ? [i + 1] : []));
  for (const sku of templateSkus(supplier, skus)) {
    const row = sheet.addRow(cellsOf(sku));
    // Text format, so Excel never turns a barcode into 6.9E+11 or drops a leading zero.
    for (const col of codeCols) row.getCell(col).numFmt = '@';
    const qty = row.getCell(qtyCol);
    // Truly blank, not an empty string: the operator types a number into it.
    qty.value = null;
    qty.numFmt = '0';
    qty.dataValidation = {
      type: 'whole', operator: 'between', allowBlank: true, formulae: [0, MAX_ON_HAND],
      showErrorMessage: true, errorTitle: '库存数量有误', error: `请填写 0 到 ${MAX_ON_HAND} 之间的整数`,
    };
  }
  const written = await workbook.xlsx.writeBuffer();
  return new Uint8Array(written as ArrayBuffer);
}

/** Excel would read an all-digit code as a number (6.9E+11, lost zeros): `="0123"` keeps it text. */
const csvCode = (code: string): string => (/^\d+$/.test(code) && (code.length > 11 || code.startsWith('0')) ? `="${code}"` : csvField(code));

const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** CSV with a BOM, so Excel on Windows opens it as UTF-8; header first, no title row. */
export function stockTemplateCsv(supplier: TemplateSupplier, skus: ReadonlyArray<Sku>): string {
  const lines = [STOCK_TEMPLATE_COLUMNS.map((c) => csvField(c.header)).join(',')];
  for (const sku of templateSkus(supplier, skus)) {
    // `="…"` goes out unquoted: that is the form Excel reads back as text.
    lines.push(cellsOf(sku).map((text, i) => (isCode(STOCK_TEMPLATE_COLUMNS[i]!.key) ? csvCode(text) : csvField(text))).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
