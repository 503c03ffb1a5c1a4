// One line of a message: the characters that are never a count, its chunks, and each
// chunk split into "name count" readings.
import { type Group, groupAt } from './counts';
import { MESSAGE_REASONS } from './types';
import { CN_NUM_CHARS, LEAD_FILLER, TRAIL_FILLER, UNIT_RE, WEIGHT_UNITS, isLetter } from './vocabulary';

export interface Element { kind: 'text' | 'group'; start: number; end: number; group?: Group }

/**
 * Characters that are never a count: a name's or a spec's (5斤装, 250ml×24, 30枚/箱, 75%), kept in
 * the name; and dates, times, prices and phone numbers (`noise`), left out of it.
 */
export function protectedMask(s: string): { prot: boolean[]; noise: boolean[] } {
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

export interface Chunk { start: number; end: number }

export function chunksOf(s: string, prot: boolean[]): Chunk[] {
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

export function elementsOf(s: string, chunk: Chunk, prot: boolean[]): Element[] {
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

export function stripFiller(text: string): string {
  let t = text.replace(/[\s:：()（）【】\[\]"“”'‘’~\-—·.。*#]/g, '');
  for (let changed = true; changed && t;) {
    changed = false;
    for (const w of LEAD_FILLER) if (t.startsWith(w) && t.length > w.length) { t = t.slice(w.length); changed = true; }
    for (const w of TRAIL_FILLER) if (t.endsWith(w)) { t = t.slice(0, -w.length); changed = true; }
  }
  return TRAIL_FILLER.includes(t) || LEAD_FILLER.includes(t) ? '' : t;
}

/** Split a chunk's elements into "name count" pairs: 苹果 30 香蕉20箱 → [苹果 30] [香蕉 20箱]. */
export function segmentsOf(elements: Element[], text: (e: Element) => string): Element[][] {
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

export interface Reading { text: string; name: string; count: Group | null; issue?: string }

export function readSegment(s: string, orig: string[], seg: Element[], noise: boolean[]): Reading {
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
