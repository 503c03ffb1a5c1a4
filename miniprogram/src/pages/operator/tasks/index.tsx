import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import { Text, View } from '@tarojs/components';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { Tag } from '../../../components/nutui';
import { OperatorPage } from '../../../components/operator/OperatorPage';
import { formatDay, formatDuration, formatTime } from '../../../services/format';
import { useOperatorTasks } from '../../../stores/operator';
import '../operator.scss';

/** Open longer than this is worth a call to the leader. */
const LONG_OPEN_MS = 6 * 60 * 60 * 1000;

const TasksBody = observer(function TasksBody() {
  const tasks = useOperatorTasks();
  useEffect(() => {
    void tasks.load();
  }, [tasks]);

  if (tasks.status === 'idle' || tasks.status === 'loading') return <LoadingLine text="正在加载缺货处理…" />;
  if (tasks.status === 'error') return <LoadError title="加载失败" message={tasks.error} onRetry={() => void tasks.load()} />;
  return (
    <View>
      <Text className="hz-page-title hz-op-head">缺货处理（{tasks.count} 条未处理）</Text>
      <Text className="hz-muted">团长需要联系顾客换货或退款；等得最久的在前</Text>
      {tasks.count === 0 ? (
        <EmptyState title="没有未处理的缺货" description="供应商确认缺货后，每条缺货会交给对应的团长处理" />
      ) : (
        tasks.byLeader.map((group) => (
          <View key={`${group.leaderName}|${group.community}`} className="hz-card hz-op-task-group">
            <View className="hz-row-between">
              <Text className="hz-sku-name">
                {group.leaderName} · {group.community}
              </Text>
              <Tag type="danger">
                {group.tasks.length} 条
              </Tag>
            </View>
            {group.tasks.map((task) => (
              <View key={task.id} className="hz-op-task">
                <View className="hz-row-between">
                  <Text className="hz-op-line">
                    {task.customer ?? '未填顾客'} · {task.name} {task.spec} 缺 {task.shortQty} 件
                  </Text>
                  <Text className={task.openForMs >= LONG_OPEN_MS ? 'hz-op-alert hz-op-task-age' : 'hz-muted hz-op-task-age'}>已开 {formatDuration(task.openForMs)}</Text>
                </View>
                <Text className="hz-muted">
                  {formatDay(task.day)} 波次 · {task.contactedAt !== undefined ? `${formatTime(task.contactedAt, tasks.now)} 已联系${task.contactNote ? `：${task.contactNote}` : ''}` : '尚未联系顾客'}
                </Text>
              </View>
            ))}
          </View>
        ))
      )}
    </View>
  );
});

export default function OperatorTasksPage() {
  return (
    <OperatorPage>
      <TasksBody />
    </OperatorPage>
  );
}
