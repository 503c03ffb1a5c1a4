// Reading an uploaded spreadsheet of counts (CSV or XLSX) into raw rows. No I/O, but
// it knows file formats, so it lives outside the domain: exceljs alone bundles to
// about 1.3 MB, which must stay out of the mini-program (TOOLCHAIN.md).
import type ExcelJS from 'exceljs';
import { newWorkbook } from './workbook';
import { parse as parseCsv } from 'csv-parse/sync';
import { type AppError, type ErrorCode, type Result, fail, ok } from '../domain/errors';
import type { ReportBasis } from '../domain/model';
import type { RawStockRow, StockSheet } from '../domain/stock-import';
import { type HeaderColumns, type HeaderProblem, headerHint, headerScore, nearMisses, readHeaderRow } from '../domain/stock-headers';
import { type MappedColumns, applyMapping, rowHasMapped } from '../domain/column-mapping';

export type { RawStockRow, StockSheet } from '../domain/stock-import';
export { columnLetter } from '../domain/stock-headers';

/** Why a file could not be read at all (the UI may branch on it; the message says it in Chinese). */
export type SheetProblem =
  | 'UNREADABLE'
  | 'UNSUPPORTED_TYPE'
  | 'EMPTY'
  | 'NO_HEADER'
  | HeaderProblem
  /** More than one worksheet of a workbook has a stock header. */
  | 'AMBIGUOUS_SHEET'
  | 'TOO_MANY_ROWS';

/** The code of a file-level refusal; line-level problems come later from mapStockRows. */
export const SHEET_ERROR_CODE: ErrorCode = 'BAD_FILE';

/** Operators paste a title (and maybe a date line) above the header: look this far down for it. */
export const HEADER_SEARCH_ROWS = 10;
/** Far beyond any supplier's catalogue; a file this long is a mistake, not a report. */
export const MAX_SHEET_ROWS = 100_000;
/** Progress is reported (and the event loop let go) at least this often. */
export const PROGRESS_EVERY = 1_000;

export type ProgressFn = (done: number, total: number) => void;

/** Spreadsheet formats that Excel or WPS can save again as one we read. */
const SAVE_AS_FORMATS = new Set(['xls', 'xlsm', 'xlsb', 'et', 'ods', 'numbers', 'wps']);

const refuse = (problem: SheetProblem, message: string, more: Record<string, unknown> = {}): { ok: false; error: AppError } =>
  fail(SHEET_ERROR_CODE, message, { details: { problem, ...more } });

export interface ReadOptions {
  /** The supplier's count basis: which of a physical and an available column to read. Default physical (DESIGN §3). */
  basis?: ReportBasis;
  onProgress?: ProgressFn;
  /** Columns the operator mapped by hand (header texts): read these, whatever the dictionary says. */
  mapping?: MappedColumns;
}

/** A rectangular-ish view of one worksheet or the CSV records, one-based rows. */
export interface Grid {
  /** The worksheet's name; none for CSV. */
  name?: string;
  rowCount: number;
  /** Every cell of a row as displayed text (used for the header search only). */
  rowTexts(row: number): string[];
  /** One cell as displayed text, '' when absent. */
  text(row: number, col: number): string;
}

/**
 * Read the file's header and data rows. The row numbers are those the operator sees
 * in Excel, empty rows skipped but counted. Nothing is interpreted beyond finding
 * the sheet and the columns: counts and codes are checked by mapStockRows.
 */
export async function readStockSheet(bytes: Uint8Array, fileName: string, options: ReadOptions | ProgressFn = {}): Promise<Result<StockSheet>> {
  const { basis = 'physical', onProgress, mapping } = typeof options === 'function' ? { onProgress: options } : options;
  const grids = await readGrids(bytes, fileName);
  if (!grids.ok) return grids;
  const picked = pickSheet(grids.data, basis, mapping);
  if (!picked.ok) return picked;
  return gridToSheet(picked.data.grid, picked.data.header, onProgress);
}

/**
 * Every worksheet of a workbook, or the CSV's one grid: a type we cannot read, an empty
 * file or a broken one is refused saying how to save it again. Order exports read this too.
 */
