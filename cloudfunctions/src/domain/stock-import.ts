// A spreadsheet of counts (DESIGN §4, rules level) turned into report lines. Pure:
// the file has already been read into rows; this decides what each row means and
// names every row that cannot be trusted, so nothing is applied on a guess.
import type { Issue } from './errors';
import type { ReportLine, Sku } from './model';
import { MAX_ON_HAND } from './limits';
import { GENERIC_HEADERS, knownHeader, normalizeCell } from './stock-headers';

export { normalizeCell, normalizeHeader } from './stock-headers';

/** One data row as the file had it: text only, nothing interpreted yet. */
export interface RawStockRow {
  /** The row number the operator sees in Excel (the header row is usually 1). */
  line: number;
  skuCode?: string;
  supplierCode?: string;
  qtyText: string;
}

export interface StockSheet {
  /** Zero-based column of each recognised field, as found in the header row. */
  columns: { skuCode?: number; supplierCode?: number; qty: number };
  /** Row number of the header, as the operator sees it. */
  headerLine: number;
  rows: RawStockRow[];
  /** The worksheet read, for a workbook. */
  sheetName?: string;
  /** What the operator should know about how the file was read (which sheet, which count column). */
  notes: string[];
  /** The header row's texts, as the file has them (a hand mapping is remembered by their set). */
  headers?: string[];
}

export type StockField = 'skuCode' | 'supplierCode' | 'qty';

/**
 * Header names a column may carry, compared after `normalizeHeader`. Operators
 * type these by hand or paste them from other systems, in both languages. The
 * platforms' own export headers are in KNOWN_HEADERS (stock-headers.ts).
 */
export const STOCK_HEADER_SYNONYMS: Record<StockField, readonly string[]> = GENERIC_HEADERS;

/** What the template's columns are, in order; only the stock fields are read back. */
export interface TemplateColumn {
  key: StockField | 'name' | 'spec';
  header: string;
  /** Excel column width, in characters. */
  width: number;
  note: string;
}

export const STOCK_TEMPLATE_COLUMNS: readonly TemplateColumn[] = [
  { key: 'skuCode', header: '商品编码', width: 14, note: '平台统一的商品编码，请勿修改' },
  { key: 'supplierCode', header: '供应商编码', width: 16, note: '供应商自己的货号，可留空' },
  { key: 'name', header: '商品名称', width: 24, note: '仅供核对，不会导入' },
  { key: 'spec', header: '规格', width: 12, note: '仅供核对，不会导入' },
  { key: 'qty', header: '库存', width: 10, note: `填写现有件数：0 到 ${MAX_ON_HAND} 的整数` },
];

/** Which field a header cell names, if any (a count of either basis is `qty`). */
export function headerField(text: string): StockField | undefined {
  const role = knownHeader(text)?.role;
  if (role?.kind === 'code') return role.field;
  return role?.kind === 'count' ? 'qty' : undefined;
}

export type CountParse = { ok: true; value: number } | { ok: false; reason: string };

const PLAIN_WHOLE = /^\d+(\.0+)?$/;
const GROUPED_WHOLE = /^\d{1,3}(,\d{3})+(\.0+)?$/;

/**
 * A count as people write it: `12`, `12.0`, ` 12 `, `１２`, `1,200`. Anything else
 * (negative, fractional, words, exponents) is refused rather than read generously.
 */
export function parseCount(text: string): CountParse {
  const t = normalizeCell(text);
  if (t === '') return { ok: false, reason: '数量为空' };
  const shown = `数量「${text.trim()}」`;
  if (/^[-−]\s*\d/.test(t)) return { ok: false, reason: `${shown}不能为负数` };
  if (!PLAIN_WHOLE.test(t) && !GROUPED_WHOLE.test(t)) {
    return { ok: false, reason: /^\d[\d,]*\.\d+$/.test(t) ? `${shown}不是整数` : `${shown}不是整数（只能填阿拉伯数字）` };
  }
  const value = Number(t.replace(/,/g, ''));
  if (!Number.isSafeInteger(value) || value > MAX_ON_HAND) return { ok: false, reason: `${shown}超过上限 ${MAX_ON_HAND}` };
  return { ok: true, value };
}

