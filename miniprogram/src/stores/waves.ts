// Waves as the supplier and the operator see them: the list, and one wave's pick list
// with its confirmation form. The pages say which function answers (the operator
// confirms on the supplier's behalf through its own action).
import { makeAutoObservable, runInAction } from 'mobx';
import { type Result, callFunction } from '../services/api';
import { now } from '../services/clock';
import { readWholeNumber } from '../services/numbers';
import { files } from '../services/files';
import type { FileDownload, PickRowView, WaveSummary, WaveView } from '../services/types';
import { stepped } from './count-entry';
import { lazyStore } from './index';
import { type LoadStatus, loadInto } from './loadable';

type Notice = { text: string; kind: 'success' | 'fail' };

/** Whose waves, through which actions. Actions left out are not offered on the page. */
export interface WaveActions {
  fn: 'supplier' | 'operator';
  confirm: string;
  ship?: string;
  exportXlsx?: string;
}

/** Unconfirmed past the deadline: the operator's to chase or confirm. */
export const isOverdue = (w: WaveSummary): boolean => w.status === 'closed' && w.escalated;

export class WaveListStore {
  waves: WaveSummary[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  now: number = now();

  constructor(private readonly fn: WaveActions['fn']) {
    makeAutoObservable<WaveListStore, 'fn'>(this, { fn: false });
  }

  /** Overdue first, then those waiting for confirmation, then the rest; newest day first within each. */
  get sorted(): WaveSummary[] {
    const rank = (w: WaveSummary): number => (isOverdue(w) ? 0 : w.status === 'closed' ? 1 : 2);
    return [...this.waves].sort((a, b) => rank(a) - rank(b) || b.day.localeCompare(a.day) || a.supplierName.localeCompare(b.supplierName, 'zh'));
  }

  get toConfirm(): number {
    return this.waves.filter((w) => w.status === 'closed').length;
  }

  get overdue(): number {
    return this.waves.filter(isOverdue).length;
  }

  load(): Promise<void> {
    return loadInto(
      this,
      () => callFunction<WaveSummary[]>(this.fn, 'waves', {}),
      (waves) => (this.waves = waves),
      () => (this.now = now()),
    );
  }
}

const SKU_PATH = /^sku:(.+)$/;

/** One wave: the pick list, the confirmation (each SKU in full unless entered less), shipping, export. */
export class WaveDetailStore {
  view: WaveView | null = null;
  status: LoadStatus = 'idle';
  error: string | null = null;
  /** What is in each SKU's box, as typed; a SKU never touched ships in full. */
  drafts: Record<string, string> = {};
  rowErrors: Record<string, string> = {};
  formError: string | null = null;
  submitting = false;
  shipping = false;
  exporting = false;
  notice: Notice | null = null;
  /** A tap that cannot be taken back waits for its confirmation (DESIGN §8: the consequence named first). */
  asking: 'confirm' | 'ship' | null = null;
  now: number = now();

  constructor(
    readonly actions: WaveActions,
    readonly waveId: string,
    /** Told after a confirmation or shipping, so the list (and its counts) follow. */
    private readonly onChanged: () => void = () => undefined,
  ) {
    makeAutoObservable<WaveDetailStore, 'onChanged'>(this, { actions: false, waveId: false, onChanged: false });
  }

  get canConfirm(): boolean {
    return this.view?.status === 'closed';
  }

  get canShip(): boolean {
    return this.view?.status === 'confirmed' && this.actions.ship !== undefined;
  }

  tick(): void {
    this.now = now();
  }

  load(): Promise<void> {
    return loadInto(
      this,
      () => callFunction<WaveView>(this.actions.fn, 'wave', { waveId: this.waveId }),
      (view) => (this.view = view),
      () => (this.now = now()),
    );
  }

  draftOf(row: PickRowView): string {
    return this.drafts[row.skuId] ?? String(row.total);
  }

  setDraft(skuId: string, text: string): void {
    this.drafts[skuId] = text;
    delete this.rowErrors[skuId];
    this.formError = null;
  }

  step(row: PickRowView, delta: number): void {
    const next = readWholeNumber(stepped(this.draftOf(row), delta, row.total));
    if (next.ok) this.setDraft(row.skuId, String(Math.min(row.total, next.value)));
  }

  /** "全部可发": every SKU back to what was ordered. */
  allInFull(): void {
    this.drafts = {};
    this.rowErrors = {};
    this.formError = null;
  }

  /** The units this row would be short as typed (0 when in full or not a number yet). */
  shortOf(row: PickRowView): number {
    if (row.shipQty !== undefined) return row.total - row.shipQty;
    const typed = readWholeNumber(this.draftOf(row));
    return typed.ok ? Math.max(0, row.total - typed.value) : 0;
  }

