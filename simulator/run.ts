// The replay: a discrete-time walk through the world, step by step, driving the
// product's own handlers, jobs and store (SQLite in memory) with a manual clock.
// The simulator keeps only the truth the product cannot see — each SKU's real stock,
// what other channels sold, what arrived — and measures the product against it.
// Sellable, buffers, projection, tiers, waves and shortages are all the product's.
import { cutoffInstant } from '../cloudfunctions/src/domain/business-day';
import { overAgeBySupplier } from '../cloudfunctions/src/domain/count-age';
import type { ErrorCode } from '../cloudfunctions/src/domain/errors';
import type { IntegrationLevel, InventoryRecord, ReportLine, ReportSource, Sku, Supplier } from '../cloudfunctions/src/domain/model';
import { inShanghai } from '../cloudfunctions/src/domain/time';
import type { Deps } from '../cloudfunctions/src/handlers/action';
import type { ShortageDetails } from '../cloudfunctions/src/contract/api';
import { confirmHeld, receiveCount } from '../cloudfunctions/src/handlers/count-intake';
import { placeOrder } from '../cloudfunctions/src/handlers/order-placement';
import { confirmWave } from '../cloudfunctions/src/handlers/waves';
import { refreshStock } from '../cloudfunctions/src/jobs/refresh-stock';
import { remindOverAgeCounts } from '../cloudfunctions/src/jobs/reminders';
import { closeDueWaves } from '../cloudfunctions/src/jobs/waves';
import { ManualClock } from '../cloudfunctions/src/runtime/clock';
import { SqliteStore } from '../cloudfunctions/src/storage/sqlite/sqlite-store';
import { type Policy, settingsFor } from './policies';
import { STREAM, between, draw } from './random';
import type { World } from './world';
import type { LevelFigures, PolicyFigures, RunOptions, StockFlow } from './figures';
import { rateFor } from './world-suppliers';
import { maybeGrantConsent, operatorChase, operatorRemindedAbout, portalResponse, recordingNotifier, reminderUsers, supplierUserId, withReminderTemplate } from './reminders';

export type { LevelFigures, PolicyFigures, RunOptions, SimulationResult, StockFlow } from './figures';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;


const SOURCE: Record<IntegrationLevel, ReportSource> = { api: 'api', portal: 'form', rules: 'operator' };
const BY: Record<IntegrationLevel, (supplierId: string) => string> = {
  api: (id) => `erp:${id}`,
  portal: supplierUserId,
  rules: () => 'operator',
};

interface PendingCount {
  supplierIndex: number;
  skus: number[];
  /** Counted earlier (rules: posted in the group, typed in later); otherwise counted at entry. */
  values?: number[];
}

/** Stranded units: stock that existed and was free, but never more than the demand refused. */
export const strandedCap = (free: number, refused: number): number => Math.max(0, Math.min(free, refused));

