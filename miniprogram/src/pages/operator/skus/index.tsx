import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button, Input, Tag } from '../../../components/nutui';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { SupplierPicker } from '../../../components/operator/SupplierPicker';
import { formulaText } from '../../../services/format';
import { TIER_LABELS } from '../../../services/labels';
import { formatYuan } from '../../../services/money';
import { nav, PAGES } from '../../../services/nav';
import type { OperatorSkuView } from '../../../services/types';
import { useCatalogue, useSuppliers } from '../../../stores/operator';
import '../operator.scss';

function SkuCard({ sku }: { sku: OperatorSkuView }) {
  const tier = sku.figure.freshness?.tier;
  return (
    <View className={`hz-card hz-sku-card${sku.listed ? '' : ' hz-sku-card--delisted'}`}>
      <View className="hz-row-between">
        <View className="hz-sku-card-info">
          <Text className="hz-sku-name">{sku.name}</Text>
          <Text className="hz-sku-spec">{sku.spec}</Text>
        </View>
        <View className="hz-sku-card-sellable">
          <Text className="hz-sku-card-number">{sku.figure.sellable}</Text>
          <Text className="hz-muted">可售</Text>
        </View>
      </View>
      <Text className="hz-muted">
        {sku.id}
        {sku.supplierCode ? ` · 供应商编码 ${sku.supplierCode}` : ''} · {sku.supplierName}
      </Text>
      <Text className="hz-op-line">
        售价 {formatYuan(sku.price)} · 成本 {sku.cost === undefined ? '未填' : formatYuan(sku.cost)} · 预警线 {sku.warningLine}
      </Text>
      {sku.figure.freshness ? <Text className="hz-item-formula">{formulaText(sku.figure)}</Text> : <Text className="hz-muted">还没报过数</Text>}
      <View className="hz-row-between hz-sku-card-foot">
        <View className="hz-tags">
          {!sku.listed && <Tag type="default">已下架</Tag>}
          {sku.tierOverride ? (
            <Tag type="warning" plain>
              {TIER_LABELS[sku.tierOverride]}（手动）
            </Tag>
          ) : tier ? (
            <Tag plain>{TIER_LABELS[tier]}</Tag>
          ) : null}
          {sku.bufferPolicy && <Tag plain>单独缓冲</Tag>}
        </View>
        <View className="hz-tags">
          <Text className="hz-link hz-history-link" onClick={() => nav.open(PAGES.skuHistory, { skuId: sku.id })}>
            历史
          </Text>
          <Text className="hz-link hz-edit-link" onClick={() => nav.open(PAGES.skuEdit, { id: sku.id })}>
            编辑
          </Text>
        </View>
      </View>
    </View>
  );
}

const SkusBody = observer(function SkusBody() {
  const catalogue = useCatalogue();
  const suppliers = useSuppliers();
  useEffect(() => {
    void catalogue.load();
    void suppliers.ensureLoaded();
  }, [catalogue, suppliers]);

  if (catalogue.status === 'idle' || catalogue.status === 'loading') return <LoadingLine text="正在加载商品…" />;
  if (catalogue.status === 'error') return <LoadError title="商品加载失败" message={catalogue.error} onRetry={() => void catalogue.load()} />;
  const visible = catalogue.visible;
  return (
    <View>
      <View className="hz-row-between hz-op-head">
        <Text className="hz-page-title">商品（{catalogue.skus.length}）</Text>
        <Button size="small" type="primary" onClick={() => nav.open(PAGES.skuEdit, catalogue.supplierId ? { supplierId: catalogue.supplierId } : {})}>
          新建商品
        </Button>
      </View>
      <SupplierPicker suppliers={suppliers.list} value={catalogue.supplierId} allLabel="全部" onChange={(id) => catalogue.setSupplier(id)} />
      <View className="hz-search">
        <Input className="hz-search-input" value={catalogue.query} placeholder="搜索名称、规格或编码" clearable aria-label="搜索商品" onChange={(text) => catalogue.setQuery(text)} />
      </View>
      {catalogue.error && (
        <View className="hz-banner hz-banner--error">
          <Text>刷新失败：{catalogue.error}</Text>
        </View>
      )}
      <Text className="hz-muted hz-op-count">显示 {visible.length} 个</Text>
      {visible.length === 0 ? (
        <EmptyState title={catalogue.skus.length === 0 ? '还没有商品' : '没有符合条件的商品'} description={catalogue.skus.length === 0 ? '点右上角新建商品' : '换个供应商或关键词试试'} />
      ) : (
        visible.map((sku) => <SkuCard key={sku.id} sku={sku} />)
      )}
    </View>
  );
});

export default function SkusPage() {
  return (
    <OperatorPage>
      <SkusBody />
    </OperatorPage>
  );
}
