import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { countdownText, formatTime } from '../../services/format';
import type { LeaderPackView, PickRowView } from '../../services/types';
import { LeaderPacks, packText } from './LeaderPacks';
import type { WaveDetailStore } from '../../stores/waves';
import { CountStepper } from '../CountStepper';
import { EmptyState } from '../EmptyState';
import { LoadError } from '../LoadError';
import { LoadingLine } from '../Loading';
import { Notice } from '../Notice';
import { Button, Dialog, Tag } from '../nutui';

const STATUS_TAG = { closed: 'warning', confirmed: 'primary', shipped: 'success' } as const;

const PickRow = observer(function PickRow({ store, row, leaders }: { store: WaveDetailStore; row: PickRowView; leaders: LeaderPackView[] }) {
  const error = store.rowErrors[row.skuId];
  const short = store.shortOf(row);
  const cutLines = leaders.flatMap((p) => p.lines.filter((l) => l.skuId === row.skuId && l.cut > 0).map((l) => ({ ...l, leaderName: p.leaderName })));
  return (
    <View className={`hz-card hz-pick-row${error ? ' hz-pick-row--error' : ''}${short > 0 ? ' hz-pick-row--short' : ''}`}>
      <View className="hz-row-between">
        <View className="hz-pick-row-info">
          <Text className="hz-sku-name">{row.name}</Text>
          <Text className="hz-sku-spec">
            {row.spec} · {row.skuId}
          </Text>
        </View>
        <View className="hz-pick-total">
          <Text className="hz-pick-total-number">{row.total}</Text>
          <Text className="hz-muted">订购件数</Text>
        </View>
      </View>
      <View className="hz-pick-leaders">
        {row.byLeader.map((b) => (
          <View key={b.leaderId} className={`hz-row-between hz-pick-leader${b.cut > 0 ? ' hz-pick-leader--cut' : ''}`}>
            <Text>
              {b.leaderName} · {b.community}
            </Text>
            <Text>{packText(b)}</Text>
          </View>
        ))}
      </View>
      {cutLines.length > 0 && (
        <View className="hz-pick-cut-lines">
          {cutLines.map((l) => (
            <Text key={l.lineId} className="hz-pick-cut-line">
              已扣减：{l.customer ?? '未留名'}{l.orderNo ? `（${l.orderNo}）` : ''} · {l.leaderName} 缺 {l.cut} 件
            </Text>
          ))}
        </View>
      )}
      {store.canConfirm ? (
        <View className="hz-row-between hz-pick-confirm">
          <Text className="hz-pick-confirm-label">可发</Text>
          <CountStepper
            value={store.draftOf(row)}
            label={`${row.name} ${row.spec} 可发数量`}
            focus={false}
            last
            disabled={store.submitting}
            onChange={(text) => store.setDraft(row.skuId, text)}
            onStep={(delta) => store.step(row, delta)}
            onFocus={() => undefined}
            onBlur={() => undefined}
            onNext={() => undefined}
          />
        </View>
      ) : (
        row.shipQty !== undefined && (
          <Text className="hz-pick-shipped">
            可发 {row.shipQty} 件{short > 0 ? '' : '（全部可发）'}
          </Text>
        )
      )}
      {short > 0 && <Text className="hz-pick-short">缺 {short} 件</Text>}
      {error && <Text className="hz-field-error">{error}</Text>}
    </View>
  );
});

interface WaveDetailProps {
  store: WaveDetailStore;
  /** The operator confirms for the supplier: said on the page and on the button. */
  onBehalf?: boolean;
}

