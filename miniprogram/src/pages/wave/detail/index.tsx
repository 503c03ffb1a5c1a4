import { useState } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { BackBar } from '../../../components/BackBar';
import { RequireRole } from '../../../components/RequireRole';
import { WaveDetail } from '../../../components/wave/WaveDetail';
import { nav, PAGES } from '../../../services/nav';
import { type WaveActions, WaveDetailStore, useSupplierWaves } from '../../../stores/waves';
import '../../../components/wave/wave.scss';

const SUPPLIER: WaveActions = { fn: 'supplier', confirm: 'confirmWave', ship: 'shipWave', exportXlsx: 'exportWave' };

function SupplierWaveBody() {
  const waves = useSupplierWaves();
  // One store per opened wave; the list hears about a confirmation when the page is left.
  const [store] = useState(() => {
    const waveId = nav.params().waveId ?? '';
    return waveId ? new WaveDetailStore(SUPPLIER, waveId, () => void waves.load()) : null;
  });
  if (!store) return <EmptyState title="没有指定波次" description="请从波次列表打开" />;
  return <WaveDetail store={store} />;
}

export default function SupplierWavePage() {
  return (
    <RequireRole roles={['supplier']}>
      <BackBar to={PAGES.waves} label="波次" />
      <SupplierWaveBody />
    </RequireRole>
  );
}
