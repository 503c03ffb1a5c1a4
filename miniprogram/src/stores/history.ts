import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import { stockChartSvg, svgDataUri } from '../services/chart';
import { now } from '../services/clock';
import { lazyStore } from './index';
import type { Role, SkuHistory } from '../services/types';
import type { LoadStatus } from './loadable';

export const HISTORY_DAYS = [7, 14, 30] as const;

/** One SKU's counts and sellable over time, and every count with who, when and how. */
export class HistoryStore {
  skuId = '';
  days = 14;
  history: SkuHistory | null = null;
  status: LoadStatus = 'idle';
  error: string | null = null;
  loadedAt = now();

  constructor() {
    makeAutoObservable(this);
  }

  /** Operators may read any SKU's history; a supplier only its own (the server checks). */
  async load(skuId: string, role: Role | undefined, days = this.days): Promise<void> {
    this.skuId = skuId;
    this.days = days;
    if (!skuId) {
      this.status = 'error';
      this.error = '没有指定商品';
      return;
    }
    this.status = 'loading';
    const fn = role === 'operator' ? 'operator' : 'supplier';
    const result = await callFunction<SkuHistory>(fn, 'skuHistory', { skuId, days });
    runInAction(() => {
      this.loadedAt = now();
      if (!result.ok) {
        this.status = 'error';
        this.error = result.error.message;
        return;
      }
      this.history = result.data;
      this.status = 'ready';
    });
  }

  get chartUri(): string {
    const points = this.history?.points ?? [];
    return svgDataUri(stockChartSvg(points, { until: this.loadedAt }));
  }

  get latest(): { onHand: number; sellable: number } | null {
    const points = this.history?.points ?? [];
    const last = points[points.length - 1];
    return last ? { onHand: last.onHand, sellable: last.sellable } : null;
  }
}

export const useHistory = lazyStore(() => new HistoryStore());
