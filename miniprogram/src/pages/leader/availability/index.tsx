import { useEffect, useRef } from 'react';
import { observer } from 'mobx-react-lite';
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Input, Tag } from '../../../components/nutui';
import { CutoffCountdown } from '../../../components/CutoffCountdown';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { RequireRole } from '../../../components/RequireRole';
import { UserBar } from '../../../components/UserBar';
import { BackBar } from '../../../components/BackBar';
import { LeaderLinks } from '../../../components/LeaderLinks';
import { formatFreshness, formatTime, formatYuan, formulaText } from '../../../services/format';
import { TIER_LABELS } from '../../../services/labels';
import { nav, PAGES } from '../../../services/nav';
import type { AvailabilityItem } from '../../../services/types';
import { useStores } from '../../../stores';
import { staleWords, stockWords } from './words';
import './index.scss';

/** While the page is on top, counts are fetched again this often: a new report reaches it within a minute. */
const AUTO_REFRESH_MS = 60 * 1000;

/** The big number: green while fresh, amber with its age when the count is older than it should be. */
const SellableNumber = observer(function SellableNumber({ item }: { item: AvailabilityItem }) {
  const { availability } = useStores();
  const stale = item.freshness?.stale === true;
  return (
    <View className="hz-item-sellable">
      <Text className={`hz-sellable${stale ? ' hz-sellable--stale' : ''}`} aria-label={`可售 ${item.sellable} 件`}>
        {item.sellable}
      </Text>
      <Text className="hz-sellable-label">可售</Text>
      {stale && item.freshness && <Text className="hz-stale-words">{staleWords(item.freshness, availability.now)}，可能不准</Text>}
    </View>
  );
});

const ItemCard = observer(function ItemCard({ item }: { item: AvailabilityItem }) {
  const { availability, cart, session } = useStores();
  const inCart = cart.qtyOfSku(item.skuId);
  // The operator watches this list too, in the operator's own words.
  const operator = session.user?.role === 'operator';
  const tier = item.freshness?.tier;
  return (
    <View className={`hz-card hz-item${item.sellable === 0 ? ' hz-item--soldout' : ''}${item.freshness?.stale ? ' hz-item--stale' : ''}`}>
      <View className="hz-item-main">
        <View className="hz-item-info">
          <Text className="hz-sku-name">{item.name}</Text>
          <Text className="hz-sku-spec">{item.spec}</Text>
          <Text className="hz-muted">
            {item.supplierName} · {formatYuan(item.price)}
          </Text>
        </View>
        <SellableNumber item={item} />
      </View>
      <View className="hz-item-tags">
        {item.freshness && <Text className="hz-freshness">{formatFreshness(item.freshness, availability.now)}</Text>}
        {item.freshness === null ? (
          <Tag type="default">未报数</Tag>
        ) : item.sellable === 0 ? (
          <Tag type="danger">售罄</Tag>
        ) : item.atOrBelowWarning ? (
          <Tag type="warning">库存紧张</Tag>
        ) : null}
        {item.freshness?.projected && (
          <Tag type="primary" plain className="hz-tag-projected">
            预估
          </Tag>
        )}
        {tier && (operator || tier === 'hot') && (
          <Tag type="default" plain className={`hz-tag-tier hz-tag-tier--${tier}`}>
            {TIER_LABELS[tier]}
          </Tag>
        )}
      </View>
      <Text className="hz-item-formula">{operator ? formulaText(item) : stockWords(item)}</Text>
      {session.canOrder && (
        <View className="hz-item-actions">
          {inCart > 0 && <Text className="hz-in-cart">已选 {inCart} 件</Text>}
          <Button size="small" type="primary" fill={inCart > 0 ? 'outline' : 'solid'} disabled={!cart.canAdd(item.skuId)} onClick={() => cart.add(item)}>
            加入订单
          </Button>
        </View>
      )}
    </View>
  );
});

/** The search box and one chip per category: 30 SKUs and more stay findable on a phone. */
const Finder = observer(function Finder() {
  const { availability } = useStores();
  const { categories, category } = availability;
  return (
    <View className="hz-finder">
      <Input
        className="hz-text-input hz-search"
        value={availability.query}
        placeholder="搜商品名、规格或编码"
        aria-label="搜索商品"
        onChange={(text) => availability.setQuery(text)}
      />
      {categories.length > 1 && (
        <View className="hz-cats">
          <Text className={`hz-cat${category === null ? ' hz-cat--on' : ''}`} onClick={() => availability.jumpTo(null)}>
            全部 {availability.items.length}
          </Text>
          {categories.map((c) => (
            <Text key={c.category} className={`hz-cat${category === c.category ? ' hz-cat--on' : ''}`} onClick={() => availability.jumpTo(c.category)}>
              {c.category} {c.count}
            </Text>
          ))}
        </View>
      )}
    </View>
  );
});

