import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { LoadError } from '../LoadError';
import { LoadingLine } from '../Loading';
import { Notice } from '../Notice';
import { Button } from '../nutui';
import { formatYuan } from '../../services/money';
import type { SettlementOutcomeView, SettlementView } from '../../services/types';
import { SettlementStore } from '../../stores/settlement';
import { PERIOD_CHOICES } from '../../stores/scorecards';
import { formatRate } from './format';

/** What a rule came to, as the sheet words it. */
const outcomeText = (o: SettlementOutcomeView): string =>
  o.met === null ? '无可考核数据，不适用' : o.met ? `满足条件 ${o.adjustment > 0 ? '+' : ''}${formatYuan(o.adjustment)}` : '未满足';

function Outcomes({ view }: { view: SettlementView }) {
  const { settlement } = view;
  if (settlement.outcomes.length === 0) return <Text className="hz-muted hz-settle-norules">还没有结算规则（设置 › 结算规则），应付不作调整</Text>;
  return (
    <View className="hz-settle-outcomes">
      {settlement.outcomes.map((o) => (
        <View key={o.no} className={`hz-settle-outcome hz-settle-outcome--${o.met === null ? 'na' : o.met ? 'met' : 'unmet'}`}>
          <Text className="hz-settle-outcome-rule">
            {o.no}. {o.text}
          </Text>
          <Text className="hz-muted">
            本期 {formatRate(o.value)} · {outcomeText(o)}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** 结算单: the payable, each rule's outcome, the net, for the period chosen; 导出结算单 saves the sheet. */
export const SettlementSummary = observer(function SettlementSummary({ supplierId }: { supplierId: string }) {
  const [store] = useState(() => new SettlementStore(supplierId));
  useEffect(() => {
    void store.load();
  }, [store]);
  const view = store.view;
  return (
    <View className="hz-card hz-settle">
      <Text className="hz-sc-chart-title">结算单</Text>
      <View className="hz-sc-chips">
        {PERIOD_CHOICES.map((c) => (
          <Text key={c.key} className={`hz-chip hz-settle-choice--${c.key}${store.choice.key === c.key ? ' hz-chip--active' : ''}`} onClick={() => void store.choose(c.key)}>
            {c.label}
          </Text>
        ))}
      </View>
      {store.status === 'idle' || store.status === 'loading' ? (
        <LoadingLine text="正在计算结算…" />
      ) : store.status === 'error' || !view ? (
        <LoadError title="结算加载失败" message={store.error} onRetry={() => void store.load()} />
      ) : (
        <View>
          <Text className="hz-sc-period">
            {view.period.label}
            {view.periodOpen ? ' · 本期尚未结束' : ''} · {view.rulesVersion === 0 ? '默认设置' : `设置第 ${view.rulesVersion} 版`}的结算规则
          </Text>
          <View className="hz-row-between hz-settle-line">
            <Text>应付（{view.payable.units} 件 × 成本价）</Text>
            <Text className="hz-settle-payable">{formatYuan(view.settlement.payable)}</Text>
          </View>
          {view.payable.uncostedUnits > 0 && <Text className="hz-muted hz-settle-uncosted">{view.payable.uncostedUnits} 件商品未设成本价，未计入应付</Text>}
          <Outcomes view={view} />
          <View className="hz-row-between hz-settle-line">
            <Text>奖惩合计</Text>
            <Text className="hz-settle-adjustment">{`${view.settlement.adjustment > 0 ? '+' : ''}${formatYuan(view.settlement.adjustment)}`}</Text>
          </View>
          <View className="hz-row-between hz-settle-line hz-settle-line--net">
            <Text>实付</Text>
            <Text className="hz-settle-net">{formatYuan(view.settlement.net)}</Text>
          </View>
          {view.settlement.capped && <Text className="hz-muted">扣减合计超过应付，实付按 0 计</Text>}
          <View className="hz-settle-tools">
            <Button size="small" fill="outline" className="hz-settle-export" loading={store.exporting} disabled={store.exporting} onClick={() => void store.exportXlsx()}>
              导出结算单
            </Button>
          </View>
        </View>
      )}
      <Notice notice={store.notice} onClose={() => store.dismissNotice()} />
    </View>
  );
});
