import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { BackBar } from '../../../components/BackBar';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { RequireRole } from '../../../components/RequireRole';
import { WaveCard } from '../../../components/wave/WaveCard';
import { WebhookEventList } from '../../../components/WebhookEventList';
import { nav, PAGES } from '../../../services/nav';
import { useSupplierWaves } from '../../../stores/waves';
import { useOwnWebhookEvents } from '../../../stores/webhook-events';
import '../../../components/wave/wave.scss';

const WavesBody = observer(function WavesBody() {
  const waves = useSupplierWaves();
  const pushes = useOwnWebhookEvents();
  useEffect(() => {
    void waves.load();
    void pushes.load();
  }, [waves, pushes]);
  usePullDownRefresh(() => {
    void Promise.all([waves.load(), pushes.load()]).finally(() => Taro.stopPullDownRefresh());
  });

  if (waves.status === 'idle' || waves.status === 'loading') return <LoadingLine text="正在加载波次…" />;
  if (waves.status === 'error') return <LoadError title="波次加载失败" message={waves.error} onRetry={() => void waves.load()} />;
  return (
    <View className="hz-waves">
      <Text className="hz-page-title">波次</Text>
      <Text className="hz-muted">每天截单后，当天的订单合成一个波次；请按拣货单确认可发数量，再标记发货</Text>
      {waves.waves.length === 0 ? (
        <EmptyState title="还没有波次" description="今天截单后，这里会出现要拣货和确认的订单" />
      ) : (
        <View className="hz-wave-list">
          {waves.sorted.map((w) => (
            <WaveCard key={w.id} wave={w} now={waves.now} onOpen={() => nav.open(PAGES.wave, { waveId: w.id })} />
          ))}
        </View>
      )}
      <View className="hz-webhook-section">
        <Text className="hz-section-title">系统推送</Text>
        <WebhookEventList events={pushes} emptyDescription="贵方系统登记了接收地址后，每个波次截单时会把订单推送过去，每次推送的结果列在这里；送不到时会自动重试，仍失败请联系运营" />
      </View>
    </View>
  );
});

export default function SupplierWavesPage() {
  return (
    <RequireRole roles={['supplier']}>
      <BackBar to={PAGES.report} label="库存报送" />
      <WavesBody />
    </RequireRole>
  );
}
