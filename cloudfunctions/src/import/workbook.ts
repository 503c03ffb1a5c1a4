// exceljs, loaded on first use: only exports and imports need it, and evaluating it
// when a function starts cost a cold instance ~100–270 ms (npm run bench:bundles).
import type ExcelJS from 'exceljs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let loading: Promise<typeof ExcelJS> | undefined;

export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  loading ??= import('exceljs').then((m) => (m as { default?: typeof ExcelJS }).default ?? (m as unknown as typeof ExcelJS));
  return new (await loading).Workbook();
}
