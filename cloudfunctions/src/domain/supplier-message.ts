// A supplier's WeChat-group stock message ("苹果 30 香蕉20箱 橙子：五十", "今天没有草莓了"),
// as the operator pastes it on 代报库存, read into counts for that supplier's SKUs (issue 16).
// Pure: text in, parse out. The same rule as the 接龙 parser: never guess. A line whose
// product, number or unit is not certain is flagged with its candidates; the operator sees
// every line and taps submit. Names are matched by the 接龙 matcher (parseJielong), so the
// two pastes read product words alike.
import { type CatalogueEntry, type JielongCustomer, parseJielong } from './jielong';

export interface MessageSku {
  skuId: string;
  name: string;
  spec: string;
  /** The supplier's own code: a message may name a SKU by it. */
  supplierCode?: string;
  /** The operator's other words for the SKU (Sku.aliases). */
  aliases?: string[];
}

export type MessageLine =
  | { kind: 'matched'; lineNo: number; text: string; skuId: string; onHand: number }
  /** `onHand` when the number is sound and only the product needs choosing. */
  | { kind: 'flagged'; lineNo: number; text: string; reason: string; candidates: string[]; onHand?: number };

export interface SupplierMessageParse {
  lines: MessageLine[];
  /** Text that names no product and no count (greetings, headers, remarks). */
  ignored: Array<{ lineNo: number; text: string }>;
}

export const MESSAGE_REASONS = {
  noMatch: '没有找到这个供应商的对应商品',
  ambiguous: '有多个商品符合，请选择',
  partial: '商品名对不上，请确认',
  noCount: '没有写数量',
  approximate: '写的是大概的数，请确认',
  notWhole: '数量不是整件，请确认',
  unreadable: '数量看不懂，请确认',
  negative: '数量前有减号，请确认',
  tooLarge: '数量太大，请确认',
  severalNumbers: '写了不止一个数，请确认',
  delta: '写的是增减或卖出，不是现有库存',
  incoming: '说的是要到的货，不是现有库存',
  unchanged: '写的是“没变”，请用“与上次相同”',
  duplicate: '同一商品写了不止一次，请确认',
} as const;

/** More than this is read as a slip (a phone number, an order number). */
const MAX_COUNT = 100_000;

// ---------------------------------------------------------------------------
// Vocabulary.

const WEIGHT_UNITS = ['公斤', '千克', 'kg', '斤', '克', 'g', '吨', '毫升', 'ml', '升', 'l'];
const COUNT_UNITS = ['箱', '件', '盒', '个', '袋', '瓶', '桶', '只', '包', '提', '份', '枚', '串', '板', '筐', '框', '兜', '扎', '支', '条', '块', '把', '罐', '听', '颗', '粒', '头', '棵', '根', '对', '套', '组', '排', '托', '筒', '捆'];
const UNITS = [...WEIGHT_UNITS, ...COUNT_UNITS].sort((a, b) => b.length - a.length);
const UNIT_RE = UNITS.map((u) => (/^[a-z]+$/.test(u) ? `${u}(?![a-z])` : u)).join('|');
const CN_NUM_CHARS = '零一二两俩仨三四五六七八九十百千万';

/** Words that say a SKU is out. */
const ZERO_RE = /^(?:暂时没有货?|暂时没货|暂无货?|已售完|已售罄|已卖完|售罄|售完|卖完了?|卖光了?|没有货了?|没货了?|无货|断货|缺货|没有了|没有|没了|完了|光了)/;
/** "无"/"空" alone after a name ("草莓：无"); inside a name ("无籽西瓜") it is a letter. */
const ZERO_SHORT_RE = /^(?:无|空)(?=$|[\s,，;；。!！])/;
const UNCHANGED_RE = /没变|没有变|不变|同上|同昨天|和昨天一样|跟昨天一样|照旧/;
const DELTA_RE = /加了?|补了?|再来|又到|减|少了|多了|卖了|卖出|出了|走了|订了|已订|预留|留了/;
const INCOMING_RE = /明天|明日|后天|在路上|路上|到货|待入库|还没到|预计|下午到|晚上到|要到/;
const APPROX_BEFORE_RE = /(?:大约|大概|约|差不多|估计|将近|接近|近)\s*$/;

