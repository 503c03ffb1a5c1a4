// Stage: the menu a leader posts above the chain, and what customers write to order from it.
// "A：红烧肉 B：清蒸鱼🐟", "1.凉拌黄瓜 2.拍黄瓜" or priced dish lines one per line are a menu,
// never customers; each dish goes through the ordinary matcher (one SKU, or it stays a
// question with its candidates). Then a standalone menu letter ("王姐 B2", "A+B"), "3号" of a
// numbered menu, or an emoji the menu gave one dish ("🐟×2") orders that dish.

import { type JielongMenuEntry, JIELONG_REASONS } from './types';
import { type ItemContext, type RefAnchor, resolveItem } from './items';
import { type Anchor, type Prepared, candidateSkus, findAnchors, scoreSku } from './matching';
import { leftoverLetters } from './quantities';
import { type Norm, EMOJI_RE, cleanText, isLetter, normalise } from './text';

export interface Menu {
  entries: JielongMenuEntry[];
  /** 'A' or '3' to its entry. */
  byKey: Map<string, JielongMenuEntry>;
  /** An emoji that marks exactly one entry, to that entry. */
  byEmoji: Map<string, JielongMenuEntry>;
  /** Each defined emoji's stand-in character in a normalised line. */
  stand: Map<string, string>;
  /** What the keys are: letters or numbers, fixed by the first keyed entry. */
  keys?: 'letter' | 'number';
  /** A menu heading ("今日菜单：") was seen: numbered dish lines below it are the menu. */
  open: boolean;
}

export const newMenu = (): Menu => ({ entries: [], byKey: new Map(), byEmoji: new Map(), stand: new Map(), open: false });

const MENU_HEADING_RE = /菜单|菜品|品种|品类|套餐|清单|价目|供应|可选|选项|口味|款式|如下/;
const CHAIN_HEADING_RE = /接龙|下单格式|格式/;
const PRICE_PER_RE = /(?:[¥$￥]\s*\d+(?:\.\d+)?(?:\s*元)?|\d+(?:\.\d+)?\s*(?:元|块钱?))(?:\s*[/每]\s*[^\s,，;；、]{0,4})?/g;
const PRICE_RE = /[¥$￥]\s*\d|\d(?:\.\d+)?\s*(?:元|块钱)/;
const NOTICE_RE = /接龙|截单|截止|团购|开团|自提|提货|配送|发货|付款|转账|通知|时间|地址|今日|今天|明天|特价/;
/** A key opening a dish: "A：", "B.", "C、", "D " (a letter and a space), "1.", "2、", "①". */
const KEY_RE = /(?:(?<=^|[\s,，;；|、/\p{Extended_Pictographic}\uFE0F])(?:([A-Za-zＡ-Ｚａ-ｚ])(?![A-Za-zＡ-Ｚａ-ｚ])\s*[.．、:：)）](?![\d０-９])|([A-ZＡ-Ｚ])\s+(?=[^\s\dA-Za-z]))|(?<=^|[\s,，;；|、/])(\d{1,2}|[０-９]{1,2})\s*[.．、:：)）](?![\d０-９]))|([\u2460-\u2473\u2776-\u277f\u2780-\u2789])/gu;

const EMOJI_ALL_RE = new RegExp(EMOJI_RE.source, 'gu');
const half = (c: string): string => (c.charCodeAt(0) >= 0xff01 && c.charCodeAt(0) <= 0xff5e ? String.fromCharCode(c.charCodeAt(0) - 0xfee0) : c);
const keyValue = (m: RegExpMatchArray): string => {
  const letter = m[1] ?? m[2];
  if (letter) return half(letter).toUpperCase();
  if (m[3]) return String(Number([...m[3]].map(half).join('')));
  const cp = (m[4] ?? '').codePointAt(0) ?? 0;
  return String(cp <= 0x2473 ? cp - 0x2460 + 1 : cp <= 0x277f ? cp - 0x2776 + 1 : cp - 0x2780 + 1);
};
const keyKind = (key: string): 'letter' | 'number' => (/^\d/.test(key) ? 'number' : 'letter');
const nextKey = (key: string): string => (keyKind(key) === 'number' ? String(Number(key) + 1) : String.fromCharCode(key.charCodeAt(0) + 1));
const emojiOf = (text: string): string[] => [...new Set([...text].filter((ch) => EMOJI_RE.test(ch) && !/[\u2460-\u24ff\u2776-\u2793]/u.test(ch)))];

