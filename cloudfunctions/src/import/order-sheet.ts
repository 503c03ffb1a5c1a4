// Reading a platform order export (CSV or XLSX) into rows: the same file handling as the
// stock import (encodings, BOM, workbooks), then the sheet whose header names orders.
import { type Result, fail, ok } from '../domain/errors';
import { knownOrderHeader } from '../domain/order-headers';
import type { OrderSheet } from '../domain/order-import';
import { type Grid, HEADER_SEARCH_ROWS, MAX_SHEET_ROWS, SHEET_ERROR_CODE, readGrids } from './stock-sheet';

/** How many cells of a row name order columns. */
const orderScore = (texts: readonly string[]): number => texts.filter((t) => knownOrderHeader(t) !== undefined).length;

/** A header needs at least this many order columns (a number, a product, a quantity). */
const MIN_SCORE = 3;

/** The header row and every data row of the one sheet that holds orders. */
export async function readOrderSheet(bytes: Uint8Array, fileName: string): Promise<Result<OrderSheet>> {
  const grids = await readGrids(bytes, fileName);
  if (!grids.ok) return grids;
  const found = grids.data.map((grid) => ({ grid, ...bestHeader(grid) })).filter((g) => g.score >= MIN_SCORE);
  if (found.length === 0) {
    return fail(SHEET_ERROR_CODE, `在「${fileName}」的前 ${HEADER_SEARCH_ROWS} 行中没有找到订单表头：请上传快团团、群接龙或有赞后台导出的订单表（含订单号、商品、数量等列）`,
      { details: { problem: 'NO_HEADER' } });
  }
  if (found.length > 1) {
    return fail(SHEET_ERROR_CODE, `工作簿中有 ${found.length} 个工作表都像订单表（${found.map((f) => `「${f.grid.name}」`).join('')}），请只保留要导入的工作表后重新上传`,
      { details: { problem: 'AMBIGUOUS_SHEET' } });
  }
  const { grid, line } = found[0]!;
  if (grid.rowCount - line > MAX_SHEET_ROWS) return fail(SHEET_ERROR_CODE, `订单表超过 ${MAX_SHEET_ROWS} 行，请分批导出`, { details: { problem: 'TOO_MANY_ROWS' } });
  const headers = grid.rowTexts(line).map((text, col) => ({ col, text })).filter((c) => c.text.trim() !== '');
  const width = Math.max(...headers.map((h) => h.col)) + 1;
  const rows: OrderSheet['rows'] = [];
  for (let r = line + 1; r <= grid.rowCount; r++) rows.push({ line: r, cells: Array.from({ length: width }, (_, c) => grid.text(r, c)) });
  const sheet: OrderSheet = { headerLine: line, headers, rows };
  if (grid.name !== undefined) sheet.sheetName = grid.name;
  if (grids.data.length > 1) {
    const rest = grids.data.filter((g) => g !== grid).map((g) => `「${g.name}」`).join('');
    sheet.notes = [`读取的是工作表「${grid.name}」；其他工作表${rest}没有订单表头，未读取`];
  }
  return ok(sheet);
}

function bestHeader(grid: Grid): { line: number; score: number } {
  let best = { line: 0, score: 0 };
  for (let line = 1; line <= Math.min(HEADER_SEARCH_ROWS, grid.rowCount); line++) {
    const score = orderScore(grid.rowTexts(line));
    if (score > best.score) best = { line, score };
  }
  return best;
}
