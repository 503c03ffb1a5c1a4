// Replays are independent (one world, one policy, its own in-memory store and clock),
// so they run side by side in child processes, one per core: every policy of every
// seed (and of every world of a sweep) is one task in a shared queue.
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PolicyFigures, SimulationResult } from './figures';
import type { Policy } from './policies';
import { runPolicy } from './run';
import type { WorkerMessage, WorkerRequest } from './worker';
import { type World, type WorldConfig, buildWorld } from './world';

export interface SimulateOptions {
  /** Child processes to use; 1 runs every replay in this process. */
  jobs?: number;
  /** (steps done, steps in all, over every replay). */
  onProgress?: (done: number, total: number) => void;
}

export interface WorldSpec {
  config: WorldConfig;
  seed: number;
}

export const defaultJobs = (tasks: number): number => Math.max(1, Math.min(tasks, availableParallelism()));

/**
 * The worker is TypeScript: it inherits this process's tsx loader when there is one (npm
 * run simulate, bench:simulate), and loads tsx itself otherwise (a test under jest).
 */
function workerExecArgv(): string[] {
  if (process.execArgv.some((arg) => arg.includes('tsx'))) return process.execArgv;
  return [...process.execArgv, '--import', pathToFileURL(require.resolve('tsx')).href];
}

interface Task {
  world: number;
  policy: number;
}

/** Every policy over every world: figures[world][policy]. */
export async function simulateWorlds(specs: WorldSpec[], policies: Policy[], options: SimulateOptions = {}): Promise<PolicyFigures[][]> {
  const worlds = specs.map((s) => buildWorld(s.config, s.seed));
  const tasks: Task[] = specs.flatMap((_, w) => policies.map((_p, p) => ({ world: w, policy: p })));
  const total = tasks.reduce((sum, t) => sum + worlds[t.world]!.steps, 0);
  const done = tasks.map(() => 0);
  const report = (task: number, steps: number): void => {
    done[task] = steps;
    options.onProgress?.(done.reduce((a, b) => a + b, 0), total);
  };
  const figures: PolicyFigures[][] = specs.map(() => new Array<PolicyFigures>(policies.length));
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, tasks.length));
  if (jobs === 1) {
    for (const [i, t] of tasks.entries()) {
      figures[t.world]![t.policy] = await runPolicy(worlds[t.world]!, policies[t.policy]!, { onStep: (steps) => report(i, steps) });
    }
    return figures;
  }
  const queue = { next: 0 };
  const child = (): Promise<void> => runChild(specs, policies, tasks, queue, worlds, figures, report);
  await Promise.all(Array.from({ length: jobs }, child));
  return figures;
}

function runChild(specs: WorldSpec[], policies: Policy[], tasks: Task[], queue: { next: number }, worlds: World[], figures: PolicyFigures[][], report: (task: number, steps: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'worker.ts'), [], { execArgv: workerExecArgv(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const give = (): void => {
      if (queue.next >= tasks.length) {
        child.disconnect();
        resolve();
        return;
      }
      const index = queue.next++;
      const t = tasks[index]!;
      const request: WorkerRequest = { type: 'run', config: specs[t.world]!.config, seed: specs[t.world]!.seed, policy: policies[t.policy]!, index };
      child.send(request);
    };
    child.on('message', (message: WorkerMessage) => {
      const t = tasks[message.index]!;
      if (message.type === 'progress') report(message.index, message.done);
      else if (message.type === 'done') {
        figures[t.world]![t.policy] = message.figures;
        report(message.index, worlds[t.world]!.steps);
        give();
      } else {
        child.kill();
        reject(new Error(`策略 ${policies[t.policy]?.id}（seed ${specs[t.world]?.seed}）运行失败：${message.message}`));
      }
    });
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) reject(new Error(`模拟子进程退出码 ${code}`));
    });
    give();
  });
}

/** Every policy over one seeded world. */
export async function simulate(config: WorldConfig, seed: number, policies: Policy[], options: SimulateOptions = {}): Promise<SimulationResult> {
  const began = performance.now();
  const [figures] = await simulateWorlds([{ config, seed }], policies, options);
  return { seed, world: config, policies, figures: figures!, wallMs: performance.now() - began };
}

/** Every policy over one world under several seeds: one result per seed. */
export async function simulateSeeds(config: WorldConfig, seeds: number[], policies: Policy[], options: SimulateOptions = {}): Promise<SimulationResult[]> {
  const began = performance.now();
  const figures = await simulateWorlds(seeds.map((seed) => ({ config, seed })), policies, options);
  const wallMs = performance.now() - began;
  return seeds.map((seed, i) => ({ seed, world: config, policies, figures: figures[i]!, wallMs }));
}
