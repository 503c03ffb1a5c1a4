import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import { now } from '../services/clock';
import { applyingNotice, untilApplied } from '../services/counts';
import { slotWithTime } from '../services/format';
import { readWholeNumber } from '../services/numbers';
import { type ReportDraft, loadReportDraft, saveReportDraft } from '../services/report-draft';
import type { HeldView, IntakeResult, ReportReceipt, ReportSheet, SentReportView, SupplierSkuView } from '../services/types';
import { CountBoxes } from './count-boxes';
import { type CountLine, heldActions, jumpedLines } from './count-entry';
import { type HeldGroup, confirmOutcome, decideGroup, discardOutcome, groupHeld } from './held-group';
import type { LoadStatus } from './loadable';

type Notice = { text: string; kind: 'success' | 'fail' };

const held = heldActions('supplier');

/**
 * A supplier's stock count: their SKUs, what they type for each, and the server's answer.
 * Boxes start empty beside the last count (DESIGN §8: a count nobody made is never sent);
 * an untouched row is left out unless the supplier says 与上次相同 for it.
 */
export class ReportStore {
  supplierName = '';
  slotNow = '';
  reportTimes: string[] = [];
  rows: SupplierSkuView[] = [];
  /** Reports held for a jump, waiting for this supplier (or the operator) to decide. */
  waiting: HeldView[] = [];
  /** Today's reports already applied: what a reopened page says was sent. */
  sentToday: SentReportView[] = [];
  readonly boxes = new CountBoxes(() => this.rows.map((r) => r.skuId), (skuId) => this.edited(skuId));
  /** Rows the supplier confirmed with 与上次相同 (sent and shown as such). */
  same: Record<string, true> = {};
  /** The 全部与上次相同 confirmation is open. */
  confirmingAllSame = false;
  /** What was typed earlier today and not sent, offered when the page opens. */
  savedDraft: ReportDraft | null = null;
  status: LoadStatus = 'idle';
  loadError: string | null = null;
  submitting = false;
  lastReceipt: ReportReceipt | null = null;
  /** The report just submitted, held for a jump: the dialog asks about it. */
  dialog: HeldView | null = null;
  /** A held report being confirmed or discarded (its id), or 'waiting' while the waiting card is. */
  resolving: string | null = null;
  heldError: string | null = null;
  /** An error that names no line (network, permission). */
  formError: string | null = null;
  /** A short message for the toast. */
  notice: Notice | null = null;

  constructor() {
    makeAutoObservable(this, { boxes: false });
  }

