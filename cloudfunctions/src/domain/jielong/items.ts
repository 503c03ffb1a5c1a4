// Stage: one item of a customer's line: which SKU, how many.

import { type JielongItem, JIELONG_REASONS } from './types';
import { type Anchor, type Prepared, type PreparedSku, type Scored, byRank, scoredFor, QUERY_FREE_WORDS } from './matching';
import { type Group, COUNT_UNITS, GENERIC_UNITS, inUnits, isMultipleOf, isNumberEdge, leftoverLetters, NUMBER_CHAR_RE, MAX_LINE_QTY, packUnitOf, quantityOf, scanGroups, standalone } from './quantities';
import { cleanText, freeMaskOf, isLetter } from './text';

const MARKER_UNIT_RE = new RegExp(`(${COUNT_UNITS.join('|')})$`);
import { aliasSkus } from './aliases';

/**
 * A stretch that stands for a SKU because the post's header says so (a menu letter, an emoji,
 * the title's product): `code` is that SKU, or `ref` says why it stands for none.
 */
export interface RefAnchor extends Anchor { ref?: { reason: string; candidates: string[] } }

export interface Draft {
  kind: 'anchor' | 'plain' | 'same';
  start: number;
  end: number;
  anchors: RefAnchor[];
}

/** What an item is read against: the catalogue, and the line above for "同上". */
export interface ItemContext {
  prepared: Prepared;
  /** SKUs of the last customer line that had any, for "同上". */
  previousMatched: string[];
}

/**
 * What an item's reading depends on besides the text as written: its kind, what `s` holds in it
 * and whether it is edged just outside (standalone() reads the character before it and the one
 * ending a number that runs on past it), its anchors where they fall in it, the count written for
 * every item, and for 同上 the line above.
 */
function itemKey(d: Draft, s: string, ctx: ItemContext, each: number | undefined): string {
  let after = d.end;
  while (after < s.length && NUMBER_CHAR_RE.test(s[after] ?? '')) after++;
  let key = `${d.kind}\u0000${each ?? ''}\u0000${isNumberEdge(s[d.start - 1]) ? 1 : 0}${isNumberEdge(s[after]) ? 1 : 0}\u0000${s.slice(d.start, d.end)}`;
  for (const a of d.anchors) key += `\u0000${a.start - d.start},${a.end - d.start},${a.code ?? ''},${a.ref ? JSON.stringify(a.ref) : ''}`;
  if (d.kind === 'same') key += `\u0000${ctx.previousMatched.join(',')}`;
  return key;
}

/** An item's reading, worked out once per parse for each thing it depends on (itemKey): only its text is its own. */
export function resolveItem(d: Draft, s: string, orig: string[], ctx: ItemContext, each: number | undefined): JielongItem {
  const text = cleanText(orig, d.start, d.end);
  const key = itemKey(d, s, ctx, each);
  const memo = ctx.prepared.memo.items;
  let known = memo.get(key);
  if (!known) {
    known = readItem(d, s, text, ctx, each);
    memo.set(key, known);
  }
  return known.kind === 'matched' ? { ...known, text } : { ...known, text, candidates: [...known.candidates] };
}

/** Brackets: a count inside ("(x2)", "「2份」") counts; words inside ("（要大果）") are a remark. */
const BRACKETED_RE = /[(\[「【<《]([^()\[\]「」【】<>《》]*)[)\]」】>》]/g;
const unbracket = (m: string, inner: string): string => (leftoverLetters(inner) === '' || inner.includes('\u0001') ? ` ${inner} ` : '\u0002'.repeat(m.length));
const SURROGATE_RE = /[\uD800-\uDFFF]/;

/** An item's numbers (groups, in the item) and its words (the query), with the product name and code masked from the numbers. */
function itemQuery(d: Draft, s: string): { groups: Group[]; query: string } {
  const slice = s.slice(d.start, d.end);
  // A normalised line is one UTF-16 unit a character; anything else is read character by character.
  const chars = SURROGATE_RE.test(slice) ? [...slice] : null;
  const n = chars ? chars.length : slice.length;
  // Mask the product name and the code so their characters are not read as numbers.
  const inAnchor = new Uint8Array(n);
  for (const a of d.anchors) for (let i = Math.max(0, a.start - d.start); i < n && i < a.end - d.start; i++) inAnchor[i] = 1;
  let scan = '';
  for (let i = 0; i < n; i++) scan += inAnchor[i] ? '\u0001' : chars ? chars[i] : slice[i];
  scan = scan.replace(BRACKETED_RE, unbracket);
  const groups = scanGroups(scan);
  const scanChars = chars ? [...scan] : null;
  const m = scanChars ? scanChars.length : scan.length;
  const inGroup = new Uint8Array(m);
  for (const g of groups) for (let i = g.start; i < g.end && i < m; i++) inGroup[i] = 1;
  const queryChars: string[] = [];
  for (let i = 0; i < m; i++) {
    const c = (scanChars ? scanChars[i] : scan[i]) as string;
    if (c === '\u0001') queryChars.push((chars ? chars[i] : slice[i]) ?? '');
    else queryChars.push(inGroup[i] || c === '\u0002' || !isLetter(c) ? '\u0003' : c);
  }
  const a = d.anchors.find((x) => x.code);
  if (a?.code) for (let i = Math.max(0, a.start - d.start); i < a.end - d.start; i++) queryChars[i] = '\u0003';
  return { groups, query: queryChars.join('').toLowerCase().replace(/\u0003+/g, '\u0003') };
}

