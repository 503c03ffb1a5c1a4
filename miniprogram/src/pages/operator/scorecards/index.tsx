import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { ScorecardMetrics } from '../../../components/scorecard/ScorecardMetrics';
import { ScorecardTrend } from '../../../components/scorecard/ScorecardTrend';
import { SettlementSummary } from '../../../components/scorecard/SettlementSummary';
import { nav, PAGES } from '../../../services/nav';
import type { ScorecardRow } from '../../../services/types';
import { PERIOD_CHOICES, ScorecardTrendStore, hasWaves, useScorecards } from '../../../stores/scorecards';
import '../../../components/scorecard/scorecard.scss';
import '../operator.scss';

function RankedRow({ row, rank }: { row: ScorecardRow; rank: number }) {
  return (
    <View className="hz-card hz-sc-row" onClick={() => nav.open(PAGES.operatorScorecards, { supplierId: row.supplierId })}>
      <View className="hz-sc-row-head">
        <Text className="hz-sc-rank">{rank}</Text>
        <Text className="hz-sc-name">{row.supplierName}</Text>
        <Text className="hz-muted">{hasWaves(row) ? '走势 ›' : '本期无波次 ›'}</Text>
      </View>
      <ScorecardMetrics row={row} />
    </View>
  );
}

/** Every supplier for the chosen period, best first (fill rate, then full lines, then on-time reports). */
const RankedTable = observer(function RankedTable() {
  const table = useScorecards();
  useEffect(() => {
    void table.load();
  }, [table]);
  usePullDownRefresh(() => {
    void table.load().finally(() => Taro.stopPullDownRefresh());
  });
  return (
    <View className="hz-sc">
      <Text className="hz-page-title hz-op-head">供应商考核</Text>
      <Text className="hz-muted">按订单满足率、足量确认率、报数及时率排名；没有可考核数据的项显示“—”</Text>
      <View className="hz-sc-buffers">
        <Text className="hz-link" onClick={() => nav.open(PAGES.operatorBuffers, { from: 'scorecards' })}>
          缓冲建议：按各供应商的实际可发调整缓冲 ›
        </Text>
      </View>
      <View className="hz-sc-chips">
        {PERIOD_CHOICES.map((c) => (
          <Text key={c.key} className={`hz-chip hz-sc-choice--${c.key}${table.choice.key === c.key ? ' hz-chip--active' : ''}`} onClick={() => void table.choose(c.key)}>
            {c.label}
          </Text>
        ))}
      </View>
      {table.status === 'idle' || table.status === 'loading' ? (
        <LoadingLine text="正在加载考核…" />
      ) : table.status === 'error' ? (
        <LoadError title="考核加载失败" message={table.error} onRetry={() => void table.load()} />
      ) : table.rows.length === 0 ? (
        <EmptyState title="还没有供应商" description="添加供应商后，这里按周、按月显示各供应商的考核" />
      ) : (
        <View>
          <Text className="hz-sc-period">{table.periodLabel}</Text>
          {!table.anyWaves && <EmptyState title={`${table.choice.label}还没有波次`} description="截单后供应商确认波次（或过了确认时间），库存准确率、订单满足率和确认及时率才有数据；报数及时率照常统计" />}
          {table.rows.map((row, i) => (
            <RankedRow key={row.supplierId} row={row} rank={i + 1} />
          ))}
        </View>
      )}
    </View>
  );
});

function SupplierTrend({ supplierId }: { supplierId: string }) {
  const [store] = useState(() => new ScorecardTrendStore('operator', supplierId));
  useEffect(() => {
    void store.load();
  }, [store]);
  usePullDownRefresh(() => {
    void store.load().finally(() => Taro.stopPullDownRefresh());
  });
  return <ScorecardTrend store={store} title={(latest) => `${latest?.supplierName ?? supplierId} · 考核走势`} extra={<SettlementSummary supplierId={supplierId} />} />;
}

export default function OperatorScorecardsPage() {
  const [supplierId] = useState(() => nav.params().supplierId ?? '');
  return (
    <OperatorPage back={supplierId ? { to: PAGES.operatorScorecards, label: '供应商考核' } : undefined}>
      {supplierId ? <SupplierTrend supplierId={supplierId} /> : <RankedTable />}
    </OperatorPage>
  );
}
