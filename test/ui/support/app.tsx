// The app as a user meets it, in jsdom: the real pages, stores and services, with a
// small stand-in for Taro's page stack so sign-in and "去下单" really change the page.
import { type ComponentType, useSyncExternalStore } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import InboxPage from '@/pages/inbox/index';
import LeaderAvailabilityPage from '@/pages/leader/availability/index';
import LeaderOrderPage from '@/pages/leader/order/index';
import LoginPage from '@/pages/login/index';
import HeldPage from '@/pages/operator/held/index';
import OperatorHomePage from '@/pages/operator/home/index';
import ImportPage from '@/pages/operator/import/index';
import ReportForPage from '@/pages/operator/report-for/index';
import OperatorTasksPage from '@/pages/operator/tasks/index';
import OperatorWavePage from '@/pages/operator/wave/index';
import OperatorWavesPage from '@/pages/operator/waves/index';
import PeoplePage from '@/pages/operator/people/index';
import PersonEditPage from '@/pages/operator/person-edit/index';
import MyOrdersPage from '@/pages/orders/mine/index';
import LeaderTasksPage from '@/pages/orders/tasks/index';
import LeaderListingsPage from '@/pages/leader/listings/index';
import SupplierWavePage from '@/pages/wave/detail/index';
import SupplierWavesPage from '@/pages/wave/list/index';
import SettingsPage from '@/pages/operator/settings/index';
import SkuEditPage from '@/pages/operator/sku-edit/index';
import SkusPage from '@/pages/operator/skus/index';
import SupplierEditPage from '@/pages/operator/supplier-edit/index';
import SuppliersPage from '@/pages/operator/suppliers/index';
import SkuHistoryPage from '@/pages/stock/history/index';
import SupplierReportPage from '@/pages/supplier/report/index';
import SupplierStocktakePage from '@/pages/supplier/stocktake/index';
import OperatorStocktakePage from '@/pages/operator/stocktake/index';
import OperatorScorecardsPage from '@/pages/operator/scorecards/index';
import OperatorBuffersPage from '@/pages/operator/buffers/index';
import SupplierScorecardPage from '@/pages/supplier/scorecard/index';
import { type Navigator, PAGES, type PageParams, type PagePath, setNavigator } from '@/services/nav';
import { resetStores } from '@/stores';
import { clearToken } from '@/services/token';

const SCREENS: Record<PagePath, ComponentType> = {
  [PAGES.login]: LoginPage,
  [PAGES.report]: SupplierReportPage,
  [PAGES.availability]: LeaderAvailabilityPage,
  [PAGES.order]: LeaderOrderPage,
  [PAGES.operatorHome]: OperatorHomePage,
  [PAGES.suppliers]: SuppliersPage,
  [PAGES.supplierEdit]: SupplierEditPage,
  [PAGES.skus]: SkusPage,
  [PAGES.skuEdit]: SkuEditPage,
  [PAGES.reportFor]: ReportForPage,
  [PAGES.importStock]: ImportPage,
  [PAGES.held]: HeldPage,
  [PAGES.settings]: SettingsPage,
  [PAGES.skuHistory]: SkuHistoryPage,
  [PAGES.inbox]: InboxPage,
  [PAGES.myOrders]: MyOrdersPage,
  [PAGES.leaderTasks]: LeaderTasksPage,
  [PAGES.leaderListings]: LeaderListingsPage,
  [PAGES.waves]: SupplierWavesPage,
  [PAGES.wave]: SupplierWavePage,
  [PAGES.operatorWaves]: OperatorWavesPage,
  [PAGES.operatorWave]: OperatorWavePage,
  [PAGES.operatorTasks]: OperatorTasksPage,
  [PAGES.people]: PeoplePage,
  [PAGES.personEdit]: PersonEditPage,
  [PAGES.supplierStocktake]: SupplierStocktakePage,
  [PAGES.operatorStocktake]: OperatorStocktakePage,
  [PAGES.operatorScorecards]: OperatorScorecardsPage,
  [PAGES.operatorBuffers]: OperatorBuffersPage,
  [PAGES.supplierScorecard]: SupplierScorecardPage,
};

interface Entry {
  path: PagePath;
  params: PageParams;
}

export class TestRouter implements Navigator {
  stack: Entry[];
  /** Bumps on every change so a page opened again mounts afresh, as in Taro. */
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(start: PagePath, params: PageParams = {}) {
    this.stack = [{ path: start, params }];
  }

  get current(): PagePath {
    return this.stack[this.stack.length - 1]!.path;
  }

  params(): PageParams {
    return { ...this.stack[this.stack.length - 1]!.params };
  }

  relaunch(path: PagePath): void {
    this.stack = [{ path, params: {} }];
    this.emit();
  }

  open(path: PagePath, params: PageParams = {}): void {
    this.stack = [...this.stack, { path, params }];
    this.emit();
  }

  backTo(path: PagePath): void {
    if (this.stack[this.stack.length - 2]?.path === path) this.stack = this.stack.slice(0, -1);
    else this.stack = [...this.stack.slice(0, -1), { path, params: {} }];
    this.emit();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): string => `${this.version}:${this.current}`;

  private emit(): void {
    this.version += 1;
    this.listeners.forEach((l) => l());
  }
}

function Host({ router }: { router: TestRouter }) {
  const key = useSyncExternalStore(router.subscribe, router.snapshot);
  const Screen = SCREENS[router.current];
  return <Screen key={key} />;
}

/** A fresh app (empty cart) opened at `start`, signed in first when `as` names an invite code. */
export async function openApp(start: PagePath, options: { as?: string; params?: PageParams } = {}) {
  clearToken();
  const stores = resetStores();
  if (options.as && !(await stores.session.signIn(options.as))) {
    throw new Error(`sign-in as ${options.as} failed: ${stores.session.signInError ?? ''}`);
  }
  const router = new TestRouter(start, options.params);
  setNavigator(router);
  const view = render(<Host router={router} />);
  return { router, stores, ...view };
}

/** Type into the field a label names, as a person would. */
export const fill = (label: string, text: string): void => {
  fireEvent.input(screen.getByLabelText(label), { target: { value: text } });
};
