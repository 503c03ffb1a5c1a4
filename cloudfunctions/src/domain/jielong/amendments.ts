// Stage: what a customer changes after writing an entry: a cancellation, an edit, a
// "同上" that points at the line above. None of them is ordered as written.

import type { JielongCustomer, JielongItem, JielongParse } from './types';
import { cleanText, normalise, tokenize } from './text';
import { type Group, inUnits, isMultipleOf, MAX_LINE_QTY, quantityOf, scanGroups } from './quantities';
import { type Anchor, type Prepared, findAnchors } from './matching';
import { type ItemContext, resolveItem } from './items';
import { cleanNickname, detectSeq } from './lines-and-entries';

export const CANCEL_RE = /取消|不要了|退掉|退了|撤销|删掉|删除/;
export const EDIT_RE = /改成|改为|更改|修改|改一下|更正/;
export const SAME_RE = /^(?:同上|同楼上|同前|跟上|跟楼上|跟上面一样|和上面一样|一样)$/;

/** A customer who cancelled or changed their line mid-chain: show it, never order it as is. */
export function flagAmendment(items: JielongItem[], s: string, orig: string[], contentStart: number, end: number): JielongItem[] {
  const content = s.slice(contentStart, end);
  const flag = CANCEL_RE.exec(content) ?? EDIT_RE.exec(content);
  if (!flag) return items;
  const at = contentStart + flag.index;
  const tok = tokenize(s, contentStart, end, []).find((x) => x.start <= at && x.end > at);
  const reason = `写了“${tok ? cleanText(orig, tok.start, tok.end) : flag[0]}”，请确认`;
  return items.map((it): JielongItem => (it.kind === 'matched'
    ? { kind: 'unmatched', text: it.text, qty: it.qty, reason, candidates: [it.skuId] }
    : { ...it, reason }));
}

// ---------------------------------------------------------------------------
// Repeats and amendments across lines: the same customer writing again. A later
// "改成2份" / "改2" / "取消" / "不要了", the same entry written again (longer, or with
// another count), or a stretch of the chain pasted twice is a change to the earlier
// entry, never a second order: the earlier one is kept, marked `supersededBy`, and the
// later one says what it `amends`. Whether two entries are one customer is read from the
// nickname: a room number ("3-2-501", "3号楼2单元501", "3栋2单元501", "3#2-501" are one
// room) or the name. When that is uncertain (one name at two rooms, two names at one
// room, a name once with a room and once without), the later entry is flagged for the
// leader, never merged silently.

/** A customer as the nickname tells: the room's numbers ("3-2-501") and the name without it, lower-case. */
export interface Identity { room: string | null; name: string }

