import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import { slotWithTime } from '../services/format';
import type { HeldView, IntakeResult, ReportReceipt, ReportSheet, SupplierSkuView } from '../services/types';
import { collectLines, heldActions, issuesBySku, jumpHint, stepped } from './count-entry';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
type Notice = { text: string; kind: 'success' | 'fail' };

const held = heldActions('supplier');

/** A supplier's stock count: their SKUs, what they type for each, and the server's answer. */
export class ReportStore {
  supplierName = '';
  slotNow = '';
  reportTimes: string[] = [];
  rows: SupplierSkuView[] = [];
  /** Reports held for a jump, waiting for this supplier (or the operator) to decide. */
  waiting: HeldView[] = [];
  /** What is in each SKU's box, as typed (a blank box is not zero). */
  drafts: Record<string, string> = {};
  /** The row whose box has the keyboard; "下一项" moves it down. */
  focused: string | null = null;
  status: LoadStatus = 'idle';
  loadError: string | null = null;
  submitting = false;
  lastReceipt: ReportReceipt | null = null;
  /** The report just submitted, held for a jump: the dialog asks about it. */
  dialog: HeldView | null = null;
  /** A held report being confirmed or discarded. */
  resolving: string | null = null;
  heldError: string | null = null;
  /** Errors (and after "返回修改", what to check) at the line they belong to, keyed by SKU. */
  lineErrors: Record<string, string> = {};
  /** An error that names no line (network, permission). */
  formError: string | null = null;
  /** A short message for the toast. */
  notice: Notice | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  /** "早报 · 08:00": which report the clock says is due. */
  get title(): string {
    return slotWithTime(this.slotNow, this.reportTimes);
  }

