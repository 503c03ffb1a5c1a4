import { useState } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { WaveDetail } from '../../../components/wave/WaveDetail';
import { nav, PAGES } from '../../../services/nav';
import { useOperatorWaves } from '../../../stores/operator';
import { type WaveActions, WaveDetailStore } from '../../../stores/waves';
import '../../../components/wave/wave.scss';
import '../operator.scss';

/** The operator confirms through its own action: the wave records it was done on the supplier's behalf. */
const OPERATOR: WaveActions = { fn: 'operator', confirm: 'confirmWaveFor' };

function OperatorWaveBody() {
  const waves = useOperatorWaves();
  const [store] = useState(() => {
    const waveId = nav.params().waveId ?? '';
    return waveId ? new WaveDetailStore(OPERATOR, waveId, () => void waves.load()) : null;
  });
  if (!store) return <EmptyState title="没有指定波次" description="请从波次列表打开" />;
  return <WaveDetail store={store} onBehalf />;
}

export default function OperatorWavePage() {
  return (
    <OperatorPage back={{ to: PAGES.operatorWaves, label: '波次' }}>
      <OperatorWaveBody />
    </OperatorPage>
  );
}
