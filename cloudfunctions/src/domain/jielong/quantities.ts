// Stage: numbers, Chinese numerals and units. Units decide what a number means:
// weights, volumes and egg counts describe the product (spec); pieces, boxes and
// portions count it (quantity).

import { isLetter, matchKey, SEP_RE } from './text';

/** More than this on one customer's line is read as a slip (e.g. a spec typed as a count). */
export const MAX_LINE_QTY = 99;

export interface SpecUnit { dim: 'g' | 'ml' | '枚' | 'mm'; factor: number }
export const SPEC_UNITS: Record<string, SpecUnit> = {
  公斤: { dim: 'g', factor: 1000 }, 千克: { dim: 'g', factor: 1000 }, kg: { dim: 'g', factor: 1000 },
  斤: { dim: 'g', factor: 500 }, 克: { dim: 'g', factor: 1 }, g: { dim: 'g', factor: 1 },
  毫升: { dim: 'ml', factor: 1 }, ml: { dim: 'ml', factor: 1 }, 升: { dim: 'ml', factor: 1000 }, l: { dim: 'ml', factor: 1000 },
  枚: { dim: '枚', factor: 1 }, mm: { dim: 'mm', factor: 1 }, cm: { dim: 'mm', factor: 10 },
};
export const COUNT_UNITS = ['份', '件', '个', '盒', '箱', '袋', '瓶', '桶', '只', '包', '提', '组', '套', '罐', '条', '块', '把', '串', '板', '筐', '兜', '扎', '支', '听', '排', '颗'];
export const UNIT_ALT = [...Object.keys(SPEC_UNITS), ...COUNT_UNITS].sort((a, b) => b.length - a.length)
  .map((u) => (/^[a-z]+$/.test(u) ? `${u}(?![a-wyz])` : u)).join('|'); // "5kgx2": a marker may follow a latin unit
/** Words for "one of it" that say nothing about the pack: never a reason to prefer or doubt a SKU. */
export const GENERIC_UNITS = ['份', '件', '个'];

/**
 * The unit one of a SKU is sold in, when the SKU says: a counted sale unit, the spec's "/袋", or 整箱.
 * Absent: unknown ("250ml×24盒" says what is inside, not what it comes in).
 */
const SLASH_UNIT_RE = new RegExp(`/\\s*(${COUNT_UNITS.join('|')})(?:装)?(?![\\u4e00-\\u9fff])`);
export function packUnitOf(entry: { name: string; spec: string; saleUnit?: string }): string | undefined {
  const sale = (entry.saleUnit ?? '').trim();
  if (COUNT_UNITS.includes(sale)) return GENERIC_UNITS.includes(sale) ? undefined : sale;
  const slash = SLASH_UNIT_RE.exec(matchKey(entry.spec));
  if (slash) return slash[1];
  return /整箱/.test(entry.name + entry.spec) ? '箱' : undefined;
}

export const CNUM = '[零一二两俩仨三四五六七八九十]+';
export const NUM = `(?:\\d+(?:\\.\\d+)?|${CNUM})`;

// ---------------------------------------------------------------------------
// Numbers: the groups a stretch of text holds.

export type Group =
  | { t: 'marker'; n: number; start: number; end: number }
  | { t: 'count'; n: number; unit: string; start: number; end: number }
  | { t: 'spec'; dim: SpecUnit['dim']; value: number; raw: number; start: number; end: number }
  | { t: 'bare'; n: number; start: number; end: number }
  | { t: 'price'; start: number; end: number };

export const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 仨: 3, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
export function numberValue(text: string): number {
  if (text === '半') return 0.5;
  if (/^\d/.test(text)) return Number(text);
  const i = text.indexOf('十');
  if (i < 0) return [...text].reduce((acc, c) => acc * 10 + (CN_DIGITS[c] ?? 0), 0);
  const tens = i === 0 ? 1 : (CN_DIGITS[text.slice(0, i)] ?? 1);
  return tens * 10 + (CN_DIGITS[text.slice(i + 1)] ?? 0);
}

export const GROUP_RE = new RegExp([
  `(?<price>[¥$]\\s*\\d+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?\\s*(?:元|块钱))`,
  `(?<range>(?<ra>\\d+(?:\\.\\d+)?)\\s*[-~]\\s*(?<rb>\\d+(?:\\.\\d+)?)\\s*(?<ru>${UNIT_ALT}))`,
  `(?<marker>(?:(?<![a-z])|(?<=\\d(?:kg|g|ml|l|mm|cm)))[×x*]\\s*(?<mn>${NUM})(?:\\s*(?:${COUNT_UNITS.join('|')}))?)`,
  // "半斤", "一斤半", "3斤半": a half before or after the unit.
  `(?<numunit>(?<nn>${NUM}|半)\\s*(?<nu>${UNIT_ALT})(?<half>半)?)`,
  `(?<bare>\\d+(?:\\.\\d+)?)`,
  // "芒果 仨": Chinese numerals standing alone, never inside a word (三全, 五常, 老三, 一起).
  `(?<cbare>(?<![\\u4e00-\\u9fff\\uE000a-z])${CNUM}(?![\\u4e00-\\u9fff\\uE000a-z]))`,
].join('|'), 'gi');

