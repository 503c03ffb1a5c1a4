// The column headers of stock files as real systems export them, each with where it
// was found. One dictionary: the header search, the basis choice (DESIGN §3 basis,
// §4 rules level) and the refusal of order exports all read it. A header listed here
// without a verified source says so in its `source`; nothing is added on a guess.
import type { ReportBasis } from './model';

export type Platform = 'generic' | '聚水潭' | '旺店通' | '快团团' | '有赞' | '微店' | '1688';

/** What a column is, once its header is known. */
export type HeaderRole =
  | { kind: 'code'; field: 'skuCode' | 'supplierCode' }
  /** A stock count; `basis` when the system says which (before or after its orders), none when it does not. */
  | { kind: 'count'; basis?: ReportBasis }
  /** A number about stock that is not a count to report (orders held, in transit, a listing's total). */
  | { kind: 'notCount'; why: string }
  /** Only order exports carry it: buyers, addresses, payment times. */
  | { kind: 'order' };

export interface KnownHeader {
  header: string;
  role: HeaderRole;
  platform: Platform;
  source: string;
}

/** Where each header set was found (looked up for issue 16). */
export const HEADER_SOURCES = {
  operator: 'Our own template and what operators type by hand (STOCK_TEMPLATE_COLUMNS); no outside source needed.',
  // 聚水潭 open API 库存查询 V3.0 (/open/inventory/query): sku_id 商品编码, qty 主仓实际库存, order_lock 订单占有数.
  jstApi: 'https://www.qeasy.cloud/api/89b78b2d-6105-3792-8f24-bb70f5bf07db',
  // Public GitHub scripts that read the 聚水潭 商品库存 export by column name: 款式编码, 商品编码,
  // 实际库存数, 订单占有数, 可用数, 公有可用数, 采购在途数, 虚拟库存数, 进货仓库存, 主仓实际库存数.
  // The code index did not name the repositories; the header names are the evidence.
  jstExport: 'GitHub code search (pandas usecols / SQL over a 聚水潭 库存 export), repositories not named by the index',
  // 旺店通 open API stock_query: 商家编码 spec_no is the merchant's own SKU code.
  wdtApi: 'https://open.wangdian.cn/Y/open/apidoc/doc?path=stock_query_Y',
  // A public GitHub importer of the 旺店通 库存明细 export: 商家编码→spec_no, 货品编号, 库存, 可发库存,
  // 可用库存, 实际库存, 实际可发库存, 待审核量, 待发货量, 锁定量, 采购在途 (repository not named by the index).
  wdtExport: 'GitHub code search (row[\'商家编码\'] … row[\'可发库存\'] importer of a 旺店通 库存 export), repository not named by the index',
  // Public GitHub code reading 快团团 order exports: 跟团号, 下单人, 团员备注, 支付时间, 团长备注, 商品,
  // 订单金额, 退款金额/订单退款, 订单状态, 自提点, 收货人, 联系电话, 详细地址 (e.g. an ExcelKttOrderDTO class).
  kttOrders: 'GitHub code search (ExcelKttOrderDTO and a 快团团 order-file spec), repositories not named by the index',
  kttSummary: 'NOT VERIFIED: 总库存/当前库存 are the names given in issue 16; no published 快团团 商品汇总表 column list was found',
  // 有赞 open API youzan.retail.open.sku.query: stock_num 库存数量, sku_code 商品编码/规格编码, sku_no 规格条码.
  youzanApi: 'https://doc.youzanyun.com/detail/API/0/217',
  youzanOrders: 'NOT VERIFIED: no published 有赞 order export column list was found; names from issue 16 and the brief',
  // 微店 API (vdian.item.list.get) returns `stock` 剩余库存; no Chinese export header list was found.
  weidian: 'NOT FOUND: no 微店 export column list; https://juejin.cn/post/7550267374597898303 describes the API field stock (剩余库存) only',
  alibaba1688: 'NOT FOUND: no 1688 代发 template column list was found; nothing specific added',
  // A public ERP screen's definitions: 实际库存 = 期初 + 入库 − 发货 …; 可售库存 = 实际库存 − 订单占有数.
  stockTerms: 'GitHub code search (an ERP inventory screen defining 实际库存 and 可售库存 = 实际库存 − 订单占有数)',
} as const;

const S = HEADER_SOURCES;
const code = (field: 'skuCode' | 'supplierCode'): HeaderRole => ({ kind: 'code', field });
const count = (basis?: ReportBasis): HeaderRole => (basis ? { kind: 'count', basis } : { kind: 'count' });
const notCount = (why: string): HeaderRole => ({ kind: 'notCount', why });
const ORDER: HeaderRole = { kind: 'order' };

