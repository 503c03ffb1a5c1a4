import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import { now } from '../../services/clock';
import type { TaskView } from '../../services/types';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

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

  async load(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    const result = await callFunction<TaskView[]>('operator', 'tasks', { status: 'open' });
    runInAction(() => {
      this.now = now();
      if (!result.ok) {
        this.error = result.error.message;
        if (this.status !== 'ready') this.status = 'error';
        return;
      }
      this.error = null;
      this.tasks = result.data;
      this.status = 'ready';
    });
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
