import { AvailabilityStore } from './availability';
import { CartStore } from './cart';
import { ReportStore } from './report';
import { SessionStore } from './session';

export interface RootStore {
  session: SessionStore;
  report: ReportStore;
  availability: AvailabilityStore;
  cart: CartStore;
}

export function createStores(): RootStore {
  const root = {} as RootStore;
  // A different person must not inherit the last one's cart, counts or list.
  const freshWork = (): void => {
    root.availability = new AvailabilityStore();
    root.report = new ReportStore();
    root.cart = new CartStore(root.availability);
  };
  freshWork();
  root.session = new SessionStore(freshWork);
  return root;
}

// One set per app run: every page shares it (the cart crosses pages).
let stores: RootStore = createStores();

export const useStores = (): RootStore => stores;

/** A fresh app state, for tests. */
export function resetStores(): RootStore {
  stores.session.dispose();
  stores = createStores();
  return stores;
}
