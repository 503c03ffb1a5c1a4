// Stage 0: the text of one line as the parser reads it, and as the customer wrote it.

/** Characters that separate items on a line. `和`/`及` only outside a product name. */
export const SEP_RE = /[\s,;、+。/:|&~!?=…和及]/;

export const CIRCLED_RANGES: Array<[from: number, to: number, first: number]> = [
  [0x2460, 0x2473, 1], [0x2474, 0x2487, 1], [0x2488, 0x249b, 1], [0x24eb, 0x24f4, 11], [0x24f5, 0x24fe, 1],
  [0x2776, 0x277f, 1], [0x2780, 0x2789, 1], [0x278a, 0x2793, 1], [0x3251, 0x325f, 21], [0x32b1, 0x32bf, 36],
];
export function circledValue(cp: number): number | null {
  for (const [from, to, first] of CIRCLED_RANGES) if (cp >= from && cp <= to) return first + cp - from;
  return null;
}

// ---------------------------------------------------------------------------
// Normalising one line. `s` is what the parser reads (half-width, no emoji, no
// invisible characters); `orig[i]` is what the customer typed for `s[i]`, so
// nicknames and item texts are reported as written.

export interface Norm { s: string; orig: string[] }

export const CIRCLED_END = '\u0004';
export const STICKER_RE = /\[(?:[\u4e00-\u9fff]{1,5}|[A-Z][A-Za-z]{1,11})\]/g;
export const EMOJI_RE = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\p{So}|\p{Co}/u;

export function isInvisible(cp: number): boolean {
  return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f)
    || cp === 0xfeff || cp === 0x00ad || cp === 0x180e || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0000 && cp <= 0xe007f)
    || cp === 0x20e3 || cp === 0x034f || (cp >= 0x0000 && cp <= 0x0008) || (cp >= 0x000e && cp <= 0x001f) || cp === 0x007f;
}

/** Characters normalise keeps as they are (printable ASCII but "[", CJK ideographs but 桔, ×, 、。「」【】). */
const PLAIN_RE = /^[\x20-\x5a\x5c-\x7e\u4e00-\u6853\u6855-\u9fff\u00d7\u3001\u3002\u300c\u300d\u3010\u3011]*$/;

/**
 * `kept` maps emoji that mean something here (a menu's 🐟 = 清蒸鱼) to a stand-in character that
 * `s` keeps in their place, so they are matched before the other emoji are dropped.
 */
export function normalise(raw: string, kept?: ReadonlyMap<string, string>): Norm {
  // Most lines hold nothing to change: the same answer without the work.
  if (PLAIN_RE.test(raw) && (!kept || [...kept.keys()].every((k) => !raw.includes(k)))) return { s: raw, orig: [...raw] };
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
    // A CJK ideograph (but 桔) or printable ASCII but the space is kept as it is, unless a kept stand-in says otherwise.
    if (((cp >= 0x4e00 && cp <= 0x9fff && cp !== 0x6854) || (cp > 0x20 && cp < 0x7f)) && !kept?.has(ch)) { push(ch, ch); continue; }
    if (isInvisible(cp)) continue;
    const circled = circledValue(cp);
    if (circled !== null) {
      [...String(circled)].forEach((d, i) => push(d, i === 0 ? ch : ''));
      push(CIRCLED_END, '');
      continue;
    }
    if (/\s/u.test(ch) || cp === 0x3000) { push(' ', ' '); continue; }
    const stand = kept?.get(ch);
    if (stand !== undefined) { push(stand, ch); continue; }
    if (EMOJI_RE.test(ch)) continue;
    if (cp >= 0xff01 && cp <= 0xff5e) { push(String.fromCharCode(cp - 0xfee0), ch); continue; }
    if (ch === '桔') { push('橘', ch); continue; }
    if (cp > 0xffff) { push('\uE000', ch); continue; } // a rare CJK character in a nickname: one slot
    push(ch, ch);
  }
  // Stickers last, so an emoji typed inside one ("[玫🌹瑰]") does not hide it.
  let norm: Norm = { s: s.join(''), orig };
  // Without a sticker the pass below keeps every character; without a circled number the last one does.
  STICKER_RE.lastIndex = 0;
  const stickers = STICKER_RE.test(norm.s);
  STICKER_RE.lastIndex = 0;
  if (!stickers && !norm.s.includes(CIRCLED_END)) return norm;
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

export const isLetter = (c: string): boolean => {
  // One CJK ideograph or ASCII character is decided without the regex.
  if (c.length === 1) {
    const code = c.charCodeAt(0);
    if (code >= 0x4e00 && code <= 0x9fff) return true;
    if (code < 0x80) return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
  }
  return /[\p{L}\uE000]/u.test(c);
};

export interface Token { start: number; end: number }

function inSpan(spans: ReadonlyArray<Token>, i: number): boolean {
  for (const a of spans) if (i >= a.start && i < a.end) return true;
  return false;
}

/** Split `s[from, to)` at separators, except inside the given spans (product names). */
export function tokenize(s: string, from: number, to: number, anchors: ReadonlyArray<Token>): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  for (let i = from; i <= to; i++) {
    const sep = i === to || (SEP_RE.test(s[i] ?? '') && !inSpan(anchors, i));
    if (sep) { if (start >= 0) tokens.push({ start, end: i }); start = -1; } else if (start < 0) start = i;
  }
  return tokens;
}

export function cleanText(orig: string[], start: number, end: number): string {
  return orig.slice(start, end).join('').replace(/\s+/g, ' ').trim();
}

/** The form names are compared in: normalised and lower-case. */
export const matchKey = (text: string): string => (PLAIN_RE.test(text) ? text : normalise(text).s).toLowerCase();

export function freeMaskOf(text: string, words: readonly string[]): boolean[] {
  const mask = new Array<boolean>(text.length).fill(false);
  for (const w of words) {
    for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) for (let k = 0; k < w.length; k++) mask[at + k] = true;
  }
  return mask;
}
