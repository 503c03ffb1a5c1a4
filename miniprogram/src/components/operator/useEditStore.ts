import { useEffect, useState } from 'react';

/**
 * An edit page's store, one per opened form (leaving and coming back starts from what is
 * saved): for a new item at once, for a saved one (`id`) once its list has loaded it.
 */
export function useEditStore<T, S>(id: string, existing: T | undefined, make: (existing: T | undefined) => S): [S | null, (store: S) => void] {
  const [edit, setEdit] = useState<S | null>(() => (id ? null : make(undefined)));
  useEffect(() => {
    if (id && existing && !edit) setEdit(make(existing));
    // Not on `make`: it is a new closure every render, and the store is made once.
  }, [id, existing, edit]);
  return [edit, setEdit];
}
