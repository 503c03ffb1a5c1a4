import { Text, View } from '@tarojs/components';
import { countdownText, formatTime } from '../../services/format';
import type { StocktakeSummary } from '../../services/types';
import { stocktakeInProgress } from '../../stores/stocktake-list';
import { Tag } from '../nutui';
import { STOCKTAKE_TAG, signedYuan } from './StocktakeDetail';

/** One stocktake in a list: whose, when opened and due, where it stands, how far off it was. */
export function StocktakeCard({ item, now, showSupplier, onOpen }: { item: StocktakeSummary; now: number; showSupplier?: boolean; onOpen(): void }) {
  const waiting = item.status === 'open' || item.status === 'counted';
  return (
    <View className={`hz-card hz-stk-card hz-stk-card--${item.status}${item.overdue ? ' hz-stk-card--overdue' : ''}`} onClick={onOpen}>
      <View className="hz-row-between">
        <Text className="hz-stk-card-title">
          {showSupplier ? `${item.supplierName} · ` : ''}
          {formatTime(item.openedAt, now)} 盘点
        </Text>
        <View className="hz-stk-head-tags">
          {item.overdue && (
            <Tag type="danger" className="hz-overdue-tag">
              已逾期
            </Tag>
          )}
          <Tag type={STOCKTAKE_TAG[item.status]}>{item.statusName}</Tag>
        </View>
      </View>
      {stocktakeInProgress(item) && waiting && (
        <Text className={`hz-stk-card-due${item.overdue ? ' hz-stk-card-due--late' : ''}`}>
          请在 {formatTime(item.dueAt, now)} 前{item.status === 'open' ? '提交盘点' : '确认'} · {countdownText(item.dueAt, now)}
        </Text>
      )}
      {item.skus > 0 && (
        <Text className="hz-muted">
          {item.skus} 个商品 · 差异合计 {item.absVariance} 件{item.value !== 0 ? ` · 差异金额 ${signedYuan(item.value)}` : ''}
        </Text>
      )}
    </View>
  );
}
