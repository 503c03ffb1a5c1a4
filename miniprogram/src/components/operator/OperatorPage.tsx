import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { BackBar } from '../BackBar';
import { RequireRole } from '../RequireRole';
import { UserBar } from '../UserBar';
import { PAGES, type PagePath } from '../../services/nav';

interface OperatorPageProps {
  children: ReactNode;
  /** Where "‹" goes; the 工作台 itself shows who is signed in instead. */
  back?: { to: PagePath; label: string } | null;
}

/** Every operator page: operators only, a way back, and the page's padding. */
export function OperatorPage({ children, back = { to: PAGES.operatorHome, label: '工作台' } }: OperatorPageProps) {
  return (
    <RequireRole roles={['operator']}>
      {back ? <BackBar to={back.to} label={back.label} /> : <UserBar />}
      <View className="hz-op">{children}</View>
    </RequireRole>
  );
}
