// Stage: lines and entries. Which lines are customers, where the chain number and the
// nickname are, and how a line's content splits into items.

import { type CatalogueEntry, type JielongCustomer, type JielongItem, type JielongParse, JIELONG_REASONS } from './types';
import { flagAmendment, resolveAmendments, CANCEL_RE, EDIT_RE, SAME_RE } from './amendments';
import { type Draft, type ItemContext, resolveItem } from './items';
import { type Anchor, findAnchors, prepare, QUERY_FREE_WORDS } from './matching';
import { leftoverLetters, quantityOf, scanGroups, UNIT_ALT } from './quantities';
import { type Token, freeMaskOf, isLetter, normalise, tokenize } from './text';
import { type Menu, menuNormalise, newMenu, readMenuLine, withMenuRefs } from './menus';
import { type Title, newTitle, readTitleLine, titleItem } from './title';
import { EntryGrouper } from './multiline';

// ---------------------------------------------------------------------------
// Line classification.

export const EXAMPLE_RE = /^(?:例如|例子|示例|举例|例|格式|模板|参考|比如|如:)/;
/** Header or notice words: a line without products that says these is not an order. */
export const HEADER_ANY_RE = /接龙|截单|截止|截团|开团|团购|拼团|付款|支付|转账|收款|到货|自提|提货|配送|发货|送货|包邮|运费|合计|共计|总计|统计|汇总|价格|售价|原价|特价|通知|公告|提示|须知|规则|下单|订购|预订|预定|本期|今日|今天|明天|明日|今晚|商品|产品|链接|小程序|大家|各位|邻居|家人|亲们|团长|谢谢|感谢|请|时间|地址|备注|说明|注意|以下|以上|星期|周[一二三四五六日天]/;
/** Words that, before a line's first product, mark it as a menu or a notice rather than a customer. */
export const HEADER_LEAD_RE = /接龙|截单|截止|截团|开团|团购|拼团|到货|自提|提货|配送|发货|包邮|合计|共计|总计|统计|汇总|价格|售价|原价|特价|本期|今日|今天|明天|明日|今晚|商品|产品|通知|公告|以下|大家|各位/;
export const DATE_TIME_RE = new RegExp(`\\d{1,2}月\\d{1,2}[日号]?|\\d{1,2}:\\d{2}|\\d{4}[-/.年]\\d{1,2}|(?<![\\d.])\\d{1,2}[./]\\d{1,2}(?![\\d.])(?!\\s*(?:${UNIT_ALT}|栋|幢|号楼|单元|座))`, 'i');
export const PRICE_RE = /[¥$]\s*\d|\d(?:\.\d+)?\s*(?:元|块钱)/;

/** Remarks customers add after their items; not products. */
export const NOTE_RE = /自提|送货|送到|送上门|配送|付款|转账|红包|已付|已转|已支付|付过|谢谢|感谢|多谢|辛苦|麻烦|门口|放在|明天|今天|晚上|上午|下午|早上|^(?:好的|收到|备注|急|加急|尽快|要大|要小|挑大|挑小|大的|小的|大一点|小一点|要甜|甜的|不要太|团长|老板|哈|呀|啊|哦|噢|嗯|啦|吧|了|的|!|\?)/;

/** What may follow a bare leading number for it to be a 接龙 number rather than a count or a date. */
export const NOT_SEQ_AFTER_RE = new RegExp(`^(?:${UNIT_ALT}|月|日|号|点|时|分|年|周|天|栋|幢|楼|单元|室|期|层|元|岁|%|人|位|\\.\\d|:\\d)`, 'i');

export interface Piece extends Token { anchor?: Anchor }

export type PieceClass = 'attach' | 'each' | 'note' | 'same' | 'word';

