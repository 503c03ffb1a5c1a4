// The leader's storefront listings (issue 18): each link with its number to show now, the
// number to type for 快团团 and others, 已改, and linking a new one.
import { makeAutoObservable, runInAction } from 'mobx';
import Taro from '@tarojs/taro';
import { type Result, callFunction } from '../services/api';
import type { AvailabilityItem, ListingView, ListingsView } from '../services/types';
import { lazyStore } from './index';
import { type LoadStatus, loadInto } from './loadable';

export type StorefrontChoice = 'wechat_shop' | 'ktt' | 'qunjielong' | 'other';
export type ShareChoice = 'equal' | 'ratio' | 'fixed';

export const STOREFRONT_CHOICES: Array<[StorefrontChoice, string]> = [['ktt', '快团团'], ['qunjielong', '群接龙'], ['wechat_shop', '微信小店'], ['other', '其他店铺']];
export const SHARE_CHOICES: Array<[ShareChoice, string]> = [['equal', '平均分配'], ['ratio', '按比例'], ['fixed', '固定件数']];

/** Matching SKUs shown for the leader to choose from. */
const MATCHES_SHOWN = 8;

export class ListingsStore {
  view: ListingsView | null = null;
  status: LoadStatus = 'idle';
  error: string | null = null;
  /** The listing an answer is awaited for. */
  busy: string | null = null;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;
  /** The link form: open, its choices as typed, and the server's issues by field. */
  adding = false;
  skus: AvailabilityItem[] = [];
  query = '';
  skuId: string | null = null;
  storefront: StorefrontChoice = 'ktt';
  shareKind: ShareChoice = 'equal';
  percent = '';
  units = '';
  productId = '';
  storefrontSkuId = '';
  title = '';
  issues: Record<string, string> = {};

  constructor() {
    makeAutoObservable(this);
  }

  get listings(): ListingView[] {
    return this.view?.listings ?? [];
  }

  get matches(): AvailabilityItem[] {
    const q = this.query.trim().toLowerCase();
    if (!q) return [];
    return this.skus.filter((s) => `${s.name} ${s.spec} ${s.skuId}`.toLowerCase().includes(q)).slice(0, MATCHES_SHOWN);
  }

  get chosen(): AvailabilityItem | undefined {
    return this.skus.find((s) => s.skuId === this.skuId);
  }

  load(): Promise<void> {
    return loadInto(this, () => callFunction<ListingsView>('leader', 'listings', {}), (data) => {
      this.view = data;
    });
  }

  async openForm(): Promise<void> {
    this.adding = true;
    this.issues = {};
    if (this.skus.length > 0) return;
    const res = await callFunction<AvailabilityItem[]>('leader', 'availability', {});
    runInAction(() => {
      if (res.ok) this.skus = res.data;
      else this.notice = { text: res.error.message, kind: 'fail' };
    });
  }

  closeForm(): void {
    this.adding = false;
    this.query = '';
    this.skuId = null;
    this.issues = {};
  }

  set<K extends 'query' | 'percent' | 'units' | 'productId' | 'storefrontSkuId' | 'title'>(key: K, value: string): void {
    this[key] = value;
    delete this.issues[key === 'percent' ? 'ratio' : key];
  }

  choose(skuId: string): void {
    this.skuId = skuId;
    this.query = '';
    delete this.issues.skuId;
  }

  setStorefront(kind: StorefrontChoice): void {
    this.storefront = kind;
  }

  setShareKind(kind: ShareChoice): void {
    this.shareKind = kind;
  }

  /** 关联: what the form says, checked by the server, which names any wrong field. */
  async link(): Promise<boolean> {
    if (!this.skuId) {
      this.issues = { skuId: '请先选择商品' };
      return false;
    }
    const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));
    const percent = num(this.percent);
    const payload = {
      skuId: this.skuId, storefront: this.storefront, shareKind: this.shareKind,
      ...(this.shareKind === 'ratio' && percent !== undefined ? { ratio: percent / 100 } : {}),
      ...(this.shareKind === 'fixed' && num(this.units) !== undefined ? { units: num(this.units) } : {}),
      // The ids' inputs show for 微信小店 only: what was typed there before switching kind is not sent.
      ...(this.storefront === 'wechat_shop' && this.productId.trim() ? { productId: this.productId.trim() } : {}),
      ...(this.storefront === 'wechat_shop' && this.storefrontSkuId.trim() ? { storefrontSkuId: this.storefrontSkuId.trim() } : {}),
      ...(this.title.trim() ? { title: this.title.trim() } : {}),
    };
    const res = await callFunction<ListingsView>('leader', 'linkListing', payload);
    return runInAction(() => {
      if (!res.ok) {
        this.issues = Object.fromEntries((res.error.issues ?? []).map((i) => [i.path, i.message]));
        if (!res.error.issues?.length) this.notice = { text: res.error.message, kind: 'fail' };
        return false;
      }
      this.view = res.data;
      this.notice = { text: '已关联', kind: 'success' };
      this.closeForm();
      this.percent = '';
      this.units = '';
      this.productId = '';
      this.storefrontSkuId = '';
      this.title = '';
      return true;
    });
  }

  private async act(listingId: string, call: () => Promise<Result<ListingsView>>, done: string): Promise<void> {
    this.busy = listingId;
    const res = await call();
    runInAction(() => {
      this.busy = null;
      if (res.ok) {
        this.view = res.data;
        this.notice = { text: done, kind: 'success' };
      } else {
        this.notice = { text: res.error.issues?.[0]?.message ?? res.error.message, kind: 'fail' };
      }
    });
  }

  /** 已改: the leader typed this number into the storefront. */
  markTyped(listing: ListingView): Promise<void> {
    return this.act(listing.id, () => callFunction<ListingsView>('leader', 'markTyped', { listingId: listing.id, typedCount: listing.count }), `已记录：${listing.storefrontName}库存改为 ${listing.count}`);
  }

  unlink(listing: ListingView): Promise<void> {
    return this.act(listing.id, () => callFunction<ListingsView>('leader', 'unlinkListing', { listingId: listing.id }), '已取消关联');
  }

  /** 复制: the number, ready to paste into the storefront's stock box. */
  async copy(listing: ListingView): Promise<void> {
    let copied = true;
    try {
      await Taro.setClipboardData({ data: String(listing.count) });
    } catch {
      copied = false;
    }
    runInAction(() => {
      this.notice = copied ? { text: `已复制 ${listing.count}`, kind: 'success' } : { text: '复制失败，请手动输入', kind: 'fail' };
    });
  }

  clearNotice(): void {
    this.notice = null;
  }
}

export const useListings = lazyStore(() => new ListingsStore());