const entries = (platform: Platform, source: string, role: HeaderRole, headers: readonly string[]): KnownHeader[] =>
  headers.map((header) => ({ header, role, platform, source }));

/** What operators type by hand or our template writes; the older STOCK_HEADER_SYNONYMS. */
export const GENERIC_HEADERS = {
  skuCode: ['商品编码', '商品代码', '编码', 'SKU', 'SKU编码', 'sku code', 'code'],
  qty: ['库存', '数量', '库存数量', '现有库存', '件数', 'qty', 'quantity', 'stock', 'onhand', 'on hand'],
  supplierCode: ['供应商编码', '供应商商品编码', '货号', 'supplier code', 'supplier sku', 'supplier_sku'],
} as const;

const ORDERS_HELD = '订单已占用的数量，不是库存';
const IN_TRANSIT = '在途数量，还没到仓库';

export const KNOWN_HEADERS: readonly KnownHeader[] = [
  ...entries('generic', S.operator, code('skuCode'), GENERIC_HEADERS.skuCode),
  ...entries('generic', S.operator, count(), GENERIC_HEADERS.qty),
  ...entries('generic', S.operator, code('supplierCode'), GENERIC_HEADERS.supplierCode),
  ...entries('generic', S.stockTerms, count('physical'), ['实际库存']),
  ...entries('generic', S.stockTerms, count('available'), ['可售库存']),

  // 聚水潭: 商品编码 (already generic) is the supplier's own code, accepted by mapStockRows.
  ...entries('聚水潭', S.jstExport, count('physical'), ['实际库存数', '主仓实际库存数']),
  ...entries('聚水潭', S.jstApi, count('physical'), ['主仓实际库存']),
  ...entries('聚水潭', S.jstExport, count('available'), ['可用数']),
  ...entries('聚水潭', S.jstApi, notCount(ORDERS_HELD), ['订单占有数']),
  ...entries('聚水潭', S.jstExport, notCount(ORDERS_HELD), ['订单占有']),
  ...entries('聚水潭', S.jstExport, notCount('含虚拟库存，不是仓库里的实数'), ['公有可用数', '虚拟库存数', '虚拟库存']),
  ...entries('聚水潭', S.jstExport, notCount(IN_TRANSIT), ['采购在途数', '销退在途数', '调拨在途数']),
  ...entries('聚水潭', S.jstExport, notCount('其他仓的库存，不在主仓'), ['进货仓库存', '销退仓库存', '次品库存']),

  // 旺店通: 商家编码 is the merchant's own SKU code.
  ...entries('旺店通', S.wdtApi, code('supplierCode'), ['商家编码']),
  ...entries('旺店通', S.wdtExport, count('available'), ['可用库存', '可发库存']),
  ...entries('旺店通', S.wdtExport, notCount(ORDERS_HELD), ['待审核量', '待发货量', '预订单量', '未付款量', '锁定量']),
  ...entries('旺店通', S.wdtExport, notCount(IN_TRANSIT), ['采购在途', '调拨在途']),
  ...entries('旺店通', S.wdtExport, notCount('已扣除订单的实际可发数，与可发库存重复'), ['实际可发库存']),

  // 快团团 商品汇总表 (unverified, see source).
  ...entries('快团团', S.kttSummary, count(), ['当前库存']),
  ...entries('快团团', S.kttSummary, notCount('开团时设置的总库存，不是现在的数量'), ['总库存']),

  // 有赞: 规格编码 is the merchant's own code for a variant.
  ...entries('有赞', S.youzanApi, code('supplierCode'), ['规格编码']),

  // Order exports: never a stock count.
  ...entries('快团团', S.kttOrders, ORDER, ['跟团号', '下单人', '团员备注', '支付时间', '团长备注', '订单金额', '退款金额', '订单退款', '订单状态', '自提点', '收货人', '联系电话', '详细地址']),
  ...entries('有赞', S.youzanOrders, ORDER, ['下单时间', '付款时间', '收货地址', '买家', '买家昵称', '订单号', '订单编号', '团员']),
];

// ---- Lookup

/** Invisible characters that ride along when text is copied out of WeChat or web pages. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Full-width letters, digits and punctuation become half-width; edges trimmed. */
export const normalizeCell = (text: string): string => text.normalize('NFKC').replace(INVISIBLE, '').trim();

/**
 * `供应商编码（必填）` → `供应商编码`, `Supplier_SKU` → `suppliersku`: case, width,
 * spacing, separators and a bracketed hint do not change which column it is.
 */
export function normalizeHeader(text: string): string {
  return normalizeCell(text)
    .toLowerCase()
    .replace(/^\*+|[*:]+$/g, '')
    .replace(/\([^)]*\)$/, '')
    .replace(/[\s_\-./]+/g, '');
}

