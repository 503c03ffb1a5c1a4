import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button } from './nutui';
import { nav, PAGES } from '../services/nav';
import { useStores } from '../stores';

/** Who is signed in, and the way out (the demo switches people here). */
export const UserBar = observer(function UserBar() {
  const { session } = useStores();
  const switchUser = async () => {
    await session.signOut();
    nav.relaunch(PAGES.login);
  };
  return (
    <View className="hz-userbar">
      <Text className="hz-userbar-name">{session.userLabel}</Text>
      <Button size="small" fill="none" className="hz-userbar-switch" onClick={() => void switchUser()}>
        切换身份
      </Button>
    </View>
  );
});
