// Columns an operator mapped by hand for a stock file whose headers we do not recognise
// (issue 16), remembered per supplier: appended, never edited, the latest for a header
// set wins, and a later file with the same header set is read the same way.
import { type HeaderCell, type HeaderColumns, columnLetter, normalizeHeader } from './stock-headers';

/** Which header (as the file has it) is each field; the count and at least one code are needed. */
export interface MappedColumns {
  /** A 商品编码-like column: our unified code, or the supplier's registered code. */
  code?: string;
  /** The supplier's own code. */
  supplierCode?: string;
  qty: string;
}

export interface ColumnMapping {
  id: string;
  supplierId: string;
  /** The file's header set (headerKey): the same headers in any order are the same file shape. */
  headerKey: string;
  columns: MappedColumns;
  by: string;
  at: number;
}

/** The header set of a row, as a key: normalised texts, each once, sorted. */
export const headerKey = (headers: readonly string[]): string =>
  [...new Set(headers.map(normalizeHeader).filter((h) => h !== ''))].sort().join('|');

export type MappedReading = { ok: true; columns: HeaderColumns; note: string } | { ok: false; message: string };

const FIELD_NAMES: Record<keyof MappedColumns, string> = { code: '编码', supplierCode: '供应商编码', qty: '库存数量' };

/** Whether a header row has every mapped column (the row to read with the mapping). */
export function rowHasMapped(texts: readonly string[], columns: MappedColumns): boolean {
  const have = new Set(texts.map(normalizeHeader));
  return (['code', 'supplierCode', 'qty'] as const).every((f) => columns[f] === undefined || have.has(normalizeHeader(columns[f]!)));
}

/** The columns a mapping names in this header row; a header missing, or one column for two fields, is refused by name. */
export function applyMapping(line: number, cells: readonly HeaderCell[], columns: MappedColumns): MappedReading {
  if (columns.code === undefined && columns.supplierCode === undefined) return { ok: false, message: '请选择编码列（商品编码或供应商编码）' };
  const at = new Map<keyof MappedColumns, HeaderCell>();
  for (const field of ['code', 'supplierCode', 'qty'] as const) {
    const want = columns[field];
    if (want === undefined) continue;
    const cell = cells.find((c) => normalizeHeader(c.text) === normalizeHeader(want));
    if (!cell) return { ok: false, message: `第${line}行的表头中没有「${want}」列（选作${FIELD_NAMES[field]}）` };
    const same = [...at].find(([, c]) => c.col === cell.col);
    if (same) return { ok: false, message: `「${want}」不能既是${FIELD_NAMES[same[0]]}又是${FIELD_NAMES[field]}` };
    at.set(field, cell);
  }
  const out: HeaderColumns = { qty: at.get('qty')!.col };
  if (at.has('code')) out.skuCode = at.get('code')!.col;
  if (at.has('supplierCode')) out.supplierCode = at.get('supplierCode')!.col;
  const named = [...at].map(([f, c]) => `${FIELD_NAMES[f]} ${columnLetter(c.col)}列「${c.text.trim()}」`).join('、');
  return { ok: true, columns: out, note: named };
}