const unmatchedItem = (text: string, reason: string, candidates: string[], qty: number): JielongItem => ({ kind: 'unmatched', text, qty, reason, candidates });

type SpecGroup = Extract<Group, { t: 'spec' }>;
/** The numbers of an item that say which pack or variant (readItem). */
interface ItemSpecs { specs: SpecGroup[]; packs: Array<Extract<Group, { t: 'count' }>>; markerPacks: Array<Extract<Group, { t: 'marker' }>>; specNumbers: Array<Extract<Group, { t: 'bare' }>> }

/** A group of an item as the customer wrote it. */
function writtenIn(s: string, d: Draft, g: Group): string {
  return s.slice(d.start + g.start, d.start + g.end).trim();
}
function markerUnitIn(s: string, d: Draft, g: Group): string {
  return MARKER_UNIT_RE.exec(writtenIn(s, d, g))?.[1] ?? '';
}
function fitsSpec(sku: PreparedSku, { specs, packs, markerPacks, specNumbers }: ItemSpecs): boolean {
  // A weight against a SKU sold by weight is how much, not which pack.
  return specs.every((g) => (g.dim === 'g' && sku.weighed !== undefined) || sku.spec.measures.some((m) => m.dim === g.dim && Math.abs(m.value - g.value) < 1e-6))
    && packs.every((g) => sku.spec.counts.some((c) => c.n === g.n && c.unit === g.unit))
    && markerPacks.every((g) => sku.spec.counts.some((c) => c.n === g.n))
    && specNumbers.every((g) => sku.spec.numbers.includes(g.n));
}
function rankedIds(list: Scored[]): string[] {
  return [...list].sort(byRank).map((x) => x.sku.id);
}
/** The unit a candidate is sold in (packUnitOf), worked out once per SKU of a parse. */
const PACK_UNIT_SEEN = new WeakMap<PreparedSku, { unit: string | undefined }>();
function unitOf(x: Scored): string | undefined {
  let known = PACK_UNIT_SEEN.get(x.sku);
  if (!known) { known = { unit: packUnitOf(x.sku.entry) }; PACK_UNIT_SEEN.set(x.sku, known); }
  return known.unit;
}

/**
 * A SKU sold by weight: the weight written is the quantity, in the SKU's unit ("苹果3斤" is 3).
 * Without a weight, or with a count beside it, the leader decides; a fraction is never rounded.
 */
function weighedItem(sku: PreparedSku, w: { unit: string; grams: number }, at: { s: string; d: Draft; text: string; specs: SpecGroup[]; qtyGroups: Group[]; qty: number }): JielongItem {
  const { s, d, text, specs, qtyGroups, qty } = at;
  const only = [sku.id];
  const weights = specs.filter((g) => g.dim === 'g');
  if (weights.length === 0) {
    const said = qtyGroups.map((g) => writtenIn(s, d, g)).join('、');
    return unmatchedItem(text, `按${w.unit}售卖，请写明几${w.unit}${said ? `（写的是${said}）` : ''}`, only, qty);
  }
  const amounts = [...new Set(weights.map((g) => inUnits(g.value, w.grams)))];
  const n = amounts[0] ?? 0;
  if (amounts.length > 1 || qtyGroups.length > 0) {
    return unmatchedItem(text, `数量写了不止一个（${[...weights, ...qtyGroups].map((g) => writtenIn(s, d, g)).join('、')}），请确认`, only, n);
  }
  const issue = n <= 0 ? `数量${n}${w.unit}不对，请确认`
    : n > MAX_LINE_QTY ? `数量${n}${w.unit}太大，请确认`
      : !isMultipleOf(n, sku.step) ? `${n}${w.unit}不是${sku.step}${w.unit}的整数倍，请确认`
        : !Number.isInteger(n) ? `按${w.unit}售卖的商品暂不支持小数数量` : null;
  return issue ? unmatchedItem(text, issue, only, n) : { kind: 'matched', text, skuId: sku.entry.skuId, qty: n };
}


