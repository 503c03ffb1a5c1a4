import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import { now } from '../services/clock';
import type { AvailabilityItem } from '../services/types';
import type { LoadStatus } from './loadable';

export interface CategoryGroup {
  category: string;
  items: AvailabilityItem[];
}

/** What a leader can sell right now, and how fresh each count is. */
export class AvailabilityStore {
  items: AvailabilityItem[] = [];
  status: LoadStatus = 'idle';
  /** A refresh with items already on screen: keep showing them meanwhile. */
  refreshing = false;
  error: string | null = null;
  /** The phone's "now" for freshness text; ticks while the page is open. */
  now: number = now();
  /** When the list on screen was fetched. */
  loadedAt: number | null = null;

  constructor() {
    makeAutoObservable<AvailabilityStore, 'inflight' | 'rerun'>(this, { inflight: false, rerun: false });
  }

  get isEmpty(): boolean {
    return this.status === 'ready' && this.items.length === 0;
  }

  /** The server sorts by category then name; keep that order, one group per category. */
  get groups(): CategoryGroup[] {
    const groups: CategoryGroup[] = [];
    for (const item of this.items) {
      const last = groups[groups.length - 1];
      if (last && last.category === item.category) last.items.push(item);
      else groups.push({ category: item.category, items: [item] });
    }
    return groups;
  }

  /**
   * The next cutoff among these SKUs (or all of them): when what is ordered now closes
   * into a wave. `mixed` when suppliers close at different times.
   */
  nextCutoff(skuIds?: string[]): { at: number; mixed: boolean } | null {
    const items = skuIds ? this.items.filter((i) => skuIds.includes(i.skuId)) : this.items;
    if (items.length === 0) return null;
    const times = new Set(items.map((i) => i.cutoffAt));
    return { at: Math.min(...times), mixed: times.size > 1 };
  }

  item(skuId: string): AvailabilityItem | undefined {
    return this.items.find((i) => i.skuId === skuId);
  }

  tick(): void {
    this.now = now();
  }

  private inflight: Promise<void> | null = null;
  private rerun = false;

  /**
   * Fetch the list. A call made while one is in flight waits for a fresh answer too
   * (an order placed meanwhile must show), so the loop runs once more.
   */
  async refresh(): Promise<void> {
    if (this.inflight) {
      this.rerun = true;
      return this.inflight;
    }
    const loop = async (): Promise<void> => {
      do {
        this.setRerun(false);
        await this.fetchOnce();
      } while (this.rerun);
    };
    this.inflight = loop();
    try {
      await this.inflight;
    } finally {
      this.inflight = null;
    }
  }

  private setRerun(value: boolean): void {
    this.rerun = value;
  }

  private async fetchOnce(): Promise<void> {
    if (this.items.length > 0) this.refreshing = true;
    else this.status = 'loading';
    const result = await callFunction<AvailabilityItem[]>('leader', 'availability');
    runInAction(() => {
      this.refreshing = false;
      this.now = now();
      if (!result.ok) {
        this.error = result.error.message;
        // Stale numbers stay visible (marked by the error); with none, the page shows the error.
        this.status = this.items.length > 0 ? 'ready' : 'error';
        return;
      }
      this.error = null;
      this.items = result.data;
      this.loadedAt = this.now;
      this.status = 'ready';
    });
  }
}
