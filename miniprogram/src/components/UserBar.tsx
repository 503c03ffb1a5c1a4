import { useEffect } from 'react';
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
  const switchUser = async () => {
    await session.signOut();
    nav.relaunch(PAGES.login);
  };
  return (
    <View className="hz-userbar">
      <Text className="hz-userbar-name">{session.userLabel}</Text>
      <View className="hz-userbar-actions">
        <InboxEntry />
        <Button size="small" fill="none" className="hz-userbar-switch" onClick={() => void switchUser()}>
          切换身份
        </Button>
      </View>
    </View>
  );
});
