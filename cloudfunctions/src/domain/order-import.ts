// A platform order export (快团团, 群接龙, 有赞) read into a leader's orders. Pure: the file
// has been read into rows (import/order-sheet.ts); this decides which columns mean what,
// groups the rows of one platform order, matches every line to one SKU and names every
// line it cannot trust — by its row and column — so nothing is ordered on a guess.
import type { Issue } from './errors';
import { parseJielong, type JielongCustomer } from './jielong';
import { MAX_ORDER_QTY } from './limits';
import type { Sku } from './model';
import { type OrderField, type OrderPlatform, FIELD_WORDS, NOT_BOUGHT, PLATFORM_TAG, knownOrderHeader, platformOf } from './order-headers';
import { columnLetter, normalizeCell, type HeaderCell } from './stock-headers';
import { parseCount } from './stock-import';

/** What the file reader hands over: the header row and every data row as text. */
export interface OrderSheet {
  headerLine: number;
  headers: HeaderCell[];
  rows: Array<{ line: number; cells: string[] }>;
  sheetName?: string;
  /** How the file was read (which worksheet of several). */
  notes?: string[];
}

export type OrderColumns = Partial<Record<OrderField, number>>;

export interface ImportedLine {
  skuId: string;
  qty: number;
  customer?: string;
  /** The row of the file it came from. */
  line: number;
}

export interface PlatformOrder {
  platform: OrderPlatform;
  /** As the platform numbers it (订单号, else 跟团号/接龙号). */
  orderNo: string;
  lines: ImportedLine[];
}

export interface OrderImportReading {
  platform: OrderPlatform;
  orders: PlatformOrder[];
  /** Every bad row, `line:N`, the message naming row and column. Import nothing while any. */
  issues: Issue[];
  /** Rows skipped on purpose (cancelled, refunded), and how the file was read. */
  notes: string[];
}

export type HeaderVerdict = { ok: true; platform: OrderPlatform; columns: OrderColumns; notes: string[] } | { ok: false; message: string };

/** The columns of an order export's header row; a platform we cannot tell, or a missing column, is refused by name. */
export function readOrderHeader(line: number, cells: readonly HeaderCell[]): HeaderVerdict {
  const columns: OrderColumns = {};
  for (const c of cells) {
    const known = knownOrderHeader(c.text);
    if (!known) continue;
    const earlier = columns[known.field];
    if (earlier !== undefined) {
      return { ok: false, message: `第${line}行的表头中有两列都是${FIELD_WORDS[known.field]}（${columnLetter(earlier)}列、${columnLetter(c.col)}列），请只保留一列` };
    }
    columns[known.field] = c.col;
  }
  const platform = platformOf(cells.map((c) => c.text));
  const listed = cells.map((c) => `「${c.text.trim()}」`).slice(0, 12).join('');
  if (!platform) {
    return { ok: false, message: `看不出这是哪个平台的订单导出（支持快团团、群接龙、有赞的订单导出）。第${line}行的列名是：${listed}` };
  }
  const missing: string[] = [];
  if (columns.qty === undefined) missing.push('数量');
  if (columns.orderNo === undefined && columns.seq === undefined) missing.push('订单号（或跟团号、接龙号）');
  if (columns.specCode === undefined && columns.productCode === undefined && columns.name === undefined) missing.push('商品编码或商品名称');
  if (missing.length > 0) return { ok: false, message: `这份${platform}订单导出缺少${missing.join('、')}列。第${line}行的列名是：${listed}` };
  const notes = columns.orderNo === undefined
    ? [`表格里没有订单号列，按${FIELD_WORDS.seq}（${columnLetter(columns.seq!)}列）区分订单：同一个团购活动的导出请一起导入`]
    : [];
  return { ok: true, platform, columns, notes };
}

export interface OrderImportContext {
  /** Every SKU: codes are read against all suppliers' (one SKU only, never a guess between two). */
  skus: readonly Sku[];
}

