// The simulator replays the product's own code against a known truth: same seed, same
// figures; every unit accounted for; no oversell when nothing is hidden and counts are
// instant; and the product's store and figure, not a copy, produce what it measures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InventoryRecord, OrderLine } from '../../cloudfunctions/src/domain/model';
import { anchorOf, figureAt } from '../../cloudfunctions/src/domain/stock-figure';
import type { StockStore } from '../../cloudfunctions/src/storage/port';
import { BUILTIN_POLICIES, type Policy, operatorPolicy, settingsFor } from '../../simulator/policies';
import { type PolicyFigures, runPolicy } from '../../simulator/run';
import { DEFAULT_WORLD, WORLD_NOTES, type WorldConfig, buildWorld, worldWith } from '../../simulator/world';

const SMALL: Partial<WorldConfig> = { skus: 24, suppliers: 4, days: 2, warmupDays: 1 };
const policy = (id: string): Policy => BUILTIN_POLICIES.find((p) => p.id === id)!;
/** Everything but the stopwatch. */
const figuresOnly = ({ wallMs, productMs, ...rest }: PolicyFigures) => rest;

jest.setTimeout(60_000);

describe('determinism', () => {
  it('gives identical figures for the same seed, and different ones for another seed', async () => {
    const config = worldWith(SMALL);
    const a = await runPolicy(buildWorld(config, 7), policy('velocity-proj-stale'));
    const b = await runPolicy(buildWorld(config, 7), policy('velocity-proj-stale'));
    expect(figuresOnly(b)).toEqual(figuresOnly(a));
    expect(a.soldUnits).toBeGreaterThan(0);
    const other = await runPolicy(buildWorld(config, 8), policy('velocity-proj-stale'));
    expect(figuresOnly(other)).not.toEqual(figuresOnly(a));
  });

  it('gives identical figures for the same seed with the product\'s pulls, reminders and recounts', async () => {
    const config = worldWith(SMALL);
    const a = await runPolicy(buildWorld(config, 7), policy('product-default'));
    const b = await runPolicy(buildWorld(config, 7), policy('product-default'));
    expect(a.activity.pulls).toBeGreaterThan(0);
    expect(figuresOnly(b)).toEqual(figuresOnly(a));
  });

  it('builds the same world from the same seed', () => {
    const config = worldWith(SMALL);
    const [a, b] = [buildWorld(config, 3), buildWorld(config, 3)];
    expect(b.skus).toEqual(a.skus);
    expect(b.ourDemand).toEqual(a.ourDemand);
    expect([...b.hidden]).toEqual([...a.hidden]);
    expect(b.counts).toEqual(a.counts);
  });
});

describe('conservation', () => {
  it.each(BUILTIN_POLICIES.map((p) => [p.id]))('accounts for every unit under %s', async (id) => {
    let stored: OrderLine[] = [];
    const f = await runPolicy(buildWorld(worldWith(SMALL), 11), policy(id), {
      inspect: async ({ store }) => {
        stored = await store.listOrderLines({ skuIds: (await store.listSkus()).map((s) => s.id) });
      },
    });
    // True stock: what was there and arrived equals what we sold, others sold, and what is left.
    for (const flow of [f.flow, f.runFlow]) expect(flow.start + flow.restocked).toBe(flow.sold + flow.elsewhere + flow.spoiled + flow.end);
    expect(f.runFlow.restocked).toBeGreaterThan(0);
    expect(f.runFlow.elsewhere).toBeGreaterThan(0);
    // Every unit reserved reached a wave and was either shipped or confirmed short.
    expect(f.openAtEnd).toBe(0);
    expect(f.runOrdered).toBe(f.runReserved);
    expect(f.runFlow.sold + f.runShortUnits + f.runDispatchShortUnits).toBe(f.runOrdered);
    // And the product's own records say the same (units short at dispatch it records as shipped: it is never told).
    expect(stored.reduce((s, l) => s + l.shortQty, 0)).toBe(f.runShortUnits);
    expect(stored.filter((l) => l.status === 'shipped').reduce((s, l) => s + l.qty - l.shortQty, 0)).toBe(f.runFlow.sold + f.runDispatchShortUnits);
    expect(stored.every((l) => l.status === 'shipped' || l.status === 'short')).toBe(true);
    // Demand is either ordered or not served; what was not served is rationed or refused for stock.
    expect(f.orderedUnits + f.unservedUnits).toBe(f.demandUnits);
    expect(f.strandedUnits).toBeLessThanOrEqual(f.unservedUnits - f.rationedUnits);
  });
});

