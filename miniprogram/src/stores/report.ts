import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import type { ReportReceipt, SupplierSkuView } from '../services/types';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** `lines[3].onHand` → 3: which submitted line an issue names. */
const LINE_PATH = /^lines\[(\d+)\]/;

/** At the line itself "第4行的" is noise: the message is already next to it. */
const withoutLinePrefix = (message: string): string => message.replace(/^第\d+行的?/, '');

/** A supplier's stock count: their SKUs, what they type for each, and the server's answer. */
export class ReportStore {
  rows: SupplierSkuView[] = [];
  /** What is in each SKU's box, as typed (a blank box is not zero). */
  drafts: Record<string, string> = {};
  status: LoadStatus = 'idle';
  loadError: string | null = null;
  submitting = false;
  lastReceipt: ReportReceipt | null = null;
  /** Errors at the line they belong to, keyed by SKU. */
  lineErrors: Record<string, string> = {};
  /** An error that names no line (network, permission). */
  formError: string | null = null;
  /** A short message for the toast. */
  notice: { text: string; kind: 'success' | 'fail' } | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  async load(): Promise<void> {
    this.status = 'loading';
    this.loadError = null;
    const result = await callFunction<SupplierSkuView[]>('supplier', 'mySkus');
    runInAction(() => {
      if (!result.ok) {
        this.status = 'error';
        this.loadError = result.error.message;
        return;
      }
      this.rows = result.data;
      // Prefill with the last count: most lines do not change between two reports.
      this.drafts = Object.fromEntries(result.data.map((r) => [r.skuId, r.lastOnHand === null ? '' : String(r.lastOnHand)]));
      this.lineErrors = {};
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

  dismissNotice(): void {
    this.notice = null;
  }

  /** Send every line as one report: the server applies it whole or names each bad line. */
  async submit(): Promise<boolean> {
    if (this.submitting || this.rows.length === 0) return false;
    this.formError = null;
    this.lineErrors = {};
    const lines: Array<{ skuId: string; onHand: number }> = [];
    const blank: Record<string, string> = {};
    for (const row of this.rows) {
      const text = this.draftOf(row.skuId).trim();
      // A blank box could mean "none" or "not counted": ask rather than guess zero.
      if (text === '') blank[row.skuId] = '请填写库存数量（没有货请填 0）';
      else lines.push({ skuId: row.skuId, onHand: Number(text) });
    }
    if (Object.keys(blank).length > 0) {
      this.lineErrors = blank;
      this.formError = `还有 ${Object.keys(blank).length} 个商品没填数量`;
      return false;
    }
    this.submitting = true;
    const result = await callFunction<ReportReceipt>('supplier', 'submitReport', { lines });
    runInAction(() => {
      this.submitting = false;
      if (!result.ok) {
        const errors: Record<string, string> = {};
        const unplaced: string[] = [];
        for (const issue of result.error.issues ?? []) {
          const index = LINE_PATH.exec(issue.path)?.[1];
          const skuId = index === undefined ? undefined : lines[Number(index)]?.skuId;
          if (skuId) errors[skuId] = errors[skuId] ? `${errors[skuId]}；${withoutLinePrefix(issue.message)}` : withoutLinePrefix(issue.message);
          else unplaced.push(issue.message);
        }
        this.lineErrors = errors;
        const placed = Object.keys(errors).length;
        this.formError = placed > 0 && unplaced.length === 0 ? `报数未提交：${placed} 个商品有误，请按提示修改` : result.error.message;
        this.notice = { text: '报数未提交', kind: 'fail' };
        return;
      }
      const receipt = result.data;
      this.lastReceipt = receipt;
      const updated = new Map(receipt.lines.map((l) => [l.skuId, l]));
      this.rows = this.rows.map((r) => updated.get(r.skuId) ?? r);
      for (const line of receipt.lines) this.drafts[line.skuId] = line.lastOnHand === null ? '' : String(line.lastOnHand);
      this.notice = { text: `报数成功（${receipt.slot}，${receipt.lines.length} 个商品）`, kind: 'success' };
    });
    return result.ok;
  }
}
