import Taro from '@tarojs/taro';

export const PAGES = {
  login: '/pages/login/index',
  report: '/pages/supplier/report/index',
  availability: '/pages/leader/availability/index',
  order: '/pages/leader/order/index',
  // Operator subpackage (loaded only when an operator opens it).
  operatorHome: '/pages/operator/home/index',
  suppliers: '/pages/operator/suppliers/index',
  supplierEdit: '/pages/operator/supplier-edit/index',
  skus: '/pages/operator/skus/index',
  skuEdit: '/pages/operator/sku-edit/index',
  reportFor: '/pages/operator/report-for/index',
  importStock: '/pages/operator/import/index',
  held: '/pages/operator/held/index',
  settings: '/pages/operator/settings/index',
  // Shared by operator and supplier, its own small subpackage.
  skuHistory: '/pages/stock/history/index',
} as const;

export type PagePath = (typeof PAGES)[keyof typeof PAGES];

/** Query parameters of a page, e.g. `{ skuId: 'HZ2001' }`. */
export type PageParams = Record<string, string>;

/** Page changes, injectable so the jsdom tests can swap the rendered page the same way. */
export interface Navigator {
  /** Replace the whole stack (sign-in, sign-out). */
  relaunch(path: PagePath): void;
  /** Push a page (availability → order, list → edit form). */
  open(path: PagePath, params?: PageParams): void;
  /** Go back to `path`: pop when it is the page below, otherwise replace. */
  backTo(path: PagePath): void;
  /** The current page's query parameters. */
  params(): PageParams;
}

const ignore = (): void => undefined;

export function urlOf(path: PagePath, params: PageParams = {}): string {
  const query = Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return query ? `${path}?${query}` : path;
}

/** WeChat hands query values over still encoded, H5 decoded: decode once, tolerating either. */
function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export const taroNavigator: Navigator = {
  relaunch(path) {
    Taro.reLaunch({ url: path }).catch(ignore);
  },
  open(path, params) {
    const url = urlOf(path, params);
    Taro.navigateTo({ url }).catch(() => Taro.redirectTo({ url }).catch(ignore));
  },
  backTo(path) {
    const pages = Taro.getCurrentPages();
    const below = pages.length > 1 ? pages[pages.length - 2] : undefined;
    if (below && `/${String(below.route ?? '').replace(/^\//, '')}`.startsWith(path)) {
      Taro.navigateBack().catch(ignore);
    } else {
      Taro.redirectTo({ url: path }).catch(ignore);
    }
  },
  params() {
    const raw = Taro.getCurrentInstance().router?.params ?? {};
    const out: PageParams = {};
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' && k !== '$taroTimestamp') out[k] = decoded(v);
    return out;
  },
};

let current: Navigator = taroNavigator;

export function setNavigator(next: Navigator | null): void {
  current = next ?? taroNavigator;
}

export const nav: Navigator = {
  relaunch: (path) => current.relaunch(path),
  open: (path, params) => current.open(path, params),
  backTo: (path) => current.backTo(path),
  params: () => current.params(),
};
