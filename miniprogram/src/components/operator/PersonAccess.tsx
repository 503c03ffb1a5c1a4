import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button, Tag } from '../nutui';
import { Notice } from '../Notice';
import { formatTime } from '../../services/format';
import { now } from '../../services/clock';
import type { PersonView } from '../../services/types';
import type { AccessStep, PersonAccessStore } from '../../stores/operator/person-access';

const INVITE_STATE: Record<PersonView['invite']['state'], string> = { open: '可用', used: '已使用', expired: '已过期' };

/** What each step will do, said before the second tap (DESIGN §8: a tap that cannot be undone names its consequence). */
const CONSEQUENCE: Record<AccessStep, (p: PersonView) => { text: string; button: string }> = {
  reissue: () => ({ text: '旧邀请码会立即失效，新码 7 天内有效、只能用一次。', button: '确认重新生成' }),
  disable: (p) => (p.disabled
    ? { text: '启用后 TA 需要用新的邀请码登录。', button: '确认启用' }
    : { text: '停用后 TA 的所有设备立即退出登录，邀请码也不能再用；订单和报数记录都会保留。', button: '确认停用' }),
  endSessions: () => ({ text: 'TA 登录过的所有设备都会退出，需要新的邀请码才能再登录。', button: '确认退出' }),
};

export const PersonAccess = observer(function PersonAccess({ access }: { access: PersonAccessStore }) {
  const { detail } = access;
  if (!detail) return access.status === 'error' ? <Text className="hz-field-error">{access.error}</Text> : null;
  const { person, sessions, log } = detail;
  const at = now();
  const invite = person.invite;
  return (
    <View className="hz-person-access">
      <Notice notice={access.notice} onClose={() => access.dismiss()} />
      {access.notice && <Text className={access.notice.kind === 'fail' ? 'hz-field-error' : 'hz-muted hz-access-done'}>{access.notice.text}</Text>}
      <View className="hz-form-section">
        <Text className="hz-section-title">邀请码</Text>
        <View className="hz-row-between">
          <Text className="hz-invite-code hz-invite-code--small" userSelect>
            {person.inviteCode}
          </Text>
          <Tag type={invite.state === 'open' ? 'success' : 'default'} plain={invite.state !== 'open'}>
            {INVITE_STATE[invite.state]}
          </Tag>
        </View>
        <Text className="hz-muted">
          {invite.state === 'used' && invite.usedAt ? `已于 ${formatTime(invite.usedAt, at)} 登录使用` : invite.expiresAt ? `有效至 ${formatTime(invite.expiresAt, at)}` : '长期有效（本次升级前发出的邀请码）'}
        </Text>
        <Button size="small" className="hz-access-reissue" onClick={() => access.ask('reissue')}>
          重新生成邀请码
        </Button>
      </View>
      <View className="hz-form-section">
        <Text className="hz-section-title">账号{person.disabled ? '（已停用）' : ''}</Text>
        <Text className="hz-muted">{sessions.length === 0 ? '没有登录中的设备' : `登录中的设备 ${sessions.length} 台`}</Text>
        {sessions.map((s) => (
          <Text key={s.id} className="hz-access-session">
            {s.device} · 最近使用 {formatTime(s.lastUsedAt, at)}
          </Text>
        ))}
        <View className="hz-inline-actions">
          <Button size="small" type={person.disabled ? 'primary' : 'danger'} fill="outline" className="hz-access-toggle" onClick={() => access.ask('disable')}>
            {person.disabled ? '启用账号' : '停用账号'}
          </Button>
          {sessions.length > 0 && (
            <Button size="small" className="hz-access-end" onClick={() => access.ask('endSessions')}>
              让 TA 退出所有设备
            </Button>
          )}
        </View>
      </View>
      {access.asking && (
        <View className="hz-card hz-access-ask">
          <Text>{CONSEQUENCE[access.asking](person).text}</Text>
          <View className="hz-inline-actions">
            <Button size="small" onClick={() => access.ask(null)}>
              取消
            </Button>
            <Button size="small" type="primary" className="hz-access-confirm" loading={access.busy} onClick={() => void access.confirm()}>
              {CONSEQUENCE[access.asking](person).button}
            </Button>
          </View>
        </View>
      )}
      <View className="hz-form-section">
        <Text className="hz-section-title">记录</Text>
        {log.length === 0 && <Text className="hz-muted">还没有记录</Text>}
        {log.map((e, i) => (
          <Text key={`${e.at}-${i}`} className="hz-access-log">
            {formatTime(e.at, at)} · {e.by} · {e.change}
            {e.detail ? `（${e.detail}）` : ''}
          </Text>
        ))}
      </View>
    </View>
  );
});