/** Excel shows a long numeric code as `6.90123E+11` and a CSV saved from it keeps only that. */
const MANGLED_BY_EXCEL = /^\d(\.\d+)?e\+\d+$/i;

const mangledHint = (code: string): string =>
  MANGLED_BY_EXCEL.test(code) ? '（编码被 Excel 显示成了科学计数法，请把编码列设为「文本」后重新填写）' : '';

export interface StockImportContext {
  supplierId: string;
  /** Every SKU, of any supplier: a code of another supplier's SKU is named as such, not as unknown. */
  skus: ReadonlyArray<Sku>;
}

export interface StockImportResult {
  /** The rows that could be read. Apply them only when `issues` is empty: a report applies whole or not at all. */
  lines: ReportLine[];
  /** Every bad row, each with `path` `line:N` and a message starting `第N行：`. */
  issues: Issue[];
}

export type Resolved = { ok: true; sku: Sku } | { ok: false; issue: Omit<Issue, 'path'> };

/**
 * Every row's count and code, checked against the catalogue. All problems are
 * returned, never only the first: the operator fixes the file once.
 */
export function mapStockRows(rows: RawStockRow[], ctx: StockImportContext): StockImportResult {
  const cat = catalogueOf(ctx.skus, ctx.supplierId);

  const lines: ReportLine[] = [];
  const issues: Issue[] = [];
  const firstLineOf = new Map<string, number>();
  if (rows.length === 0) issues.push({ path: 'rows', code: 'VALIDATION', message: '表格中没有任何数据行' });

  for (const row of rows) {
    const label = `第${row.line}行：`;
    const path = `line:${row.line}`;
    const report = (issue: Omit<Issue, 'path'>): void => {
      issues.push({ path, ...issue, message: label + issue.message });
    };
    const count = parseCount(row.qtyText);
    if (!count.ok) report({ code: 'VALIDATION', message: count.reason });

    const resolved = resolveRow(row, cat);
    if (!resolved.ok) {
      report(resolved.issue);
      continue;
    }
    const { sku } = resolved;
    const earlier = firstLineOf.get(sku.id);
    if (earlier !== undefined) {
      report({ code: 'DUPLICATE_SKU', message: `商品 ${sku.id}（${sku.name}）与第${earlier}行重复，每个商品只能填一行` });
      continue;
    }
    firstLineOf.set(sku.id, row.line);
    if (count.ok) lines.push({ skuId: sku.id, onHand: count.value });
  }
  return { lines, issues };
}

export interface Catalogue {
  supplierId: string;
  byId: ReadonlyMap<string, Sku>;
  /** This supplier's SKUs by their registered supplier code. */
  bySupplierCode: ReadonlyMap<string, Sku[]>;
}

/** The SKUs a supplier's codes are read against: by unified code, and its own by supplier code. */
export function catalogueOf(skus: readonly Sku[], supplierId: string): Catalogue {
  const byId = new Map<string, Sku>();
  const bySupplierCode = new Map<string, Sku[]>();
  for (const sku of skus) {
    byId.set(sku.id, sku);
    if (sku.supplierId !== supplierId || !sku.supplierCode) continue;
    const code = normalizeCell(sku.supplierCode);
    const same = bySupplierCode.get(code);
    if (same) same.push(sku);
    else bySupplierCode.set(code, [sku]);
  }
  return { supplierId, byId, bySupplierCode };
}

/** One code, as a supplier's system sends it: our unified code or its own registered one, never a guess between two. */
export const resolveCode = (code: string, cat: Catalogue): Resolved => resolveSkuCode(normalizeCell(code), '', cat);