  /** Everything waiting, as one card (issue 12: one held report per supplier on screen). */
  get waitingGroup(): HeldGroup | null {
    return groupHeld(this.waiting)[0] ?? null;
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
      this.sentToday = sheet.sentToday;
      if (!options.keepDrafts) {
        this.boxes.drafts = {};
        this.boxes.errors = {};
        this.same = {};
        this.savedDraft = loadReportDraft(sheet.supplierName, now());
      }
      this.formError = null;
      this.status = 'ready';
    });
  }

  /** "恢复": the unsent draft back in its boxes (rows no longer on the sheet dropped). */
  restoreDraft(): void {
    const draft = this.savedDraft;
    if (!draft) return;
    const onSheet = new Map(this.rows.map((r) => [r.skuId, r]));
    for (const [skuId, text] of Object.entries(draft.drafts)) if (onSheet.has(skuId)) this.boxes.drafts[skuId] = text;
    // A 与上次相同 stays one only while the last count is still the one it confirmed.
    for (const skuId of draft.same) {
      const row = onSheet.get(skuId);
      if (row && row.lastOnHand !== null && this.boxes.draftOf(skuId) === String(row.lastOnHand)) this.same[skuId] = true;
    }
    this.savedDraft = null;
    this.persistDraft();
  }

  discardDraft(): void {
    this.savedDraft = null;
    this.persistDraft();
  }

  /** "与上次相同" on one row: the last count, sent as a confirmation that nothing moved. */
  sameAsLastFor(row: SupplierSkuView): void {
    if (row.lastOnHand === null) return;
    this.boxes.set(row.skuId, String(row.lastOnHand));
    this.same[row.skuId] = true;
    this.persistDraft();
  }

  isSame(row: SupplierSkuView): boolean {
    return this.same[row.skuId] === true;
  }

  /** A number typed that differs from the last count (shown as 已修改). */
  isChanged(row: SupplierSkuView): boolean {
    const draft = this.boxes.draftOf(row.skuId).trim();
    return draft !== '' && !this.isSame(row) && draft !== String(row.lastOnHand);
  }

  /** Rows nobody has touched that have a last count: what 全部与上次相同 would fill. */
  get untouchedWithLast(): SupplierSkuView[] {
    return this.rows.filter((r) => r.lastOnHand !== null && this.boxes.draftOf(r.skuId).trim() === '');
  }

  get untouchedCount(): number {
    return this.rows.filter((r) => this.boxes.draftOf(r.skuId).trim() === '').length;
  }

  /** Units short tonight if this row's number is sent: fewer than already wait to ship (待发). */
  shortBy(row: SupplierSkuView): number {
    const count = readWholeNumber(this.boxes.draftOf(row.skuId));
    return count.ok ? Math.max(0, row.committed - count.value) : 0;
  }

  get shortRows(): SupplierSkuView[] {
    return this.rows.filter((r) => this.shortBy(r) > 0);
  }

  /** Lines whose count is older than their tier allows: the ones to count first. */
  get overAgeCount(): number {
    return this.rows.filter((r) => r.freshness?.stale).length;
  }

  /** "全部与上次相同": asks first, naming how many untouched rows it fills. */
  askAllSame(): void {
    if (this.untouchedWithLast.length === 0) {
      this.notice = { text: '没有未填写且报过数的商品', kind: 'fail' };
      return;
    }
    this.confirmingAllSame = true;
  }

  cancelAllSame(): void {
    this.confirmingAllSame = false;
  }

  confirmAllSame(): void {
    for (const row of this.untouchedWithLast) {
      this.boxes.drafts[row.skuId] = String(row.lastOnHand);
      this.same[row.skuId] = true;
    }
    this.confirmingAllSame = false;
    this.formError = null;
    this.persistDraft();
  }

  get hasUnreported(): boolean {
    return this.rows.some((r) => r.lastOnHand === null);
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** Send the filled rows as one report: applied whole, held for a jump, or each bad line named. */
  async submit(): Promise<boolean> {
    if (this.submitting || this.rows.length === 0) return false;
    this.formError = null;
    this.boxes.errors = {};
    const { lines, errors, skipped } = this.boxes.lines('skip');
    if (Object.keys(errors).length > 0) {
      this.boxes.errors = errors;
      this.formError = `${Object.keys(errors).length} 个商品的数量有误，请按提示修改`;
      this.notice = { text: '报数未提交', kind: 'fail' };
      return false;
    }
    if (lines.length === 0) {
      this.formError = '还没有填写数量：请逐个填写，或点“全部与上次相同”';
      return false;
    }
    const sent = lines.map((l) => this.asSent(l));
    this.submitting = true;
    this.boxes.focused = null;
    const first = await callFunction<IntakeResult>('supplier', 'submitReport', { lines: sent });
    const result = await untilApplied('supplier', first, (applied, total) => runInAction(() => {
      this.notice = { text: `报数已提交，正在生效 ${applied}/${total}`, kind: 'success' };
    }));
    runInAction(() => {
      this.submitting = false;
      if (!result.ok) {
        // The earlier 已报送 banner would say this one went through: it did not.
        this.lastReceipt = null;
        this.formError = this.boxes.refused(result.error, sent, '报数未提交');
        this.notice = { text: `报数未提交：${result.error.message}`, kind: 'fail' };
        return;
      }
      if (result.data.status === 'held') {
        this.showHeld(result.data.held);
        return;
      }
      const { held: jumped } = result.data;
      if (result.data.status === 'applying') {
        this.forgetSent(jumped ? sent.filter((l) => !jumped.lines.some((j) => j.skuId === l.skuId)) : sent);
        this.notice = { text: applyingNotice(result.data.applied, result.data.total), kind: 'success' };
      } else this.applyReceipt(result.data.receipt, skipped);
      // The lines that jumped wait as their own report; their boxes keep what was typed.
      if (jumped) {
        this.showHeld(jumped);
        if (this.notice) this.notice = { ...this.notice, text: `${this.notice.text}；${jumpedLines(jumped).length} 个变化大，待确认` };
      }
    });
    // An applied count supersedes older held ones of the same SKUs: show what still waits.
    if (result.ok && result.data.status === 'applied' && this.waiting.length > 0) await this.load({ keepDrafts: true });
    return result.ok;
  }

  /** A 与上次相同 row goes as a confirmation of the count it showed. */
  private asSent(line: CountLine): CountLine {
    const row = this.rows.find((r) => r.skuId === line.skuId);
    return this.same[line.skuId] && row?.lastOnHand === line.onHand ? { ...line, sameAsLast: true } : line;
  }

  private edited(skuId: string): void {
    delete this.same[skuId];
    this.persistDraft();
  }

  /** The boxes as typed, kept on the phone until they are sent. */
  private persistDraft(): void {
    const drafts = Object.fromEntries(Object.entries(this.boxes.drafts).filter(([, text]) => text.trim() !== ''));
    saveReportDraft({ supplierName: this.supplierName, savedAt: now(), drafts, same: Object.keys(this.same) });
  }

  /** Sent rows leave their boxes: the new count shows as 上次, the box is empty for the next one. */
  private forgetSent(sent: CountLine[]): void {
    for (const line of sent) {
      delete this.boxes.drafts[line.skuId];
      delete this.same[line.skuId];
    }
    this.persistDraft();
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

  /** "丢弃": the held report is dropped (kept as discarded) and its numbers come back into the boxes to fix. */
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
      if (report) this.putBack([report]);
      this.notice = { text: '已丢弃这次报数，数字已放回输入框，请修改后重新提交', kind: 'success' };
    });
  }

  /** The waiting card's 确认无误: each waiting held report in turn, newest first; a stop names what still waits. */
  async confirmWaiting(): Promise<void> {
    if (this.resolving || this.waiting.length === 0) return;
    const name = this.supplierName;
    this.resolving = 'waiting';
    this.heldError = null;
    const decision = await decideGroup([...this.waiting], async (id) => untilApplied('supplier', await held.confirm(id)));
    const outcome = confirmOutcome(name, decision);
    runInAction(() => {
      this.resolving = null;
      for (const { held: h } of [...decision.done, ...decision.gone]) this.forgetHeld(h.id);
      // Oldest first, so the 已报送 banner names the newest receipt.
      for (const { data } of [...decision.done].reverse()) if (data.status === 'applied') this.applyReceipt(data.receipt);
      if (outcome.kind === 'error') {
        this.heldError = `${outcome.title}：${outcome.detail}`;
        this.notice = { text: outcome.title, kind: 'fail' };
      } else this.notice = { text: outcome.detail, kind: 'success' };
    });
    // What still waits, as the server now sees it (a line confirmed above is "counted since" in an older report).
    if (decision.done.length + decision.gone.length > 0) await this.load({ keepDrafts: true });
  }

  /** The waiting card's 丢弃: each waiting held report in turn; the numbers of those dropped come back into the boxes. */
  async discardWaiting(): Promise<void> {
    if (this.resolving || this.waiting.length === 0) return;
    const name = this.supplierName;
    this.resolving = 'waiting';
    this.heldError = null;
    const decision = await decideGroup([...this.waiting], (id) => held.discard(id));
    const outcome = discardOutcome(name, decision);
    runInAction(() => {
      this.resolving = null;
      const dropped = [...decision.done, ...decision.gone].map((d) => d.held);
      for (const h of dropped) this.forgetHeld(h.id);
      if (dropped.length > 0) this.putBack(dropped);
      if (outcome.kind === 'error') {
        this.heldError = `${outcome.title}：${outcome.detail}`;
        this.notice = { text: outcome.title, kind: 'fail' };
      } else this.notice = { text: '已丢弃待确认的报数，数字已放回输入框，请修改后重新提交', kind: 'success' };
    });
    if (decision.failed && decision.done.length + decision.gone.length > 0) await this.load({ keepDrafts: true });
  }

  /** Discarded held reports' numbers back in their boxes (the newest per SKU), marked to check. */
  private putBack(reports: HeldView[]): void {
    const lines = (groupHeld(reports)[0]?.blocks ?? []).flatMap((b) => b.lines);
    for (const line of lines) {
      if (this.rows.some((r) => r.skuId === line.skuId)) this.boxes.drafts[line.skuId] = String(line.onHand);
    }
    this.boxes.markJumps(lines);
    this.formError = null;
    this.lastReceipt = null;
    this.persistDraft();
  }

  private showHeld(report: HeldView): void {
    this.dialog = report;
    this.waiting = [...this.waiting.filter((h) => h.id !== report.id), report];
    this.heldError = null;
  }

  private forgetHeld(heldId: string): void {
    this.waiting = this.waiting.filter((h) => h.id !== heldId);
    if (this.dialog?.id === heldId) this.dialog = null;
  }

  private applyReceipt(receipt: ReportReceipt, skipped = 0): void {
    this.lastReceipt = receipt;
    const updated = new Map(receipt.lines.map((l) => [l.skuId, l]));
    this.rows = this.rows.map((r) => updated.get(r.skuId) ?? r);
    this.forgetSent(receipt.lines.map((l) => ({ skuId: l.skuId, onHand: l.lastOnHand ?? 0 })));
    this.sentToday = [...this.sentToday.filter((r) => r.reportId !== receipt.reportId),
      { reportId: receipt.reportId, reportedAt: receipt.reportedAt, slot: receipt.slot, lineCount: receipt.lines.length, source: 'form' }];
    this.boxes.errors = {};
    this.formError = null;
    const left = skipped > 0 ? `；${skipped} 个未填，没有报送` : '';
    this.notice = { text: `报数成功（${receipt.slot}，${receipt.lines.length} 个商品${left}）`, kind: 'success' };
  }
}
