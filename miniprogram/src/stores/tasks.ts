import { makeAutoObservable, runInAction } from 'mobx';
import { type Result, callFunction } from '../services/api';
import { now } from '../services/clock';
import type { TaskView } from '../services/types';
import { lazyStore, useStores } from './index';
import { type LoadStatus, loadInto } from './loadable';

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

  /** The substitute's name for a resolved task (its list is empty once resolved). */
  substituteName(task: TaskView): string {
    const id = task.substituteSkuId ?? '';
    const listed = useStores().availability.item(id);
    return listed ? `${listed.name} ${listed.spec}` : id;
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