  /** Load the sheet. Later loads keep the page on screen and, with `keepDrafts`, what was typed. */
  async load(options: { keepDrafts?: boolean } = {}): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    this.loadError = null;
    const result = await callFunction<ReportSheet>('supplier', 'reportSheet');
    runInAction(() => {
      if (!result.ok) {
        if (this.status === 'ready') this.formError = result.error.message;
        else {
          this.status = 'error';
          this.loadError = result.error.message;
        }
        return;
      }
      const sheet = result.data;
      this.supplierName = sheet.supplierName;
      this.slotNow = sheet.slotNow;
      this.reportTimes = sheet.reportTimes;
      this.rows = sheet.rows;
      this.waiting = sheet.held;
      // Prefill with the last count: most lines do not change between two reports.
      const fresh = Object.fromEntries(sheet.rows.map((r) => [r.skuId, r.lastOnHand === null ? '' : String(r.lastOnHand)]));
      this.drafts = options.keepDrafts ? { ...fresh, ...this.drafts } : fresh;
      if (!options.keepDrafts) this.lineErrors = {};
      this.formError = null;
      this.status = 'ready';
    });
  }

  draftOf(skuId: string): string {
    return this.drafts[skuId] ?? '';
  }

  setDraft(skuId: string, text: string): void {
    this.drafts[skuId] = text;
    delete this.lineErrors[skuId];
  }

  /** The stepper's − and +. */
  step(row: SupplierSkuView, delta: number): void {
    this.setDraft(row.skuId, stepped(this.draftOf(row.skuId), delta, row.lastOnHand));
  }

  /** "同上次" on one line. */
  sameAsLastFor(row: SupplierSkuView): void {
    if (row.lastOnHand !== null) this.setDraft(row.skuId, String(row.lastOnHand));
  }

  /** Whether a line differs from the last count (shown as 已修改). */
  isChanged(row: SupplierSkuView): boolean {
    const draft = this.draftOf(row.skuId).trim();
    return row.lastOnHand === null ? draft !== '' : draft !== String(row.lastOnHand);
  }

  get changedCount(): number {
    return this.rows.filter((r) => this.isChanged(r)).length;
  }

  /** Nothing moved since the last count: put every last count back, ready to confirm. */
  sameAsLast(): void {
    for (const row of this.rows) {
      if (row.lastOnHand !== null) this.drafts[row.skuId] = String(row.lastOnHand);
    }
    this.lineErrors = {};
    this.formError = null;
  }

  get hasUnreported(): boolean {
    return this.rows.some((r) => r.lastOnHand === null);
  }

  focus(skuId: string): void {
    this.focused = skuId;
  }

  blurred(skuId: string): void {
    // Moving to the next box blurs this one after the focus already moved on.
    if (this.focused === skuId) this.focused = null;
  }

  /** The next row's box, or none after the last row (the keyboard closes). */
  focusNext(skuId: string): void {
    const index = this.rows.findIndex((r) => r.skuId === skuId);
    this.focused = this.rows[index + 1]?.skuId ?? null;
  }

  isLast(skuId: string): boolean {
    return this.rows[this.rows.length - 1]?.skuId === skuId;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** Send every line as one report: the server applies it whole, holds it for a jump, or names each bad line. */
  async submit(): Promise<boolean> {
    if (this.submitting || this.rows.length === 0) return false;
    this.formError = null;
    this.lineErrors = {};
    const { lines, blanks } = collectLines(
      this.rows.map((r) => r.skuId),
      this.drafts,
      'ask',
    );
    if (Object.keys(blanks).length > 0) {
      this.lineErrors = blanks;
      this.formError = `还有 ${Object.keys(blanks).length} 个商品没填数量`;
      return false;
    }
    this.submitting = true;
    this.focused = null;
    const result = await callFunction<IntakeResult>('supplier', 'submitReport', { lines });
    runInAction(() => {
      this.submitting = false;
      if (!result.ok) {
        const { errors, unplaced } = issuesBySku(result.error.issues, lines);
        this.lineErrors = errors;
        const placed = Object.keys(errors).length;
        this.formError = placed > 0 && unplaced.length === 0 ? `报数未提交：${placed} 个商品有误，请按提示修改` : result.error.message;
        this.notice = { text: '报数未提交', kind: 'fail' };
        return;
      }
      if (result.data.status === 'held') {
        this.dialog = result.data.held;
        this.heldError = null;
        return;
      }
      this.applyReceipt(result.data.receipt);
    });
    // An applied count supersedes older held ones of the same SKUs: show what still waits.
    if (result.ok && result.data.status === 'applied' && this.waiting.length > 0) await this.load({ keepDrafts: true });
    return result.ok;
  }

  /** "确认无误": the held report is applied whole. */
  async confirmHeld(heldId: string): Promise<void> {
    if (this.resolving) return;
    this.resolving = heldId;
    this.heldError = null;
    const result = await held.confirm(heldId);
    let reload = false;
    runInAction(() => {
      this.resolving = null;
      if (!result.ok) {
        this.heldError = result.error.message;
        this.notice = { text: '确认未成功', kind: 'fail' };
        // Gone (a newer count replaced it, or it was discarded): drop it and show today's numbers.
        if (result.error.code === 'SUPERSEDED' || result.error.code === 'NOT_FOUND') {
          this.forgetHeld(heldId);
          reload = true;
        }
        return;
      }
      this.forgetHeld(heldId);
      if (result.data.status === 'applied') this.applyReceipt(result.data.receipt);
      reload = this.waiting.length > 0;
    });
    if (reload) await this.load({ keepDrafts: true });
  }

  /** "返回修改": the held report is dropped and its numbers come back into the boxes to fix. */
  async discardHeld(heldId: string): Promise<void> {
    if (this.resolving) return;
    const report = this.dialog?.id === heldId ? this.dialog : this.waiting.find((h) => h.id === heldId);
    this.resolving = heldId;
    this.heldError = null;
    const result = await held.discard(heldId);
    runInAction(() => {
      this.resolving = null;
      if (!result.ok && result.error.code !== 'SUPERSEDED') {
        this.heldError = result.error.message;
        this.notice = { text: '操作未成功', kind: 'fail' };
        return;
      }
      this.forgetHeld(heldId);
      if (!report) return;
      const errors: Record<string, string> = {};
      for (const line of report.lines) {
        if (!this.rows.some((r) => r.skuId === line.skuId)) continue;
        this.drafts[line.skuId] = String(line.onHand);
        if (line.jump) errors[line.skuId] = jumpHint(line);
      }
      this.lineErrors = errors;
      this.formError = null;
      this.lastReceipt = null;
      this.focused = report.lines.find((l) => l.jump)?.skuId ?? null;
      this.notice = { text: '已退回，请修改后重新提交', kind: 'success' };
    });
  }

  private forgetHeld(heldId: string): void {
    this.waiting = this.waiting.filter((h) => h.id !== heldId);
    if (this.dialog?.id === heldId) this.dialog = null;
  }

  private applyReceipt(receipt: ReportReceipt): void {
    this.lastReceipt = receipt;
    const updated = new Map(receipt.lines.map((l) => [l.skuId, l]));
    this.rows = this.rows.map((r) => updated.get(r.skuId) ?? r);
    for (const line of receipt.lines) this.drafts[line.skuId] = line.lastOnHand === null ? '' : String(line.lastOnHand);
    this.lineErrors = {};
    this.formError = null;
    this.notice = { text: `报数成功（${receipt.slot}，${receipt.lines.length} 个商品）`, kind: 'success' };
  }
}
