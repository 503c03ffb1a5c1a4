import { useEffect, useState } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button } from './nutui';
import { askConsent } from '../services/consent';
import { nav, PAGES } from '../services/nav';
import { useStores } from '../stores';

/** 消息 with the unread count: every person's way to the inbox, from their home page. */
export const InboxEntry = observer(function InboxEntry() {
  const { inbox, session } = useStores();
  useEffect(() => {
    if (session.user) void inbox.load();
  }, [inbox, session.user]);
  const open = () => {
    // Opening the inbox is a tap: WeChat's moment to ask for more alert sends (no-op elsewhere).
    void askConsent().then((counts) => counts && inbox.applyConsents(counts));
    nav.open(PAGES.inbox);
  };
  return (
    <View className="hz-inbox-entry" aria-label={inbox.unread > 0 ? `消息，${inbox.unread} 条未读` : '消息'} onClick={open}>
      <Text className="hz-inbox-entry-text">消息</Text>
      {inbox.unread > 0 && <Text className="hz-badge hz-inbox-badge">{inbox.unread > 99 ? '99+' : inbox.unread}</Text>}
    </View>
  );
});

/** Who is signed in, the inbox, and the way out (the demo switches people here). */
export const UserBar = observer(function UserBar() {
  const { session } = useStores();
  // A real account signs in with a single-use code: leaving is said to need a new one first.
  const [asking, setAsking] = useState<'one' | 'all' | null>(null);
  const leave = async (which: 'one' | 'all') => {
    setAsking(null);
    if (which === 'one') await session.signOut();
    else if (!(await session.signOutEverywhere())) return;
    nav.relaunch(PAGES.login);
  };
  const real = session.canSignOutEverywhere;
  return (
    <View className="hz-userbar">
      <Text className="hz-userbar-name">{session.userLabel}</Text>
      <View className="hz-userbar-actions">
        <InboxEntry />
        <Button size="small" fill="none" className="hz-userbar-switch" onClick={() => (real ? setAsking('one') : void leave('one'))}>
          {real ? '退出' : '切换身份'}
        </Button>
        {real && (
          <Button size="small" fill="none" className="hz-userbar-everywhere" onClick={() => setAsking('all')}>
            退出所有设备
          </Button>
        )}
      </View>
      {asking && (
        <View className="hz-card hz-userbar-ask">
          <Text>{asking === 'one' ? '退出后，要用运营新发的邀请码才能再登录。' : '你登录过的所有设备都会退出，要用运营新发的邀请码才能再登录。'}</Text>
          <View className="hz-inline-actions">
            <Button size="small" onClick={() => setAsking(null)}>
              取消
            </Button>
            <Button size="small" type="primary" className="hz-userbar-leave" onClick={() => void leave(asking)}>
              {asking === 'one' ? '确认退出' : '确认退出所有设备'}
            </Button>
          </View>
        </View>
      )}
    </View>
  );
});
