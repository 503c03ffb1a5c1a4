import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { NumberInput } from '../../../components/NumberInput';
import { Button, Dialog, Tag } from '../../../components/nutui';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { now } from '../../../services/clock';
import { formatTime } from '../../../services/format';
import { nav, PAGES } from '../../../services/nav';
import type { BufferSuggestionRow, SkuBufferSuggestionRow } from '../../../services/types';
import {
  BufferSuggestionsStore,
  LIMIT_LABELS,
  type LimitName,
  changes,
  effectText,
  percent,
  policyExtras,
  ratioOf,
} from '../../../stores/buffers';
import '../operator.scss';
import './buffers.scss';

const LIMITS: LimitName[] = ['minRatio', 'maxRatio', 'coverage'];

const Limits = observer(function Limits({ store }: { store: BufferSuggestionsStore }) {
  return (
    <View className="hz-card hz-buf-limits">
      <View className="hz-buf-limit-boxes">
        {LIMITS.map((name) => (
          <View key={name} className={`hz-buf-limit hz-buf-limit--${name}${store.limitErrors[name] ? ' hz-buf-limit--error' : ''}`}>
            <Text className="hz-buf-limit-label">{LIMIT_LABELS[name]}</Text>
            <View className="hz-buf-limit-box">
              <NumberInput
                className="hz-buf-limit-input"
                label={LIMIT_LABELS[name]}
                value={store.drafts[name]}
                onChange={(text) => store.setDraft(name, text)}
                onConfirm={() => void store.requery()}
              />
              <Text className="hz-unit">%</Text>
            </View>
            {store.limitErrors[name] && <Text className="hz-field-error">{store.limitErrors[name]}</Text>}
          </View>
        ))}
      </View>
      <Button size="small" fill="outline" className="hz-buf-requery" onClick={() => void store.requery()}>
        重新计算
      </Button>
    </View>
  );
});

/** 基于最近 12 个波次 24 个商品·波次，其中缺货 2 次；覆盖 91.7%；到达上限. */
function reasonText(row: BufferSuggestionRow): string {
  const s = row.suggestion;
  if (s.status !== 'suggested') return '';
  const bound = s.bounded === 'max' ? '；到达上限' : s.bounded === 'min' ? '；到达下限' : '';
  return `基于最近 ${s.waves} 个波次 ${s.observations} 个商品·波次，其中缺货 ${s.short} 次；覆盖 ${percent(s.covered)}${bound}`;
}

/** 土鸡蛋 30枚：30% → 40%（12 个波次，缺货 2 次）· 可售 −12 件. */
function SkuLine({ sku }: { sku: SkuBufferSuggestionRow }) {
  const s = sku.suggestion;
  const last = sku.lastChange;
  return (
    <View className="hz-buf-sku" data-sku={sku.skuId}>
      <Text className="hz-buf-sku-name">{sku.skuName}</Text>
      <Text className="hz-buf-sku-change">
        {percent(ratioOf(sku.current.policy))}{sku.current.own ? '（自有）' : ''} → {percent(s.ratio)}（{s.waves} 个波次，缺货 {s.short} 次{s.bounded === 'max' ? '，到达上限' : ''}）· {effectText(sku.effect)}
      </Text>
      {last && !last.inForce && <Text className="hz-muted hz-buf-sku-last">上次按建议设为 {percent(ratioOf(last.to))}，已被改动</Text>}
    </View>
  );
}

function SkuList({ row }: { row: BufferSuggestionRow }) {
  if (row.skus.length === 0) return null;
  return (
    <View className="hz-buf-skus">
      <Text className="hz-muted hz-buf-skus-head">{row.skus.length} 个商品按自己的波次单独设缓冲，与供应商比例一起应用：</Text>
      {row.skus.map((sku) => <SkuLine key={sku.skuId} sku={sku} />)}
    </View>
  );
}

