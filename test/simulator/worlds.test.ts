// The harsher worlds: other channels' timing moves units without adding any, supplier
// reliability is drawn per supplier around the same mean (a few chronically bad), copied
// reports reach the product as counts, and our pulls fail, lag and run out of calls.
import type { OrderLine, Report } from '../../cloudfunctions/src/domain/model';
import type { StockStore } from '../../cloudfunctions/src/storage/port';
import type { PolicyFigures } from '../../simulator/figures';
import { measuresOf } from '../../simulator/metrics';
import { BUILTIN_POLICIES, type Policy } from '../../simulator/policies';
import { mean } from '../../simulator/stats';
import { runPolicy } from '../../simulator/run';
import { type World, buildWorld, worldWith } from '../../simulator/world';
import { buildSuppliers } from '../../simulator/world-suppliers';

jest.setTimeout(60_000);

const policy = (id: string): Policy => BUILTIN_POLICIES.find((p) => p.id === id)!;
const TIMING = { skus: 200, suppliers: 10, days: 14, warmupDays: 0, hiddenNoneShare: 0 };

/** Other-channel units per step of the day, summed over every SKU and day. */
function byStepOfDay(world: World): number[] {
  const perDay = world.steps / (world.config.days + world.config.warmupDays);
  const out = new Array<number>(perDay).fill(0);
  for (let step = 0; step < world.steps; step++) {
    for (let k = 0; k < world.config.skus; k++) out[step % perDay]! += world.hidden[step * world.config.skus + k]!;
  }
  return out;
}
const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('other channels\' timing', () => {
  const steady = byStepOfDay(buildWorld(worldWith(TIMING), 5));

  it('puts the nightly share in one batch at 23:00, without adding demand', () => {
    const nightly = byStepOfDay(buildWorld(worldWith({ ...TIMING, hiddenNightlyShare: 0.67 }), 5));
    expect(nightly[23 * 4]! / total(nightly)).toBeGreaterThan(0.6);
    expect(Math.abs(total(nightly) / total(steady) - 1)).toBeLessThan(0.05);
  });

  it('concentrates bursts in working hours, without adding demand', () => {
    const bursty = byStepOfDay(buildWorld(worldWith({ ...TIMING, hiddenBurstShare: 0.5 }), 5));
    expect(Math.abs(total(bursty) / total(steady) - 1)).toBeLessThan(0.05);
    const dayShare = total(bursty.slice(8 * 4, 22 * 4)) / total(bursty);
    expect(dayShare).toBeGreaterThan(total(steady.slice(8 * 4, 22 * 4)) / total(steady));
  });

  it('keeps daily noise mean-preserving: a noisier world is not a busier one', () => {
    const calm = total(byStepOfDay(buildWorld(worldWith({ ...TIMING, dailyNoise: 0.1 }), 6)));
    const noisy = total(byStepOfDay(buildWorld(worldWith({ ...TIMING, dailyNoise: 0.9 }), 6)));
    expect(Math.abs(noisy / calm - 1)).toBeLessThan(0.06);
  });

  it('refuses shares that add up to more than all of it', () => {
    expect(() => buildWorld(worldWith({ ...TIMING, hiddenNightlyShare: 0.7, hiddenBurstShare: 0.5 }), 1)).toThrow('hiddenNightlyShare');
  });
});

describe('supplier reliability', () => {
  it('is drawn per supplier around a mean of 1, with a fixed share chronically worse', () => {
    const config = worldWith({ skus: 2000, suppliers: 2000, chronicShare: 0.1, chronicFactor: 3, supplierSpread: 0.5 });
    const suppliers = buildSuppliers(config, 8);
    const chronic = suppliers.filter((s) => s.chronic);
    expect(chronic).toHaveLength(200);
    expect(Math.abs(mean(suppliers.filter((s) => !s.chronic).map((s) => s.unreliability)) - 1)).toBeLessThan(0.05);
    expect(mean(chronic.map((s) => s.unreliability))).toBeGreaterThan(2.5);
    expect(buildSuppliers(config, 8)).toEqual(suppliers);
  });

  it('lets a copied report through as if counted: the product keeps the first numbers', async () => {
    const world = buildWorld(worldWith({
      skus: 12, suppliers: 2, days: 1, warmupDays: 1, levelMix: [0, 1, 0], copyLastRate: 1, supplierSpread: 0, chronicShare: 0, portalAdhocCompliance: 0,
    }), 3);
    let onHand: number[] = [];
    const f = await runPolicy(world, policy('fixed20'), {
      inspect: async ({ store }) => {
        onHand = (await store.listInventory(world.skus.map((k) => k.id))).map((r) => r.onHand);
      },
    });
    expect(world.counts.flat().every((c) => c.copyLast)).toBe(true);
    expect(f.activity.reportsApplied).toBeGreaterThan(world.config.suppliers);
    expect(onHand).toEqual(world.skus.map((k) => k.initial));
  });
});

