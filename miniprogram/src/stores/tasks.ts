import { makeAutoObservable, runInAction } from 'mobx';
import { type Result, callFunction } from '../services/api';
import { now } from '../services/clock';
import { formatYuan } from '../services/format';
import type { SubstituteView, TaskView } from '../services/types';
import { lazyStore, useStores } from './index';
import { type LoadStatus, loadInto } from './loadable';

/** A tap that cannot be undone, waiting for its confirmation (DESIGN §8). */
export type PendingChoice = { kind: 'refund'; task: TaskView } | { kind: 'substitute'; task: TaskView; sub: SubstituteView };

/** Fen: the short units at the SKU's price. */
export const refundOf = (task: Pick<TaskView, 'shortQty' | 'price'>): number => task.shortQty * task.price;

const customerOf = (task: TaskView): string => task.customer ?? '未填名字的顾客';

/** What the confirmation says will happen: the amount or the goods, for whom, and that it stays. */
export function consequenceOf(choice: PendingChoice): { title: string; content: string; confirm: string } {
  const { task } = choice;
  if (choice.kind === 'refund') {
    return {
      title: '确认退款？',
      content: `退款 ${formatYuan(refundOf(task))} 给 ${customerOf(task)}（${task.name} ${task.shortQty} 件），并送 ${formatYuan(task.couponOffer)} 优惠券？此操作不能撤销`,
      confirm: `退款 ${formatYuan(refundOf(task))}`,
    };
  }
  const { sub } = choice;
  const difference = (sub.price - task.price) * task.shortQty;
  const pays = difference > 0 ? `差价 ${formatYuan(difference)} 顾客不用补（计入供应商缺货成本）。` : '';
  return {
    title: '确认换成替代品？',
    content: `给 ${customerOf(task)} 改发 ${sub.name} ${sub.spec} × ${task.shortQty}：现在下单并占用库存，随下一个波次发出。${pays}此操作不能撤销`,
    confirm: '确认换货',
  };
}

/** Short lines the leader puts right with each customer: a substitute, or a refund with a coupon. */
export class LeaderTasksStore {
  tasks: TaskView[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  /** Contact notes as typed, per task. */
  notes: Record<string, string> = {};
  /** The task an answer is awaited for. */
  busy: string | null = null;
  taskErrors: Record<string, string> = {};
  notice: { text: string; kind: 'success' | 'fail' } | null = null;
  now: number = now();
  /** 退款 or 选这个替代品 tapped: asked once more, naming what it does. */
  pending: PendingChoice | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  get open(): TaskView[] {
    return this.tasks.filter((t) => t.status === 'open').sort((a, b) => a.openedAt - b.openedAt);
  }

  get resolved(): TaskView[] {
    return this.tasks.filter((t) => t.status === 'resolved').sort((a, b) => (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0));
  }

  get openCount(): number {
    return this.open.length;
  }

  load(): Promise<void> {
    return loadInto(
      this,
      () => callFunction<TaskView[]>('leader', 'tasks', {}),
      (tasks) => (this.tasks = tasks),
      () => (this.now = now()),
    );
  }

  noteOf(taskId: string): string {
    return this.notes[taskId] ?? '';
  }

  setNote(taskId: string, text: string): void {
    this.notes[taskId] = text;
    delete this.taskErrors[taskId];
  }

  /** 退款+优惠券 tapped: nothing is sent until the confirmation that names the amount. */
  askRefund(task: TaskView): void {
    if (!this.busy) this.pending = { kind: 'refund', task };
  }

  askSubstitute(task: TaskView, sub: SubstituteView): void {
    if (!this.busy) this.pending = { kind: 'substitute', task, sub };
  }

  dismissPending(): void {
    this.pending = null;
  }

  /** The confirmation's yes: only now does the choice reach the server. */
  confirmPending(): Promise<boolean> {
    const choice = this.pending;
    this.pending = null;
    if (!choice) return Promise.resolve(false);
    return choice.kind === 'refund' ? this.chooseRefund(choice.task) : this.chooseSubstitute(choice.task, choice.sub.skuId);
  }

  /** The customer takes this substitute: reserved like an order, so its sellable drops at once. */
  chooseSubstitute(task: TaskView, skuId: string): Promise<boolean> {
    return this.run(task, () => callFunction<TaskView>('leader', 'chooseSubstitute', { taskId: task.id, skuId }), '已换成替代品并下单', true);
  }

  chooseRefund(task: TaskView): Promise<boolean> {
    return this.run(task, () => callFunction<TaskView>('leader', 'chooseRefund', { taskId: task.id }), '已记录退款和优惠券', false);
  }

  recordContact(task: TaskView): Promise<boolean> {
    const note = this.noteOf(task.id).trim();
    if (!note) {
      this.taskErrors[task.id] = '请写下和顾客说了什么，如“已电话联系，顾客同意换货”';
      return Promise.resolve(false);
    }
    return this.run(task, () => callFunction<TaskView>('leader', 'recordContact', { taskId: task.id, note }), '已记录联系', false);
  }

  dismissNotice(): void {
    this.notice = null;
  }

  private async run(task: TaskView, send: () => Promise<Result<TaskView>>, done: string, stockMoved: boolean): Promise<boolean> {
    if (this.busy) return false;
    this.busy = task.id;
    delete this.taskErrors[task.id];
    const result = await send();
    runInAction(() => {
      this.busy = null;
      this.now = now();
      if (!result.ok) {
        this.taskErrors[task.id] = result.error.message;
        this.notice = { text: '未完成', kind: 'fail' };
        return;
      }
      this.tasks = this.tasks.map((t) => (t.id === task.id ? result.data : t));
      delete this.notes[task.id];
      this.notice = { text: done, kind: 'success' };
    });
    // A substitute is a new order: the list's numbers moved. A task someone else settled: show it as it is.
    if (result.ok ? stockMoved : result.error.code === 'WRONG_STATE') await Promise.all([this.load(), useStores().availability.refresh()]);
    return result.ok;
  }
}

export const useLeaderTasks = lazyStore(() => new LeaderTasksStore());
