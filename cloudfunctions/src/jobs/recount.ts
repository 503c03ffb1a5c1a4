// Recount when sales run ahead (DESIGN §4): every tick, each count in force is held
// against our units placed since it; a supplier whose SKUs ran ahead is asked to count
// them again — in the mini-program if it reports there, through the operators otherwise.
//
// Sized in database calls (about 20 ms each on the cloud): four reads for the whole run,
// one sales total per count in force (a report counts many SKUs at one moment, so about
// one per supplier and report; READS_AT_ONCE in flight), one per pull requested, and
// three to raise what is due.
// Nothing is kept between runs: a supplier is examined whole or left for the next tick,
// and the order turns with each tick, so a run cut short leaves others next time.
import { createHash } from 'node:crypto';
import { ALERT_PAGES, type AlertEvent } from '../domain/alerts';
import { inReminderHours } from '../domain/count-age';
import type { IntegrationLevel, InventoryRecord, Sku, Supplier } from '../domain/model';
import { type PullHealth, emptyHealth, requestedPull } from '../domain/pull';
import { type CountInForce, countsInForce, recountDue, sharePercent } from '../domain/recount';
import type { Deps } from '../handlers/action';
import { raiseAlerts, recipientDirectory } from '../handlers/alerting';
import { byId } from '../handlers/lookups';
import { fits } from '../runtime/budget';
import { inParallel } from '../runtime/parallel';
import { namedSkus } from './reminders';
import { SCHEDULER_TICK_MS } from './tick';

const READS_AT_ONCE = 8;
/** A sales total is one call (a few on a slow day): none starts with less than this left. */
const READ_RESERVE_MS = 1_000;

export interface RecountRun {
  /** Suppliers whose counts were all held against their sales. */
  examined: number;
  /** Alerts raised (one per person and ask). */
  asked: number;
  /** API suppliers whose systems are pulled out of turn instead. */
  pulled: number;
  /** Suppliers the call's time did not reach: the order turns each tick, so a later run reaches them. */
  deferred: number;
}

/** A SKU whose sales since its count ran ahead of it. */
interface RanAhead {
  record: InventoryRecord;
  sold: number;
}

/**
 * An API supplier whose system serves its stock is pulled out of turn (the pull runs
 * later in the same tick) instead of anyone being asked; one whose pulls are failing, or
 * that only pushes, is the operators' to chase. Answers whether a pull was requested.
 */
async function requestPull(deps: Deps, supplier: Supplier, healths: ReadonlyMap<string, PullHealth>): Promise<boolean> {
  if (supplier.level !== 'api' || !supplier.pull) return false;
  const requested = requestedPull(healths.get(supplier.id) ?? emptyHealth(supplier.id), deps.clock.now());
  if (!requested) return false;
  await deps.store.savePullHealth(requested);
  return true;
}

export async function askRecounts(deps: Deps): Promise<RecountRun> {
  const { store, clock } = deps;
  const now = clock.now();
  const { alerts } = await store.getSettings();
  // Switched off, or outside the reminder hours (nobody is woken to count a warehouse): no totals are read.
  if (alerts.disabled.includes('recountDue') || !inReminderHours(now, { from: alerts.overAgeRemindFrom, to: alerts.overAgeRemindTo })) {
    return { examined: 0, asked: 0, pulled: 0, deferred: 0 };
  }
  const [records, skus, suppliers, people, healths] = await Promise.all([store.listInventory(), store.listSkus(), store.listSuppliers(), recipientDirectory(store), store.listPullHealth()]);
  const listed = byId(skus.filter((k) => k.listed));
  const counts = turnedByTick(countsInForce(records.filter((r) => listed.has(r.skuId) && r.onHand > 0)), now);
  const { ranAhead, deferred } = await salesAgainstCounts(deps, counts, alerts.recountSalesShare);
  const healthOf = new Map(healths.map((h) => [h.supplierId, h]));
  const events: AlertEvent[] = [];
  let pulled = 0;
  for (const supplier of suppliers) {
    const due = ranAhead.get(supplier.id);
    if (!due || due.length === 0) continue;
    if (await requestPull(deps, supplier, healthOf)) {
      pulled += 1;
      continue;
    }
    events.push(recountEvent(supplier, due, { share: alerts.recountSalesShare, listed, now, recipients: supplier.level === 'portal' ? people.staffOf(supplier.id) : people.operators }));
  }
  return { examined: ranAhead.size, asked: (await raiseAlerts(deps, events)).length, pulled, deferred: deferred.size };
}

