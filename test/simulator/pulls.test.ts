// The product, not the simulator, decides when an API supplier's system is pulled: its
// scheduler job (pullStock) calls through deps.http, by the tier of the supplier's most
// urgent SKU, backing off when the system fails; the simulated system only answers (its
// own stock, a bit old, failing now and then, within a daily call limit). And the
// product's 销量超比例 recount reaches portal suppliers, who answer it like a reminder.
import { DEFAULT_PULL_MINUTES, PULL_FAILURES_ALERT, backoffMs } from '../../cloudfunctions/src/domain/pull';
import type { InventoryRecord } from '../../cloudfunctions/src/domain/model';
import { BUILTIN_POLICIES, PULLS_ONLY, type Policy } from '../../simulator/policies';
import type { RunOptions } from '../../simulator/run';
import { openReplay } from '../../simulator/replay';
import { runPolicy } from '../../simulator/run';
import { stockUrl, takeSnapshots } from '../../simulator/supplier-systems';
import { type World, type WorldConfig, buildWorld, worldWith } from '../../simulator/world';

jest.setTimeout(60_000);

const policy = (id: string): Policy => BUILTIN_POLICIES.find((p) => p.id === id)!;
const API_ONLY: Partial<WorldConfig> = {
  skus: 12, suppliers: 2, days: 1, warmupDays: 1, levelMix: [1, 0, 0], supplierSpread: 0, chronicShare: 0, freshShare: 0, pullLatencyMinutes: 0,
  pullDeclaredCallsPerDay: 0, // no limit entered: each test says when one is
};

interface Call {
  supplierId: string;
  step: number;
  /** The HTTP status the system answered, or no answer before the product's timeout. */
  status: number | 'timeout';
}

/** Every call the product makes to a supplier's system, with the step it was made in. */
function watched(calls: Call[]): RunOptions {
  let step = 0;
  return {
    onStep: (done) => {
      step = done;
    },
    wrapHttp: (http) => async (input, init) => {
      const supplierId = new URL(String(input)).pathname.split('/')[1]!;
      try {
        const res = await http(input, init);
        calls.push({ supplierId, step, status: res.status });
        return res;
      } catch (err) {
        calls.push({ supplierId, step, status: 'timeout' });
        throw err;
      }
    },
  };
}

/** One supplier whose goods nobody buys, anywhere, with plenty on the shelf: every SKU long tail, none low. */
function idle(world: World, supplierIndex: number): World {
  const mine = new Set(world.skus.filter((k) => k.supplierIndex === supplierIndex).map((k) => k.index));
  const n = world.skus.length;
  const hidden = world.hidden.slice();
  for (let s = 0; s < world.steps; s++) for (const k of mine) hidden[s * n + k] = 0;
  return {
    ...world,
    skus: world.skus.map((k) => (mine.has(k.index) ? { ...k, initial: 500, ourPerDay: 0, hiddenPerDay: 0 } : k)),
    ourDemand: world.ourDemand.map((list) => list.filter((e) => !mine.has(e.skuIndex))),
    hidden,
    bulk: world.bulk.map((list) => list.filter((b) => !mine.has(b.skuIndex))),
  };
}

const stepsOf = (calls: Call[], supplierId: string): number[] => calls.filter((c) => c.supplierId === supplierId).map((c) => c.step);

