// Storefronts (issue 18): customers buy in the leaders' listings, whose counts are typed
// by hand or pushed by the product. Pushed counts oversell less than typed ones; a 100%
// allocation pushed at once never shows more across a SKU's listings than Huozhun may
// sell, so no storefront sells a unit we cannot reserve; and a seed replays exactly.
import { type Policy, STOREFRONT_POLICIES } from '../../simulator/policies';
import { type PolicyFigures, runPolicy } from '../../simulator/run';
import type { StorefrontPolicy } from '../../simulator/storefronts';
import { type WorldConfig, buildWorld, worldWith } from '../../simulator/world';

const WORLD: Partial<WorldConfig> = { skus: 40, suppliers: 4, days: 3, warmupDays: 1 };
const policy = (id: string): Policy => STOREFRONT_POLICIES.find((p) => p.id === id)!;
const withStorefronts = (base: string, storefronts: StorefrontPolicy): Policy => ({ ...policy(base), id: `${base}-test`, storefronts });
const figuresOnly = ({ wallMs, productMs, ...rest }: PolicyFigures) => rest;

jest.setTimeout(30_000);

describe('storefront listings', () => {
  it('oversell fewer units when the product pushes the counts than when leaders type them, over the same seeds', async () => {
    const totals = { typed: 0, pushed: 0, typedShort: 0, pushedShort: 0 };
    for (const seed of [2, 3]) {
      const world = buildWorld(worldWith(WORLD), seed);
      const typed = await runPolicy(world, policy('storefront-typed'));
      const pushed = await runPolicy(world, policy('storefront-pushed'));
      expect(typed.storefront!.retypes).toBeGreaterThan(0);
      expect(pushed.storefront!.pushes).toBeGreaterThan(0);
      totals.typed += typed.oversoldUnits;
      totals.pushed += pushed.oversoldUnits;
      totals.typedShort += typed.storefront!.shortUnits;
      totals.pushedShort += pushed.storefront!.shortUnits;
    }
    expect(totals.pushed).toBeLessThan(totals.typed);
    expect(totals.pushedShort).toBeLessThan(totals.typedShort);
  });

  it('never show more across a SKU\'s listings than Huozhun may sell at a 100% total pushed at once, so nothing sold there goes unreserved', async () => {
    for (const seed of [1, 3]) {
      const world = buildWorld(worldWith(WORLD), seed);
      const f = await runPolicy(world, withStorefronts('storefront-pushed', { mode: 'pushed', total: 1, split: 'ratio', pushDelayMinutes: 0 }));
      expect(f.soldUnits).toBeGreaterThan(0);
      expect(f.storefront!.maxShownOverSellable).toBeLessThanOrEqual(0);
      expect(f.storefront!.shortUnits).toBe(0);
      // The same total split equally keeps the same promise.
      const equal = await runPolicy(world, withStorefronts('storefront-pushed-equal', { mode: 'pushed', total: 1, split: 'equal', pushDelayMinutes: 0 }));
      expect(equal.storefront!.maxShownOverSellable).toBeLessThanOrEqual(0);
      expect(equal.storefront!.shortUnits).toBe(0);
      // 120% does show more than we may sell.
      const over = await runPolicy(world, withStorefronts('storefront-pushed-120', { mode: 'pushed', total: 1.2, split: 'ratio', pushDelayMinutes: 0 }));
      expect(over.storefront!.maxShownOverSellable).toBeGreaterThan(0);
    }
  });

  it('every unit a customer asked for is reserved, turned away by a listing, or a storefront shortage', async () => {
    const f = await runPolicy(buildWorld(worldWith(WORLD), 3), policy('storefront-typed'));
    const s = f.storefront!;
    expect(f.orderedUnits + s.turnedAwayUnits + s.shortUnits).toBe(f.demandUnits);
    expect(s.shortStockUnits + s.shortQuotaUnits).toBe(s.shortUnits);
    expect(f.oversoldUnits).toBeGreaterThanOrEqual(s.shortUnits);
    for (const flow of [f.flow, f.runFlow]) expect(flow.start + flow.restocked).toBe(flow.sold + flow.elsewhere + flow.spoiled + flow.end);
    expect(f.runFlow.sold + f.runShortUnits + f.runDispatchShortUnits).toBe(f.runOrdered);
  });

  it('gives identical figures for the same seed', async () => {
    const config = worldWith({ ...WORLD, days: 2 });
    for (const id of ['storefront-typed', 'storefront-pushed-120']) {
      const a = await runPolicy(buildWorld(config, 7), policy(id));
      const b = await runPolicy(buildWorld(config, 7), policy(id));
      expect(figuresOnly(b)).toEqual(figuresOnly(a));
    }
  });
});
