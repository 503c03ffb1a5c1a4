import { type ReactNode, useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { useSuppliers } from '../../stores/operator';
import { EmptyState } from '../EmptyState';
import { LoadError } from '../LoadError';
import { LoadingLine } from '../Loading';

/** Entering counts starts with picking a supplier: until there is one to pick, this stands in for the page. */
export const WithSuppliers = observer(function WithSuppliers({ children }: { children: ReactNode }) {
  const suppliers = useSuppliers();
  useEffect(() => {
    void suppliers.ensureLoaded();
  }, [suppliers]);

  if (suppliers.status === 'idle' || suppliers.status === 'loading') return <LoadingLine text="正在加载供应商…" />;
  if (suppliers.status === 'error') return <LoadError title="供应商加载失败" message={suppliers.error} onRetry={() => void suppliers.load()} />;
  if (suppliers.list.length === 0) return <EmptyState title="还没有供应商" description="先在「供应商」里新建供应商" />;
  return <>{children}</>;
});
