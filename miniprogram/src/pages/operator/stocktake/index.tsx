import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/nutui';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { SupplierPicker } from '../../../components/operator/SupplierPicker';
import { WithSuppliers } from '../../../components/operator/WithSuppliers';
import { StocktakeCard } from '../../../components/stocktake/StocktakeCard';
import { StocktakeDetail } from '../../../components/stocktake/StocktakeDetail';
import { now } from '../../../services/clock';
import { nav, PAGES } from '../../../services/nav';
import { useOperatorStocktakes, useSuppliers } from '../../../stores/operator';
import { OPERATOR_STOCKTAKE, StocktakeDetailStore } from '../../../stores/stocktake';
import '../../../components/stocktake/stocktake.scss';
import '../operator.scss';

/** 发起盘点: pick a supplier, open one (its staff hear of it at once). */
const OpenStocktake = observer(function OpenStocktake() {
  const suppliers = useSuppliers();
  const list = useOperatorStocktakes();
  const [supplierId, setSupplierId] = useState(() => list.supplierId);
  const open = async () => {
    const id = await list.open(supplierId);
    if (id) nav.open(PAGES.operatorStocktake, { id });
  };
  return (
    <View className="hz-form-section hz-stk-open">
      <Text className="hz-section-title">发起盘点</Text>
      <Text className="hz-form-section-note">选择供应商后发起：供应商会收到通知，在 24 小时内逐个清点全部在售商品（不显示账面数）</Text>
      <SupplierPicker suppliers={suppliers.list} value={supplierId} onChange={setSupplierId} disabled={list.opening} />
      {list.openError && <Text className="hz-field-error hz-stk-open-error">{list.openError}</Text>}
      <View className="hz-inline-actions">
        <Button type="primary" size="small" className="hz-stk-open-button" loading={list.opening} disabled={list.opening || !supplierId} onClick={() => void open()}>
          发起盘点
        </Button>
      </View>
    </View>
  );
});

const StocktakeList = observer(function StocktakeList() {
  const suppliers = useSuppliers();
  const list = useOperatorStocktakes();
  useEffect(() => {
    // Opened from a supplier's page: that supplier's stocktakes.
    const from = nav.params().supplierId;
    void (from !== undefined ? list.filter(from) : list.load());
  }, [list]);

  const at = now();
  return (
    <View className="hz-stk-list">
      <Text className="hz-page-title hz-op-head">盘点对账</Text>
      <OpenStocktake />
      <Text className="hz-section-title">盘点记录</Text>
      <SupplierPicker suppliers={suppliers.list} value={list.supplierId} allLabel="全部" onChange={(id) => void list.filter(id)} />
      {list.status === 'idle' || list.status === 'loading' ? (
        <LoadingLine text="正在加载盘点…" />
      ) : list.status === 'error' ? (
        <LoadError title="盘点加载失败" message={list.error} onRetry={() => void list.load()} />
      ) : list.list.length === 0 ? (
        <EmptyState title="还没有盘点" description="发起盘点，或在供应商页面设置盘点计划（每周或每两周）" />
      ) : (
        list.sorted.map((s) => <StocktakeCard key={s.id} item={s} now={at} showSupplier onOpen={() => nav.open(PAGES.operatorStocktake, { id: s.id })} />)
      )}
    </View>
  );
});

function OperatorStocktakeBody() {
  const list = useOperatorStocktakes();
  const [store] = useState(() => {
    const id = nav.params().id ?? '';
    return id ? new StocktakeDetailStore(OPERATOR_STOCKTAKE, id, () => void list.load()) : null;
  });
  return store ? (
    <StocktakeDetail store={store} onBehalf />
  ) : (
    <WithSuppliers>
      <StocktakeList />
    </WithSuppliers>
  );
}

export default function OperatorStocktakePage() {
  const [id] = useState(() => nav.params().id ?? '');
  return (
    <OperatorPage back={id ? { to: PAGES.operatorStocktake, label: '盘点列表' } : undefined}>
      <OperatorStocktakeBody />
    </OperatorPage>
  );
}
