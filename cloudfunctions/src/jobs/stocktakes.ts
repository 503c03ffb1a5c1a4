// Stocktakes on the clock (DESIGN §8a): each supplier's scheduled stocktake opens at its
// weekday and time (once per day, under an id fixed by the day), the operators hear of one
// still waiting on someone after its due time (once per stage), and an approval whose
// count did not get into the ledger is finished. Sized in database calls: one read of
// suppliers and one of the stocktakes in progress per tick, a few per stocktake acted on.
import { ALERT_PAGES, type AlertEvent } from '../domain/alerts';
import type { TickWindow } from '../domain/reminders';
import { type Stocktake, stocktakeStatusName } from '../domain/stocktake';
import { scheduledStocktakeId, stocktakesDue } from '../domain/stocktake-schedule';
import type { Deps } from '../handlers/action';
import { raiseAlerts, recipientDirectory } from '../handlers/alerting';
import { byId } from '../handlers/lookups';
import { applyStocktake, openStocktake } from '../handlers/stocktake-flow';
import { fits } from '../runtime/budget';

export interface StocktakeRun {
  opened: string[];
  /** Scheduled ones not opened because one was still in progress. */
  skipped: string[];
  overdue: number;
  applied: number;
  /** Out of time before every scheduled one was opened: the next tick runs over the same window. */
  unfinished?: true;
}

/** A stocktake approved this long ago without its count in the ledger has no call finishing it any more. */
const APPLY_IDLE_MS = 60_000;
/** Past its due time plus this, a confirmed stocktake waiting for approval is overdue too. */
const APPROVAL_GRACE_MS = 24 * 3_600_000;

export async function runStocktakes(deps: Deps, window: TickWindow): Promise<StocktakeRun> {
  const { store, clock } = deps;
  const run: StocktakeRun = { opened: [], skipped: [], overdue: 0, applied: 0 };
  const suppliers = await store.listSuppliers();
  for (const supplier of suppliers.filter((s) => s.stocktake)) {
    for (const due of stocktakesDue(supplier.stocktake!, window)) {
      if (!fits(2_000)) return { ...run, unfinished: true };
      const opened = await openStocktake(deps, supplier, 'system', scheduledStocktakeId(supplier.id, due.day));
      (opened.ok ? run.opened : run.skipped).push(scheduledStocktakeId(supplier.id, due.day));
    }
  }
  const waiting = await store.listStocktakes({ status: ['open', 'counted', 'confirmed', 'approved'] }, 200);
  const now = clock.now();
  for (const st of waiting.filter((s) => s.status === 'approved' && !s.applied && now - (s.approvedAt ?? 0) >= APPLY_IDLE_MS)) {
    if (!fits(5_000)) break;
    if ((await applyStocktake(deps, st)).ok) run.applied++;
  }
  const late = waiting.filter((st) => isLate(st, now));
  if (late.length > 0) {
    const [people, names] = [await recipientDirectory(store), byId(suppliers)];
    run.overdue = (await raiseAlerts(deps, late.map((st) => overdueEvent(st, names.get(st.supplierId)?.name ?? st.supplierId, people.operators)))).length;
  }
  return run;
}

const isLate = (st: Stocktake, now: number): boolean =>
  st.status === 'open' || st.status === 'counted' ? now > st.dueAt : st.status === 'confirmed' && now > st.dueAt + APPROVAL_GRACE_MS;

const WAITING_ON: Record<string, string> = { open: '供应商还没有提交盘点数', counted: '供应商还没有确认盘点', confirmed: '运营还没有审核' };

function overdueEvent(st: Stocktake, supplierName: string, operators: string[]): AlertEvent {
  return {
    // Once per stage: a stocktake late to be counted, and later late to be approved, is news twice.
    kind: 'stocktakeOverdue', key: `${st.id}:${st.status}`, recipients: operators, title: '盘点逾期',
    body: `${supplierName}：盘点 ${st.id} 已过期限，${WAITING_ON[st.status]}`,
    link: ALERT_PAGES.operatorStocktake(st.id),
    fields: { subject: supplierName, detail: WAITING_ON[st.status]!, time: st.dueAt, status: stocktakeStatusName(st.status).slice(0, 5) },
  };
}
