import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { FormChoice, FormFooter, FormSection, FormText } from '../../../components/operator/FormFields';
import { RuleEffectDialog } from '../../../components/operator/RuleEffectDialog';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { useEditStore } from '../../../components/operator/useEditStore';
import { BASIS_LABELS, LEVEL_LABELS } from '../../../services/labels';
import { nav, PAGES } from '../../../services/nav';
import { SupplierEditStore } from '../../../stores/operator/suppliers';
import { useSuppliers } from '../../../stores/operator';
import '../operator.scss';

const LEVELS = (['rules', 'portal', 'api'] as const).map((v) => ({ value: v, label: LEVEL_LABELS[v] }));
const BASES = (['physical', 'available'] as const).map((v) => ({ value: v, label: v === 'physical' ? '实物库存' : '可用库存' }));

const SupplierForm = observer(function SupplierForm({ edit }: { edit: SupplierEditStore }) {
  const suppliers = useSuppliers();
  const { form } = edit;
  // 保存, or 确认保存 after the effect on sellable was shown: either way back to the list once saved.
  const save = async (saving: Promise<boolean>) => {
    if (await saving) {
      await suppliers.load();
      nav.backTo(PAGES.suppliers);
    }
  };
  return (
    <View className="hz-op-form">
      <Text className="hz-page-title hz-op-head">{edit.create ? '新建供应商' : `编辑 ${form.value('name')}`}</Text>
      <FormSection title="基本信息">
        <FormText form={form} name="id" label="供应商编码" hint="字母、数字、- 或 _，2–32 位，建好后不能改" disabled={!edit.create} maxLength={32} />
        <FormText form={form} name="name" label="名称" maxLength={40} />
        <FormText form={form} name="contact" label="联系人" placeholder="如 张姐 138-0000-0303" />
        <FormChoice form={form} name="level" label="对接方式" options={LEVELS} hint="群消息代报的供应商由运营代为录入或导入表格" />
      </FormSection>
      <FormSection title="报数">
        <FormText form={form} name="reportTimes" label="报数时间" hint="每天几点报数，多个用空格隔开，如 08:00 20:00" />
        <FormChoice form={form} name="basis" label="库存口径" options={BASES} hint={BASIS_LABELS[form.value('basis') === 'available' ? 'available' : 'physical']} />
      </FormSection>
      <FormSection title="截单与提醒（选填）" note="不填则用全局截单时间">
        <FormText form={form} name="cutoffTime" label="截单时间" placeholder="默认用全局设置" hint="如 21:00；这个供应商的订单到点单独截单" maxLength={5} />
        <FormText form={form} name="wecomWebhook" label="群机器人地址" placeholder="粘贴群机器人的 Webhook 地址（选填）" hint="供应商团队的企业微信群机器人，报数、波次等提醒发到这个群" maxLength={200} />
      </FormSection>
      <FormSection title="安全库存（选填）" note="不填则用全局设置；三项取最大值，且不超过现货">
        <FormText form={form} name="bufferPolicy.ratio" label="按现货比例" unit="%" type="digit" placeholder="如 30" />
        <FormText form={form} name="bufferPolicy.fixed" label="固定件数" unit="件" type="number" placeholder="如 3" />
        <FormText form={form} name="bufferPolicy.velocityFraction" label="按日均销量" unit="%" type="digit" placeholder="如 30" />
      </FormSection>
      <FormSection title="跳变阈值（选填）" note="报数超过上次的这个倍数（或低于它的倒数）且相差至少这些件数时，需要确认才生效；不填则用全局设置">
        <FormText form={form} name="jumpThreshold.ratio" label="倍数" unit="倍" type="digit" placeholder="如 3" />
        <FormText form={form} name="jumpThreshold.minUnits" label="至少相差" unit="件" type="number" placeholder="如 20" />
      </FormSection>
      <FormFooter form={form} saveText="保存" onSave={() => void save(edit.save())} onCancel={() => nav.backTo(PAGES.suppliers)} />
      <RuleEffectDialog
        preview={edit.saving.effect?.preview ?? null}
        saving={form.saving}
        onConfirm={() => void save(edit.saving.confirm())}
        onBack={() => edit.saving.dismiss()}
      />
    </View>
  );
});

const SupplierEditBody = observer(function SupplierEditBody() {
  const suppliers = useSuppliers();
  const [id] = useState(() => nav.params().id ?? '');
  useEffect(() => {
    if (id) void suppliers.ensureLoaded();
  }, [id, suppliers]);
  const existing = id ? suppliers.find(id) : undefined;
  const [edit] = useEditStore(id, existing, (saved) => new SupplierEditStore(saved === undefined, saved));

  if (id && !existing) {
    if (suppliers.status === 'error') return <LoadError title="供应商加载失败" message={suppliers.error} onRetry={() => void suppliers.load()} />;
    if (suppliers.status === 'ready') return <EmptyState title="找不到这个供应商" description={`编码 ${id}`} />;
    return <LoadingLine />;
  }
  return edit ? <SupplierForm edit={edit} /> : <LoadingLine />;
});

export default function SupplierEditPage() {
  return (
    <OperatorPage back={{ to: PAGES.suppliers, label: '供应商' }}>
      <SupplierEditBody />
    </OperatorPage>
  );
}
