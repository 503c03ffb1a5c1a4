import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { Button, Tag } from '../../../components/nutui';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { nav, PAGES } from '../../../services/nav';
import type { PersonView } from '../../../services/types';
import { usePeople, useSuppliers } from '../../../stores/operator';
import { ROLE_NAMES, copyText } from '../../../stores/operator/people';
import '../operator.scss';

type NoticeState = { text: string; kind: 'success' | 'fail' } | null;

const PersonCard = observer(function PersonCard({ person, onCopied }: { person: PersonView; onCopied(ok: boolean): void }) {
  const suppliers = useSuppliers();
  const where = person.role === 'leader' ? person.community : person.role === 'supplier' ? (suppliers.find(person.supplierId ?? '')?.name ?? person.supplierId) : undefined;
  return (
    <View className={`hz-card hz-person hz-person--${person.role}`}>
      <View className="hz-row-between">
        <Text className="hz-sku-name">{person.name}</Text>
        {person.disabled ? (
          <Tag type="danger" plain>
            已停用
          </Tag>
        ) : (
          <Tag type={person.bound ? 'success' : 'default'} plain={!person.bound}>
            {person.bound ? '已绑定微信' : person.invite.state === 'used' ? '已登录' : person.invite.state === 'expired' ? '邀请码已过期' : '未登录'}
          </Tag>
        )}
      </View>
      <Text className="hz-muted">
        {ROLE_NAMES[person.role]}
        {where ? ` · ${where}` : ''}
        {person.wecomWebhook ? ' · 已设群机器人' : ''}
      </Text>
      <View className="hz-row-between hz-person-foot">
        <Text className="hz-person-code" userSelect>
          邀请码 {person.inviteCode}
        </Text>
        <View className="hz-userbar-actions">
          <Text className="hz-link hz-person-copy" onClick={() => void copyText(person.inviteCode).then(onCopied)}>
            复制
          </Text>
          <Text className="hz-link hz-person-edit" onClick={() => nav.open(PAGES.personEdit, { id: person.id })}>
            编辑 ›
          </Text>
        </View>
      </View>
    </View>
  );
});

const PeopleBody = observer(function PeopleBody() {
  const people = usePeople();
  const suppliers = useSuppliers();
  const [notice, setNotice] = useState<NoticeState>(null);
  useEffect(() => {
    void people.load();
    void suppliers.ensureLoaded();
  }, [people, suppliers]);

  if (people.status === 'idle' || people.status === 'loading') return <LoadingLine text="正在加载人员…" />;
  if (people.status === 'error') return <LoadError title="人员加载失败" message={people.error} onRetry={() => void people.load()} />;
  const copied = (ok: boolean) => setNotice(ok ? { text: '邀请码已复制', kind: 'success' } : { text: '复制失败，请长按邀请码复制', kind: 'fail' });
  return (
    <View>
      <Text className="hz-page-title hz-op-head">人员与邀请（{people.list.length}）</Text>
      <View className="hz-inline-actions hz-people-actions">
        <Button size="small" type="primary" className="hz-invite-leader" onClick={() => nav.open(PAGES.personEdit, { role: 'leader' })}>
          邀请团长
        </Button>
        <Button size="small" type="primary" fill="outline" className="hz-invite-supplier" onClick={() => nav.open(PAGES.personEdit, { role: 'supplier' })}>
          邀请供应商人员
        </Button>
      </View>
      {people.byRole.map((group) => (
        <View key={group.role} className="hz-form-section">
          <Text className="hz-section-title">
            {ROLE_NAMES[group.role]}（{group.people.length}）
          </Text>
          {group.people.map((p) => (
            <PersonCard key={p.id} person={p} onCopied={copied} />
          ))}
        </View>
      ))}
      <Notice notice={notice} onClose={() => setNotice(null)} />
    </View>
  );
});

export default function PeoplePage() {
  return (
    <OperatorPage>
      <PeopleBody />
    </OperatorPage>
  );
}
