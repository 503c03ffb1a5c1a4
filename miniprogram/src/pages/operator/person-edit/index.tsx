import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { Button } from '../../../components/nutui';
import { FormChoice, FormFooter, FormSection, FormText } from '../../../components/operator/FormFields';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { SupplierPicker } from '../../../components/operator/SupplierPicker';
import { useEditStore } from '../../../components/operator/useEditStore';
import { nav, PAGES } from '../../../services/nav';
import type { Role } from '../../../services/types';
import { usePeople, useSuppliers } from '../../../stores/operator';
import { PersonEditStore, ROLE_NAMES } from '../../../stores/operator/people';
import { PersonAccessStore } from '../../../stores/operator/person-access';
import { PersonAccess } from '../../../components/operator/PersonAccess';
import { OrderImport } from '../../../components/OrderImport';
import { OrderImportStore } from '../../../stores/order-import';
import '../operator.scss';

const ROLES = (['leader', 'supplier', 'operator'] as const).map((value) => ({ value, label: ROLE_NAMES[value] }));

/** After an invite: the code, big enough to read out over the phone, and a copy button. */
const InviteCode = observer(function InviteCode({ edit, onAnother }: { edit: PersonEditStore; onAnother(): void }) {
  const saved = edit.saved!;
  return (
    <View className="hz-op-form">
      <View className="hz-card hz-invite">
        <Text className="hz-invite-title">{edit.existing ? `已保存 ${saved.name}` : `已邀请 ${saved.name}（${ROLE_NAMES[saved.role]}）`}</Text>
        <Text className="hz-muted">请把邀请码发给 TA：打开货准，输入邀请码即可登录</Text>
        <Text className="hz-invite-code" userSelect>
          {saved.inviteCode}
        </Text>
        <Button type="primary" className="hz-copy-code" onClick={() => void edit.copyCode(saved.inviteCode)}>
          复制邀请码
        </Button>
        {edit.copied === 'yes' && <Text className="hz-invite-copied">已复制，可以粘贴到微信发给 TA</Text>}
        {edit.copied === 'failed' && <Text className="hz-field-error">复制失败，请长按邀请码复制</Text>}
      </View>
      <View className="hz-inline-actions">
        <Button onClick={onAnother}>继续邀请</Button>
        <Button type="primary" fill="outline" onClick={() => nav.backTo(PAGES.people)}>
          返回人员列表
        </Button>
      </View>
    </View>
  );
});

const PersonForm = observer(function PersonForm({ edit, onAnother }: { edit: PersonEditStore; onAnother(): void }) {
  const people = usePeople();
  const suppliers = useSuppliers();
  const { form } = edit;
  const role = edit.role;
  const save = async () => {
    if (!(await edit.save())) return;
    await people.load();
    // An edit is done; an invite stays to show its code.
    if (edit.existing) nav.backTo(PAGES.people);
  };
  if (edit.saved && !edit.existing) return <InviteCode edit={edit} onAnother={onAnother} />;
  return (
    <View className="hz-op-form">
      <Text className="hz-page-title hz-op-head">{edit.existing ? `编辑 ${edit.existing.name}` : `邀请${ROLE_NAMES[role]}`}</Text>
      <FormSection title="基本信息">
        <FormText form={form} name="name" label="姓名" placeholder="如 王姐" maxLength={20} />
        <FormChoice form={form} name="role" label="身份" options={ROLES} disabled={!!edit.existing} />
      </FormSection>
      {role === 'leader' && (
        <FormSection title="团长" note="自提点、电话和收货地址印在供应商的拣货单上；企业微信群机器人：团长的群收到缺货、截单等提醒（自建部署时使用，选填）">
          <FormText form={form} name="community" label="小区" placeholder="如 阳光小区" maxLength={30} />
          <FormText form={form} name="pickupPoint" label="自提点" placeholder="如 3号楼便利店（拣货单上打印，选填）" maxLength={40} />
          <FormText form={form} name="phone" label="电话" placeholder="收货电话（选填）" maxLength={20} />
          <FormText form={form} name="address" label="收货地址" placeholder="供应商一件代发寄到这里（选填）" maxLength={120} />
          <FormText form={form} name="wecomWebhook" label="群机器人地址" placeholder="粘贴群机器人的 Webhook 地址（选填）" maxLength={200} />
        </FormSection>
      )}
      {role === 'supplier' && (
        <FormSection title="所属供应商" note="供应商人员只能看到和报送本供应商的商品与波次">
          <SupplierPicker suppliers={suppliers.list} value={form.value('supplierId')} onChange={(id) => form.set('supplierId', id)} />
          {form.errors.supplierId && <Text className="hz-field-error">{form.errors.supplierId}</Text>}
        </FormSection>
      )}
      <FormFooter form={form} saveText={edit.existing ? '保存' : '生成邀请码'} onSave={() => void save()} onCancel={() => nav.backTo(PAGES.people)} />
    </View>
  );
});

const PersonEditBody = observer(function PersonEditBody() {
  const people = usePeople();
  const suppliers = useSuppliers();
  const [params] = useState(() => nav.params());
  const id = params.id ?? '';
  const role: Role = params.role === 'supplier' || params.role === 'operator' ? params.role : 'leader';
  useEffect(() => {
    void suppliers.ensureLoaded();
    if (id) void people.ensureLoaded();
  }, [id, people, suppliers]);
  const existing = id ? people.find(id) : undefined;
  // A saved person's role is their own; `role` is for a new invite.
  const [edit, setEdit] = useEditStore(id, existing, (saved) => new PersonEditStore(saved, role));

  if (id && !existing) {
    if (people.status === 'ready') return <EmptyState title="找不到这个人" description={id} />;
    if (people.status === 'error') return <LoadError title="人员加载失败" message={people.error} />;
    return <LoadingLine />;
  }
  if (!edit) return <LoadingLine />;
  return (
    <View>
      <PersonForm edit={edit} onAnother={() => setEdit(new PersonEditStore(undefined, edit.role))} />
      {existing && <ExistingAccess userId={existing.id} />}
      {existing?.role === 'leader' && !existing.disabled && <ImportForLeader leaderId={existing.id} name={existing.name} />}
    </View>
  );
});

/** 代团长导入订单: the leader's platform order export, imported by the operator as that leader's orders. */
function ImportForLeader({ leaderId, name }: { leaderId: string; name: string }) {
  const [store] = useState(() => new OrderImportStore(leaderId));
  return <OrderImport store={store} title={`代 ${name} 导入平台订单`} onImported={() => undefined} />;
}

/** An existing person's invite, account and log, below the form. */
const ExistingAccess = observer(function ExistingAccess({ userId }: { userId: string }) {
  const people = usePeople();
  const [access] = useState(() => new PersonAccessStore(userId));
  useEffect(() => {
    void access.load();
  }, [access]);
  // The list shows codes and states too: after a change it must show the same.
  useEffect(() => {
    if (access.notice?.kind === 'success') void people.load();
  }, [access.notice, people]);
  return <PersonAccess access={access} />;
});

export default function PersonEditPage() {
  return (
    <OperatorPage back={{ to: PAGES.people, label: '人员与邀请' }}>
      <PersonEditBody />
    </OperatorPage>
  );
}
