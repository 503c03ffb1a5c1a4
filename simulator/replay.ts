// One replay's state: the product (its own store in memory, a manual clock, the policy's
// settings), the truth only the simulator knows (real stock, our open orders, what is on
// its way), what each supplier remembers, what is scheduled for later steps, and the tally.
// The stages (truth.ts, counts.ts, sync.ts, orders.ts) read and move it; run.ts walks the steps.
import { cutoffInstant } from '../cloudfunctions/src/domain/business-day';
import type { IntegrationLevel, Settings, Sku, Supplier } from '../cloudfunctions/src/domain/model';
import { inShanghai } from '../cloudfunctions/src/domain/time';
import type { Deps } from '../cloudfunctions/src/handlers/action';
import { ManualClock } from '../cloudfunctions/src/runtime/clock';
import type { StockStore } from '../cloudfunctions/src/storage/port';
import { SqliteStore } from '../cloudfunctions/src/storage/sqlite/sqlite-store';
import type { RunOptions } from './figures';
import { type Policy, settingsFor } from './policies';
import { recordingNotifier, reminderUsers, withReminderTemplate } from './reminders';
import { pullSourceFor, snapshotLagSteps, supplierSystems } from './supplier-systems';
import { type Tally, newTally } from './tally';
import type { World } from './world';
import type { WorldConfig } from './world-config';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A count to enter at a later step. */
export interface PendingCount {
  supplierIndex: number;
  skus: number[];
  /** Counted earlier (rules: posted in the group, typed in later); otherwise counted at entry. */
  values?: number[];
}

export interface Replay {
  world: World;
  config: WorldConfig;
  seed: number;
  policy: Policy;
  settings: Settings;
  /** The store the product is given (tests may wrap it), and the SQLite under it. */
  store: StockStore;
  sqlite: SqliteStore;
  clock: ManualClock;
  deps: Deps;
  /** The policy asks people, by reminders or recounts (portal suppliers' staff and an operator exist to be asked). */
  reminding: boolean;
  /** Who got a subscription message this step (the product's alerting sent it, spending a consent). */
  pushedThisStep: Set<string>;

  skuIndexById: Map<string, number>;
  /** Each supplier's SKU indexes. */
  skusOf: number[][];
  levelOf: (skuIndex: number) => IntegrationLevel;
  stepsPerDay: number;
  stepHours: number;
  /** Our orders after this instant would land in a wave that closes after the run ends. */
  lastCutoff: number;
  stepOf: (at: number) => number;

  // The truth, which only the simulator knows.
  trueStock: Int32Array;
  /** Units our leaders reserved that have not yet shipped or been confirmed short. */
  ourOpen: Int32Array;
  /** Units on their way from the supplier's own supplier. */
  inbound: Int32Array;

  // What suppliers remember, and what we wait for.
  /** What the supplier last told us, per SKU (its own memory: pushes, ad-hoc thresholds). */
  lastSent: Int32Array;
  /** A portal SKU's big move has been noticed (reported, or let go) since its last count. */
  adhocNoticed: Uint8Array;
  /** Held reports whose confirmation is scheduled (a pull's are found after it, the rest as submitted). */
  heldKnown: Set<string>;

  // The API suppliers' systems (supplier-systems.ts), which the product pulls.
  /** Their ERPs' snapshots of the truth, one a step, as far back as the answer lags. */
  erpSnapshots: Int32Array[];
  /** Calls each system answered on day `pullCallsDay` (its call limit). */
  pullCallsToday: Int32Array;
  pullCallsDay: number;

  // What happens at a later step, by step.
  arrivals: Map<number, Array<{ sku: number; qty: number }>>;
  pendingCounts: Map<number, PendingCount[]>;
  heldConfirms: Map<number, Array<{ heldId: string; by: string }>>;
  waveConfirms: Map<number, string[]>;
  scheduledWaves: Set<string>;
  /** Units refused for stock this step, per SKU: the cap on what can count as stranded. */
  refusedThisStep: Map<number, number>;