export async function readGrids(bytes: Uint8Array, fileName: string): Promise<Result<Grid[]>> {
  const ext = extensionOf(fileName);
  if (SAVE_AS_FORMATS.has(ext) || looksLikeOle(bytes)) {
    return refuse('UNSUPPORTED_TYPE', `暂不支持${ext ? ` .${ext} ` : '这种'}格式（旧版 Excel 或加密文件），请在 Excel/WPS 中另存为 .xlsx 或 .csv 后再上传`);
  }
  if (ext !== 'csv' && ext !== 'xlsx') {
    return refuse('UNSUPPORTED_TYPE', `不支持「${fileName}」这种文件，请上传 .xlsx 或 .csv 表格`);
  }
  if (bytes.length === 0) return refuse('EMPTY', '文件是空的，请检查后重新上传');
  // The content decides, not the name: a workbook renamed to .csv is still a workbook,
  // and some systems export comma-separated text under an .xlsx name.
  return looksLikeZip(bytes) ? xlsxGrids(bytes, fileName) : csvGrid(bytes, fileName);
}

interface FoundHeader {
  line: number;
  columns: HeaderColumns;
  notes: string[];
  headers: string[];
}

async function gridToSheet(grid: Grid, header: FoundHeader, onProgress?: ProgressFn): Promise<Result<StockSheet>> {
  const { line: headerLine, columns } = header;
  const total = grid.rowCount - headerLine;
  if (total > MAX_SHEET_ROWS) return refuse('TOO_MANY_ROWS', `文件共有 ${total} 行数据，超过单次导入上限 ${MAX_SHEET_ROWS} 行，请拆分后分批上传`);

  const rows: RawStockRow[] = [];
  onProgress?.(0, total);
  for (let line = headerLine + 1; line <= grid.rowCount; line++) {
    const row = readRow(grid, line, columns);
    if (row) rows.push(row);
    await tick(line - headerLine, total, onProgress);
  }
  if (total > 0 && total % PROGRESS_EVERY !== 0) onProgress?.(total, total);
  if (rows.length === 0) return refuse('EMPTY', `表格中只有表头（第${headerLine}行），没有数据行`);
  const sheet: StockSheet = { columns, headerLine, rows, notes: header.notes, headers: header.headers };
  if (grid.name !== undefined) sheet.sheetName = grid.name;
  return ok(sheet);
}

/**
 * A row with nothing in the columns we read carries no count (blank lines, a remark
 * in 备注 only); its number is still counted so later lines keep their Excel numbers.
 */
function readRow(grid: Grid, line: number, columns: HeaderColumns): RawStockRow | undefined {
  const qtyText = grid.text(line, columns.qty);
  const skuCode = columns.skuCode === undefined ? '' : grid.text(line, columns.skuCode);
  const supplierCode = columns.supplierCode === undefined ? '' : grid.text(line, columns.supplierCode);
  if (isBlank(qtyText) && isBlank(skuCode) && isBlank(supplierCode)) return undefined;
  const row: RawStockRow = { line, qtyText };
  if (columns.skuCode !== undefined) row.skuCode = skuCode;
  if (columns.supplierCode !== undefined) row.supplierCode = supplierCode;
  return row;
}

/** Every PROGRESS_EVERY rows: tell the caller, and let other work (a progress poll) run. */
async function tick(done: number, total: number, onProgress?: ProgressFn): Promise<void> {
  if (done % PROGRESS_EVERY !== 0) return;
  onProgress?.(done, total);
  await new Promise<void>((resolve) => setImmediate(resolve));
}

const isBlank = (text: string): boolean => text.trim() === '';

interface SheetVerdict {
  grid: Grid;
  /** How header-like its best row was, to name the most telling refusal. */
  score: number;
  header: Result<FoundHeader>;
}

/**
 * The one worksheet with a stock header (a cover note or a pivot beside it is
 * skipped, and said so); two such sheets are a question for the operator.
 */
function pickSheet(grids: readonly Grid[], basis: ReportBasis, mapping?: MappedColumns): Result<{ grid: Grid; header: FoundHeader }> {
  const verdicts = grids.map((grid): SheetVerdict => ({ grid, ...(mapping ? findMapped(grid, mapping) : findHeader(grid, basis)) }));
  const good = verdicts.filter((v) => v.header.ok);
  if (good.length > 1) {
    const names = good.map((v) => `「${v.grid.name}」`).join('');
    return refuse('AMBIGUOUS_SHEET', `工作簿中有 ${good.length} 个工作表都有库存表头（${names}），无法确定导入哪一个：请只保留要导入的工作表后重新上传`);
  }
  const only = good[0];
  if (only && only.header.ok) {
    const header = only.header.data;
    const notes = grids.length > 1 ? [sheetNote(only.grid, grids), ...header.notes] : header.notes;
    return ok({ grid: only.grid, header: { ...header, notes } });
  }
  return worstRefusal(verdicts);
}

const sheetNote = (read: Grid, all: readonly Grid[]): string => {
  const rest = all.filter((g) => g !== read).map((g) => `「${g.name}」`).join('');
  return `读取的是第${all.indexOf(read) + 1}个工作表「${read.name}」；其他工作表${rest}没有库存表头，未读取`;
};

