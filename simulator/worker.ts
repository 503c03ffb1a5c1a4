// A child process that runs policies for the parallel runner: it rebuilds the same
// seeded world (cheaper than sending it) and answers each policy's figures.
import type { Policy } from './policies';
import { runPolicy } from './run';
import { type World, type WorldConfig, buildWorld } from './world';

export type WorkerRequest = { type: 'run'; config: WorldConfig; seed: number; policy: Policy; index: number };
export type WorkerMessage =
  | { type: 'progress'; index: number; done: number }
  | { type: 'done'; index: number; figures: Awaited<ReturnType<typeof runPolicy>> }
  | { type: 'error'; index: number; message: string };

let cached: { key: string; world: World } | undefined;

function worldFor(config: WorldConfig, seed: number): World {
  const key = JSON.stringify([config, seed]);
  if (cached?.key !== key) cached = { key, world: buildWorld(config, seed) };
  return cached.world;
}

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

process.on('message', (request: WorkerRequest) => {
  if (request.type !== 'run') return;
  const world = worldFor(request.config, request.seed);
  let reported = 0;
  runPolicy(world, request.policy, {
    onStep: (done, total) => {
      // A message per simulated hour is plenty for a progress bar.
      if (done - reported >= 4 || done === total) {
        reported = done;
        send({ type: 'progress', index: request.index, done });
      }
    },
  }).then(
    (figures) => send({ type: 'done', index: request.index, figures }),
    (err: unknown) => send({ type: 'error', index: request.index, message: err instanceof Error ? err.stack ?? err.message : String(err) }),
  );
});
