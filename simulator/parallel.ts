// Policies are independent replays of the same world, so they run side by side in
// child processes (one per core): each has its own in-memory store and clock.
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Policy } from './policies';
import { type PolicyFigures, type SimulationResult, runPolicy } from './run';
import type { WorkerMessage, WorkerRequest } from './worker';
import { type WorldConfig, buildWorld } from './world';

export interface SimulateOptions {
  /** Child processes to use; 1 runs every policy in this process. */
  jobs?: number;
  /** (steps done, steps in all, over every policy). */
  onProgress?: (done: number, total: number) => void;
}

export const defaultJobs = (policies: number): number => Math.max(1, Math.min(policies, availableParallelism()));

export async function simulate(config: WorldConfig, seed: number, policies: Policy[], options: SimulateOptions = {}): Promise<SimulationResult> {
  const began = performance.now();
  const world = buildWorld(config, seed);
  const total = world.steps * policies.length;
  const done = policies.map(() => 0);
  const report = (index: number, steps: number): void => {
    done[index] = steps;
    options.onProgress?.(done.reduce((a, b) => a + b, 0), total);
  };
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, policies.length));
  const figures: PolicyFigures[] = new Array(policies.length);
  if (jobs === 1) {
    for (const [index, policy] of policies.entries()) {
      figures[index] = await runPolicy(world, policy, { onStep: (steps) => report(index, steps) });
    }
  } else {
    let next = 0;
    const runChild = (): Promise<void> => new Promise((resolve, reject) => {
      // The child inherits this process's loader flags (tsx), so it can load TypeScript.
      const child = fork(join(__dirname, 'worker.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const give = (): void => {
        if (next >= policies.length) {
          child.disconnect();
          resolve();
          return;
        }
        const index = next++;
        const request: WorkerRequest = { type: 'run', config, seed, policy: policies[index]!, index };
        child.send(request);
      };
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') report(message.index, message.done);
        else if (message.type === 'done') {
          figures[message.index] = message.figures;
          report(message.index, world.steps);
          give();
        } else {
          child.kill();
          reject(new Error(`策略 ${policies[message.index]?.id} 运行失败：${message.message}`));
        }
      });
      child.on('exit', (code) => {
        if (code !== 0 && code !== null) reject(new Error(`模拟子进程退出码 ${code}`));
      });
      give();
    });
    await Promise.all(Array.from({ length: jobs }, runChild));
  }
  return { seed, world: config, policies, figures, wallMs: performance.now() - began };
}
