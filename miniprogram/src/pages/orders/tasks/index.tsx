import { useEffect } from 'react';
import { observer } from 'mobx-react-lite';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { BackBar } from '../../../components/BackBar';
import { EmptyState } from '../../../components/EmptyState';
import { LoadError } from '../../../components/LoadError';
import { LoadingLine } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { Button, Dialog, Input, Tag } from '../../../components/nutui';
import { RequireRole } from '../../../components/RequireRole';
import { formatDay, formatDuration, formatTime, formatYuan } from '../../../services/format';
import { PAGES } from '../../../services/nav';
import type { SubstituteView, TaskView } from '../../../services/types';
import { consequenceOf, refundOf, useLeaderTasks } from '../../../stores/tasks';
import '../orders.scss';

const SubstituteRow = observer(function SubstituteRow({ task, sub, rank }: { task: TaskView; sub: SubstituteView; rank: number }) {
  const tasks = useLeaderTasks();
  const busy = tasks.busy === task.id;
  const enough = sub.sellable >= task.shortQty;
  return (
    <View className="hz-sub">
      <View className="hz-sub-info">
        <Text className="hz-sub-name">
          {rank}. {sub.name} {sub.spec}
        </Text>
        <Text className="hz-muted">
          {formatYuan(sub.price)}
          {sub.price > task.price ? `（贵 ${formatYuan(sub.price - task.price)}）` : '（同价）'} · 可售 {sub.sellable}
        </Text>
      </View>
      <Button size="small" type="primary" fill={rank === 1 ? 'solid' : 'outline'} className="hz-sub-choose" disabled={!!tasks.busy || !enough} loading={busy} onClick={() => tasks.askSubstitute(task, sub)}>
        选这个替代品
      </Button>
    </View>
  );
});

const OpenTask = observer(function OpenTask({ task }: { task: TaskView }) {
  const tasks = useLeaderTasks();
  const busy = tasks.busy === task.id;
  const error = tasks.taskErrors[task.id];
  return (
    <View className="hz-card hz-task hz-task--open">
      <View className="hz-row-between">
        <Text className="hz-task-customer">{task.customer ?? '未填顾客'}</Text>
        <Text className="hz-muted">
          {formatDay(task.day)} · 已等 {formatDuration(task.openForMs)}
        </Text>
      </View>
      <Text className="hz-task-short">
        {task.name} {task.spec} 缺 {task.shortQty} 件
      </Text>
      <Text className="hz-muted">原价 {formatYuan(task.price)} · 供应商确认缺货，请联系顾客选择换货或退款</Text>

      <Text className="hz-task-section">换成替代品（同品类、有货、不低于原价，价格最近的在前）</Text>
      {task.substitutes.length === 0 ? (
        <Text className="hz-muted">暂无合适的替代品，可退款</Text>
      ) : (
        task.substitutes.map((sub, i) => <SubstituteRow key={sub.skuId} task={task} sub={sub} rank={i + 1} />)
      )}

      <Text className="hz-task-section">或退款</Text>
      <View className="hz-task-refund">
        <Text className="hz-task-refund-text">
          退 {task.shortQty} 件的货款 {formatYuan(refundOf(task))}，并送顾客 {formatYuan(task.couponOffer)} 优惠券
        </Text>
        <Button size="small" className="hz-task-refund-button" disabled={!!tasks.busy} loading={busy} onClick={() => tasks.askRefund(task)}>
          退款+优惠券 {formatYuan(task.couponOffer)}
        </Button>
      </View>

      <Text className="hz-task-section">联系记录</Text>
      {task.contactedAt !== undefined && (
        <Text className="hz-task-contacted">
          {formatTime(task.contactedAt, tasks.now)} 已联系{task.contactNote ? `：${task.contactNote}` : ''}
        </Text>
      )}
      <View className="hz-task-contact">
        <Input
          className="hz-text-input hz-task-note"
          value={tasks.noteOf(task.id)}
          placeholder="如：已电话联系，顾客想换沃柑"
          maxLength={200}
          aria-label={`${task.customer ?? task.name} 联系记录`}
          onChange={(text) => tasks.setNote(task.id, text)}
        />
        <Button size="small" className="hz-task-contact-button" disabled={!!tasks.busy} onClick={() => void tasks.recordContact(task)}>
          记录已联系
        </Button>
      </View>
      {error && <Text className="hz-field-error hz-task-error">{error}</Text>}
    </View>
  );
});

