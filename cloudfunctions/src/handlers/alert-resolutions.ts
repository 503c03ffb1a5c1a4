// Alerts whose cause is gone (DESIGN §6): a report counted ends 报数逾期, a decision on a
// held report ends 报数待确认. The alerts stay as raised; what ended them is a record of
// its own (a report's) or the held report's own decision: nothing nobody did.
import { type Alert, type AlertResolution, eventOfAlert, heldReportEnded, keyOfAlert, missedReportsEnded } from '../domain/alerts';
import type { Report } from '../domain/model';
import type { StockStore } from '../storage/port';
import type { Deps } from './action';

/**
 * A report just kept (it counts from now on): the 报数逾期 it answers are resolved, by
 * whoever made it count. A failure here must not undo the report: logged, and the alert
 * stays open.
 */
export async function endMissedReports(deps: Deps, report: Report): Promise<void> {
  const { store, clock } = deps;
  try {
    const [supplier, settings, recent] = await Promise.all([store.getSupplier(report.supplierId), store.getSettings(), store.listReports(report.supplierId, 2)]);
    if (!supplier || settings.alerts.disabled.includes('reportMissed')) return;
    const previousAt = recent.find((r) => r.id !== report.id)?.reportedAt;
    const now = clock.now();
    const events = missedReportsEnded(supplier, settings.alerts.reportLateMinutes, { reportedAt: report.reportedAt, previousAt }, now);
    const by = report.confirmedBy ?? report.reportedBy;
    await store.addAlertResolutions(events.map((event) => ({ event, at: now, by, note: '已收到报数' })));
  } catch (err) {
    console.error(`[resolve missed reports ${report.id}]`, err);
  }
}

/** What ended each listed alert's event, where something did: at most two reads, each only when needed. */
export async function resolutionsOf(store: StockStore, alerts: Alert[]): Promise<Map<string, AlertResolution>> {
  const missed = [...new Set(alerts.filter((a) => a.kind === 'reportMissed').map(eventOfAlert))];
  const held = [...new Set(alerts.filter((a) => a.kind === 'jumpHeld').map(keyOfAlert))];
  const [recorded, decided] = await Promise.all([
    missed.length > 0 ? store.listAlertResolutions(missed) : [],
    held.length > 0 ? store.getHeldReports(held) : [],
  ]);
  const ended = [...recorded, ...decided.flatMap((h) => heldReportEnded(h) ?? [])];
  return new Map(ended.map((r) => [r.event, r]));
}