describe('a basis mix-up', () => {
  /** Every report the product keeps or holds, in order: [when, each line's onHand]. */
  const toldInto = (told: Array<[number, number[]]>) => (store: StockStore): StockStore => new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const keep = (report: Report): void => {
        told.push([report.reportedAt, report.lines.map((l) => l.onHand)]);
      };
      return (...args: unknown[]) => {
        if (prop === 'saveReport') keep(args[0] as Report);
        if (prop === 'holdReport') keep((args[0] as { report: Report }).report);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const mixWorld = (seed: number, basisMixRate: number): World => buildWorld(worldWith({
    skus: 40, suppliers: 4, days: 3, warmupDays: 1, levelMix: [0, 1, 0], supplierSpread: 0, chronicShare: 0,
    portalCountErrorRate: 0, copyLastRate: 0, freshShare: 0, confirmShortRate: 0, basisMixRate,
  }), seed);

  it('tells the product available stock on a physical basis, so it sells less and, measured, oversells less', async () => {
    // A supplier who subtracts the 待发 its report page shows: our open orders are then taken off twice.
    const totals = { honest: { sold: 0, oversold: 0 }, mixed: { sold: 0, oversold: 0 } };
    const add = (into: { sold: number; oversold: number }, f: PolicyFigures): void => {
      into.sold += f.soldUnits;
      into.oversold += f.oversoldUnits;
    };
    for (const seed of [1, 2, 3]) {
      const honestTold: Array<[number, number[]]> = [];
      const mixedTold: Array<[number, number[]]> = [];
      const honest = await runPolicy(mixWorld(seed, 0), policy('fixed20'), { wrapStore: toldInto(honestTold) });
      const mixed = await runPolicy(mixWorld(seed, 1), policy('fixed20'), { wrapStore: toldInto(mixedTold) });
      // Identical until the first count taken while our orders were open: then lower, never higher.
      const first = mixedTold.findIndex((r, i) => JSON.stringify(r) !== JSON.stringify(honestTold[i]));
      expect(first).toBeGreaterThan(0);
      const [[honestAt, honestLines], [mixedAt, mixedLines]] = [honestTold[first]!, mixedTold[first]!];
      expect(mixedAt).toBe(honestAt);
      expect(mixedLines.every((v, i) => v <= honestLines[i]!)).toBe(true);
      expect(mixedLines.some((v, i) => v < honestLines[i]!)).toBe(true);
      add(totals.honest, honest);
      add(totals.mixed, mixed);
    }
    expect(totals.mixed.sold).toBeLessThan(totals.honest.sold);
    expect(totals.mixed.oversold).toBeLessThan(totals.honest.oversold);
  });
});

describe('fresh produce', () => {
  it('is drawn without moving any other SKU\'s draws', () => {
    const dry = buildWorld(worldWith({ skus: 60, suppliers: 3, days: 1, warmupDays: 0, freshShare: 0 }), 2);
    const mixed = buildWorld(worldWith({ skus: 60, suppliers: 3, days: 1, warmupDays: 0, freshShare: 0.5 }), 2);
    const fresh = mixed.skus.filter((k) => k.fresh);
    expect(fresh.length).toBeGreaterThan(15);
    expect(fresh.length).toBeLessThan(45);
    expect(fresh.every((k) => !k.limited && k.initial === k.freshTarget)).toBe(true);
    expect(mixed.skus.filter((k) => !k.fresh)).toEqual(dry.skus.filter((k) => !mixed.skus[k.index]!.fresh));
    expect(mixed.hidden).toEqual(dry.hidden);
  });

  it('is filled to its target every morning, not reordered, and what is left at midnight spoils', async () => {
    // No other channels: after midnight the shelf is empty, so each later morning brings exactly the target.
    const world = buildWorld(worldWith({ skus: 12, suppliers: 2, days: 2, warmupDays: 1, freshShare: 1, hiddenNoneShare: 1 }), 6);
    const f = await runPolicy(world, policy('fixed20'));
    const targets = world.skus.reduce((s, k) => s + k.freshTarget, 0);
    expect(world.skus.every((k) => k.fresh)).toBe(true);
    expect(f.runFlow.elsewhere).toBe(0);
    expect(f.runFlow.restocked).toBe(2 * targets);
    expect(f.runFlow.spoiled).toBeGreaterThan(0);
    expect(f.runFlow.start + f.runFlow.restocked).toBe(f.runFlow.sold + f.runFlow.spoiled + f.runFlow.end);
    expect(f.runFlow.end).toBeLessThanOrEqual(targets);
  });
});

describe('confirm then short at dispatch', () => {
  const small = { skus: 12, suppliers: 2, days: 1, warmupDays: 1, supplierSpread: 0, chronicShare: 0, freshShare: 0 };

  it('oversells what the supplier confirmed and then could not ship, and the product never hears of it', async () => {
    const never = await runPolicy(buildWorld(worldWith({ ...small, confirmShortRate: 0 }), 4), policy('fixed20'));
    let stored: OrderLine[] = [];
    const always = await runPolicy(buildWorld(worldWith({ ...small, confirmShortRate: 1 }), 4), policy('fixed20'), {
      inspect: async ({ store }) => {
        stored = await store.listOrderLines({ skuIds: (await store.listSkus()).map((s) => s.id) });
      },
    });
    expect(never.dispatchShortUnits).toBe(0);
    expect(always.dispatchShortUnits).toBeGreaterThan(0);
    expect(always.oversoldUnits).toBeGreaterThanOrEqual(always.dispatchShortUnits);
    expect(measuresOf(always).oversoldPer10k).toBeGreaterThan(measuresOf(never).oversoldPer10k);
    // The units left true stock as written off; the product's lines say they shipped, with no shortage.
    expect(always.runFlow.spoiled).toBe(always.runDispatchShortUnits);
    expect(stored.reduce((s, l) => s + l.shortQty, 0)).toBe(always.runShortUnits);
    expect(stored.filter((l) => l.status === 'shipped').reduce((s, l) => s + l.qty - l.shortQty, 0)).toBe(always.runFlow.sold + always.runDispatchShortUnits);
  });
});
