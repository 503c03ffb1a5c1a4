// A supplier's WeChat-group stock message ("苹果 30 香蕉20箱 橙子：五十", "今天没有草莓了"),
// as the operator pastes it on 代报库存, read into counts for that supplier's SKUs (issue 16).
// Pure: text in, parse out. The same rule as the 接龙 parser: never guess. A line whose
// product, number or unit is not certain is flagged with its candidates; the operator sees
// every line and taps submit. Names are matched by the 接龙 matcher (parseJielong), so the
// two pastes read product words alike.
import { type CatalogueEntry, type JielongCustomer, parseJielong } from '../jielong';
import { unitIssue } from './counts';
import { type Reading, chunksOf, elementsOf, protectedMask, readSegment, segmentsOf } from './segments';
import { MAX_COUNT, MESSAGE_REASONS, type MessageLine, type MessageSku, type SupplierMessageParse } from './types';
import { CODE_CHAR, DELTA_RE, GREETING_RE, INCOMING_RE, UNCHANGED_RE, normaliseLine } from './vocabulary';

export { chineseNumberValue } from './counts';
export { MESSAGE_REASONS, type MessageLine, type MessageSku, type SupplierMessageParse } from './types';

type NameMatch = { skuId: string } | { reason: string; candidates: string[] } | null;

/**
 * The 接龙 matcher asked about every name at once, one numbered line each ("3. 苹果" is one
 * customer's one item), so the catalogue is prepared once for the whole message.
 */
function matchNames(names: string[], catalogue: CatalogueEntry[]): NameMatch[] {
  const asked = names.map((name) => name !== '' && !GREETING_RE.test(name) && !/[\r\n]/.test(name));
  const text = names.map((name, i) => (asked[i] ? `${i + 1}. ${name}` : '')).join('\n');
  const byLine = new Map(parseJielong(text, catalogue).customers.map((c) => [c.lineNo, c]));
  return names.map((_, i) => {
    const customer = asked[i] ? byLine.get(i + 1) : undefined;
    return customer && customer.seq === i + 1 ? matchOf(customer) : null;
  });
}

function matchOf(customer: JielongCustomer): NameMatch {
  const items = customer.items;
  const named = items.filter((it) => it.kind === 'matched' || it.candidates.length > 0);
  if (named.length === 0) return null;
  const only = items[0];
  if (items.length === 1 && only && only.kind === 'matched' && customer.nickname === '') return { skuId: only.skuId };
  const candidates = [...new Set(items.flatMap((it) => (it.kind === 'matched' ? [it.skuId] : it.candidates)))];
  return { reason: candidates.length > 1 ? MESSAGE_REASONS.ambiguous : MESSAGE_REASONS.partial, candidates };
}

