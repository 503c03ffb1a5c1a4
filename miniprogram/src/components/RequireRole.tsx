import { type ReactNode, useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { View } from '@tarojs/components';
import { Button } from './nutui';
import { nav, PAGES } from '../services/nav';
import type { Role } from '../services/types';
import { useStores } from '../stores';
import { EmptyState } from './EmptyState';
import { LoadError } from './LoadError';
import { LoadingLine } from './Loading';

interface RequireRoleProps {
  roles: Role[];
  children: ReactNode;
}

/** Renders the page only for a signed-in person of the right role; otherwise says why and offers the way. */
export const RequireRole = observer(function RequireRole({ roles, children }: RequireRoleProps) {
  const { session } = useStores();
  useEffect(() => {
    void session.ensureLoaded();
  }, [session]);

  if (session.status === 'idle' || session.status === 'loading') return <LoadingLine />;
  if (session.status === 'error') return <LoadError title="加载失败" message={session.loadError} onRetry={() => void session.load()} />;
  const goLogin = () => nav.relaunch(PAGES.login);
  if (!session.user) {
    return (
      <EmptyState title="请先登录" description="登录后才能查看这个页面">
        <Button type="primary" onClick={goLogin}>
          去登录
        </Button>
      </EmptyState>
    );
  }
  if (!roles.includes(session.user.role)) {
    return (
      <EmptyState title={`此页面仅限${roles.map((r) => session.roleLabel(r)).join('或')}使用`} description={`当前身份：${session.userLabel}`}>
        <Button type="primary" onClick={() => nav.relaunch(session.homePath)}>
          回到我的首页
        </Button>
      </EmptyState>
    );
  }
  return <View className="hz-page">{children}</View>;
});