/** An order export anywhere wins; then the sheet that looked most like a header. */
function worstRefusal(verdicts: readonly SheetVerdict[]): { ok: false; error: AppError } {
  const problemOf = (v: SheetVerdict): unknown => (v.header.ok ? undefined : (v.header.error.details as { problem?: string }).problem);
  const nonEmpty = verdicts.filter((v) => problemOf(v) !== 'EMPTY');
  if (nonEmpty.length === 0) {
    const first = verdicts[0]!.header as { ok: false; error: AppError };
    return verdicts.length > 1 ? refuse('EMPTY', `工作簿中的 ${verdicts.length} 个工作表都是空的`) : first;
  }
  const ranked = [...nonEmpty].sort((a, b) => Number(problemOf(b) === 'ORDER_EXPORT') - Number(problemOf(a) === 'ORDER_EXPORT') || b.score - a.score);
  const chosen = ranked[0]!;
  const error = (chosen.header as { ok: false; error: AppError }).error;
  if (verdicts.length === 1) return { ok: false, error };
  return { ok: false, error: { ...error, message: `工作表「${chosen.grid.name}」：${error.message}` } };
}

function findHeader(grid: Grid, basis: ReportBasis): { score: number; header: Result<FoundHeader> } {
  let best: { line: number; texts: string[]; score: number } | undefined;
  let widest: { line: number; texts: string[]; filled: number } | undefined;
  for (let line = 1; line <= Math.min(HEADER_SEARCH_ROWS, grid.rowCount); line++) {
    const texts = grid.rowTexts(line);
    const filled = texts.filter((t) => !isBlank(t)).length;
    if (filled > (widest?.filled ?? 0)) widest = { line, texts, filled };
    const score = headerScore(texts);
    if (score > (best?.score ?? 0)) best = { line, texts, score };
  }
  if (!best) return { score: 0, header: noHeader(grid, widest) };
  const cells = best.texts.map((text, col) => ({ col, text })).filter((c) => !isBlank(c.text));
  const reading = readHeaderRow(best.line, cells, basis);
  if (!reading.ok) return { score: best.score, header: refuse(reading.problem, reading.message, { ...reading.details, headerLine: best.line }) };
  return { score: best.score, header: ok({ line: best.line, columns: reading.columns, notes: reading.notes, headers: best.texts }) };
}

/** The first row that has every column the operator mapped, read as the mapping says. */
function findMapped(grid: Grid, mapping: MappedColumns): { score: number; header: Result<FoundHeader> } {
  for (let line = 1; line <= Math.min(HEADER_SEARCH_ROWS, grid.rowCount); line++) {
    const texts = grid.rowTexts(line);
    if (!rowHasMapped(texts, mapping)) continue;
    const cells = texts.map((text, col) => ({ col, text })).filter((c) => !isBlank(c.text));
    const read = applyMapping(line, cells, mapping);
    if (!read.ok) return { score: 1, header: refuse('NO_HEADER', read.message) };
    return { score: 1, header: ok({ line, columns: read.columns, notes: [`按列对应读取：${read.note}`], headers: texts }) };
  }
  const wanted = [mapping.code, mapping.supplierCode, mapping.qty].filter((h): h is string => h !== undefined).map((h) => `「${h}」`).join('');
  return { score: 0, header: refuse('NO_HEADER', `前 ${HEADER_SEARCH_ROWS} 行中没有同时含有${wanted}的表头行`) };
}

function noHeader(grid: Grid, widest: { line: number; texts: string[] } | undefined): { ok: false; error: AppError } {
  if (!widest) {
    if (grid.rowCount <= HEADER_SEARCH_ROWS) return refuse('EMPTY', grid.name === undefined ? '文件中没有任何内容，请检查后重新上传' : `工作表「${grid.name}」是空的`);
    return refuse('NO_HEADER', `前 ${HEADER_SEARCH_ROWS} 行都是空的，没有找到表头`);
  }
  const headers = widest.texts.map((t) => t.trim()).filter((t) => t !== '');
  return refuse('NO_HEADER',
    `前 ${HEADER_SEARCH_ROWS} 行中没有找到表头：需要有一行列名，包含「商品编码」（或「供应商编码」）和「库存」（或「数量」）${headerHint(widest.line, headers)}`,
    { headers, nearMisses: nearMisses(headers), headerLine: widest.line });
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).trim().toLowerCase();
}

