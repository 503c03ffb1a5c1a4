import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { BackBar } from '../../../components/BackBar';
import { RequireRole } from '../../../components/RequireRole';
import { ScorecardTrend } from '../../../components/scorecard/ScorecardTrend';
import { PAGES } from '../../../services/nav';
import { ScorecardTrendStore } from '../../../stores/scorecards';
import '../../../components/scorecard/scorecard.scss';

/** The supplier's own card (the server answers for the caller's supplier only). */
function OwnScorecard() {
  const [store] = useState(() => new ScorecardTrendStore('supplier'));
  useEffect(() => {
    void store.load();
  }, [store]);
  usePullDownRefresh(() => {
    void store.load().finally(() => Taro.stopPullDownRefresh());
  });
  return <ScorecardTrend store={store} title={(latest) => `${latest?.supplierName ?? ''} · 我的考核`} />;
}

export default function SupplierScorecardPage() {
  return (
    <RequireRole roles={['supplier']}>
      <BackBar to={PAGES.report} label="库存报送" />
      <OwnScorecard />
    </RequireRole>
  );
}