export function detectSeq(s: string, p0: number): { seq?: number; contentStart: number } {
  const rest = s.slice(p0);
  const patterns: Array<[RegExp, ((after: string) => boolean)?]> = [
    [/^#\s*(\d{1,4})(?!\d)[\s.、:)\]]*/],
    [/^[(\[【「]\s*(\d{1,4})\s*[)\]】」][\s.、:]*/],
    // "1.5斤" is a weight and "11.26" a date, but "51.3栋1202" is number 51 of building 3.
    [/^(\d{1,4})\s*(?:[.:](?!\d)|\.(?=\d+(?:栋|幢|号楼|单元|座))|、|[)\]】」]|-(?!\d))[\s.、:]*/],
    [/^(\d{1,4})\s+/, (after) => !NOT_SEQ_AFTER_RE.test(after)],
    [/^(\d{1,4})(?=[\p{L}\uE000])/u, (after) => !NOT_SEQ_AFTER_RE.test(after)],
  ];
  for (const [re, ok] of patterns) {
    const m = re.exec(rest);
    if (!m) continue;
    const after = rest.slice(m[0].length);
    if (ok && !ok(after)) continue;
    return { seq: Number(m[1]), contentStart: p0 + m[0].length };
  }
  return { contentStart: p0 };
}

export function splitPieces(tokens: Token[], anchors: Anchor[]): Piece[] {
  const pieces: Piece[] = [];
  for (const tok of tokens) {
    const inside = anchors.filter((a) => a.start >= tok.start && a.end <= tok.end);
    if (inside.length === 0) { pieces.push(tok); continue; }
    inside.forEach((a, k) => {
      const next = inside[k + 1];
      pieces.push({ start: k === 0 ? tok.start : a.start, end: next ? next.start : tok.end, anchor: a });
    });
  }
  return pieces;
}

export function classifyPiece(text: string): PieceClass {
  const inner = text.replace(/^[(\[「【<《]+|[)\]」】>》]+$/g, '');
  const letters = leftoverLetters(inner);
  if (letters === '') return /^各/.test(inner) ? 'each' : 'attach';
  if (SAME_RE.test(inner)) return 'same';
  if (NOTE_RE.test(inner) || CANCEL_RE.test(inner) || EDIT_RE.test(inner) || PRICE_RE.test(inner)) return 'note';
  if (/^[(\[「【<《].*[)\]」】>》]$/.test(text)) return 'note';
  return 'word';
}

/** A word with a count or a spec ("香焦2斤"): an attempt at an item, even when nothing matches. */
export function looksLikeItem(text: string): boolean {
  return leftoverLetters(text) !== '' && scanGroups(text).some((g) => g.t === 'marker' || g.t === 'count' || g.t === 'spec');
}

/**
 * The first word of a line names a product but says more ("橙子妈妈", "草莓味的猫"),
 * carries no count or spec, and products follow: it is the customer's nickname.
 */
export function looksLikeNickname(piece: Piece & { anchor: Anchor }, rest: Piece[], s: string): boolean {
  if (!rest.some((p) => p.anchor) || scanGroups(s.slice(piece.start, piece.end)).length > 0) return false;
  const outside = s.slice(piece.start, piece.anchor.start) + '\u0003' + s.slice(piece.anchor.end, piece.end);
  const free = freeMaskOf(outside, QUERY_FREE_WORDS);
  return [...outside].some((c, i) => isLetter(c) && !free[i]);
}

