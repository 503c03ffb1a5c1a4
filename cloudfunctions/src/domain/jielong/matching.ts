// Stage: matching words to SKUs. The catalogue is prepared once per parse; a stretch of
// text names a SKU when it reaches the product word or is a longer distinctive stretch.

import type { CatalogueEntry, JielongItem } from './types';
import { type SpecFacts, COUNT_UNITS, forgetGroups, SPEC_UNITS, specFacts } from './quantities';
import { freeMaskOf, isLetter, matchKey } from './text';
import { type AliasIndex, aliasSpans, indexAliases } from './aliases';

// Words that say where a product comes from or how it is sold, not what it is:
// a SKU name may carry them without the customer writing them.
export const NAME_FREE_WORDS = [
  '北京', '天津', '河北', '山西', '内蒙古', '内蒙', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽', '福建', '江西',
  '山东', '河南', '湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海',
  '宁夏', '新疆', '台湾', '东北', '西北', '赣南', '赣州', '丹东', '阿克苏', '库尔勒', '烟台', '栖霞', '洛川', '五常', '秭归',
  '奉节', '攀枝花', '会理', '蒙自', '琯溪', '大连', '舟山', '阳澄湖', '盘锦', '寿光', '吐鲁番', '哈密', '崇明', '眉山', '蒲江',
  '宜昌', '百色', '湛江', '三亚', '昭通', '静宁', '天水', '章丘', '响水',
  '散养', '土', '农家', '新鲜', '红心', '精品', '特级', '一级', '优选', '甄选', '有机', '正宗', '纯', '原味', '冷冻', '速冻',
  '冰鲜', '去壳', '饮用', '散装', '家庭装', '当季', '现摘', '应季', '头茬',
].sort((a, b) => b.length - a.length);

// Words a customer adds that do not change which product is meant.
export const QUERY_FREE_WORDS = [
  '我要', '还要', '再要', '再来', '帮我', '给我', '要', '来', '买', '订', '各', '的', '装', '大果', '大个', '个大', '新鲜',
  '精品', '特级', '好的', '甜的', '一起', '也要',
].sort((a, b) => b.length - a.length);

/** Packaging that ends a name after the product word. */
export const PACK_SUFFIX_RE = /(?:礼盒|礼品盒|礼袋|套装|组合装|组合|家庭装|箱装|盒装|袋装)$/;

// Everyday words for a product whose catalogue name says it differently.
export const SYNONYMS: Array<[colloquial: string, canonical: string[]]> = [
  ['橙子', ['橙']], ['橘子', ['橘']], ['芒果', ['芒']], ['梨子', ['梨']], ['饺子', ['水饺', '饺']],
  ['矿泉水', ['矿泉水', '天然水', '饮用水', '纯净水']], ['纯奶', ['纯牛奶']], ['元宵', ['汤圆']], ['松花蛋', ['皮蛋']],
];

// ---------------------------------------------------------------------------
// The catalogue, prepared once per parse.

export interface PreparedSku {
  index: number;
  entry: CatalogueEntry;
  id: string;
  name: string;
  /** Where the product word ends: before a packaging suffix ("礼盒" in 土鸡蛋礼盒). */
  headEnd: number;
  freeMask: boolean[];
  spec: SpecFacts;
  /** Sold by weight: the unit as written and its grams (斤: 500). Absent: sold by the piece or pack. */
  weighed?: { unit: string; grams: number };
  /** Quantities are whole multiples of this (1 unless the SKU says otherwise). */
  step: number;
}

export interface Prepared {
  skus: PreparedSku[];
  byId: Map<string, PreparedSku>;
  codePrefixes: Set<string>;
  byBigram: Map<string, PreparedSku[]>;
  /** SKUs by the last character of their name, in catalogue order (a one-character item's hint). */
  byNameEnd: Map<string, PreparedSku[]>;
  /** Which SKUs a text can name at all (see viableSkus): by a bigram at the end of the product word, a trigram, a synonym. */
  /** What commonRuns needs of each SKU's name, by SKU index, filled as names are met. */
  nameFacts: Array<NameFacts | undefined>;
  /**
   * Answers worked out once per parse: the names in a stretch of letters, the SKUs an item's words score,
   * and an item's reading (items.ts, by what it depends on; its text as written is put back on each use).
   */
  memo: { segments: Map<string, Anchor[]>; scored: Map<string, readonly Scored[]>; items: Map<string, JielongItem> };
  viable: {
    byTail: Map<string, PreparedSku[]>; byTrigram: Map<string, PreparedSku[]>; bySynonym: Array<[colloquial: string, skus: PreparedSku[]]>;
    /** Per SKU (by index), the viableSkus call that last took it. */
    stamp: { call: number; at: Uint32Array };
  };
  /** Operators' and the leader's aliases (aliases.ts). */
  aliases: AliasIndex;
}

