import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/nutui';
import { EmptyState } from '../../../components/EmptyState';
import { LoadingLine } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { FormSection, FormSwitch, FormText } from '../../../components/operator/FormFields';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { useSettings } from '../../../stores/operator';
import '../operator.scss';

const SettingsBody = observer(function SettingsBody() {
  const settings = useSettings();
  useEffect(() => {
    void settings.load();
  }, [settings]);

  if (settings.status === 'idle' || settings.status === 'loading') return <LoadingLine text="正在加载设置…" />;
  if (settings.status === 'error') {
    return (
      <EmptyState tone="error" title="设置加载失败" description={settings.loadError ?? ''}>
        <Button type="primary" onClick={() => void settings.load()}>
          重试
        </Button>
      </EmptyState>
    );
  }
  const { form } = settings;
  return (
    <View className="hz-op-form hz-settings">
      <Text className="hz-page-title hz-op-head">设置</Text>
      <FormSection title="默认安全库存" note="供应商和商品没有单独设置时使用；三项取最大值，且不超过现货">
        <FormText form={form} name="bufferPolicy.ratio" label="按现货比例" unit="%" type="digit" placeholder="不用请留空" />
        <FormText form={form} name="bufferPolicy.fixed" label="固定件数" unit="件" type="number" placeholder="不用请留空" />
        <FormText form={form} name="bufferPolicy.velocityFraction" label="按日均销量" unit="%" type="digit" placeholder="不用请留空" hint="近 7 天我们订单的日均销量的百分之几，建议 20–50" />
      </FormSection>
      <FormSection title="预警">
        <FormText form={form} name="warningLine" label="默认预警线" unit="件" type="number" hint="可售降到这个数以下时提醒（商品可单独设置）" />
      </FormSection>
      <FormSection title="跳变确认" note="报数超过上次的这个倍数（或低于它的倒数），且相差至少这些件数时，先不生效，等确认">
        <FormText form={form} name="jumpThreshold.ratio" label="倍数" unit="倍" type="digit" />
        <FormText form={form} name="jumpThreshold.minUnits" label="至少相差" unit="件" type="number" />
      </FormSection>
      <FormSection title="同步优先级" note="按日均销量（我们和其他渠道）与可售天数自动分级">
        <FormText form={form} name="tiers.hotDailySales" label="热销：日均销量达到" unit="件/天" type="digit" />
        <FormText form={form} name="tiers.hotDaysOfCover" label="热销：可售天数不超过" unit="天" type="digit" />
        <FormText form={form} name="tiers.longTailDailySales" label="长尾：日均销量低于" unit="件/天" type="digit" />
        <FormText form={form} name="tiers.maxReportAgeHours.hot" label="热销最长报数间隔" unit="小时" type="digit" />
        <FormText form={form} name="tiers.maxReportAgeHours.normal" label="常规最长报数间隔" unit="小时" type="digit" />
        <FormText form={form} name="tiers.maxReportAgeHours.longTail" label="长尾最长报数间隔" unit="小时" type="digit" />
      </FormSection>
      <FormSection title="预估与过期">
        <FormSwitch form={form} name="projection" label="按其他渠道销量预估现货" hint="报数之后，按供应商在其他渠道的销售速度把现货往下估" />
        <FormSwitch form={form} name="staleness" label="报数过期时加宽安全库存" hint="报数超过最长间隔后，多留一些安全库存" />
        <FormText form={form} name="staleExtraRatio" label="每过期一个间隔多留" unit="%" type="digit" hint="占现货的百分比" />
      </FormSection>
      {form.formError && <Text className="hz-form-error">{form.formError}</Text>}
      <View className="hz-bottom-bar">
        <Button onClick={() => void settings.load()} disabled={form.saving}>
          还原
        </Button>
        <Button type="primary" className="hz-save" loading={form.saving} disabled={form.saving} onClick={() => void settings.save()}>
          保存设置
        </Button>
      </View>
      <Notice notice={form.notice} onClose={() => form.dismissNotice()} />
    </View>
  );
});

export default function SettingsPage() {
  return (
    <OperatorPage>
      <SettingsBody />
    </OperatorPage>
  );
}