/** Filler a supplier puts around a name or a number; stripped from the name's edges only. */
const LEAD_FILLER = ['今天', '今日', '目前', '现在', '早上', '上午', '下午', '晚上', '还有', '还剩', '剩下', '剩余', '库存', '现货', '现有', '另外', '然后', '都', '还', '和', '跟', '及', '的'];
const TRAIL_FILLER = ['还有', '还剩', '剩下', '剩余', '库存', '现货', '现有', '一共', '总共', '共', '都', '还', '有', '剩', '的', '了', '啦', '哦', '呢', '吧', '是', '为', '约', '大约', '大概'];
const GREETING_RE = /^(?:各位|老板|大家|亲|早上好|上午好|下午好|晚上好|您好|你好|收到|好的|谢谢|辛苦)/;

// ---------------------------------------------------------------------------
// Normalising: one UTF-16 unit per typed character, so positions map back to what was typed.

interface Norm { s: string; orig: string[] }

function normaliseLine(raw: string): Norm {
  const s: string[] = [];
  const orig: string[] = [];
  for (const ch of raw) {
    const cp = ch.codePointAt(0) ?? 0;
    if ((cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2060 && cp <= 0x206f) || cp === 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
    orig.push(ch);
    if (cp === 0x3000 || /\s/u.test(ch)) s.push(' ');
    else if (cp >= 0xff01 && cp <= 0xff5e) s.push(String.fromCharCode(cp - 0xfee0).toLowerCase());
    else if (/\p{Extended_Pictographic}|\p{So}/u.test(ch)) s.push(' ');
    else if (cp > 0xffff) s.push('\uE000');
    else s.push(ch.toLowerCase());
  }
  return { s: s.join(''), orig };
}

const isLetter = (c: string): boolean => /[\p{L}\uE000\uE001]/u.test(c) && !CN_NUM_CHARS.includes(c);
const CODE_CHAR = '\uE001';

// ---------------------------------------------------------------------------
// Numbers.

/** Chinese numerals as suppliers say them: 五十, 一百二 (120), 两千三, 一百零五. Null when not one number ("三五"). */
export function chineseNumberValue(text: string): number | null {
  const digits: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 仨: 3, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const units: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 0;
  let zero = false;
  for (const c of text) {
    if (c === '零') { if (digit !== null) return null; zero = true; continue; }
    if (c in digits) {
      if (digit !== null) return null;
      digit = digits[c]!;
      continue;
    }
    if (c in units) {
      const u = units[c]!;
      if (lastUnit !== 0 && u >= lastUnit && section > 0) return null;
      section += (digit ?? (u === 10 ? 1 : NaN)) * u;
      if (Number.isNaN(section)) return null;
      digit = null; lastUnit = u; zero = false;
      continue;
    }
    if (c === '万') {
      total += (section + (digit ?? 0)) * 10000;
      if (total === 0) return null;
      section = 0; digit = null; lastUnit = 10000; zero = false;
      continue;
    }
    return null;
  }
  // "一百二" is 120: a last digit after 百/千 without 零 is the next place down.
  if (digit !== null) section += lastUnit >= 100 && !zero ? digit * (lastUnit / 10) : digit;
  return total + section;
}

interface Group {
  start: number;
  end: number;
  /** null when it cannot be read as one number. */
  n: number | null;
  unit: string;
  zero?: true;
  approx?: true;
  /** "-5", "负5": never read as 5. */
  negative?: true;
  /** Where the number itself is, to quote it. */
  raw: string;
}

const ARABIC_RE = new RegExp(`^(\\d+(?:\\.\\d+)?)(?:\\s*[-~到至]\\s*(\\d+(?:\\.\\d+)?))?(多|来|余)?\\s*(${UNIT_RE})?(半)?`);
const CHINESE_RE = new RegExp(`^(半|[${CN_NUM_CHARS}]+)(多|来|余)?\\s*(${UNIT_RE})?(半)?`);

/** How many characters of "左右", "多", "+" follow a number at `at` (with the space before them). */
function approxAfter(s: string, at: number): number {
  const rest = s.slice(at);
  const m = /^\s*(?:多|来|几|余|左右|上下|出头|\+)/.exec(rest);
  return m ? m[0].length : 0;
}

/** A group at `i` of `s`, or null. `prot` marks characters that belong to a name or a spec. */
function groupAt(s: string, i: number, prot: boolean[]): Group | null {
  const rest = s.slice(i);
  const zero = ZERO_RE.exec(rest) ?? ZERO_SHORT_RE.exec(rest);
  if (zero && !/^(?:变|动|改)/.test(rest.slice(zero[0].length))) {
    return { start: i, end: i + zero[0].length, n: 0, unit: '', zero: true, raw: zero[0] };
  }
  if (/\d/.test(s[i] ?? '')) {
    if (i > 0 && /[\d.a-z]/.test(s[i - 1] ?? '')) return null;
    const m = ARABIC_RE.exec(rest);
    if (!m) return null;
    const after = approxAfter(s, i + m[0].length);
    const end = i + m[0].length + after;
    const approx = !!(m[2] || m[3] || after > 0 || APPROX_BEFORE_RE.test(s.slice(0, i)));
    // "1O", "2l0": a letter typed into the number makes it no number at all.
    const typo = /^[a-z][a-z0-9]*/.exec(s.slice(i + m[0].length))?.[0] ?? '';
    if (typo) return { start: i, end: i + m[0].length + typo.length, n: null, unit: '', raw: m[0] + typo };
    const n = Number(m[1]) + (m[5] ? 0.5 : 0);
    const negative = /(?:^|[^\d\s])\s*[-−—－负]\s*$/.test(s.slice(Math.max(0, i - 3), i)) || /^[-−—－负]\s*$/.test(s.slice(0, i));
    return { start: i, end, n, unit: m[4] ?? '', raw: m[1] ?? '', ...(approx ? { approx: true as const } : {}), ...(negative ? { negative: true as const } : {}) };
  }
  if (!CN_NUM_CHARS.includes(s[i] ?? '') && s[i] !== '半') return null;
  if (i > 0 && CN_NUM_CHARS.includes(s[i - 1] ?? '')) return null;
  const m = CHINESE_RE.exec(rest);
  if (!m) return null;
  const word = m[1] ?? '';
  const tail = approxAfter(s, i + m[0].length);
  const end = i + m[0].length + tail;
  const after = s.slice(i + m[0].length);
  const unit = m[3] ?? '';
  // A numeral is a count when a unit, the end or a separator follows; inside a name
  // ("四川沃柑", "三全汤圆", "百香果") it is a letter. Between two names ("橙子五十香蕉") only a
  // numeral that cannot be a name's character reads as a count.
  const before = s[i - 1] ?? '';
  const endsHere = unit !== '' || after === '' || /^[\s,，;；。!！、:：/|)）]/.test(after) || /^(?:了|啦|左右|上下|多|来|几|余)/.test(after);
  const between = isLetter(before) && isLetter(after[0] ?? '') && (word.length >= 2 || /[十百千]/.test(word));
  if (!endsHere && !between) return null;
  if (word === '半' && unit === '') return null;
  if (prot.slice(i, end).some(Boolean)) return null;
  let n: number | null = word === '半' ? 0.5 : chineseNumberValue(word.replace(/半$/, ''));
  if (n !== null && (word.endsWith('半') && word !== '半')) n += 0.5;
  if (n !== null && m[4]) n += 0.5;
  const approx = !!(m[2] || tail > 0 || APPROX_BEFORE_RE.test(s.slice(0, i)));
  return { start: i, end, n, unit, raw: word, ...(approx ? { approx: true as const } : {}) };
}

