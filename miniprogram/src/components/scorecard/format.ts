// How a scorecard's numbers read on screen: rates as 96.5%, nothing to rate as —.
import type { ScorecardRow } from '../../services/types';

/** 0.965 → "96.5%", 1 → "100%", null (nothing to rate) → "—". */
export const formatRate = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

const n1 = (v: number): string => String(Math.round(v * 10) / 10);

export interface MetricDef {
  key: 'accuracy' | 'fill' | 'reporting' | 'confirmation' | 'shortage' | 'cost';
  title: string;
  /** The bar's value for one card (null: nothing to rate). */
  value: (row: ScorecardRow) => number | null;
  rate: boolean;
  color: string;
  /** The value as the chart's label (ASCII). */
  chartLabel?: (v: number) => string;
}

/** The metrics a trend draws, one chart each. */
export const TREND_METRICS: MetricDef[] = [
  { key: 'accuracy', title: '库存准确率', value: (r) => r.accuracy.fullShare, rate: true, color: '#1f6feb' },
  { key: 'fill', title: '订单满足率', value: (r) => r.fill.rate, rate: true, color: '#1a7f37' },
  { key: 'reporting', title: '报数及时率', value: (r) => r.reporting.rate, rate: true, color: '#8250df' },
  { key: 'confirmation', title: '确认及时率', value: (r) => r.confirmation.rate, rate: true, color: '#0a7ea4' },
  { key: 'shortage', title: '缺货行数', value: (r) => r.shortage.lines, rate: false, color: '#bf8700' },
  { key: 'cost', title: '缺货补救成本（元）', value: (r) => r.shortage.cost, rate: false, color: '#cf222e', chartLabel: (v) => n1(v / 100) },
];

/** Each metric's value and what it is made of, as one line under it. */
export function metricLines(row: ScorecardRow): Array<{ key: string; title: string; value: string; detail: string }> {
  const { accuracy, fill, reporting, confirmation } = row;
  const stocktake = accuracy.stocktakeBook > 0 ? ` · 盘点差异 ${formatRate(accuracy.stocktakeVarianceShare)}` : '';
  const shortfall = accuracy.meanShortfall === null ? '' : ` · 平均缺 ${n1(accuracy.meanShortfall)} 件/商品波次`;
  return [
    { key: 'accuracy', title: '库存准确率', value: formatRate(accuracy.fullShare), detail: accuracy.lines === 0 ? '暂无已确认的波次' : `足量确认 ${accuracy.fullLines}/${accuracy.lines} 行${shortfall}${stocktake}` },
    { key: 'fill', title: '订单满足率', value: formatRate(fill.rate), detail: fill.ordered === 0 ? '暂无已确认的订单' : `可发 ${fill.filled}/${fill.ordered} 件` },
    { key: 'reporting', title: '报数及时率', value: formatRate(reporting.rate), detail: reporting.due === 0 ? '暂无应报的次数' : `按时 ${reporting.onTime}/${reporting.due} 次` },
    {
      key: 'confirmation',
      title: '确认及时率',
      value: formatRate(confirmation.rate),
      detail: confirmation.waves === 0 ? '暂无要确认的波次' : `按时确认 ${confirmation.onTime}/${confirmation.waves} 个波次${confirmation.onBehalf > 0 ? ` · 运营代确认 ${confirmation.onBehalf}` : ''}`,
    },
  ];
}
