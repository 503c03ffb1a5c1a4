// Sync priorities, for a policy that has them: our pulls of API endpoints by tier (the
// simulator's own, not ideal: late, failing, limited per supplier a day), and the
// product's own 报数超龄 reminders, which the world's people answer or not.
import { overAgeBySupplier } from '../cloudfunctions/src/domain/count-age';
import type { InventoryRecord } from '../cloudfunctions/src/domain/model';
import { remindOverAgeCounts } from '../cloudfunctions/src/jobs/reminders';
import { schedule, submit } from './counts';
import type { SyncPriorities } from './policies';
import { STREAM, draw } from './random';
import { operatorChase, operatorRemindedAbout, portalResponse, supplierUserId } from './reminders';
import { MINUTE, type Replay } from './replay';
import { timed } from './tally';
import { rateFor } from './world-suppliers';

/** We pull the endpoint for SKUs older than their tier's interval: the truth, when we asked. */
async function pullByTier(r: Replay, step: number, now: number, records: InventoryRecord[], pullMinutes: NonNullable<SyncPriorities['apiPullMinutes']>): Promise<void> {
  const { world, config, tally } = r;
  const byId = new Map(records.map((rec) => [rec.skuId, rec]));
  const latencySteps = Math.ceil((config.pullLatencyMinutes * MINUTE) / world.stepMs);
  for (const supplier of world.suppliers) {
    if (supplier.level !== 'api') continue;
    const due = r.skusOf[supplier.index]!.filter((k) => {
      const rec = byId.get(world.skus[k]!.id);
      return rec !== undefined && !r.heldWaiting[k] && !r.pullWaiting[k] && now - rec.reportedAt >= pullMinutes[rec.tier] * MINUTE;
    });
    if (due.length === 0 || r.pullCallsToday[supplier.index]! >= config.pullCallsPerDay) continue;
    r.pullCallsToday[supplier.index] = r.pullCallsToday[supplier.index]! + 1;
    tally.activity.pulls += 1;
    // The endpoint times out or errors now and then; the SKUs stay due and are tried again.
    if (draw(r.seed, STREAM.pullFail, supplier.index, step) < rateFor(config.pullFailRate, supplier)) continue;
    // Its answer is the stock when we asked, landing pullLatencyMinutes later.
    const values = due.map((k) => r.trueStock[k]!);
    if (latencySteps === 0) await submit(r, supplier.index, due, values, step);
    else {
      for (const k of due) r.pullWaiting[k] = 1;
      schedule(r, step + latencySteps, { supplierIndex: supplier.index, skus: due, values }, false);
    }
  }
}

/** The product's own job decides who is reminded; the world decides who answers. */
async function answerReminders(r: Replay, step: number, now: number, records: InventoryRecord[]): Promise<void> {
  const { world, config, seed, tally } = r;
  r.pushedThisStep.clear();
  await timed(tally, 'remindOverAgeCounts', () => remindOverAgeCounts(r.deps));
  const overAge = overAgeBySupplier(records, r.settings.tiers.maxReportAgeHours, now);
  const operatorAsked = await operatorRemindedAbout(r.deps, now);
  for (const supplier of world.suppliers) {
    let recount = null;
    if (supplier.level === 'portal') {
      const [newest] = await r.store.listAlerts(supplierUserId(supplier.id), 1);
      if (newest?.kind !== 'countOverAge' || newest.at !== now) continue;
      tally.activity.reminders += 1;
      const pushed = r.pushedThisStep.has(`o-${supplierUserId(supplier.id)}`);
      if (pushed) tally.activity.remindersPushed += 1;
      recount = portalResponse(config, seed, supplier, step, pushed, world.stepMs);
    } else if (supplier.level === 'rules' && operatorAsked.has(supplier.id)) {
      tally.activity.operatorChases += 1;
      recount = operatorChase(config, seed, supplier, step, world.stepMs);
    }
    if (!recount) continue;
    // The report page (or the operator's list) marks the over-age rows; those are counted again.
    const marked = new Set((overAge.get(supplier.id) ?? []).map((rec) => rec.skuId));
    const skuList = r.skusOf[supplier.index]!.filter((k) => marked.has(world.skus[k]!.id));
    schedule(r, step + recount.afterSteps, { supplierIndex: supplier.index, skus: skuList }, true);
  }
}

/** Our side of keeping counts fresh, after the suppliers' own counts of this step. */
export async function syncByTier(r: Replay, step: number, now: number): Promise<void> {
  const sync = r.policy.sync;
  if (!sync) return;
  if (step % r.stepsPerDay === 0) r.pullCallsToday.fill(0);
  const records = await timed(r.tally, 'store.listInventory', () => r.store.listInventory());
  if (sync.apiPullMinutes) await pullByTier(r, step, now, records, sync.apiPullMinutes);
  if (sync.remindPortal) await answerReminders(r, step, now, records);
}