// ---------------------------------------------------------------------------
// What a SKU's spec says about the unit it is counted in.

interface UnitFacts { per: string | null; inner: Set<string>; weighed: boolean }

function unitFacts(spec: string): UnitFacts {
  const s = normaliseLine(spec).s;
  const per = new RegExp(`(?:/|每|按)\\s*(${UNIT_RE})\\s*(?:$|[\\s,，(（])`).exec(s)?.[1]
    ?? new RegExp(`(?:礼盒|盒装|箱装|袋装|桶装|瓶装)$`).exec(s.trim())?.[0]?.replace(/^礼|装$/g, '')
    ?? null;
  const inner = new Set<string>();
  for (const m of s.matchAll(new RegExp(`\\d+(?:\\.\\d+)?\\s*(${UNIT_RE})`, 'g'))) inner.add(m[1] ?? '');
  if (per) inner.delete(per);
  return { per, inner, weighed: per !== null && WEIGHT_UNITS.includes(per) };
}

/** Why a count written in `unit` may not be this SKU's count, or null when it fits. */
function unitIssue(unit: string, spec: string): string | null {
  if (unit === '') return null;
  const facts = unitFacts(spec);
  const said = `单位“${unit}”和规格“${spec || '未填'}”对不上，请确认`;
  if (facts.per !== null) {
    if (unit === facts.per) return null;
    if (facts.weighed && WEIGHT_UNITS.includes(unit)) return unit === facts.per ? null : said;
    return said;
  }
  // Packed goods with no unit in the spec ("5斤装"): counted by the box.
  if (['箱', '件', '份'].includes(unit) && !facts.inner.has(unit)) return null;
  return said;
}

