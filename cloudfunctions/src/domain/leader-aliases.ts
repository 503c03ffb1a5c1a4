// Words leaders taught the 接龙 matcher (issue 16). The store keeps every entry; what holds
// is the latest entry per leader and word, and a removal (no skuId) means the word is gone.
import type { LeaderAlias } from './model';

/** The aliases in force: the latest entry per leader and word, removals left out; in the order taught. */
export function currentLeaderAliases(entries: readonly LeaderAlias[]): LeaderAlias[] {
  const latest = new Map<string, LeaderAlias>();
  for (const e of entries) {
    const key = `${e.leaderId}\u0000${e.word}`;
    const held = latest.get(key);
    if (!held || e.seq > held.seq) latest.set(key, e);
  }
  return [...latest.values()].filter((e) => e.skuId !== undefined)
    .sort((a, b) => (a.leaderId < b.leaderId ? -1 : a.leaderId > b.leaderId ? 1 : a.seq - b.seq));
}

/** The id of a leader's entry number `seq`: one place per number, so concurrent teaching cannot share one. */
export const leaderAliasId = (leaderId: string, seq: number): string => `la_${leaderId}_${seq}`;
