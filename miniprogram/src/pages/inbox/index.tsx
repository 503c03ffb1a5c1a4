import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { BackBar } from '../../components/BackBar';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { LoadingLine } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { Button } from '../../components/nutui';
import { RequireRole } from '../../components/RequireRole';
import { now } from '../../services/clock';
import { consentSupported } from '../../services/consent';
import { formatTime } from '../../services/format';
import type { InboxAlert } from '../../services/types';
import { useStores } from '../../stores';
import './index.scss';

const AlertRow = observer(function AlertRow({ alert, at }: { alert: InboxAlert; at: number }) {
  const { inbox, session } = useStores();
  return (
    <View
      className={`hz-alert hz-alert--${alert.kind}${alert.read ? '' : ' hz-alert--unread'}${alert.resolved ? ' hz-alert--resolved' : ''}`}
      onClick={() => void inbox.open(alert, session.user?.role)}
    >
      <View className="hz-alert-head">
        {!alert.read && <View className="hz-alert-dot" aria-label="未读" />}
        <Text className="hz-alert-title">{alert.title}</Text>
        <Text className="hz-alert-time">{formatTime(alert.at, at)}</Text>
      </View>
      <Text className="hz-alert-body">{alert.body}</Text>
      {alert.resolved && (
        <Text className="hz-alert-resolved">
          已解决 · {alert.resolved.note} · {formatTime(alert.resolved.at, at)}
        </Text>
      )}
      {alert.sentBy.length > 0 && <Text className="hz-muted">已通过{alert.sentBy.join('、')}送达</Text>}
    </View>
  );
});

/** WeChat only: how many more alerts each kind may send, and the way to allow more. */
const Consents = observer(function Consents() {
  const { inbox } = useStores();
  if (!consentSupported() || inbox.consents.length === 0) return null;
  return (
    <View className="hz-card hz-consents">
      <Text className="hz-consents-title">微信提醒剩余次数</Text>
      <Text className="hz-muted">每同意一次，可多收到一条微信提醒；次数用完后，提醒只出现在这里。</Text>
      {inbox.consents.map((c) => (
        <View key={c.templateId} className={`hz-row-between hz-consent hz-consent--${c.kind}`}>
          <Text>{c.name}</Text>
          <Text className={c.remaining <= 1 ? 'hz-consent-low' : 'hz-consent-left'}>剩 {c.remaining} 次</Text>
        </View>
      ))}
      {inbox.lowConsents.length > 0 && (
        <Button type="primary" size="small" className="hz-topup" loading={inbox.toppingUp} disabled={inbox.toppingUp} onClick={() => void inbox.topUp()}>
          补充提醒次数
        </Button>
      )}
    </View>
  );
});

const InboxBody = observer(function InboxBody() {
  const { inbox } = useStores();
  useEffect(() => {
    void inbox.load();
  }, [inbox]);
  usePullDownRefresh(() => {
    void inbox.load().finally(() => Taro.stopPullDownRefresh());
  });
  const at = now();

  if (inbox.status === 'idle' || inbox.status === 'loading') return <LoadingLine text="正在加载消息…" />;
  if (inbox.status === 'error') return <LoadError title="消息加载失败" message={inbox.error} onRetry={() => void inbox.load()} />;
  return (
    <View className="hz-inbox">
      <View className="hz-row-between hz-inbox-head">
        <Text className="hz-page-title">消息{inbox.unread > 0 ? `（${inbox.unread} 条未读）` : ''}</Text>
        <Button size="small" fill="outline" className="hz-read-all" disabled={!inbox.alerts.some((a) => !a.read) || inbox.markingAll} loading={inbox.markingAll} onClick={() => void inbox.markAllRead()}>
          全部已读
        </Button>
      </View>
      <Consents />
      {inbox.alerts.length === 0 ? (
        <EmptyState title="还没有消息" description="库存预警、报数提醒、缺货处理等都会出现在这里" />
      ) : (
        <View className="hz-alerts">
          {inbox.alerts.map((a) => (
            <AlertRow key={a.id} alert={a} at={at} />
          ))}
        </View>
      )}
      <Notice notice={inbox.notice} onClose={() => inbox.dismissNotice()} />
    </View>
  );
});

const InboxTop = observer(function InboxTop() {
  const { session } = useStores();
  return <BackBar to={session.homePath} label="返回" />;
});

export default function InboxPage() {
  return (
    <RequireRole roles={['leader', 'supplier', 'operator']}>
      <InboxTop />
      <InboxBody />
    </RequireRole>
  );
}
