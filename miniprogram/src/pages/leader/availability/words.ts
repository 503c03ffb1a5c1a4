// A leader's card in a leader's words. 安全库存, 已占用, 常规 and 长尾 are how the operator
// sets the rules; a leader wants to know what can be sold, how old the count is, and why
// it is less than the warehouse holds.
import { formatAgo, units } from '../../../services/format';
import type { AvailabilityItem, Freshness } from '../../../services/types';

/** Beside a stale number: "6小时前的数". */
export const staleWords = (freshness: Freshness, now: number): string => `${formatAgo(freshness.reportedAt, now)}的数`;

/** "仓库约 66 件（按销量估算）· 防超卖预留 32 件（数旧了多留 10 件）· 已订未发 8 件" */
export function stockWords(item: Pick<AvailabilityItem, 'onHand' | 'projectedOnHand' | 'buffer' | 'staleExtra' | 'committed' | 'freshness'>): string {
  const warehouse = item.freshness?.projected ? `仓库约 ${units(item.projectedOnHand)} 件（按销量估算）` : `仓库 ${units(item.onHand)} 件`;
  const widened = item.staleExtra > 0 ? `（数旧了多留 ${units(item.staleExtra)} 件）` : '';
  return `${warehouse} · 防超卖预留 ${units(item.buffer)} 件${widened} · 已订未发 ${units(item.committed)} 件`;
}
