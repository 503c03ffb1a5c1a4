// 缓冲建议 (buffers from scorecards): each supplier's suggested buffer ratio from its last
// confirmed waves, and the SKUs that sold in enough of them with their own, within the
// operator's limits; the chosen ones applied with one confirmation (DESIGN §8: the
// consequence named first).
import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import { readWholeNumber } from '../services/numbers';
import type { AppliedBufferChanges, BufferPolicy, BufferSuggestionRow, BufferSuggestions } from '../services/types';
import { type LoadStatus, loadInto } from './loadable';

/** The limits the operator can change, as ratios (what the server reads). */
export interface BufferLimits {
  minRatio: number;
  maxRatio: number;
  coverage: number;
}

export type LimitName = keyof BufferLimits;

export const DEFAULT_LIMITS: BufferLimits = { minRatio: 0.05, maxRatio: 0.4, coverage: 0.95 };

export const LIMIT_LABELS: Record<LimitName, string> = { minRatio: '最低比例', maxRatio: '最高比例', coverage: '覆盖率' };

/** "5%", "91.7%": a ratio as the page shows it. */
export const percent = (ratio: number): string => `${Math.round(ratio * 1000) / 10}%`;

const percentText = (ratio: number): string => String(Math.round(ratio * 1000) / 10);

/** The ratio part of a policy (a policy of fixed units only has none: 0%). */
export const ratioOf = (policy: BufferPolicy | undefined): number => policy?.ratio ?? 0;

/** The policy's other rules, which the ratio is weighed against (the largest applies). */
export function policyExtras(policy: BufferPolicy): string | null {
  const parts = [
    ...(policy.fixed ? [`固定 ${policy.fixed} 件`] : []),
    ...(policy.velocityFraction ? [`日均销量 ${percent(policy.velocityFraction)}`] : []),
  ];
  return parts.length > 0 ? `另有${parts.join('、')}，取最大` : null;
}

/** Whether applying the row's suggestion would change the supplier's ratio. */
export const changesSupplier = (row: BufferSuggestionRow): boolean =>
  row.suggestion.status === 'suggested' && Math.abs(row.suggestion.ratio - ratioOf(row.current.policy)) > 1e-9;

/** Whether applying the row would change anything: the supplier's ratio or a SKU's own (only those can be chosen). */
export const changes = (row: BufferSuggestionRow): boolean => changesSupplier(row) || (row.suggestion.status === 'suggested' && row.skus.length > 0);

/** "山里土鸡蛋合作社：30% → 5%，另 1 个商品单独设缓冲（土鸡蛋 30枚 40%）". */
export function changeText(row: BufferSuggestionRow): string {
  const supplier = row.suggestion.status === 'suggested' && changesSupplier(row)
    ? `${percent(ratioOf(row.current.policy))} → ${percent(row.suggestion.ratio)}` : `保持 ${percent(ratioOf(row.current.policy))}`;
  const skus = row.skus.length === 0 ? ''
    : `，另 ${row.skus.length} 个商品单独设缓冲（${row.skus.map((k) => `${k.skuName} ${percent(k.suggestion.ratio)}`).join('、')}）`;
  return `${row.supplierName}：${supplier}${skus}`;
}

/** "可售 +30 / −12 件": gained and held back, either left out when nothing. */
export function effectText(effect: { gained: number; heldBack: number }): string {
  if (effect.gained === 0 && effect.heldBack === 0) return '可售不变';
  const parts = [...(effect.gained > 0 ? [`+${effect.gained}`] : []), ...(effect.heldBack > 0 ? [`−${effect.heldBack}`] : [])];
  return `可售 ${parts.join(' / ')} 件`;
}

/** One visit to the page: limits, rows, what is chosen and the one confirmation. */
export class BufferSuggestionsStore {
  view: BufferSuggestions | null = null;
  status: LoadStatus = 'idle';
  error: string | null = null;
  /** The limits the rows are computed with; an apply sends these, never unsent drafts. */
  limits: BufferLimits = { ...DEFAULT_LIMITS };
  /** The limit boxes as typed, in percent. */
  drafts: Record<LimitName, string> = { minRatio: '5', maxRatio: '40', coverage: '95' };
  limitErrors: Partial<Record<LimitName, string>> = {};
  selected: string[] = [];
  asking = false;
  applying = false;
  /** Why the last apply did not go through (kept on screen; the toast only flashes). */
  applyError: string | null = null;
  /** What the last apply did, kept on screen. */
  applied: string | null = null;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  get rows(): BufferSuggestionRow[] {
    return this.view?.rows ?? [];
  }

  /** Suppliers chosen whose suggestion still changes their ratio. */
  get chosen(): BufferSuggestionRow[] {
    return this.rows.filter((r) => changes(r) && this.selected.includes(r.supplierId));
  }

  get anyChangeable(): boolean {
    return this.rows.some(changes);
  }