const emptyLevel = (): LevelFigures => ({ oversoldUnits: 0, strandedUnits: 0, strandedUnitHours: 0, soldUnits: 0 });

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export async function runPolicy(world: World, policy: Policy, options: RunOptions = {}): Promise<PolicyFigures> {
  const began = performance.now();
  const { config, seed, skus: simSkus, suppliers: simSuppliers, stepMs } = world;
  const reminding = policy.sync?.remindPortal === true;
  const settings = reminding ? withReminderTemplate(settingsFor(policy)) : settingsFor(policy);
  /** Who got a subscription message this step (the product's alerting sent it, spending a consent). */
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

  const suppliers: Supplier[] = simSuppliers.map((s) => ({
    id: s.id, name: s.name, level: s.level, reportTimes: config.reportTimes, basis: 'physical',
    ...(policy.levelBuffers?.[s.level] ? { bufferPolicy: policy.levelBuffers[s.level] } : {}),
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

  const n = simSkus.length;
  const skuIndexById = new Map(simSkus.map((k) => [k.id, k.index]));
  const skusOf: number[][] = simSuppliers.map(() => []);
  for (const k of simSkus) skusOf[k.supplierIndex]!.push(k.index);
  const levelOf = (skuIndex: number): IntegrationLevel => simSuppliers[simSkus[skuIndex]!.supplierIndex]!.level;

  // The truth, which only the simulator knows.
  const trueStock = new Int32Array(n);
  for (const k of simSkus) trueStock[k.index] = k.initial;
  /** Units our leaders reserved that have not yet shipped or been confirmed short. */
  const ourOpen = new Int32Array(n);
  /** What the supplier last told us, per SKU (its own memory: pushes, ad-hoc thresholds). */
  const lastSent = new Int32Array(n).fill(-1);
  /** A portal SKU's big move has been noticed (reported, or let go) since its last count. */
  const adhocNoticed = new Uint8Array(n);
  /** SKUs waiting in a held report: we do not pull them again until it is resolved. */
  const heldWaiting = new Uint8Array(n);
  const inbound = new Int32Array(n);
  /** SKUs whose pulled answer is still on its way, and each API supplier's pulls today (its call limit). */
  const pullWaiting = new Uint8Array(n);
  const pullCallsToday = new Int32Array(simSuppliers.length);
  const pullLatencySteps = Math.ceil((config.pullLatencyMinutes * MINUTE) / stepMs);
  const arrivals = new Map<number, Array<{ sku: number; qty: number }>>();
  const pendingCounts = new Map<number, PendingCount[]>();
  const heldConfirms = new Map<number, Array<{ heldId: string; by: string; skus: number[] }>>();
  const waveConfirms = new Map<number, string[]>();
  const scheduledWaves = new Set<string>();

  const stepsPerDay = Math.round((24 * HOUR) / stepMs);
  const stepHours = stepMs / HOUR;
  const lastDay = inShanghai(world.start + (world.steps - 1) * stepMs).format('YYYY-MM-DD');
  const lastCutoff = cutoffInstant(lastDay, settings.cutoffTime);
  const stepOf = (at: number): number => Math.ceil((at - world.start) / stepMs);

  const runFlow: StockFlow = { start: trueStock.reduce((a, b) => a + b, 0), restocked: 0, sold: 0, elsewhere: 0, end: 0 };
  const flow: StockFlow = { start: 0, restocked: 0, sold: 0, elsewhere: 0, end: 0 };
  const byLevel: Record<IntegrationLevel, LevelFigures> = { api: emptyLevel(), portal: emptyLevel(), rules: emptyLevel() };
  const fig = {
    demandUnits: 0, orderedUnits: 0, soldUnits: 0, oversoldUnits: 0, unservedUnits: 0, rationedUnits: 0,
    strandedUnits: 0, strandedUnitHours: 0, lines: 0, shortLines: 0,
  };
  const activity = { reportsApplied: 0, reportsHeld: 0, heldConfirmed: 0, heldSuperseded: 0, pulls: 0, reminders: 0, remindersPushed: 0, operatorChases: 0, ordersPlaced: 0, ordersRefused: 0, waves: 0 };
  let runOrdered = 0;
  let runReserved = 0;
  let runShortUnits = 0;
  let measuring = false;
  const productMs: PolicyFigures['productMs'] = {};
  /** Time one call into the product. */
  async function timed<T>(name: string, call: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await call();
    } finally {
      const entry = productMs[name] ?? (productMs[name] = { calls: 0, ms: 0 });
      entry.calls += 1;
      entry.ms += performance.now() - t0;
    }
  }

  /** What a person counting this SKU now writes down: the truth, or a slip of the hand. */
  const countValue = (sku: number, step: number, level: IntegrationLevel): number => {
    const truth = trueStock[sku]!;
    const base = level === 'portal' ? config.portalCountErrorRate : level === 'rules' ? config.rulesCountErrorRate : 0;
    const rate = rateFor(base, simSuppliers[simSkus[sku]!.supplierIndex]!);
    if (rate <= 0 || draw(seed, STREAM.countError, sku, step) >= rate) return truth;
    const off = (2 * draw(seed, STREAM.countErrorSize, sku, step) - 1) * config.countErrorSize;
    return Math.max(0, Math.round(truth * (1 + off)));
  };

  const heldConfirmMinutes: Record<IntegrationLevel, number> = {
    api: config.apiHeldConfirmMinutes, portal: config.portalHeldConfirmMinutes, rules: config.rulesHeldConfirmMinutes,
  };

  async function resolveHeld(heldId: string, by: string, heldSkus: number[]): Promise<void> {
    const res = await timed('confirmHeld', () => confirmHeld(deps, heldId, by));
    if (res.ok) activity.heldConfirmed += 1;
    else if (res.error.code === 'SUPERSEDED') activity.heldSuperseded += 1;
    else throw new Error(`confirmHeld ${heldId}: ${res.error.message}`);
    for (const sku of heldSkus) heldWaiting[sku] = 0;
  }

  /** A count reaches the product exactly as a supplier's (or the operator's) submission would. */
  async function submit(supplierIndex: number, skuList: number[], values: number[], step: number): Promise<void> {
    if (skuList.length === 0) return;
    const supplier = simSuppliers[supplierIndex]!;
    const lines: ReportLine[] = skuList.map((sku, i) => ({ skuId: simSkus[sku]!.id, onHand: values[i]! }));
    const by = BY[supplier.level](supplier.id);
    const res = await timed('receiveCount', () => receiveCount(deps, { supplierId: supplier.id, source: SOURCE[supplier.level], by, lines }));
    if (!res.ok) throw new Error(`receiveCount ${supplier.id}: ${res.error.message}`);
    skuList.forEach((sku, i) => {
      lastSent[sku] = values[i]!;
      adhocNoticed[sku] = 0;
      pullWaiting[sku] = 0;
    });
    if (reminding && supplier.level === 'portal') await maybeGrantConsent(deps, config, seed, supplier, step);
    if (res.data.status === 'applying') throw new Error(`receiveCount ${supplier.id}: stopped part-way, which the embedded store never does`);
    if (res.data.status === 'applied') {
      activity.reportsApplied += 1;
      return;
    }
    activity.reportsHeld += 1;
    // The supplier (or the operator, for api and rules) is prompted and confirms a real count.
    const delaySteps = Math.ceil((heldConfirmMinutes[supplier.level] * MINUTE) / stepMs);
    const confirmBy = supplier.level === 'portal' ? by : 'operator';
    if (delaySteps === 0) await resolveHeld(res.data.held.id, confirmBy, []);
    else {
      for (const sku of skuList) heldWaiting[sku] = 1;
      push(heldConfirms, step + delaySteps, { heldId: res.data.held.id, by: confirmBy, skus: skuList });
    }
  }

  function schedule(step: number, count: PendingCount, merge: boolean): void {
    const list = pendingCounts.get(step) ?? [];
    const same = merge ? list.find((c) => c.supplierIndex === count.supplierIndex && c.values === undefined) : undefined;
    if (same) {
      for (const sku of count.skus) if (!same.skus.includes(sku)) same.skus.push(sku);
    } else list.push(count);
    pendingCounts.set(step, list);
  }

  const measure = (amount: number, fn: () => void): void => {
    if (amount !== 0 && measuring) fn();
  };

  async function confirmAndShip(waveId: string): Promise<void> {
    const lines = (await timed('store.listOrderLines', () => store.listOrderLines({ waveId }))).filter((l) => l.status === 'forwarded');
    const totals = new Map<string, number>();
    for (const line of lines) totals.set(line.skuId, (totals.get(line.skuId) ?? 0) + line.qty);
    // The supplier ships what it truly has: whatever we ordered beyond that is oversold.
    const answer = [...totals].map(([skuId, total]) => ({ skuId, shipQty: Math.min(total, trueStock[skuIndexById.get(skuId)!]!) }));
    const wave = await store.getWave(waveId);
    const res = await timed('confirmWave', () => confirmWave(deps, { waveId, skus: answer }, `staff:${wave?.supplierId ?? ''}`, false));
    if (!res.ok) throw new Error(`confirmWave ${waveId}: ${res.error.message}`);
    const confirmed = (await store.listOrderLines({ waveId })).filter((l) => l.status === 'confirmed' || l.status === 'short');
    if (!(await timed('store.shipWave', () => store.shipWave(waveId, clock.now())))) throw new Error(`shipWave ${waveId} refused`);
    activity.waves += 1;
    for (const { skuId, shipQty } of answer) {
      const sku = skuIndexById.get(skuId)!;
      const total = totals.get(skuId)!;
      trueStock[sku] = trueStock[sku]! - shipQty;
      ourOpen[sku] = ourOpen[sku]! - total;
      runFlow.sold += shipQty;
      runOrdered += total;
      runShortUnits += total - shipQty;
      measure(1, () => {
        flow.sold += shipQty;
        fig.soldUnits += shipQty;
        fig.oversoldUnits += total - shipQty;
        byLevel[levelOf(sku)].soldUnits += shipQty;
        byLevel[levelOf(sku)].oversoldUnits += total - shipQty;
      });
    }
    measure(1, () => {
      fig.lines += confirmed.length;
      fig.shortLines += confirmed.filter((l) => l.shortQty > 0).length;
    });
  }

  /**
   * A leader orders as on the availability page: they see the sellable count, ask for at
   * most that, and when the product rations a scarce SKU they take the share it names.
   */
  async function leaderOrders(step: number, index: number, skuIndex: number, leaderId: string, qty: number): Promise<void> {
    const skuId = simSkus[skuIndex]!.id;
    const [record] = await timed('store.listInventory', () => store.listInventory([skuId]));
    let want = Math.min(qty, record?.sellable ?? 0);
    const stockShort = qty - want;
    let placed = 0;
    for (let attempt = 0; attempt < 4 && want > 0; attempt++) {
      const res = await timed('placeOrder', () => placeOrder(deps, leaderId, { idempotencyKey: `${step}-${index}-${attempt}`, lines: [{ skuId, qty: want }] }));
      if (res.ok) {
        placed = want;
        activity.ordersPlaced += 1;
        break;
      }
      activity.ordersRefused += 1;
      const code: ErrorCode = res.error.code;
      if (code === 'QUOTA_EXCEEDED') {
        // The product says how many this leader may still take ("最多还可订 N 件").
        const left = /最多还可订\s*(\d+)\s*件/.exec(res.error.issues?.[0]?.message ?? '');
        want = left ? Math.min(want - 1, Number(left[1])) : want - 1;
      } else if (code === 'INSUFFICIENT_STOCK') {
        want = Math.min(want - 1, (res.error.details as ShortageDetails).short[0]?.sellable ?? 0);
      } else throw new Error(`placeOrder ${skuId}: ${res.error.message}`);
    }
    ourOpen[skuIndex] = ourOpen[skuIndex]! + placed;
    runReserved += placed;
    const free = Math.max(0, trueStock[skuIndex]! - ourOpen[skuIndex]!);
    measure(1, () => {
      fig.demandUnits += qty;
      fig.orderedUnits += placed;
      fig.unservedUnits += qty - placed;
      fig.rationedUnits += qty - stockShort - placed;
      const stranded = strandedCap(free, stockShort);
      fig.strandedUnits += stranded;
      byLevel[levelOf(skuIndex)].strandedUnits += stranded;
    });
    if (stockShort > 0) refusedThisStep.set(skuIndex, (refusedThisStep.get(skuIndex) ?? 0) + stockShort);
  }
  /** Units refused for stock this step, per SKU: the cap on what can count as stranded. */
  const refusedThisStep = new Map<number, number>();

  // Day one, 00:00: every supplier's first count, so every SKU has a record.
  clock.set(world.start);
  for (const supplier of simSuppliers) {
    const list = skusOf[supplier.index]!;
    await submit(supplier.index, list, list.map((k) => trueStock[k]!), 0);
  }

  const apiEvery = Math.max(1, Math.round((config.apiPushMinutes * MINUTE) / stepMs));
  for (let step = 0; step < world.steps; step++) {
    const now = world.start + step * stepMs;
    clock.set(now);
    if (step === world.warmupSteps) {
      measuring = true;
      flow.start = trueStock.reduce((a, b) => a + b, 0);
    }
    const day = Math.floor(step / stepsPerDay);
    const stepOfDay = step % stepsPerDay;

    // 1. Goods arrive.
    for (const { sku, qty } of arrivals.get(step) ?? []) {
      trueStock[sku] = trueStock[sku]! + qty;
      inbound[sku] = inbound[sku]! - qty;
      runFlow.restocked += qty;
      measure(qty, () => (flow.restocked += qty));
    }
    // 2. Other channels sell from the shelf: what they want, as far as it goes.
    for (const { skuIndex, share } of world.bulk[step]!) {
      const take = Math.floor(trueStock[skuIndex]! * share);
      trueStock[skuIndex] = trueStock[skuIndex]! - take;
      runFlow.elsewhere += take;
      measure(take, () => (flow.elsewhere += take));
    }
    const base = step * n;
    for (let sku = 0; sku < n; sku++) {
      const want = world.hidden[base + sku]!;
      if (want === 0) continue;
      const sold = Math.min(want, trueStock[sku]!);
      trueStock[sku] = trueStock[sku]! - sold;
      runFlow.elsewhere += sold;
      measure(sold, () => (flow.elsewhere += sold));
    }
    // 3. The supplier's morning review: reorder what will not last the lead time.
    if (stepOfDay === Math.round((config.reviewHour * HOUR) / stepMs)) {
      for (const k of simSkus) {
        if (k.limited) continue;
        const daily = k.ourPerDay + k.hiddenPerDay;
        if (trueStock[k.index]! + inbound[k.index]! > config.reorderCoverDays * daily) continue;
        const qty = Math.max(10, Math.round(config.orderCoverDays * daily));
        const lead = Math.round(between(config.leadDays[0], config.leadDays[1], draw(seed, STREAM.restockLead, k.index, day)));
        const hour = between(config.arrivalHours[0], config.arrivalHours[1], draw(seed, STREAM.restockHour, k.index, day));
        const at = world.start + (day + lead) * 24 * HOUR + hour * HOUR;
        const arrive = stepOf(at);
        if (arrive >= world.steps) continue;
        inbound[k.index] = inbound[k.index]! + qty;
        push(arrivals, arrive, { sku: k.index, qty });
      }
    }
    // 4. Waves due for confirmation: the supplier ships what it truly has.
    for (const waveId of waveConfirms.get(step) ?? []) await confirmAndShip(waveId);

    // 5. Counts reach the product.
    for (const held of heldConfirms.get(step) ?? []) await resolveHeld(held.heldId, held.by, held.skus);
    for (const count of world.counts[step]!) {
      const level = simSuppliers[count.supplierIndex]!.level;
      const list = skusOf[count.supplierIndex]!;
      // A copied report resends the last numbers (the product cannot tell); otherwise a count.
      // Now and then the number given is "available" (our open orders already taken off) on a physical basis.
      const mixed = draw(seed, STREAM.basisMix, count.supplierIndex, step) < rateFor(config.basisMixRate, simSuppliers[count.supplierIndex]!);
      const counted = (k: number): number => (mixed ? Math.max(0, countValue(k, step, level) - ourOpen[k]!) : countValue(k, step, level));
      const values = list.map((k) => (count.copyLast && lastSent[k]! >= 0 ? lastSent[k]! : counted(k)));
      if (count.entryStep === step) await submit(count.supplierIndex, list, values, step);
      else schedule(count.entryStep, { supplierIndex: count.supplierIndex, skus: list, values }, false);
    }
    for (const count of pendingCounts.get(step) ?? []) {
      const level = simSuppliers[count.supplierIndex]!.level;
      await submit(count.supplierIndex, count.skus, count.values ?? count.skus.map((k) => countValue(k, step, level)), step);
    }
    pendingCounts.delete(step);
    if (step % apiEvery === 0) {
      for (const supplier of simSuppliers) {
        if (supplier.level !== 'api') continue;
        const changed = skusOf[supplier.index]!.filter((k) => trueStock[k] !== lastSent[k]);
        if (changed.length === 0) continue;
        if (draw(seed, STREAM.pushLoss, supplier.index, step) < rateFor(config.apiPushLoss, supplier)) {
          // The webhook failed; the ERP believes it delivered and waits for the next change.
          for (const k of changed) lastSent[k] = trueStock[k]!;
          continue;
        }
        await submit(supplier.index, changed, changed.map((k) => trueStock[k]!), step);
      }
    }
    for (const supplier of simSuppliers) {
      if (supplier.level !== 'portal') continue;
      const moved: number[] = [];
      for (const k of skusOf[supplier.index]!) {
        if (adhocNoticed[k] || lastSent[k]! < 0) continue;
        const delta = Math.abs(trueStock[k]! - lastSent[k]!);
        if (delta >= Math.max(config.portalAdhocMinUnits, config.portalAdhocRatio * lastSent[k]!)) moved.push(k);
      }
      for (const k of moved) {
        adhocNoticed[k] = 1;
        if (draw(seed, STREAM.adhocComply, k, step) >= config.portalAdhocCompliance) continue;
        const delay = between(config.portalAdhocDelayMinutes[0], config.portalAdhocDelayMinutes[1], draw(seed, STREAM.adhocDelay, k, step));
        const at = step + Math.ceil((delay * MINUTE) / stepMs);
        if (at === step) await submit(supplier.index, [k], [countValue(k, step, 'portal')], step);
        else schedule(at, { supplierIndex: supplier.index, skus: [k] }, true);
      }
    }
    if (policy.sync) await syncByTier(step, now);

    // 6. The scheduler's jobs, as its timer would run them.
    await timed('refreshStock', () => refreshStock(deps));
    const closed = await timed('closeDueWaves', () => closeDueWaves(deps));
    for (const waveId of closed.waves) {
      if (scheduledWaves.has(waveId)) continue;
      const wave = await store.getWave(waveId);
      if (!wave) continue;
      scheduledWaves.add(waveId);
      push(waveConfirms, Math.max(step, stepOf(wave.closedAt + config.confirmAfterCutoffMinutes * MINUTE)), waveId);
    }

    // 7. Our leaders order.
    refusedThisStep.clear();
    const events = world.ourDemand[step]!;
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      if (ev.at >= lastCutoff) continue; // its wave would close after the run ends
      clock.set(ev.at);
      await leaderOrders(step, i, ev.skuIndex, ev.leaderId, ev.qty);
    }
    // Stock that sat unoffered while our demand was being turned away, for this step:
    // never more than the units refused, so a buffer nobody asked for does not count.
    for (const [sku, refused] of refusedThisStep) {
      const stranded = strandedCap(trueStock[sku]! - ourOpen[sku]!, refused);
      measure(stranded, () => {
        fig.strandedUnitHours += stranded * stepHours;
        byLevel[levelOf(sku)].strandedUnitHours += stranded * stepHours;
      });
    }
    options.onStep?.(step + 1, world.steps);
  }

  async function syncByTier(step: number, now: number): Promise<void> {
    const sync = policy.sync!;
    if (step % stepsPerDay === 0) pullCallsToday.fill(0);
    const records = await timed('store.listInventory', () => store.listInventory());
    const byId = new Map(records.map((r) => [r.skuId, r]));
    if (sync.apiPullMinutes) {
      const pullMinutes = sync.apiPullMinutes;
      for (const supplier of simSuppliers) {
        if (supplier.level !== 'api') continue;
        // We pull the endpoint for SKUs older than their tier's interval: the truth, now.
        const due = skusOf[supplier.index]!.filter((k) => {
          const r = byId.get(simSkus[k]!.id);
          return r !== undefined && !heldWaiting[k] && !pullWaiting[k] && now - r.reportedAt >= pullMinutes[r.tier] * MINUTE;
        });
        if (due.length === 0 || pullCallsToday[supplier.index]! >= config.pullCallsPerDay) continue;
        pullCallsToday[supplier.index] = pullCallsToday[supplier.index]! + 1;
        activity.pulls += 1;
        // The endpoint times out or errors now and then; the SKUs stay due and are tried again.
        if (draw(seed, STREAM.pullFail, supplier.index, step) < rateFor(config.pullFailRate, supplier)) continue;
        // Its answer is the stock when we asked, landing pullLatencyMinutes later.
        const values = due.map((k) => trueStock[k]!);
        if (pullLatencySteps === 0) await submit(supplier.index, due, values, step);
        else {
          for (const k of due) pullWaiting[k] = 1;
          schedule(step + pullLatencySteps, { supplierIndex: supplier.index, skus: due, values }, false);
        }
      }
    }
    if (sync.remindPortal) await answerReminders(step, now, records);
  }

  /** The product's own job decides who is reminded; the world decides who answers. */
  async function answerReminders(step: number, now: number, records: InventoryRecord[]): Promise<void> {
    pushedThisStep.clear();
    await timed('remindOverAgeCounts', () => remindOverAgeCounts(deps));
    const overAge = overAgeBySupplier(records, settings.tiers.maxReportAgeHours, now);
    const operatorAsked = await operatorRemindedAbout(deps, now);
    for (const supplier of simSuppliers) {
      let recount = null;
      if (supplier.level === 'portal') {
        const [newest] = await store.listAlerts(supplierUserId(supplier.id), 1);
        if (newest?.kind !== 'countOverAge' || newest.at !== now) continue;
        activity.reminders += 1;
        const pushed = pushedThisStep.has(`o-${supplierUserId(supplier.id)}`);
        if (pushed) activity.remindersPushed += 1;
        recount = portalResponse(config, seed, supplier, step, pushed, stepMs);
      } else if (supplier.level === 'rules' && operatorAsked.has(supplier.id)) {
        activity.operatorChases += 1;
        recount = operatorChase(config, seed, supplier, step, stepMs);
      }
      if (!recount) continue;
      // The report page (or the operator's list) marks the over-age rows; those are counted again.
      const marked = new Set((overAge.get(supplier.id) ?? []).map((r) => r.skuId));
      const skuList = skusOf[supplier.index]!.filter((k) => marked.has(simSkus[k]!.id));
      schedule(step + recount.afterSteps, { supplierIndex: supplier.index, skus: skuList }, true);
    }
  }

  runFlow.end = trueStock.reduce((a, b) => a + b, 0);
  flow.end = runFlow.end;
  if (options.inspect) await options.inspect(deps, { trueStock });
  await sqlite.close();

  const sellThrough = fig.soldUnits + flow.end > 0 ? fig.soldUnits / (fig.soldUnits + flow.end) : 0;
  return {
    policyId: policy.id,
    policyName: policy.name,
    ...fig,
    sellThrough,
    shortLinesPerThousand: fig.lines > 0 ? (fig.shortLines / fig.lines) * 1000 : 0,
    byLevel,
    flow,
    runFlow,
    runReserved,
    runOrdered,
    openAtEnd: ourOpen.reduce((a, b) => a + b, 0),
    runShortUnits,
    activity,
    productMs,
    wallMs: performance.now() - began,
  };
}


