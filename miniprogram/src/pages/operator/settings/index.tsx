import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { FormChoice, FormFooter, FormSection, FormSwitch, FormText } from '../../../components/operator/FormFields';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { RuleEffectDialog } from '../../../components/operator/RuleEffectDialog';
import { Switch } from '../../../components/nutui-forms';
import { Button } from '../../../components/nutui';
import { now } from '../../../services/clock';
import { formatTime } from '../../../services/format';
import type { AlertKindView } from '../../../services/types';
import { useSettings } from '../../../stores/operator';
import { ADJUST_WORDS, FIELD_WORDS, MAX_RULES, METRIC_WORDS, WHEN_WORDS, mappingKey, ruleKey, switchKey, templateKey } from '../../../stores/operator/settings';
import '../operator.scss';

/** One alert kind: who gets it, when, its switch, and (WeChat) its subscription template. */
const AlertKindRow = observer(function AlertKindRow({ kind }: { kind: AlertKindView }) {
  const settings = useSettings();
  const { form } = settings;
  const on = settings.isOn(switchKey(kind.kind));
  return (
    <View className={`hz-alert-kind hz-alert-kind--${kind.kind}${on ? '' : ' hz-alert-kind--off'}`}>
      <View className="hz-row-between">
        <Text className="hz-alert-kind-name">{kind.name}</Text>
        <View className="hz-userbar-actions">
          <Text className="hz-switch-state">{on ? '开' : '关'}</Text>
          <Switch checked={on} aria-label={`${kind.name} 开关`} onChange={(v) => settings.toggle(switchKey(kind.kind), v)} />
        </View>
      </View>
      <Text className="hz-alert-kind-meta">
        发给：{kind.recipients}
        {kind.timing ? ` · ${kind.timing}` : ''}
      </Text>
      <Text className="hz-alert-kind-meta">{kind.when}</Text>
      <View className="hz-alert-kind-template">
        <FormText form={form} name={templateKey(kind.kind)} label={`${kind.name} 模板ID`} placeholder="微信订阅消息模板 ID（选填）" maxLength={64} />
        <FormText form={form} name={mappingKey(kind.kind)} label={`${kind.name} 字段对应`} placeholder="如 thing1=主题 time2=时间" maxLength={200} />
      </View>
    </View>
  );
});

const options = (words: Record<string, string>): Array<{ label: string; value: string }> => Object.entries(words).map(([value, label]) => ({ label, value }));
const WHEN_OPTIONS = options(WHEN_WORDS);
const ADJUST_OPTIONS = options(ADJUST_WORDS);

/** One settlement rule: which rate, below or at least which threshold, deduct or bonus, what share of the payable. */
const SettlementRuleRow = observer(function SettlementRuleRow({ index }: { index: number }) {
  const settings = useSettings();
  const { form } = settings;
  const metricKey = ruleKey(index, 'metric');
  const metricError = form.errors[metricKey];
  return (
    <View className="hz-settle-rule">
      <View className="hz-row-between">
        <Text className="hz-settle-rule-name">规则 {index + 1}</Text>
        <Text className="hz-link hz-settle-rule-remove" onClick={() => settings.removeRule(index)}>
          删除
        </Text>
      </View>
      <View className="hz-settle-metrics" aria-label={`规则 ${index + 1} 考核指标`}>
        {Object.entries(METRIC_WORDS).map(([metric, word]) => (
          <Text key={metric} className={`hz-chip hz-settle-metric--${metric}${form.value(metricKey) === metric ? ' hz-chip--active' : ''}`} onClick={() => form.set(metricKey, metric)}>
            {word}
          </Text>
        ))}
      </View>
      {metricError && <Text className="hz-field-error">{metricError}</Text>}
      <FormChoice form={form} name={ruleKey(index, 'when')} label="条件" options={WHEN_OPTIONS} />
      <FormText form={form} name={ruleKey(index, 'threshold')} label={`规则 ${index + 1} 阈值`} unit="%" type="digit" placeholder="如 95" />
      <FormChoice form={form} name={ruleKey(index, 'adjust')} label="奖惩" options={ADJUST_OPTIONS} />
      <FormText form={form} name={ruleKey(index, 'adjustShare')} label={`规则 ${index + 1} 应付的`} unit="%" type="digit" placeholder="如 2" />
    </View>
  );
});