const Row = observer(function Row({ store, row }: { store: BufferSuggestionsStore; row: BufferSuggestionRow }) {
  const s = row.suggestion;
  const choosable = changes(row);
  const checked = store.isSelected(row.supplierId);
  const extras = policyExtras(row.current.policy);
  const last = row.lastChange;
  return (
    <View className={`hz-card hz-buf-row${checked ? ' hz-buf-row--chosen' : ''}`} data-supplier={row.supplierId}>
      <View className="hz-buf-row-head">
        {choosable ? (
          <View
            className={`hz-buf-check${checked ? ' hz-buf-check--on' : ''}`}
            role="checkbox"
            aria-checked={checked}
            aria-label={`选择 ${row.supplierName}`}
            onClick={() => store.toggle(row.supplierId)}
          >
            {checked ? '✓' : ''}
          </View>
        ) : null}
        <Text className="hz-buf-name">{row.supplierName}</Text>
        {s.status === 'insufficient' ? <Tag type="default">数据不足</Tag> : choosable ? null : <Tag type="success">与建议一致</Tag>}
      </View>
      <View className="hz-buf-ratios">
        <View className="hz-buf-ratio hz-buf-current">
          <Text className="hz-muted">当前缓冲</Text>
          <Text className="hz-buf-ratio-value">{percent(ratioOf(row.current.policy))}</Text>
          <Text className="hz-muted">{row.current.own ? '自有' : '全局'}</Text>
        </View>
        {s.status === 'suggested' && (
          <View className="hz-buf-ratio hz-buf-suggested">
            <Text className="hz-muted">建议</Text>
            <Text className={`hz-buf-ratio-value${choosable ? ' hz-buf-ratio-value--new' : ''}`}>{percent(s.ratio)}</Text>
            <Text className="hz-muted">{s.bounded === 'max' ? '上限' : s.bounded === 'min' ? '下限' : `需 ${percent(s.neededRatio)}`}</Text>
          </View>
        )}
      </View>
      {extras && <Text className="hz-muted hz-buf-extras">{extras}</Text>}
      {s.status === 'suggested' ? (
        <View>
          <Text className="hz-op-line hz-buf-reason">{reasonText(row)}</Text>
          {choosable && row.effect && (
            <Text className="hz-op-line hz-buf-effect">
              现在应用：{effectText(row.effect)}，涉及 {row.effect.skus} 个商品
            </Text>
          )}
          <SkuList row={row} />
        </View>
      ) : (
        <Text className="hz-op-line hz-buf-insufficient">
          数据不足（还需 {s.needed - s.observations} 个商品·波次）：已有 {s.observations} 个，至少 {s.needed} 个才给建议
        </Text>
      )}
      {last && (
        <Text className={`hz-muted hz-buf-last hz-buf-last--${last.inForce ? 'in-force' : 'replaced'}`}>
          上次调整：{last.byName} · {formatTime(last.at, now())} · {last.from ? percent(ratioOf(last.from)) : '全局'} → {percent(ratioOf(last.to))} · {last.inForce ? '已生效' : '未生效'}
        </Text>
      )}
    </View>
  );
});

const Body = observer(function Body({ store }: { store: BufferSuggestionsStore }) {
  useEffect(() => {
    void store.load();
  }, [store]);
  usePullDownRefresh(() => {
    void store.load().finally(() => Taro.stopPullDownRefresh());
  });
  const view = store.view;
  const effect = store.chosenEffect;
  return (
    <View className="hz-buf">
      <Text className="hz-page-title hz-op-head">缓冲建议</Text>
      <Text className="hz-muted hz-buf-intro">
        按各供应商最近的已确认波次：当时以为的库存与供应商实际可发相比，算出能覆盖所选比例的商品·波次的缓冲比例，限在最低与最高比例之间
        {view ? `（最近 ${view.limits.waves} 个波次，至少 ${view.limits.minObservations} 个商品·波次）` : ''}。
        {view ? `在至少 ${view.limits.minSkuObservations} 个波次里有销量的商品，按它自己的波次单独给出缓冲。` : ''}
      </Text>
      <Limits store={store} />
      {store.status === 'idle' || store.status === 'loading' ? (
        <LoadingLine text="正在计算缓冲建议…" />
      ) : store.status === 'error' || !view ? (
        <LoadError title="缓冲建议加载失败" message={store.error} onRetry={() => void store.load()} />
      ) : view.rows.length === 0 ? (
        <EmptyState title="还没有供应商" description="添加供应商、确认过波次后，这里按各供应商的实际可发建议缓冲比例" />
      ) : (
        <View>
          {store.applied && <Text className="hz-op-line hz-buf-applied">{store.applied}</Text>}
          {store.applyError && <Text className="hz-op-alert hz-buf-apply-error">{store.applyError}</Text>}
          {view.rows.map((row) => (
            <Row key={row.supplierId} store={store} row={row} />
          ))}
        </View>
      )}
      {store.status === 'ready' && store.anyChangeable && (
        <View className="hz-bottom-bar">
          <Text className="hz-bottom-bar-info hz-buf-chosen">
            {store.chosen.length === 0 ? '勾选要调整的供应商' : `已选 ${store.chosen.length} 个 · ${effectText(effect)}`}
          </Text>
          <Button type="primary" className="hz-buf-apply" loading={store.applying} disabled={store.applying || store.chosen.length === 0} onClick={() => store.askApply()}>
            应用所选建议
          </Button>
        </View>
      )}
      <Dialog
        className="hz-buf-ask"
        visible={store.asking}
        title="应用所选建议？"
        content={store.asking ? store.confirmText : ''}
        confirmText="确认应用"
        cancelText="再看看"
        onConfirm={() => void store.apply()}
        onCancel={() => store.cancelAsk()}
      />
      <Notice notice={store.notice} onClose={() => store.dismissNotice()} />
    </View>
  );
});

export default function OperatorBuffersPage() {
  const [store] = useState(() => new BufferSuggestionsStore());
  // Opened from 供应商考核 (?from=scorecards) goes back there; from 工作台, to it.
  const [fromScorecards] = useState(() => nav.params().from === 'scorecards');
  return (
    <OperatorPage back={fromScorecards ? { to: PAGES.operatorScorecards, label: '供应商考核' } : undefined}>
      <Body store={store} />
    </OperatorPage>
  );
}
