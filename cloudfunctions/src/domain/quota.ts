import type { Settings, Tier } from './model';

/**
 * A scarce hot SKU is rationed so one group cannot drain it: below the setting's
 * sellable, a leader may hold at most `share` of what is left plus what they hold.
 * Answers the most this leader may add now, or undefined when no quota applies.
 */
export function quotaLeft(tier: Tier, sellable: number, heldByLeader: number, quota: Settings['quota']): number | undefined {
  const cap = rationCap(tier, sellable, heldByLeader, quota);
  return cap === undefined ? undefined : Math.max(0, cap - heldByLeader);
}

/** Whether a SKU is rationed now: hot, and sellable below the setting. */
export const rationApplies = (tier: Tier, sellable: number, quota: Settings['quota']): boolean => tier === 'hot' && sellable < quota.sellableBelow;

/** The most units this leader may hold of a rationed SKU for the day, or undefined when no quota applies. */
export function rationCap(tier: Tier, sellable: number, heldByLeader: number, quota: Settings['quota']): number | undefined {
  if (!rationApplies(tier, sellable, quota)) return undefined;
  return Math.max(1, Math.ceil(quota.share * (sellable + heldByLeader)));
}
