// Stage: matching words to SKUs. The catalogue is prepared once per parse; a stretch of
// text names a SKU when it reaches the product word or is a longer distinctive stretch.

import type { CatalogueEntry, JielongItem } from './types';
import { type SpecFacts, COUNT_UNITS, forgetGroups, SPEC_UNITS, specFacts } from './quantities';
import { freeMaskOf, isLetter, matchKey } from './text';
import { type AliasIndex, aliasSpans, indexAliases } from './aliases';
import { type NameFacts, forgetNames, isValidRunAt, nameFacts, queryFree, RUNS, runsInto } from './name-runs';

export { type Run, commonRuns, isValidRun } from './name-runs';

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
  forgetNames();
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

/** The runs of `q` in a SKU's name into RUNS (name-runs.ts), its name's facts kept with the catalogue by index. */
function skuRunsInto(q: string, sku: PreparedSku, prepared: Prepared): number {
  let facts = prepared.nameFacts[sku.index];
  if (!facts) { facts = nameFacts(sku.name); prepared.nameFacts[sku.index] = facts; }
  const count = runsInto(q, sku.name, facts);
  if (KEPT.length < count) KEPT = new Uint8Array(RUNS.qStart.length);
  return count;
}
/** Per run of RUNS, whether nameSpans keeps it (reused, as RUNS is). */
let KEPT: Uint8Array = new Uint8Array(64);
/** Two zeroed coverage buffers (query, name) for scoreSku, reused across calls. */
const COVERED: Uint8Array[] = [new Uint8Array(64), new Uint8Array(64)];
function covered(which: 0 | 1, length: number): Uint8Array {
  let buf = COVERED[which] as Uint8Array;
  if (buf.length < length) { buf = new Uint8Array(length * 2); COVERED[which] = buf; }
  buf.fill(0, 0, length);
  return buf;
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
    const count = skuRunsInto(content, sku, prepared);
    let anyValid = false;
    for (let r = 0; r < count; r++) { KEPT[r] = isValidRunAt(r, sku) ? 1 : 0; anyValid ||= KEPT[r] === 1; }
    if (!anyValid) continue;
    // Join touching runs of the same SKU ("五常" + "大米" in "五常大米"): grow the kept set until nothing touches it.
    for (let grew = true; grew;) {
      grew = false;
      for (let r = 0; r < count; r++) {
        if (KEPT[r]) continue;
        const rs = RUNS.qStart[r] as number;
        const re = rs + (RUNS.len[r] as number);
        for (let k = 0; k < count; k++) {
          if (!KEPT[k]) continue;
          const ks = RUNS.qStart[k] as number;
          if (ks + (RUNS.len[k] as number) === rs || re === ks) { KEPT[r] = 1; grew = true; break; }
        }
      }
    }
    const own: Anchor[] = [];
    for (let r = 0; r < count; r++) if (KEPT[r]) own.push({ start: RUNS.qStart[r] as number, end: (RUNS.qStart[r] as number) + (RUNS.len[r] as number) });
    own.sort((x, y) => x.start - y.start);
    let last: Anchor | undefined;
    for (const span of own) {
      if (last && last.end >= span.start) last.end = Math.max(last.end, span.end);
      else { last = span; spans.push(span); }
    }
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
  const count = prepared ? skuRunsInto(query, sku, prepared) : runsInto(query, sku.name, nameFacts(sku.name));
  let anyValid = false;
  for (let r = 0; r < count && !anyValid; r++) anyValid = isValidRunAt(r, sku);
  if (!anyValid) return null;
  // Which characters of the query and of the name the runs cover, in buffers reused across calls.
  const qCovered = covered(0, query.length);
  const nCovered = covered(1, sku.name.length);
  for (let r = 0; r < count; r++) {
    const qs = RUNS.qStart[r] as number;
    const ns = RUNS.nStart[r] as number;
    for (let k = 0, len = RUNS.len[r] as number; k < len; k++) qCovered[qs + k] = 1;
    for (let k = 0, len = RUNS.nLen[r] as number; k < len; k++) nCovered[ns + k] = 1;
  }
  const qFree = queryFree(query, QUERY_FREE_WORDS);
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
