import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { nav, PAGES } from '../services/nav';
import { useLeaderTasks } from '../stores/tasks';

/** A leader's ways to what follows an order: their lines (change, cancel) and short lines to settle. */
export const LeaderLinks = observer(function LeaderLinks() {
  const tasks = useLeaderTasks();
  useEffect(() => {
    void tasks.load();
  }, [tasks]);
  const open = tasks.openCount;
  return (
    <View className="hz-linkbar">
      <View className="hz-linkbar-item hz-link-my-orders" onClick={() => nav.open(PAGES.myOrders)}>
        <Text>我的订单</Text>
      </View>
      <View className={`hz-linkbar-item hz-link-tasks${open > 0 ? ' hz-linkbar-item--alert' : ''}`} onClick={() => nav.open(PAGES.leaderTasks)}>
        <Text>缺货处理</Text>
        {open > 0 && <Text className="hz-badge hz-tasks-badge">{open}</Text>}
      </View>
      <View className="hz-linkbar-item hz-link-listings" onClick={() => nav.open(PAGES.leaderListings)}>
        <Text>店铺库存</Text>
      </View>
    </View>
  );
});
