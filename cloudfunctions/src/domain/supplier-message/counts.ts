// Counts in a supplier's line: arabic and Chinese numerals, approximations, negatives and
// "没有了" read as groups, and whether a count's unit fits the SKU's spec.
import { APPROX_BEFORE_RE, CN_NUM_CHARS, UNIT_RE, WEIGHT_UNITS, ZERO_RE, ZERO_SHORT_RE, isLetter, normaliseLine } from './vocabulary';

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

export interface Group {
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

export const ARABIC_RE = new RegExp(`^(\\d+(?:\\.\\d+)?)(?:\\s*[-~到至]\\s*(\\d+(?:\\.\\d+)?))?(多|来|余)?\\s*(${UNIT_RE})?(半)?`);
export const CHINESE_RE = new RegExp(`^(半|[${CN_NUM_CHARS}]+)(多|来|余)?\\s*(${UNIT_RE})?(半)?`);

/** How many characters of "左右", "多", "+" follow a number at `at` (with the space before them). */
export function approxAfter(s: string, at: number): number {
  const rest = s.slice(at);
  const m = /^\s*(?:多|来|几|余|左右|上下|出头|\+)/.exec(rest);
  return m ? m[0].length : 0;
}

/** A group at `i` of `s`, or null. `prot` marks characters that belong to a name or a spec. */
export function groupAt(s: string, i: number, prot: boolean[]): Group | null {
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

export interface UnitFacts { per: string | null; inner: Set<string>; weighed: boolean }

export function unitFacts(spec: string): UnitFacts {
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
export function unitIssue(unit: string, spec: string): string | null {
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
