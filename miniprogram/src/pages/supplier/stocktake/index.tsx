import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { BackBar } from '../../../components/BackBar';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { RequireRole } from '../../../components/RequireRole';
import { StocktakeCard } from '../../../components/stocktake/StocktakeCard';
import { StocktakeDetail } from '../../../components/stocktake/StocktakeDetail';
import { now } from '../../../services/clock';
import { nav, PAGES } from '../../../services/nav';
import { SUPPLIER_STOCKTAKE, StocktakeDetailStore } from '../../../stores/stocktake';
import { useSupplierStocktakes } from '../../../stores/stocktake-list';
import '../../../components/stocktake/stocktake.scss';

/** The supplier's stocktakes, those to count or confirm first. */
const StocktakeList = observer(function StocktakeList() {
  const list = useSupplierStocktakes();
  useEffect(() => {
    void list.load();
  }, [list]);
  usePullDownRefresh(() => {
    void list.load().finally(() => Taro.stopPullDownRefresh());
  });

  if (list.status === 'idle' || list.status === 'loading') return <LoadingLine text="正在加载盘点…" />;
  if (list.status === 'error') return <LoadError title="盘点加载失败" message={list.error} onRetry={() => void list.load()} />;
  const at = now();
  return (
    <View className="hz-stk-list">
      <Text className="hz-page-title">盘点对账</Text>
      <Text className="hz-muted">运营发起或按计划开始盘点后，请逐个清点实物库存并提交；提交后对比账面数，差异较大的需说明原因，确认后交运营审核</Text>
      {list.list.length === 0 ? (
        <EmptyState title="还没有盘点" description="运营发起盘点或到了计划的盘点时间，这里会出现要清点的商品" />
      ) : (
        list.sorted.map((s) => <StocktakeCard key={s.id} item={s} now={at} onOpen={() => nav.open(PAGES.supplierStocktake, { id: s.id })} />)
      )}
    </View>
  );
});

function SupplierStocktakeBody() {
  const list = useSupplierStocktakes();
  // One store per opened stocktake; the list follows each change.
  const [store] = useState(() => {
    const id = nav.params().id ?? '';
    return id ? new StocktakeDetailStore(SUPPLIER_STOCKTAKE, id, () => void list.load()) : null;
  });
  return store ? <StocktakeDetail store={store} /> : <StocktakeList />;
}

/** Where "‹" goes: from one stocktake to the list, from the list to the report. */
function Top() {
  const [id] = useState(() => nav.params().id ?? '');
  return id ? <BackBar to={PAGES.supplierStocktake} label="盘点列表" /> : <BackBar to={PAGES.report} label="库存报送" />;
}

export default function SupplierStocktakePage() {
  return (
    <RequireRole roles={['supplier']}>
      <Top />
      <SupplierStocktakeBody />
    </RequireRole>
  );
}
