import { makeAutoObservable } from 'mobx';
import { callFunction } from '../../services/api';
import { now } from '../../services/clock';
import type { TaskView } from '../../services/types';
import { type LoadStatus, loadInto } from '../loadable';

export interface LeaderTasks {
  leaderName: string;
  community: string;
  tasks: TaskView[];
  /** The longest any of them has been open. */
  oldestMs: number;
}

/** Every leader's open shortage tasks: who has how many, and how long they have waited. */
export class OperatorTasksStore {
  tasks: TaskView[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  now: number = now();

  constructor() {
    makeAutoObservable(this);
  }

  load(): Promise<void> {
    return loadInto(
      this,
      () => callFunction<TaskView[]>('operator', 'tasks', { status: 'open' }),
      (tasks) => (this.tasks = tasks),
      () => (this.now = now()),
    );
  }

  /** By leader, the longest-waiting leader first; within one, the oldest task first. */
  get byLeader(): LeaderTasks[] {
    const groups = new Map<string, LeaderTasks>();
    for (const task of this.tasks) {
      const key = `${task.leaderName}|${task.community}`;
      const group = groups.get(key) ?? { leaderName: task.leaderName, community: task.community, tasks: [], oldestMs: 0 };
      group.tasks.push(task);
      group.oldestMs = Math.max(group.oldestMs, task.openForMs);
      groups.set(key, group);
    }
    for (const g of groups.values()) g.tasks.sort((a, b) => b.openForMs - a.openForMs);
    return [...groups.values()].sort((a, b) => b.oldestMs - a.oldestMs);
  }

  get count(): number {
    return this.tasks.length;
  }
}
