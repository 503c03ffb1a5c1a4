// Keeping counts fresh, by the product's own scheduler jobs: its 报数超龄 reminders and
// 销量超比例 recounts decide who is asked (the world's people decide who answers), and its
// tiered pull decides when each API supplier's system is called (the systems' answers
// are the world's: supplier-systems.ts). Nothing here decides when to pull.
import type { AlertKind } from '../cloudfunctions/src/domain/alerts';
import { overAgeBySupplier } from '../cloudfunctions/src/domain/count-age';
import type { InventoryRecord } from '../cloudfunctions/src/domain/model';
import { countsInForce, recountDue } from '../cloudfunctions/src/domain/recount';
import { pullStock } from '../cloudfunctions/src/jobs/pull-stock';
import { askRecounts } from '../cloudfunctions/src/jobs/recount';
import { remindOverAgeCounts } from '../cloudfunctions/src/jobs/reminders';
import { awaitConfirmation, schedule } from './counts';
import { operatorChase, operatorRemindedAbout, portalResponse, supplierUserId } from './reminders';
import type { Replay } from './replay';
import { takeSnapshots } from './supplier-systems';
import { timed } from './tally';

/** The asks a supplier answers by counting again: an over-age reminder, and a recount when sales ran ahead. */
export const COUNT_ASKS: readonly AlertKind[] = ['countOverAge', 'recountDue'];

/** SKUs of a supplier whose units placed since their count ran ahead of it: what the product's 销量超比例 alert names. */
async function ranAheadSkus(r: Replay, supplierId: string, records: InventoryRecord[], now: number): Promise<Set<string>> {
  const share = r.settings.alerts.recountSalesShare;
  const ahead = new Set<string>();
  for (const count of countsInForce(records.filter((rec) => rec.supplierId === supplierId && rec.onHand > 0))) {
    const sold = await r.store.unitsPlaced(count.records.map((rec) => rec.skuId), count.reportedAt, now);
    for (const rec of count.records) if (recountDue(rec.onHand, sold.get(rec.skuId) ?? 0, share)) ahead.add(rec.skuId);
  }
  return ahead;
}

/** The SKUs an ask names: over-age rows are marked on the report page, a recount names those that ran ahead. */
async function askedSkus(r: Replay, supplierId: string, kinds: ReadonlySet<AlertKind>, records: InventoryRecord[], now: number): Promise<Set<string>> {
  const asked = new Set<string>();
  if (kinds.has('countOverAge')) {
    for (const rec of overAgeBySupplier(records, r.settings.tiers.maxReportAgeHours, now).get(supplierId) ?? []) asked.add(rec.skuId);
  }
  if (kinds.has('recountDue')) for (const id of await ranAheadSkus(r, supplierId, records, now)) asked.add(id);
  return asked;
}

/**
 * The product's own jobs decide who is asked to count again (over-age counts, sales run
 * ahead of a count); the world decides who answers. One answer per supplier and step,
 * however many asks reached it.
 */
export async function askPeople(r: Replay, step: number, now: number): Promise<void> {
  const sync = r.policy.sync;
  if (!sync || !r.reminding) return;
  const { world, config, seed, tally } = r;
  r.pushedThisStep.clear();
  // What the jobs read: the counts before they run (an ask names the SKUs of these counts).
  const records = await timed(tally, 'store.listInventory', () => r.store.listInventory());
  if (sync.remindPortal) await timed(tally, 'remindOverAgeCounts', () => remindOverAgeCounts(r.deps));
  // Also requests an out-of-turn pull of an API system; pullStock makes it later in the step.
  if (sync.recount) await timed(tally, 'askRecounts', () => askRecounts(r.deps));
  const operatorAsked = await operatorRemindedAbout(r.deps, now, COUNT_ASKS);
  for (const supplier of world.suppliers) {
    let recount = null;
    let kinds = new Set<AlertKind>();
    if (supplier.level === 'portal') {
      const alerts = (await r.store.listAlerts(supplierUserId(supplier.id), 10)).filter((a) => a.at === now && COUNT_ASKS.includes(a.kind));
      if (alerts.length === 0) continue;
      kinds = new Set(alerts.map((a) => a.kind));
      tally.activity.reminders += alerts.filter((a) => a.kind === 'countOverAge').length;
      tally.activity.recountAsks += alerts.filter((a) => a.kind === 'recountDue').length;
      const pushed = r.pushedThisStep.has(`o-${supplierUserId(supplier.id)}`);
      if (pushed) tally.activity.remindersPushed += 1;
      recount = portalResponse(config, seed, supplier, step, pushed, world.stepMs);
    } else if (supplier.level === 'rules' && operatorAsked.has(supplier.id)) {
      kinds = operatorAsked.get(supplier.id)!;
      tally.activity.operatorChases += 1;
      recount = operatorChase(config, seed, supplier, step, world.stepMs);
    }
    if (!recount) continue;
    const asked = await askedSkus(r, supplier.id, kinds, records, now);
    const skuList = r.skusOf[supplier.index]!.filter((k) => asked.has(world.skus[k]!.id));
    schedule(r, step + recount.afterSteps, { supplierIndex: supplier.index, skus: skuList }, true);
  }
}

/**
 * The product's pullStock job, as the scheduler runs it each tick: it decides which API
 * systems are due (by tier, backoff, out-of-turn requests) and calls them through
 * deps.http. A pulled count that jumped is held like a pushed one, and the operator,
 * prompted, confirms it later.
 */
export async function pullSystems(r: Replay, step: number): Promise<void> {
  if (r.erpSnapshots.length === 0) return;
  const { tally } = r;
  takeSnapshots(r, step);
  const outcomes = await timed(tally, 'pullStock', () => pullStock(r.deps));
  for (const outcome of outcomes) {
    tally.activity.pulls += 1;
    if (!outcome.ok) {
      tally.activity.pullsFailed += 1;
      continue;
    }
    if (!outcome.lines) continue;
    const supplierIndex = r.world.suppliers.findIndex((s) => s.id === outcome.supplierId);
    const held = (await r.store.listHeldReports({ supplierId: outcome.supplierId, status: 'held' })).filter((h) => !r.heldKnown.has(h.id));
    if (held.length === 0) tally.activity.reportsApplied += 1;
    for (const h of held) await awaitConfirmation(r, supplierIndex, h.id, step, h.thread);
  }
}
