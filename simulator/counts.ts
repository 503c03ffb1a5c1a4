// Counts reaching the product: the scheduled reports (as counted, copied from last time,
// or on the wrong basis), the ERP's pushes, a portal supplier's ad-hoc report after a big
// move, and held reports confirmed later. Every count goes through the product's own
// receiveCount, as the supplier's (or the operator's) submission would.
import type { IntegrationLevel, ReportLine, ReportSource } from '../cloudfunctions/src/domain/model';
import { confirmHeld, receiveCount } from '../cloudfunctions/src/handlers/count-intake';
import { STREAM, between, draw } from './random';
import { maybeGrantConsent, supplierUserId } from './reminders';
import { MINUTE, type PendingCount, type Replay, push } from './replay';
import { timed } from './tally';
import type { ScheduledCount } from './world';
import { rateFor } from './world-suppliers';

const SOURCE: Record<IntegrationLevel, ReportSource> = { api: 'api', portal: 'form', rules: 'operator' };
const BY: Record<IntegrationLevel, (supplierId: string) => string> = {
  api: (id) => `erp:${id}`,
  portal: supplierUserId,
  rules: () => 'operator',
};

/** What a person counting this SKU now writes down: the truth, or a slip of the hand. */
export function countValue(r: Replay, sku: number, step: number, level: IntegrationLevel): number {
  const { config, seed, world } = r;
  const truth = r.trueStock[sku]!;
  const base = level === 'portal' ? config.portalCountErrorRate : level === 'rules' ? config.rulesCountErrorRate : 0;
  const rate = rateFor(base, world.suppliers[world.skus[sku]!.supplierIndex]!);
  if (rate <= 0 || draw(seed, STREAM.countError, sku, step) >= rate) return truth;
  const off = (2 * draw(seed, STREAM.countErrorSize, sku, step) - 1) * config.countErrorSize;
  return Math.max(0, Math.round(truth * (1 + off)));
}

export async function resolveHeld(r: Replay, heldId: string, by: string): Promise<void> {
  const { activity } = r.tally;
  const target = await waitingInThread(r, heldId);
  const res = await timed(r.tally, 'confirmHeld', () => confirmHeld(r.deps, target, by));
  if (res.ok) activity.heldConfirmed += 1;
  else if (res.error.code === 'SUPERSEDED') activity.heldSuperseded += 1;
  else throw new Error(`confirmHeld ${heldId}: ${res.error.message}`);
}

/**
 * What the person prompted finds waiting when they come to it: the held report itself, or
 * the one that took its place when the same SKUs jumped again (its thread).
 */
async function waitingInThread(r: Replay, heldId: string): Promise<string> {
  const held = await r.store.getHeldReport(heldId);
  if (!held || held.status === 'held') return heldId;
  const thread = held.thread ?? held.id;
  const waiting = (await r.store.listHeldReports({ supplierId: held.supplierId, status: 'held' })).find((h) => h.thread === thread);
  return waiting?.id ?? heldId;
}

function heldConfirmMinutes(r: Replay, level: IntegrationLevel): number {
  const { config } = r;
  return level === 'api' ? config.apiHeldConfirmMinutes : level === 'portal' ? config.portalHeldConfirmMinutes : config.rulesHeldConfirmMinutes;
}

/** A count reaches the product exactly as a supplier's (or the operator's) submission would. */
export async function submit(r: Replay, supplierIndex: number, skuList: number[], values: number[], step: number): Promise<void> {
  if (skuList.length === 0) return;
  const { world, tally } = r;
  const supplier = world.suppliers[supplierIndex]!;
  const lines: ReportLine[] = skuList.map((sku, i) => ({ skuId: world.skus[sku]!.id, onHand: values[i]! }));
  const by = BY[supplier.level](supplier.id);
  const res = await timed(tally, 'receiveCount', () => receiveCount(r.deps, { supplierId: supplier.id, source: SOURCE[supplier.level], by, lines }));
  if (!res.ok) throw new Error(`receiveCount ${supplier.id}: ${res.error.message}`);
  skuList.forEach((sku, i) => {
    r.lastSent[sku] = values[i]!;
    r.adhocNoticed[sku] = 0;
  });
  if (r.reminding && supplier.level === 'portal') await maybeGrantConsent(r.deps, r.config, r.seed, supplier, step);
  if (res.data.status === 'applying') throw new Error(`receiveCount ${supplier.id}: stopped part-way, which the embedded store never does`);
  if (res.data.status === 'applied') tally.activity.reportsApplied += 1;
  const held = res.data.held;
  if (!held) return;
  await awaitConfirmation(r, supplierIndex, held.id, step, held.thread);
}

/**
 * A held report (only the lines that jumped wait; the rest applied at once): the
 * supplier (or the operator, for api and rules) is prompted and confirms a real count.
 */
