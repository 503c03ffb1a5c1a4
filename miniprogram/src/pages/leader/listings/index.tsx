// 店铺库存 (issue 18): the leader's storefront listings (微信小店, 快团团, 群接龙 …) linked to SKUs,
// each with the number to show now from its share of sellable; for storefronts typed by
// hand the number to type, copied with one tap, and 已改 once typed; linking a new one.
import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { BackBar } from '../../../components/BackBar';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { Button, Input, Tag } from '../../../components/nutui';
import { RequireRole } from '../../../components/RequireRole';
import { now } from '../../../services/clock';
import { formatTime } from '../../../services/format';
import { PAGES } from '../../../services/nav';
import type { ListingView } from '../../../services/types';
import { SHARE_CHOICES, STOREFRONT_CHOICES, useListings } from '../../../stores/listings';
import { PushStatus } from './PushStatus';
import './index.scss';

const FieldError = observer(function FieldError({ path }: { path: string }) {
  const message = useListings().issues[path];
  return message ? <Text className="hz-field-error">{message}</Text> : null;
});

const ListingCard = observer(function ListingCard({ listing }: { listing: ListingView }) {
  const store = useListings();
  const busy = store.busy === listing.id;
  return (
    <View className="hz-card hz-listing">
      <View className="hz-row-between">
        <View>
          <Text className="hz-sku-name">{listing.skuName}</Text>
          <Text className="hz-muted">
            {listing.storefrontName}
            {listing.title ? ` · ${listing.title}` : ''} · {listing.shareLabel}
          </Text>
        </View>
        <View>
          <Text className="hz-listing-count" aria-label={`应显示 ${listing.count} 件`}>{listing.count}</Text>
          <Text className="hz-muted">应显示</Text>
        </View>
      </View>
      {listing.rationed && <Tag type="warning">紧俏商品限购，已按团长限额减少</Tag>}
      {listing.byHand ? (
        <View className={`hz-listing-retype${listing.needsRetype ? ' hz-listing-retype--moved' : ''}`}>
          <Text className="hz-listing-retype-text">{listing.retypeText}</Text>
          <View className="hz-listing-actions">
            <Button size="small" fill="outline" onClick={() => void store.copy(listing)}>
              复制
            </Button>
            <Button size="small" type="primary" disabled={!!store.busy} loading={busy} onClick={() => void store.markTyped(listing)}>
              已改
            </Button>
          </View>
        </View>
      ) : (
        <PushStatus listing={listing} />
      )}
      {listing.byHand && <Text className="hz-muted">
        {listing.lastTyped
          ? `上次改为 ${listing.lastTyped.count} · ${formatTime(listing.lastTyped.at, now())}（${listing.lastTyped.byName}）${listing.moved > 0 ? ` · 之后变了 ${listing.moved} 件` : ''}`
          : '还没有记录改过库存'}
      </Text>}
      {listing.needsRetype && <Tag type="danger">变动较大，请尽快改库存</Tag>}
      <View className="hz-listing-actions">
        <Button size="small" fill="none" disabled={!!store.busy} onClick={() => void store.unlink(listing)}>
          取消关联
        </Button>
      </View>
    </View>
  );
});

