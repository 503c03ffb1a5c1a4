import { AvailabilityStore } from './availability';
import { CartStore } from './cart';
import { InboxStore } from './inbox';
import { JielongStore } from './jielong';
import { ReportStore } from './report';
import { SessionStore } from './session';

export interface RootStore {
  session: SessionStore;
  report: ReportStore;
  availability: AvailabilityStore;
  cart: CartStore;
  jielong: JielongStore;
  inbox: InboxStore;
}

/** Stores created on first use: subpackage pages define them, so their code stays out of the main package. */
const lazyResets = new Set<() => void>();

export function createStores(): RootStore {
  const root = {} as RootStore;
  // A different person must not inherit the last one's cart, counts, list or forms.
  const freshWork = (): void => {
    root.availability = new AvailabilityStore();
    root.report = new ReportStore();
    root.cart = new CartStore(root.availability);
    root.jielong = new JielongStore(root.availability, root.cart);
    root.inbox = new InboxStore();
    lazyResets.forEach((reset) => reset());
  };
  freshWork();
  root.session = new SessionStore(freshWork);
  return root;
}

// One set per app run: every page shares it (the cart crosses pages).
let stores: RootStore = createStores();

export const useStores = (): RootStore => stores;

/**
 * A store for one area that only some pages use (the operator's, a SKU's history): made on
 * first use, shared by those pages, dropped when the person changes.
 */
export function lazyStore<T>(create: () => T): () => T {
  let instance: T | null = null;
  lazyResets.add(() => {
    instance = null;
  });
  return () => {
    instance ??= create();
    return instance;
  };
}

/** A fresh app state, for tests. */
export function resetStores(): RootStore {
  stores.session.dispose();
  stores = createStores();
  return stores;
}