/** Match one dish through the ordinary matcher: one SKU, or why not with the SKUs it might be. */
function resolveDish(raw: string, prepared: Prepared): Pick<JielongMenuEntry, 'text' | 'skuId' | 'candidates' | 'reason'> {
  // The price and what it is per ("18元/条", "¥25/4个") say nothing about which product.
  const { s, orig } = normalise(raw.replace(PRICE_PER_RE, ' '));
  const start = s.search(/\S/);
  const end = s.trimEnd().length;
  const text = cleanText(orig, Math.max(0, start), end).replace(/[\s,，;；、。|/]+$/u, '');
  if (start < 0) return { text, candidates: [], reason: JIELONG_REASONS.noMatch };
  const anchors = findAnchors(s, start, end, prepared);
  const ctx: ItemContext = { prepared, previousMatched: [] };
  const item = resolveItem({ kind: anchors.length > 0 ? 'anchor' : 'plain', start, end, anchors }, s, orig, ctx, undefined);
  if (item.kind === 'matched') return { text, skuId: item.skuId };
  // The dish is one SKU; only the menu's numbers ("4盒", "按斤") are not a customer's quantity.
  if (item.candidates.length === 1 && /^(?:数量|按)/.test(item.reason)) return { text, skuId: item.candidates[0] as string };
  return { text, candidates: item.candidates, reason: item.reason };
}

function addEntry(menu: Menu, entry: JielongMenuEntry): void {
  menu.entries.push(entry);
  if (entry.key !== undefined) menu.byKey.set(entry.key, entry);
  // An emoji names a dish only when no other dish of the menu carries it.
  const owners = new Map<string, JielongMenuEntry[]>();
  for (const e of menu.entries) for (const em of e.emoji ?? []) owners.set(em, [...(owners.get(em) ?? []), e]);
  menu.byEmoji = new Map([...owners].flatMap(([em, list]) => (list.length === 1 && list[0] ? [[em, list[0]] as const] : [])));
  menu.stand = new Map([...menu.byEmoji.keys()].map((em, i) => [em, String.fromCharCode(0xe100 + i)]));
}

/**
 * Whether a line before the chain is (part of) the menu; if so its dishes are added. `ordinary`
 * says whether the line, read as usual, would be the leader's (ignored) rather than a customer.
 */