/** Sold-out and never-counted SKUs: at the end, folded, still findable. */
const SoldOut = observer(function SoldOut() {
  const { availability } = useStores();
  const { soldOut } = availability;
  if (soldOut.length === 0) return null;
  const open = availability.soldOutShown > 0;
  return (
    <View className="hz-soldout">
      <Text className="hz-link hz-soldout-toggle" onClick={() => availability.toggleSoldOut()}>
        暂时没货的商品（{soldOut.length}）{open ? ' ▴ 收起' : ' ▾ 展开'}
      </Text>
      {availability.shownSoldOut.map((item) => (
        <ItemCard key={item.skuId} item={item} />
      ))}
    </View>
  );
});

const AvailabilityBody = observer(function AvailabilityBody() {
  const { availability, cart, session } = useStores();
  const userId = session.canOrder ? session.user?.id : undefined;
  useEffect(() => {
    if (userId) cart.restoreFor(userId);
  }, [cart, userId]);

  // A page under another one (navigateTo keeps it alive) does not fetch; back on top, it does at once.
  const shown = useRef(true);
  useDidShow(() => {
    if (!shown.current) void availability.refresh();
    shown.current = true;
  });
  useDidHide(() => {
    shown.current = false;
  });
  useEffect(() => {
    void availability.refresh();
    // "3分钟前" must age while the page stays open…
    const ageing = setInterval(() => availability.tick(), 30 * 1000);
    // …and a supplier's new count must reach a page left open in the evening rush.
    const refetch = setInterval(() => {
      if (shown.current) void availability.refresh();
    }, AUTO_REFRESH_MS);
    return () => {
      clearInterval(ageing);
      clearInterval(refetch);
    };
  }, [availability]);

  usePullDownRefresh(() => {
    void availability.refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => availability.showMore());

  if (availability.status === 'idle' || availability.status === 'loading') return <LoadingLine text="正在加载可售库存…" />;
  if (availability.status === 'error') return <LoadError title="可售库存加载失败" message={availability.error} onRetry={() => void availability.refresh()} />;
  if (availability.isEmpty) return <EmptyState title="暂无在售商品" description="供应商上架并报数后，这里会显示可售数量" />;

  return (
    <View className="hz-availability">
      <View className="hz-toolbar">
        <Text className="hz-muted">
          共 {availability.items.length} 个商品 · {formatTime(availability.loadedAt ?? availability.now, availability.now)} 更新
        </Text>
        <Button size="small" fill="outline" loading={availability.refreshing} onClick={() => void availability.refresh()}>
          刷新
        </Button>
      </View>
      <CutoffCountdown cutoff={availability.nextCutoff()} now={availability.now} />
      {availability.error && (
        <View className="hz-banner hz-banner--error">
          <Text>刷新失败：{availability.error}（下面是上次的数字）</Text>
        </View>
      )}
      <Finder />
      {availability.onSale.length === 0 && (
        <Text className="hz-muted hz-no-match">
          {availability.query.trim() ? `可订的商品里没有“${availability.query.trim()}”` : '这一类暂时都没货'}
          {availability.soldOut.length > 0 ? '，下面是暂时没货的' : '，换个词试试'}
        </Text>
      )}
      {availability.shownGroups.map((group) => (
        <View key={group.category} className="hz-group">
          <Text className="hz-group-title">{group.category}</Text>
          {group.items.map((item) => (
            <ItemCard key={item.skuId} item={item} />
          ))}
        </View>
      ))}
      {availability.hiddenCount > 0 && (
        <View className="hz-more">
          <Button fill="outline" onClick={() => availability.showMore()}>
            显示更多（还有 {availability.hiddenCount} 个商品）
          </Button>
        </View>
      )}
      <SoldOut />
      {session.canOrder && (
        <View className="hz-bottom-bar">
          <Text className="hz-bottom-bar-info">{cart.isEmpty ? '还没选商品' : `已选 ${cart.totalQty} 件 · ${formatYuan(cart.totalAmount)}`}</Text>
          <Button type="primary" onClick={() => nav.open(PAGES.order)}>
            去下单{cart.isEmpty ? '' : `（${cart.totalQty}）`}
          </Button>
        </View>
      )}
    </View>
  );
});

/** Leaders live here; an operator came from the 工作台 and goes back there. */
const AvailabilityTop = observer(function AvailabilityTop() {
  const { session } = useStores();
  if (session.user?.role === 'operator') return <BackBar to={PAGES.operatorHome} label="工作台" />;
  return (
    <View>
      <UserBar />
      <LeaderLinks />
    </View>
  );
});

export default function LeaderAvailabilityPage() {
  return (
    <RequireRole roles={['leader', 'operator']}>
      <AvailabilityTop />
      <AvailabilityBody />
    </RequireRole>
  );
}