describe('a world with no hidden demand and instant counts', () => {
  const honest = worldWith({
    ...SMALL,
    skus: 30,
    days: 3,
    levelMix: [1, 0, 0],
    apiPushMinutes: 0,
    apiPushLoss: 0,
    apiHeldConfirmMinutes: 0,
    hiddenNoneShare: 1,
    bulkChancePerSkuDay: 0,
    portalCountErrorRate: 0,
    rulesCountErrorRate: 0,
    initialCoverDays: [1, 4],
    confirmShortRate: 0,
  });

  it.each(BUILTIN_POLICIES.filter((p) => p.id !== 'none').map((p) => [p.id]))('oversells nothing under %s', async (id) => {
    const f = await runPolicy(buildWorld(honest, 5), policy(id));
    expect(f.runFlow.elsewhere).toBe(0);
    expect(f.soldUnits).toBeGreaterThan(0);
    expect(f.runFlow.restocked).toBeGreaterThan(0);
    expect(f.oversoldUnits).toBe(0);
    expect(f.runShortUnits).toBe(0);
  });
});

describe('the product, not a copy', () => {
  it('drives the product\'s store, and its records are what the product\'s figureAt computes', async () => {
    const calls = new Map<string, number>();
    const spy = (store: StockStore): StockStore => new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const chosen = policy('velocity-proj-stale');
    const settings = settingsFor(chosen);
    let checked = 0;
    let records: InventoryRecord[] = [];
    const f = await runPolicy(buildWorld(worldWith(SMALL), 2), chosen, {
      wrapStore: spy,
      inspect: async ({ store }) => {
        records = await store.listInventory();
        const [skus, suppliers] = [await store.listSkus(), await store.listSuppliers()];
        for (const record of records) {
          const ledger = await store.listLedger(record.skuId);
          const last = ledger[ledger.length - 1];
          if (last?.kind !== 'report' && last?.kind !== 'refresh') continue;
          const sku = skus.find((s) => s.id === record.skuId)!;
          const { version, ...figure } = record;
          expect(figureAt(anchorOf(record), record.committed, { sku, supplier: suppliers.find((s) => s.id === sku.supplierId), settings }, record.computedAt)).toEqual(figure);
          checked += 1;
        }
      },
    });
    expect(checked).toBeGreaterThan(0);
    // Reports, reservations, waves and the refresh job all went through the store handed in.
    for (const method of ['saveReport', 'commitReportLines', 'reserve', 'closeWave', 'confirmWave', 'shipWave', 'commitRefresh']) {
      expect([method, (calls.get(method) ?? 0) > 0]).toEqual([method, true]);
    }
    expect(calls.get('reserve')).toBeGreaterThanOrEqual(f.activity.ordersPlaced);
    expect(calls.get('confirmWave')).toBe(f.activity.waves);
    expect(calls.get('saveReport')).toBeGreaterThanOrEqual(f.activity.reportsApplied);
    // The product ran with the policy's settings: projection moved counts, staleness widened buffers.
    expect(records.some((r) => r.projectedOnHand < r.onHand)).toBe(true);
    expect(records.some((r) => r.staleExtra > 0)).toBe(true);
  });
});

