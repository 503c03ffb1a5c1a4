import { runInAction } from 'mobx';
import type { Result } from '../services/api';

/** Where a store's data stands: not asked for yet, on its way, on screen, or failed with nothing to show. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** A store that loads its data from the server and says how that went. */
export interface Loadable {
  status: LoadStatus;
  error: string | null;
}

/**
 * One load into a store. The first shows loading, then the data or the error; a reload keeps
 * what is on screen and only records why it failed. `apply` (on success) and `settled`
 * (either way) change the store in the same action as its status, so a page never sees them apart.
 */
export async function loadInto<T>(store: Loadable, fetch: () => Promise<Result<T>>, apply: (data: T) => void, settled?: () => void): Promise<void> {
  runInAction(() => {
    if (store.status !== 'ready') store.status = 'loading';
  });
  const result = await fetch();
  runInAction(() => {
    settled?.();
    if (!result.ok) {
      store.error = result.error.message;
      if (store.status !== 'ready') store.status = 'error';
      return;
    }
    store.error = null;
    apply(result.data);
    store.status = 'ready';
  });
}

/** Not loaded, or the last try failed: pickers load then, lists load every time to be current. */
export const needsLoad = (store: Loadable): boolean => store.status === 'idle' || store.status === 'error';