export function cleanNickname(raw: string): string {
  return raw.replace(/\s+/g, ' ').replace(/^[\s,;:、。.\-—~·|/+#@]+|[\s,;:、。.\-—~·|/+#：，]+$/g, '').trim();
}

export interface LineContext extends ItemContext {
  /** Whether a numbered customer line came before: until then, unnamed product lines are the leader's. */
  chainStarted: boolean;
  /** The header's menu and title product (menus.ts, title.ts), when the parse reads them. */
  menu?: Menu;
  title?: Title;
}

export type LineResult = { customer: JielongCustomer } | { ignored: string } | null;

export interface LineShape {
  /** Where the nickname ends in `s`. */
  nickEnd: number;
  drafts: Draft[];
  /** The "各N份" written for every item on the line, if any. */
  eachText: string | null;
}

/** Split a line's content into the nickname and the items, each item with what attaches to it. */
export function shapeLine(s: string, contentStart: number, end: number, anchors: Anchor[], pieces: Piece[]): LineShape {
  const textOf = (p: Token): string => s.slice(p.start, p.end);
  const drafts: Draft[] = [];
  let eachText: string | null = null;

  // "+1" at the end of a line that names nothing: "me too", the same as the line above.
  const plus = anchors.length === 0 ? /\+\s*1$/.exec(s.slice(contentStart, end)) : null;
  if (plus) {
    const at = contentStart + plus.index;
    return { nickEnd: at, drafts: [{ kind: 'same', start: at, end, anchors: [] }], eachText };
  }

  // The nickname runs up to the first product, or the first word written with a count or a spec.
  let k = 0;
  for (; k < pieces.length; k++) {
    const piece = pieces[k] as Piece;
    const cls = classifyPiece(textOf(piece));
    if (piece.anchor && k === 0 && looksLikeNickname({ ...piece, anchor: piece.anchor }, pieces.slice(1), s)) continue;
    if (piece.anchor || (cls === 'word' && looksLikeItem(textOf(piece))) || (cls === 'same' && k > 0)) break;
  }
  if (k === pieces.length) {
    // No product named at all: a word followed by a count or spec ("张三 香焦 2斤") is still an attempt at an item.
    const counted = pieces.findIndex((p, i) => i > 0 && classifyPiece(textOf(p)) === 'attach'
      && scanGroups(textOf(p)).some((g) => g.t === 'marker' || g.t === 'count' || g.t === 'spec'));
    if (counted > 0) k = counted - 1;
  }
  const nickPieces = pieces.slice(0, k);
  let nickEnd = nickPieces.length > 0 ? (nickPieces[nickPieces.length - 1] as Piece).end : contentStart;

  for (const piece of pieces.slice(k)) {
    const text = textOf(piece);
    const last = drafts[drafts.length - 1];
    if (piece.anchor) {
      let start = piece.start;
      if (!last && piece.anchor.start > piece.start && nickPieces.length === 0) {
        // "王阿姨土鸡蛋30枚": a nickname glued to the first product.
        if (leftoverLetters(s.slice(piece.start, piece.anchor.start)) !== '') { start = piece.anchor.start; nickEnd = start; }
      }
      drafts.push({ kind: 'anchor', start, end: piece.end, anchors: [piece.anchor] });
      continue;
    }
    const cls = classifyPiece(text);
    if (!last) drafts.push({ kind: cls === 'same' ? 'same' : 'plain', start: piece.start, end: piece.end, anchors: [] });
    else if (cls === 'attach') last.end = piece.end;
    else if (cls === 'each') eachText = text;
    else if (cls === 'same' || cls === 'word') drafts.push({ kind: cls === 'same' ? 'same' : 'plain', start: piece.start, end: piece.end, anchors: [] });
    // A note ("谢谢团长", "明天自提") is neither an item nor part of one.
  }
  for (const d of drafts) {
    // "咸鸭蛋和皮蛋各一盒": a count after 各 is for every item on the line.
    const glued = /各\s*(.*)$/.exec(s.slice(d.start, d.end))?.[1] ?? '';
    if (eachText === null && glued && leftoverLetters(glued) === '' && scanGroups(glued).length > 0) eachText = glued;
  }
  return { nickEnd, drafts, eachText };
}

/**
 * Whether a line is the leader's rather than a customer's: a menu (products with a price
 * and no customer, or named before the chain starts), a notice, the group-buy's own name.
 * A line naming no product is a customer only when it has a customer's shape.
 */
export function isLeadersLine(whole: string, firstWord: string, nickZone: string, nickname: string, shape: LineShape, seq: number | undefined, ctx: LineContext): boolean {
  if (shape.drafts.some((d) => d.kind === 'anchor')) {
    const menu = (PRICE_RE.test(whole) || (seq === undefined && !ctx.chainStarted)) && nickname === '';
    const groupName = seq === undefined && /团(?:\s|$)/.test(whole); // "水果+鸡蛋团", "周日团"
    return menu || groupName || HEADER_LEAD_RE.test(nickZone) || DATE_TIME_RE.test(nickZone);
  }
  if (seq === undefined) return shape.drafts.length === 0 || HEADER_ANY_RE.test(whole) || DATE_TIME_RE.test(whole) || PRICE_RE.test(whole);
  return HEADER_ANY_RE.test(firstWord) || DATE_TIME_RE.test(whole) || PRICE_RE.test(whole);
}

export function parseLine(lineNo: number, raw: string, ctx: LineContext): LineResult {
  const { s, orig } = ctx.menu ? menuNormalise(raw, ctx.menu) : normalise(raw);
  const ignored = { ignored: raw.trim() };
  if (!/\S/.test(s)) return raw.replace(/[\s\u200b-\u200f\u2060-\u206f\ufeff]/g, '') ? ignored : null;
  const p0 = s.search(/\S/);
  const end = s.trimEnd().length;
  if (EXAMPLE_RE.test(s.slice(p0))) return ignored;
  const { seq, contentStart } = detectSeq(s, p0);
  const content = s.slice(contentStart, end);
  if (seq !== undefined && content.trim() === '') return ignored;
  if (seq === undefined && content.startsWith('#')) return ignored;

  const names = findAnchors(s, contentStart, end, ctx.prepared);
  const anchors = ctx.menu && ctx.menu.entries.length > 0 ? withMenuRefs(names, s, orig, contentStart, end, ctx.menu, ctx.prepared) : names;
  const pieces = splitPieces(tokenize(s, contentStart, end, anchors), anchors);
  let shape = shapeLine(s, contentStart, end, anchors, pieces);
  const notice = seq === undefined && (HEADER_ANY_RE.test(content) || DATE_TIME_RE.test(content) || PRICE_RE.test(content));
  if (ctx.title && !notice && !shape.drafts.some((d) => d.kind !== 'plain')) {
    // "1. 小李 2箱" under "百香果团购": the count is for the title's product.
    const t = titleItem(s, contentStart, pieces, seq, ctx.title, ctx.menu?.entries ?? [], classifyPiece);
    if (t) shape = { nickEnd: t.nickEnd, drafts: [{ kind: 'anchor', start: t.start, end: t.end, anchors: [t.anchor] }], eachText: null };
  }
  const nickname = cleanNickname(orig.slice(contentStart, shape.nickEnd).join(''));
  const firstWord = pieces[0] ? s.slice(pieces[0].start, pieces[0].end) : '';
  if (isLeadersLine(s.slice(p0, end), firstWord, s.slice(contentStart, shape.nickEnd), nickname, shape, seq, ctx)) return ignored;

  const each = shape.eachText === null ? undefined : quantityOf(scanGroups(shape.eachText));
  let items: JielongItem[] = shape.drafts.map((d) => resolveItem(d, s, orig, ctx, each));
  if (items.length === 0) items = [{ kind: 'unmatched', text: '', qty: 1, reason: JIELONG_REASONS.noItem, candidates: [] }];

  items = flagAmendment(items, s, orig, contentStart, end);
  return { customer: { lineNo, ...(seq !== undefined ? { seq } : {}), nickname, items } };
}

// ---------------------------------------------------------------------------

/** Parse a pasted 接龙 list against the SKUs the leader can order. */
export function parseJielong(text: string, catalogue: ReadonlyArray<CatalogueEntry>): JielongParse {
  const prepared = prepare(catalogue);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const parse: JielongParse = { customers: [], ignored: [] };
  const ctx: LineContext = { prepared, previousMatched: [], chainStarted: false, menu: newMenu(), title: newTitle() };
  const entries = new EntryGrouper(parse);
  lines.forEach((line, i) => {
    // Before the first customer: the header, where the menu and the title's product are.
    const header = parse.customers.length === 0 && ctx.menu && ctx.title;
    if (header && ctx.menu && readMenuLine(line, i + 1, ctx.menu, prepared, () => {
      const as = parseLine(i + 1, line, { ...ctx, menu: undefined, title: undefined });
      return as !== null && 'ignored' in as;
    }, lines.slice(i + 1).find((l) => l.trim() !== ''))) {
      parse.ignored.push({ lineNo: i + 1, text: line.trim() });
      return;
    }
    const result = parseLine(i + 1, line, ctx);
    if (!result) return;
    if ('ignored' in result) {
      if (header && ctx.title) readTitleLine(line, ctx.title, prepared);
      entries.ignored(i + 1, result.ignored, ctx.chainStarted);
      return;
    }
    entries.customer(result.customer, ctx.chainStarted);
    if (result.customer.seq !== undefined) ctx.chainStarted = true;
    const matched = result.customer.items.flatMap((it) => (it.kind === 'matched' ? [it.skuId] : []));
    if (matched.length > 0) ctx.previousMatched = matched;
  });
  if (ctx.menu && ctx.menu.entries.length > 0) parse.menu = ctx.menu.entries;
  // A customer writing again (a change, a cancellation, the chain pasted twice): amendments.ts.
  resolveAmendments(parse, lines, ctx);
  return parse;
}