export async function awaitConfirmation(r: Replay, supplierIndex: number, heldId: string, step: number, thread?: string): Promise<void> {
  const supplier = r.world.suppliers[supplierIndex]!;
  r.tally.activity.reportsHeld += 1;
  r.heldKnown.add(heldId);
  // The same jump seen again is not pushed again: the person already prompted confirms what waits.
  if (thread !== undefined) return;
  const delaySteps = Math.ceil((heldConfirmMinutes(r, supplier.level) * MINUTE) / r.world.stepMs);
  const confirmBy = supplier.level === 'portal' ? BY.portal(supplier.id) : 'operator';
  if (delaySteps === 0) await resolveHeld(r, heldId, confirmBy);
  else push(r.heldConfirms, step + delaySteps, { heldId, by: confirmBy });
}

/** Enter a count at a later step; `merge` joins it to a count of the same supplier due then. */
export function schedule(r: Replay, step: number, count: PendingCount, merge: boolean): void {
  const list = r.pendingCounts.get(step) ?? [];
  const same = merge ? list.find((c) => c.supplierIndex === count.supplierIndex && c.values === undefined) : undefined;
  if (same) {
    for (const sku of count.skus) if (!same.skus.includes(sku)) same.skus.push(sku);
  } else list.push(count);
  r.pendingCounts.set(step, list);
}

/**
 * A scheduled report taken now. A copied report resends the last numbers (the product
 * cannot tell); otherwise a count. Now and then the number given is "available" (our open
 * orders already taken off) on a physical basis.
 */
async function takeScheduled(r: Replay, count: ScheduledCount, step: number): Promise<void> {
  const supplier = r.world.suppliers[count.supplierIndex]!;
  const list = r.skusOf[count.supplierIndex]!;
  const mixed = draw(r.seed, STREAM.basisMix, count.supplierIndex, step) < rateFor(r.config.basisMixRate, supplier);
  const counted = (k: number): number => (mixed ? Math.max(0, countValue(r, k, step, supplier.level) - r.ourOpen[k]!) : countValue(r, k, step, supplier.level));
  const values = list.map((k) => (count.copyLast && r.lastSent[k]! >= 0 ? r.lastSent[k]! : counted(k)));
  if (count.entryStep === step) await submit(r, count.supplierIndex, list, values, step);
  else schedule(r, count.entryStep, { supplierIndex: count.supplierIndex, skus: list, values }, false);
}

/** The ERP pushes what changed since it last pushed; now and then the webhook fails unnoticed. */
async function apiPushes(r: Replay, step: number): Promise<void> {
  for (const supplier of r.world.suppliers) {
    if (supplier.level !== 'api') continue;
    const changed = r.skusOf[supplier.index]!.filter((k) => r.trueStock[k] !== r.lastSent[k]);
    if (changed.length === 0) continue;
    if (draw(r.seed, STREAM.pushLoss, supplier.index, step) < rateFor(r.config.apiPushLoss, supplier)) {
      // The webhook failed; the ERP believes it delivered and waits for the next change.
      for (const k of changed) r.lastSent[k] = r.trueStock[k]!;
      continue;
    }
    await submit(r, supplier.index, changed, changed.map((k) => r.trueStock[k]!), step);
  }
}

/** A portal supplier notices a big move since its last count and (sometimes) reports it. */
async function portalAdhoc(r: Replay, step: number): Promise<void> {
  const { config, seed } = r;
  for (const supplier of r.world.suppliers) {
    if (supplier.level !== 'portal') continue;
    const moved: number[] = [];
    for (const k of r.skusOf[supplier.index]!) {
      if (r.adhocNoticed[k] || r.lastSent[k]! < 0) continue;
      const delta = Math.abs(r.trueStock[k]! - r.lastSent[k]!);
      if (delta >= Math.max(config.portalAdhocMinUnits, config.portalAdhocRatio * r.lastSent[k]!)) moved.push(k);
    }
    for (const k of moved) {
      r.adhocNoticed[k] = 1;
      if (draw(seed, STREAM.adhocComply, k, step) >= config.portalAdhocCompliance) continue;
      const delay = between(config.portalAdhocDelayMinutes[0], config.portalAdhocDelayMinutes[1], draw(seed, STREAM.adhocDelay, k, step));
      const at = step + Math.ceil((delay * MINUTE) / r.world.stepMs);
      if (at === step) await submit(r, supplier.index, [k], [countValue(r, k, step, 'portal')], step);
      else schedule(r, at, { supplierIndex: supplier.index, skus: [k] }, true);
    }
  }
}

/** Step 5 of a step, but for our pulls and reminders (sync.ts): every count due now reaches the product. */
export async function countsReach(r: Replay, step: number): Promise<void> {
  for (const held of r.heldConfirms.get(step) ?? []) await resolveHeld(r, held.heldId, held.by);
  for (const count of r.world.counts[step]!) await takeScheduled(r, count, step);
  for (const count of r.pendingCounts.get(step) ?? []) {
    const level = r.world.suppliers[count.supplierIndex]!.level;
    await submit(r, count.supplierIndex, count.skus, count.values ?? count.skus.map((k) => countValue(r, k, step, level)), step);
  }
  r.pendingCounts.delete(step);
  const apiEvery = Math.max(1, Math.round((r.config.apiPushMinutes * MINUTE) / r.world.stepMs));
  if (step % apiEvery === 0) await apiPushes(r, step);
  await portalAdhoc(r, step);
}
