import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/nutui';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { HeldCard } from '../../../components/HeldCard';
import { LoadingLine } from '../../../components/Loading';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { useHeldList } from '../../../stores/operator';
import '../operator.scss';

const HeldBody = observer(function HeldBody() {
  const held = useHeldList();
  useEffect(() => {
    void held.load();
  }, [held]);

  if (held.status === 'idle' || held.status === 'loading') return <LoadingLine text="正在加载待确认报数…" />;
  if (held.status === 'error') return <LoadError title="待确认报数加载失败" message={held.error} onRetry={() => void held.load()} />;
  return (
    <View className="hz-held-list">
      <View className="hz-row-between hz-op-head">
        <Text className="hz-page-title">待确认报数（{held.groups.length}）</Text>
        <Button size="small" fill="outline" onClick={() => void held.load()}>
          刷新
        </Button>
      </View>
      <Text className="hz-muted hz-op-count">数量与上次相差很大的报数先不生效；核实后确认，或丢弃让库存保持上次的数字</Text>
      {held.outcome && (
        <View className={`hz-banner hz-banner--${held.outcome.kind === 'success' ? 'success' : 'error'} hz-held-outcome`}>
          <Text className="hz-banner-title">{held.outcome.title}</Text>
          <Text>{held.outcome.detail}</Text>
        </View>
      )}
      {held.error && (
        <View className="hz-banner hz-banner--error">
          <Text>刷新失败：{held.error}</Text>
        </View>
      )}
      {held.groups.length === 0 ? (
        <EmptyState title="没有待确认的报数" description="报数数量变化很大时会出现在这里" />
      ) : (
        held.groups.map((group) => (
          <HeldCard
            key={group.supplierId}
            group={group}
            now={held.now}
            busy={held.resolving !== null}
            showSupplier
            error={held.stoppedAt?.supplierId === group.supplierId ? held.stoppedAt.text : null}
            onConfirm={(g) => void held.confirm(g)}
            onDiscard={(g) => void held.discard(g)}
          />
        ))
      )}
    </View>
  );
});

export default function HeldPage() {
  return (
    <OperatorPage>
      <HeldBody />
    </OperatorPage>
  );
}
