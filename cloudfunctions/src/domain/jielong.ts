// A 群接龙 list, as a leader copies it out of WeChat, turned into customer lines
// matched to SKUs (issue 4). Pure: text in, parse out. The parser never guesses:
// a line that looks like an order but cannot be pinned to exactly one SKU becomes
// an `unmatched` item with its candidates, and every other line with visible text
// lands in `ignored`, so the leader sees everything that was pasted.

export interface CatalogueEntry {
  skuId: string;
  name: string;
  spec: string;
}

export type JielongItem =
  | { kind: 'matched'; text: string; skuId: string; qty: number }
  | { kind: 'unmatched'; text: string; qty: number; reason: string; candidates: string[] };

export interface JielongCustomer {
  /** 1-based line number in the pasted text. */
  lineNo: number;
  /** The 接龙 number when the line has one. */
  seq?: number;
  /** As written, trimmed, without emoji ('' when none). */
  nickname: string;
  items: JielongItem[];
}

export interface JielongParse {
  customers: JielongCustomer[];
  /** Lines with visible text that are not orders (header, notes, menu, footer). */
  ignored: Array<{ lineNo: number; text: string }>;
}

export const JIELONG_REASONS = {
  noMatch: '没有找到对应商品',
  partial: '商品名对不上，请确认',
  ambiguous: '有多个商品符合，请选择',
  noItem: '这一行没有写商品',
  sameAsAbove: '写的是“同上”，请选择商品',
} as const;

/** A customer label longer than this is cut: the order API keeps 40 characters. */
export const CUSTOMER_LABEL_MAX = 40;

/** More than this on one customer's line is read as a slip (e.g. a spec typed as a count). */
const MAX_LINE_QTY = 99;

// ---------------------------------------------------------------------------
// Vocabulary. Units decide what a number means: weights, volumes and egg counts
// describe the product (spec); pieces, boxes and portions count it (quantity).

interface SpecUnit { dim: 'g' | 'ml' | '枚' | 'mm'; factor: number }
const SPEC_UNITS: Record<string, SpecUnit> = {
  公斤: { dim: 'g', factor: 1000 }, 千克: { dim: 'g', factor: 1000 }, kg: { dim: 'g', factor: 1000 },
  斤: { dim: 'g', factor: 500 }, 克: { dim: 'g', factor: 1 }, g: { dim: 'g', factor: 1 },
  毫升: { dim: 'ml', factor: 1 }, ml: { dim: 'ml', factor: 1 }, 升: { dim: 'ml', factor: 1000 }, l: { dim: 'ml', factor: 1000 },
  枚: { dim: '枚', factor: 1 }, mm: { dim: 'mm', factor: 1 }, cm: { dim: 'mm', factor: 10 },
};
const COUNT_UNITS = ['份', '件', '个', '盒', '箱', '袋', '瓶', '桶', '只', '包', '提', '组', '套', '罐', '条', '块', '把', '串', '板', '筐', '兜', '扎', '支', '听', '排', '颗'];
const UNIT_ALT = [...Object.keys(SPEC_UNITS), ...COUNT_UNITS].sort((a, b) => b.length - a.length)
  .map((u) => (/^[a-z]+$/.test(u) ? `${u}(?![a-wyz])` : u)).join('|'); // "5kgx2": a marker may follow a latin unit
const CNUM = '[零一二两俩仨三四五六七八九十]+';
const NUM = `(?:\\d+(?:\\.\\d+)?|${CNUM})`;

// Words that say where a product comes from or how it is sold, not what it is:
// a SKU name may carry them without the customer writing them.
const NAME_FREE_WORDS = [
  '北京', '天津', '河北', '山西', '内蒙古', '内蒙', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽', '福建', '江西',
  '山东', '河南', '湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海',
  '宁夏', '新疆', '台湾', '东北', '西北', '赣南', '赣州', '丹东', '阿克苏', '库尔勒', '烟台', '栖霞', '洛川', '五常', '秭归',
  '奉节', '攀枝花', '会理', '蒙自', '琯溪', '大连', '舟山', '阳澄湖', '盘锦', '寿光', '吐鲁番', '哈密', '崇明', '眉山', '蒲江',
  '宜昌', '百色', '湛江', '三亚', '昭通', '静宁', '天水', '章丘', '响水',
  '散养', '土', '农家', '新鲜', '红心', '精品', '特级', '一级', '优选', '甄选', '有机', '正宗', '纯', '原味', '冷冻', '速冻',
  '冰鲜', '去壳', '饮用', '散装', '家庭装', '当季', '现摘', '应季', '头茬',
].sort((a, b) => b.length - a.length);

// Words a customer adds that do not change which product is meant.
const QUERY_FREE_WORDS = [
  '我要', '还要', '再要', '再来', '帮我', '给我', '要', '来', '买', '订', '各', '的', '装', '大果', '大个', '个大', '新鲜',
  '精品', '特级', '好的', '甜的', '一起', '也要',
].sort((a, b) => b.length - a.length);

/** Packaging that ends a name after the product word. */
const PACK_SUFFIX_RE = /(?:礼盒|礼品盒|礼袋|套装|组合装|组合|家庭装|箱装|盒装|袋装)$/;