const ResolvedTask = observer(function ResolvedTask({ task }: { task: TaskView }) {
  const tasks = useLeaderTasks();
  const wave = task.substituteDayLabel ? `，随 ${task.substituteDayLabel} 的波次发出` : '';
  const difference = task.priceDifference ? `；差价 ${formatYuan(task.priceDifference)} 顾客不用补` : '';
  const outcome =
    task.outcome === 'substitute'
      ? `已换成 ${task.substituteName ?? task.substituteSkuId ?? '替代品'} × ${task.shortQty}${wave}${difference}`
      : `已退款 ${formatYuan(task.refundAmount ?? refundOf(task))}，送 ${formatYuan(task.couponValue ?? task.couponOffer)} 优惠券`;
  return (
    <View className="hz-card hz-task hz-task--resolved">
      <View className="hz-row-between">
        <Text className="hz-task-customer">{task.customer ?? '未填顾客'}</Text>
        <Tag type="success">
          已处理
        </Tag>
      </View>
      <Text className="hz-muted">
        {task.name} {task.spec} 缺 {task.shortQty} 件
      </Text>
      <Text className="hz-task-outcome">{outcome}</Text>
      {task.contactNote && <Text className="hz-muted">联系记录：{task.contactNote}</Text>}
      {task.resolvedAt !== undefined && <Text className="hz-muted">{formatTime(task.resolvedAt, tasks.now)} 处理</Text>}
    </View>
  );
});

const TasksBody = observer(function TasksBody() {
  const tasks = useLeaderTasks();
  useEffect(() => {
    void tasks.load();
  }, [tasks]);
  usePullDownRefresh(() => {
    void tasks.load().finally(() => Taro.stopPullDownRefresh());
  });

  if (tasks.status === 'idle' || tasks.status === 'loading') return <LoadingLine text="正在加载缺货处理…" />;
  if (tasks.status === 'error') return <LoadError title="加载失败" message={tasks.error} onRetry={() => void tasks.load()} />;
  return (
    <View className="hz-orders">
      <Text className="hz-page-title hz-orders-title">缺货处理（{tasks.open.length}）</Text>
      {tasks.open.length === 0 ? (
        <EmptyState title="没有待处理的缺货" description="供应商确认缺货后，需要联系的顾客会出现在这里" />
      ) : (
        tasks.open.map((task) => <OpenTask key={task.id} task={task} />)
      )}
      {tasks.resolved.length > 0 && (
        <View className="hz-tasks-resolved">
          <Text className="hz-section-title">已处理（{tasks.resolved.length}）</Text>
          {tasks.resolved.map((task) => (
            <ResolvedTask key={task.id} task={task} />
          ))}
        </View>
      )}
      <Notice notice={tasks.notice} onClose={() => tasks.dismissNotice()} />
      <ConfirmChoice />
    </View>
  );
});

/** 退款 and 选这个替代品 cannot be undone: each asks once more, naming what it does. */
const ConfirmChoice = observer(function ConfirmChoice() {
  const tasks = useLeaderTasks();
  const said = tasks.pending ? consequenceOf(tasks.pending) : null;
  return (
    <Dialog
      className="hz-task-confirm"
      visible={said !== null}
      title={said?.title ?? ''}
      content={said?.content ?? ''}
      confirmText={said?.confirm ?? '确认'}
      cancelText="再想想"
      onConfirm={() => void tasks.confirmPending()}
      onCancel={() => tasks.dismissPending()}
    />
  );
});

export default function LeaderTasksPage() {
  return (
    <RequireRole roles={['leader']}>
      <BackBar to={PAGES.availability} label="可售库存" />
      <TasksBody />
    </RequireRole>
  );
}
