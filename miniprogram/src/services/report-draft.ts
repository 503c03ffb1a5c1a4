import Taro from '@tarojs/taro';
import { inShanghai } from './format';

// A report typed but not sent (the network failed, the page closed) stays on the phone
// for the rest of the day and is offered again when the report page opens.
const DRAFT_KEY = 'huozhun.reportDraft';

export interface ReportDraft {
  /** Whose sheet it was typed on: another supplier signing in on this phone is not offered it. */
  supplierName: string;
  savedAt: number;
  /** The boxes as typed, by SKU. */
  drafts: Record<string, string>;
  /** The rows confirmed with 与上次相同. */
  same: string[];
}

const sameDay = (a: number, b: number): boolean => inShanghai(a).format('YYYY-MM-DD') === inShanghai(b).format('YYYY-MM-DD');

export function saveReportDraft(draft: ReportDraft): void {
  try {
    if (Object.keys(draft.drafts).length === 0) Taro.removeStorageSync(DRAFT_KEY);
    else Taro.setStorageSync(DRAFT_KEY, draft);
  } catch {
    // Storage full or blocked: the boxes still hold what was typed while the page is open.
  }
}

/** Today's unsent draft for this supplier, if any. */
export function loadReportDraft(supplierName: string, now: number): ReportDraft | null {
  try {
    const draft = Taro.getStorageSync(DRAFT_KEY) as ReportDraft | '' | undefined;
    if (!draft || typeof draft !== 'object' || draft.supplierName !== supplierName || !sameDay(draft.savedAt, now)) return null;
    return Object.keys(draft.drafts ?? {}).length > 0 ? draft : null;
  } catch {
    return null;
  }
}

export function clearReportDraft(): void {
  try {
    Taro.removeStorageSync(DRAFT_KEY);
  } catch {
    // Nothing to clear.
  }
}
