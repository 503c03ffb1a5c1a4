import { Text, View } from '@tarojs/components';
import { formatYuan } from '../../services/money';
import type { ScorecardRow } from '../../services/types';
import { metricLines } from './format';

/** A card's four rates and its shortage impact (缺货影响). */
export function ScorecardMetrics({ row }: { row: ScorecardRow }) {
  const { shortage } = row;
  return (
    <View className="hz-sc-metrics">
      {metricLines(row).map((m) => (
        <View key={m.key} className={`hz-sc-metric hz-sc-metric--${m.key}`}>
          <Text className="hz-sc-metric-title">{m.title}</Text>
          <Text className="hz-sc-metric-value">{m.value}</Text>
          <Text className="hz-sc-metric-detail">{m.detail}</Text>
        </View>
      ))}
      <View className="hz-sc-metric hz-sc-metric--shortage">
        <Text className="hz-sc-metric-title">缺货影响</Text>
        <Text className="hz-sc-metric-value">
          {shortage.lines} 行 · {shortage.customers} 位顾客 · {formatYuan(shortage.cost)}
        </Text>
        <Text className="hz-sc-metric-detail">
          {shortage.lines === 0
            ? '没有缺货'
            : `缺 ${shortage.units} 件 · 退款 ${formatYuan(shortage.refunds)} · 优惠券 ${formatYuan(shortage.coupons)} · 替换差价 ${formatYuan(shortage.substituteCost)}`}
        </Text>
      </View>
    </View>
  );
}