const LOOKUP: ReadonlyMap<string, KnownHeader> = new Map(KNOWN_HEADERS.map((h) => [normalizeHeader(h.header), h] as const));

/** The dictionary entry a header cell names, if any. */
export const knownHeader = (text: string): KnownHeader | undefined => LOOKUP.get(normalizeHeader(text));

// ---- Near misses

export interface NearMiss {
  /** The header as the file has it. */
  found: string;
  /** The dictionary header it resembles. */
  like: string;
}

/** Edit distance, for short header texts only. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** How far apart (edit distance), or undefined when too far to be worth naming; one containing the other is near. */
function closeness(found: string, known: string): number | undefined {
  const d = distance(found, known);
  if (known.length >= 2 && found.length >= 2 && (found.includes(known) || known.includes(found))) return d;
  const shorter = Math.min(found.length, known.length);
  const allowed = shorter >= 6 ? 2 : shorter >= 3 ? 1 : 0;
  return d <= allowed ? d : undefined;
}

const READABLE = KNOWN_HEADERS.filter((h) => h.role.kind === 'code' || h.role.kind === 'count');

/** Unknown headers that almost name a code or count column, each with its closest known name. */
export function nearMisses(headers: readonly string[], limit = 6): NearMiss[] {
  const out: NearMiss[] = [];
  for (const found of headers) {
    const n = normalizeHeader(found);
    if (n === '' || LOOKUP.has(n)) continue;
    let best: { like: string; d: number } | undefined;
    for (const h of READABLE) {
      const d = closeness(n, normalizeHeader(h.header));
      if (d !== undefined && (!best || d < best.d)) best = { like: h.header, d };
    }
    if (best) out.push({ found: found.trim(), like: best.like });
    if (out.length >= limit) break;
  }
  return out;
}

/** Unknown headers listed in a message, at most this many. */
const LISTED_HEADERS = 12;

/** `。第3行的列名是：…；相近的列名：「库存数」（可能是「库存」）`: what the operator needs to fix the header. */
export function headerHint(line: number, headers: readonly string[]): string {
  const shown = headers.map((h) => h.trim()).filter((h) => h !== '');
  if (shown.length === 0) return '';
  const listed = shown.slice(0, LISTED_HEADERS).map((h) => `「${h}」`).join('');
  const more = shown.length > LISTED_HEADERS ? `等 ${shown.length} 列` : '';
  const near = nearMisses(shown).map((m) => `「${m.found}」（可能是「${m.like}」）`).join('、');
  return `。第${line}行的列名是：${listed}${more}${near ? `；相近的列名：${near}` : ''}`;
}

// ---- Reading one header row

/** 0 → A, 26 → AA: how Excel names the column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export interface HeaderCell {
  /** Zero-based column. */
  col: number;
  text: string;
}

export type HeaderProblem = 'NO_QTY_COLUMN' | 'NO_CODE_COLUMN' | 'AMBIGUOUS_COLUMN' | 'ORDER_EXPORT' | 'WRONG_BASIS';

export interface HeaderColumns {
  skuCode?: number;
  supplierCode?: number;
  qty: number;
}

export type HeaderReading =
  | { ok: true; columns: HeaderColumns; notes: string[] }
  | { ok: false; problem: HeaderProblem; message: string; details?: Record<string, unknown> };

interface Classified extends HeaderCell {
  known: KnownHeader;
}

const FIELD_NAMES = { skuCode: '商品编码', supplierCode: '供应商编码', qty: '库存数量' } as const;
const BASIS_WORDS: Record<ReportBasis, string> = { physical: '实物库存（含未发货的订单）', available: '可用库存（已扣除订单）' };

const named = (c: HeaderCell): string => `${columnLetter(c.col)}列「${c.text.trim()}」`;
const listed = (cells: readonly HeaderCell[]): string => cells.map(named).join('、');
const refuse = (problem: HeaderProblem, message: string, details?: Record<string, unknown>): HeaderReading =>
  details ? { ok: false, problem, message, details } : { ok: false, problem, message };

/** How much a row looks like a header: cells naming a code, a count or an order field. */
export function headerScore(texts: readonly string[]): number {
  return texts.filter((t) => {
    const kind = knownHeader(t)?.role.kind;
    return kind === 'code' || kind === 'count' || kind === 'order';
  }).length;
}

/**
 * Which columns to read from a header row, for a supplier whose counts have this
 * basis. An order export, two columns for one field, or only a count of the other
 * basis is refused, naming the columns; a choice made among count columns is noted.
 */
