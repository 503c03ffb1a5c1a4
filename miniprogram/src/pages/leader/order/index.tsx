import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '../../../components/nutui';
import { CountStepper } from '../../../components/CountStepper';
import { CutoffCountdown } from '../../../components/CutoffCountdown';
import { EmptyState } from '../../../components/EmptyState';
import { JielongPanel } from '../../../components/JielongPanel';
import { LeaderLinks } from '../../../components/LeaderLinks';
import { Notice } from '../../../components/Notice';
import { RequireRole } from '../../../components/RequireRole';
import { UserBar } from '../../../components/UserBar';
import { askConsent } from '../../../services/consent';
import { formatTime, formatYuan } from '../../../services/format';
import { nav, PAGES } from '../../../services/nav';
import { now } from '../../../services/clock';
import type { CartLine } from '../../../stores/cart';
import { useStores } from '../../../stores';
import './index.scss';

const LineCard = observer(function LineCard({ line }: { line: CartLine }) {
  const { cart } = useStores();
  const short = cart.short[line.skuId];
  const problem = cart.problemOf(line);
  const error = cart.lineErrors[line.id];
  const label = `${line.name} ${line.spec}${line.customer.trim() ? ` ${line.customer.trim()}` : ''} 数量`;
  return (
    <View className={`hz-card hz-cart-line${short || problem ? ' hz-cart-line--short' : ''}`}>
      <View className="hz-cart-line-head">
        <View className="hz-cart-line-info">
          <Text className="hz-sku-name">{line.name}</Text>
          <Text className="hz-sku-spec">{line.spec}</Text>
          <Text className="hz-muted">
            {line.supplierName} · {formatYuan(line.price)} · 当前可售 {cart.sellableOf(line.skuId)}
          </Text>
        </View>
        <View className="hz-qty">
          <CountStepper
            value={line.qtyText}
            label={label}
            focus={false}
            last
            disabled={cart.locked}
            onChange={(text) => cart.setQtyText(line.id, text)}
            onStep={(delta) => cart.step(line.id, delta)}
            onFocus={() => undefined}
            onBlur={() => undefined}
            onNext={() => undefined}
          />
        </View>
      </View>
      {short ? (
        <View className="hz-short">
          <Text className="hz-short-text">库存不足：可售 {short.sellable} 件</Text>
          <Text className="hz-muted">（本单要 {short.requested} 件）</Text>
          <FitButton skuId={line.skuId} sellable={short.sellable} />
        </View>
      ) : (
        problem && (
          <View className="hz-short hz-line-problem">
            <Text className="hz-short-text">{problem.message}</Text>
            {problem.overSellable && <FitButton skuId={line.skuId} sellable={problem.overSellable.sellable} />}
          </View>
        )
      )}
      {error && <Text className="hz-field-error">{error}</Text>}
      <View className="hz-cart-line-foot">
        <Input
          className="hz-customer-input"
          value={line.customer}
          placeholder="接龙号/昵称（选填）"
          maxLength={40}
          disabled={cart.locked}
          onChange={(text) => cart.setCustomer(line.id, text)}
        />
        <Button size="small" fill="none" disabled={!cart.canAdd(line.skuId)} onClick={() => cart.addLineLike(line.id)}>
          另一位顾客
        </Button>
        <Button size="small" fill="none" disabled={cart.locked} onClick={() => cart.remove(line.id)}>
          删除
        </Button>
      </View>
    </View>
  );
});

/** The leader's way out of a SKU asking more than is sellable: cut to it, or drop it when none is left. */
const FitButton = observer(function FitButton({ skuId, sellable }: { skuId: string; sellable: number }) {
  const { cart } = useStores();
  return (
    <Button size="small" type="danger" fill="outline" className="hz-fit" disabled={cart.locked} onClick={() => cart.fitToSellable(skuId)}>
      {sellable > 0 ? '改为可售数量' : '移除此商品'}
    </Button>
  );
});

const PlacedOrder = observer(function PlacedOrder() {
  const { cart } = useStores();
  const order = cart.lastOrder;
  if (!order) return null;
  return (
    <View className="hz-banner hz-banner--success hz-placed">
      <Text className="hz-banner-title">下单成功 · {formatTime(order.placedAt, now())}</Text>
      {order.notice && <Text className="hz-placed-notice">{order.notice}</Text>}
      {order.replayed && <Text>网络重试已确认：这一单只下了一次，库存没有重复占用</Text>}
      {order.orderNo && <Text className="hz-placed-number">订单号 {order.orderNo}</Text>}
      {order.lines.map((l, i) => (
        <Text key={`${l.skuId}-${i}`} className="hz-placed-line">
          {l.name} × {l.qty}
          {l.customer ? `（${l.customer}）` : ''}
        </Text>
      ))}
    </View>
  );
});

const OrderBody = observer(function OrderBody() {
  const { availability, cart, session } = useStores();
  const userId = session.user?.id;
  useEffect(() => {
    if (userId) cart.restoreFor(userId);
  }, [cart, userId]);
  useEffect(() => {
    // Steppers stop at what is sellable now, not when the SKU was added.
    void availability.refresh();
    // The cutoff countdown moves while the leader types the group's list in.
    const ageing = setInterval(() => availability.tick(), 30 * 1000);
    return () => clearInterval(ageing);
  }, [availability]);
  const backToList = () => nav.backTo(PAGES.availability);
  // A box that does not read as a quantity, or more than is sellable: said at the line, and the order waits.
  const blocked = cart.problemCount > 0 && !cart.outcomeUnknown;
  const submit = () => {
    // Placing an order is the leader's tap: WeChat's moment to ask for shortage and cutoff alerts.
    void askConsent();
    void cart.submit();
  };

  return (
    <View className="hz-order">
      <PlacedOrder />
      <JielongPanel />
      {cart.isEmpty ? (
        <EmptyState title={cart.lastOrder ? '可以继续选下一单' : '订单里还没有商品'} description="在可售库存里点“加入订单”">
          <Button type="primary" onClick={backToList}>
            去选货
          </Button>
        </EmptyState>
      ) : (
        <View>
          <CutoffCountdown cutoff={availability.nextCutoff(cart.lines.map((l) => l.skuId))} now={availability.now} />
          {cart.error && (
            <View className="hz-banner hz-banner--error">
              <Text>{cart.error}</Text>
            </View>
          )}
          {cart.lines.map((line) => (
            <LineCard key={line.id} line={line} />
          ))}
          <Button fill="none" className="hz-more" onClick={backToList}>
            继续选货
          </Button>
          <View className="hz-bottom-bar">
            <Text className="hz-bottom-bar-info">
              共 {cart.totalQty} 件 · {formatYuan(cart.totalAmount)}
            </Text>
            <Button type="primary" className="hz-submit-order" loading={cart.submitting} disabled={cart.submitting || blocked} onClick={submit}>
              {cart.outcomeUnknown ? '重新提交' : blocked ? `还有 ${cart.problemCount} 行要改` : '提交订单'}
            </Button>
          </View>
        </View>
      )}
      <Notice notice={cart.notice} onClose={() => cart.dismissNotice()} />
    </View>
  );
});

export default function LeaderOrderPage() {
  return (
    <RequireRole roles={['leader']}>
      <UserBar />
      <LeaderLinks />
      <OrderBody />
    </RequireRole>
  );
}