const startsWith = (bytes: Uint8Array, magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);
const looksLikeZip = (bytes: Uint8Array): boolean => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
/** Legacy .xls, and any password-protected workbook, is an OLE compound file. */
const looksLikeOle = (bytes: Uint8Array): boolean => startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

// ---- CSV

/**
 * UTF-8 when the bytes are valid UTF-8 (with or without BOM); otherwise GB18030, a
 * superset of GBK, which is what Excel on Chinese Windows writes.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes);
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Comma unless the opening lines say tab or semicolon (some locales' Excel, pasted text). */
function guessDelimiter(text: string): string {
  const head = text.split(/\r?\n/, HEADER_SEARCH_ROWS).join('\n');
  const count = (ch: string): number => head.split(ch).length - 1;
  const scores: Array<[string, number]> = [[',', count(',')], ['\t', count('\t')], [';', count(';')]];
  return scores.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/** `="0123"` is how a CSV keeps a leading zero or a long number as text in Excel. */
const unwrapExcelText = (text: string): string => {
  const m = /^="(.*)"$/s.exec(text.trim());
  return m ? m[1]! : text;
};

function csvGrid(bytes: Uint8Array, fileName: string): Result<Grid[]> {
  const text = decodeCsvBytes(bytes);
  if (text.includes('\u0000')) return refuse('UNREADABLE', `无法读取「${fileName}」：文件内容不是表格，可能已损坏，请用 Excel 重新另存为 .xlsx 或 .csv`);
  let records: string[][];
  try {
    records = parseCsv(text, {
      bom: true,
      delimiter: guessDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (err) {
    const at = (err as { lines?: number }).lines;
    return refuse('UNREADABLE', `无法读取「${fileName}」：${at ? `第${at}行附近` : ''}引号没有配对或格式有误，请用 Excel 重新另存为 .csv`);
  }
  if (records.length === 0) return refuse('EMPTY', '文件是空的，请检查后重新上传');
  return ok([{
    rowCount: records.length,
    rowTexts: (row) => (records[row - 1] ?? []).map(unwrapExcelText),
    text: (row, col) => unwrapExcelText(records[row - 1]?.[col] ?? ''),
  }]);
}

// ---- XLSX

/** Every worksheet of the workbook; which one holds the counts is decided by its header. */
async function xlsxGrids(bytes: Uint8Array, fileName: string): Promise<Result<Grid[]>> {
  const workbook = await newWorkbook();
  try {
    // exceljs types ask for a Node Buffer; this view shares the caller's memory.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    return refuse('UNREADABLE', `无法读取「${fileName}」：文件可能已损坏，或不是有效的 .xlsx 文件，请用 Excel 重新另存为 .xlsx 或 .csv`);
  }
  if (workbook.worksheets.length === 0) return refuse('EMPTY', '工作簿中没有任何工作表');
  return ok(workbook.worksheets.map(sheetGrid));
}

function sheetGrid(sheet: ExcelJS.Worksheet): Grid {
  // Styled but empty rows at the bottom count in rowCount; they are not data.
  let rowCount = sheet.rowCount;
  while (rowCount > 0 && !sheet.getRow(rowCount).hasValues) rowCount--;
  return {
    name: sheet.name,
    rowCount,
    rowTexts: (row) => {
      const r = sheet.getRow(row);
      return Array.from({ length: r.cellCount }, (_, i) => cellText(r.getCell(i + 1)));
    },
    text: (row, col) => cellText(sheet.getRow(row).getCell(col + 1)),
  };
}

/** What Excel shows in the cell, as text; formulas by their cached result. */
export function cellText(cell: ExcelJS.Cell): string {
  return valueText(cell.value, cell.numFmt);
}

function valueText(value: unknown, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value, numFmt);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text?: string }>).map((t) => t.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return valueText(v.result, numFmt);
    if ('hyperlink' in v || 'text' in v) return valueText(v.text, numFmt);
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/**
 * A code like 690123456789 stays all digits (never `6.90123456789e+11`); a zero-padded
 * format such as `00000` keeps its leading zeros; float noise from formulas is dropped
 * at Excel's own 15 significant digits.
 */
function numberText(n: number, numFmt: string | undefined): string {
  if (Number.isInteger(n)) {
    const digits = BigInt(n).toString();
    return numFmt && /^0+$/.test(numFmt) ? digits.padStart(numFmt.length, '0') : digits;
  }
  const rounded = Number(n.toPrecision(15));
  if (Number.isInteger(rounded)) return BigInt(rounded).toString();
  // Plain decimal notation for fractions: `0.0000001`, not `1e-7`.
  return rounded.toLocaleString('en-US', { useGrouping: false, maximumSignificantDigits: 15 });
}