/** 结算规则: saved with the other settings, so each version of the rules is kept and the settlement sheet names it. */
const SettlementRules = observer(function SettlementRules() {
  const settings = useSettings();
  return (
    <FormSection title="结算规则" note="按供应商考核结果调整每期应付（已确认可发件数 × 成本价）；每条规则各按应付计算；本期没有可考核数据的指标不触发规则">
      {settings.ruleCount === 0 && <Text className="hz-muted hz-settle-none">还没有结算规则，应付不作调整</Text>}
      {Array.from({ length: settings.ruleCount }, (_, i) => (
        <SettlementRuleRow key={i} index={i} />
      ))}
      {settings.ruleCount < MAX_RULES ? (
        <View className="hz-settle-add">
          <Button size="small" onClick={() => settings.addRule()}>
            添加规则
          </Button>
        </View>
      ) : (
        <Text className="hz-muted">最多 {MAX_RULES} 条规则</Text>
      )}
    </FormSection>
  );
});

const SettingsBody = observer(function SettingsBody() {
  const settings = useSettings();
  useEffect(() => {
    void settings.load();
  }, [settings]);

  if (settings.status === 'idle' || settings.status === 'loading') return <LoadingLine text="正在加载设置…" />;
  if (settings.status === 'error') return <LoadError title="设置加载失败" message={settings.loadError} onRetry={() => void settings.load()} />;
  const { form } = settings;
  return (
    <View className="hz-op-form hz-settings">
      <Text className="hz-page-title hz-op-head">设置</Text>
      <SavedLine />
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
      <FormSection title="截单与确认" note="供应商可单独设置截单时间；确认截止早于截单时间时，指第二天">
        <FormText form={form} name="cutoffTime" label="截单时间" placeholder="22:00" hint="到点后当天的订单按供应商合成波次；之后下的单进入第二天的波次" maxLength={5} />
        <FormText form={form} name="confirmDeadline" label="供应商确认截止" placeholder="23:00" hint="到点仍未确认的波次会提醒运营，可代为确认" maxLength={5} />
      </FormSection>
      <FormSection title="限购" note="热销商品可售低于这个数时，每位团长最多订剩余可售的这个比例">
        <FormText form={form} name="quota.sellableBelow" label="可售低于" unit="件" type="number" />
        <FormText form={form} name="quota.share" label="每位团长最多" unit="%" type="digit" />
      </FormSection>
      <FormSection title="缺货补偿">
        <FormText form={form} name="couponValue" label="退款时送优惠券" unit="元" type="digit" hint="团长为缺货选择退款时，顾客得到的优惠券面额" />
      </FormSection>
      <FormSection title="盘点对账" note="盘点差异同时超过件数和比例时，供应商需选择原因才能确认">
        <FormText form={form} name="stocktake.reasonAboveUnits" label="差异需说明原因的件数" unit="件" type="number" hint="差异超过这么多件" />
        <FormText form={form} name="stocktake.reasonAboveShare" label="差异需说明原因的比例" unit="%" type="digit" hint="且超过账面数的这个百分比" />
        <FormText form={form} name="stocktake.alertAboveValue" label="差异金额提醒线" unit="元" type="digit" hint="供应商确认的盘点差异金额合计（多出或短少）超过这个数时提醒运营" />
      </FormSection>
      <FormSection title="店铺库存分配" note="一个商品的可售由各团长关联的店铺商品（微信小店、快团团等）分享">
        <FormText form={form} name="storefronts.allocationTotal" label="各店铺合计最多显示" unit="%" type="digit" hint="可售的百分比；100% 表示各店铺加起来不超过可售，超过 100% 卖得快但可能缺货" />
        <FormText form={form} name="storefronts.retypeAboveUnits" label="需重新改库存的变动" unit="件" type="number" hint="手动改库存的店铺，应显示的数量比上次改的变动超过这么多件时提醒团长" />
      </FormSection>
      <SettlementRules />
      <FormSection title="预估与过期">
        <FormSwitch form={form} name="projection" label="按其他渠道销量预估现货" hint="报数之后，按供应商在其他渠道的销售速度把现货往下估" />
        <FormSwitch form={form} name="staleness" label="报数过期时加宽安全库存" hint="报数超过最长间隔后，多留一些安全库存" />
        <FormText form={form} name="staleExtraRatio" label="每过期一个间隔多留" unit="%" type="digit" hint="占现货的百分比" />
      </FormSection>
      <FormSection title="提醒设置" note="每种提醒都会进站内消息；微信里还会按订阅消息发送（需填模板），自建部署可发到企业微信群机器人">
        <FormText form={form} name="alerts.reportDueLeadMinutes" label="报数提醒提前" unit="分钟" type="number" />
        <FormText form={form} name="alerts.reportLateMinutes" label="报数逾期判定" unit="分钟" type="number" hint="报数时间过后这么久仍未报数，提醒供应商和运营" />
        <FormText form={form} name="alerts.cutoffReminderTime" label="截单提醒时间" placeholder="21:30" maxLength={5} />
        <FormText form={form} name="alerts.overAgeRemindEveryMinutes" label="报数超龄提醒间隔" unit="分钟" type="number" hint="商品报数超过同步优先级允许的间隔时提醒补报，每家供应商至多这么久一次" />
        <FormText form={form} name="alerts.overAgeRemindFrom" label="超龄提醒开始" placeholder="08:00" maxLength={5} />
        <FormText form={form} name="alerts.overAgeRemindTo" label="超龄提醒结束" placeholder="21:00" maxLength={5} hint="这段时间以外不发超龄和销量超比例提醒，不打扰休息" />
        <FormText form={form} name="alerts.recountSalesShare" label="售出超过报数的" unit="%" type="digit" hint="上次报数以来我们的订单售出超过报数的这个比例时，请供应商重新盘点（规则对接、接口对接的提醒运营），每次报数只提醒一次" />
        <FormText form={form} name="alerts.operatorWecomWebhook" label="运营群机器人" placeholder="粘贴群机器人的 Webhook 地址（选填）" maxLength={200} hint="企业微信群机器人地址，运营的提醒同时发到这个群（选填）" />
      </FormSection>
      <FormSection title="提醒种类" note={`模板字段对应写法：模板里的字段名=内容，内容可选 ${Object.values(FIELD_WORDS).join('、')}`}>
        {settings.alertKinds.map((kind) => (
          <AlertKindRow key={kind.kind} kind={kind} />
        ))}
      </FormSection>
      <FormFooter
        form={form}
        saveText="保存设置"
        onSave={() => void settings.save()}
        cancelText="还原"
        onCancel={() => void settings.load()}
        cancelDisabled={form.saving}
      />
      {settings.conflict && (
        <View className="hz-settings-conflict">
          <Button size="small" type="primary" onClick={() => void settings.load()}>
            载入最新设置（放弃我这次的修改）
          </Button>
        </View>
      )}
      <SettingsLog />
      <RuleEffectDialog
        preview={settings.effect?.preview ?? null}
        saving={form.saving}
        onConfirm={() => void settings.confirm()}
        onBack={() => settings.dismissEffect()}
      />
    </View>
  );
});