describe('pulls, decided by the product', () => {
  it('calls a supplier with a hot SKU every tick and a long-tail-only supplier about twice a day', async () => {
    const world = idle(buildWorld(worldWith({ ...API_ONLY, pullFailRate: 0, pullCallsPerDay: 1000 }), 4), 1);
    const [busy, quiet] = world.suppliers.map((s) => s.id) as [string, string];
    const calls: Call[] = [];
    let records: InventoryRecord[] = [];
    const f = await runPolicy(world, policy('fixed20-pulls'), {
      ...watched(calls),
      inspect: async ({ store }) => {
        records = await store.listInventory();
      },
    });
    // What the product's tiers say: the busy supplier has a hot (or low) SKU, the idle one only long tail.
    const own = (id: string) => records.filter((r) => r.supplierId === id);
    expect(own(busy).some((r) => r.tier === 'hot' || r.sellable <= 10)).toBe(true);
    expect(own(quiet).every((r) => r.tier === 'longTail' && r.sellable > 10)).toBe(true);
    // Hot wants a count every 5 minutes: one pull every 15-minute step, after the first tick.
    const stepMinutes = world.stepMs / 60_000;
    expect(DEFAULT_PULL_MINUTES.hot).toBeLessThanOrEqual(stepMinutes);
    expect(stepsOf(calls, busy).length).toBeGreaterThan(0.9 * world.steps);
    // Long tail wants one every 12 hours, and nothing else refreshes those counts (nothing moves, nothing is pushed).
    const quietSteps = stepsOf(calls, quiet);
    expect(quietSteps.length).toBeGreaterThanOrEqual(2);
    expect(quietSteps.length).toBeLessThanOrEqual(Math.ceil((world.steps * stepMinutes) / DEFAULT_PULL_MINUTES.longTail));
    for (let i = 1; i < quietSteps.length; i++) expect((quietSteps[i]! - quietSteps[i - 1]!) * stepMinutes).toBeGreaterThanOrEqual(DEFAULT_PULL_MINUTES.longTail);
    expect(calls.every((c) => c.status === 200)).toBe(true);
    expect(f.activity.pulls).toBe(calls.length);
    expect(f.activity.pullsFailed).toBe(0);
  });

  it('a restock every pull finds again waits once for the operator, who confirms it, instead of being replaced before anyone comes to it', async () => {
    const world = buildWorld(worldWith({ ...API_ONLY, pullFailRate: 0, pullCallsPerDay: 1000 }), 4);
    const f = await runPolicy(world, policy('fixed20-pulls'), {});
    // Pulls every tick see each restock again and again (held anew each time, in its place) …
    expect(f.activity.reportsHeld).toBeGreaterThan(2 * f.activity.heldConfirmed);
    // … and the operator, prompted once, confirms whichever waits when they come to it.
    expect(f.activity.heldConfirmed).toBeGreaterThan(0);
    expect(f.activity.heldSuperseded).toBe(0);
  });

  it('follows the intervals set on the pull source (the old fixed schedule is one such setting)', async () => {
    const world = idle(buildWorld(worldWith({ ...API_ONLY, pullFailRate: 0, pullCallsPerDay: 1000 }), 4), 1);
    const busy = world.suppliers[0]!.id;
    const calls: Call[] = [];
    await runPolicy(world, { ...policy('fixed20-pulls'), sync: { ...PULLS_ONLY, pullEveryMinutes: { hot: 60, normal: 60 } } }, watched(calls));
    const steps = stepsOf(calls, busy);
    // Hourly at most (four steps), though its SKUs are as hot as before.
    for (let i = 1; i < steps.length; i++) expect(steps[i]! - steps[i - 1]!).toBeGreaterThanOrEqual(4);
    expect(steps.length).toBeLessThanOrEqual(world.steps / 4 + 1);
    expect(steps.length).toBeGreaterThan(world.steps / 8);
  });

  it('backs off a system that keeps failing, and brings nothing in from it', async () => {
    const world = buildWorld(worldWith({ ...API_ONLY, pullFailRate: 1, pullCallsPerDay: 1000 }), 4);
    const calls: Call[] = [];
    let healthFailures: number[] = [];
    const failing = await runPolicy(world, policy('fixed20-pulls'), {
      ...watched(calls),
      inspect: async ({ store }) => {
        healthFailures = (await store.listPullHealth()).map((h) => h.failuresInRow);
      },
    });
    const none = await runPolicy(world, policy('fixed20'));
    expect(failing.activity.pullsFailed).toBe(failing.activity.pulls);
    expect(calls.some((c) => c.status === 'timeout')).toBe(true);
    expect(calls.some((c) => c.status === 503)).toBe(true);
    for (const supplier of world.suppliers) {
      const steps = stepsOf(calls, supplier.id);
      const gaps = steps.slice(1).map((s, i) => (s - steps[i]!) * (world.stepMs / 60_000));
      // The wait grows (1, 2, 4 … minutes, at most an hour; a step is 15) and never shrinks while it keeps failing.
      for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]!);
      expect(gaps[gaps.length - 1]).toBeGreaterThanOrEqual(backoffMs(10) / 60_000);
      // Far fewer calls than ticks: without the backoff a hot supplier is called every step.
      expect(steps.length).toBeLessThan(world.steps / 3);
    }
    expect(healthFailures).toEqual(world.suppliers.map((s) => stepsOf(calls, s.id).length));
    expect(Math.min(...healthFailures)).toBeGreaterThanOrEqual(PULL_FAILURES_ALERT);
    expect(failing.activity.reportsApplied + failing.activity.reportsHeld).toBe(none.activity.reportsApplied + none.activity.reportsHeld);
  });

  it('spreads its pulls over the day by the limit the operator entered, and never meets it', async () => {
    const calls: Call[] = [];
    const world = buildWorld(worldWith({ ...API_ONLY, days: 2, pullCallsPerDay: 8, pullDeclaredCallsPerDay: 8, pullFailRate: 0 }), 4);
    await runPolicy(world, policy('fixed20-pulls'), watched(calls));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.status === 200)).toBe(true);
    const stepMinutes = world.stepMs / 60_000;
    for (const s of world.suppliers) {
      const steps = stepsOf(calls, s.id);
      for (let i = 1; i < steps.length; i++) expect((steps[i]! - steps[i - 1]!) * stepMinutes).toBeGreaterThanOrEqual((24 * 60) / 8);
    }
  });

  it('meets the daily call limit as an error the product backs off from', async () => {
    const calls: Call[] = [];
    const f = await runPolicy(buildWorld(worldWith({ ...API_ONLY, pullCallsPerDay: 3, pullFailRate: 0 }), 4), policy('fixed20-pulls'), watched(calls));
    const answered = calls.filter((c) => c.status === 200);
    expect(answered.length).toBe(f.activity.pullCalls);
    expect(answered.length).toBeLessThanOrEqual(3 * 2 * 2);
    expect(calls.some((c) => c.status === 429)).toBe(true);
    expect(f.activity.pullsFailed).toBe(calls.filter((c) => c.status !== 200).length);
    // Refused calls back off like any failure: far fewer than one a step.
    expect(calls.length).toBeLessThan(0.5 * 2 * 2 * 96);
  });

  it('serves the system\'s own stock as its ERP took it pullLatencyMinutes ago, never the product\'s figure', async () => {
    const world = buildWorld(worldWith({ ...API_ONLY, pullLatencyMinutes: 15, pullFailRate: 0 }), 4);
    const r = await openReplay(world, policy('fixed20-pulls'), {});
    try {
      const http = r.deps.http!;
      const served = async (at: number): Promise<number[]> => {
        r.clock.set(world.start + at * world.stepMs);
        const res = await http(stockUrl(world.suppliers[0]!.id));
        expect(res.status).toBe(200);
        const body = await res.json() as { items: Array<{ code: string; qty: number }> };
        expect(body.items.map((i) => i.code)).toEqual(r.skusOf[0]!.map((k) => world.skus[k]!.id));
        return body.items.map((i) => i.qty);
      };
      const truthOf = (): number[] => r.skusOf[0]!.map((k) => r.trueStock[k]!);
      takeSnapshots(r, 0);
      const before = truthOf();
      for (const k of r.skusOf[0]!) r.trueStock[k] = r.trueStock[k]! + 7;
      takeSnapshots(r, 1);
      // One step (15 minutes) late: the stock before the change, though the shelf has moved.
      expect(await served(1)).toEqual(before);
      takeSnapshots(r, 2);
      expect(await served(2)).toEqual(before.map((v) => v + 7));
      expect((await http('https://erp.sim/NOBODY/stock')).status).toBe(404);
    } finally {
      await r.sqlite.close();
    }
  });
});

