// One stocktake (盘点对账, DESIGN §8a) as its page works it: the blind count (every listed
// SKU, every box empty — a box left blank is not a count), then each variance beside the
// book figure with the reason it needs, the supplier's confirmation, and the operator's
// approval, return or cancellation. The page says which function answers: the operator
// counts and explains through its own actions.
import { makeAutoObservable, runInAction } from 'mobx';
import { type ClientError, type Result, callFunction } from '../services/api';
import { now } from '../services/clock';
import { files } from '../services/files';
import { formatYuan } from '../services/money';
import { readWholeNumber } from '../services/numbers';
import type { FileDownload, StocktakeLineView, StocktakeView, VarianceReason } from '../services/types';
import { CountBoxes } from './count-boxes';
import { type CountLine, issuesBySku, withoutLinePrefix } from './count-entry';
import { type LoadStatus, loadInto } from './loadable';

type Notice = { text: string; kind: 'success' | 'fail' };

/** Whose stocktake, through which actions. Actions left out are not offered on the page. */
export interface StocktakeActions {
  fn: 'supplier' | 'operator';
  count: string;
  explain: string;
  confirm?: string;
  approve?: string;
  sendBack?: string;
  cancel?: string;
  exportXlsx: string;
}

export const SUPPLIER_STOCKTAKE: StocktakeActions = { fn: 'supplier', count: 'submitStocktake', explain: 'explainStocktake', confirm: 'confirmStocktake', exportXlsx: 'exportStocktake' };

export const OPERATOR_STOCKTAKE: StocktakeActions = {
  fn: 'operator', count: 'countStocktakeFor', explain: 'explainStocktakeFor', approve: 'approveStocktake', sendBack: 'returnStocktake', cancel: 'cancelStocktake', exportXlsx: 'exportStocktake',
};

/** A tap that cannot be taken back waits here for its confirmation (the consequence named first). */
export type StocktakeAsk = 'confirm' | 'approve' | 'return' | 'cancel';

type Busy = 'count' | 'reasons' | StocktakeAsk | 'export';

/** `lines[3].reason` → 3 and 'reason'. */
const LINE_FIELD = /^lines\[(\d+)\]\.(\w+)/;

/** "赣南脐橙 5斤装". */
export const lineName = (line: Pick<StocktakeLineView, 'name' | 'spec'>): string => `${line.name} ${line.spec}`.trim();

const listed = (names: string[]): string => `${names.slice(0, 5).join('、')}${names.length > 5 ? ' 等' : ''}`;

export class StocktakeDetailStore {
  view: StocktakeView | null = null;
  status: LoadStatus = 'idle';
  error: string | null = null;
  /** The count's boxes: empty until someone counts (never the book figure, never the last count). */
  readonly boxes = new CountBoxes(() => this.countOrder);
  /** Counting again before the supplier confirms (the last count stays in the history). */
  recounting = false;
  /** Reasons and notes as chosen and typed, by SKU; a SKU not here shows what is saved. */
  reasonDrafts: Record<string, VarianceReason | ''> = {};
  noteDrafts: Record<string, string> = {};
  /** A reason or note the server asked for, at its line. */
  lineErrors: Record<string, string> = {};
  /** Lines whose book figure shows its parts (tapped open). */
  openParts: Record<string, true> = {};
  formError: string | null = null;
  busy: Busy | null = null;
  asking: StocktakeAsk | null = null;
  /** Why it is returned or cancelled (required). */
  askNote = '';
  askNoteError: string | null = null;
  notice: Notice | null = null;
  now: number = now();

  constructor(
    readonly actions: StocktakeActions,
    readonly stocktakeId: string,
    /** Told after every change, so the list follows. */
    private readonly onChanged: () => void = () => undefined,
  ) {
    makeAutoObservable<StocktakeDetailStore, 'onChanged'>(this, { actions: false, stocktakeId: false, onChanged: false, boxes: false });
  }

  load(): Promise<void> {
    return loadInto(
      this,
      () => callFunction<StocktakeView>(this.actions.fn, 'stocktake', { stocktakeId: this.stocktakeId }),
      (view) => this.adopt(view),
      () => (this.now = now()),
    );
  }

  /** The boxes are on screen: nothing counted yet, or a recount. */
  get counting(): boolean {
    const status = this.view?.status;
    return status === 'open' || (status === 'counted' && this.recounting);
  }

  get countOrder(): string[] {
    return this.counting ? (this.view?.lines ?? []).map((l) => l.skuId) : [];
  }