/** A wave's pick list: totals per SKU, who gets what, the shortage rule, the confirmation and shipping. */
export const WaveDetail = observer(function WaveDetail({ store, onBehalf }: WaveDetailProps) {
  const [byLeader, setByLeader] = useState(false);
  useEffect(() => {
    void store.load();
    // The countdown to the deadline moves while the page is open.
    const timer = setInterval(() => store.tick(), 30 * 1000);
    return () => clearInterval(timer);
  }, [store]);

  if (store.status === 'idle' || store.status === 'loading') return <LoadingLine text="正在加载拣货单…" />;
  if (store.status === 'error' || !store.view) return <LoadError title="拣货单加载失败" message={store.error} onRetry={() => void store.load()} />;
  const wave = store.view;
  const now = store.now;
  const late = wave.status === 'closed' && wave.deadlineAt <= now;
  return (
    <View className="hz-wave">
      <View className="hz-row-between hz-wave-head">
        <View className="hz-wave-head-text">
          <Text className="hz-page-title">{wave.label} 波次 · 拣货单</Text>
          <Text className="hz-muted">
            {wave.supplierName} · {wave.skuCount} 个商品 · 共 {wave.units} 件
          </Text>
        </View>
        <Tag type={STATUS_TAG[wave.status]} className="hz-wave-status">
          {wave.statusName}
        </Tag>
      </View>

      {wave.status === 'closed' && (
        <View className={`hz-banner ${late ? 'hz-banner--error' : 'hz-banner--warn'} hz-wave-deadline-banner`}>
          <Text className="hz-banner-title">请在 {formatTime(wave.deadlineAt, now)} 前确认</Text>
          <Text>
            {countdownText(wave.deadlineAt, now)}
            {wave.escalated ? ' · 已超过确认截止时间，运营已收到提醒' : ''}
          </Text>
        </View>
      )}
      {wave.confirmedOnBehalf && (
        <View className="hz-banner hz-banner--warn">
          <Text>运营已代供应商确认</Text>
        </View>
      )}
      {onBehalf && wave.status === 'closed' && (
        <View className="hz-banner hz-banner--warn hz-on-behalf">
          <Text className="hz-banner-title">代供应商确认</Text>
          <Text>请先与 {wave.supplierName} 核实可发数量；提交后记录为“运营代确认”。</Text>
        </View>
      )}

      <View className="hz-rule">
        <Text className="hz-rule-title">缺货规则</Text>
        <Text className="hz-rule-text">{wave.shortageRule}</Text>
        {wave.status === 'closed' && <Text className="hz-muted">每个商品默认全部可发；不够时用 − 改成实际能发的件数，一次提交全部商品。</Text>}
      </View>

      {store.actions.exportXlsx && (
        <View className="hz-inline-actions hz-wave-tools">
          <Button size="small" fill="outline" className="hz-export" loading={store.exporting} disabled={store.exporting} onClick={() => void store.exportXlsx()}>
            导出 XLSX
          </Button>
        </View>
      )}

      {wave.rows.length > 0 && (
        <View className="hz-tabs hz-wave-tabs">
          <Text className={`hz-tab${byLeader ? '' : ' hz-tab--active'}`} onClick={() => setByLeader(false)}>
            按商品
          </Text>
          <Text className={`hz-tab${byLeader ? ' hz-tab--active' : ''}`} onClick={() => setByLeader(true)}>
            按团长发货（{wave.leaders.length}）
          </Text>
        </View>
      )}
      {byLeader ? <LeaderPacks leaders={wave.leaders} /> : wave.rows.map((row) => <PickRow key={row.skuId} store={store} row={row} leaders={wave.leaders} />)}
      {wave.rows.length === 0 && <EmptyState title="这个波次没有商品" description="订单在截单前都已取消" />}

      {store.formError && (
        <View className="hz-banner hz-banner--error">
          <Text>{store.formError}</Text>
        </View>
      )}

      {store.canConfirm && wave.rows.length > 0 && (
        <View className="hz-bottom-bar">
          <Text className="hz-bottom-bar-info">{store.shortUnits > 0 ? `缺 ${store.shortUnits} 件（${store.shortSkus} 个商品）` : '全部可发'}</Text>
          <View className="hz-userbar-actions">
            {store.shortUnits > 0 && (
              <Button size="small" disabled={store.submitting} onClick={() => store.allInFull()}>
                全部可发
              </Button>
            )}
            <Button type="primary" className="hz-confirm-wave" loading={store.submitting} disabled={store.submitting} onClick={() => store.askConfirm()}>
              {onBehalf ? '代供应商确认' : '确认可发数量'}
            </Button>
          </View>
        </View>
      )}
      {store.canShip && (
        <View className="hz-bottom-bar">
          <Text className="hz-bottom-bar-info">已确认 · 发货后请标记</Text>
          <Button type="primary" className="hz-ship-wave" loading={store.shipping} disabled={store.shipping} onClick={() => store.askShip()}>
            标记已发货
          </Button>
        </View>
      )}
      <Dialog
        className="hz-wave-ask"
        visible={store.asking !== null}
        title={store.asking === 'ship' ? '标记已发货？' : onBehalf ? '代供应商确认可发数量？' : '确认可发数量？'}
        content={store.asking === 'ship' ? `${wave.rows.reduce((n, r) => n + r.toPack, 0)} 件将标记为已发货，团长的订单显示“已发货”。标记后不能撤回，请在货已送出后再标记。` : store.confirmText}
        confirmText={store.asking === 'ship' ? '确认已发货' : '确认提交'}
        cancelText="再看看"
        onConfirm={() => void (store.asking === 'ship' ? store.ship() : store.confirm())}
        onCancel={() => store.cancelAsk()}
      />
      <Notice notice={store.notice} onClose={() => store.dismissNotice()} />
    </View>
  );
});