export function prepare(catalogue: ReadonlyArray<CatalogueEntry>): Prepared {
  // What a parse works out once is its own: nothing carries over from another parse.
  forgetGroups();
  NAME_FACTS.clear();
  lastQuery = null;
  // Variants share a name and a range shares specs: each is read once.
  const names = new Map<string, { name: string; headEnd: number; freeMask: boolean[] }>();
  const specs = new Map<string, SpecFacts>();
  const skus = catalogue.map((entry, index): PreparedSku => {
    let named = names.get(entry.name);
    if (!named) {
      const key = matchKey(entry.name);
      const pack = PACK_SUFFIX_RE.exec(key)?.[0] ?? '';
      named = { name: key, headEnd: key.length - pack.length >= 2 ? key.length - pack.length : key.length, freeMask: freeMaskOf(key, NAME_FREE_WORDS) };
      names.set(entry.name, named);
    }
    const { name, headEnd, freeMask } = named;
    let spec = specs.get(entry.spec);
    if (!spec) { spec = specFacts(entry.spec); specs.set(entry.spec, spec); }
    const unit = SPEC_UNITS[(entry.saleUnit ?? '').trim().toLowerCase()];
    const weighed = unit?.dim === 'g' ? { unit: (entry.saleUnit ?? '').trim(), grams: unit.factor } : undefined;
    const step = entry.saleStep !== undefined && entry.saleStep > 0 ? entry.saleStep : 1;
    return {
      index, entry, id: entry.skuId, name, headEnd, freeMask, spec,
      ...(weighed ? { weighed } : {}), step,
    };
  });
  const byBigram = new Map<string, PreparedSku[]>();
  const index = (gram: string, sku: PreparedSku): void => {
    // SKUs are indexed one after another: a repeat is the last one in the list.
    const list = byBigram.get(gram);
    if (!list) byBigram.set(gram, [sku]);
    else if (list[list.length - 1] !== sku) list.push(sku);
  };
  for (const sku of skus) {
    for (let i = 0; i + 1 < sku.name.length; i++) index(sku.name.slice(i, i + 2), sku);
    for (const [colloquial, canon] of SYNONYMS) if (canon.some((c) => sku.name.includes(c))) index(colloquial.slice(0, 2), sku);
  }
  // A valid run (isValidRun) is a synonym, or ends within the last two characters of the product
  // word (so holds a bigram starting at headEnd - 3 or later), or is three or more characters long
  // with a character that is not a free word (so holds a trigram with one).
  const viable: Prepared['viable'] = { byTail: new Map(), byTrigram: new Map(), bySynonym: [], stamp: { call: 0, at: new Uint32Array(skus.length) } };
  const add = (map: Map<string, PreparedSku[]>, gram: string, sku: PreparedSku): void => {
    const list = map.get(gram);
    if (!list) map.set(gram, [sku]);
    else if (list[list.length - 1] !== sku) list.push(sku);
  };
  for (const sku of skus) {
    for (let i = Math.max(0, sku.headEnd - 3); i + 1 < sku.name.length; i++) add(viable.byTail, sku.name.slice(i, i + 2), sku);
    for (let i = 0; i + 2 < sku.name.length; i++) {
      if (!sku.freeMask[i] || !sku.freeMask[i + 1] || !sku.freeMask[i + 2]) add(viable.byTrigram, sku.name.slice(i, i + 3), sku);
    }
  }
  for (const [colloquial, canon] of SYNONYMS) viable.bySynonym.push([colloquial, skus.filter((sku) => canon.some((c) => sku.name.includes(c)))]);
  const byNameEnd = new Map<string, PreparedSku[]>();
  for (const sku of skus) {
    const last = sku.name[sku.name.length - 1];
    if (last === undefined) continue;
    const list = byNameEnd.get(last);
    if (list) list.push(sku); else byNameEnd.set(last, [sku]);
  }
  const codePrefixes = new Set(skus.map((s) => /^[a-z]+/i.exec(s.id)?.[0]?.toUpperCase()).filter((p): p is string => !!p));
  return { skus, byId: new Map(skus.map((s) => [s.id.toUpperCase(), s])), codePrefixes, byBigram, byNameEnd, viable, nameFacts: [], memo: { segments: new Map(), scored: new Map(), items: new Map() }, aliases: indexAliases(skus) };
}

