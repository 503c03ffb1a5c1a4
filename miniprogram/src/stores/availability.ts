import { makeAutoObservable, runInAction } from 'mobx';
import { type Result, callFunction } from '../services/api';
import { now } from '../services/clock';
import type { AvailabilityItem } from '../services/types';
import type { LoadStatus } from './loadable';

export interface CategoryGroup {
  category: string;
  items: AvailabilityItem[];
}

/** Items per call: a catalogue of thousands arrives in several answers, each small. */
export const AVAILABILITY_PAGE = 300;
/** Cards on screen at first, and added per "显示更多" or scroll to the bottom: a phone renders a few dozen at a time well. */
export const CARDS_PER_SCREEN = 60;

/** How many cards of sold-out SKUs unfold at a time. */
const SOLD_OUT_PER_SCREEN = 60;

/**
 * Whether an item's name, spec or code contains every word typed (all items when nothing is):
 * the list's search box and the 接龙 picker's "选其他商品" find the same SKUs.
 */
export function matchesQuery(item: Pick<AvailabilityItem, 'name' | 'spec' | 'skuId'>, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${item.name} ${item.spec} ${item.skuId}`.toLowerCase();
  return words.every((w) => text.includes(w));
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
  /** How many of the items on sale are rendered; the rest come on "显示更多" or at the bottom of the page. */
  shownCount = CARDS_PER_SCREEN;
  /** The search box, as typed. */
  query = '';
  /** The category jumped to; null: all of them. */
  category: string | null = null;
  /** Sold-out SKUs are folded at the end until asked for. */
  soldOutShown = 0;

  constructor() {
    makeAutoObservable<AvailabilityStore, 'inflight' | 'rerun'>(this, { inflight: false, rerun: false });
  }

  get isEmpty(): boolean {
    return this.status === 'ready' && this.items.length === 0;
  }

  /** Every category, in the server's order (by category, then name), with how many SKUs it has. */
  get categories(): Array<{ category: string; count: number }> {
    return groupsOf(this.items).map((g) => ({ category: g.category, count: g.items.length }));
  }

  /** The items the search box and the category jump leave. */
  get matching(): AvailabilityItem[] {
    return this.items.filter((i) => (this.category === null || i.category === this.category) && matchesQuery(i, this.query));
  }

  /** What can be ordered now, grouped by category in the server's order. */
  get onSale(): AvailabilityItem[] {
    return this.matching.filter((i) => i.sellable > 0);
  }

  /** Nothing to sell (sold out, or never counted): last, folded. */
  get soldOut(): AvailabilityItem[] {
    return this.matching.filter((i) => i.sellable === 0);
  }

  /** The groups of the items on sale rendered now. */
  get shownGroups(): CategoryGroup[] {
    return groupsOf(this.onSale.slice(0, this.shownCount));
  }

  /** The sold-out items unfolded now. */
  get shownSoldOut(): AvailabilityItem[] {
    return this.soldOut.slice(0, this.soldOutShown);
  }

  get hiddenCount(): number {
    return Math.max(0, this.onSale.length - this.shownCount);
  }

  showMore(): void {
    if (this.hiddenCount > 0) this.shownCount += CARDS_PER_SCREEN;
    else if (this.soldOutShown > 0 && this.soldOutShown < this.soldOut.length) this.soldOutShown += SOLD_OUT_PER_SCREEN;
  }

  setQuery(text: string): void {
    this.query = text;
    this.shownCount = CARDS_PER_SCREEN;
  }

  /** Jump to one category (tapping it again, or 全部, shows all). */
  jumpTo(category: string | null): void {
    this.category = this.category === category ? null : category;
    this.shownCount = CARDS_PER_SCREEN;
  }

  toggleSoldOut(): void {
    this.soldOutShown = this.soldOutShown > 0 ? 0 : SOLD_OUT_PER_SCREEN;
  }

  item(skuId: string): AvailabilityItem | undefined {
    return this.items.find((i) => i.skuId === skuId);
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
    const result = await fetchAll();
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

function groupsOf(items: AvailabilityItem[]): CategoryGroup[] {
  const groups: CategoryGroup[] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last.category === item.category) last.items.push(item);
    else groups.push({ category: item.category, items: [item] });
  }
  return groups;
}

/** Every page, in order; a SKU that moved between pages meanwhile is kept once. */
async function fetchAll(): Promise<Result<AvailabilityItem[]>> {
  const items = new Map<string, AvailabilityItem>();
  for (let offset = 0; ; offset += AVAILABILITY_PAGE) {
    const page = await callFunction<AvailabilityItem[]>('leader', 'availability', { offset, limit: AVAILABILITY_PAGE });
    if (!page.ok) return page;
    for (const item of page.data) if (!items.has(item.skuId)) items.set(item.skuId, item);
    if (page.data.length < AVAILABILITY_PAGE) return { ok: true, data: [...items.values()] };
  }
}