/** Counts in supplier order, starting from a different supplier each tick. */
function turnedByTick(counts: CountInForce[], now: number): CountInForce[] {
  const ids = [...new Set(counts.map((c) => c.supplierId))];
  if (ids.length === 0) return counts;
  const first = ids[Math.floor(now / SCHEDULER_TICK_MS) % ids.length]!;
  const at = counts.findIndex((c) => c.supplierId === first);
  return [...counts.slice(at), ...counts.slice(0, at)];
}

/** Each count's SKUs whose sales since it ran ahead, per supplier examined whole; the suppliers left for the next tick. */
async function salesAgainstCounts(deps: Deps, counts: CountInForce[], share: number): Promise<{ ranAhead: Map<string, RanAhead[]>; deferred: Set<string> }> {
  const found = new Map<string, RanAhead[]>();
  const deferred = new Set<string>();
  const now = deps.clock.now();
  await inParallel(counts, READS_AT_ONCE, async (count) => {
    if (deferred.has(count.supplierId) || !fits(READ_RESERVE_MS)) {
      deferred.add(count.supplierId);
      return;
    }
    const sold = await deps.store.unitsPlaced(count.records.map((r) => r.skuId), count.reportedAt, now);
    const ahead = count.records.map((record) => ({ record, sold: sold.get(record.skuId) ?? 0 })).filter((d) => recountDue(d.record.onHand, d.sold, share));
    found.set(count.supplierId, [...(found.get(count.supplierId) ?? []), ...ahead]);
  });
  for (const id of deferred) found.delete(id);
  return { ranAhead: found, deferred };
}

/** What each level is asked to do, after the SKUs it names. */
const RECOUNT_ASK: Record<IntegrationLevel, string> = {
  portal: '请重新盘点后报数',
  rules: '请向供应商要最新库存后代报',
  api: '请让对方系统立即同步库存，或向供应商要最新库存后代报',
};

interface RecountContext {
  share: number;
  listed: ReadonlyMap<string, Sku>;
  now: number;
  recipients: string[];
}

function recountEvent(supplier: Supplier, due: RanAhead[], ctx: RecountContext): AlertEvent {
  // The furthest ahead first: what the supplier should count before anything else.
  const ordered = [...due].sort((a, b) => b.sold / b.record.onHand - a.sold / a.record.onHand || (a.record.skuId < b.record.skuId ? -1 : 1));
  const names = namedSkus(ordered, ({ record, sold }) => {
    const sku = ctx.listed.get(record.skuId)!;
    return `${sku.name} ${sku.spec}（报 ${record.onHand} 件，已售 ${sold} 件）`;
  });
  const percent = sharePercent(ctx.share);
  return {
    kind: 'recountDue', key: recountKey(supplier.id, due), recipients: ctx.recipients,
    title: '销量超比例',
    body: `${supplier.name}：${names}，上次报数以来售出已超过报数的 ${percent}%，${RECOUNT_ASK[supplier.level]}`,
    link: ALERT_PAGES.supplierReport,
    linkByRole: { operator: ALERT_PAGES.operatorReportFor },
    fields: { subject: supplier.name, detail: `${due.length} 个商品售出超过报数的 ${percent}%`, time: ctx.now, quantity: due.length, status: '请重新盘点' },
  };
}

/**
 * One ask: the SKUs named and the counts they ran ahead of. The same ask on the next tick
 * is the same event (raised once); a new count of any of them, or another SKU running
 * ahead, is a new ask. The newest count's time leads, readable; the digest keeps it short.
 */
function recountKey(supplierId: string, due: RanAhead[]): string {
  const counted = due.map((d) => `${d.record.skuId}@${d.record.reportedAt}`).sort();
  const newest = Math.max(...due.map((d) => d.record.reportedAt));
  return `${supplierId}:${newest}:${createHash('sha256').update(counted.join(',')).digest('hex').slice(0, 16)}`;
}