export function readMenuLine(raw: string, lineNo: number, menu: Menu, prepared: Prepared, ordinary: () => boolean, next = ''): boolean {
  const keys = [...raw.matchAll(KEY_RE)];
  const lead = keys[0] ? raw.slice(0, keys[0].index) : raw;
  const plain = normalise(raw).s;
  // Before the first key only emoji, or a heading ending in a colon ("今日菜单：A.红烧肉 B.清蒸鱼").
  const headed = /[:：]\s*$/.test(lead) && MENU_HEADING_RE.test(lead);
  if (keys.length === 0 || (/[\p{L}\p{N}]/u.test(lead.replace(EMOJI_ALL_RE, '')) && !headed)) {
    // No key: a priced or emoji-marked dish line the ordinary parse leaves to the leader defines its emoji.
    if (CHAIN_HEADING_RE.test(plain)) menu.open = false;
    else if (MENU_HEADING_RE.test(plain) && leftoverLetters(plain).length <= 12) menu.open = true;
    const emoji = emojiOf(raw);
    if (emoji.length === 0 || !(PRICE_RE.test(plain) || menu.open) || NOTICE_RE.test(plain) || !ordinary()) return false;
    const dish = resolveDish(raw, prepared);
    if (leftoverLetters(normalise(dish.text).s) === '') return false;
    addEntry(menu, { lineNo, emoji, ...dish });
    return true;
  }
  const values = keys.map(keyValue);
  const first = values[0] as string;
  const kind = keyKind(first);
  const last = [...menu.entries].reverse().find((e) => e.key !== undefined)?.key;
  const startsRight = first === (kind === 'number' ? '1' : 'A') || (last !== undefined && keyKind(last) === kind && nextKey(last) === first);
  if (!startsRight || (menu.keys !== undefined && menu.keys !== kind)) return false;
  if (values.some((v, i) => i > 0 && v !== nextKey(values[i - 1] as string))) return false;
  const segments = keys.map((m, i) => raw.slice((m.index ?? 0) + m[0].length, keys[i + 1]?.index ?? raw.length));
  // "A 红烧肉" could be a customer called A: a menu when B follows on the next line, or under a heading or with a price.
  const bNext = new RegExp(`^\\s*${nextKey(first)}\\s*[.．、:：)）\\s]`, 'i').test(next);
  if (keys.length === 1 && kind === 'letter' && (!menu.open && !headed) && !bNext && !ordinary() && !PRICE_RE.test(plain) && last === undefined && !/^[A-Za-zＡ-Ｚａ-ｚ]\s*[.．、:：)）]/u.test(raw.slice(keys[0]?.index ?? 0))) return false;
  if (segments.some((seg) => leftoverLetters(normalise(seg).s.replace(PRICE_RE, '')) === '')) return false;
  // Two numbers on a line may be a customer's ("1、张三 汤圆 2、红富士"): a menu only with three, or where one is expected.
  if (keys.length === 2 && kind === 'number' && !menu.open && !headed && last === undefined && !PRICE_RE.test(plain)) return false;
  // One numbered dish on a line is a menu only where a customer line cannot be meant.
  if (keys.length === 1 && kind === 'number' && !menu.open && !(last !== undefined && ordinary()) && !(PRICE_RE.test(plain) && ordinary())) return false;
  menu.keys = kind;
  segments.forEach((seg, i) => {
    // An emoji glued to a key ("🔥B：") marks that dish, not the one before it.
    const before = i === 0 ? lead : (/(?:\p{Extended_Pictographic}\uFE0F?)+$/u.exec(segments[i - 1] ?? '')?.[0] ?? '');
    const glued = /(?:\p{Extended_Pictographic}\uFE0F?)+$/u.exec(seg)?.[0] ?? '';
    const emoji = emojiOf(before + (i + 1 < segments.length ? seg.slice(0, seg.length - glued.length) : seg));
    addEntry(menu, { lineNo, key: values[i] as string, ...(emoji.length > 0 ? { emoji } : {}), ...resolveDish(seg, prepared) });
  });
  return true;
}

// ---------------------------------------------------------------------------
// A customer's line against the menu.

const QTY_START_RE = /^\s*(?:[×x*]\s*[\d零一二两俩仨三四五六七八九十]|\d|[零一二两俩仨三四五六七八九十]+\s*[份个件盒箱袋瓶包只条])/i;
const isStand = (c: string | undefined): boolean => c !== undefined && c >= '\ue100' && c <= '\ue1ff';
const isLatin = (c: string | undefined): boolean => c !== undefined && /[A-Za-z]/.test(c);

