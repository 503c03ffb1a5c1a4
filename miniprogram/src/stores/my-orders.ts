import { makeAutoObservable, runInAction } from 'mobx';
import { type Result, callFunction } from '../services/api';
import { now } from '../services/clock';
import { readWholeNumber } from '../services/numbers';
import type { LeaderDayView, LeaderLineView } from '../services/types';
import { lazyStore, useStores } from './index';
import { type LoadStatus, loadInto } from './loadable';

/** Codes after which the list on screen is out of date (cutoff passed, the line moved on). */
const STALE = new Set(['AFTER_CUTOFF', 'WRONG_STATE', 'CONFLICT', 'NOT_FOUND']);

/** The leader's lines, today and the days before: change or cancel while the wave is open. */
export class MyOrdersStore {
  days: LeaderDayView[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  /** What is in each changeable line's box, as typed. */
  drafts: Record<string, string> = {};
  /** The line being saved or cancelled. */
  busy: string | null = null;
  lineErrors: Record<string, string> = {};
  /** The line whose "取消" waits for a second tap. */
  confirmingCancel: string | null = null;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;
  now: number = now();

  constructor() {
    makeAutoObservable(this);
  }

  get lineCount(): number {
    return this.days.reduce((n, d) => n + d.lines.length, 0);
  }

  tick(): void {
    this.now = now();
  }

  load(): Promise<void> {
    return loadInto(
      this,
      () => callFunction<LeaderDayView[]>('leader', 'myOrders', { days: 3 }),
      (days) => {
        this.days = days;
        // Boxes start from what is ordered; a saved change starts over from the new number.
        this.drafts = {};
      },
      () => (this.now = now()),
    );
  }

  draftOf(line: LeaderLineView): string {
    return this.drafts[line.lineId] ?? String(line.qty);
  }

  setDraft(lineId: string, text: string): void {
    this.drafts[lineId] = text;
    delete this.lineErrors[lineId];
  }

  /** − / +: from the number in the box, or from what is ordered when the box does not read as one; never below 1. */
  step(line: LeaderLineView, delta: number): void {
    const read = readWholeNumber(this.draftOf(line), 1);
    this.setDraft(line.lineId, String(Math.max(1, (read.ok ? read.value : line.qty) + delta)));
  }

  isEdited(line: LeaderLineView): boolean {
    return this.draftOf(line).trim() !== String(line.qty);
  }

  askCancel(lineId: string): void {
    this.confirmingCancel = lineId;
    delete this.lineErrors[lineId];
  }

  keep(): void {
    this.confirmingCancel = null;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** A new quantity: fewer units go back on sale at once, more are reserved like any order. */
  async saveQty(line: LeaderLineView): Promise<boolean> {
    const read = readWholeNumber(this.draftOf(line), 1);
    if (!read.ok) {
      this.lineErrors[line.lineId] = /^至少/.test(read.message) || this.draftOf(line).trim() === '' ? '请填写至少 1 件；不要了请点“取消”' : read.message;
      return false;
    }
    const qty = read.value;
    return this.run(line, () => callFunction('leader', 'changeLine', { lineId: line.lineId, qty }), `已改为 ${qty} 件`);
  }

  async cancel(line: LeaderLineView): Promise<boolean> {
    this.confirmingCancel = null;
    return this.run(line, () => callFunction('leader', 'cancelLine', { lineId: line.lineId }), '已取消，库存已释放');
  }

  private async run(line: LeaderLineView, send: () => Promise<Result<unknown>>, done: string): Promise<boolean> {
    if (this.busy) return false;
    this.busy = line.lineId;
    delete this.lineErrors[line.lineId];
    const result = await send();
    runInAction(() => {
      this.busy = null;
      if (result.ok) this.notice = { text: done, kind: 'success' };
      else {
        this.lineErrors[line.lineId] = result.error.message;
        this.notice = { text: '未修改', kind: 'fail' };
      }
    });
    // Sellable moved (or the line did): show both as they are now.
    if (result.ok || STALE.has(result.error.code)) await Promise.all([this.load(), useStores().availability.refresh()]);
    if (!result.ok && STALE.has(result.error.code)) runInAction(() => (this.lineErrors[line.lineId] = result.error.message));
    return result.ok;
  }
}

export const useMyOrders = lazyStore(() => new MyOrdersStore());
