import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { BackBar } from '../../../components/BackBar';
import { CountStepper } from '../../../components/CountStepper';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { OrderImport } from '../../../components/OrderImport';
import { Button, Tag } from '../../../components/nutui';
import { RequireRole } from '../../../components/RequireRole';
import { formatTime, formatYuan } from '../../../services/format';
import { nav, PAGES } from '../../../services/nav';
import type { LeaderDayView, LeaderLineView, LineStatus } from '../../../services/types';
import { useMyOrders } from '../../../stores/my-orders';
import '../orders.scss';

const STATUS_TAG: Record<LineStatus, 'primary' | 'success' | 'warning' | 'danger' | 'default'> = {
  placed: 'primary',
  forwarded: 'warning',
  confirmed: 'success',
  short: 'danger',
  shipped: 'success',
  cancelled: 'default',
};

/**
 * A short line as the customer will hear it: before the leader settles it, where to go;
 * after, what ships and what the customer gets back.
 */
function shortageText(line: LeaderLineView): { text: string; settled: boolean } {
  const remedy = line.remedy;
  if (!remedy || remedy.status === 'open') return { text: `缺 ${line.shortQty} 件，请到“缺货处理”联系顾客`, settled: false };
  const shipped = line.qty - line.shortQty;
  const ships = `${line.status === 'shipped' ? '已发' : '将发'} ${shipped} 件`;
  if (remedy.outcome === 'refund') {
    const coupon = remedy.couponValue ? `，另送 ${formatYuan(remedy.couponValue)} 优惠券` : '';
    return { text: `${ships}；缺的 ${line.shortQty} 件已退款 ${formatYuan(remedy.refundAmount ?? 0)}${coupon}`, settled: true };
  }
  const wave = remedy.substituteDayLabel ? `，随 ${remedy.substituteDayLabel} 的波次发出` : '';
  const difference = remedy.priceDifference ? `；差价 ${formatYuan(remedy.priceDifference)} 顾客不用补（计入供应商缺货成本）` : '';
  return { text: `${ships}；缺的 ${line.shortQty} 件改发 ${remedy.substituteName ?? '替代品'} ${line.shortQty} 件${wave}${difference}`, settled: true };
}

const LineRow = observer(function LineRow({ line }: { line: LeaderLineView }) {
  const orders = useMyOrders();
  const busy = orders.busy === line.lineId;
  const error = orders.lineErrors[line.lineId];
  const label = `${line.name} ${line.spec}${line.customer ? ` ${line.customer}` : ''} 数量`;
  return (
    <View className={`hz-card hz-my-line hz-my-line--${line.status}`}>
      <View className="hz-row-between">
        <View className="hz-my-line-info">
          <Text className="hz-sku-name">{line.name}</Text>
          <Text className="hz-sku-spec">{line.spec}</Text>
          <Text className="hz-my-line-customer">{line.customer ? `顾客：${line.customer}` : '未填顾客'}</Text>
          {line.orderNo && <Text className="hz-muted hz-my-line-number">订单号 {line.orderNo}</Text>}
        </View>
        <View className="hz-my-line-side">
          <Tag type={STATUS_TAG[line.status]} className="hz-status-tag hz-my-line-status">
            {line.statusName}
          </Tag>
          {!line.changeable && <Text className="hz-my-line-qty">× {line.qty}</Text>}
        </View>
      </View>
      {line.shortQty > 0 && <ShortageLine line={line} />}
      {line.changeable && (
        <View className="hz-my-line-edit">
          <CountStepper
            value={orders.draftOf(line)}
            label={label}
            focus={false}
            last
            disabled={busy}
            onChange={(text) => orders.setDraft(line.lineId, text)}
            onStep={(delta) => orders.step(line, delta)}
            onFocus={() => undefined}
            onBlur={() => undefined}
            onNext={() => void orders.saveQty(line)}
          />
          {orders.confirmingCancel === line.lineId ? (
            <View className="hz-inline-actions">
              <Text className="hz-muted">取消后库存立即释放</Text>
              <Button size="small" onClick={() => orders.keep()}>
                不取消
              </Button>
              <Button size="small" type="danger" className="hz-cancel-confirm" loading={busy} disabled={busy} onClick={() => void orders.cancel(line)}>
                确认取消
              </Button>
            </View>
          ) : (
            <View className="hz-inline-actions">
              <Button size="small" className="hz-cancel-line" disabled={busy} onClick={() => orders.askCancel(line.lineId)}>
                取消
              </Button>
              <Button size="small" type="primary" className="hz-save-qty" loading={busy} disabled={busy || !orders.isEdited(line)} onClick={() => void orders.saveQty(line)}>
                改数量
              </Button>
            </View>
          )}
        </View>
      )}
      {error && <Text className="hz-field-error hz-my-line-error">{error}</Text>}
    </View>
  );
});

