import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Empty } from './nutui';

interface EmptyStateProps {
  title: string;
  description?: string;
  /** Buttons under the text. */
  children?: ReactNode;
  tone?: 'empty' | 'error';
}

/** NutUI Empty with a drawn mark: its default pictures load from a remote host. */
export function EmptyState({ title, description, children, tone = 'empty' }: EmptyStateProps) {
  return (
    <Empty
      className="hz-empty"
      imageSize={72}
      image={<View className={`hz-empty-mark hz-empty-mark--${tone}`}>{tone === 'error' ? '!' : '空'}</View>}
      title={title}
      description={description ?? ''}
    >
      {children ? <View className="hz-empty-actions">{children}</View> : null}
    </Empty>
  );
}
