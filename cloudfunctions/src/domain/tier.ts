import type { Tier, TierRules } from './model';

/** Days the stock lasts at the current rate of sale (Infinity when nothing sells). */
export function daysOfCover(onHand: number, dailySales: number): number {
  return dailySales > 0 ? onHand / dailySales : Number.POSITIVE_INFINITY;
}

/**
 * Hot: sells fast or is about to run out; long-tail: barely sells; normal otherwise.
 * `dailySales` counts every channel (ours plus what the supplier sells elsewhere).
 */
export function computeTier(dailySales: number, onHand: number, rules: TierRules): Tier {
  if (dailySales >= rules.hotDailySales) return 'hot';
  if (dailySales > 0 && daysOfCover(onHand, dailySales) <= rules.hotDaysOfCover) return 'hot';
  if (dailySales < rules.longTailDailySales) return 'longTail';
  return 'normal';
}

export const TIER_NAMES: Record<Tier, string> = { hot: '热销', normal: '常规', longTail: '长尾' };