// Everyday words for a product whose catalogue name says it differently.
const SYNONYMS: Array<[colloquial: string, canonical: string[]]> = [
  ['橙子', ['橙']], ['橘子', ['橘']], ['芒果', ['芒']], ['梨子', ['梨']], ['饺子', ['水饺', '饺']],
  ['矿泉水', ['矿泉水', '天然水', '饮用水', '纯净水']], ['纯奶', ['纯牛奶']], ['元宵', ['汤圆']], ['松花蛋', ['皮蛋']],
];

// ---------------------------------------------------------------------------
// Line classification.

const EXAMPLE_RE = /^(?:例如|例子|示例|举例|例|格式|模板|参考|比如|如:)/;
/** Header or notice words: a line without products that says these is not an order. */
const HEADER_ANY_RE = /接龙|截单|截止|截团|开团|团购|拼团|付款|支付|转账|收款|到货|自提|提货|配送|发货|送货|包邮|运费|合计|共计|总计|统计|汇总|价格|售价|原价|特价|通知|公告|提示|须知|规则|下单|订购|预订|预定|本期|今日|今天|明天|明日|今晚|商品|产品|链接|小程序|大家|各位|邻居|家人|亲们|团长|谢谢|感谢|请|时间|地址|备注|说明|注意|以下|以上|星期|周[一二三四五六日天]/;
/** Words that, before a line's first product, mark it as a menu or a notice rather than a customer. */
const HEADER_LEAD_RE = /接龙|截单|截止|截团|开团|团购|拼团|到货|自提|提货|配送|发货|包邮|合计|共计|总计|统计|汇总|价格|售价|原价|特价|本期|今日|今天|明天|明日|今晚|商品|产品|通知|公告|以下|大家|各位/;
const DATE_TIME_RE = new RegExp(`\\d{1,2}月\\d{1,2}[日号]?|\\d{1,2}:\\d{2}|\\d{4}[-/.年]\\d{1,2}|(?<![\\d.])\\d{1,2}[./]\\d{1,2}(?![\\d.])(?!\\s*(?:${UNIT_ALT}|栋|幢|号楼|单元|座))`, 'i');
const PRICE_RE = /[¥$]\s*\d|\d(?:\.\d+)?\s*(?:元|块钱)/;
const CANCEL_RE = /取消|不要了|退掉|退了|撤销|删掉|删除/;
const EDIT_RE = /改成|改为|更改|修改|改一下|更正/;
const SAME_RE = /^(?:同上|同楼上|同前|跟上|跟楼上|跟上面一样|和上面一样|一样)$/;
/** Remarks customers add after their items; not products. */
const NOTE_RE = /自提|送货|送到|送上门|配送|付款|转账|红包|已付|已转|已支付|付过|谢谢|感谢|多谢|辛苦|麻烦|门口|放在|明天|今天|晚上|上午|下午|早上|^(?:好的|收到|备注|急|加急|尽快|要大|要小|挑大|挑小|大的|小的|大一点|小一点|要甜|甜的|不要太|团长|老板|哈|呀|啊|哦|噢|嗯|啦|吧|了|的|!|\?)/;

/** Characters that separate items on a line. `和`/`及` only outside a product name. */
const SEP_RE = /[\s,;、+。/:|&~!?=…和及]/;
/** What may follow a bare leading number for it to be a 接龙 number rather than a count or a date. */
const NOT_SEQ_AFTER_RE = new RegExp(`^(?:${UNIT_ALT}|月|日|号|点|时|分|年|周|天|栋|幢|楼|单元|室|期|层|元|岁|%|人|位|\\.\\d|:\\d)`, 'i');

const CIRCLED_RANGES: Array<[from: number, to: number, first: number]> = [
  [0x2460, 0x2473, 1], [0x2474, 0x2487, 1], [0x2488, 0x249b, 1], [0x24eb, 0x24f4, 11], [0x24f5, 0x24fe, 1],
  [0x2776, 0x277f, 1], [0x2780, 0x2789, 1], [0x278a, 0x2793, 1], [0x3251, 0x325f, 21], [0x32b1, 0x32bf, 36],
];
function circledValue(cp: number): number | null {
  for (const [from, to, first] of CIRCLED_RANGES) if (cp >= from && cp <= to) return first + cp - from;
  return null;
}

// ---------------------------------------------------------------------------
// Normalising one line. `s` is what the parser reads (half-width, no emoji, no
// invisible characters); `orig[i]` is what the customer typed for `s[i]`, so
// nicknames and item texts are reported as written.

interface Norm { s: string; orig: string[] }

const CIRCLED_END = '\u0004';
const STICKER_RE = /\[(?:[\u4e00-\u9fff]{1,5}|[A-Z][A-Za-z]{1,11})\]/g;
const EMOJI_RE = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\p{So}|\p{Co}/u;

function isInvisible(cp: number): boolean {
  return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f)
    || cp === 0xfeff || cp === 0x00ad || cp === 0x180e || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0000 && cp <= 0xe007f)
    || cp === 0x20e3 || cp === 0x034f || (cp >= 0x0000 && cp <= 0x0008) || (cp >= 0x000e && cp <= 0x001f) || cp === 0x007f;
}