function ShortageLine({ line }: { line: LeaderLineView }) {
  const { text, settled } = shortageText(line);
  return <Text className={settled ? 'hz-my-remedy' : 'hz-field-error hz-my-short'}>{text}</Text>;
}

const DayGroup = observer(function DayGroup({ day }: { day: LeaderDayView }) {
  const orders = useMyOrders();
  // The server's clock decides what can change; the phone's only fills in when nothing is open to ask about.
  const open = day.lines.some((l) => l.changeable) || (day.lines.every((l) => l.status === 'cancelled') && day.cutoffAt > orders.now);
  const units = day.lines.filter((l) => l.status !== 'cancelled').reduce((n, l) => n + l.qty, 0);
  return (
    <View className="hz-my-day">
      <View className="hz-row-between hz-my-day-head">
        <Text className="hz-my-day-title">{day.label}</Text>
        <Text className={open ? 'hz-my-day-open' : 'hz-muted'}>
          {day.cutoffAt > 0 ? (open ? `${formatTime(day.cutoffAt, orders.now)} 截单前可修改` : '已截单') : ''} · 共 {units} 件
        </Text>
      </View>
      {day.lines.map((line) => (
        <LineRow key={line.lineId} line={line} />
      ))}
    </View>
  );
});

const MyOrdersBody = observer(function MyOrdersBody() {
  const orders = useMyOrders();
  useEffect(() => {
    void orders.load();
    // "截单前可修改" turns into "已截单" while the page stays open.
    const timer = setInterval(() => orders.tick(), 30 * 1000);
    return () => clearInterval(timer);
  }, [orders]);
  usePullDownRefresh(() => {
    void orders.load().finally(() => Taro.stopPullDownRefresh());
  });

  if (orders.status === 'idle' || orders.status === 'loading') return <LoadingLine text="正在加载订单…" />;
  if (orders.status === 'error') return <LoadError title="订单加载失败" message={orders.error} onRetry={() => void orders.load()} />;
  return (
    <View className="hz-orders">
      <Text className="hz-page-title hz-orders-title">我的订单</Text>
      <Text className="hz-muted">今天和最近 3 天；截单前可以改数量或取消，取消的库存立即释放</Text>
      {orders.error && (
        <View className="hz-banner hz-banner--error">
          <Text>刷新失败：{orders.error}</Text>
        </View>
      )}
      {orders.days.length === 0 ? (
        <EmptyState title="最近没有订单" description="在可售库存里选货下单后，这里可以查看和修改">
          <Button type="primary" onClick={() => nav.backTo(PAGES.availability)}>
            去选货
          </Button>
        </EmptyState>
      ) : (
        orders.days.map((day) => <DayGroup key={day.day} day={day} />)
      )}
      <OrderImport onImported={() => void orders.load()} />
      <Notice notice={orders.notice} onClose={() => orders.dismissNotice()} />
    </View>
  );
});

export default function MyOrdersPage() {
  return (
    <RequireRole roles={['leader']}>
      <BackBar to={PAGES.availability} label="可售库存" />
      <MyOrdersBody />
    </RequireRole>
  );
}