// ---------------------------------------------------------------------------
// One line.

interface Element { kind: 'text' | 'group'; start: number; end: number; group?: Group }

/**
 * Characters that are never a count: a name's or a spec's (5斤装, 250ml×24, 30枚/箱, 75%), kept in
 * the name; and dates, times, prices and phone numbers (`noise`), left out of it.
 */
function protectedMask(s: string): { prot: boolean[]; noise: boolean[] } {
  const prot = new Array<boolean>(s.length).fill(false);
  const noise = new Array<boolean>(s.length).fill(false);
  const mark = (re: RegExp, also?: boolean[]): void => {
    for (const m of s.matchAll(re)) {
      for (let k = 0; k < m[0].length; k++) {
        prot[(m.index ?? 0) + k] = true;
        if (also) also[(m.index ?? 0) + k] = true;
      }
    }
  };
  mark(new RegExp(`\\d+(?:\\.\\d+)?\\s*(?:${UNIT_RE})?\\s*[×x*]\\s*\\d+\\s*(?:${UNIT_RE})?`, 'g'));
  mark(new RegExp(`(?:\\d+(?:\\.\\d+)?|[${CN_NUM_CHARS}]+)\\s*(?:${UNIT_RE})?\\s*装`, 'g'));
  mark(new RegExp(`\\d+(?:\\.\\d+)?\\s*(?:${UNIT_RE})\\s*/\\s*(?:${UNIT_RE})`, 'g'));
  mark(/果径\s*\d+(?:\s*[-~]\s*\d+)?\s*(?:mm|cm)?\+?|\d+(?:\s*[-~]\s*\d+)?\s*(?:mm|cm)\+?|\d+(?:\.\d+)?\s*%/g);
  mark(/\d{1,2}\s*月\s*\d{1,2}\s*[日号]?|\d{1,2}\s*[.]\s*\d{1,2}\s*[日号]|\d{1,2}\s*[:：]\s*\d{2}|\d{4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*[日号]?)?|(?:星期|周|礼拜)[一二三四五六日天]/g, noise);
  mark(/(?:单价|价格|售价|批发价)?\s*[¥￥$]\s*\d+(?:\.\d+)?|(?:单价|价格|售价|批发价)?\s*\d+(?:\.\d+)?\s*(?:元|块钱)(?:\s*[/每一]\s*[\u4e00-\u9fff])?/g, noise);
  mark(/(?<!\d)1\d{10}(?!\d)/g, noise);
  mark(/\d+\s*#|#\s*\d+|\d+\s*(?:号果|规格|码)/g);
  mark(/一共|总共|一起|统一|一下|一些|一点|一样|之一|一级|一等/g);
  return { prot, noise };
}

interface Chunk { start: number; end: number }

function chunksOf(s: string, prot: boolean[]): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = s[i] ?? '';
    const sep = i === s.length || (/[,，;；。!！?？、|]/.test(c) && !prot[i]) || (c === '/' && !prot[i]);
    if (!sep) continue;
    if (s.slice(start, i).trim() !== '') chunks.push({ start, end: i });
    start = i + 1;
  }
  return chunks;
}

