import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { BufferPolicyFields, FormChoice, FormFooter, FormSection, FormText } from '../../../components/operator/FormFields';
import { RuleEffectDialog } from '../../../components/operator/RuleEffectDialog';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { SupplierPicker } from '../../../components/operator/SupplierPicker';
import { useEditStore } from '../../../components/operator/useEditStore';
import { SALE_UNIT_LABELS, TIER_LABELS } from '../../../services/labels';
import { nav, PAGES } from '../../../services/nav';
import { SkuEditStore } from '../../../stores/operator/catalogue';
import { useCatalogue, useSuppliers } from '../../../stores/operator';
import '../operator.scss';

const TIERS = [{ value: '', label: '自动' }, ...(['hot', 'normal', 'longTail'] as const).map((v) => ({ value: v, label: TIER_LABELS[v] }))];
const SALE_UNIT_CHOICES = [{ value: '', label: '按件（默认）' }, ...Object.entries(SALE_UNIT_LABELS).map(([value, label]) => ({ value, label }))];
const LISTED = [
  { value: 'yes', label: '上架' },
  { value: 'no', label: '下架' },
];

/** "团长教的叫法": words leaders taught for this SKU in their own 接龙 lists (each for that leader only). */
const LeaderWords = observer(function LeaderWords({ edit }: { edit: SkuEditStore }) {
  useEffect(() => {
    void edit.loadLeaderWords();
  }, [edit]);
  const words = edit.leaderWords;
  if (!words || words.length === 0) return null;
  return (
    <FormSection title="团长教的叫法" note="团长在接龙里选过这个商品后记住的叫法，只对该团长自己的接龙有效">
      {words.map((w) => (
        <Text key={`${w.leaderId}-${w.word}`} className="hz-field-static hz-op-leader-word">
          “{w.word}” · {w.leaderName}
        </Text>
      ))}
    </FormSection>
  );
});

const SkuForm = observer(function SkuForm({ edit }: { edit: SkuEditStore }) {
  const catalogue = useCatalogue();
  const suppliers = useSuppliers();
  const { form } = edit;
  // 保存, or 确认保存 after the effect on sellable was shown: either way back to the list once saved.
  const save = async (saving: Promise<boolean>) => {
    if (await saving) {
      await catalogue.load();
      nav.backTo(PAGES.skus);
    }
  };
  const supplierName = suppliers.find(form.value('supplierId'))?.name ?? form.value('supplierId');
  return (
    <View className="hz-op-form">
      <Text className="hz-page-title hz-op-head">{edit.create ? '新建商品' : `编辑 ${form.value('name')}`}</Text>
      <FormSection title="供应商">
        {edit.create ? (
          <View className={`hz-field${form.errors.supplierId ? ' hz-field--error' : ''}`}>
            <SupplierPicker suppliers={suppliers.list} value={form.value('supplierId')} onChange={(id) => form.set('supplierId', id)} />
            {form.errors.supplierId && <Text className="hz-field-error">{form.errors.supplierId}</Text>}
          </View>
        ) : (
          <View className="hz-field">
            <Text className="hz-field-static">{supplierName}</Text>
            <Text className="hz-field-hint">商品建好后不能换供应商；换供应商请新建商品编码</Text>
            {form.errors.supplierId && <Text className="hz-field-error">{form.errors.supplierId}</Text>}
          </View>
        )}
      </FormSection>
      <FormSection title="商品">
        <FormText form={form} name="id" label="商品编码" hint="统一编码：字母、数字、- 或 _；颜色、尺码、重量不同要用不同编码" disabled={!edit.create} maxLength={32} />
        <FormText form={form} name="name" label="名称" maxLength={40} />
        <FormText form={form} name="spec" label="规格" placeholder="如 5斤装 果径75-80mm" maxLength={40} />
        <FormText form={form} name="category" label="品类" placeholder="如 水果" maxLength={20} />
        <FormText form={form} name="supplierCode" label="供应商商品编码" placeholder="选填：供应商自己的编码" maxLength={40} />
        <FormChoice form={form} name="listed" label="状态" options={LISTED} />
        <FormChoice form={form} name="saleUnit" label="售卖单位" options={SALE_UNIT_CHOICES} hint="按斤、公斤或克称重卖的选重量单位：接龙里的“3斤”就是数量" />
        <FormText form={form} name="saleStep" label="数量步长" type="digit" placeholder="默认 1" hint="数量须是它的整数倍，如 0.5 即半斤起" />
        <FormText form={form} name="aliases" label="别名" placeholder="选填，如 酒精、消毒酒精" hint="接龙里写这些叫法也认作这个商品；多个用逗号或顿号分开" maxLength={400} />
      </FormSection>
      {!edit.create && <LeaderWords edit={edit} />}
      <FormSection title="价格" note="成本价只有运营和这个供应商能看到">
        <FormText form={form} name="price" label="售价" unit="元" type="digit" placeholder="如 29.90" />
        <FormText form={form} name="cost" label="成本价" unit="元" type="digit" placeholder="选填" />
      </FormSection>
      <FormSection title="库存规则">
        <FormText form={form} name="warningLine" label="预警线" unit="件" type="number" hint="可售降到这个数以下时提醒" />
        <FormChoice form={form} name="tierOverride" label="同步优先级" options={TIERS} hint="自动：按销量和可售天数计算" />
      </FormSection>
      <BufferPolicyFields form={form} title="单独的安全库存（选填）" note="不填则用供应商的，供应商也没有则用全局设置" examples={{ ratio: '20', fixed: '5' }} />
      <FormFooter form={form} saveText="保存" onSave={() => void save(edit.save())} onCancel={() => nav.backTo(PAGES.skus)} />
      <RuleEffectDialog
        preview={edit.saving.effect?.preview ?? null}
        saving={form.saving}
        onConfirm={() => void save(edit.saving.confirm())}
        onBack={() => edit.saving.dismiss()}
      />
    </View>
  );
});

const SkuEditBody = observer(function SkuEditBody() {
  const catalogue = useCatalogue();
  const suppliers = useSuppliers();
  const [params] = useState(() => nav.params());
  const id = params.id ?? '';
  useEffect(() => {
    void suppliers.ensureLoaded();
    if (id && catalogue.status !== 'ready') void catalogue.load();
  }, [id, catalogue, suppliers]);
  const existing = id ? catalogue.find(id) : undefined;
  const [edit] = useEditStore(id, existing, (saved) => (saved ? new SkuEditStore(false, saved) : new SkuEditStore(true, undefined, params.supplierId ?? '')));

  if (id && !existing) {
    if (catalogue.status === 'error') return <LoadError title="商品加载失败" message={catalogue.error} onRetry={() => void catalogue.load()} />;
    if (catalogue.status === 'ready') return <EmptyState title="找不到这个商品" description={`编码 ${id}`} />;
    return <LoadingLine />;
  }
  return edit ? <SkuForm edit={edit} /> : <LoadingLine />;
});

export default function SkuEditPage() {
  return (
    <OperatorPage back={{ to: PAGES.skus, label: '商品' }}>
      <SkuEditBody />
    </OperatorPage>
  );
}