  get emptyBoxes(): StocktakeLineView[] {
    return this.counting ? (this.view?.lines ?? []).filter((l) => this.boxes.draftOf(l.skuId).trim() === '') : [];
  }

  get canRecount(): boolean {
    return this.view?.status === 'counted' && !this.recounting;
  }

  /** The supplier explains until it confirms; an operator until it approves (a change then needs the supplier's confirmation again). */
  get reasonsEditable(): boolean {
    const status = this.view?.status;
    if (this.recounting) return false;
    return status === 'counted' || (this.actions.fn === 'operator' && status === 'confirmed');
  }

  get canConfirm(): boolean {
    return this.actions.confirm !== undefined && this.view?.status === 'counted' && !this.recounting;
  }

  /** Confirmed, or approved with its count not yet entered (an approval that died half-way). */
  get canApprove(): boolean {
    const v = this.view;
    return this.actions.approve !== undefined && !!v && (v.status === 'confirmed' || (v.status === 'approved' && !v.applied));
  }

  get canReturn(): boolean {
    const status = this.view?.status;
    return this.actions.sendBack !== undefined && (status === 'counted' || status === 'confirmed');
  }

  get canCancel(): boolean {
    const status = this.view?.status;
    return this.actions.cancel !== undefined && (status === 'open' || status === 'counted' || status === 'confirmed');
  }

  /** Lines that show a reason picker: a variance that needs one, or a reason already given. */
  get explainedLines(): StocktakeLineView[] {
    return (this.view?.lines ?? []).filter((l) => l.counted !== undefined && (l.needsReason || l.reason !== undefined));
  }

  reasonOf(line: StocktakeLineView): VarianceReason | '' {
    return this.reasonDrafts[line.skuId] ?? line.reason ?? '';
  }

  noteOf(line: StocktakeLineView): string {
    return this.noteDrafts[line.skuId] ?? line.note ?? '';
  }

  setReason(skuId: string, reason: VarianceReason): void {
    this.reasonDrafts[skuId] = reason;
    delete this.lineErrors[skuId];
    this.formError = null;
  }

  setNote(skuId: string, text: string): void {
    this.noteDrafts[skuId] = text;
    delete this.lineErrors[skuId];
    this.formError = null;
  }

  /** Reasons or notes changed on the page and not yet saved. */
  get changedReasons(): StocktakeLineView[] {
    return (this.view?.lines ?? []).filter(
      (l) => (this.reasonDrafts[l.skuId] !== undefined && this.reasonDrafts[l.skuId] !== (l.reason ?? ''))
        || (this.noteDrafts[l.skuId] !== undefined && this.noteDrafts[l.skuId]!.trim() !== (l.note ?? '')),
    );
  }

  toggleParts(skuId: string): void {
    if (this.openParts[skuId]) delete this.openParts[skuId];
    else this.openParts[skuId] = true;
  }

  startRecount(): void {
    if (!this.canRecount) return;
    this.recounting = true;
    this.boxes.clear();
    this.formError = null;
  }

