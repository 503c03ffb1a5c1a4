// Stage: aliases. Other words for a SKU: the operator's (on the SKU, for every leader) and
// the ones a leader taught by choosing a candidate once (that leader's only). An alias
// names a SKU like its name does when it is the whole product word of an item after
// normalising; a leader's own alias outranks the operator's, and a word that is an alias
// of two SKUs is a question with both as candidates, never a guess.

import type { Anchor, PreparedSku } from './matching';
import { QUERY_FREE_WORDS } from './matching';
import { scanGroups } from './quantities';
import { freeMaskOf, isLetter, matchKey, normalise } from './text';

/** The form an alias is kept and compared in: normalised, lower-case, letters only ("75%酒精" → "酒精"). */
export const aliasKey = (text: string): string => [...matchKey(text)].filter(isLetter).join('');

/** The longest alias an operator or a leader may set, in characters. */
export const ALIAS_MAX = 20;

export interface AliasIndex {
  /** Word → the SKUs it is the leader's own alias of. */
  leader: Map<string, PreparedSku[]>;
  /** Word → the SKUs it is an operator's alias of. */
  operator: Map<string, PreparedSku[]>;
  /** The lengths words have, longest first (to find them in a line by lookup). */
  lengths: number[];
}

export function indexAliases(skus: readonly PreparedSku[]): AliasIndex {
  const index: AliasIndex = { leader: new Map(), operator: new Map(), lengths: [] };
  const lengths = new Set<number>();
  const add = (map: Map<string, PreparedSku[]>, raw: string, sku: PreparedSku): void => {
    const word = aliasKey(raw);
    if (word === '') return;
    const list = map.get(word);
    if (!list) map.set(word, [sku]);
    else if (!list.includes(sku)) list.push(sku);
    lengths.add(word.length);
  };
  for (const sku of skus) {
    for (const a of sku.entry.aliases ?? []) add(index.operator, a, sku);
    for (const a of sku.entry.leaderAliases ?? []) add(index.leader, a, sku);
  }
  index.lengths = [...lengths].sort((a, b) => b - a);
  return index;
}

/**
 * Where aliases occur in a line's (normalised, lower-case) content, as anchors relative to it.
 * A one-character alias counts only standing alone ("梨 2", never the 梨 in a nickname).
 */
export function aliasSpans(content: string, index: AliasIndex): Anchor[] {
  if (index.lengths.length === 0) return [];
  const spans: Anchor[] = [];
  for (let i = 0; i < content.length; i++) {
    for (const len of index.lengths) {
      const end = i + len;
      if (end > content.length) continue;
      const word = content.slice(i, end);
      if (!index.leader.has(word) && !index.operator.has(word)) continue;
      if (len === 1 && (isLetter(content[i - 1] ?? '') || isLetter(content[end] ?? ''))) continue;
      spans.push({ start: i, end });
      break;
    }
  }
  return spans;
}

/**
 * The SKUs an item's product word is an alias of: the leader's own when it is one, else the
 * operator's, with any SKU whose name the word plainly is (`named`: all of it but origin and
 * adjectives), a tie and so a question. Empty: no alias. `query` is the item's letters as the
 * matcher reads them (numbers and units already blanked).
 */
export function aliasSkus(query: string, index: AliasIndex, named: readonly PreparedSku[]): PreparedSku[] {
  if (index.leader.size === 0 && index.operator.size === 0) return [];
  const letters = [...query].filter(isLetter).join('');
  const free = freeMaskOf(letters, QUERY_FREE_WORDS);
  const words = [...new Set([letters, [...letters].filter((_, i) => !free[i]).join('')])].filter((w) => w !== '');
  for (const map of [index.leader, index.operator]) {
    const word = words.find((w) => map.has(w));
    if (!word) continue;
    const hits = map.get(word) ?? [];
    if (map === index.leader) return hits;
    return [...new Set([...hits, ...named])].sort((a, b) => a.index - b.index);
  }
  return [];
}

/**
 * The product word of an item as the list wrote it ("酒精 2瓶" → "酒精"): what a leader who
 * picks a SKU for it may teach as an alias. '' when nothing is left (a code, a number).
 */
export function aliasWordOf(itemText: string): string {
  const s = normalise(itemText).s.toLowerCase();
  const chars = [...s];
  for (const g of scanGroups(s)) for (let k = g.start; k < g.end; k++) chars[k] = ' ';
  // A unified code ("HZ2001") is not a word to teach: codes match by themselves.
  for (const m of s.matchAll(/(?<![a-z0-9])[a-z]{1,4}-?\d{2,8}/g)) for (let k = m.index ?? 0; k < (m.index ?? 0) + m[0].length; k++) chars[k] = ' ';
  const word = chars.map((c) => (isLetter(c) ? c : ' ')).join('').trim();
  // One word only: "酒精 大瓶" is not one product word.
  if (word === '' || /\s/.test(word)) return '';
  const free = freeMaskOf(word, QUERY_FREE_WORDS);
  const kept = [...word].filter((_, i) => !free[i]).join('');
  return aliasKey(kept === '' ? word : kept);
}
