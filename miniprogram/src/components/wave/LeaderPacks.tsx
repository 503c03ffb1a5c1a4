import { Text, View } from '@tarojs/components';
import type { LeaderPackView, PackCountView } from '../../services/types';
import { EmptyState } from '../EmptyState';

/** "6 件", or after a cut "订 6 · 缺 2 · 应发 4 件": what to pack is never the ordered number alone. */
export const packText = (c: PackCountView): string => (c.cut > 0 ? `订 ${c.ordered} · 缺 ${c.cut} · 应发 ${c.toPack} 件` : `${c.toPack} 件`);

/** 按团长发货: one parcel per leader (一件代发), where it goes and each customer's line, cut lines marked. */
export function LeaderPacks({ leaders }: { leaders: LeaderPackView[] }) {
  if (leaders.length === 0) return <EmptyState title="没有要发的团长" description="订单在截单前都已取消" />;
  return (
    <View className="hz-leader-packs">
      {leaders.map((p) => (
        <View key={p.leaderId} className="hz-card hz-leader-pack">
          <View className="hz-row-between">
            <Text className="hz-sku-name">
              {p.leaderName} · {p.community}
            </Text>
            <Text className="hz-leader-pack-total">应发 {p.toPack} 件</Text>
          </View>
          <Text className="hz-muted">
            自提点 {p.pickupPoint ?? '未填写'} · 电话 {p.phone ?? '未填写'}
          </Text>
          <Text className="hz-muted">地址 {p.address ?? '未填写'}</Text>
          {p.cut > 0 && <Text className="hz-pick-short">订购 {p.ordered} 件，缺货扣减 {p.cut} 件</Text>}
          <View className="hz-pick-leaders">
            {p.lines.map((l) => (
              <View key={l.lineId} className={`hz-row-between hz-pick-leader${l.cut > 0 ? ' hz-pick-leader--cut' : ''}`}>
                <Text>
                  {l.customer ?? '未留名'} · {l.name} {l.spec}
                </Text>
                <Text>{packText(l)}</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}
