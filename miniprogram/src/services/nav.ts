import Taro from '@tarojs/taro';

export const PAGES = {
  login: '/pages/login/index',
  report: '/pages/supplier/report/index',
  availability: '/pages/leader/availability/index',
  order: '/pages/leader/order/index',
} as const;

export type PagePath = (typeof PAGES)[keyof typeof PAGES];

/** Page changes, injectable so the jsdom tests can swap the rendered page the same way. */
export interface Navigator {
  /** Replace the whole stack (sign-in, sign-out). */
  relaunch(path: PagePath): void;
  /** Push a page (availability → order). */
  open(path: PagePath): void;
  /** Go back to `path`: pop when it is the page below, otherwise replace. */
  backTo(path: PagePath): void;
}

const ignore = (): void => undefined;

export const taroNavigator: Navigator = {
  relaunch(path) {
    Taro.reLaunch({ url: path }).catch(ignore);
  },
  open(path) {
    Taro.navigateTo({ url: path }).catch(() => Taro.redirectTo({ url: path }).catch(ignore));
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
};

let current: Navigator = taroNavigator;

export function setNavigator(next: Navigator | null): void {
  current = next ?? taroNavigator;
}

export const nav: Navigator = {
  relaunch: (path) => current.relaunch(path),
  open: (path) => current.open(path),
  backTo: (path) => current.backTo(path),
};
