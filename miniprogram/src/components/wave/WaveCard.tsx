import { Text, View } from '@tarojs/components';
import { countdownText, formatTime } from '../../services/format';
import type { WaveSummary } from '../../services/types';
import { isOverdue } from '../../stores/waves';
import { Tag } from '../nutui';

const STATUS_TAG = { closed: 'warning', confirmed: 'primary', shipped: 'success' } as const;

/** One wave in a list: whose, which day, how much, and whether it is late. */
export function WaveCard({ wave, now, showSupplier, onOpen }: { wave: WaveSummary; now: number; showSupplier?: boolean; onOpen(): void }) {
  const overdue = isOverdue(wave);
  return (
    <View className={`hz-card hz-wave-card hz-wave-card--${wave.status}${overdue ? ' hz-wave-card--overdue' : ''}`} onClick={onOpen}>
      <View className="hz-row-between">
        <Text className="hz-wave-card-title">
          {showSupplier ? `${wave.supplierName} · ` : ''}
          {wave.label} 波次
        </Text>
        <View className="hz-wave-card-tags">
          {overdue && (
            <Tag type="danger" className="hz-overdue-tag">
              已逾期
            </Tag>
          )}
          <Tag type={STATUS_TAG[wave.status]}>
            {wave.statusName}
          </Tag>
        </View>
      </View>
      <Text className="hz-muted">
        {wave.skuCount} 个商品 · 共 {wave.units} 件 · {formatTime(wave.closedAt, now)} 截单
      </Text>
      {wave.status === 'closed' && (
        <Text className={overdue || wave.deadlineAt <= now ? 'hz-wave-deadline hz-wave-deadline--late' : 'hz-wave-deadline'}>
          请在 {formatTime(wave.deadlineAt, now)} 前确认 · {countdownText(wave.deadlineAt, now)}
        </Text>
      )}
      {wave.confirmedOnBehalf && <Text className="hz-muted">运营已代为确认</Text>}
    </View>
  );
}