export function readHeaderRow(line: number, cells: readonly HeaderCell[], basis: ReportBasis): HeaderReading {
  const known = cells.flatMap((c) => {
    const k = knownHeader(c.text);
    return k ? [{ ...c, known: k }] : [];
  });
  const of = (kind: HeaderRole['kind']): Classified[] => known.filter((c) => c.known.role.kind === kind);
  const orders = of('order');
  if (orders.length > 0) return orderExport(orders);

  const codes: Partial<Record<'skuCode' | 'supplierCode', number>> = {};
  for (const field of ['skuCode', 'supplierCode'] as const) {
    const cols = of('code').filter((c) => c.known.role.kind === 'code' && c.known.role.field === field);
    if (cols.length > 1) return ambiguous(line, field, cols);
    if (cols[0]) codes[field] = cols[0].col;
  }
  const hint = (): string => headerHint(line, cells.map((c) => c.text));
  const qty = pickCount(line, of('count'), of('notCount'), basis, { hint, details: () => headerDetails(cells) });
  if (!qty.ok) return qty;
  if (codes.skuCode === undefined && codes.supplierCode === undefined) {
    return refuse('NO_CODE_COLUMN', `第${line}行的表头中缺少编码列：需要「商品编码」（或「SKU」）或「供应商编码」${hint()}`,
      headerDetails(cells));
  }
  return { ok: true, columns: { ...codes, qty: qty.columns.qty }, notes: qty.notes };
}

const headerDetails = (cells: readonly HeaderCell[]): Record<string, unknown> =>
  ({ headers: cells.map((c) => c.text.trim()), nearMisses: nearMisses(cells.map((c) => c.text)) });

function orderExport(orders: readonly Classified[]): HeaderReading {
  const names = orders.map((c) => c.text.trim());
  return refuse('ORDER_EXPORT',
    `这是订单导出（有${names.slice(0, 2).join('、')}等列），不是库存表：订单数量不能当作库存导入。请在系统中导出库存表（如聚水潭「库存查询」、快团团「商品汇总表」）后再上传；团长在快团团、群接龙、有赞的订单可在「我的订单 · 从平台导入订单」导入`,
    { orderColumns: names });
}

const ambiguous = (line: number, field: keyof typeof FIELD_NAMES, cols: readonly HeaderCell[]): HeaderReading =>
  refuse('AMBIGUOUS_COLUMN', `第${line}行的表头中有多列都表示${FIELD_NAMES[field]}（${listed(cols)}），请只保留一列`);

function pickCount(
  line: number,
  counts: readonly Classified[],
  others: readonly Classified[],
  basis: ReportBasis,
  about: { hint: () => string; details: () => Record<string, unknown> },
): HeaderReading {
  const basisOf = (c: Classified): ReportBasis | undefined => (c.known.role.kind === 'count' ? c.known.role.basis : undefined);
  const same = counts.filter((c) => basisOf(c) === basis);
  const plain = counts.filter((c) => basisOf(c) === undefined);
  const wrong = counts.filter((c) => basisOf(c) !== undefined && basisOf(c) !== basis);
  if (same.length > 1) return ambiguous(line, 'qty', same);
  if (same.length === 0 && plain.length > 1) return ambiguous(line, 'qty', plain);
  const chosen = same[0] ?? plain[0];
  if (!chosen && wrong.length > 0) {
    return refuse('WRONG_BASIS',
      `第${line}行只有${BASIS_WORDS[basisOf(wrong[0]!)!]}列（${listed(wrong)}），而该供应商报的是${BASIS_WORDS[basis]}：请导出含${basis === 'physical' ? '「实际库存数」' : '「可用数」'}的库存表，或先核对供应商资料中的库存口径`,
      { countColumns: wrong.map((c) => c.text.trim()) });
  }
  if (!chosen) {
    const notCounts = others.map((c) => `「${c.text.trim()}」是${c.known.role.kind === 'notCount' ? c.known.role.why : ''}`).join('；');
    return refuse('NO_QTY_COLUMN', `第${line}行的表头中缺少库存数量列：列名可以是「库存」「数量」「qty」等${notCounts ? `（${notCounts}，不能当作库存读取）` : ''}${about.hint()}`,
      { ...about.details(), notCountColumns: others.map((c) => c.text.trim()) });
  }
  const skipped = [...counts.filter((c) => c !== chosen), ...others].sort((a, b) => a.col - b.col);
  const why = basisOf(chosen) ? `（该供应商报的是${BASIS_WORDS[basis]}）` : '';
  const notes = skipped.length > 0 ? [`库存数量读取的是 ${named(chosen)}${why}；没有读取 ${listed(skipped)}`] : [];
  return { ok: true, columns: { qty: chosen.col }, notes };
}
