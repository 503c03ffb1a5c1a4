// Stage: the product named only in the title of a single-product 接龙 ("百香果团购 …",
// then "1. 小李 2箱"). An entry that carries only a quantity is that product when the header
// names exactly one SKU; when it names several, or a product we cannot find, it is a question.

import { type JielongMenuEntry, JIELONG_REASONS } from './types';
import { type ItemContext, type RefAnchor, resolveItem } from './items';
import { type Prepared, findAnchors } from './matching';
import { scanGroups } from './quantities';
import { type Token, isLetter, normalise } from './text';

export interface Title {
  /** SKUs the header lines name, each exactly. */
  skus: Set<string>;
  /** SKUs a header line might mean, undecided. */
  maybe: Set<string>;
  /** A product word in a title line that names no SKU ("百香果"). */
  word?: string;
}

export const newTitle = (): Title => ({ skus: new Set(), maybe: new Set() });

const GENERIC_RE = /水果|生鲜|蔬菜|零食|日用|百货|社区|邻里|邻居|周末|爆款|福利|秒杀|特惠|优选|今日|今天|明天|本周|每日|私房|烘焙|熟食|凉菜|美食/;
/** Words of a header that are not the product: taken out before matching what is left. */
const NOT_PRODUCT_RE = new RegExp([
  '接龙', '截单', '截止', '截团', '开团', '团购', '拼团', '预售', '预订', '预定', '秒杀', '上新', '到货', '现货', '自提', '提货', '配送',
  '发货', '送货', '包邮', '运费', '付款', '转账', '价格', '售价', '原价', '特价', '本期', '今日', '今天', '明天', '明日', '今晚', '本周',
  '周末', '商品', '产品', '通知', '以下', '大家', '各位', '邻居', '家人', '亲们', '团长', '请', '时间', '地址', '备注', '开始', '欢迎',
  '新鲜', '现摘', '产地', '直发', '直供', '限量', '每人', '限购', '第[一二三四五六七八九十\\d]+期', '星期.', '周[一二三四五六日天]',
  '\\d{1,2}月\\d{1,2}[日号]?', '\\d{1,2}[:点]\\d{0,2}分?', '[¥$]\\s*\\d+(?:\\.\\d+)?', '\\d+(?:\\.\\d+)?\\s*(?:元|块钱)', '团',
].join('|'), 'g');
const PLACE_END_RE = /(?:小区|花园|苑|村|城|府|园|湾|庭|公寓|社区|大厦|广场|中心|家园|新村|里|群|店|超市)$/;

/** What a header line (not a customer, not the menu) says about the product of the chain. */
export function readTitleLine(raw: string, title: Title, prepared: Prepared): void {
  const plain = normalise(raw).s;
  if (/^\s*(?:例如|例子|示例|举例|例|格式|模板|参考|比如)/.test(plain)) return; // "例：1. 张三 脐橙5斤×2" offers nothing
  const s = plain.replace(NOT_PRODUCT_RE, (m) => ' '.repeat(m.length)).replace(/[【】\[\]()「」#*~—\-_=|]/g, ' ');
  const anchors = findAnchors(s, 0, s.length, prepared);
  const ctx: ItemContext = { prepared, previousMatched: [] };
  anchors.forEach((a, k) => {
    // The product and the spec written after it, up to a separator or the next product.
    let end = a.end;
    const stop = anchors[k + 1]?.start ?? s.length;
    while (end < stop && !/[\s,，;；、。/:|]/.test(s[end] ?? '')) end++;
    const item = resolveItem({ kind: 'anchor', start: a.start, end, anchors: [a] }, s, [...s], ctx, undefined);
    if (item.kind === 'matched') title.skus.add(item.skuId);
    else for (const id of item.candidates) title.maybe.add(id);
  });
  if (anchors.length === 0 && title.word === undefined) {
    // The word just before 团购/接龙 ("东魁杨梅团购"), unless it is a place or a kind of shop.
    const word = /([\u4e00-\u9fff]{2,8})\s*(?:团购|接龙|拼团|预售|团)/.exec(plain.replace(/[【】\[\]()「」#]/g, ' '))?.[1];
    if (word && !PLACE_END_RE.test(word) && !GENERIC_RE.test(word)) title.word = word;
  }
}

/** The SKUs the header offers: the title's, else the menu's. */
function offered(title: Title, menu: JielongMenuEntry[]): { one?: string; all: string[] } {
  const fromMenu = menu.flatMap((e) => (e.skuId ? [e.skuId] : e.candidates ?? []));
  const all = [...new Set([...title.skus, ...title.maybe, ...fromMenu])];
  const exact = [...new Set([...title.skus, ...menu.flatMap((e) => (e.skuId ? [e.skuId] : []))])];
  const undecided = title.maybe.size > 0 || menu.some((e) => !e.skuId);
  return exact.length === 1 && !undecided && all.length === 1 ? { one: exact[0] as string, all } : { all };
}

/**
 * A line that names no product and ends in a quantity ("1. 小李 2箱", "3栋502 刘 x2"), read
 * against the header's product: where the nickname ends and the item it is. Null when the
 * header names nothing or the line does not have that shape.
 */
export function titleItem(
  s: string, contentStart: number, pieces: Token[], seq: number | undefined, title: Title, menu: JielongMenuEntry[],
  classify: (text: string) => string,
): { nickEnd: number; start: number; end: number; anchor: RefAnchor } | null {
  const { one, all } = offered(title, menu);
  if (all.length === 0 && title.word === undefined) return null;
  const text = (p: Token): string => s.slice(p.start, p.end);
  const cls = pieces.map((p) => classify(text(p)));
  let last = pieces.length - 1;
  while (last >= 0 && cls[last] === 'note') last--;
  if (last < 0 || cls[last] !== 'attach') return null;
  let first = last;
  while (first > 0 && cls[first - 1] === 'attach') first--;
  const qtyText = pieces.slice(first, last + 1).map(text).join(' ');
  if (!scanGroups(qtyText).some((g) => g.t === 'marker' || g.t === 'count' || g.t === 'bare' || g.t === 'spec')) return null;
  if (first === 0 && seq === undefined) return null;
  if (cls.slice(0, first).some((c) => c === 'same' || c === 'each')) return null;
  const start = (pieces[first] as Token).start;
  const nickEnd = first > 0 ? (pieces[first - 1] as Token).end : contentStart;
  // Two words before the count ("张三 香焦 2斤"): one may be a product we do not sell. Ask.
  const words = pieces.slice(0, first).filter((p) => [...text(p)].some(isLetter) && !/\d/.test(text(p))).length;
  // "王姐 12" may be a room or a house number as well as twelve boxes: a bare number over 9 is asked.
  const big = scanGroups(qtyText).every((g) => g.t === 'bare') && scanGroups(qtyText).some((g) => g.t === 'bare' && g.n > 9);
  const anchor: RefAnchor = big && one
    ? { start, end: start, ref: { reason: `只写了“${qtyText.trim()}”，是数量吗？请确认`, candidates: [one] } }
    : one && words <= 1
    ? { start, end: start, code: one.toUpperCase() }
    : all.length > 0
      ? { start, end: start, ref: { reason: one ? '只写了数量，请确认是哪个商品' : JIELONG_REASONS.titleAmbiguous, candidates: all.slice(0, 5) } }
      : { start, end: start, ref: { reason: `只写了数量，标题里的“${title.word ?? ''}”没有找到对应商品`, candidates: [] } };
  return { nickEnd, start, end: (pieces[last] as Token).end, anchor };
}
