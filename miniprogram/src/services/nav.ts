import Taro from '@tarojs/taro';
import type { AlertKind, Role } from './types';

export const PAGES = {
  login: '/pages/login/index',
  report: '/pages/supplier/report/index',
  availability: '/pages/leader/availability/index',
  order: '/pages/leader/order/index',
  // Every person's alerts (main package: the user bar's badge leads here from any page).
  inbox: '/pages/inbox/index',
  // The leader's follow-up pages (subpackage).
  myOrders: '/pages/orders/mine/index',
  leaderTasks: '/pages/orders/tasks/index',
  // The leader's storefront listings and the number each should show (its own subpackage).
  leaderListings: '/pages/leader/listings/index',
  // The supplier's waves and pick lists (subpackage).
  waves: '/pages/wave/list/index',
  wave: '/pages/wave/detail/index',
  // The supplier's stocktakes: the list, or one to count and confirm with ?id= (its own subpackage).
  supplierStocktake: '/pages/supplier/stocktake/index',
  // The supplier's own scorecard and its trend (its own subpackage).
  supplierScorecard: '/pages/supplier/scorecard/index',
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
  operatorWaves: '/pages/operator/waves/index',
  operatorWave: '/pages/operator/wave/index',
  operatorTasks: '/pages/operator/tasks/index',
  people: '/pages/operator/people/index',
  personEdit: '/pages/operator/person-edit/index',
  // Every supplier's stocktakes, or one to approve with ?id=.
  operatorStocktake: '/pages/operator/stocktake/index',
  // Every supplier ranked for a period (供应商考核), or one supplier's trend with ?supplierId=.
  operatorScorecards: '/pages/operator/scorecards/index',
  // Each supplier's buffer suggested from its confirmed waves (缓冲建议), applied with one confirmation.
  operatorBuffers: '/pages/operator/buffers/index',
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

/**
 * Alerts carry the page where they are acted on as the server names it
 * (`/pages/history/index?skuId=…`); these are the pages that really exist. The one place
 * a link becomes a page: anything unknown answers null (the inbox then just marks it read).
 */
const LINK_PAGES: Record<string, { path: PagePath; withParams?: PagePath }> = {
  '/pages/history/index': { path: PAGES.skuHistory },
  '/pages/supplier/report/index': { path: PAGES.report },
  '/pages/supplier/wave/index': { path: PAGES.waves, withParams: PAGES.wave },
  '/pages/supplier/waves/index': { path: PAGES.waves, withParams: PAGES.wave },
  '/pages/operator/waves/index': { path: PAGES.operatorWaves, withParams: PAGES.operatorWave },
  '/pages/leader/tasks/index': { path: PAGES.leaderTasks },
  '/pages/leader/orders/index': { path: PAGES.myOrders },
  '/pages/leader/order/index': { path: PAGES.order },
};

const KNOWN_PATHS = new Set<string>(Object.values(PAGES));

export function pageOfLink(link: string): { path: PagePath; params: PageParams } | null {
  const [rawPath = '', query = ''] = link.trim().split('?');
  const path = `/${rawPath.replace(/^\/+/, '')}`;
  const params: PageParams = {};
  for (const pair of query.split('&').filter(Boolean)) {
    const [k = '', v = ''] = pair.split('=');
    if (k) params[decoded(k)] = decoded(v);
  }
  const mapped = LINK_PAGES[path];
  if (mapped) {
    const target = mapped.withParams && Object.keys(params).length > 0 ? mapped.withParams : mapped.path;
    return { path: target, params };
  }
  return KNOWN_PATHS.has(path) ? { path: path as PagePath, params } : null;
}

/**
 * Where an alert is acted on by this person. The server gives one link per event; an
 * operator hears of the supplier's report events too, and acts on them in the operator's
 * pages (the supplier's report page is the supplier's alone).
 */
const OPERATOR_PAGES: Partial<Record<AlertKind, PagePath>> = {
  jumpHeld: PAGES.held,
  reportMissed: PAGES.reportFor,
  reportDue: PAGES.reportFor,
  countOverAge: PAGES.reportFor,
  recountDue: PAGES.reportFor,
};

export function pageOfAlert(alert: { kind: AlertKind; link: string }, role: Role | undefined): { path: PagePath; params: PageParams } | null {
  const forOperator = role === 'operator' ? OPERATOR_PAGES[alert.kind] : undefined;
  return forOperator ? { path: forOperator, params: {} } : pageOfLink(alert.link);
}