/** Parse a pasted group message against one supplier's SKUs. */
export function parseSupplierMessage(text: string, skus: ReadonlyArray<MessageSku>): SupplierMessageParse {
  const catalogue: CatalogueEntry[] = skus.map((k) => ({ skuId: k.skuId, name: k.name, spec: k.spec, ...(k.aliases?.length ? { aliases: k.aliases } : {}) }));
  const specOf = new Map(skus.map((k) => [k.skuId, k.spec]));
  const byCode = new Map<string, string>();
  for (const k of skus) {
    byCode.set(k.skuId.toLowerCase(), k.skuId);
    if (k.supplierCode) byCode.set(k.supplierCode.toLowerCase(), k.skuId);
  }
  const codes = [...byCode.keys()].sort((a, b) => b.length - a.length).map((c) => c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'));
  const codeRe = codes.length > 0 ? new RegExp(`(?<![a-z0-9])(?:${codes.join('|')})(?![a-z0-9])`, 'g') : null;

  const out: SupplierMessageParse = { lines: [], ignored: [] };
  // Every line is read first; the names are then matched together, and each reading resolved in order.
  type Pending = { lineNo: number; reading: Reading; code?: string; chunk: string } | { lineNo: number; ignored: string };
  const pending: Pending[] = [];
  text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((rawLine, i) => {
    const lineNo = i + 1;
    const norm = normaliseLine(rawLine);
    // A list number opening the line ("1.", "2、", "①") is not a count.
    let s = norm.s.replace(/^(\s*)(?:\d{1,2}\s*(?:[.．](?!\d)|、|[)）])|[(（]\d{1,2}[)）]|[\u2460-\u2473])/, (m, lead: string) => lead + ' '.repeat(m.length - lead.length));
    // Codes become letters, so their digits are not read as counts.
    const codeAt = new Map<number, string>();
    if (codeRe) {
      s = s.replace(codeRe, (m, at: number) => { codeAt.set(at, byCode.get(m) ?? ''); return CODE_CHAR.repeat(m.length); });
    }
    const { prot, noise } = protectedMask(s);
    for (const chunk of chunksOf(s, prot)) {
      const chunkText = norm.orig.slice(chunk.start, chunk.end).join('').trim();
      const elements = elementsOf(s, chunk, prot).filter((e) => e.kind === 'group' || noise.slice(e.start, e.end).some((n) => !n));
      if (elements.length === 0) { if (chunkText) pending.push({ lineNo, ignored: chunkText }); continue; }
      for (const seg of segmentsOf(elements, (e) => s.slice(e.start, e.end))) {
        const reading = readSegment(s, norm.orig, seg, noise);
        const segStart = seg[0]!.start;
        const segEnd = seg[seg.length - 1]!.end;
        const codeHit = [...codeAt.entries()].find(([at]) => at >= segStart && at < segEnd);
        pending.push({ lineNo, reading, ...(codeHit ? { code: codeHit[1] } : {}), chunk: s.slice(chunk.start, chunk.end) });
      }
    }
  });
  const readings = pending.filter((p): p is Extract<Pending, { reading: Reading }> => 'reading' in p);
  const matches = matchNames(readings.map((p) => (p.code ? '' : p.reading.name)), catalogue);
  const matchOfReading = new Map(readings.map((p, i) => [p, p.code ? { skuId: p.code } : matches[i] ?? null]));
  for (const p of pending) {
    if (!('reading' in p)) { out.ignored.push({ lineNo: p.lineNo, text: p.ignored }); continue; }
    const match = matchOfReading.get(p) ?? null;
    if (match === null && p.reading.count === null) { out.ignored.push({ lineNo: p.lineNo, text: p.reading.text }); continue; }
    out.lines.push(...resolve(p.lineNo, p.reading, match, specOf, p.chunk));
  }
  // The same SKU twice in one message: which number is the count is the operator's call.
  const seen = new Map<string, number>();
  for (const l of out.lines) if (l.kind === 'matched') seen.set(l.skuId, (seen.get(l.skuId) ?? 0) + 1);
  out.lines = out.lines.map((l): MessageLine => (l.kind === 'matched' && (seen.get(l.skuId) ?? 0) > 1
    ? { kind: 'flagged', lineNo: l.lineNo, text: l.text, reason: MESSAGE_REASONS.duplicate, candidates: [l.skuId] }
    : l));
  return out;
}

function resolve(lineNo: number, r: Reading, match: NameMatch, specOf: Map<string, string>, chunk: string): MessageLine[] {
  const flag = (reason: string, candidates: string[], onHand?: number): MessageLine[] =>
    [{ kind: 'flagged', lineNo, text: r.text, reason, candidates, ...(onHand !== undefined ? { onHand } : {}) }];
  const candidates = match === null ? [] : 'skuId' in match ? [match.skuId] : match.candidates;
  if (match === null && r.count === null) return flag(MESSAGE_REASONS.noMatch, []);
  // What the words around the number say comes first: a delta or incoming stock is no count at all.
  if (UNCHANGED_RE.test(chunk)) return flag(MESSAGE_REASONS.unchanged, candidates);
  if (INCOMING_RE.test(chunk)) return flag(MESSAGE_REASONS.incoming, candidates);
  if (DELTA_RE.test(r.text)) return flag(MESSAGE_REASONS.delta, candidates);
  const c = r.count;
  if (c === null) return flag(MESSAGE_REASONS.noCount, candidates);
  if (r.issue) return flag(r.issue, candidates);
  if (c.n === null) return flag(MESSAGE_REASONS.unreadable, candidates);
  if (c.negative) return flag(MESSAGE_REASONS.negative, candidates);
  if (c.approx) return flag(MESSAGE_REASONS.approximate, candidates);
  if (!Number.isInteger(c.n)) return flag(MESSAGE_REASONS.notWhole, candidates);
  if (c.n > MAX_COUNT) return flag(MESSAGE_REASONS.tooLarge, candidates);
  if (match === null) return flag(MESSAGE_REASONS.noMatch, []);
  if (!('skuId' in match)) return flag(match.reason, match.candidates, match.candidates.length > 0 && c.unit === '' ? c.n : undefined);
  const unit = unitIssue(c.unit, specOf.get(match.skuId) ?? '');
  if (unit) return flag(unit, [match.skuId]);
  return [{ kind: 'matched', lineNo, text: r.text, skuId: match.skuId, onHand: c.n }];
}