// ---------------------------------------------------------------------------
// Name matching: which stretches of text name which SKU, and how well.

/** A stretch of the text equal to a stretch of the name (`len` in the text, `nLen` in the name). */
export interface Run { qStart: number; nStart: number; len: number; nLen: number; synonym: boolean }

/** What commonRuns needs of a name, worked out once per name: where each character is, and its synonyms. */
interface NameFacts { at: Map<number, number[]>; bloom: number; synonyms: Array<{ colloquial: string; nStart: number; nLen: number }> }
const NAME_FACTS = new Map<string, NameFacts>(); // emptied by prepare(): per parse
function nameFacts(n: string): NameFacts {
  let facts = NAME_FACTS.get(n);
  if (facts) return facts;
  // By UTF-16 code: looking a character up makes no string.
  const at = new Map<number, number[]>();
  let bloom = 0; // a bit per character code modulo 32: most characters of a text are surely not in the name
  for (let j = 0; j < n.length; j++) {
    bloom |= 1 << (n.charCodeAt(j) & 31);
    const list = at.get(n.charCodeAt(j));
    if (list) list.push(j); else at.set(n.charCodeAt(j), [j]);
  }
  const synonyms: NameFacts['synonyms'] = [];
  for (const [colloquial, canon] of SYNONYMS) {
    const c = canon.find((w) => n.includes(w));
    if (c) synonyms.push({ colloquial, nStart: n.indexOf(c), nLen: c.length });
  }
  facts = { at, bloom, synonyms };
  if (NAME_FACTS.size > 50_000) NAME_FACTS.clear();
  NAME_FACTS.set(n, facts);
  return facts;
}

/** Per query: how many non-letters come before each position (a run must be all letters). The last query is kept. */
let lastQuery: { q: string; nonLetters: Int32Array | null; free: boolean[] | null } | null = null;
function queryFacts(q: string): NonNullable<typeof lastQuery> {
  if (lastQuery?.q === q) return lastQuery;
  // Letters are tested per UTF-16 unit; a query with surrogate pairs (never a normalised one) is tested per character.
  let nonLetters: Int32Array | null = null;
  if (!/[\uD800-\uDFFF]/.test(q)) {
    nonLetters = new Int32Array(q.length + 1);
    for (let k = 0; k < q.length; k++) nonLetters[k + 1] = (nonLetters[k] as number) + (isLetter(q[k] as string) ? 0 : 1);
  }
  lastQuery = { q, nonLetters, free: null };
  return lastQuery;
}
/** The words a customer adds (QUERY_FREE_WORDS) in a query, worked out once per query. */
function queryFree(q: string): boolean[] {
  const facts = queryFacts(q);
  facts.free ??= freeMaskOf(q, QUERY_FREE_WORDS);
  return facts.free;
}

export function commonRuns(q: string, n: string): Run[] {
  return runsWith(q, n, nameFacts(n));
}

/** commonRuns for a SKU of this parse: its name's facts kept with the catalogue, by index. */
function skuRuns(q: string, sku: PreparedSku, prepared: Prepared): Run[] {
  let facts = prepared.nameFacts[sku.index];
  if (!facts) { facts = nameFacts(sku.name); prepared.nameFacts[sku.index] = facts; }
  return runsWith(q, sku.name, facts);
}

