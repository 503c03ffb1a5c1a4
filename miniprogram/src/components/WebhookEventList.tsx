import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { formatDay, formatTime } from '../services/format';
import { WEBHOOK_KIND_LABELS, WEBHOOK_STATE_LABELS, type WebhookState, webhookState } from '../services/labels';
import type { WebhookEvent } from '../services/types';
import type { WebhookEventsStore } from '../stores/webhook-events';
import { EmptyState } from './EmptyState';
import { LoadingLine } from './Loading';
import { Notice } from './Notice';
import { Button, Tag } from './nutui';

const TAG_TYPES: Record<WebhookState, 'default' | 'success' | 'warning' | 'danger'> = {
  waiting: 'default',
  delivered: 'success',
  retrying: 'warning',
  failed: 'danger',
};

/** A wave's id is `<supplier>_<YYYY-MM-DD>`: the day is what people recognise it by. */
export function waveName(refId: string): string {
  const day = /_(\d{4}-\d{2}-\d{2})$/.exec(refId)?.[1];
  return day ? `${formatDay(day)}波次` : refId;
}

/** What an event is about: a wave by its day, a line event by its SKU and the units moved. */
export function eventSubject(event: Pick<WebhookEvent, 'kind' | 'refId' | 'skuId' | 'units'>): string {
  if (event.kind === 'wave.forwarded') return waveName(event.refId);
  const sku = event.skuId ? `商品 ${event.skuId}` : `订单 ${event.refId}`;
  return event.units !== undefined ? `${sku} · ${event.units} 件` : sku;
}

/** The line under an event: when it arrived, or how the tries went and what went wrong last. */
function progressText(event: WebhookEvent, state: WebhookState, now: number): string {
  const parts: string[] = [];
  if (state === 'delivered' && event.deliveredAt !== undefined) parts.push(`${formatTime(event.deliveredAt, now)} 送达`);
  if (event.attempts > 0) parts.push(`已尝试 ${event.attempts} 次`);
  if (state === 'retrying') parts.push(`下次 ${formatTime(event.nextAttemptAt, now)}`);
  if (state === 'waiting') parts.push(event.retriedBy ? '已由运营重新发送，等待发送' : '等待发送');
  if (state === 'failed') parts.push('已停止自动重试');
  return parts.join(' · ');
}

interface WebhookEventListProps {
  events: WebhookEventsStore;
  /** The operator's 重试 on a delivery parked as failed; left out for the supplier (read only). */
  canRetry?: boolean;
  /** Given: an empty list is a page's empty state (the supplier's); otherwise a quiet line in a form. */
  emptyDescription?: string;
}

/** Each wave pushed to a supplier's system: what, which wave, where it stands, the last error. */
export const WebhookEventList = observer(function WebhookEventList({ events, canRetry = false, emptyDescription }: WebhookEventListProps) {
  if (events.status === 'idle' || events.status === 'loading') return <LoadingLine text="正在加载推送记录…" />;
  if (events.status === 'error') {
    return (
      <View className="hz-webhook-events">
        <Text className="hz-field-error">推送记录加载失败：{events.error}</Text>
        <Button size="small" onClick={() => void events.load()}>
          重试
        </Button>
      </View>
    );
  }
  const now = events.now;
  return (
    <View className="hz-webhook-events">
      <Notice notice={events.notice} onClose={() => events.dismiss()} />
      {events.notice?.kind === 'fail' && <Text className="hz-field-error">{events.notice.text}</Text>}
      {events.events.length === 0 && (emptyDescription ? <EmptyState title="暂无推送记录" description={emptyDescription} /> : <Text className="hz-muted hz-webhook-empty">暂无推送记录</Text>)}
      {events.events.map((event) => {
        const state = webhookState(event);
        return (
          <View key={event.id} className={`hz-card hz-webhook-event hz-webhook-event--${state}`}>
            <View className="hz-row-between">
              <Text className="hz-webhook-event-title">
                {WEBHOOK_KIND_LABELS[event.kind] ?? event.kind} · {eventSubject(event)}
              </Text>
              <Tag type={TAG_TYPES[state]} plain={state === 'waiting'}>
                {WEBHOOK_STATE_LABELS[state]}
              </Tag>
            </View>
            <Text className="hz-muted hz-webhook-event-progress">{progressText(event, state, now)}</Text>
            {event.lastError && state !== 'delivered' && (
              <Text className="hz-webhook-event-error">
                最近错误（{formatTime(event.lastError.at, now)}）：{event.lastError.message}
              </Text>
            )}
            {canRetry && state === 'failed' && (
              <Button size="small" type="primary" fill="outline" className="hz-webhook-retry" loading={events.retrying === event.id} disabled={events.retrying !== null} onClick={() => void events.retry(event.id)}>
                重试
              </Button>
            )}
          </View>
        );
      })}
    </View>
  );
});
