// Stocktake (盘点对账, DESIGN §8a): a physical count of every SKU of one supplier held
// against the book figure, each variance above a threshold explained by a reason from a
// fixed list, signed off by both sides — the supplier confirms, an operator approves —
// and only then entered as a new count. Nothing in it is edited: every count, reason
// and signature is appended to its history. Pure: states in, the next state or an error out.
import type { BookFigure } from './book-figure';
import { type Issue, type Result, fail, failWithIssues, ok } from './errors';
import type { Sku } from './model';

export const VARIANCE_REASONS = ['syncDelay', 'otherChannel', 'damaged', 'lost', 'entryError', 'returnNotBooked', 'other'] as const;
export type VarianceReason = (typeof VARIANCE_REASONS)[number];

export const VARIANCE_REASON_NAMES: Record<VarianceReason, string> = {
  syncDelay: '同步延迟', otherChannel: '其他渠道售出', damaged: '损坏', lost: '丢失', entryError: '录入错误', returnNotBooked: '退货未入账', other: '其他',
};

/** When a variance needs a reason: more than this many units, and more than this share of the book figure. */
export interface VarianceRules {
  reasonAboveUnits: number;
  reasonAboveShare: number;
}

export type StocktakeStatus = 'open' | 'counted' | 'confirmed' | 'approved' | 'cancelled';

export interface StocktakeLine {
  skuId: string;
  counted: number;
  /** What the system believed at the counted moment, with its parts. */
  book: BookFigure;
  reason?: VarianceReason;
  /** Required with 其他; optional otherwise. */
  note?: string;
}

export type StocktakeAction = 'opened' | 'counted' | 'explained' | 'confirmed' | 'returned' | 'approved' | 'applied' | 'cancelled';

export interface StocktakeEvent {
  action: StocktakeAction;
  by: string;
  at: number;
  note?: string;
  /** A count or its reasons as they were then: a recount never loses the one before. */
  lines?: StocktakeLine[];
}

export interface Stocktake {
  /** `stk_<supplier>_<date>` when scheduled (one per occurrence), otherwise generated. */
  id: string;
  supplierId: string;
  status: StocktakeStatus;
  openedAt: number;
  openedBy: string;
  /** Count by then, or the operators hear. */
  dueAt: number;
  /** The latest count (empty until counted). */
  lines: StocktakeLine[];
  countedAt?: number;
  countedBy?: string;
  confirmedAt?: number;
  confirmedBy?: string;
  approvedAt?: number;
  approvedBy?: string;
  /** The approved count entered as a report (kept under `reportId`), leaving out SKUs counted again since the stocktake. */
  applied?: { at: number; reportId?: string; newerCounts: string[] };
  history: StocktakeEvent[];
  /** Bumped by every change; changes are stored by compare-and-set on it. */
  version: number;
}

export const variance = (line: Pick<StocktakeLine, 'counted' | 'book'>): number => line.counted - line.book.book;

/** Fen; undefined when the SKU has no cost. */
export const varianceValue = (line: Pick<StocktakeLine, 'counted' | 'book'>, sku: Pick<Sku, 'cost'> | undefined): number | undefined =>
  sku?.cost === undefined ? undefined : variance(line) * sku.cost;

export function needsReason(line: Pick<StocktakeLine, 'counted' | 'book'>, rules: VarianceRules): boolean {
  const units = Math.abs(variance(line));
  return units > rules.reasonAboveUnits && units > rules.reasonAboveShare * line.book.book;
}

/** Every line whose variance needs a reason and has none (or 其他 without words), by path. */
export function missingReasons(lines: readonly StocktakeLine[], rules: VarianceRules, name: (skuId: string) => string): Issue[] {
  const issues: Issue[] = [];
  lines.forEach((line, i) => {
    if (!needsReason(line, rules)) return;
    if (!line.reason) issues.push({ path: `lines[${i}].reason`, message: `${name(line.skuId)} 盘点差异 ${signed(variance(line))} 件，请选择原因` });
    else if (line.reason === 'other' && !line.note?.trim()) issues.push({ path: `lines[${i}].note`, message: `${name(line.skuId)} 原因选了"其他"，请写明` });
  });
  return issues;
}

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

const STATUS_NAMES: Record<StocktakeStatus, string> = { open: '待盘点', counted: '待供应商确认', confirmed: '待运营审核', approved: '已审核', cancelled: '已取消' };
export const stocktakeStatusName = (status: StocktakeStatus): string => STATUS_NAMES[status];

const wrongState = (st: Stocktake, doing: string): { ok: false; error: ReturnType<typeof fail>['error'] } =>
  fail('WRONG_STATE', `这次盘点${STATUS_NAMES[st.status]}，不能${doing}`);