const refuseRow = (code: Issue['code'], message: string): Resolved => ({ ok: false, issue: { code, message } });
const ids = (skus: readonly Sku[]): string => skus.map((s) => s.id).join('、');
const listedOnly = (sku: Sku): Resolved =>
  sku.listed ? { ok: true, sku } : refuseRow('SKU_DELISTED', `商品 ${sku.id}（${sku.name}）已下架，不能报数`);

function resolveRow(row: RawStockRow, cat: Catalogue): Resolved {
  const skuCode = normalizeCell(row.skuCode ?? '');
  const supplierCode = normalizeCell(row.supplierCode ?? '');
  if (skuCode !== '') return resolveSkuCode(skuCode, supplierCode, cat);
  if (supplierCode !== '') return resolveSupplierCode(supplierCode, cat);
  return refuseRow('VALIDATION', '缺少商品编码（或供应商编码）');
}

/**
 * A 商品编码 cell: our unified code, or (as ERP exports name it) the supplier's own
 * code when it is registered for this supplier. One SKU only: a code that could be
 * two SKUs is named, never picked.
 */
function resolveSkuCode(skuCode: string, supplierCode: string, cat: Catalogue): Resolved {
  const byId = cat.byId.get(skuCode);
  const own = byId && byId.supplierId === cat.supplierId ? [byId] : [];
  const viaSupplierCode = (cat.bySupplierCode.get(skuCode) ?? []).filter((s) => !own.includes(s));
  const candidates = [...own, ...viaSupplierCode];
  if (candidates.length > 1) {
    const how = own.length > 0 ? `既是商品 ${own[0]!.id} 的编码，又是商品 ${ids(viaSupplierCode)} 的供应商编码` : `是多个商品（${ids(candidates)}）登记的供应商编码`;
    return refuseRow('VALIDATION', `商品编码 ${skuCode} ${how}，无法确定是哪一个，请改填平台商品编码`);
  }
  const sku = candidates[0];
  if (!sku) {
    if (byId) return refuseRow('NOT_YOUR_SKU', `商品编码 ${skuCode} 属于其他供应商，不属于本供应商`);
    return refuseRow('UNKNOWN_SKU', `商品编码 ${skuCode} 不存在，也不是本供应商登记的供应商编码${mangledHint(skuCode)}`);
  }
  if (supplierCode !== '') {
    const mismatch = crossCheck(sku, skuCode, supplierCode, cat);
    if (mismatch) return mismatch;
  }
  return listedOnly(sku);
}

/** Both code columns filled: they must name the same SKU. */
function crossCheck(sku: Sku, skuCode: string, supplierCode: string, cat: Catalogue): Resolved | undefined {
  const own = sku.supplierCode === undefined ? '' : normalizeCell(sku.supplierCode);
  const mapped = cat.bySupplierCode.get(supplierCode);
  const pointsElsewhere = mapped !== undefined && !mapped.includes(sku);
  if ((own === '' || own === supplierCode) && !pointsElsewhere) return undefined;
  const actual = own !== '' ? `商品 ${sku.id} 的供应商编码是 ${own}` : `供应商编码 ${supplierCode} 对应的是商品 ${ids(mapped!)}`;
  return refuseRow('VALIDATION', `商品编码 ${skuCode} 与供应商编码 ${supplierCode} 不一致（${actual}），请核对后只保留正确的一个`);
}

function resolveSupplierCode(supplierCode: string, cat: Catalogue): Resolved {
  const mapped = cat.bySupplierCode.get(supplierCode);
  if (!mapped) {
    return refuseRow('UNKNOWN_SKU', `供应商编码 ${supplierCode} 没有对应的商品${mangledHint(supplierCode) || '（请在商品资料中登记该供应商编码，或改填商品编码）'}`);
  }
  if (mapped.length > 1) return refuseRow('VALIDATION', `供应商编码 ${supplierCode} 对应多个商品（${ids(mapped)}），请改填商品编码`);
  return listedOnly(mapped[0]!);
}
