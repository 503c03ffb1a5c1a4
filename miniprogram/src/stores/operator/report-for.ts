import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import type { HeldView, IntakeResult, OperatorSkuView, ReportReceipt } from '../../services/types';
import { collectLines, heldActions, issuesBySku, jumpHint, stepped } from '../count-entry';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

const actions = heldActions('operator');

/**
 * Numbers a rules-level supplier sent to a WeChat group, entered on its behalf with where
 * they came from. Blank boxes are SKUs the message did not mention: left out, not zero.
 */
export class ReportForStore {
  supplierId = '';
  rows: OperatorSkuView[] = [];
  status: LoadStatus = 'idle';
  loadError: string | null = null;
  drafts: Record<string, string> = {};
  note = '';
  focused: string | null = null;
  submitting = false;
  receipt: ReportReceipt | null = null;
  dialog: HeldView | null = null;
  resolving: string | null = null;
  heldError: string | null = null;
  lineErrors: Record<string, string> = {};
  formError: string | null = null;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  async select(supplierId: string): Promise<void> {
    if (supplierId === this.supplierId && this.status === 'ready') return;
    this.supplierId = supplierId;
    this.drafts = {};
    this.lineErrors = {};
    this.formError = null;
    this.receipt = null;
    await this.loadRows();
  }

  async loadRows(): Promise<void> {
    const supplierId = this.supplierId;
    if (this.status !== 'ready') this.status = 'loading';
    const result = await callFunction<OperatorSkuView[]>('operator', 'listSkus', { supplierId });
    runInAction(() => {
      if (supplierId !== this.supplierId) return; // another supplier was picked meanwhile
      if (!result.ok) {
        this.status = 'error';
        this.loadError = result.error.message;
        return;
      }
      this.rows = result.data.filter((s) => s.listed);
      this.status = 'ready';
    });
  }

  draftOf(skuId: string): string {
    return this.drafts[skuId] ?? '';
  }

  setDraft(skuId: string, text: string): void {
    this.drafts[skuId] = text;
    delete this.lineErrors[skuId];
    this.formError = null;
  }

  step(row: OperatorSkuView, delta: number): void {
    this.setDraft(row.id, stepped(this.draftOf(row.id), delta, row.figure.freshness ? row.figure.onHand : null));
  }

  setNote(text: string): void {
    this.note = text;
  }

  focus(skuId: string): void {
    this.focused = skuId;
  }

  blurred(skuId: string): void {
    if (this.focused === skuId) this.focused = null;
  }

  focusNext(skuId: string): void {
    const index = this.rows.findIndex((r) => r.id === skuId);
    this.focused = this.rows[index + 1]?.id ?? null;
  }

  get filledCount(): number {
    return this.rows.filter((r) => this.draftOf(r.id).trim() !== '').length;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  async submit(): Promise<boolean> {
    if (this.submitting || !this.supplierId) return false;
    this.lineErrors = {};
    this.formError = null;
    const { lines } = collectLines(
      this.rows.map((r) => r.id),
      this.drafts,
      'skip',
    );
    if (lines.length === 0) {
      this.formError = '请至少填写一个商品的数量';
      return false;
    }
    this.submitting = true;
    this.focused = null;
    const note = this.note.trim();
    const result = await callFunction<IntakeResult>('operator', 'submitReportFor', { supplierId: this.supplierId, lines, ...(note ? { note } : {}) });
    runInAction(() => {
      this.submitting = false;
      if (!result.ok) {
        const { errors, unplaced } = issuesBySku(result.error.issues, lines);
        this.lineErrors = errors;
        const noteIssue = result.error.issues?.find((i) => i.path === 'note');
        const placed = Object.keys(errors).length;
        this.formError = noteIssue ? noteIssue.message : placed > 0 && unplaced.length === 0 ? `未提交：${placed} 个商品有误，请按提示修改` : result.error.message;
        this.notice = { text: '未提交', kind: 'fail' };
        return;
      }
      if (result.data.status === 'held') this.dialog = result.data.held;
      else this.applied(result.data.receipt);
    });
    if (result.ok && result.data.status === 'applied') await this.loadRows();
    return result.ok;
  }

  async confirmHeld(heldId: string): Promise<void> {
    if (this.resolving) return;
    this.resolving = heldId;
    this.heldError = null;
    const result = await actions.confirm(heldId);
    runInAction(() => {
      this.resolving = null;
      if (!result.ok) {
        this.heldError = result.error.message;
        if (result.error.code === 'SUPERSEDED' || result.error.code === 'NOT_FOUND') this.dialog = null;
        this.formError = result.error.message;
        return;
      }
      this.dialog = null;
      if (result.data.status === 'applied') this.applied(result.data.receipt);
    });
    if (result.ok) await this.loadRows();
  }

  /** "返回修改": nothing applied; the typed numbers stay, the jumped ones marked to check. */
  async discardHeld(heldId: string): Promise<void> {
    if (this.resolving) return;
    const held = this.dialog;
    this.resolving = heldId;
    this.heldError = null;
    const result = await actions.discard(heldId);
    runInAction(() => {
      this.resolving = null;
      if (!result.ok && result.error.code !== 'SUPERSEDED') {
        this.heldError = result.error.message;
        return;
      }
      this.dialog = null;
      const errors: Record<string, string> = {};
      for (const line of held?.lines ?? []) if (line.jump) errors[line.skuId] = jumpHint(line);
      this.lineErrors = errors;
      this.focused = held?.lines.find((l) => l.jump)?.skuId ?? null;
      this.notice = { text: '未生效，请核对后重新提交', kind: 'success' };
    });
  }

  private applied(receipt: ReportReceipt): void {
    this.receipt = receipt;
    this.drafts = {};
    this.note = '';
    this.lineErrors = {};
    this.formError = null;
    this.notice = { text: `已代报 ${receipt.lines.length} 个商品`, kind: 'success' };
  }
}
