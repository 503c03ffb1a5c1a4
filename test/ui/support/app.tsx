// The app as a user meets it, in jsdom: the real pages, stores and services, with a
// small stand-in for Taro's page stack so sign-in and "去下单" really change the page.
import { type ComponentType, useSyncExternalStore } from 'react';
import { render } from '@testing-library/react';
import LeaderAvailabilityPage from '@/pages/leader/availability/index';
import LeaderOrderPage from '@/pages/leader/order/index';
import LoginPage from '@/pages/login/index';
import SupplierReportPage from '@/pages/supplier/report/index';
import { type Navigator, PAGES, type PagePath, setNavigator } from '@/services/nav';
import { resetStores } from '@/stores';
import { clearToken } from '@/services/token';

const SCREENS: Record<PagePath, ComponentType> = {
  [PAGES.login]: LoginPage,
  [PAGES.report]: SupplierReportPage,
  [PAGES.availability]: LeaderAvailabilityPage,
  [PAGES.order]: LeaderOrderPage,
};

export class TestRouter implements Navigator {
  stack: PagePath[];
  /** Bumps on every change so a page opened again mounts afresh, as in Taro. */
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(start: PagePath) {
    this.stack = [start];
  }

  get current(): PagePath {
    return this.stack[this.stack.length - 1]!;
  }

  relaunch(path: PagePath): void {
    this.stack = [path];
    this.emit();
  }

  open(path: PagePath): void {
    this.stack = [...this.stack, path];
    this.emit();
  }

  backTo(path: PagePath): void {
    if (this.stack[this.stack.length - 2] === path) this.stack = this.stack.slice(0, -1);
    else this.stack = [...this.stack.slice(0, -1), path];
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
export async function openApp(start: PagePath, options: { as?: string } = {}) {
  clearToken();
  const stores = resetStores();
  if (options.as && !(await stores.session.signIn(options.as))) {
    throw new Error(`sign-in as ${options.as} failed: ${stores.session.signInError ?? ''}`);
  }
  const router = new TestRouter(start);
  setNavigator(router);
  const view = render(<Host router={router} />);
  return { router, stores, ...view };
}
