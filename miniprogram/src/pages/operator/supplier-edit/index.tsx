import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { Button } from '../../../components/nutui';
import { BufferPolicyFields, FormChoice, FormFooter, FormSection, FormSwitch, FormText } from '../../../components/operator/FormFields';
import { PartnerKeysSection, PullHealthLine } from '../../../components/operator/PartnerApi';
import { WebhookEventList } from '../../../components/WebhookEventList';
import { RuleEffectDialog } from '../../../components/operator/RuleEffectDialog';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { useEditStore } from '../../../components/operator/useEditStore';
import { BASIS_LABELS, LEVEL_LABELS, PULL_SYSTEM_LABELS, TIER_LABELS, WEEKDAY_LABELS } from '../../../services/labels';
import { nav, PAGES } from '../../../services/nav';
import { PartnerKeysStore } from '../../../stores/operator/partner-keys';
import { PULL_TIERS, SupplierEditStore } from '../../../stores/operator/suppliers';
import { WebhookEventsStore } from '../../../stores/webhook-events';
import { useSuppliers } from '../../../stores/operator';
import '../operator.scss';

const LEVELS = (['rules', 'portal', 'api'] as const).map((v) => ({ value: v, label: LEVEL_LABELS[v] }));
const BASES = (['physical', 'available'] as const).map((v) => ({ value: v, label: v === 'physical' ? '实物库存' : '可用库存' }));
const PULL_SYSTEMS = [{ value: '', label: '不拉取' }, ...(['json', 'sheet', 'jushuitan'] as const).map((v) => ({ value: v, label: PULL_SYSTEM_LABELS[v] }))];
const DEFAULT_MINUTES = { hot: 5, normal: 30, longTail: 720 } as const;
const STOCKTAKE_EVERY = [{ value: '', label: '不盘点' }, { value: 'week', label: '每周' }, { value: 'fortnight', label: '每两周' }];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: WEEKDAY_LABELS[d]! }));

/** 盘点计划: when this supplier's stocktake opens on its own, and the way to its stocktakes. */
const StocktakePlan = observer(function StocktakePlan({ edit }: { edit: SupplierEditStore }) {
  const { form } = edit;
  const every = form.value('stocktake.every');
  return (
    <>
      <FormSection title="盘点计划" note="到点自动发起盘点对账：供应商在 24 小时内清点全部在售商品，确认差异后由运营审核">
        <FormChoice form={form} name="stocktake.every" label="盘点频率" options={STOCKTAKE_EVERY} />
        {every !== '' && (
          <>
            <FormChoice form={form} name="stocktake.weekday" label="星期" options={WEEKDAYS} />
            <FormText form={form} name="stocktake.time" label="盘点时间" placeholder="10:00" hint="这天几点发起，如 10:00" maxLength={5} />
            <FormText
              form={form}
              name="stocktake.from"
              label="首次盘点日期"
              placeholder="2026-12-07"
              hint={every === 'fortnight' ? '从这天起每两周一次（这天之后的第一个所选星期开始）' : '从这天起每周一次'}
              maxLength={10}
            />
          </>
        )}
      </FormSection>
      {!edit.create && edit.existing && (
        <Text className="hz-link hz-supplier-stocktakes" onClick={() => nav.open(PAGES.operatorStocktake, { supplierId: edit.existing!.id })}>
          查看 {edit.existing.name} 的盘点记录 ›
        </Text>
      )}
    </>
  );
});

