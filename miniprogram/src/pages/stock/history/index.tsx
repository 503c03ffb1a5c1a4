import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import { Image, Text, View } from '@tarojs/components';
import { BackBar } from '../../../components/BackBar';
import { Tag } from '../../../components/nutui';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { RequireRole } from '../../../components/RequireRole';
import { CHART_COLORS } from '../../../services/chart';
import { formatTime } from '../../../services/format';
import { EVENT_LABELS, SOURCE_LABELS } from '../../../services/labels';
import { nav, PAGES } from '../../../services/nav';
import type { HistoryEvent } from '../../../services/types';
import { HISTORY_DAYS, useHistory } from '../../../stores/history';
import { useStores } from '../../../stores';
import './index.scss';

const EVENT_TAG: Record<HistoryEvent['kind'], 'success' | 'warning' | 'danger' | 'default' | 'primary'> = {
  report: 'success',
  held: 'warning',
  confirmed: 'primary',
  discarded: 'default',
  superseded: 'default',
};

function EventRow({ event, now }: { event: HistoryEvent; now: number }) {
  return (
    <View className={`hz-event hz-event--${event.kind}`}>
      <View className="hz-event-head">
        <Text className="hz-event-time">{formatTime(event.at, now)}</Text>
        <Tag type={EVENT_TAG[event.kind]} plain>
          {EVENT_LABELS[event.kind]}
        </Tag>
        <Text className="hz-event-count">{event.onHand} 件</Text>
      </View>
      <Text className="hz-muted">
        {event.byName} · {SOURCE_LABELS[event.source]}
        {event.note ? ` · ${event.note}` : ''}
      </Text>
    </View>
  );
}

const HistoryBody = observer(function HistoryBody() {
  const { session } = useStores();
  const history = useHistory();
  const [skuId] = useState(() => nav.params().skuId ?? '');
  const role = session.user?.role;
  useEffect(() => {
    void history.load(skuId, role);
  }, [history, skuId, role]);

  if (history.status === 'idle' || history.status === 'loading' || history.skuId !== skuId) return <LoadingLine text="正在加载历史…" />;
  if (history.status === 'error' || !history.history) return <LoadError title="历史加载失败" message={history.error} onRetry={() => void history.load(skuId, role)} />;
  const h = history.history;
  const latest = history.latest;
  return (
    <View className="hz-history">
      <Text className="hz-page-title">
        {h.name} {h.spec}
      </Text>
      <Text className="hz-muted">
        {h.skuId} · {h.supplierName}
      </Text>
      {/* Plain chips: NutUI's Segmented would pull the operator's form components into this package. */}
      <View className="hz-history-days">
        {HISTORY_DAYS.map((d) => (
          <Text key={d} className={`hz-chip${history.days === d ? ' hz-chip--active' : ''}`} onClick={() => void history.load(skuId, role, d)}>
            近{d}天
          </Text>
        ))}
      </View>
      {h.points.length === 0 ? (
        <EmptyState title="这段时间没有记录" description="报数、下单和取消都会记在这里" />
      ) : (
        <View className="hz-card hz-chart-card">
          <View className="hz-chart-legend">
            <View className="hz-legend-item">
              <View className="hz-legend-mark" style={{ background: CHART_COLORS.onHand }} />
              <Text>现货{latest ? ` ${latest.onHand}` : ''}</Text>
            </View>
            <View className="hz-legend-item">
              <View className="hz-legend-mark" style={{ background: CHART_COLORS.sellable }} />
              <Text>可售{latest ? ` ${latest.sellable}` : ''}</Text>
            </View>
            <Text className="hz-muted">{h.points.length} 次变动</Text>
          </View>
          <Image className="hz-chart" src={history.chartUri} mode="widthFix" aria-label={`${h.name} 现货与可售走势`} />
        </View>
      )}
      <Text className="hz-section-title">报数记录（{h.events.length}）</Text>
      {h.events.length === 0 ? (
        <EmptyState title="这段时间没有报数" />
      ) : (
        <View className="hz-card hz-events">
          {h.events.map((e, i) => (
            <EventRow key={`${e.at}-${e.kind}-${i}`} event={e} now={history.loadedAt} />
          ))}
        </View>
      )}
    </View>
  );
});

/** Where "‹" goes: the operator came from the SKU list, the supplier from the report. */
const HistoryTop = observer(function HistoryTop() {
  const { session } = useStores();
  return session.user?.role === 'operator' ? <BackBar to={PAGES.skus} label="商品" /> : <BackBar to={PAGES.report} label="报数" />;
});

export default function SkuHistoryPage() {
  return (
    <RequireRole roles={['supplier', 'operator']}>
      <HistoryTop />
      <HistoryBody />
    </RequireRole>
  );
}