  tally: Tally;
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The product's catalogue as the world has it: every supplier and SKU, with the policy's settings. */
async function stockProduct(store: StockStore, world: World, policy: Policy, settings: Settings, reminding: boolean): Promise<void> {
  const { config, skus: simSkus, suppliers: simSuppliers } = world;
  const pullEvery = policy.sync?.pullEveryMinutes ?? null;
  const suppliers: Supplier[] = simSuppliers.map((s) => ({
    id: s.id, name: s.name, level: s.level, reportTimes: config.reportTimes, basis: 'physical',
    ...(policy.levelBuffers?.[s.level] ? { bufferPolicy: policy.levelBuffers[s.level] } : {}),
    // The operator registered the system's stock endpoint: the product's scheduler pulls it.
    ...(s.level === 'api' && pullEvery !== null ? { pull: pullSourceFor(s.id, pullEvery, config.pullDeclaredCallsPerDay) } : {}),
  }));
  const skus: Sku[] = simSkus.map((k) => ({
    id: k.id, supplierId: simSuppliers[k.supplierIndex]!.id, name: `商品${k.id}`, spec: '1件', category: '生鲜',
    price: 1990, listed: true, warningLine: settings.warningLine,
  }));
  await store.saveSettings(settings);
  await store.upsertSuppliers(suppliers);
  await store.upsertSkus(skus);
  // Portal suppliers' staff and an operator, who get the product's reminders.
  if (reminding) await store.upsertUsers(reminderUsers(simSuppliers));
}

export async function openReplay(world: World, policy: Policy, options: RunOptions): Promise<Replay> {
  const { config, skus: simSkus, suppliers: simSuppliers, stepMs } = world;
  const reminding = policy.sync?.remindPortal === true || policy.sync?.recount === true;
  const settings = reminding ? withReminderTemplate(settingsFor(policy)) : settingsFor(policy);
  const pushedThisStep = new Set<string>();
  const sqlite = new SqliteStore({ filename: ':memory:', synchronous: 'NORMAL' });
  const store = options.wrapStore ? options.wrapStore(sqlite) : sqlite;
  const clock = new ManualClock(world.start);
  let idSeq = 0;
  // Sequential ids keep every run of a seed identical (the product's ids are random).
  const deps: Deps = {
    store, clock, notifier: reminding ? recordingNotifier(pushedThisStep) : {}, files: { read: async () => null }, runtime: 'selfhosted', demo: false,
    newId: (prefix) => `${prefix}_${(++idSeq).toString(36).padStart(8, '0')}`,
  };
  const pulling = policy.sync?.pullEveryMinutes != null;
  await stockProduct(store, world, policy, settings, reminding);

  const n = simSkus.length;
  const skusOf: number[][] = simSuppliers.map(() => []);
  for (const k of simSkus) skusOf[k.supplierIndex]!.push(k.index);
  const trueStock = new Int32Array(n);
  for (const k of simSkus) trueStock[k.index] = k.initial;
  const lastDay = inShanghai(world.start + (world.steps - 1) * stepMs).format('YYYY-MM-DD');
  const r: Replay = {
    world, config, seed: world.seed, policy, settings, store, sqlite, clock, deps, reminding, pushedThisStep,
    skuIndexById: new Map(simSkus.map((k) => [k.id, k.index])),
    skusOf,
    levelOf: (skuIndex) => simSuppliers[simSkus[skuIndex]!.supplierIndex]!.level,
    stepsPerDay: Math.round((24 * HOUR) / stepMs),
    stepHours: stepMs / HOUR,
    lastCutoff: cutoffInstant(lastDay, settings.cutoffTime),
    stepOf: (at) => Math.ceil((at - world.start) / stepMs),
    trueStock,
    ourOpen: new Int32Array(n),
    inbound: new Int32Array(n),
    lastSent: new Int32Array(n).fill(-1),
    adhocNoticed: new Uint8Array(n),
    heldKnown: new Set(),
    erpSnapshots: pulling ? Array.from({ length: snapshotLagSteps(world) + 1 }, () => new Int32Array(n)) : [],
    pullCallsToday: new Int32Array(simSuppliers.length),
    pullCallsDay: 0,
    arrivals: new Map(),
    pendingCounts: new Map(),
    heldConfirms: new Map(),
    waveConfirms: new Map(),
    scheduledWaves: new Set(),
    refusedThisStep: new Map(),
    tally: newTally(trueStock.reduce((a, b) => a + b, 0)),
  };
  // The product reaches the suppliers' systems through deps.http, as it would the platform's fetch.
  if (pulling) deps.http = options.wrapHttp ? options.wrapHttp(supplierSystems(r)) : supplierSystems(r);
  return r;
}

export const totalStock = (r: Replay): number => r.trueStock.reduce((a, b) => a + b, 0);