  /** What applying the chosen would do to sellable now, added up. */
  get chosenEffect(): { gained: number; heldBack: number; skus: number } {
    return this.chosen.reduce(
      (sum, r) => ({ gained: sum.gained + (r.effect?.gained ?? 0), heldBack: sum.heldBack + (r.effect?.heldBack ?? 0), skus: sum.skus + (r.effect?.skus ?? 0) }),
      { gained: 0, heldBack: 0, skus: 0 },
    );
  }

  /** The one confirmation's words: how many suppliers, to what, and the total effect. */
  get confirmText(): string {
    const lines = this.chosen.map(changeText);
    const effect = this.chosenEffect;
    const total = effect.skus === 0 ? '可售不变' : `${effectText(effect)}（涉及 ${effect.skus} 个商品）`;
    return `将为 ${this.chosen.length} 个供应商应用建议的缓冲比例：${lines.join('；')}。合计${total}，团长马上看到新的可售数量。`;
  }

  load(): Promise<void> {
    const limits = { ...this.limits };
    return loadInto(this, () => callFunction<BufferSuggestions>('operator', 'bufferSuggestions', limits), (view) => {
      this.view = view;
      // A supplier whose suggestion no longer changes anything is not chosen any more.
      this.selected = this.selected.filter((id) => view.rows.some((r) => r.supplierId === id && changes(r)));
    });
  }

  setDraft(name: LimitName, text: string): void {
    this.drafts[name] = text;
    delete this.limitErrors[name];
  }

  /** The limit boxes read as ratios, or null with each bad box named. */
  private readLimits(): BufferLimits | null {
    const errors: Partial<Record<LimitName, string>> = {};
    const read = (name: LimitName, min: number, max: number): number => {
      const typed = readWholeNumber(this.drafts[name]);
      if (!typed.ok || typed.value < min || typed.value > max) errors[name] = `请填 ${min}–${max} 的整数（%）`;
      return typed.ok ? typed.value / 100 : 0;
    };
    const limits = { minRatio: read('minRatio', 0, 100), maxRatio: read('maxRatio', 0, 100), coverage: read('coverage', 50, 100) };
    if (!errors.minRatio && !errors.maxRatio && limits.minRatio > limits.maxRatio) errors.maxRatio = '最高比例不能低于最低比例';
    this.limitErrors = errors;
    return Object.keys(errors).length === 0 ? limits : null;
  }

  /** 重新计算: the suggestions under the limits typed (loading shown, not the old rows under new limits). */
  requery(): Promise<void> {
    const limits = this.readLimits();
    if (!limits) return Promise.resolve();
    this.limits = limits;
    this.drafts = { minRatio: percentText(limits.minRatio), maxRatio: percentText(limits.maxRatio), coverage: percentText(limits.coverage) };
    this.status = 'idle';
    this.view = null;
    this.selected = [];
    this.applied = null;
    this.applyError = null;
    return this.load();
  }

  isSelected(supplierId: string): boolean {
    return this.selected.includes(supplierId);
  }

  toggle(supplierId: string): void {
    const row = this.rows.find((r) => r.supplierId === supplierId);
    if (!row || !changes(row)) return;
    this.selected = this.isSelected(supplierId) ? this.selected.filter((id) => id !== supplierId) : [...this.selected, supplierId];
    this.applyError = null;
  }

  /** 应用所选建议: asks first, and only with something chosen. */
  askApply(): void {
    if (this.chosen.length > 0 && !this.applying) this.asking = true;
  }

  cancelAsk(): void {
    this.asking = false;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** The chosen suggestions, each at the ratio shown; a suggestion that changed meanwhile applies nothing and reloads. */
  async apply(): Promise<boolean> {
    this.asking = false;
    const chosen = this.chosen;
    if (chosen.length === 0 || this.applying) return false;
    this.applying = true;
    this.applyError = null;
    const effect = this.chosenEffect;
    const suppliers = chosen.map((r) => ({
      supplierId: r.supplierId,
      ratio: r.suggestion.status === 'suggested' ? r.suggestion.ratio : 0,
      skus: r.skus.map((k) => ({ skuId: k.skuId, ratio: k.suggestion.ratio })),
    }));
    const result = await callFunction<AppliedBufferChanges>('operator', 'applyBufferSuggestions', { ...this.limits, suppliers });
    runInAction(() => {
      this.applying = false;
      if (result.ok) {
        this.selected = [];
        this.applied = `已应用 ${chosen.length} 个供应商的建议：${effectText(effect)}`;
        this.notice = { text: '已应用', kind: 'success' };
      } else if (result.error.code === 'CONFLICT') {
        this.selected = [];
        this.applyError = `建议已变化，未应用：${result.error.message}。已重新计算，请看过后再选`;
        this.notice = { text: '建议已变化', kind: 'fail' };
      } else {
        this.applyError = `未应用：${result.error.message}`;
        this.notice = { text: '未应用', kind: 'fail' };
      }
    });
    if (result.ok || result.error.code === 'CONFLICT') await this.load();
    return result.ok;
  }
}