function normalise(raw: string): Norm {
  const text = raw
    .replace(/([0-9#*])\uFE0F?\u20E3/gu, '$1')
    .replace(/🔟/gu, '10')
    .replace(/[✖✕✗╳]\uFE0F?/gu, '×')
    .replace(/➕\uFE0F?/gu, '+');
  const s: string[] = [];
  const orig: string[] = [];
  const push = (c: string, o: string): void => { s.push(c); orig.push(o); };
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (isInvisible(cp)) continue;
    const circled = circledValue(cp);
    if (circled !== null) {
      [...String(circled)].forEach((d, i) => push(d, i === 0 ? ch : ''));
      push(CIRCLED_END, '');
      continue;
    }
    if (/\s/u.test(ch) || cp === 0x3000) { push(' ', ' '); continue; }
    if (EMOJI_RE.test(ch)) continue;
    if (cp >= 0xff01 && cp <= 0xff5e) { push(String.fromCharCode(cp - 0xfee0), ch); continue; }
    if (ch === '桔') { push('橘', ch); continue; }
    if (cp > 0xffff) { push('\uE000', ch); continue; } // a rare CJK character in a nickname: one slot
    push(ch, ch);
  }
  // Stickers last, so an emoji typed inside one ("[玫🌹瑰]") does not hide it.
  let norm: Norm = { s: s.join(''), orig };
  for (let removed = true; removed;) {
    removed = false;
    const keep = new Array<boolean>(norm.orig.length).fill(true);
    for (const m of norm.s.matchAll(STICKER_RE)) {
      if (/\d|[一二两三四五六七八九十][份件个盒箱袋]/.test(m[0])) continue;
      for (let k = 0; k < m[0].length; k++) keep[(m.index ?? 0) + k] = false;
      removed = true;
    }
    norm = { s: [...norm.s].filter((_, i) => keep[i]).join(''), orig: norm.orig.filter((_, i) => keep[i]) };
  }
  // A circled number opening the line is its chain number: follow it with a separator that a
  // digit after it cannot turn into a decimal ("①3栋…"); elsewhere it is just a number.
  const lead = /^\s*\d+\u0004/.exec(norm.s);
  const keep = [...norm.s].map((c, i) => c !== CIRCLED_END || (lead !== null && i === lead[0].length - 1));
  return {
    s: [...norm.s].filter((_, i) => keep[i]).join('').replace(CIRCLED_END, '、'),
    orig: norm.orig.filter((_, i) => keep[i]),
  };
}

const isLetter = (c: string): boolean => /[\p{L}\uE000]/u.test(c);

// ---------------------------------------------------------------------------
// Numbers: the groups a stretch of text holds.

type Group =
  | { t: 'marker'; n: number; start: number; end: number }
  | { t: 'count'; n: number; unit: string; start: number; end: number }
  | { t: 'spec'; dim: SpecUnit['dim']; value: number; raw: number; start: number; end: number }
  | { t: 'bare'; n: number; start: number; end: number }
  | { t: 'price'; start: number; end: number };

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 仨: 3, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
function numberValue(text: string): number {
  if (/^\d/.test(text)) return Number(text);
  const i = text.indexOf('十');
  if (i < 0) return [...text].reduce((acc, c) => acc * 10 + (CN_DIGITS[c] ?? 0), 0);
  const tens = i === 0 ? 1 : (CN_DIGITS[text.slice(0, i)] ?? 1);
  return tens * 10 + (CN_DIGITS[text.slice(i + 1)] ?? 0);
}

const GROUP_RE = new RegExp([
  `(?<price>[¥$]\\s*\\d+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?\\s*(?:元|块钱))`,
  `(?<range>(?<ra>\\d+(?:\\.\\d+)?)\\s*[-~]\\s*(?<rb>\\d+(?:\\.\\d+)?)\\s*(?<ru>${UNIT_ALT}))`,
  `(?<marker>(?:(?<![a-z])|(?<=\\d(?:kg|g|ml|l|mm|cm)))[×x*]\\s*(?<mn>${NUM})(?:\\s*(?:${COUNT_UNITS.join('|')}))?)`,
  `(?<numunit>(?<nn>${NUM})\\s*(?<nu>${UNIT_ALT}))`,
  `(?<bare>\\d+(?:\\.\\d+)?)`,
].join('|'), 'gi');

function scanGroups(text: string, offset = 0): Group[] {
  const groups: Group[] = [];
  for (const m of text.matchAll(GROUP_RE)) {
    const start = offset + (m.index ?? 0);
    const end = start + m[0].length;
    const g = m.groups ?? {};
    if (g.price) groups.push({ t: 'price', start, end });
    else if (g.range) for (const v of [g.ra, g.rb]) groups.push(unitGroup(Number(v), (g.ru ?? '').toLowerCase(), start, end));
    else if (g.marker) groups.push({ t: 'marker', n: numberValue(g.mn ?? ''), start, end });
    else if (g.numunit) groups.push(unitGroup(numberValue(g.nn ?? ''), (g.nu ?? '').toLowerCase(), start, end));
    else groups.push({ t: 'bare', n: Number(g.bare), start, end });
  }
  return groups;
}

function unitGroup(n: number, unit: string, start: number, end: number): Group {
  const spec = SPEC_UNITS[unit];
  return spec ? { t: 'spec', dim: spec.dim, value: n * spec.factor, raw: n, start, end } : { t: 'count', n, unit, start, end };
}

// ---------------------------------------------------------------------------
// The catalogue, prepared once per parse.

interface SpecFacts { measures: Array<{ dim: SpecUnit['dim']; value: number }>; counts: Array<{ n: number; unit: string }>; numbers: number[] }

interface PreparedSku {
  index: number;
  entry: CatalogueEntry;
  id: string;
  name: string;
  /** Where the product word ends: before a packaging suffix ("礼盒" in 土鸡蛋礼盒). */
  headEnd: number;
  freeMask: boolean[];
  spec: SpecFacts;
}

interface Prepared {
  skus: PreparedSku[];
  byId: Map<string, PreparedSku>;
  codePrefixes: Set<string>;
  byBigram: Map<string, PreparedSku[]>;
}

const matchKey = (text: string): string => normalise(text).s.toLowerCase();

function freeMaskOf(text: string, words: readonly string[]): boolean[] {
  const mask = new Array<boolean>(text.length).fill(false);
  for (const w of words) {
    for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) for (let k = 0; k < w.length; k++) mask[at + k] = true;
  }
  return mask;
}

/** What a SKU's spec says, to hold a customer's numbers against: "250ml×24盒" is 250 ml and 24 盒. */
function specFacts(spec: string): SpecFacts {
  const facts: SpecFacts = { measures: [], counts: [], numbers: [] };
  const text = matchKey(spec);
  for (const g of scanGroups(text)) {
    if (g.t === 'spec') { facts.measures.push({ dim: g.dim, value: g.value }); facts.numbers.push(g.raw); }
    else if (g.t === 'count') { facts.counts.push({ n: g.n, unit: g.unit }); facts.numbers.push(g.n); }
    else if (g.t === 'marker' || g.t === 'bare') facts.numbers.push(g.n);
  }
  // A marker group swallows its unit ("×24盒"): read the unit back.
  for (const m of text.matchAll(new RegExp(`[×x*]\\s*(\\d+)\\s*(${COUNT_UNITS.join('|')})`, 'g'))) {
    facts.counts.push({ n: Number(m[1]), unit: m[2] ?? '' });
  }
  return facts;
}

function prepare(catalogue: ReadonlyArray<CatalogueEntry>): Prepared {
  const skus = catalogue.map((entry, index): PreparedSku => {
    const name = matchKey(entry.name);
    const pack = PACK_SUFFIX_RE.exec(name)?.[0] ?? '';
    const headEnd = name.length - pack.length >= 2 ? name.length - pack.length : name.length;
    return { index, entry, id: entry.skuId, name, headEnd, freeMask: freeMaskOf(name, NAME_FREE_WORDS), spec: specFacts(entry.spec) };
  });
  const byBigram = new Map<string, PreparedSku[]>();
  const index = (gram: string, sku: PreparedSku): void => {
    const list = byBigram.get(gram) ?? [];
    if (!list.includes(sku)) list.push(sku);
    byBigram.set(gram, list);
  };
  for (const sku of skus) {
    for (let i = 0; i + 1 < sku.name.length; i++) index(sku.name.slice(i, i + 2), sku);
    for (const [colloquial, canon] of SYNONYMS) if (canon.some((c) => sku.name.includes(c))) index(colloquial.slice(0, 2), sku);
  }
  const codePrefixes = new Set(skus.map((s) => /^[a-z]+/i.exec(s.id)?.[0]?.toUpperCase()).filter((p): p is string => !!p));
  return { skus, byId: new Map(skus.map((s) => [s.id.toUpperCase(), s])), codePrefixes, byBigram };
}

// ---------------------------------------------------------------------------
// Name matching: which stretches of text name which SKU, and how well.

/** A stretch of the text equal to a stretch of the name (`len` in the text, `nLen` in the name). */
interface Run { qStart: number; nStart: number; len: number; nLen: number; synonym: boolean }

function commonRuns(q: string, n: string): Run[] {
  const runs: Run[] = [];
  for (let i = 0; i < q.length; i++) {
    for (let j = 0; j < n.length; j++) {
      if (q[i] !== n[j] || (i > 0 && j > 0 && q[i - 1] === n[j - 1])) continue;
      let len = 1;
      while (i + len < q.length && j + len < n.length && q[i + len] === n[j + len]) len++;
      if (len >= 2 && [...q.slice(i, i + len)].every(isLetter)) runs.push({ qStart: i, nStart: j, len, nLen: len, synonym: false });
    }
  }
  for (const [colloquial, canon] of SYNONYMS) {
    const c = canon.find((w) => n.includes(w));
    if (!c) continue;
    for (let at = q.indexOf(colloquial); at >= 0; at = q.indexOf(colloquial, at + 1)) {
      runs.push({ qStart: at, nStart: n.indexOf(c), len: colloquial.length, nLen: c.length, synonym: true });
    }
  }
  return runs;
}

/**
 * A run names the SKU when it reaches the product word, which Chinese puts last
 * ("脐橙" in 赣南脐橙), or is a longer distinctive stretch ("冰糖心", "农夫山泉").
 * "阳光" in 阳光玫瑰葡萄 or an origin alone ("赣南") is not enough: nicknames say such things.
 */
function isValidRun(run: Run, sku: PreparedSku): boolean {
  if (run.synonym) return true;
  const end = run.nStart + run.len;
  if (end > sku.headEnd - 2) return true;
  if (run.len < 3) return false;
  for (let k = run.nStart; k < end; k++) if (!sku.freeMask[k]) return true;
  return false;
}

function candidateSkus(q: string, prepared: Prepared): PreparedSku[] {
  const found = new Set<PreparedSku>();
  for (let i = 0; i + 1 < q.length; i++) for (const sku of prepared.byBigram.get(q.slice(i, i + 2)) ?? []) found.add(sku);
  return [...found].sort((a, b) => a.index - b.index);
}

interface Anchor { start: number; end: number; code?: string }

/** Stretches of the content that name a SKU (by name or code), in order, merged where they overlap. */
function findAnchors(s: string, from: number, to: number, prepared: Prepared): Anchor[] {
  const content = s.slice(from, to).toLowerCase();
  const spans: Anchor[] = [];
  for (const sku of candidateSkus(content, prepared)) {
    const runs = commonRuns(content, sku.name);
    const valid = runs.filter((r) => isValidRun(r, sku));
    if (valid.length === 0) continue;
    // Join touching runs of the same SKU ("五常" + "大米" in "五常大米").
    const kept = [...valid];
    for (let grew = true; grew;) {
      grew = false;
      for (const r of runs) {
        if (kept.includes(r)) continue;
        if (kept.some((k) => k.qStart + k.len === r.qStart || r.qStart + r.len === k.qStart)) { kept.push(r); grew = true; }
      }
    }
    const own = kept.map((r) => ({ start: from + r.qStart, end: from + r.qStart + r.len })).sort((a, b) => a.start - b.start);
    const joined: Anchor[] = [];
    for (const span of own) {
      const last = joined[joined.length - 1];
      if (last && last.end >= span.start) last.end = Math.max(last.end, span.end);
      else joined.push({ ...span });
    }
    spans.push(...joined);
  }
  // Codes such as HZ2001 (any case), when their letters are a catalogue prefix.
  const codeRe = /(?<![a-z0-9])([a-z]{1,4})-?(\d{2,8})(?![0-9])/gi;
  for (const m of s.slice(from, to).matchAll(codeRe)) {
    const letters = (m[1] ?? '').toUpperCase();
    if (!prepared.codePrefixes.has(letters)) continue;
    const start = from + (m.index ?? 0);
    let digits = m[2] ?? '';
    // "HZ20012件": an unknown code that is a known one with a count glued on.
    const unit = new RegExp(`^\\s*(?:${COUNT_UNITS.join('|')})`).test(s.slice(start + m[0].length, to));
    for (let len = digits.length - 1; unit && !prepared.byId.has(letters + digits) && len >= 2; len--) {
      if (prepared.byId.has(letters + digits.slice(0, len))) digits = digits.slice(0, len);
    }
    const end = start + m[0].length - ((m[2] ?? '').length - digits.length);
    spans.push({ start, end, code: letters + digits });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Anchor[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    // Spans of different SKUs merge only when they overlap: "脐橙鸡蛋" is two items.
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (span.code) last.code = span.code;
    } else merged.push({ ...span });
  }
  return merged;
}

// ---------------------------------------------------------------------------
// One line.

interface Token { start: number; end: number }
interface Piece extends Token { anchor?: Anchor }

interface Draft {
  kind: 'anchor' | 'plain' | 'same';
  start: number;
  end: number;
  anchors: Anchor[];
}

type PieceClass = 'attach' | 'each' | 'note' | 'same' | 'word';

function detectSeq(s: string, p0: number): { seq?: number; contentStart: number } {
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

function tokenize(s: string, from: number, to: number, anchors: Anchor[]): Token[] {
  const inAnchor = (i: number): boolean => anchors.some((a) => i >= a.start && i < a.end);
  const tokens: Token[] = [];
  let start = -1;
  for (let i = from; i <= to; i++) {
    const sep = i === to || (SEP_RE.test(s[i] ?? '') && !inAnchor(i));
    if (sep) { if (start >= 0) tokens.push({ start, end: i }); start = -1; } else if (start < 0) start = i;
  }
  return tokens;
}

function splitPieces(tokens: Token[], anchors: Anchor[]): Piece[] {
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

/** Letters left in a stretch once numbers, units, markers and brackets are taken out. */
function leftoverLetters(text: string): string {
  let rest = text;
  for (const g of [...scanGroups(text)].reverse()) rest = rest.slice(0, g.start) + ' '.repeat(g.end - g.start) + rest.slice(g.end);
  return [...rest].filter((c) => isLetter(c) && !/[x×装各]/i.test(c) && !COUNT_UNITS.includes(c)).join('');
}

function classifyPiece(text: string): PieceClass {
  const inner = text.replace(/^[(\[「【<《]+|[)\]」】>》]+$/g, '');
  const letters = leftoverLetters(inner);
  if (letters === '') return /^各/.test(inner) ? 'each' : 'attach';
  if (SAME_RE.test(inner)) return 'same';
  if (NOTE_RE.test(inner) || CANCEL_RE.test(inner) || EDIT_RE.test(inner) || PRICE_RE.test(inner)) return 'note';
  if (/^[(\[「【<《].*[)\]」】>》]$/.test(text)) return 'note';
  return 'word';
}

/** A word with a count or a spec ("香焦2斤"): an attempt at an item, even when nothing matches. */
function looksLikeItem(text: string): boolean {
  return leftoverLetters(text) !== '' && scanGroups(text).some((g) => g.t === 'marker' || g.t === 'count' || g.t === 'spec');
}

/**
 * The first word of a line names a product but says more ("橙子妈妈", "草莓味的猫"),
 * carries no count or spec, and products follow: it is the customer's nickname.
 */
function looksLikeNickname(piece: Piece & { anchor: Anchor }, rest: Piece[], s: string): boolean {
  if (!rest.some((p) => p.anchor) || scanGroups(s.slice(piece.start, piece.end)).length > 0) return false;
  const outside = s.slice(piece.start, piece.anchor.start) + '\u0003' + s.slice(piece.anchor.end, piece.end);
  const free = freeMaskOf(outside, QUERY_FREE_WORDS);
  return [...outside].some((c, i) => isLetter(c) && !free[i]);
}

function cleanText(orig: string[], start: number, end: number): string {
  return orig.slice(start, end).join('').replace(/\s+/g, ' ').trim();
}

function cleanNickname(raw: string): string {
  return raw.replace(/\s+/g, ' ').replace(/^[\s,;:、。.\-—~·|/+#@]+|[\s,;:、。.\-—~·|/+#：，]+$/g, '').trim();
}

interface LineContext {
  prepared: Prepared;
  /** SKUs of the last customer line that had any, for "同上". */
  previousMatched: string[];
  /** Whether a numbered customer line came before: until then, unnamed product lines are the leader's. */
  chainStarted: boolean;
}

type LineResult = { customer: JielongCustomer } | { ignored: string } | null;

interface LineShape {
  /** Where the nickname ends in `s`. */
  nickEnd: number;
  drafts: Draft[];
  /** The "各N份" written for every item on the line, if any. */
  eachText: string | null;
}

/** Split a line's content into the nickname and the items, each item with what attaches to it. */
function shapeLine(s: string, contentStart: number, end: number, anchors: Anchor[], pieces: Piece[]): LineShape {
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
function isLeadersLine(whole: string, firstWord: string, nickZone: string, nickname: string, shape: LineShape, seq: number | undefined, ctx: LineContext): boolean {
  if (shape.drafts.some((d) => d.kind === 'anchor')) {
    const menu = (PRICE_RE.test(whole) || (seq === undefined && !ctx.chainStarted)) && nickname === '';
    const groupName = seq === undefined && /团(?:\s|$)/.test(whole); // "水果+鸡蛋团", "周日团"
    return menu || groupName || HEADER_LEAD_RE.test(nickZone) || DATE_TIME_RE.test(nickZone);
  }
  if (seq === undefined) return shape.drafts.length === 0 || HEADER_ANY_RE.test(whole) || DATE_TIME_RE.test(whole) || PRICE_RE.test(whole);
  return HEADER_ANY_RE.test(firstWord) || DATE_TIME_RE.test(whole) || PRICE_RE.test(whole);
}

function parseLine(lineNo: number, raw: string, ctx: LineContext): LineResult {
  const { s, orig } = normalise(raw);
  const ignored = { ignored: raw.trim() };
  if (!/\S/.test(s)) return raw.replace(/[\s\u200b-\u200f\u2060-\u206f\ufeff]/g, '') ? ignored : null;
  const p0 = s.search(/\S/);
  const end = s.trimEnd().length;
  if (EXAMPLE_RE.test(s.slice(p0))) return ignored;
  const { seq, contentStart } = detectSeq(s, p0);
  const content = s.slice(contentStart, end);
  if (seq !== undefined && content.trim() === '') return ignored;
  if (seq === undefined && content.startsWith('#')) return ignored;

  const anchors = findAnchors(s, contentStart, end, ctx.prepared);
  const pieces = splitPieces(tokenize(s, contentStart, end, anchors), anchors);
  const shape = shapeLine(s, contentStart, end, anchors, pieces);
  const nickname = cleanNickname(orig.slice(contentStart, shape.nickEnd).join(''));
  const firstWord = pieces[0] ? s.slice(pieces[0].start, pieces[0].end) : '';
  if (isLeadersLine(s.slice(p0, end), firstWord, s.slice(contentStart, shape.nickEnd), nickname, shape, seq, ctx)) return ignored;

  const each = shape.eachText === null ? undefined : quantityOf(scanGroups(shape.eachText));
  let items: JielongItem[] = shape.drafts.map((d) => resolveItem(d, s, orig, ctx, each));
  if (items.length === 0) items = [{ kind: 'unmatched', text: '', qty: 1, reason: JIELONG_REASONS.noItem, candidates: [] }];

  // A customer who cancelled or changed their line mid-chain: show it, never order it as is.
  const flag = CANCEL_RE.exec(content) ?? EDIT_RE.exec(content);
  if (flag) {
    const at = contentStart + flag.index;
    const tok = tokenize(s, contentStart, end, []).find((x) => x.start <= at && x.end > at);
    const reason = `写了“${tok ? cleanText(orig, tok.start, tok.end) : flag[0]}”，请确认`;
    items = items.map((it): JielongItem => (it.kind === 'matched'
      ? { kind: 'unmatched', text: it.text, qty: it.qty, reason, candidates: [it.skuId] }
      : { ...it, reason }));
  }
  return { customer: { lineNo, ...(seq !== undefined ? { seq } : {}), nickname, items } };
}

// ---------------------------------------------------------------------------
// One item: which SKU, how many.

interface Scored { sku: PreparedSku; missQuery: number; missEssential: number; hit: number }

function quantityOf(groups: Group[]): number | undefined {
  const g = groups.find((x) => x.t === 'marker' || x.t === 'count' || x.t === 'bare');
  return g && 'n' in g ? g.n : undefined;
}

function scoreSku(query: string, sku: PreparedSku): Scored | null {
  const runs = commonRuns(query, sku.name);
  if (!runs.some((r) => isValidRun(r, sku))) return null;
  const qCovered = new Array<boolean>(query.length).fill(false);
  const nCovered = new Array<boolean>(sku.name.length).fill(false);
  for (const r of runs) {
    for (let k = 0; k < r.len; k++) qCovered[r.qStart + k] = true;
    for (let k = 0; k < r.nLen; k++) nCovered[r.nStart + k] = true;
  }
  const qFree = freeMaskOf(query, QUERY_FREE_WORDS);
  let missQuery = 0;
  for (let i = 0; i < query.length; i++) if (!qCovered[i] && !qFree[i] && isLetter(query[i] ?? '')) missQuery++;
  let missEssential = 0;
  let hit = 0;
  for (let i = 0; i < sku.name.length; i++) {
    if (nCovered[i]) hit++;
    else if (!sku.freeMask[i]) missEssential++;
  }
  return { sku, missQuery, missEssential, hit };
}

const byRank = (a: Scored, b: Scored): number =>
  a.missQuery - b.missQuery || a.missEssential - b.missEssential || b.hit - a.hit || a.sku.index - b.sku.index;

function resolveItem(d: Draft, s: string, orig: string[], ctx: LineContext, each: number | undefined): JielongItem {
  const text = cleanText(orig, d.start, d.end);
  // Mask the product name and the code so their characters are not read as numbers.
  const chars = [...s.slice(d.start, d.end)];
  const masked = chars.map((c, i) => (d.anchors.some((a) => d.start + i >= a.start && d.start + i < a.end) ? '\u0001' : c));
  // Brackets: a count inside ("(x2)", "「2份」") counts; words inside ("（要大果）") are a remark.
  let scan = masked.join('');
  scan = scan.replace(/[(\[「【<《]([^()\[\]「」【】<>《》]*)[)\]」】>》]/g, (m, inner: string) =>
    (leftoverLetters(inner) === '' || inner.includes('\u0001') ? ` ${inner} ` : '\u0002'.repeat(m.length)));
  const groups = scanGroups(scan);
  const queryChars = [...scan].map((c, i) => {
    if (c === '\u0001') return chars[i] ?? '';
    if (groups.some((g) => i >= g.start && i < g.end)) return '\u0003';
    return isLetter(c) && c !== '\u0002' ? c : '\u0003';
  });
  const code = d.anchors.find((a) => a.code)?.code;
  if (code) {
    const a = d.anchors.find((x) => x.code);
    if (a) for (let i = Math.max(0, a.start - d.start); i < a.end - d.start; i++) queryChars[i] = '\u0003';
  }
  const query = queryChars.join('').toLowerCase().replace(/\u0003+/g, '\u0003');

  const unmatched = (reason: string, candidates: string[], qty: number): JielongItem => ({ kind: 'unmatched', text, qty, reason, candidates });

  // Which SKUs the words could mean.
  let scored: Scored[];
  if (d.kind === 'same') {
    return unmatched(JIELONG_REASONS.sameAsAbove, [...new Set(ctx.previousMatched)], quantityOf(groups) ?? each ?? 1);
  } else if (code) {
    const sku = ctx.prepared.byId.get(code);
    if (!sku) return unmatched(`商品编码 ${code} 不存在`, [], quantityOf(groups) ?? each ?? 1);
    scored = [{ sku, missQuery: 0, missEssential: 0, hit: sku.name.length }];
  } else {
    scored = candidateSkus(query, ctx.prepared).map((sku) => scoreSku(query, sku)).filter((x): x is Scored => x !== null).sort(byRank);
    const free = freeMaskOf(query, QUERY_FREE_WORDS);
    const letters = [...query].filter((c, i) => isLetter(c) && !free[i]);
    if (scored.length === 0 && letters.length === 1) {
      // One character ("梨") names a product only as a hint: offer what ends with it, never pick.
      const tail = ctx.prepared.skus.filter((sku) => sku.name.endsWith(letters[0] ?? ''));
      if (tail.length > 0) {
        return unmatched(JIELONG_REASONS.partial, tail.map((sku) => sku.id).slice(0, 5), quantityOf(groups) ?? each ?? 1);
      }
    }
  }

  const full = scored.filter((x) => x.missQuery === 0);
  const pool = full.length > 0 ? full : scored;
  const poolSkus = pool.map((x) => x.sku);

  // Numbers: weights/volumes/egg counts are spec; a count that equals a candidate's pack
  // size ("牛奶24盒") is spec; a number glued to the name is spec when it tells variants apart.
  const specs = groups.filter((g): g is Extract<Group, { t: 'spec' }> => g.t === 'spec');
  const packs = groups.filter((g): g is Extract<Group, { t: 'count' }> => g.t === 'count'
    && poolSkus.some((sku) => sku.spec.counts.some((c) => c.n === g.n && c.unit === g.unit)));
  const glued = groups.filter((g): g is Extract<Group, { t: 'bare' }> => g.t === 'bare' && !standalone(s, d.start + g.start));
  const specNumbers = glued.filter((g) => {
    const fits = poolSkus.filter((sku) => sku.spec.numbers.includes(g.n)).length;
    return fits > 0 && fits < poolSkus.length;
  });
  const asSpec = new Set<Group>([...packs, ...specNumbers]);
  const fitsSpec = (sku: PreparedSku): boolean =>
    specs.every((g) => sku.spec.measures.some((m) => m.dim === g.dim && Math.abs(m.value - g.value) < 1e-6))
    && packs.every((g) => sku.spec.counts.some((c) => c.n === g.n && c.unit === g.unit))
    && specNumbers.every((g) => sku.spec.numbers.includes(g.n));

  const qtyGroups = groups.filter((g) => !asSpec.has(g) && (g.t === 'marker' || g.t === 'count' || g.t === 'bare'));
  const qtys = [...new Set(qtyGroups.map((g) => ('n' in g ? g.n : 1)))];
  const qty = qtys[0] ?? each ?? 1;

  const ranked = (list: Scored[]): string[] => [...list].sort(byRank).map((x) => x.sku.id);
  const specText = specs.map((g) => s.slice(d.start + g.start, d.start + g.end).trim()).join(' ')
    || [...asSpec].map((g) => s.slice(d.start + g.start, d.start + g.end).trim()).join(' ');

  let outcome: { ok: PreparedSku } | { reason: string; candidates: string[] };
  if (scored.length === 0) {
    outcome = { reason: JIELONG_REASONS.noMatch, candidates: [] };
  } else if (full.length === 0) {
    const fitting = scored.filter((x) => fitsSpec(x.sku));
    outcome = { reason: JIELONG_REASONS.partial, candidates: [...new Set([...ranked(fitting), ...ranked(scored)])].slice(0, 5) };
  } else {
    const fitting = full.filter((x) => fitsSpec(x.sku));
    if (fitting.length === 0) {
      // The name is right but no variant has that spec: show the variants, and any other product that has it.
      const others = scored.filter((x) => !full.includes(x) && fitsSpec(x.sku));
      outcome = { reason: `没有这个规格（${specText}），请确认`, candidates: [...ranked(full), ...ranked(others)].slice(0, 5) };
    } else {
      // A name whose unwritten part is only origin or adjectives ("散养土" in 散养土鸡蛋) beats one
      // that adds a kind ("乌" in 乌鸡蛋); beyond that, fewer unwritten characters is no reason to choose.
      const plain = fitting.filter((x) => x.missEssential === 0);
      const tied = plain.length > 0 ? plain : fitting;
      outcome = tied.length === 1 && tied[0] ? { ok: tied[0].sku } : { reason: JIELONG_REASONS.ambiguous, candidates: ranked(tied) };
    }
  }

  if (qtys.length > 1) {
    const candidates = 'ok' in outcome ? [outcome.ok.id] : outcome.candidates;
    return unmatched(`数量写了不止一个（${qtys.join('、')}），请确认`, candidates, Math.max(...qtys));
  }
  const qtyIssue = !Number.isInteger(qty) || qty <= 0 ? `数量${qty}不对，请确认` : qty > MAX_LINE_QTY ? `数量${qty}太大，请确认` : null;
  if ('ok' in outcome) {
    if (qtyIssue) return unmatched(qtyIssue, [outcome.ok.id], qty);
    return { kind: 'matched', text, skuId: outcome.ok.entry.skuId, qty };
  }
  return unmatched(outcome.reason, outcome.candidates, qty);
}

/** A number that stands alone between separators ("土鸡蛋30枚 2") is a count, never a spec. */
function standalone(s: string, at: number): boolean {
  const before = s[at - 1];
  let i = at;
  while (i < s.length && /[\d.]/.test(s[i] ?? '')) i++;
  const after = s[i];
  const edge = (c: string | undefined): boolean => c === undefined || SEP_RE.test(c) || /[(\[「【<《)\]」】>》]/.test(c);
  return edge(before) && edge(after);
}

// ---------------------------------------------------------------------------

/** Parse a pasted 接龙 list against the SKUs the leader can order. */
export function parseJielong(text: string, catalogue: ReadonlyArray<CatalogueEntry>): JielongParse {
  const prepared = prepare(catalogue);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const parse: JielongParse = { customers: [], ignored: [] };
  const ctx: LineContext = { prepared, previousMatched: [], chainStarted: false };
  lines.forEach((line, i) => {
    const result = parseLine(i + 1, line, ctx);
    if (!result) return;
    if ('ignored' in result) { parse.ignored.push({ lineNo: i + 1, text: result.ignored }); return; }
    parse.customers.push(result.customer);
    if (result.customer.seq !== undefined) ctx.chainStarted = true;
    const matched = result.customer.items.flatMap((it) => (it.kind === 'matched' ? [it.skuId] : []));
    if (matched.length > 0) ctx.previousMatched = matched;
  });
  return parse;
}

/** The customer label an order line carries: "3号 张三", or the nickname alone. */
export function customerLabel(c: Pick<JielongCustomer, 'seq' | 'nickname'>): string {
  const label = [c.seq !== undefined ? `${c.seq}号` : '', c.nickname].filter(Boolean).join(' ');
  // The API counts UTF-16 units; cut on whole characters so a rare character is never split.
  let cut = '';
  for (const ch of label) {
    if (cut.length + ch.length > CUSTOMER_LABEL_MAX) break;
    cut += ch;
  }
  return cut.trimEnd();
}

/** Cart lines from a parse: every matched item, with how many items still need a decision. */
export function jielongToOrderLines(parse: JielongParse): { lines: Array<{ skuId: string; qty: number; customer: string }>; unmatched: number } {
  const lines: Array<{ skuId: string; qty: number; customer: string }> = [];
  let unmatched = 0;
  for (const c of parse.customers) {
    for (const item of c.items) {
      if (item.kind === 'matched') lines.push({ skuId: item.skuId, qty: item.qty, customer: customerLabel(c) });
      else unmatched++;
    }
  }
  return { lines, unmatched };
}
