// A 微信小店 listing's stock push as the leader reads it (issue 18): the count last
// pushed, when, whether WeChat took it or why not, and 已过期 once it has been refused
// for longer than the stale time.
import { Text, View } from '@tarojs/components';
import { Tag } from '../../../components/nutui';
import { now } from '../../../services/clock';
import { formatTime } from '../../../services/format';
import type { ListingView } from '../../../services/types';

export function PushStatus({ listing }: { listing: ListingView }) {
  const push = listing.push;
  if (!push) return <Text className="hz-muted">微信小店的库存将由系统推送，还没有推送过（每 5 分钟一次）</Text>;
  const when = formatTime(push.at, now());
  return (
    <View className="hz-listing-push">
      {push.accepted === true && <Text className="hz-muted">{`已推送 ${push.count} 件 · ${when} · 微信小店已接受`}</Text>}
      {push.accepted === null && <Text className="hz-muted">{`正在推送 ${push.count} 件 · ${when} · 等待微信小店答复`}</Text>}
      {push.accepted === false && (
        <>
          <Text className="hz-field-error">{`推送 ${push.count} 件未成功 · ${when}：${push.error ?? '原因不明'}，系统会自动重试`}</Text>
          <Text className="hz-muted">
            {push.lastAccepted ? `上次成功推送 ${push.lastAccepted.count} 件 · ${formatTime(push.lastAccepted.at, now())}` : '还没有成功推送过'}
          </Text>
        </>
      )}
      {push.stale && <Tag type="danger">已过期：微信小店显示的库存可能不准，请在小店后台核对</Tag>}
    </View>
  );
}