/** Read every row; all problems at once, so the file is fixed once. */
export function readPlatformOrders(sheet: OrderSheet, ctx: OrderImportContext): { ok: true; data: OrderImportReading } | { ok: false; message: string } {
  const header = readOrderHeader(sheet.headerLine, sheet.headers);
  if (!header.ok) return header;
  const { platform, columns } = header;
  const at = (cells: string[], field: OrderField): string => (columns[field] === undefined ? '' : normalizeCell(cells[columns[field]!] ?? ''));
  const where = (field: OrderField): string => `${columnLetter(columns[field]!)}列「${headerText(sheet, columns[field]!)}」`;
  const codes = codeIndex(ctx.skus);
  const issues: Issue[] = [];
  const notes = [...(sheet.notes ?? []), ...header.notes];
  const drafts: Array<{ line: number; key: string; customer: string; skuId?: string; qty?: number; name: string; codeProblem: boolean }> = [];

  for (const row of sheet.rows) {
    const cells = row.cells;
    if (cells.every((c) => normalizeCell(c) === '')) continue;
    const report = (message: string): void => {
      issues.push({ path: `line:${row.line}`, code: 'VALIDATION', message: `第${row.line}行：${message}` });
    };
    const gone = (['status', 'refund'] as const).find((f) => NOT_BOUGHT.test(at(cells, f)));
    if (gone) {
      notes.push(`第${row.line}行${where(gone)}是「${at(cells, gone)}」，没有导入`);
      continue;
    }
    const orderNo = at(cells, 'orderNo');
    const seq = at(cells, 'seq');
    const key = columns.orderNo !== undefined ? orderNo : seq;
    if (key === '') report(`${where(columns.orderNo !== undefined ? 'orderNo' : 'seq')}为空，无法知道属于哪一单`);

    const qty = parseCount(cells[columns.qty!] ?? '');
    let qtyValue: number | undefined;
    if (!qty.ok) report(`${where('qty')}：${qty.reason}`);
    else if (qty.value < 1) report(`${where('qty')}：数量不能为 0`);
    else if (qty.value > MAX_ORDER_QTY) report(`${where('qty')}：数量 ${qty.value} 超过单行上限 ${MAX_ORDER_QTY}`);
    else qtyValue = qty.value;

    const name = at(cells, 'name');
    const spec = at(cells, 'spec');
    const byCode = resolveByCode(codes, [['specCode', at(cells, 'specCode')], ['productCode', at(cells, 'productCode')]]);
    if (byCode.kind === 'problem') report(`${where(byCode.field)}：${byCode.message}`);
    const consignee = at(cells, 'consignee') || at(cells, 'buyer');
    const customer = customerOf(seq, consignee);
    drafts.push({ line: row.line, key, customer, name: [name, spec].filter(Boolean).join(' '), codeProblem: byCode.kind === 'problem',
      ...(byCode.kind === 'found' ? { skuId: byCode.sku.id } : {}), ...(qtyValue !== undefined ? { qty: qtyValue } : {}) });
    if (byCode.kind === 'none' && name === '') {
      const cols = (['specCode', 'productCode', 'name'] as const).filter((f) => columns[f] !== undefined).map(where).join('、');
      report(`${cols}都是空的，不知道是哪个商品`);
    }
  }

  // Names are matched together, one numbered line each, so the catalogue is prepared once.
  const byName = drafts.filter((d) => d.skuId === undefined && d.name !== '' && !d.codeProblem);
  const matched = matchNames(byName.map((d) => d.name), ctx.skus);
  byName.forEach((d, i) => {
    const m = matched[i]!;
    if ('skuId' in m) d.skuId = m.skuId;
    else {
      const cols = [columns.specCode !== undefined ? where('specCode') : '', columns.productCode !== undefined ? where('productCode') : '', columns.name !== undefined ? where('name') : '']
        .filter(Boolean).join('、');
      issues.push({ path: `line:${d.line}`, code: 'UNKNOWN_SKU', message: `第${d.line}行：${cols}「${d.name}」${m.why}，请在平台导出中填写我们的商品编码，或改成商品资料里的名称和规格` });
    }
  });

  const orders = new Map<string, PlatformOrder>();
  const customerOfOrder = new Map<string, { customer: string; line: number }>();
  for (const d of drafts) {
    if (d.key === '' || d.skuId === undefined || d.qty === undefined) continue;
    const first = customerOfOrder.get(d.key);
    if (first && first.customer !== d.customer) {
      issues.push({ path: `line:${d.line}`, code: 'VALIDATION', message: `第${d.line}行：与第${first.line}行是同一单（${d.key}），收货人却不同（「${d.customer}」与「${first.customer}」），请核对订单号` });
      continue;
    }
    if (!first) customerOfOrder.set(d.key, { customer: d.customer, line: d.line });
    const order = orders.get(d.key) ?? { platform, orderNo: d.key, lines: [] };
    order.lines.push({ skuId: d.skuId, qty: d.qty, line: d.line, ...(d.customer ? { customer: d.customer } : {}) });
    orders.set(d.key, order);
  }
  issues.sort((a, b) => lineOf(a) - lineOf(b));
  return { ok: true, data: { platform, orders: [...orders.values()], issues, notes } };
}

const lineOf = (issue: Issue): number => Number(/^line:(\d+)$/.exec(issue.path)?.[1] ?? 0);
const headerText = (sheet: OrderSheet, col: number): string => sheet.headers.find((h) => h.col === col)?.text.trim() ?? '';

/** The label a line carries: "12号 王姐" (the 跟团号 and the person), cut to what the order keeps. */
export function customerOf(seq: string, person: string): string {
  const label = [/^\d+$/.test(seq) ? `${seq}号` : seq, person].filter(Boolean).join(' ');
  let cut = '';
  for (const ch of label) {
    if (cut.length + ch.length > 40) break;
    cut += ch;
  }
  return cut.trimEnd();
}

interface CodeIndex {
  byId: ReadonlyMap<string, Sku>;
  bySupplierCode: ReadonlyMap<string, Sku[]>;
}