function runsWith(q: string, n: string, facts: NameFacts): Run[] {
  const runs: Run[] = [];
  const { nonLetters } = queryFacts(q);
  for (let i = 0; i < q.length; i++) {
    const code = q.charCodeAt(i);
    if ((facts.bloom & (1 << (code & 31))) === 0) continue;
    const js = facts.at.get(code);
    if (!js) continue;
    for (const j of js) {
      if (i > 0 && j > 0 && q[i - 1] === n[j - 1]) continue;
      let len = 1;
      while (i + len < q.length && j + len < n.length && q[i + len] === n[j + len]) len++;
      if (len < 2) continue;
      const letters = nonLetters ? nonLetters[i + len] === nonLetters[i] : [...q.slice(i, i + len)].every(isLetter);
      if (letters) runs.push({ qStart: i, nStart: j, len, nLen: len, synonym: false });
    }
  }
  for (const { colloquial, nStart, nLen } of facts.synonyms) {
    for (let at = q.indexOf(colloquial); at >= 0; at = q.indexOf(colloquial, at + 1)) {
      runs.push({ qStart: at, nStart, len: colloquial.length, nLen, synonym: true });
    }
  }
  return runs;
}

/**
 * A run names the SKU when it reaches the product word, which Chinese puts last
 * ("脐橙" in 赣南脐橙), or is a longer distinctive stretch ("冰糖心", "农夫山泉").
 * "阳光" in 阳光玫瑰葡萄 or an origin alone ("赣南") is not enough: nicknames say such things.
 */
export function isValidRun(run: Run, sku: PreparedSku): boolean {
  if (run.synonym) return true;
  const end = run.nStart + run.len;
  if (end > sku.headEnd - 2) return true;
  if (run.len < 3) return false;
  for (let k = run.nStart; k < end; k++) if (!sku.freeMask[k]) return true;
  return false;
}

export function candidateSkus(q: string, prepared: Prepared): PreparedSku[] {
  const found = new Set<PreparedSku>();
  for (let i = 0; i + 1 < q.length; i++) for (const sku of prepared.byBigram.get(q.slice(i, i + 2)) ?? []) found.add(sku);
  return [...found].sort((a, b) => a.index - b.index);
}

/**
 * The candidates (candidateSkus) that can have a valid run in `q`: the others never name
 * anything (findAnchors skips them, scoreSku gives null), so leaving them out changes no result.
 */
export function viableSkus(q: string, prepared: Prepared): PreparedSku[] {
  const { byTail, byTrigram, bySynonym, stamp } = prepared.viable;
  // Each SKU once, marked with this call's number (cheaper than a Set on every call).
  stamp.call++;
  const mark = stamp.call;
  const found: number[] = [];
  const take = (list: PreparedSku[] | undefined): void => {
    if (!list) return;
    for (const sku of list) if (stamp.at[sku.index] !== mark) { stamp.at[sku.index] = mark; found.push(sku.index); }
  };
  for (let i = 0; i + 1 < q.length; i++) {
    take(byTail.get(q.slice(i, i + 2)));
    if (i + 2 < q.length) take(byTrigram.get(q.slice(i, i + 3)));
  }
  for (const [colloquial, skus] of bySynonym) if (q.includes(colloquial)) take(skus);
  // SKU indexes, in catalogue order (a typed array sorts numbers without a comparator).
  const order = Uint32Array.from(found).sort();
  const out: PreparedSku[] = new Array<PreparedSku>(order.length);
  for (let k = 0; k < order.length; k++) out[k] = prepared.skus[order[k] as number] as PreparedSku;
  return out;
}

export interface Anchor { start: number; end: number; code?: string }

/** Stretches of the content that name a SKU (by name or code), in order, merged where they overlap. */
/** Whether the UTF-16 unit at i is a letter (isLetter), with CJK ideographs and ASCII decided without a regex. */
function isLetterUnit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c >= 0x4e00 && c <= 0x9fff) return true;
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return isLetter(s[i] as string);
}