describe('recounts asked by the product', () => {
  const PORTAL_ONLY: Partial<WorldConfig> = { skus: 24, suppliers: 4, days: 2, warmupDays: 1, levelMix: [0, 1, 0] };

  it('reach portal suppliers\' inboxes when our sales run ahead of a count, and bring counts in', async () => {
    const world = buildWorld(worldWith(PORTAL_ONLY), 4);
    let inboxed = 0;
    const asked = await runPolicy(world, policy('fixed20-recount'), {
      inspect: async ({ store }) => {
        for (const user of await store.listUsers()) {
          if (user.role === 'supplier') inboxed += (await store.listAlerts(user.id, 10_000)).filter((a) => a.kind === 'recountDue').length;
        }
      },
    });
    const silent = await runPolicy(world, policy('fixed20'));
    expect(asked.activity.recountAsks).toBeGreaterThan(0);
    expect(inboxed).toBe(asked.activity.recountAsks);
    expect(asked.activity.reminders).toBe(0);
    expect(asked.activity.reportsApplied + asked.activity.reportsHeld).toBeGreaterThan(silent.activity.reportsApplied + silent.activity.reportsHeld);
  });

  it('bring nothing when nobody reads them', async () => {
    const world = buildWorld(worldWith({ ...PORTAL_ONLY, consentGrantRate: 0, portalInboxCompliance: 0 }), 4);
    const asked = await runPolicy(world, policy('fixed20-recount'));
    const silent = await runPolicy(world, policy('fixed20'));
    expect(asked.activity.recountAsks).toBeGreaterThan(0);
    expect(asked.activity.remindersPushed).toBe(0);
    expect(asked.activity.reportsApplied + asked.activity.reportsHeld).toBe(silent.activity.reportsApplied + silent.activity.reportsHeld);
  });
});
