// Where each wave pushed to a supplier's system stands (DESIGN §4, level `api`): the
// supplier reads its own, the operator reads any supplier's and sends a parked one again.
import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import { now } from '../services/clock';
import type { WebhookEvent } from '../services/types';
import { lazyStore } from './index';
import { type LoadStatus, loadInto } from './loadable';

export class WebhookEventsStore {
  events: WebhookEvent[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  now: number = now();
  /** The event a 重试 is on its way for. */
  retrying: string | null = null;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;

  /** `supplierId` set: the operator's view of that supplier; unset: the signed-in supplier's own. */
  constructor(private readonly supplierId?: string) {
    makeAutoObservable<WebhookEventsStore, 'supplierId'>(this, { supplierId: false });
  }

  load(): Promise<void> {
    return loadInto(
      this,
      () => (this.supplierId === undefined
        ? callFunction<WebhookEvent[]>('supplier', 'webhookEvents', {})
        : callFunction<WebhookEvent[]>('operator', 'webhookEvents', { supplierId: this.supplierId })),
      (events) => (this.events = events),
      () => (this.now = now()),
    );
  }

  dismiss(): void {
    this.notice = null;
  }

  /** 重试 (operator): a delivery parked as failed goes out again at the next tick, with another day of retries. */
  async retry(eventId: string): Promise<void> {
    if (this.retrying || this.supplierId === undefined) return;
    this.retrying = eventId;
    const result = await callFunction<WebhookEvent>('operator', 'retryWebhook', { eventId });
    runInAction(() => {
      this.retrying = null;
      this.notice = result.ok ? { text: '已重新排队发送', kind: 'success' } : { text: result.error.message, kind: 'fail' };
      if (result.ok) this.events = this.events.map((e) => (e.id === eventId ? result.data : e));
    });
    await this.load();
  }
}

/** The signed-in supplier's own deliveries (the waves page). */
export const useOwnWebhookEvents = lazyStore(() => new WebhookEventsStore());
