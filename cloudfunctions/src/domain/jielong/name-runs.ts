// Stage: matching, its innermost step — the stretches a text shares with a SKU's name (runs).
// Every stretch of letters and every item's words is held against each SKU that could name
// it (tens per text, tens of thousands per list), so the runs are written into reused typed
// arrays (RUNS) rather than an object per run: the answer is the same, without the garbage.

import type { PreparedSku } from './matching';
import { SYNONYMS } from './matching';
import { freeMaskOf, isLetter } from './text';

/** A stretch of the text equal to a stretch of the name (`len` in the text, `nLen` in the name). */
export interface Run { qStart: number; nStart: number; len: number; nLen: number; synonym: boolean }

/** What the runs need of a name, worked out once per name: where each character is, and its synonyms. */
export interface NameFacts { at: Map<number, number[]>; bloom: number; synonyms: Array<{ colloquial: string; nStart: number; nLen: number }> }
const NAME_FACTS = new Map<string, NameFacts>(); // emptied by forgetNames(): per parse
export function nameFacts(n: string): NameFacts {
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

/** The words a customer adds (QUERY_FREE_WORDS, passed in) in a query, worked out once per query. */
export function queryFree(q: string, words: readonly string[]): boolean[] {
  const facts = queryFacts(q);
  facts.free ??= freeMaskOf(q, words);
  return facts.free;
}

/** What a parse remembers of names and queries: forgotten when the next parse prepares its catalogue. */
export function forgetNames(): void {
  NAME_FACTS.clear();
  lastQuery = null;
}

/**
 * The runs of the last runsInto call, as columns: run r is qStart[r], nStart[r], len[r],
 * nLen[r], synonym[r], for r < count. Overwritten by the next call: read it before then.
 */
export const RUNS = {
  count: 0,
  qStart: new Int32Array(64), nStart: new Int32Array(64), len: new Int32Array(64), nLen: new Int32Array(64), synonym: new Uint8Array(64),
};
function pushRun(qStart: number, nStart: number, len: number, nLen: number, synonym: boolean): void {
  const r = RUNS.count;
  if (r === RUNS.qStart.length) {
    const grow = <A extends Int32Array | Uint8Array>(a: A): A => { const b = new (a.constructor as new (n: number) => A)(r * 2); b.set(a); return b; };
    RUNS.qStart = grow(RUNS.qStart); RUNS.nStart = grow(RUNS.nStart); RUNS.len = grow(RUNS.len); RUNS.nLen = grow(RUNS.nLen); RUNS.synonym = grow(RUNS.synonym);
  }
  RUNS.qStart[r] = qStart; RUNS.nStart[r] = nStart; RUNS.len[r] = len; RUNS.nLen[r] = nLen; RUNS.synonym[r] = synonym ? 1 : 0;
  RUNS.count = r + 1;
}

/**
 * The runs of `q` in the name `n` into RUNS (returns how many): each maximal common stretch of
 * two or more letters, then each synonym the query writes for a word of the name.
 */
export function runsInto(q: string, n: string, facts: NameFacts): number {
  RUNS.count = 0;
  const { nonLetters } = queryFacts(q);
  for (let i = 0; i < q.length; i++) {
    const code = q.charCodeAt(i);
    if ((facts.bloom & (1 << (code & 31))) === 0) continue;
    const js = facts.at.get(code);
    if (!js) continue;
    for (const j of js) {
      if (i > 0 && j > 0 && q.charCodeAt(i - 1) === n.charCodeAt(j - 1)) continue;
      let len = 1;
      while (i + len < q.length && j + len < n.length && q.charCodeAt(i + len) === n.charCodeAt(j + len)) len++;
      if (len < 2) continue;
      const letters = nonLetters ? nonLetters[i + len] === nonLetters[i] : [...q.slice(i, i + len)].every(isLetter);
      if (letters) pushRun(i, j, len, len, false);
    }
  }
  for (const { colloquial, nStart, nLen } of facts.synonyms) {
    for (let at = q.indexOf(colloquial); at >= 0; at = q.indexOf(colloquial, at + 1)) pushRun(at, nStart, colloquial.length, nLen, true);
  }
  return RUNS.count;
}

/** The runs of `q` in `n` as objects (for callers outside the hot loops). */
export function commonRuns(q: string, n: string): Run[] {
  const count = runsInto(q, n, nameFacts(n));
  const runs: Run[] = [];
  for (let r = 0; r < count; r++) {
    runs.push({ qStart: RUNS.qStart[r] as number, nStart: RUNS.nStart[r] as number, len: RUNS.len[r] as number, nLen: RUNS.nLen[r] as number, synonym: RUNS.synonym[r] === 1 });
  }
  return runs;
}

/**
 * A run names the SKU when it reaches the product word, which Chinese puts last
 * ("脐橙" in 赣南脐橙), or is a longer distinctive stretch ("冰糖心", "农夫山泉").
 * "阳光" in 阳光玫瑰葡萄 or an origin alone ("赣南") is not enough: nicknames say such things.
 */
export function isValidRun(run: Pick<Run, 'nStart' | 'len' | 'synonym'>, sku: PreparedSku): boolean {
  return validRunAt(run.nStart, run.len, run.synonym, sku);
}

/** isValidRun for run r of RUNS. */
export function isValidRunAt(r: number, sku: PreparedSku): boolean {
  return validRunAt(RUNS.nStart[r] as number, RUNS.len[r] as number, RUNS.synonym[r] === 1, sku);
}

function validRunAt(nStart: number, len: number, synonym: boolean, sku: PreparedSku): boolean {
  if (synonym) return true;
  const end = nStart + len;
  if (end > sku.headEnd - 2) return true;
  if (len < 3) return false;
  for (let k = nStart; k < end; k++) if (!sku.freeMask[k]) return true;
  return false;
}