  /** What 确认可发数量 will do, said before it is done. */
  get confirmText(): string {
    if (this.shortUnits === 0) return `全部 ${this.view?.units ?? 0} 件按订购数量发货。确认后不能修改。`;
    return `缺 ${this.shortUnits} 件（${this.shortSkus} 个商品）：从最晚下单的订单开始扣减，被扣减的团长会收到缺货处理任务。确认后不能修改。`;
  }

  /** 确认可发数量: every box checked first; the confirmation opens only for a form that can go. */
  askConfirm(): void {
    if (this.shipments()) this.asking = 'confirm';
  }

  askShip(): void {
    if (this.canShip) this.asking = 'ship';
  }

  cancelAsk(): void {
    this.asking = null;
  }

  /** Each SKU's 可发 as typed, or null with each bad box named at its row. */
  private shipments(): Array<{ skuId: string; shipQty: number }> | null {
    const view = this.view;
    if (!view) return null;
    const errors: Record<string, string> = {};
    const skus = view.rows.map((row) => {
      const typed = readWholeNumber(this.draftOf(row));
      if (!typed.ok) errors[row.skuId] = this.draftOf(row).trim() === '' ? '请填写可发件数（整数）' : typed.message;
      else if (typed.value > row.total) errors[row.skuId] = `最多 ${row.total} 件（订购数量）`;
      return { skuId: row.skuId, shipQty: typed.ok ? typed.value : 0 };
    });
    if (Object.keys(errors).length === 0) return skus;
    this.rowErrors = errors;
    this.formError = `有 ${Object.keys(errors).length} 个商品需要修改`;
    return null;
  }

  get shortUnits(): number {
    return (this.view?.rows ?? []).reduce((n, r) => n + this.shortOf(r), 0);
  }

  get shortSkus(): number {
    return (this.view?.rows ?? []).filter((r) => this.shortOf(r) > 0).length;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** Every SKU answered at once; a refusal names each SKU at its row. */
  async confirm(): Promise<boolean> {
    const view = this.view;
    this.asking = null;
    if (!view || !this.canConfirm || this.submitting) return false;
    const skus = this.shipments();
    if (!skus) return false;
    this.submitting = true;
    this.formError = null;
    const result = await callFunction<WaveView>(this.actions.fn, this.actions.confirm, { waveId: view.id, skus });
    runInAction(() => {
      this.submitting = false;
      if (!result.ok) {
        const placed: Record<string, string> = {};
        const other: string[] = [];
        for (const issue of result.error.issues ?? []) {
          const skuId = SKU_PATH.exec(issue.path)?.[1];
          if (skuId && view.rows.some((r) => r.skuId === skuId)) placed[skuId] ??= issue.message;
          else other.push(issue.message);
        }
        this.rowErrors = placed;
        this.formError = other.length > 0 || Object.keys(placed).length === 0 ? [result.error.message, ...other].join('：') : `确认未提交：${Object.keys(placed).length} 个商品需要修改`;
        this.notice = { text: '确认未提交', kind: 'fail' };
        return;
      }
      this.view = result.data;
      this.drafts = {};
      this.rowErrors = {};
      this.notice = { text: '已确认', kind: 'success' };
    });
    if (result.ok) this.onChanged();
    return result.ok;
  }

  async ship(): Promise<boolean> {
    const view = this.view;
    this.asking = null;
    if (!view || !this.canShip || this.shipping || !this.actions.ship) return false;
    this.shipping = true;
    const result = await callFunction<WaveView>(this.actions.fn, this.actions.ship, { waveId: view.id });
    runInAction(() => {
      this.shipping = false;
      if (!result.ok) {
        this.formError = result.error.message;
        this.notice = { text: '未标记发货', kind: 'fail' };
        return;
      }
      this.view = result.data;
      this.notice = { text: '已标记发货', kind: 'success' };
    });
    if (result.ok) this.onChanged();
    return result.ok;
  }

  /** The pick list as a spreadsheet, saved the way this platform saves files. */
  async exportXlsx(): Promise<boolean> {
    const view = this.view;
    if (!view || !this.actions.exportXlsx || this.exporting) return false;
    this.exporting = true;
    const result: Result<FileDownload> = await callFunction<FileDownload>(this.actions.fn, this.actions.exportXlsx, { waveId: view.id });
    const saved = result.ok ? await files().saveDownload(result.data) : result;
    runInAction(() => {
      this.exporting = false;
      this.notice = saved.ok ? { text: saved.data.message, kind: 'success' } : { text: saved.error.message, kind: 'fail' };
    });
    return saved.ok;
  }
}

export const useSupplierWaves = lazyStore(() => new WaveListStore('supplier'));