const LinkForm = observer(function LinkForm() {
  const store = useListings();
  const chosen = store.chosen;
  return (
    <View className="hz-card hz-listing-form">
      <Text className="hz-task-section">关联店铺商品</Text>
      {chosen ? (
        <View className="hz-row-between">
          <Text>
            {chosen.name} {chosen.spec}（可售 {chosen.sellable}）
          </Text>
          <Text className="hz-link" onClick={() => store.choose('')}>
            换一个
          </Text>
        </View>
      ) : (
        <View>
          <Input className="hz-text-input" value={store.query} placeholder="搜商品名、规格或编码" aria-label="选择商品" onChange={(text) => store.set('query', text)} />
          {store.matches.map((s) => (
            <View key={s.skuId} className="hz-sku-match" onClick={() => store.choose(s.skuId)}>
              <Text>
                {s.name} {s.spec}
              </Text>
            </View>
          ))}
        </View>
      )}
      <FieldError path="skuId" />
      <Text className="hz-muted">店铺</Text>
      <View className="hz-chips">
        {STOREFRONT_CHOICES.map(([kind, name]) => (
          <Text key={kind} className={`hz-chip${store.storefront === kind ? ' hz-chip--on' : ''}`} onClick={() => store.setStorefront(kind)}>
            {name}
          </Text>
        ))}
      </View>
      <Input className="hz-text-input" value={store.title} placeholder="店铺里的名称（选填，如 周三水果团）" aria-label="店铺商品名称" onChange={(text) => store.set('title', text)} />
      <FieldError path="title" />
      {store.storefront === 'wechat_shop' && (
        <View>
          <Input className="hz-text-input" value={store.productId} placeholder="小店商品编号 product_id" aria-label="店铺商品编号" onChange={(text) => store.set('productId', text)} />
          <FieldError path="productId" />
          <Input className="hz-text-input" value={store.storefrontSkuId} placeholder="小店规格编号 sku_id" aria-label="店铺规格编号" onChange={(text) => store.set('storefrontSkuId', text)} />
          <FieldError path="storefrontSkuId" />
        </View>
      )}
      <Text className="hz-muted">分到的数量</Text>
      <View className="hz-chips">
        {SHARE_CHOICES.map(([kind, name]) => (
          <Text key={kind} className={`hz-chip${store.shareKind === kind ? ' hz-chip--on' : ''}`} onClick={() => store.setShareKind(kind)}>
            {name}
          </Text>
        ))}
      </View>
      {store.shareKind === 'ratio' && (
        <View>
          <Input className="hz-text-input" type="digit" value={store.percent} placeholder="可售的百分之几，如 30" aria-label="比例" onChange={(text) => store.set('percent', text)} />
          <FieldError path="ratio" />
        </View>
      )}
      {store.shareKind === 'fixed' && (
        <View>
          <Input className="hz-text-input" type="number" value={store.units} placeholder="最多显示几件" aria-label="件数" onChange={(text) => store.set('units', text)} />
          <FieldError path="units" />
        </View>
      )}
      <View className="hz-listing-actions">
        <Button type="primary" onClick={() => void store.link()}>
          关联
        </Button>
        <Button fill="outline" onClick={() => store.closeForm()}>
          取消
        </Button>
      </View>
    </View>
  );
});

const Listings = observer(function Listings() {
  const store = useListings();
  useEffect(() => {
    void store.load();
  }, [store]);
  usePullDownRefresh(() => {
    void store.load().finally(() => Taro.stopPullDownRefresh());
  });
  if (store.status === 'loading' || store.status === 'idle') return <LoadingLine />;
  if (store.status === 'error') return <LoadError title="店铺库存没有加载出来" message={store.error} onRetry={() => void store.load()} />;
  const total = Math.round((store.view?.allocationTotal ?? 1) * 100);
  return (
    <View className="hz-page">
      <Text className="hz-muted">
        每个商品的可售由所有团长关联的店铺分享，各店铺合计最多显示可售的 {total}%。数字会随报数和订单变化，手动改库存的店铺变动超过 {store.view?.retypeAboveUnits ?? 5} 件会提醒你。
      </Text>
      {store.listings.length === 0 && !store.adding && (
        <EmptyState title="还没有关联店铺商品" description="把快团团、群接龙或微信小店里的商品关联到这里，就能看到每个店铺该显示多少库存" />
      )}
      {store.listings.map((l) => (
        <ListingCard key={l.id} listing={l} />
      ))}
      {store.adding ? (
        <LinkForm />
      ) : (
        <Button type="primary" fill="outline" onClick={() => void store.openForm()}>
          关联店铺商品
        </Button>
      )}
      <Notice notice={store.notice} onClose={() => store.clearNotice()} />
    </View>
  );
});

export default function LeaderListingsPage() {
  return (
    <RequireRole roles={['leader']}>
      <BackBar to={PAGES.availability} label="可售库存" />
      <Listings />
    </RequireRole>
  );
}
