import type { Settings, Tier } from './model';

/**
 * A scarce hot SKU is rationed so one group cannot drain it: below the setting's
 * sellable, a leader may hold at most `share` of what is left plus what they hold.
 * Answers the most this leader may add now, or undefined when no quota applies.
 */
export function quotaLeft(tier: Tier, sellable: number, heldByLeader: number, quota: Settings['quota']): number | undefined {
  if (tier !== 'hot' || sellable >= quota.sellableBelow) return undefined;
  const cap = Math.max(1, Math.ceil(quota.share * (sellable + heldByLeader)));
  return Math.max(0, cap - heldByLeader);
}
