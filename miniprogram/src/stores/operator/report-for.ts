import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import { applyingNotice, untilApplied } from '../../services/counts';
import type { HeldView, IntakeResult, MessageLine, OperatorSkuView, ReportReceipt, SupplierMessageView } from '../../services/types';
import { CountBoxes } from '../count-boxes';
import { heldActions, jumpedLines } from '../count-entry';
import type { LoadStatus } from '../loadable';

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
  /** Typing in a box clears the banner. */
  readonly boxes = new CountBoxes(
    () => this.rows.map((r) => r.id),
    (skuId) => {
      this.formError = null;
      delete this.same[skuId];
    },
  );
  /** Rows the supplier's message said had not changed: sent as 与上次相同, not as a number typed. */
  same: Record<string, true> = {};
  note = '';
  submitting = false;
  receipt: ReportReceipt | null = null;
  dialog: HeldView | null = null;
  resolving: string | null = null;
  heldError: string | null = null;
  formError: string | null = null;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;
  /** The supplier's group message as pasted: read into the boxes only when the operator taps 识别. */
  message = '';
  reading = false;
  messageError: string | null = null;
  /** Lines of the last message read that the operator has still to decide: a candidate to choose, or 不填. */
  flagged: Array<Extract<MessageLine, { kind: 'flagged' }>> = [];
  /** How many lines of the last message filled a box; null until one is read. */
  messageFilled: number | null = null;
  /** "name spec" of the supplier's SKUs, for the flagged lines' candidates. */
  names: Record<string, string> = {};

  constructor() {
    makeAutoObservable(this, { boxes: false });
  }

  async select(supplierId: string): Promise<void> {
    if (supplierId === this.supplierId && this.status === 'ready') return;
    this.supplierId = supplierId;
    this.boxes.clear();
    this.same = {};
    this.formError = null;
    this.receipt = null;
    this.forgetMessage();
    this.message = '';
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

  sameAsLastFor(row: OperatorSkuView): void {
    if (!row.figure.freshness) return;
    this.boxes.set(row.id, String(row.figure.onHand));
    this.same[row.id] = true;
  }

  isSame(row: OperatorSkuView): boolean {
    return this.same[row.id] === true;
  }

  setMessage(text: string): void {
    this.message = text;
    this.messageError = null;
  }

  /**
   * Read the pasted message against this supplier's SKUs: each line matched to one SKU fills
   * its box (shown, changeable, submitted only on 提交代报); every other line is listed to decide.
   */
  async readMessage(): Promise<void> {
    if (this.reading || !this.supplierId) return;
    if (this.message.trim() === '') {
      this.messageError = '请先粘贴供应商的群消息';
      return;
    }
    const supplierId = this.supplierId;
    this.reading = true;
    this.messageError = null;
    const result = await callFunction<SupplierMessageView>('operator', 'parseSupplierMessage', { supplierId, message: this.message });
    runInAction(() => {
      this.reading = false;
      if (supplierId !== this.supplierId) return;
      if (!result.ok) {
        this.messageError = result.error.message;
        return;
      }
      const shown = new Set(this.rows.map((r) => r.id));
      let filled = 0;
      for (const line of result.data.lines) {
        if (line.kind !== 'matched' || !shown.has(line.skuId)) continue;
        this.boxes.set(line.skuId, String(line.onHand));
        filled++;
      }
      this.names = result.data.names;
      this.flagged = result.data.lines.filter((l): l is Extract<MessageLine, { kind: 'flagged' }> => l.kind === 'flagged');
      this.messageFilled = filled;
    });
  }

  /** A flagged line is this SKU: its number (when the line had a sound one) goes in that box; otherwise the box waits for the operator. */
  chooseFlagged(index: number, skuId: string): void {
    const line = this.flagged[index];
    if (!line) return;
    if (line.onHand !== undefined) this.boxes.set(skuId, String(line.onHand));
    else this.boxes.focus(skuId);
    this.flagged = this.flagged.filter((_, i) => i !== index);
  }

  /** "不填": the line fills nothing. */
  skipFlagged(index: number): void {
    this.flagged = this.flagged.filter((_, i) => i !== index);
  }

  private forgetMessage(): void {
    this.flagged = [];
    this.messageFilled = null;
    this.messageError = null;
    this.names = {};
  }

  setNote(text: string): void {
    this.note = text;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  async submit(): Promise<boolean> {
    if (this.submitting || !this.supplierId) return false;
    this.boxes.errors = {};
    this.formError = null;
    const typed = this.boxes.lines('skip');
    const errors = typed.errors;
    if (Object.keys(errors).length > 0) {
      this.boxes.errors = errors;
      this.formError = `${Object.keys(errors).length} 个商品的数量有误，请按提示修改`;
      return false;
    }
    const onHand = new Map(this.rows.map((r) => [r.id, r.figure.onHand]));
    const lines = typed.lines.map((l) => (this.same[l.skuId] && onHand.get(l.skuId) === l.onHand ? { ...l, sameAsLast: true as const } : l));
    if (lines.length === 0) {
      this.formError = '请至少填写一个商品的数量';
      return false;
    }
    this.submitting = true;
    this.boxes.focused = null;
    const note = this.note.trim();
    // A count read from a pasted message is recorded as such (群消息代报), however the boxes were then corrected.
    const source = this.messageFilled !== null ? { source: 'message' as const } : {};
    const first = await callFunction<IntakeResult>('operator', 'submitReportFor', { supplierId: this.supplierId, lines, ...source, ...(note ? { note } : {}) });
    const result = await untilApplied('operator', first, (applied, total) => runInAction(() => {
      this.notice = { text: `已提交，正在生效 ${applied}/${total}`, kind: 'success' };
    }));
    runInAction(() => {
      this.submitting = false;
      if (!result.ok) {
        const banner = this.boxes.refused(result.error, lines, '未提交');
        const noteIssue = result.error.issues?.find((i) => i.path === 'note');
        this.formError = noteIssue ? noteIssue.message : banner;
        this.notice = { text: '未提交', kind: 'fail' };
        return;
      }
      if (result.data.status === 'held') {
        this.dialog = result.data.held;
        return;
      }
      const { held } = result.data;
      // The lines that jumped wait as their own report: their boxes keep what was typed.
      const kept = held ? jumpedLines(held).map((l) => l.skuId) : [];
      if (result.data.status === 'applying') this.notice = { text: applyingNotice(result.data.applied, result.data.total), kind: 'success' };
      else this.applied(result.data.receipt, kept);
      if (held) {
        this.dialog = held;
        if (this.notice) this.notice = { ...this.notice, text: `${this.notice.text}；${kept.length} 个变化大，待确认` };
      }
    });
    if (result.ok && result.data.status === 'applied') await this.loadRows();
    return result.ok;
  }

  async confirmHeld(heldId: string): Promise<void> {
    if (this.resolving) return;
    this.resolving = heldId;
    this.heldError = null;
    const result = await untilApplied('operator', await actions.confirm(heldId));
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
      if (result.data.status === 'applying') this.notice = { text: applyingNotice(result.data.applied, result.data.total), kind: 'success' };
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
      this.boxes.markJumps(held?.lines ?? []);
      this.notice = { text: '未生效，请核对后重新提交', kind: 'success' };
    });
  }

  /** What took effect leaves its boxes; `kept` (lines held for a jump) stay as typed. */
  private applied(receipt: ReportReceipt, kept: string[] = []): void {
    this.receipt = receipt;
    const drafts = Object.fromEntries(kept.filter((id) => id in this.boxes.drafts).map((id) => [id, this.boxes.drafts[id]!]));
    this.boxes.clear();
    this.boxes.drafts = drafts;
    this.same = {};
    if (kept.length === 0) {
      this.note = '';
      this.message = '';
      this.forgetMessage();
    }
    this.formError = null;
    this.notice = { text: `已代报 ${receipt.lines.length} 个商品`, kind: 'success' };
  }
}