/** What the operator sets for a supplier at level `api`: the jump exemption, where its stock is pulled, where its waves go. */
const ApiSettings = observer(function ApiSettings({ edit, events }: { edit: SupplierEditStore; events: WebhookEventsStore | null }) {
  const { form } = edit;
  const system = form.value('pull.system');
  // The health line is of the saved source; a source being typed has none yet.
  const savedPull = edit.existing?.pull;
  return (
    <>
      <FormSection title="跳变保护">
        <FormSwitch
          form={form}
          name="apiJumpExempt"
          label="跳变保护豁免"
          onText="豁免"
          offText="不豁免"
          hint="开启后，对方系统推送的库存即使变化很大也直接生效，不再等人确认；只对信得过的系统开启"
        />
      </FormSection>
      <FormSection title="库存拉取（选填）" note="对方系统提供库存查询地址时，我们按商品的同步优先级定时去拉取；选“不拉取”则由对方主动推送">
        <FormChoice form={form} name="pull.system" label="对方系统" options={PULL_SYSTEMS} />
        {system !== '' && (
          <>
            <FormText form={form} name="pull.url" label="拉取地址" placeholder="http:// 或 https:// 开头" maxLength={500} />
            {system === 'json' && (
              <>
                <FormText form={form} name="pull.items" label="商品列表字段" placeholder="如 data.list" hint="返回内容里商品数组所在的字段，多层用 . 连接" maxLength={100} />
                <FormText form={form} name="pull.code" label="编码字段" placeholder="如 sku" hint="每个商品里的商品编码（我们的编码或对方货号）" maxLength={100} />
                <FormText form={form} name="pull.quantity" label="数量字段" placeholder="如 qty" maxLength={100} />
                <FormText form={form} name="pull.nextCursor" label="下一页字段" placeholder="不分页可不填" hint="返回内容里下一页位置的字段，如 data.next" maxLength={100} />
                <FormText form={form} name="pull.cursorParam" label="翻页参数" placeholder="默认 cursor" hint="请求下一页时把上面的值放在这个参数里" maxLength={100} />
              </>
            )}
            {system === 'jushuitan' && <FormText form={form} name="pull.pageSize" label="每页条数" type="number" placeholder="默认 100" maxLength={4} />}
            {PULL_TIERS.map((tier) => (
              <FormText
                key={tier}
                form={form}
                name={`pull.everyMinutes.${tier}`}
                label={`${TIER_LABELS[tier]}间隔`}
                unit="分钟"
                type="number"
                placeholder={`默认 ${DEFAULT_MINUTES[tier]}`}
                maxLength={4}
              />
            ))}
            <FormText
              form={form}
              name="pull.callsPerDay"
              label="每天可调用次数"
              unit="次"
              type="number"
              placeholder="不限"
              hint="对方接口文档写的每日上限；填了就把一天的拉取摊开，不会一早用完"
              maxLength={5}
            />
          </>
        )}
        {savedPull && (
          <View className="hz-field hz-pull-health-field">
            <Text className="hz-field-label">拉取情况</Text>
            <PullHealthLine health={edit.existing?.pullHealth} />
          </View>
        )}
      </FormSection>
      <FormSection title="波次推送（选填）" note="每个波次截单时，把订单推送到对方系统的这个地址，用最新的有效密钥签名；送不到会自动重试一天">
        <FormText form={form} name="webhook.url" label="接收地址" placeholder="不填则不推送" hint="http:// 或 https:// 开头；清空后保存即不再推送" maxLength={500} />
        {form.value('webhook.url') !== '' && (
          <>
            <Text className="hz-link hz-webhook-clear" onClick={() => form.set('webhook.url', '')}>
              清空地址
            </Text>
            <FormSwitch
              form={form}
              name="webhook.lines"
              label="逐单推送"
              onText="推送"
              offText="不推送"
              hint="开启后，每条订单下单、改量、取消时也推送一次，不必等到截单"
            />
          </>
        )}
      </FormSection>
      {events && (
        <View className="hz-form-section">
          <View className="hz-row-between">
            <Text className="hz-section-title">推送记录</Text>
            <Button size="small" fill="none" className="hz-webhook-refresh" onClick={() => void events.load()}>
              刷新
            </Button>
          </View>
          <WebhookEventList events={events} canRetry />
        </View>
      )}
    </>
  );
});

const SupplierForm = observer(function SupplierForm({ edit }: { edit: SupplierEditStore }) {
  const suppliers = useSuppliers();
  const { form } = edit;
  // Keys and deliveries belong to a supplier saved at level `api`; made once per visit, so a new key's secret goes with the page.
  const [keys] = useState(() => (edit.savedAsApi ? new PartnerKeysStore(edit.existing!.id) : null));
  const [events] = useState(() => (edit.savedAsApi ? new WebhookEventsStore(edit.existing!.id) : null));
  useEffect(() => {
    void keys?.load();
    void events?.load();
  }, [keys, events]);
  const api = form.value('level') === 'api';
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
        <FormChoice
          form={form}
          name="level"
          label="对接方式"
          options={LEVELS}
          hint={edit.dropsApiSettings ? '改为其他对接方式后保存，会清除库存拉取、波次推送和跳变保护豁免的设置' : '群消息代报的供应商由运营代为录入或导入表格'}
        />
      </FormSection>
      {api && keys && <PartnerKeysSection keys={keys} />}
      {api && !keys && <Text className="hz-form-section-note hz-keys-later">保存为接口对接后，可以在这里新建接口密钥</Text>}
      {api && <ApiSettings edit={edit} events={events} />}
      <FormSection title="报数">
        <FormText form={form} name="reportTimes" label="报数时间" hint="每天几点报数，多个用空格隔开，如 08:00 20:00" />
        <FormChoice form={form} name="basis" label="库存口径" options={BASES} hint={BASIS_LABELS[form.value('basis') === 'available' ? 'available' : 'physical']} />
      </FormSection>
      <StocktakePlan edit={edit} />
      <FormSection title="截单与提醒（选填）" note="不填则用全局截单时间">
        <FormText form={form} name="cutoffTime" label="截单时间" placeholder="默认用全局设置" hint="如 21:00；这个供应商的订单到点单独截单" maxLength={5} />
        <FormText form={form} name="wecomWebhook" label="群机器人地址" placeholder="粘贴群机器人的 Webhook 地址（选填）" hint="供应商团队的企业微信群机器人，报数、波次等提醒发到这个群" maxLength={200} />
      </FormSection>
      <BufferPolicyFields form={form} title="安全库存（选填）" note="不填则用全局设置；三项取最大值，且不超过现货" examples={{ ratio: '30', fixed: '3' }} />
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