  stopRecount(): void {
    this.recounting = false;
    this.boxes.clear();
    this.formError = null;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /**
   * 提交盘点: every box read as typed. A blank box is not a count (the page names how many,
   * and which); "１２０" is 120; "3.5" is refused at its line, never rounded.
   */
  async submitCount(): Promise<boolean> {
    const view = this.view;
    if (!view || !this.counting || this.busy) return false;
    this.formError = null;
    const errors: Record<string, string> = {};
    const lines: Array<{ skuId: string; counted: number }> = [];
    const empty: string[] = [];
    for (const line of view.lines) {
      const text = this.boxes.draftOf(line.skuId).trim();
      if (text === '') {
        errors[line.skuId] = '请填写实盘数（没有货请填 0）';
        empty.push(lineName(line));
        continue;
      }
      const count = readWholeNumber(text);
      if (count.ok) lines.push({ skuId: line.skuId, counted: count.value });
      else errors[line.skuId] = count.message;
    }
    if (Object.keys(errors).length > 0) {
      this.boxes.errors = errors;
      const wrong = Object.keys(errors).length - empty.length;
      this.formError = [
        empty.length > 0 ? `还有 ${empty.length} 个商品没有填写实盘数：${listed(empty)}（没有货请填 0）` : '',
        wrong > 0 ? `${wrong} 个商品的数量有误，请按提示修改` : '',
      ].filter(Boolean).join('；');
      this.notice = { text: '盘点未提交', kind: 'fail' };
      return false;
    }
    this.busy = 'count';
    const result = await callFunction<StocktakeView>(this.actions.fn, this.actions.count, { stocktakeId: view.id, lines });
    runInAction(() => {
      this.busy = null;
      if (!result.ok) {
        this.countRefused(result.error, lines.map((l) => ({ skuId: l.skuId, onHand: l.counted })));
        return;
      }
      this.adopt(result.data);
      this.recounting = false;
      this.boxes.clear();
      this.notice = { text: '已提交盘点', kind: 'success' };
    });
    if (result.ok) this.onChanged();
    else if (result.error.issues?.some((i) => i.path === 'lines')) await this.reloadKeepingBoxes();
    return result.ok;
  }

  /** Each problem at its line; what names no line (a SKU listed meanwhile) in the banner. */
  private countRefused(error: ClientError, sent: CountLine[]): void {
    const { errors, unplaced } = issuesBySku(error.issues, sent);
    this.boxes.errors = errors;
    this.formError = unplaced.length > 0 || Object.keys(errors).length === 0
      ? [error.message, ...unplaced].join('：')
      : `${error.message}：${Object.keys(errors).length} 个商品有误，请按提示修改`;
    this.notice = { text: '盘点未提交', kind: 'fail' };
  }

  /** The SKU list changed under the count: the new ones get their (empty) box, what was typed stays. */
  private async reloadKeepingBoxes(): Promise<void> {
    const result = await callFunction<StocktakeView>(this.actions.fn, 'stocktake', { stocktakeId: this.stocktakeId });
    if (result.ok) runInAction(() => (this.view = result.data));
  }

  /** 保存原因: the changed reasons and notes; true when nothing was left to save. */
  async saveReasons(): Promise<boolean> {
    const view = this.view;
    if (!view || this.busy) return false;
    const changed = this.changedReasons;
    if (changed.length === 0) return true;
    this.busy = 'reasons';
    const result = await this.sendReasons(view, changed);
    runInAction(() => {
      this.busy = null;
      if (result.ok) this.notice = { text: '原因已保存', kind: 'success' };
    });
    if (result.ok) this.onChanged();
    return result.ok;
  }

  private async sendReasons(view: StocktakeView, changed: StocktakeLineView[]): Promise<Result<StocktakeView>> {
    const lines = changed.map((l) => {
      const reason = this.reasonOf(l);
      const note = this.noteOf(l).trim();
      return { skuId: l.skuId, ...(reason ? { reason } : {}), ...(note ? { note } : {}) };
    });
    const result = await callFunction<StocktakeView>(this.actions.fn, this.actions.explain, { stocktakeId: view.id, lines });
    runInAction(() => {
      if (!result.ok) {
        this.placeLineIssues(result.error, (i) => lines[i]?.skuId);
        return;
      }
      this.adopt(result.data);
    });
    return result;
  }

  /** Issues naming `lines[i].…` at the line they name (by `skuAt`), the rest in the banner. */
  private placeLineIssues(error: ClientError, skuAt: (index: number) => string | undefined): void {
    const placed: Record<string, string> = {};
    const other: string[] = [];
    for (const issue of error.issues ?? []) {
      const match = LINE_FIELD.exec(issue.path);
      const skuId = match ? skuAt(Number(match[1])) : undefined;
      if (skuId) placed[skuId] = placed[skuId] ? `${placed[skuId]}；${withoutLinePrefix(issue.message)}` : withoutLinePrefix(issue.message);
      else other.push(issue.message);
    }
    this.lineErrors = placed;
    const count = Object.keys(placed).length;
    this.formError = other.length > 0 || count === 0 ? [error.message, ...other].join('：') : `${error.message}：${count} 个商品需要补充差异原因`;
    this.notice = { text: error.message, kind: 'fail' };
  }

  ask(what: StocktakeAsk): void {
    const allowed = { confirm: this.canConfirm, approve: this.canApprove, return: this.canReturn, cancel: this.canCancel }[what];
    if (!allowed || this.busy) return;
    this.asking = what;
    this.askNote = '';
    this.askNoteError = null;
  }

  cancelAsk(): void {
    this.asking = null;
  }

  setAskNote(text: string): void {
    this.askNote = text;
    this.askNoteError = null;
  }

  /** What 审核通过 will do, said before it is done. */
  get approveText(): string {
    const v = this.view;
    if (!v) return '';
    if (v.status === 'approved') return '这次盘点已审核，盘点数还没有全部入账：继续把实盘数作为新的库存数入账。';
    const value = v.totals.value !== 0 ? `，差异金额 ${formatYuan(v.totals.value)}` : '';
    return `审核通过后，这 ${v.lines.length} 个商品的实盘数将成为新的库存数（合计 ${v.totals.counted} 件，比账面${v.totals.variance < 0 ? '少' : '多'} ${Math.abs(v.totals.variance)} 件${value}），团长看到的可售数量随之更新；盘点后又报过数的商品以新报数为准。审核后不能撤回。`;
  }

  get confirmText(): string {
    return '确认后不能再修改实盘数和差异原因，交运营审核；审核通过后，实盘数将成为新的库存数。';
  }

  /** 确认盘点 (supplier): unsaved reasons saved first, then the signature; a missing reason is named at its line. */
  async confirm(): Promise<boolean> {
    const view = this.view;
    this.asking = null;
    if (!view || !this.canConfirm || this.busy || !this.actions.confirm) return false;
    this.busy = 'confirm';
    this.lineErrors = {};
    this.formError = null;
    const changed = this.changedReasons;
    if (changed.length > 0 && !(await this.sendReasons(view, changed)).ok) {
      runInAction(() => (this.busy = null));
      return false;
    }
    const result = await callFunction<StocktakeView>(this.actions.fn, this.actions.confirm, { stocktakeId: view.id });
    runInAction(() => {
      this.busy = null;
      if (!result.ok) {
        // The issues index the stocktake's own lines, in the order the page shows them.
        const lines = this.view?.lines ?? view.lines;
        this.placeLineIssues(result.error, (i) => lines[i]?.skuId);
        return;
      }
      this.adopt(result.data);
      this.notice = { text: '已确认盘点', kind: 'success' };
    });
    this.onChanged();
    return result.ok;
  }

  async approve(): Promise<boolean> {
    const view = this.view;
    this.asking = null;
    if (!view || !this.canApprove || this.busy || !this.actions.approve) return false;
    return this.step('approve', this.actions.approve, {}, '已审核，实盘数已入账');
  }

  /** 退回重盘 / 取消: a note is required, and said in the history. */
  async finishAsk(): Promise<boolean> {
    const what = this.asking;
    const name = what === 'return' ? this.actions.sendBack : what === 'cancel' ? this.actions.cancel : undefined;
    if (!this.view || !name || this.busy) return false;
    const note = this.askNote.trim();
    if (note === '') {
      this.askNoteError = what === 'return' ? '请写明退回的原因，供应商会看到' : '请写明取消的原因';
      return false;
    }
    this.asking = null;
    return this.step(what!, name, { note }, what === 'return' ? '已退回，等待供应商重新盘点' : '已取消这次盘点');
  }

  private async step(busy: Busy, action: string, payload: object, done: string): Promise<boolean> {
    const view = this.view!;
    this.busy = busy;
    this.formError = null;
    const result = await callFunction<StocktakeView>(this.actions.fn, action, { stocktakeId: view.id, ...payload });
    runInAction(() => {
      this.busy = null;
      if (!result.ok) {
        this.formError = result.error.message;
        this.notice = { text: result.error.message, kind: 'fail' };
        return;
      }
      this.adopt(result.data);
      this.notice = { text: done, kind: 'success' };
    });
    if (result.ok) this.onChanged();
    return result.ok;
  }

  /** 导出对账表: the reconciliation sheet, saved the way this platform saves files. */
  async exportXlsx(): Promise<boolean> {
    const view = this.view;
    if (!view || this.busy) return false;
    this.busy = 'export';
    const result: Result<FileDownload> = await callFunction<FileDownload>(this.actions.fn, this.actions.exportXlsx, { stocktakeId: view.id });
    const saved = result.ok ? await files().saveDownload(result.data) : result;
    runInAction(() => {
      this.busy = null;
      this.notice = saved.ok ? { text: saved.data.message, kind: 'success' } : { text: saved.error.message, kind: 'fail' };
    });
    return saved.ok;
  }

  /** A new view from the server: saved reasons replace the drafts, the page's time moves on. */
  private adopt(view: StocktakeView): void {
    this.view = view;
    this.reasonDrafts = {};
    this.noteDrafts = {};
    this.lineErrors = {};
    this.formError = null;
    this.now = now();
    if (view.status !== 'counted') this.recounting = false;
  }
}