const next = (st: Stocktake, change: Partial<Stocktake>, event: StocktakeEvent): Stocktake =>
  ({ ...st, ...change, history: [...st.history, event], version: st.version + 1 });

/** A count of every SKU (a recount before the supplier confirms replaces the last, which stays in the history). */
export function recordCount(st: Stocktake, lines: StocktakeLine[], by: string, at: number): Result<Stocktake> {
  if (st.status !== 'open' && st.status !== 'counted') return wrongState(st, '再录入盘点数');
  return ok(next(st, { status: 'counted', lines, countedAt: at, countedBy: by }, { action: 'counted', by, at, lines }));
}

/** Reasons given or changed after the count: a confirmation given before them no longer stands. */
export function explain(st: Stocktake, reasons: ReadonlyMap<string, Pick<StocktakeLine, 'reason' | 'note'>>, by: string, at: number): Result<Stocktake> {
  if (st.status !== 'counted' && st.status !== 'confirmed') return wrongState(st, '修改差异原因');
  const lines = st.lines.map((l) => {
    const given = reasons.get(l.skuId);
    if (!given) return l;
    const { reason: _r, note: _n, ...bare } = l;
    return { ...bare, ...(given.reason ? { reason: given.reason } : {}), ...(given.note?.trim() ? { note: given.note.trim() } : {}) };
  });
  const { confirmedAt: _a, confirmedBy: _b, ...unconfirmed } = st;
  return ok(next(unconfirmed as Stocktake, { status: 'counted', lines }, { action: 'explained', by, at, lines }));
}

/** The supplier signs the count and its reasons; every variance above the threshold must have one. */
export function confirmCount(st: Stocktake, rules: VarianceRules, name: (skuId: string) => string, by: string, at: number): Result<Stocktake> {
  if (st.status !== 'counted') return wrongState(st, '确认');
  const missing = missingReasons(st.lines, rules, name);
  if (missing.length > 0) return failWithIssues('VALIDATION', '还不能确认', missing);
  return ok(next(st, { status: 'confirmed', confirmedAt: at, confirmedBy: by }, { action: 'confirmed', by, at }));
}

/** An operator sends it back to be counted again, saying why. */
export function returnForRecount(st: Stocktake, note: string, by: string, at: number): Result<Stocktake> {
  if (st.status !== 'counted' && st.status !== 'confirmed') return wrongState(st, '退回重盘');
  const { confirmedAt: _a, confirmedBy: _b, ...unconfirmed } = st;
  return ok(next(unconfirmed as Stocktake, { status: 'open' }, { action: 'returned', by, at, note }));
}

/** An operator approves what the supplier confirmed; from here nothing in it changes. */
export function approve(st: Stocktake, by: string, at: number): Result<Stocktake> {
  if (st.status !== 'confirmed') return st.status === 'counted' ? fail('WRONG_STATE', '供应商还没有确认这次盘点，不能审核') : wrongState(st, '审核');
  return ok(next(st, { status: 'approved', approvedAt: at, approvedBy: by }, { action: 'approved', by, at }));
}

/** The approved count is kept as a report (none when every SKU was counted again since); SKUs counted since keep the newer count. */
export function markApplied(st: Stocktake, applied: { reportId?: string; newerCounts: string[] }, at: number): Result<Stocktake> {
  if (st.status !== 'approved' || st.applied) return wrongState(st, '再次入账');
  const note = applied.newerCounts.length > 0 ? `${applied.newerCounts.length} 个商品盘点后已有新报数，以新报数为准` : undefined;
  return ok(next(st, { applied: { at, ...applied } }, { action: 'applied', by: 'system', at, ...(note ? { note } : {}) }));
}

/** A book figure for a SKU nothing was ever counted of: nothing on the book. */
export const emptyBook = (at: number): BookFigure => ({ countedOnHand: 0, countedAt: 0, countBasis: 'physical', forwardedAtCount: 0, shippedSince: 0, soldElsewhere: 0, book: 0, at });

/** In progress: someone still has to count, confirm or approve. */
export const inProgress = (st: Pick<Stocktake, 'status'>): boolean => st.status === 'open' || st.status === 'counted' || st.status === 'confirmed';

export const ACTION_NAMES: Record<StocktakeAction, string> = {
  opened: '发起盘点', counted: '录入盘点数', explained: '填写差异原因', confirmed: '供应商确认', returned: '退回重盘', approved: '运营审核通过', applied: '盘点数入账', cancelled: '取消盘点',
};

export function cancel(st: Stocktake, note: string, by: string, at: number): Result<Stocktake> {
  if (st.status === 'approved' || st.status === 'cancelled') return wrongState(st, '取消');
  return ok(next(st, { status: 'cancelled' }, { action: 'cancelled', by, at, note }));
}