/** Which version is in force, and who saved it. */
const SavedLine = observer(function SavedLine() {
  const { loaded } = useSettings();
  if (!loaded) return null;
  const text = loaded.version === 0 || loaded.savedAt === undefined
    ? '正在使用默认设置，还没有人修改过'
    : `第 ${loaded.version} 版 · ${loaded.savedBy ?? ''} 于 ${formatTime(loaded.savedAt, now())} 保存`;
  return <Text className="hz-muted hz-settings-saved">{text}</Text>;
});

/** Every earlier version is kept: who changed which settings, and when. */
const SettingsLog = observer(function SettingsLog() {
  const { history } = useSettings();
  if (history.length === 0) return null;
  const at = now();
  return (
    <FormSection title="修改记录" note="每次保存都另存一版，旧版本不会被覆盖">
      {history.map((change) => (
        <View key={change.version} className="hz-settings-change">
          <Text className="hz-settings-change-head">
            第 {change.version} 版 · {change.savedBy} · {formatTime(change.savedAt, at)}
          </Text>
          <Text className="hz-muted">{change.changed.length > 0 ? `改了：${change.changed.join('、')}` : '没有改动'}</Text>
        </View>
      ))}
    </FormSection>
  );
});

export default function SettingsPage() {
  return (
    <OperatorPage>
      <SettingsBody />
    </OperatorPage>
  );
}