function elementsOf(s: string, chunk: Chunk, prot: boolean[]): Element[] {
  const out: Element[] = [];
  for (let i = chunk.start; i < chunk.end;) {
    const g = prot[i] ? null : groupAt(s.slice(0, chunk.end), i, prot);
    if (g) { out.push({ kind: 'group', start: g.start, end: g.end, group: g }); i = g.end; continue; }
    if (isLetter(s[i] ?? '') || prot[i] || /[\d半]/.test(s[i] ?? '') || CN_NUM_CHARS.includes(s[i] ?? '')) {
      const last = out[out.length - 1];
      if (last && last.kind === 'text' && last.end === i) last.end = i + 1;
      else out.push({ kind: 'text', start: i, end: i + 1 });
    }
    i++;
  }
  // A stretch that is only filler ("还有", "了") is no name.
  return out.filter((e) => e.kind === 'group' || stripFiller(s.slice(e.start, e.end)) !== '');
}

function stripFiller(text: string): string {
  let t = text.replace(/[\s:：()（）【】\[\]"“”'‘’~\-—·.。*#]/g, '');
  for (let changed = true; changed && t;) {
    changed = false;
    for (const w of LEAD_FILLER) if (t.startsWith(w) && t.length > w.length) { t = t.slice(w.length); changed = true; }
    for (const w of TRAIL_FILLER) if (t.endsWith(w)) { t = t.slice(0, -w.length); changed = true; }
  }
  return TRAIL_FILLER.includes(t) || LEAD_FILLER.includes(t) ? '' : t;
}

/** Split a chunk's elements into "name count" pairs: 苹果 30 香蕉20箱 → [苹果 30] [香蕉 20箱]. */
function segmentsOf(elements: Element[], text: (e: Element) => string): Element[][] {
  const segments: Element[][] = [];
  let cur: Element[] = [];
  for (const e of elements) {
    if (e.kind === 'text' && cur.length > 0) {
      const texts = cur.filter((x) => x.kind === 'text');
      const lastText = texts[texts.length - 1];
      const groupAfterText = lastText !== undefined && cur.some((x) => x.kind === 'group' && x.start > lastText.start);
      const countFirst = cur[0]?.kind === 'group' && texts.length > 0 && cur[cur.length - 1]?.kind === 'text';
      // "土鸡蛋30枚的 8箱": 的 after a size keeps it in the name.
      const prev = cur[cur.length - 1];
      const sizeOf = prev?.kind === 'group' && prev.group && !prev.group.zero && (WEIGHT_UNITS.includes(prev.group.unit) || prev.group.unit === '枚');
      const glued = sizeOf && prev.end === e.start && /^的/.test(text(e));
      if ((groupAfterText || countFirst) && !glued) { segments.push(cur); cur = []; }
    }
    cur.push(e);
  }
  if (cur.length > 0) segments.push(cur);
  return segments;
}

interface Reading { text: string; name: string; count: Group | null; issue?: string }

function readSegment(s: string, orig: string[], seg: Element[], noise: boolean[]): Reading {
  const start = seg[0]!.start;
  const end = seg[seg.length - 1]!.end;
  const text = orig.slice(start, end).join('').replace(/\s+/g, ' ').trim();
  const groups = seg.filter((e) => e.kind === 'group').map((e) => e.group!);
  const last = seg[seg.length - 1]!;
  let count: Group | null = null;
  if (last.kind === 'group') count = last.group!;
  else if (seg[0]!.kind === 'group') count = groups[groups.length - 1] ?? null;
  const others = groups.filter((g) => g !== count);
  const isSpecLike = (g: Group): boolean => !g.zero && g.unit !== '' && (WEIGHT_UNITS.includes(g.unit) || g.unit === '枚');
  const issue = others.some((g) => !isSpecLike(g)) ? MESSAGE_REASONS.severalNumbers : undefined;
  // The name: everything but the count, spec-like numbers kept ("脐橙5斤").
  const nameChars = [...s.slice(start, end)].map((c, k) => {
    const at = start + k;
    return (count && at >= count.start && at < count.end) || noise[at] ? ' ' : c;
  });
  // "今天的货：苹果 25": what a colon introduces is the name.
  const parts = nameChars.join('').split(/[:：]/).filter((p) => [...p].some(isLetter));
  const name = stripFiller((parts[parts.length - 1] ?? '').replace(/\s+/g, ''));
  return { text, name, count, ...(issue ? { issue } : {}) };
}

// ---------------------------------------------------------------------------

type NameMatch = { skuId: string } | { reason: string; candidates: string[] } | null;

/**
 * The 接龙 matcher asked about every name at once, one numbered line each ("3. 苹果" is one
 * customer's one item), so the catalogue is prepared once for the whole message.
 */
function matchNames(names: string[], catalogue: CatalogueEntry[]): NameMatch[] {
  const asked = names.map((name) => name !== '' && !GREETING_RE.test(name) && !/[\r\n]/.test(name));
  const text = names.map((name, i) => (asked[i] ? `${i + 1}. ${name}` : '')).join('\n');
  const byLine = new Map(parseJielong(text, catalogue).customers.map((c) => [c.lineNo, c]));
  return names.map((_, i) => {
    const customer = asked[i] ? byLine.get(i + 1) : undefined;
    return customer && customer.seq === i + 1 ? matchOf(customer) : null;
  });
}

function matchOf(customer: JielongCustomer): NameMatch {
  const items = customer.items;
  const named = items.filter((it) => it.kind === 'matched' || it.candidates.length > 0);
  if (named.length === 0) return null;
  const only = items[0];
  if (items.length === 1 && only && only.kind === 'matched' && customer.nickname === '') return { skuId: only.skuId };
  const candidates = [...new Set(items.flatMap((it) => (it.kind === 'matched' ? [it.skuId] : it.candidates)))];
  return { reason: candidates.length > 1 ? MESSAGE_REASONS.ambiguous : MESSAGE_REASONS.partial, candidates };
}

/** Parse a pasted group message against one supplier's SKUs. */
export function parseSupplierMessage(text: string, skus: ReadonlyArray<MessageSku>): SupplierMessageParse {
  const catalogue: CatalogueEntry[] = skus.map((k) => ({ skuId: k.skuId, name: k.name, spec: k.spec, ...(k.aliases?.length ? { aliases: k.aliases } : {}) }));
  const specOf = new Map(skus.map((k) => [k.skuId, k.spec]));
  const byCode = new Map<string, string>();
  for (const k of skus) {
    byCode.set(k.skuId.toLowerCase(), k.skuId);
    if (k.supplierCode) byCode.set(k.supplierCode.toLowerCase(), k.skuId);
  }
  const codes = [...byCode.keys()].sort((a, b) => b.length - a.length).map((c) => c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'));
  const codeRe = codes.length > 0 ? new RegExp(`(?<![a-z0-9])(?:${codes.join('|')})(?![a-z0-9])`, 'g') : null;

  const out: SupplierMessageParse = { lines: [], ignored: [] };
  // Every line is read first; the names are then matched together, and each reading resolved in order.
  type Pending = { lineNo: number; reading: Reading; code?: string; chunk: string } | { lineNo: number; ignored: string };
  const pending: Pending[] = [];
  text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((rawLine, i) => {
    const lineNo = i + 1;
    const norm = normaliseLine(rawLine);
    // A list number opening the line ("1.", "2、", "①") is not a count.
    let s = norm.s.replace(/^(\s*)(?:\d{1,2}\s*(?:[.．](?!\d)|、|[)）])|[(（]\d{1,2}[)）]|[\u2460-\u2473])/, (m, lead: string) => lead + ' '.repeat(m.length - lead.length));
    // Codes become letters, so their digits are not read as counts.
    const codeAt = new Map<number, string>();
    if (codeRe) {
      s = s.replace(codeRe, (m, at: number) => { codeAt.set(at, byCode.get(m) ?? ''); return CODE_CHAR.repeat(m.length); });
    }
    const { prot, noise } = protectedMask(s);
    for (const chunk of chunksOf(s, prot)) {
      const chunkText = norm.orig.slice(chunk.start, chunk.end).join('').trim();
      const elements = elementsOf(s, chunk, prot).filter((e) => e.kind === 'group' || noise.slice(e.start, e.end).some((n) => !n));
      if (elements.length === 0) { if (chunkText) pending.push({ lineNo, ignored: chunkText }); continue; }
      for (const seg of segmentsOf(elements, (e) => s.slice(e.start, e.end))) {
        const reading = readSegment(s, norm.orig, seg, noise);
        const segStart = seg[0]!.start;
        const segEnd = seg[seg.length - 1]!.end;
        const codeHit = [...codeAt.entries()].find(([at]) => at >= segStart && at < segEnd);
        pending.push({ lineNo, reading, ...(codeHit ? { code: codeHit[1] } : {}), chunk: s.slice(chunk.start, chunk.end) });
      }
    }
  });
  const readings = pending.filter((p): p is Extract<Pending, { reading: Reading }> => 'reading' in p);
  const matches = matchNames(readings.map((p) => (p.code ? '' : p.reading.name)), catalogue);
  const matchOfReading = new Map(readings.map((p, i) => [p, p.code ? { skuId: p.code } : matches[i] ?? null]));
  for (const p of pending) {
    if (!('reading' in p)) { out.ignored.push({ lineNo: p.lineNo, text: p.ignored }); continue; }
    const match = matchOfReading.get(p) ?? null;
    if (match === null && p.reading.count === null) { out.ignored.push({ lineNo: p.lineNo, text: p.reading.text }); continue; }
    out.lines.push(...resolve(p.lineNo, p.reading, match, specOf, p.chunk));
  }
  // The same SKU twice in one message: which number is the count is the operator's call.
  const seen = new Map<string, number>();
  for (const l of out.lines) if (l.kind === 'matched') seen.set(l.skuId, (seen.get(l.skuId) ?? 0) + 1);
  out.lines = out.lines.map((l): MessageLine => (l.kind === 'matched' && (seen.get(l.skuId) ?? 0) > 1
    ? { kind: 'flagged', lineNo: l.lineNo, text: l.text, reason: MESSAGE_REASONS.duplicate, candidates: [l.skuId] }
    : l));
  return out;
}

function resolve(lineNo: number, r: Reading, match: NameMatch, specOf: Map<string, string>, chunk: string): MessageLine[] {
  const flag = (reason: string, candidates: string[], onHand?: number): MessageLine[] =>
    [{ kind: 'flagged', lineNo, text: r.text, reason, candidates, ...(onHand !== undefined ? { onHand } : {}) }];
  const candidates = match === null ? [] : 'skuId' in match ? [match.skuId] : match.candidates;
  if (match === null && r.count === null) return flag(MESSAGE_REASONS.noMatch, []);
  // What the words around the number say comes first: a delta or incoming stock is no count at all.
  if (UNCHANGED_RE.test(chunk)) return flag(MESSAGE_REASONS.unchanged, candidates);
  if (INCOMING_RE.test(chunk)) return flag(MESSAGE_REASONS.incoming, candidates);
  if (DELTA_RE.test(r.text)) return flag(MESSAGE_REASONS.delta, candidates);
  const c = r.count;
  if (c === null) return flag(MESSAGE_REASONS.noCount, candidates);
  if (r.issue) return flag(r.issue, candidates);
  if (c.n === null) return flag(MESSAGE_REASONS.unreadable, candidates);
  if (c.negative) return flag(MESSAGE_REASONS.negative, candidates);
  if (c.approx) return flag(MESSAGE_REASONS.approximate, candidates);
  if (!Number.isInteger(c.n)) return flag(MESSAGE_REASONS.notWhole, candidates);
  if (c.n > MAX_COUNT) return flag(MESSAGE_REASONS.tooLarge, candidates);
  if (match === null) return flag(MESSAGE_REASONS.noMatch, []);
  if (!('skuId' in match)) return flag(match.reason, match.candidates, match.candidates.length > 0 && c.unit === '' ? c.n : undefined);
  const unit = unitIssue(c.unit, specOf.get(match.skuId) ?? '');
  if (unit) return flag(unit, [match.skuId]);
  return [{ kind: 'matched', lineNo, text: r.text, skuId: match.skuId, onHand: c.n }];
}
