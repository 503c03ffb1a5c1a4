// The parallel runner: replays handed to worker processes come back with exactly the
// figures the same replays give in this process, each in its seed's and policy's place.
import type { PolicyFigures } from '../../simulator/figures';
import { simulateSeeds } from '../../simulator/parallel';
import { BUILTIN_POLICIES } from '../../simulator/policies';
import { worldWith } from '../../simulator/world';

jest.setTimeout(60_000);

/** Everything but the stopwatch. */
const figuresOnly = ({ wallMs, productMs, ...rest }: PolicyFigures) => ({ ...rest, calls: Object.entries(productMs).map(([name, m]) => [name, m.calls]) });

it('gives every seed the same figures in 2 worker processes as in one process', async () => {
  const config = worldWith({ skus: 12, suppliers: 2, days: 1, warmupDays: 1 });
  const policies = BUILTIN_POLICIES.filter((p) => ['fixed20', 'product-default'].includes(p.id));
  const seeds = [3, 4];
  const inProcess = await simulateSeeds(config, seeds, policies, { jobs: 1 });
  // The module itself (an `import * as` namespace is a copy under swc, and spying on it would miss the runner's calls).
  const fork = jest.spyOn(require('node:child_process') as typeof import('node:child_process'), 'fork');
  let lastProgress = [0, -1];
  const inWorkers = await simulateSeeds(config, seeds, policies, { jobs: 2, onProgress: (done, total) => (lastProgress = [done, total]) });
  expect(fork).toHaveBeenCalledTimes(2);
  fork.mockRestore();
  expect(lastProgress[0]).toBe(lastProgress[1]);
  const table = (results: typeof inProcess) => results.map((r) => [r.seed, r.figures.map((f) => [f.policyId, figuresOnly(f)])]);
  expect(table(inWorkers)).toEqual(table(inProcess));
  // The comparison has teeth: the seeds' figures differ, so a seed in the wrong place would show.
  expect(figuresOnly(inProcess[0]!.figures[0]!)).not.toEqual(figuresOnly(inProcess[1]!.figures[0]!));
});
