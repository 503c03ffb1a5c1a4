import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import { applyingNotice, untilApplied } from '../services/counts';
import { slotWithTime } from '../services/format';
import type { HeldView, IntakeResult, ReportReceipt, ReportSheet, SupplierSkuView } from '../services/types';
import { CountBoxes } from './count-boxes';
import { heldActions } from './count-entry';
import type { LoadStatus } from './loadable';

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
  readonly boxes = new CountBoxes(() => this.rows.map((r) => r.skuId));
  status: LoadStatus = 'idle';
  loadError: string | null = null;
  submitting = false;
  lastReceipt: ReportReceipt | null = null;
  /** The report just submitted, held for a jump: the dialog asks about it. */
  dialog: HeldView | null = null;
  /** A held report being confirmed or discarded. */
  resolving: string | null = null;
  heldError: string | null = null;
  /** An error that names no line (network, permission). */
  formError: string | null = null;
  /** A short message for the toast. */
  notice: Notice | null = null;

  constructor() {
    makeAutoObservable(this, { boxes: false });
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
      this.boxes.drafts = options.keepDrafts ? { ...fresh, ...this.boxes.drafts } : fresh;
      if (!options.keepDrafts) this.boxes.errors = {};
      this.formError = null;
      this.status = 'ready';
    });
  }

  /** "同上次" on one line. */
  sameAsLastFor(row: SupplierSkuView): void {
    if (row.lastOnHand !== null) this.boxes.set(row.skuId, String(row.lastOnHand));
  }

  /** Whether a line differs from the last count (shown as 已修改). */
  isChanged(row: SupplierSkuView): boolean {
    const draft = this.boxes.draftOf(row.skuId).trim();
    return row.lastOnHand === null ? draft !== '' : draft !== String(row.lastOnHand);
  }

  get changedCount(): number {
    return this.rows.filter((r) => this.isChanged(r)).length;
  }

  /** Lines whose count is older than their tier allows: the ones to count first. */
  get overAgeCount(): number {
    return this.rows.filter((r) => r.freshness?.stale).length;
  }

  /** Nothing moved since the last count: put every last count back, ready to confirm. */
  sameAsLast(): void {
    for (const row of this.rows) {
      if (row.lastOnHand !== null) this.boxes.drafts[row.skuId] = String(row.lastOnHand);
    }
    this.boxes.errors = {};
    this.formError = null;
  }

  get hasUnreported(): boolean {
    return this.rows.some((r) => r.lastOnHand === null);
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** Send every line as one report: the server applies it whole, holds it for a jump, or names each bad line. */
  async submit(): Promise<boolean> {
    if (this.submitting || this.rows.length === 0) return false;
    this.formError = null;
    this.boxes.errors = {};
    const { lines, blanks } = this.boxes.lines('ask');
    if (Object.keys(blanks).length > 0) {
      this.boxes.errors = blanks;
      this.formError = `还有 ${Object.keys(blanks).length} 个商品没填数量`;
      return false;
    }
    this.submitting = true;
    this.boxes.focused = null;
    const first = await callFunction<IntakeResult>('supplier', 'submitReport', { lines });
    const result = await untilApplied('supplier', first, (applied, total) => runInAction(() => {
      this.notice = { text: `报数已提交，正在生效 ${applied}/${total}`, kind: 'success' };
    }));
    runInAction(() => {
      this.submitting = false;
      if (!result.ok) {
        this.formError = this.boxes.refused(result.error, lines, '报数未提交');
        this.notice = { text: '报数未提交', kind: 'fail' };
        return;
      }
      if (result.data.status === 'held') {
        this.dialog = result.data.held;
        this.heldError = null;
        return;
      }
      if (result.data.status === 'applying') {
        this.notice = { text: applyingNotice(result.data.applied, result.data.total), kind: 'success' };
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
    const result = await untilApplied('supplier', await held.confirm(heldId));
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
      if (result.data.status === 'applying') this.notice = { text: applyingNotice(result.data.applied, result.data.total), kind: 'success' };
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
      for (const line of report.lines) {
        if (this.rows.some((r) => r.skuId === line.skuId)) this.boxes.drafts[line.skuId] = String(line.onHand);
      }
      this.boxes.markJumps(report.lines);
      this.formError = null;
      this.lastReceipt = null;
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
    for (const line of receipt.lines) this.boxes.drafts[line.skuId] = line.lastOnHand === null ? '' : String(line.lastOnHand);
    this.boxes.errors = {};
    this.formError = null;
    this.notice = { text: `报数成功（${receipt.slot}，${receipt.lines.length} 个商品）`, kind: 'success' };
  }
}
