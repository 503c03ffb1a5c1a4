import { Text, View } from '@tarojs/components';
import { Tag } from './nutui';
import { formatFreshness } from '../services/format';
import type { Freshness } from '../services/types';

/**
 * "上次 100 件 · 3小时前 · 早报", and a mark when the count is older than its tier allows:
 * the rows the supplier (or the operator, on a group's behalf) should count first.
 */
export function LastCount({ onHand, freshness, at }: { onHand: number | null; freshness: Freshness | null; at: number }) {
  return (
    <View className="hz-report-last-line">
      <Text className="hz-report-last">{onHand === null || !freshness ? '还没报过数' : `上次 ${onHand} 件 · ${formatFreshness(freshness, at)}`}</Text>
      {freshness?.stale && (
        <Tag type="danger" plain className="hz-tag-over-age">
          超龄·请重报
        </Tag>
      )}
    </View>
  );
}
