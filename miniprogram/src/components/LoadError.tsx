import { EmptyState } from './EmptyState';
import { Button } from './nutui';

interface LoadErrorProps {
  title: string;
  /** What the server or the network said. */
  message: string | null;
  /** Offers 重试 (left out where trying again cannot help). */
  onRetry?: () => void;
}

/** A page's data failed to load and there is nothing to show instead. */
export function LoadError({ title, message, onRetry }: LoadErrorProps) {
  return (
    <EmptyState tone="error" title={title} description={message ?? ''}>
      {onRetry && (
        <Button type="primary" onClick={() => onRetry()}>
          重试
        </Button>
      )}
    </EmptyState>
  );
}