describe('reminders by tier age', () => {
  it('go through the product\'s own 报数超龄 job to portal suppliers\' inboxes, and bring counts in', async () => {
    const world = buildWorld(worldWith(SMALL), 3);
    const product = policy('product-default');
    let inboxed = 0;
    const reminded = await runPolicy(world, product, {
      inspect: async ({ store }) => {
        for (const user of await store.listUsers()) {
          if (user.role === 'supplier') inboxed += (await store.listAlerts(user.id, 10_000)).filter((a) => a.kind === 'countOverAge').length;
        }
      },
    });
    const silent = await runPolicy(world, { ...product, sync: null });
    expect(reminded.activity.reminders).toBeGreaterThan(0);
    expect(inboxed).toBe(reminded.activity.reminders);
    expect(silent.activity.reminders).toBe(0);
    expect(reminded.activity.reportsApplied + reminded.activity.reportsHeld).toBeGreaterThan(silent.activity.reportsApplied + silent.activity.reportsHeld);
  });

  it('push only while a consent is left; with none ever granted and nobody reading the inbox, nothing comes of them', async () => {
    const product = policy('product-default');
    // No API suppliers: the product's pulls would bring counts in whatever the people do.
    const never = buildWorld(worldWith({ ...SMALL, levelMix: [0, 1, 1], consentGrantRate: 0, portalInboxCompliance: 0, operatorChaseRate: 0 }), 3);
    const unanswered = await runPolicy(never, product);
    const silent = await runPolicy(never, { ...product, sync: null });
    expect(unanswered.activity.reminders).toBeGreaterThan(0);
    expect(unanswered.activity.remindersPushed).toBe(0);
    expect(unanswered.activity.reportsApplied + unanswered.activity.reportsHeld).toBe(silent.activity.reportsApplied + silent.activity.reportsHeld);
    const always = await runPolicy(buildWorld(worldWith({ ...SMALL, consentGrantRate: 1 }), 3), product);
    expect(always.activity.remindersPushed).toBeGreaterThan(0);
    // A push is one ask a step, a reminder or a recount ask (they share the template and its consents).
    expect(always.activity.remindersPushed).toBeLessThanOrEqual(always.activity.reminders + always.activity.recountAsks);
  });

  it('reach the operator for rules-level suppliers, who chases them', async () => {
    const rulesOnly = buildWorld(worldWith({ ...SMALL, levelMix: [0, 0, 1], operatorChaseRate: 1 }), 3);
    const chased = await runPolicy(rulesOnly, policy('product-default'));
    const silent = await runPolicy(rulesOnly, { ...policy('product-default'), sync: null });
    expect(chased.activity.operatorChases).toBeGreaterThan(0);
    expect(chased.activity.reportsApplied + chased.activity.reportsHeld).toBeGreaterThan(silent.activity.reportsApplied + silent.activity.reportsHeld);
  });
});

describe('world defaults and operator policies', () => {
  it('gives every world parameter a reason', () => {
    for (const key of Object.keys(DEFAULT_WORLD) as Array<keyof WorldConfig>) {
      expect([key, WORLD_NOTES[key].reason.length > 5]).toEqual([key, true]);
    }
  });

  it('names every mistake in an operator\'s policy file', () => {
    const bad = operatorPolicy({ settings: { bufferPolicy: { ratio: -1, percent: 3 }, cutoffTime: '20:00' }, levelBuffers: { erp: {} }, extra: 1 });
    expect(bad.ok || bad.errors).toEqual([
      'extra 不认识',
      'settings.cutoffTime 不能在模拟中改（可改：bufferPolicy, projection, staleness, staleExtraRatio, tiers, jumpThreshold, quota, warningLine）',
      'settings.bufferPolicy.ratio 须为非负数',
      'settings.bufferPolicy.percent 不认识（可用 ratio, fixed, velocityFraction）',
      'levelBuffers.erp 不认识（可用 api, portal, rules）',
    ]);
    const example = operatorPolicy(JSON.parse(readFileSync(join(__dirname, '../../simulator/examples/policy.json'), 'utf8')));
    expect(example.ok).toBe(true);
    const exampleWorld = JSON.parse(readFileSync(join(__dirname, '../../simulator/examples/world.json'), 'utf8')) as object;
    expect(Object.keys(exampleWorld).every((k) => k in WORLD_NOTES)).toBe(true);
    const good = operatorPolicy({ name: '规则户 30%', settings: { bufferPolicy: { ratio: 0.15 } }, levelBuffers: { rules: { ratio: 0.3 } }, sync: true });
    expect(good.ok && [good.policy.name, settingsFor(good.policy).bufferPolicy, good.policy.levelBuffers, good.policy.sync !== null]).toEqual([
      '规则户 30%', { ratio: 0.15 }, { rules: { ratio: 0.3 } }, true,
    ]);
  });
});