function readItem(d: Draft, s: string, text: string, ctx: ItemContext, each: number | undefined): JielongItem {
  const { groups, query } = itemQuery(d, s);
  const code = d.anchors.find((a) => a.code)?.code;

  // Which SKUs the words could mean.
  let scored: Scored[];
  const ref = d.anchors.find((a) => a.ref)?.ref;
  if (d.kind === 'same') {
    return unmatchedItem(text, JIELONG_REASONS.sameAsAbove, [...new Set(ctx.previousMatched)], quantityOf(groups) ?? each ?? 1);
  } else if (ref) {
    return unmatchedItem(text, ref.reason, ref.candidates, quantityOf(groups) ?? each ?? 1);
  } else if (code) {
    const sku = ctx.prepared.byId.get(code);
    if (!sku) return unmatchedItem(text, `商品编码 ${code} 不存在`, [], quantityOf(groups) ?? each ?? 1);
    scored = [{ sku, missQuery: 0, missEssential: 0, hit: sku.name.length }];
  } else {
    scored = scoredFor(query, ctx.prepared);
    // An alias that is the whole product word names its SKU like a whole name (two SKUs: a question).
    const aliased = aliasSkus(query, ctx.prepared.aliases, scored.filter((x) => x.missQuery === 0 && x.missEssential === 0).map((x) => x.sku));
    if (aliased.length > 0) scored = aliased.map((sku) => ({ sku, missQuery: 0, missEssential: 0, hit: sku.name.length }));
    const free = scored.length === 0 ? freeMaskOf(query, QUERY_FREE_WORDS) : [];
    const letters = scored.length === 0 ? [...query].filter((c, i) => isLetter(c) && !free[i]) : [];
    if (scored.length === 0 && letters.length === 1) {
      // One character ("梨") names a product only as a hint: offer what ends with it, never pick.
      const letter = letters[0] ?? '';
      const tail = letter.length === 1 ? (ctx.prepared.byNameEnd.get(letter) ?? []) : ctx.prepared.skus.filter((sku) => sku.name.endsWith(letter));
      if (tail.length > 0) {
        return unmatchedItem(text, JIELONG_REASONS.partial, tail.map((sku) => sku.id).slice(0, 5), quantityOf(groups) ?? each ?? 1);
      }
    }
  }

  const full = scored.filter((x) => x.missQuery === 0);
  const pool = full.length > 0 ? full : scored;
  const poolSkus = pool.map((x) => x.sku);

  // Numbers: weights/volumes/egg counts are spec; a count that equals a candidate's pack
  // size ("牛奶24盒") is spec; a number glued to the name is spec when it tells variants apart.
  const specs = groups.filter((g): g is SpecGroup => g.t === 'spec');
  const packs = groups.filter((g): g is Extract<Group, { t: 'count' }> => g.t === 'count'
    && poolSkus.some((sku) => sku.spec.counts.some((c) => c.n === g.n && c.unit === g.unit)));
  // "矿泉水550ml*24瓶 2箱": a marker that is a candidate's pack size, after its measure or with its unit, is spec.
  const markerPacks = groups.filter((g): g is Extract<Group, { t: 'marker' }> => g.t === 'marker'
    && poolSkus.some((sku) => sku.spec.counts.some((c) => c.n === g.n
      && (markerUnitIn(s, d, g) === c.unit || (markerUnitIn(s, d, g) === '' && specs.some((x) => x.end === g.start))))));
  const glued = groups.filter((g): g is Extract<Group, { t: 'bare' }> => g.t === 'bare' && !standalone(s, d.start + g.start));
  const specNumbers = glued.filter((g) => {
    const fits = poolSkus.filter((sku) => sku.spec.numbers.includes(g.n)).length;
    return fits > 0 && fits < poolSkus.length;
  });
  const asSpec = new Set<Group>([...packs, ...markerPacks, ...specNumbers]);
  const itemSpecs: ItemSpecs = { specs, packs, markerPacks, specNumbers };

  const qtyGroups = groups.filter((g) => !asSpec.has(g) && (g.t === 'marker' || g.t === 'count' || g.t === 'bare'));
  const qtys = [...new Set(qtyGroups.map((g) => ('n' in g ? g.n : 1)))];
  const qty = qtys[0] ?? each ?? 1;

  const specText = specs.map((g) => s.slice(d.start + g.start, d.start + g.end).trim()).join(' ')
    || [...asSpec].map((g) => s.slice(d.start + g.start, d.start + g.end).trim()).join(' ');

  let outcome: { ok: PreparedSku } | { reason: string; candidates: string[] };
  if (scored.length === 0) {
    outcome = { reason: JIELONG_REASONS.noMatch, candidates: [] };
  } else if (full.length === 0) {
    const fitting = scored.filter((x) => fitsSpec(x.sku, itemSpecs));
    outcome = { reason: JIELONG_REASONS.partial, candidates: [...new Set([...rankedIds(fitting), ...rankedIds(scored)])].slice(0, 5) };
  } else {
    // "四包": the unit written chooses the SKU sold in it (包 over 箱) and doubts one sold in another.
    const units = [...new Set(qtyGroups.flatMap((g) => (g.t === 'count' && !GENERIC_UNITS.includes(g.unit) ? [g.unit] : [])))];
    const fits = full.filter((x) => fitsSpec(x.sku, itemSpecs));
    const fitting = units.length === 1 && fits.some((x) => unitOf(x) === units[0]) ? fits.filter((x) => unitOf(x) === units[0]) : fits;
    // "辣条20包" beside 20包/箱 and a SKU sold by the 包: one box, or twenty packets? Ask.
    const packAlso = full.filter((x) => !fitting.includes(x) && packs.some((g) => unitOf(x) === g.unit));
    const unitGroup = qtyGroups.find((g) => g.t === 'count' && g.unit === units[0]);
    if (fitting.length === 0) {
      // The name is right but no variant has that spec: show the variants, and any other product that has it.
      const others = scored.filter((x) => !full.includes(x) && fitsSpec(x.sku, itemSpecs));
      outcome = { reason: `没有这个规格（${specText}），请确认`, candidates: [...rankedIds(full), ...rankedIds(others)].slice(0, 5) };
    } else {
      // A name whose unwritten part is only origin or adjectives ("散养土" in 散养土鸡蛋) beats one
      // that adds a kind ("乌" in 乌鸡蛋); beyond that, fewer unwritten characters is no reason to choose.
      const plain = fitting.filter((x) => x.missEssential === 0);
      const tied = plain.length > 0 ? plain : fitting;
      // "苹果10斤" when apples come by the 斤 and in 5斤 boxes: ten 斤, or two boxes? Ask.
      const boxes = tied.length === 1 && tied[0]?.sku.weighed ? full.filter((x) => !x.sku.weighed && specs.some((g) => g.dim === 'g'
        && x.sku.spec.measures.some((m) => m.dim === 'g' && m.value > 0 && g.value > m.value && isMultipleOf(g.value, m.value)))) : [];
      const otherUnit = units.length === 1 && tied.every((x) => unitOf(x) !== undefined && unitOf(x) !== units[0]) ? unitOf(tied[0] as Scored) : undefined;
      // "农夫山泉 4瓶" against 550ml×24瓶: four bottles, not four cases of 24. A pack of 6 or more of the unit written is asked.
      const inner = units.length === 1 && tied.length === 1 && tied[0] && unitOf(tied[0]) === undefined
        ? tied[0].sku.spec.counts.find((c) => c.unit === units[0] && c.n >= 6) : undefined;
      if (otherUnit !== undefined && unitGroup) {
        outcome = { reason: `按${otherUnit}卖，写的是${writtenIn(s, d, unitGroup)}，请确认`, candidates: rankedIds([...tied, ...full.filter((x) => !tied.includes(x))]).slice(0, 5) };
      } else if (inner && unitGroup && tied[0]) {
        outcome = { reason: `一份是${tied[0].sku.entry.spec}，写的是${writtenIn(s, d, unitGroup)}，请确认`, candidates: [tied[0].sku.id] };
      } else {
        outcome = tied.length === 1 && tied[0] && boxes.length === 0 && packAlso.length === 0 ? { ok: tied[0].sku }
          : { reason: JIELONG_REASONS.ambiguous, candidates: rankedIds([...tied, ...boxes, ...packAlso]) };
      }
    }
  }

  if (qtys.length > 1) {
    const candidates = 'ok' in outcome ? [outcome.ok.id] : outcome.candidates;
    return unmatchedItem(text, `数量写了不止一个（${qtys.join('、')}），请确认`, candidates, Math.max(...qtys));
  }
  if ('ok' in outcome && outcome.ok.weighed) return weighedItem(outcome.ok, outcome.ok.weighed, { s, d, text, specs, qtyGroups, qty });
  const qtyIssue = !Number.isInteger(qty) || qty <= 0 ? `数量${qty}不对，请确认` : qty > MAX_LINE_QTY ? `数量${qty}太大，请确认` : null;
  if ('ok' in outcome) {
    if (qtyIssue) return unmatchedItem(text, qtyIssue, [outcome.ok.id], qty);
    const step = outcome.ok.step;
    if (!isMultipleOf(qty, step)) return unmatchedItem(text, `数量${qty}不是${step}的整数倍，请确认`, [outcome.ok.id], qty);
    return { kind: 'matched', text, skuId: outcome.ok.entry.skuId, qty };
  }
  return unmatchedItem(text, outcome.reason, outcome.candidates, qty);
}