/** A room written in any of the ways of a 小区: numbers joined by 栋/幢/号楼/单元/#/-/室. */
const ROOM_RE = /(?<![\d.])\d{1,5}\s*(?:号楼|栋|幢|座|#|-|单元|楼|号|室)(?:\s*\d{1,5}\s*(?:号楼|栋|幢|座|#|-|单元|楼|室|号)?)*|(?<![\d.])\d{3,5}(?![\d.])/;

export function identityOf(nickname: string): Identity {
  const s = normalise(nickname).s.toLowerCase();
  const found = ROOM_RE.exec(s);
  // A building or a unit alone ("7栋", "12号楼2单元") is not a room: it stays part of the name.
  const numbers = found ? (found[0].match(/\d+/g) ?? []) : [];
  const m = found && !/(?:号楼|栋|幢|座|单元|楼)\s*$/.test(found[0]) && (numbers.length >= 2 || /^\d{3,5}$/.test(found[0].trim())) ? found : null;
  const room = m ? numbers.map(Number).join('-') : null;
  const rest = m ? s.slice(0, m.index) + ' ' + s.slice(m.index + m[0].length) : s;
  const name = rest.replace(/[\s,;:、。.\-—~·|/+#@()（）\[\]]+/g, '');
  return { room: room === '' ? null : room, name };
}

/** 'same': one customer. 'maybe': perhaps one (the leader decides). 'none': two customers. */
export function relation(a: Identity, b: Identity): 'same' | 'maybe' | 'none' {
  const sameName = a.name !== '' && a.name === b.name;
  if (a.room !== null && b.room !== null) {
    if (a.room === b.room) return sameName || a.name === '' || b.name === '' ? 'same' : 'maybe';
    return sameName ? 'maybe' : 'none';
  }
  if (a.room !== null || b.room !== null) return sameName ? 'maybe' : 'none';
  return sameName ? 'same' : 'none';
}

const CHANGE_RE = /改成|改为|更改|修改|改一下|更正|改(?=\s*(?:\d|[一二两俩仨三四五六七八九十半]))/;
const ANY_AMEND_RE = /取消|不要了|退掉|退了|撤销|删掉|删除|改/;

/** What identifies an item across entries: its SKU, or what was written when it matched none. */
const itemKey = (it: JielongItem): string => (it.kind === 'matched' ? `sku:${it.skuId}` : `text:${it.text}`);
const skusOf = (items: readonly JielongItem[]): string[] => [...new Set(items.flatMap((it) => (it.kind === 'matched' ? [it.skuId] : it.candidates)))];

/** Every item of an entry left for the leader with this reason (a matched SKU becomes the one candidate). */
function flagAll(items: readonly JielongItem[], reason: string): JielongItem[] {
  return items.map((it): JielongItem => (it.kind === 'matched'
    ? { kind: 'unmatched', text: it.text, qty: it.qty, reason, candidates: [it.skuId] }
    : { ...it, reason }));
}

interface Known { customer: JielongCustomer; id: Identity }

/** The customers read so far, by room and by name, to find the earlier entry of a customer. */
class Register {
  private readonly byRoom = new Map<string, Known[]>();
  private readonly byName = new Map<string, Known[]>();
  private readonly bySeq = new Map<number, Known[]>();

  private readonly ids = new Map<JielongCustomer, Identity>();

  idOf(customer: JielongCustomer): Identity | undefined {
    return this.ids.get(customer);
  }

  add(customer: JielongCustomer, id: Identity): void {
    const k = { customer, id };
    this.ids.set(customer, id);
    const put = (map: Map<string | number, Known[]>, key: string | number): void => { const l = map.get(key); if (l) l.push(k); else map.set(key, [k]); };
    if (id.room !== null) put(this.byRoom as Map<string | number, Known[]>, id.room);
    if (id.name !== '') put(this.byName as Map<string | number, Known[]>, id.name);
    if (id.room === null && id.name === '' && customer.seq !== undefined) put(this.bySeq as Map<string | number, Known[]>, customer.seq);
  }

  /** The latest entry still in effect that is (or may be) this customer's: a sure one before an unsure one. */
  find(c: JielongCustomer, id: Identity): { known: Known; rel: 'same' | 'maybe' } | null {
    const pool = [...(id.room !== null ? this.byRoom.get(id.room) ?? [] : []), ...(id.name !== '' ? this.byName.get(id.name) ?? [] : [])];
    let best: { known: Known; rel: 'same' | 'maybe' } | null = null;
    for (const k of pool) {
      if (k.customer.supersededBy !== undefined || k.customer.lineNo >= c.lineNo) continue;
      let rel = relation(k.id, id);
      if (rel === 'none') continue;
      // "张三" after "3-2-501 张三": the same customer when no other room has that name.
      if (rel === 'maybe' && (k.id.room === null) !== (id.room === null) && k.id.name === id.name) {
        const rooms = new Set((this.byName.get(id.name) ?? []).map((x) => x.id.room).filter((r) => r !== null));
        if (rooms.size <= 1) rel = 'same';
      }
      const better = !best || (rel === 'same' && best.rel === 'maybe') || (rel === best.rel && k.customer.lineNo > best.known.customer.lineNo);
      if (better) best = { known: k, rel };
    }
    if (best || id.room !== null || id.name !== '' || c.seq === undefined) return best;
    // No name at all: the same number with the same items is the chain pasted again.
    for (const k of this.bySeq.get(c.seq) ?? []) {
      if (k.customer.supersededBy !== undefined) continue;
      if (k.customer.items.map(itemKey).join('|') === c.items.map(itemKey).join('|')) best = { known: k, rel: 'same' };
    }
    return best;
  }
}

/** Who an entry is, with what the entry it amends said (a room written once holds for the changes after it). */
const merged = (id: Identity, earlier: Identity | undefined): Identity =>
  (earlier ? { room: id.room ?? earlier.room, name: id.name || earlier.name } : id);

function link(later: JielongCustomer, earlier: JielongCustomer, kind: 'change' | 'cancel' | 'repeat'): void {
  later.amends = { lineNo: earlier.lineNo, kind };
  earlier.supersededBy = later.lineNo;
}

/** An entry written again by the same customer: the same (a repeat), or more of it (a change), or something else (asked). */
function linkRepeat(later: JielongCustomer, earlier: JielongCustomer): void {
  const before = earlier.items.map(itemKey);
  const after = later.items.map(itemKey);
  const same = before.length === after.length && later.items.every((it, k) => itemKey(it) === before[k] && it.qty === earlier.items[k]?.qty);
  if (same) { link(later, earlier, 'repeat'); return; }
  if (before.every((key) => after.includes(key))) { link(later, earlier, 'change'); return; }
  later.items = flagAll(later.items, `第${earlier.lineNo}行也是“${earlier.nickname}”，是改单还是另下一单？请确认`);
}

/** A quantity for an item changed to what `after` says: checked as an item's own quantity would be. */
function changedItem(item: JielongItem, after: string, text: string, prepared: Prepared): JielongItem {
  const groups = scanGroups(after);
  const sku = item.kind === 'matched' ? prepared.byId.get(item.skuId.toUpperCase()) : undefined;
  const weight = groups.find((g): g is Extract<Group, { t: 'spec' }> => g.t === 'spec' && g.dim === 'g');
  const n = sku?.weighed && weight ? inUnits(weight.value, sku.weighed.grams) : quantityOf(groups);
  if (item.kind === 'unmatched') return { ...item, text, qty: n ?? item.qty };
  const flag = (reason: string): JielongItem => ({ kind: 'unmatched', text, qty: n ?? item.qty, reason, candidates: [item.skuId] });
  if (n === undefined) return flag(`写了“${text}”，没看出改成多少，请确认`);
  if (sku?.weighed && !weight) return flag(`按${sku.weighed.unit}售卖，请写明改成几${sku.weighed.unit}`);
  const step = sku?.step ?? 1;
  if (!Number.isInteger(n) || n <= 0 || n > MAX_LINE_QTY || !isMultipleOf(n, step)) return flag(`改成${n}不对，请确认`);
  return { kind: 'matched', text, skuId: item.skuId, qty: n };
}

/**
 * A line saying what changes for an earlier entry ("张三 改成2份", "3-2-501 鸡蛋不要了",
 * "李四 改成脐橙3份"): the entry it amends and the items in effect after it, or null when
 * the line names no earlier customer (then it is read as a line of its own).
 */
function readAmendment(lineNo: number, raw: string, ctx: ItemContext, register: Register): { customer: JielongCustomer; earlier?: JielongCustomer; kind?: 'change' | 'cancel' } | null {
  if (!ANY_AMEND_RE.test(raw)) return null;
  const { s, orig } = normalise(raw);
  const p0 = s.search(/\S/);
  if (p0 < 0) return null;
  const end = s.trimEnd().length;
  const { seq, contentStart } = detectSeq(s, p0);
  const content = s.slice(contentStart, end);
  const cancel = CANCEL_RE.exec(content);
  const change = CHANGE_RE.exec(content);
  const word = cancel && (!change || cancel.index <= change.index) ? cancel : change;
  if (!word) return null;
  const kind = word === cancel ? 'cancel' : 'change';
  const wordStart = contentStart + word.index;
  const wordEnd = wordStart + word[0].length;
  const anchors = findAnchors(s, contentStart, end, ctx.prepared);
  const first = anchors[0];
  const nickEnd = Math.min(wordStart, first ? first.start : wordStart);
  const nickname = cleanNickname(orig.slice(contentStart, nickEnd).join(''));
  if (nickname === '') return null;
  const self: JielongCustomer = { lineNo, ...(seq !== undefined ? { seq } : {}), nickname, items: [] };
  const found = register.find(self, identityOf(nickname));
  if (!found) return null;
  const earlier = found.known.customer;
  const written = cleanText(orig, nickEnd, end);
  const ask = (reason: string): { customer: JielongCustomer } => ({
    customer: { ...self, items: [{ kind: 'unmatched', text: written, qty: quantityOf(scanGroups(s.slice(wordEnd, end))) ?? 1, reason, candidates: skusOf(earlier.items) }] },
  });
  if (found.rel === 'maybe') return ask(`可能是改第${earlier.lineNo}行（${earlier.nickname}）的单，请确认`);

  // The items the line names, each resolved as an item of its own.
  const itemAt = (a: Anchor, to: number): JielongItem => resolveItem({ kind: 'anchor', start: a.start, end: to, anchors: [a] }, s, orig, ctx, undefined);
  const before = anchors.filter((a) => a.start < wordStart);
  const after = anchors.filter((a) => a.start >= wordEnd);
  const named = before.map((a) => itemAt(a, Math.min(a.end, wordStart)));
  /** Which of the earlier entry's items a named item is: its SKU, or the one earlier item among its candidates ("鸡蛋"). */
  const inEarlier = (it: JielongItem): number => {
    const skus = it.kind === 'matched' ? [it.skuId] : it.candidates;
    const hits = earlier.items.flatMap((e, k) => (e.kind === 'matched' && skus.includes(e.skuId) ? [k] : []));
    return hits.length === 1 ? hits[0] as number : -1;
  };

  if (kind === 'cancel') {
    if (after.length > 0 || named.some((it) => inEarlier(it) < 0)) return ask(`写了“${word[0]}”，不确定是第${earlier.lineNo}行的哪一项，请确认`);
    const left = named.length === 0 ? [] : earlier.items.filter((_, k) => !named.some((it) => inEarlier(it) === k));
    if (left.length === 0) return { customer: self, earlier, kind: 'cancel' };
    return { customer: { ...self, items: left.map((it) => ({ ...it })) }, earlier, kind: 'change' };
  }
  if (after.length > 0) {
    // "改成脐橙3份": the new items, in place of the old ones they name, or of the whole entry.
    const fresh = after.map((a, k) => itemAt(a, after[k + 1]?.start ?? end));
    const at = fresh.map(inEarlier);
    if (fresh.every((it) => it.kind === 'matched') && earlier.items.length > 1 && at.every((k) => k >= 0) && new Set(at).size < earlier.items.length) {
      const items = earlier.items.map((it, k) => (at.includes(k) ? fresh[at.indexOf(k)] as JielongItem : { ...it }));
      return { customer: { ...self, items }, earlier, kind: 'change' };
    }
    if (earlier.items.length > 1 && !earlier.items.every((e) => fresh.some((it) => itemKey(it) === itemKey(e)))) {
      return ask(`写了“${word[0]}”，不确定改的是第${earlier.lineNo}行的哪一项，请确认`);
    }
    return { customer: { ...self, items: fresh }, earlier, kind: 'change' };
  }
  // "改成2份", "鸡蛋改2": a new count for the one item, or for the item named before the word.
  const target = named.length === 1 ? inEarlier(named[0] as JielongItem) : named.length === 0 && earlier.items.length === 1 ? 0 : -1;
  if (target < 0) return ask(`写了“${word[0]}”，不确定改的是第${earlier.lineNo}行的哪一项，请确认`);
  const from = before[0]?.start ?? wordStart;
  const items = earlier.items.map((it, k) => (k === target ? changedItem(it, s.slice(wordEnd, end), cleanText(orig, from, end), ctx.prepared) : { ...it }));
  return { customer: { ...self, items }, earlier, kind: 'change' };
}

/**
 * The whole parse, read again for customers writing more than once: amendment lines (also
 * ones first read as notes) become changes to the entry they name; an entry written again
 * becomes a change or a repeat of it, or is flagged when it may or may not be the same
 * customer. Customers stay in line order; nothing is removed but the lines that turned
 * out to be amendments, which move from `ignored` to `customers`.
 */
export function resolveAmendments(parse: JielongParse, lines: readonly string[], ctx: ItemContext): void {
  const register = new Register();
  const customers = new Map(parse.customers.map((c) => [c.lineNo, c]));
  const order = [...new Set([...parse.customers.map((c) => c.lineNo), ...parse.ignored.map((l) => l.lineNo)])].sort((a, b) => a - b);
  const out: JielongCustomer[] = [];
  const moved = new Set<number>();
  for (const lineNo of order) {
    const c = customers.get(lineNo);
    const raw = lines[lineNo - 1] ?? '';
    if (c?.moreLines === undefined) {
      const amended = readAmendment(lineNo, raw, ctx, register);
      if (amended) {
        if (amended.earlier && amended.kind) link(amended.customer, amended.earlier, amended.kind);
        out.push(amended.customer);
        register.add(amended.customer, merged(identityOf(amended.customer.nickname), amended.earlier && register.idOf(amended.earlier)));
        if (!c) moved.add(lineNo);
        continue;
      }
    }
    if (!c) continue;
    const id = identityOf(c.nickname);
    const found = register.find(c, id);
    if (found?.rel === 'same') linkRepeat(c, found.known.customer);
    else if (found) c.items = flagAll(c.items, `可能和第${found.known.customer.lineNo}行（${found.known.customer.nickname}）是同一人，请确认`);
    out.push(c);
    register.add(c, c.amends ? merged(id, found?.known.id) : id);
  }
  parse.customers = out;
  if (moved.size > 0) parse.ignored = parse.ignored.filter((l) => !moved.has(l.lineNo));
}
