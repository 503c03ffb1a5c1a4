import type { ReactNode } from 'react';
import { observer } from 'mobx-react-lite';
import { Image, Text, View } from '@tarojs/components';
import { EmptyState } from '../EmptyState';
import { LoadError } from '../LoadError';
import { LoadingLine } from '../Loading';
import { svgDataUri, trendChartSvg } from '../../services/chart';
import { formatYuan } from '../../services/money';
import type { PeriodKind, ScorecardRow } from '../../services/types';
import type { ScorecardTrendStore } from '../../stores/scorecards';
import { type MetricDef, TREND_METRICS, formatRate } from './format';
import { ScorecardMetrics } from './ScorecardMetrics';

const KINDS: Array<{ kind: PeriodKind; label: string }> = [
  { kind: 'week', label: '按周' },
  { kind: 'month', label: '按月' },
];

/** A period's short label under its bar (ASCII): the week's Monday 11/23, the month 2026-11. */
const barLabel = (row: ScorecardRow): string => (row.period.kind === 'week' ? row.period.from.slice(5).replace('-', '/') : row.period.from.slice(0, 7));

/** What the chart says, in words (screen readers, tests). */
const spoken = (metric: MetricDef, rows: ScorecardRow[]): string =>
  rows
    .map((r) => {
      const v = metric.value(r);
      return `${r.period.label} ${v === null ? '—' : metric.rate ? formatRate(v) : metric.key === 'cost' ? formatYuan(v) : String(v)}`;
    })
    .join('，');

function MetricChart({ metric, rows }: { metric: MetricDef; rows: ScorecardRow[] }) {
  const svg = trendChartSvg(
    rows.map((r) => ({ label: barLabel(r), value: metric.value(r) })),
    { rate: metric.rate, color: metric.color, format: metric.chartLabel },
  );
  return (
    <View className={`hz-card hz-sc-chart-card hz-sc-chart--${metric.key}`}>
      <Text className="hz-sc-chart-title">{metric.title}</Text>
      <Image className="hz-sc-chart" src={svgDataUri(svg)} mode="widthFix" aria-label={`${metric.title}走势：${spoken(metric, rows)}`} />
    </View>
  );
}

/** One supplier's card for the current period, then one small chart per metric over the last periods. */
export const ScorecardTrend = observer(function ScorecardTrend({ store, title, extra }: {
  store: ScorecardTrendStore;
  title: (latest: ScorecardRow | null) => string;
  /** Shown under the current card (the operator's 结算单). */
  extra?: ReactNode;
}) {
  const chips = (
    <View className="hz-sc-chips">
      {KINDS.map((k) => (
        <Text key={k.kind} className={`hz-chip${store.period === k.kind ? ' hz-chip--active' : ''}`} onClick={() => void store.choose(k.kind)}>
          {k.label}
        </Text>
      ))}
    </View>
  );
  if (store.status === 'idle' || store.status === 'loading') {
    return (
      <View className="hz-sc">
        {chips}
        <LoadingLine text="正在加载考核…" />
      </View>
    );
  }
  if (store.status === 'error') {
    return (
      <View className="hz-sc">
        {chips}
        <LoadError title="考核加载失败" message={store.error} onRetry={() => void store.load()} />
      </View>
    );
  }
  const latest = store.latest;
  return (
    <View className="hz-sc">
      <Text className="hz-page-title hz-sc-title">{title(latest)}</Text>
      {chips}
      {!store.anyWaves && <EmptyState title="还没有波次" description={`近 ${store.rows.length} ${store.period === 'week' ? '周' : '个月'}没有已确认或已过确认时间的波次，库存准确率、订单满足率和确认及时率暂无数据`} />}
      {latest && (
        <View className="hz-card hz-sc-current">
          <Text className="hz-sc-period">{latest.period.label}</Text>
          <ScorecardMetrics row={latest} />
        </View>
      )}
      {extra}
      <Text className="hz-section-title">近 {store.rows.length} {store.period === 'week' ? '周' : '个月'}走势</Text>
      {TREND_METRICS.map((m) => (
        <MetricChart key={m.key} metric={m} rows={store.rows} />
      ))}
    </View>
  );
});
