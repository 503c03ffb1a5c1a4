// The stocktakes (盘点对账) a supplier or the operator sees: the list, and what in it waits
// for this person. Small on purpose: the supplier's report page reads it for its link.
import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import type { StocktakeSummary, StocktakeView } from '../services/types';
import { lazyStore } from './index';
import { type LoadStatus, loadInto } from './loadable';

/** Someone still has to count, confirm or approve it. */
export const stocktakeInProgress = (s: Pick<StocktakeSummary, 'status'>): boolean => s.status === 'open' || s.status === 'counted' || s.status === 'confirmed';

export class StocktakeListStore {
  list: StocktakeSummary[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  /** The operator's filter: one supplier's, or '' for all. */
  supplierId = '';
  opening = false;
  openError: string | null = null;

  constructor(readonly fn: 'supplier' | 'operator') {
    makeAutoObservable(this, { fn: false });
  }

  /** In progress first (overdue first among them), then newest first. */
  get sorted(): StocktakeSummary[] {
    const rank = (s: StocktakeSummary): number => (s.overdue ? 0 : stocktakeInProgress(s) ? 1 : 2);
    return [...this.list].sort((a, b) => rank(a) - rank(b) || b.openedAt - a.openedAt);
  }

  /** What waits for the supplier: counting (open) or confirming (counted). */
  get forSupplier(): number {
    return this.list.filter((s) => s.status === 'open' || s.status === 'counted').length;
  }

  /** What waits for an operator: approving a confirmed one, or chasing an overdue one. */
  get forOperator(): number {
    return this.list.filter((s) => s.status === 'confirmed' || s.overdue).length;
  }

  load(): Promise<void> {
    const payload = this.fn === 'operator' && this.supplierId ? { supplierId: this.supplierId } : {};
    return loadInto(this, () => callFunction<StocktakeSummary[]>(this.fn, 'stocktakes', payload), (list) => (this.list = list));
  }

  filter(supplierId: string): Promise<void> {
    this.supplierId = supplierId;
    return this.load();
  }

  /** 发起盘点 (operator): the new stocktake's id, or null with why not in `openError`. */
  async open(supplierId: string): Promise<string | null> {
    if (this.opening) return null;
    if (!supplierId) {
      this.openError = '请先选择供应商';
      return null;
    }
    this.opening = true;
    this.openError = null;
    const result = await callFunction<StocktakeView>('operator', 'openStocktake', { supplierId });
    runInAction(() => {
      this.opening = false;
      if (!result.ok) this.openError = result.error.message;
    });
    if (!result.ok) return null;
    void this.load();
    return result.data.id;
  }
}

export const useSupplierStocktakes = lazyStore(() => new StocktakeListStore('supplier'));
