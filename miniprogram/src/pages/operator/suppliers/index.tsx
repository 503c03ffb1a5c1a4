import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button, Tag } from '../../../components/nutui';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { now } from '../../../services/clock';
import { formatAgo } from '../../../services/format';
import { LEVEL_LABELS } from '../../../services/labels';
import { nav, PAGES } from '../../../services/nav';
import type { SupplierView } from '../../../services/types';
import { useSuppliers } from '../../../stores/operator';
import '../operator.scss';

function SupplierCard({ supplier, at }: { supplier: SupplierView; at: number }) {
  return (
    <View className="hz-card hz-supplier-card" onClick={() => nav.open(PAGES.supplierEdit, { id: supplier.id })}>
      <View className="hz-row-between">
        <Text className="hz-sku-name">{supplier.name}</Text>
        <Tag type={supplier.level === 'rules' ? 'warning' : 'primary'} plain>
          {LEVEL_LABELS[supplier.level]}
        </Tag>
      </View>
      <Text className="hz-muted">
        {supplier.id}
        {supplier.contact ? ` · ${supplier.contact}` : ''}
      </Text>
      <Text className="hz-op-line">
        报数 {supplier.reportTimes.join('、')} · {supplier.skuCount} 个商品 · {supplier.lastReportedAt === null ? '还没报过数' : `上次报数 ${formatAgo(supplier.lastReportedAt, at)}`}
      </Text>
      {supplier.heldCount > 0 && <Text className="hz-op-alert">{supplier.heldCount} 次报数待确认</Text>}
      {supplier.overAgeCount > 0 && <Text className="hz-op-alert hz-op-alert--over-age">{supplier.overAgeCount} 个商品报数超龄</Text>}
    </View>
  );
}

const SuppliersBody = observer(function SuppliersBody() {
  const suppliers = useSuppliers();
  useEffect(() => {
    void suppliers.load();
  }, [suppliers]);
  const at = now();

  if (suppliers.status === 'idle' || suppliers.status === 'loading') return <LoadingLine text="正在加载供应商…" />;
  if (suppliers.status === 'error') return <LoadError title="供应商加载失败" message={suppliers.error} onRetry={() => void suppliers.load()} />;
  return (
    <View>
      <View className="hz-row-between hz-op-head">
        <Text className="hz-page-title">供应商（{suppliers.list.length}）</Text>
        <Button size="small" type="primary" onClick={() => nav.open(PAGES.supplierEdit)}>
          新建供应商
        </Button>
      </View>
      {suppliers.list.length === 0 ? (
        <EmptyState title="还没有供应商" description="点右上角新建第一个供应商" />
      ) : (
        suppliers.list.map((s) => <SupplierCard key={s.id} supplier={s} at={at} />)
      )}
    </View>
  );
});

export default function SuppliersPage() {
  return (
    <OperatorPage>
      <SuppliersBody />
    </OperatorPage>
  );
}