/** A line normalised with the menu's emoji kept where they order a dish, dropped where they decorate a nickname. */
export function menuNormalise(raw: string, menu: Menu): Norm {
  if (menu.stand.size === 0) return normalise(raw);
  const norm = normalise(raw, menu.stand);
  const drop = [...norm.s].map((c, i) => {
    if (!isStand(c)) return false;
    let j = i;
    while (norm.s[j + 1] === c) j++;
    const next = norm.s[j + 1];
    const prev = norm.s[i - 1];
    if (norm.s[i - 1] === c) return false; // decided with the first of the run
    if (next !== undefined && isLetter(next) && !isLatin(next)) return true; // "🐟小鱼儿": decoration
    // Opening the line before a nickname ("1. 🐟 小鱼儿 红烧肉"): decoration, unless a count follows ("🐟×2").
    const after = norm.s.slice(j + 1);
    if (/^[\s\d.、:：)）#-]*$/.test(norm.s.slice(0, i)) && after.trim() !== '' && !QTY_START_RE.test(after) && !/^\s*[A-Za-z\ue100-\ue1ff+]/.test(after)) return true;
    const gluedAfterName = prev !== undefined && isLetter(prev) && !(isLatin(prev) && !isLatin(norm.s[i - 2]));
    return gluedAfterName && !QTY_START_RE.test(norm.s.slice(j + 1)); // "小鱼儿🐟": decoration; "小红🐟×2": an order
  });
  // A run of the same emoji goes with its first.
  for (let i = 1; i < drop.length; i++) if (isStand(norm.s[i]) && norm.s[i] === norm.s[i - 1]) drop[i] = drop[i - 1] ?? false;
  return { s: [...norm.s].filter((_, i) => !drop[i]).join(''), orig: norm.orig.filter((_, i) => !drop[i]) };
}

interface Ref { start: number; end: number; entry: JielongMenuEntry; repeated?: number }

function menuRefs(s: string, contentStart: number, end: number, menu: Menu): Ref[] {
  const refs: Ref[] = [];
  const byStand = new Map([...menu.stand].map(([em, c]) => [c, menu.byEmoji.get(em)] as const));
  for (let i = contentStart; i < end; i++) {
    const c = s[i] ?? '';
    if (isStand(c)) {
      const entry = byStand.get(c);
      let j = i + 1;
      while (s[j] === c) j++;
      if (entry) refs.push({ start: i, end: j, entry, ...(j - i > 1 ? { repeated: j - i } : {}) });
      i = j - 1;
      continue;
    }
    if (menu.keys === 'letter' && isLatin(c)) {
      const entry = menu.byKey.get(c.toUpperCase());
      const prev = s[i - 1];
      if (!entry || (prev !== undefined && /[A-Za-z0-9]/.test(prev))) continue;
      const rest = s.slice(i + 1, end);
      const suffix = /^(?:套餐|餐|款|号)/.exec(rest)?.[0] ?? '';
      const after = rest.slice(suffix.length);
      const clean = after === '' || /^[\s\d×x*(\[（【「+,、;.:/|&~!?=…和及\ue100-\ue1ff]/i.test(after) || QTY_START_RE.test(after);
      if (!clean || /^[a-wyz]/i.test(after)) continue;
      // Glued to a nickname ("王姐B2"), a letter orders only with a count or a dish emoji after it.
      if (prev !== undefined && isLetter(prev) && !/^(?:[+\ue100-\ue1ff]|\s*[×x*]?\s*\d)/i.test(after)) continue;
      refs.push({ start: i, end: i + 1 + suffix.length, entry });
    }
  }
  if (menu.keys === 'number') {
    for (const m of s.slice(contentStart, end).matchAll(/(?<![\d.])(\d{1,2})号(?=$|[\s,，、;；+×x*\d份个盒])/g)) {
      const at = contentStart + (m.index ?? 0);
      const entry = menu.byKey.get(String(Number(m[1])));
      // "3号 王姐" is a customer's label; "王姐 3号" orders dish 3.
      if (entry && leftoverLetters(s.slice(contentStart, at)) !== '') refs.push({ start: at, end: at + m[0].length, entry });
    }
  }
  return refs.sort((a, b) => a.start - b.start);
}

const entryLabel = (e: JielongMenuEntry): string => `${e.key !== undefined ? `菜单${e.key}` : (e.emoji ?? []).join('')}（${e.text}）`;
const entrySkus = (e: JielongMenuEntry): string[] => (e.skuId ? [e.skuId] : e.candidates ?? []);

/** What a group of refs (and a product name written beside them) orders: one SKU, or a question. */
function refAnchor(start: number, end: number, entries: JielongMenuEntry[], named: string[] | null, written: string): RefAnchor {
  const distinct = [...new Set(entries)];
  const one = distinct[0] as JielongMenuEntry;
  if (distinct.length > 1) {
    return { start, end, ref: { reason: `写的${distinct.map(entryLabel).join('和')}不是同一个，请确认`, candidates: [...new Set(distinct.flatMap(entrySkus))] } };
  }
  if (!one.skuId) return { start, end, ref: { reason: `${entryLabel(one)}${one.reason ?? JIELONG_REASONS.noMatch}`, candidates: one.candidates ?? [] } };
  if (named !== null && !named.includes(one.skuId)) {
    return { start, end, ref: { reason: `${entryLabel(one)}和写的“${written}”对不上，请确认`, candidates: [...new Set([one.skuId, ...named])] } };
  }
  return { start, end, code: one.skuId.toUpperCase() };
}

/** SKUs a stretch of text names without missing a character: to check a name written beside a menu letter. */
function namedSkus(text: string, prepared: Prepared): string[] {
  const q = text.toLowerCase();
  return candidateSkus(q, prepared).map((sku) => scoreSku(q, sku)).filter((x) => x !== null && x.missQuery === 0).map((x) => x?.sku.id as string);
}

/**
 * The line's product anchors with the menu's refs added: a ref and a product name side by side
 * ("B 清蒸鱼", "🐟B") are one item, ordered only when they agree.
 */
export function withMenuRefs(names: Anchor[], s: string, orig: string[], contentStart: number, end: number, menu: Menu, prepared: Prepared): RefAnchor[] {
  const refs = menuRefs(s, contentStart, end, menu);
  if (refs.length === 0) return names;
  type Group = { start: number; end: number; entries: JielongMenuEntry[]; names: Anchor[]; repeated?: number };
  const groups: Group[] = [];
  const near = (a: { end: number }, bStart: number): boolean => a.end <= bStart && /^[\s:：]*$/.test(s.slice(a.end, bStart));
  for (const r of refs) {
    const last = groups[groups.length - 1];
    if (last && last.end === r.start) { last.end = r.end; last.entries.push(r.entry); } else groups.push({ start: r.start, end: r.end, entries: [r.entry], names: [] });
    const g = groups[groups.length - 1];
    if (g && r.repeated) g.repeated = r.repeated;
  }
  const out: RefAnchor[] = [];
  const used = new Set<Anchor>();
  for (const g of groups) {
    for (const a of names) {
      if (used.has(a)) continue;
      if (near(a, g.start) || near(g, a.start) || (a.start < g.end && g.start < a.end)) {
        used.add(a); g.names.push(a); g.start = Math.min(g.start, a.start); g.end = Math.max(g.end, a.end);
      }
    }
    const written = g.names.map((a) => s.slice(a.start, a.end)).join('');
    const named = g.names.length > 0 ? namedSkus(written, prepared) : null;
    const anchor = refAnchor(g.start, g.end, g.entries, named, g.names.map((a) => cleanText(orig, a.start, a.end)).join(''));
    // "🍞🍞": two loaves, or emphasis? Ask.
    out.push(g.repeated && anchor.code ? { start: g.start, end: g.end, ref: { reason: `写了${g.repeated}个${cleanText(orig, g.start, g.start + 1)}，请确认数量`, candidates: [...new Set(g.entries.flatMap(entrySkus))] } } : anchor);
  }
  return [...out, ...names.filter((a) => !used.has(a))].sort((a, b) => a.start - b.start);
}