/** Where SKU names occur in a stretch of letters, relative to it (the runs of each SKU that names one, joined). */
function nameSpans(segment: string, prepared: Prepared): Anchor[] {
  const known = prepared.memo.segments.get(segment);
  if (known) return known;
  const content = segment;
  const spans: Anchor[] = [];
  // Runs and their validity depend on the name alone: variants of one name give the same spans.
  const seen = new Set<string>();
  for (const sku of viableSkus(content, prepared)) {
    if (seen.has(sku.name)) continue;
    seen.add(sku.name);
    const runs = skuRuns(content, sku, prepared);
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
    const own = kept.map((r) => ({ start: r.qStart, end: r.qStart + r.len })).sort((a, b) => a.start - b.start);
    const joined: Anchor[] = [];
    for (const span of own) {
      const last = joined[joined.length - 1];
      if (last && last.end >= span.start) last.end = Math.max(last.end, span.end);
      else joined.push({ ...span });
    }
    spans.push(...joined);
  }
  // The same span named by many SKUs ("金龙鱼" in every 金龙鱼 product) merges into one: keep one.
  const seenSpan = new Set<number>();
  const unique = spans.filter((sp) => {
    const key = sp.start * 65536 + sp.end;
    if (seenSpan.has(key)) return false;
    seenSpan.add(key);
    return true;
  });
  prepared.memo.segments.set(segment, unique);
  return unique;
}

const UNIT_AFTER_RE = new RegExp(`^\\s*(?:${COUNT_UNITS.join('|')})`);

export function findAnchors(s: string, from: number, to: number, prepared: Prepared): Anchor[] {
  const content = s.slice(from, to).toLowerCase();
  const spans: Anchor[] = [];
  // A run is letters only, so it never crosses a non-letter, nor do the joined runs of one SKU:
  // each stretch of letters names SKUs on its own, and is worked out once per parse.
  for (let i = 0; i < content.length;) {
    if (!isLetterUnit(content, i)) { i++; continue; }
    let j = i + 1;
    while (j < content.length && isLetterUnit(content, j)) j++;
    if (j - i >= 2) {
      const at = from + i;
      for (const span of nameSpans(content.slice(i, j), prepared)) spans.push({ start: at + span.start, end: at + span.end });
    }
    i = j;
  }
  for (const span of aliasSpans(content, prepared.aliases)) spans.push({ start: from + span.start, end: from + span.end });
  // Codes such as HZ2001 (any case), when their letters are a catalogue prefix.
  const codeRe = /(?<![a-z0-9])([a-z]{1,4})-?(\d{2,8})(?![0-9])/gi;
  for (const m of s.slice(from, to).matchAll(codeRe)) {
    const letters = (m[1] ?? '').toUpperCase();
    if (!prepared.codePrefixes.has(letters)) continue;
    const start = from + (m.index ?? 0);
    let digits = m[2] ?? '';
    // "HZ20012件": an unknown code that is a known one with a count glued on.
    const unit = UNIT_AFTER_RE.test(s.slice(start + m[0].length, to));
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

export interface Scored { sku: PreparedSku; missQuery: number; missEssential: number; hit: number }

export function scoreSku(query: string, sku: PreparedSku, prepared?: Prepared): Scored | null {
  const runs = prepared ? skuRuns(query, sku, prepared) : commonRuns(query, sku.name);
  if (!runs.some((r) => isValidRun(r, sku))) return null;
  const qCovered = new Uint8Array(query.length);
  const nCovered = new Uint8Array(sku.name.length);
  for (const r of runs) {
    for (let k = 0; k < r.len; k++) qCovered[r.qStart + k] = 1;
    for (let k = 0; k < r.nLen; k++) nCovered[r.nStart + k] = 1;
  }
  const qFree = queryFree(query);
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

/** The SKUs an item's words (a query) name, best first: scoreSku over the viable candidates, once per parse and query. */
export function scoredFor(query: string, prepared: Prepared): Scored[] {
  let scored = prepared.memo.scored.get(query);
  if (!scored) {
    // A score depends on the name alone: variants of one name are scored once.
    const byName = new Map<string, Scored | null>();
    scored = viableSkus(query, prepared).map((sku) => {
      if (!byName.has(sku.name)) byName.set(sku.name, scoreSku(query, sku, prepared));
      const s = byName.get(sku.name);
      return s ? { ...s, sku } : null;
    }).filter((x): x is Scored => x !== null).sort(byRank);
    prepared.memo.scored.set(query, scored);
  }
  return [...scored];
}

export const byRank = (a: Scored, b: Scored): number =>
  a.missQuery - b.missQuery || a.missEssential - b.missEssential || b.hit - a.hit || a.sku.index - b.sku.index;