function codeIndex(skus: readonly Sku[]): CodeIndex {
  const byId = new Map<string, Sku>();
  const bySupplierCode = new Map<string, Sku[]>();
  for (const s of skus) {
    byId.set(normalizeCell(s.id).toUpperCase(), s);
    if (!s.supplierCode) continue;
    const code = normalizeCell(s.supplierCode).toUpperCase();
    bySupplierCode.set(code, [...(bySupplierCode.get(code) ?? []), s]);
  }
  return { byId, bySupplierCode };
}

type CodeMatch = { kind: 'found'; sku: Sku } | { kind: 'none' } | { kind: 'problem'; field: OrderField; message: string };

/**
 * The first filled code column that names one of our SKUs (unified code, or a supplier's
 * registered code that only one SKU has). A code that is neither is the platform's own:
 * the line is then matched by name. Two SKUs under one code, or a delisted SKU, is a problem.
 */
function resolveByCode(index: CodeIndex, codes: ReadonlyArray<readonly [OrderField, string]>): CodeMatch {
  for (const [field, raw] of codes) {
    if (raw === '') continue;
    const code = raw.toUpperCase();
    const own = index.byId.get(code);
    const viaSupplier = (index.bySupplierCode.get(code) ?? []).filter((s) => s !== own);
    const candidates = own ? [own, ...viaSupplier] : viaSupplier;
    if (candidates.length > 1) return { kind: 'problem', field, message: `编码 ${raw} 对应多个商品（${candidates.map((s) => s.id).join('、')}），请改填平台统一的商品编码` };
    const sku = candidates[0];
    if (!sku) continue;
    if (!sku.listed) return { kind: 'problem', field, message: `商品 ${sku.id}（${sku.name}）已下架，不能下单` };
    return { kind: 'found', sku };
  }
  return { kind: 'none' };
}

type NameMatch = { skuId: string } | { why: string };

const squash = (text: string): string => normalizeCell(text).replace(/\s+/g, '').toLowerCase();

/**
 * Name and spec against the listed SKUs: the exact name and spec first, then the 接龙
 * matcher, which must name exactly one SKU; anything else is a question, never a guess.
 */
export function matchNames(names: readonly string[], skus: readonly Sku[]): NameMatch[] {
  const listed = skus.filter((s) => s.listed);
  const exact = new Map<string, string[]>();
  for (const s of listed) {
    for (const form of new Set([squash(`${s.name}${s.spec}`), squash(s.spec === '' ? s.name : `${s.name}(${s.spec})`)])) {
      exact.set(form, [...(exact.get(form) ?? []), s.id]);
    }
  }
  const results: Array<NameMatch | undefined> = names.map((n) => {
    const hit = exact.get(squash(n));
    return hit && hit.length === 1 ? { skuId: hit[0]! } : undefined;
  });
  const asked = names.map((n, i) => (results[i] === undefined && !/[\r\n]/.test(n) ? n : ''));
  const text = asked.map((n, i) => (n !== '' ? `${i + 1}. ${n}` : '')).join('\n');
  const catalogue = listed.map((s) => ({
    skuId: s.id, name: s.name, spec: s.spec, ...(s.saleUnit ? { saleUnit: s.saleUnit } : {}), ...(s.aliases?.length ? { aliases: s.aliases } : {}),
  }));
  const byLine = new Map(text.trim() === '' ? [] : parseJielong(text, catalogue).customers.map((c) => [c.lineNo, c] as const));
  const names2 = new Map(listed.map((s) => [s.id, `${s.name} ${s.spec}`.trim()]));
  return names.map((_, i) => {
    const done = results[i];
    if (done) return done;
    const c = byLine.get(i + 1);
    return c && c.seq === i + 1 ? matchOf(c, names2) : { why: '没有对应的商品' };
  });
}

function matchOf(c: JielongCustomer, names: ReadonlyMap<string, string>): NameMatch {
  const only = c.items[0];
  if (c.items.length === 1 && only?.kind === 'matched' && c.nickname === '') return { skuId: only.skuId };
  const candidates = [...new Set(c.items.flatMap((it) => (it.kind === 'matched' ? [it.skuId] : it.candidates)))];
  if (candidates.length === 0) return { why: '没有对应的商品' };
  return { why: `对不上唯一的商品（可能是：${candidates.slice(0, 4).map((id) => `${names.get(id) ?? id}（${id}）`).join('、')}）` };
}

/** A key the order path accepts ([A-Za-z0-9_-], 8–64): the platform and its order number, hashed when it has other characters. */
export function importKey(platform: OrderPlatform, orderNo: string, attempt = 0): string {
  const tail = attempt > 0 ? `-r${attempt}` : '';
  const plain = /^[A-Za-z0-9_-]{1,40}$/.test(orderNo) ? orderNo : `h${fnv(orderNo)}`;
  return `imp-${PLATFORM_TAG[platform]}-${plain}${tail}`;
}

function fnv(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
