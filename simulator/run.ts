// The replay: a discrete-time walk through the world, step by step, driving the
// product's own handlers, jobs and store (SQLite in memory) with a manual clock.
// The simulator keeps only the truth the product cannot see — each SKU's real stock,
// what other channels sold, what arrived — and measures the product against it.
// Sellable, buffers, projection, tiers, waves and shortages are all the product's.
// The stages of a step live in their own files: truth.ts (the world moves), counts.ts
// (counts reach the product), sync.ts (our pulls and reminders), orders.ts (orders, waves).
import { refreshStock } from '../cloudfunctions/src/jobs/refresh-stock';
import { countsReach, submit } from './counts';
import type { PolicyFigures, RunOptions } from './figures';
import { closeWaves, leadersOrder, wavesDue } from './orders';
import type { Policy } from './policies';
import { openReplay, totalStock } from './replay';
import { askPeople, pullSystems } from './sync';
import { reviewBuffers } from './buffers';
import { figuresOf, timed } from './tally';
import { customersBuy, openStorefronts, storefrontsTick } from './storefronts';
import { stepTruth } from './truth';
import type { World } from './world';

export type { LevelFigures, PolicyFigures, RunOptions, SimulationResult, StockFlow } from './figures';
export { strandedCap } from './tally';

export async function runPolicy(world: World, policy: Policy, options: RunOptions = {}): Promise<PolicyFigures> {
  const began = performance.now();
  const r = await openReplay(world, policy, options);
  const { tally } = r;
  const sf = policy.storefronts ? openStorefronts(r, policy.storefronts) : null;

  // Day one, 00:00: every supplier's first count, so every SKU has a record.
  r.clock.set(world.start);
  for (const supplier of world.suppliers) {
    const list = r.skusOf[supplier.index]!;
    await submit(r, supplier.index, list, list.map((k) => r.trueStock[k]!), 0);
  }

  for (let step = 0; step < world.steps; step++) {
    const now = world.start + step * world.stepMs;
    r.clock.set(now);
    if (step === world.warmupSteps) {
      tally.measuring = true;
      tally.flow.start = totalStock(r);
    }
    // 1–3. Fresh produce spoils or arrives, goods arrive, other channels sell, the morning review reorders.
    stepTruth(r, step);
    // 4. Waves due for confirmation: the supplier ships what it truly has.
    await wavesDue(r, step);
    // 5. Counts reach the product; then its reminders and recount asks, if the policy has them.
    await countsReach(r, step);
    await askPeople(r, step, now);
    // 6. The scheduler's jobs, as its timer would run them: suppliers' systems pulled last.
    await timed(tally, 'refreshStock', () => refreshStock(r.deps));
    await pullSystems(r, step);
    await closeWaves(r, step);
    // The operator's weekly buffer review, where the policy has one.
    await reviewBuffers(r, step);
    // 7. Our leaders order; with storefronts, the listings' counts move and customers buy in them.
    if (sf) {
      await storefrontsTick(r, sf, step, now);
      await customersBuy(r, sf, step);
    } else await leadersOrder(r, step);
    options.onStep?.(step + 1, world.steps);
  }

  tally.runFlow.end = totalStock(r);
  tally.flow.end = tally.runFlow.end;
  if (options.inspect) await options.inspect(r.deps, { trueStock: r.trueStock });
  await r.sqlite.close();
  const figures = figuresOf(tally, policy, r.ourOpen.reduce((a, b) => a + b, 0), performance.now() - began);
  return sf ? { ...figures, storefront: sf.figures } : figures;
}
