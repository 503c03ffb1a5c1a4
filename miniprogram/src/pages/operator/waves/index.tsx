import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { WaveCard } from '../../../components/wave/WaveCard';
import { nav, PAGES } from '../../../services/nav';
import { useOperatorWaves } from '../../../stores/operator';
import '../../../components/wave/wave.scss';
import '../operator.scss';

const WavesBody = observer(function WavesBody() {
  const waves = useOperatorWaves();
  useEffect(() => {
    void waves.load();
  }, [waves]);

  if (waves.status === 'idle' || waves.status === 'loading') return <LoadingLine text="正在加载波次…" />;
  if (waves.status === 'error') return <LoadError title="波次加载失败" message={waves.error} onRetry={() => void waves.load()} />;
  return (
    <View>
      <Text className="hz-page-title hz-op-head">波次（{waves.waves.length}）</Text>
      {waves.overdue > 0 && (
        <View className="hz-banner hz-banner--error">
          <Text>{waves.overdue} 个波次过了确认截止时间仍未确认：请联系供应商，或核实后代为确认</Text>
        </View>
      )}
      {waves.waves.length === 0 ? (
        <EmptyState title="还没有波次" description="每天截单后，每个供应商的订单合成一个波次" />
      ) : (
        waves.sorted.map((w) => <WaveCard key={w.id} wave={w} now={waves.now} showSupplier onOpen={() => nav.open(PAGES.operatorWave, { waveId: w.id })} />)
      )}
    </View>
  );
});

export default function OperatorWavesPage() {
  return (
    <OperatorPage>
      <WavesBody />
    </OperatorPage>
  );
}