/**
 * The groups of the texts this parse read (it reads the same stretches many times), frozen:
 * shared, never changed. Emptied by prepare(), so every parse starts from nothing.
 */
const GROUPS_SEEN = new Map<string, readonly Group[]>();
export function forgetGroups(): void {
  GROUPS_SEEN.clear();
  LEFTOVER_SEEN.clear();
}

export function scanGroups(text: string, offset = 0): Group[] {
  if (offset === 0) {
    const seen = GROUPS_SEEN.get(text);
    if (seen) return [...seen];
    const groups = scanGroupsAt(text, 0).map((g) => Object.freeze(g));
    if (GROUPS_SEEN.size >= 20_000) GROUPS_SEEN.clear();
    GROUPS_SEEN.set(text, groups);
    return [...groups];
  }
  return scanGroupsAt(text, offset);
}

function scanGroupsAt(text: string, offset: number): Group[] {
  const groups: Group[] = [];
  // exec over the one global regex (it never matches empty): matchAll would copy it on every call.
  GROUP_RE.lastIndex = 0;
  for (let m = GROUP_RE.exec(text); m !== null; m = GROUP_RE.exec(text)) {
    const start = offset + (m.index ?? 0);
    const end = start + m[0].length;
    const g = m.groups ?? {};
    if (g.price) groups.push({ t: 'price', start, end });
    else if (g.range) for (const v of [g.ra, g.rb]) groups.push(unitGroup(Number(v), (g.ru ?? '').toLowerCase(), start, end));
    else if (g.marker) groups.push({ t: 'marker', n: numberValue(g.mn ?? ''), start, end });
    else if (g.numunit) groups.push(unitGroup(numberValue(g.nn ?? '') + (g.half ? 0.5 : 0), (g.nu ?? '').toLowerCase(), start, end));
    else if (g.cbare) groups.push({ t: 'bare', n: numberValue(g.cbare), start, end });
    else groups.push({ t: 'bare', n: Number(g.bare), start, end });
  }
  return groups;
}

export function unitGroup(n: number, unit: string, start: number, end: number): Group {
  const spec = SPEC_UNITS[unit];
  return spec ? { t: 'spec', dim: spec.dim, value: n * spec.factor, raw: n, start, end } : { t: 'count', n, unit, start, end };
}

// ---------------------------------------------------------------------------
// What a SKU's spec says, and what a customer's numbers leave.

export interface SpecFacts { measures: Array<{ dim: SpecUnit['dim']; value: number }>; counts: Array<{ n: number; unit: string }>; numbers: number[] }

/** What a SKU's spec says, to hold a customer's numbers against: "250ml×24盒" is 250 ml and 24 盒. */
export function specFacts(spec: string): SpecFacts {
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

const NOT_LEFTOVER_RE = /[x×装各]/i;
const COUNT_UNIT_SET = new Set(COUNT_UNITS);

/** Letters left in a stretch once numbers, units, markers and brackets are taken out. */
const LEFTOVER_SEEN = new Map<string, string>();

export function leftoverLetters(text: string): string {
  const seen = LEFTOVER_SEEN.get(text);
  if (seen !== undefined) return seen;
  const letters = leftoverLettersOf(text);
  LEFTOVER_SEEN.set(text, letters);
  return letters;
}

function leftoverLettersOf(text: string): string {
  let rest = text;
  for (const g of [...scanGroups(text)].reverse()) rest = rest.slice(0, g.start) + ' '.repeat(g.end - g.start) + rest.slice(g.end);
  let letters = '';
  for (const c of rest) if (isLetter(c) && !NOT_LEFTOVER_RE.test(c) && !COUNT_UNIT_SET.has(c)) letters += c;
  return letters;
}

export function quantityOf(groups: Group[]): number | undefined {
  const g = groups.find((x) => x.t === 'marker' || x.t === 'count' || x.t === 'bare');
  return g && 'n' in g ? g.n : undefined;
}

/** What a number may run on with (standalone). */
export const NUMBER_CHAR_RE = /[\d.零一二两俩仨三四五六七八九十]/;
const BRACKET_RE = /[(\[「【<《)\]」】>》]/;
/** Whether a character (or the line's end: undefined) ends a number standing alone. */
export const isNumberEdge = (c: string | undefined): boolean => c === undefined || SEP_RE.test(c) || BRACKET_RE.test(c);

/** A number that stands alone between separators ("土鸡蛋30枚 2") is a count, never a spec. */
export function standalone(s: string, at: number): boolean {
  const before = s[at - 1];
  let i = at;
  while (i < s.length && NUMBER_CHAR_RE.test(s[i] ?? '')) i++;
  return isNumberEdge(before) && isNumberEdge(s[i]);
}

/** Whether `qty` is a whole number of `step`s (0.5 斤 steps: 1.5 is, 1.2 is not). */
export function isMultipleOf(qty: number, step: number): boolean {
  const k = qty / step;
  return Math.abs(k - Math.round(k)) < 1e-9;
}

/** A weight in grams as a number of `gramsPerUnit` units, without binary noise (1500 g in 斤 is 3). */
export function inUnits(grams: number, gramsPerUnit: number): number {
  return Math.round((grams / gramsPerUnit) * 1e6) / 1e6;
}
