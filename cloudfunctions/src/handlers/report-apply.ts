// Applying an accepted report (DESIGN §5): each SKU recomputed from fresh reads and
// written by compare-and-set on its version, in passes of a few hundred SKUs under the
// kept report, so a report of thousands of lines fits a function's time and resumes
// where it stopped (after a timeout, a crash, or a reservation in the way).
import { type Result, fail, ok } from '../domain/errors';
import { heldSinceFor, recomputeRecord, velocityWindow } from '../domain/report';
import type { InventoryRecord, LedgerEntry, OrderLine, Report, Sku } from '../domain/model';
import { fits } from '../runtime/budget';
import type { KeptReport, ReportProgress, ReportWrite } from '../storage/port';
import type { Deps } from './action';
import { checkLowStock } from './alert-events';
import { endMissedReports } from './alert-resolutions';
import { byId } from './lookups';

/** SKUs recomputed and written per pass: a few database round trips each, well inside a function's time. */
export const REPORT_PASS_SKUS = 300;
/** A SKU that keeps meeting reservations is left for the next call after this many passes. */
const PASSES_PER_SKU = 20;
/** Start another pass only while this many times the last one's duration is left. */
const PASS_HEADROOM = 2;

export type Applied =
  | { status: 'applied'; records: InventoryRecord[]; /** Applied before this call (a second confirmation, say). */ alreadyApplied: boolean }
  | { status: 'applying'; applied: number; total: number };

/** The ledger entry of one SKU of a report: its id is fixed, so a repeated pass finds it and writes nothing twice. */
export const reportLedgerId = (reportId: string, skuId: string): string => `rep_${reportId}_${skuId}`;

export interface ApplyOptions {
  /** Raise low-stock alerts for the SKUs written (not for the demo's opening counts). */
  alerts?: boolean;
}

/** Keep the report, then apply as much of it as this call has time for. */
export async function applyReport(deps: Deps, report: Report, skus?: ReadonlyMap<string, Sku>, options: ApplyOptions = {}): Promise<Result<Applied>> {
  const { store } = deps;
  if (await store.saveReport(report)) {
    // Kept, so it counts: the 报数逾期 it answers are resolved (not for the demo's opening counts).
    if (options.alerts !== false) await endMissedReports(deps, report);
    return continueReport(deps, { report, progress: { next: 0, deferred: [] } }, skus, options);
  }
  const kept = await store.getReport(report.id);
  if (!kept) return fail('INTERNAL', '报数保存失败，请重试');
  if (kept.progress.finishedAt !== undefined) return ok({ status: 'applied', records: await store.listInventory(skuIdsOf(kept.report)), alreadyApplied: true });
  return continueReport(deps, kept, skus, options);
}

/** Apply the rest of a kept report, pass by pass, while the call's time allows. */
export async function continueReport(deps: Deps, kept: KeptReport, knownSkus?: ReadonlyMap<string, Sku>, options: ApplyOptions = {}): Promise<Result<Applied>> {
  const { store, clock } = deps;
  const { report } = kept;
  if (kept.progress.finishedAt !== undefined) return ok({ status: 'applied', records: await store.listInventory(skuIdsOf(report)), alreadyApplied: true });
  const [supplier, settings, skus] = await Promise.all([
    store.getSupplier(report.supplierId), store.getSettings(), knownSkus ?? store.getSkus(skuIdsOf(report)).then(byId),
  ]);
  const context = { deps, report, supplier: supplier ?? undefined, settings, skus };
  let { next, deferred } = kept.progress;
  const passes = new Map<string, number>();
  let lastPassMs = 0;
  for (;;) {
    // SKUs that met a reservation go again first, unless they have had their passes in this call.
    const retrying = deferred.filter((id) => (passes.get(id) ?? 0) < PASSES_PER_SKU).slice(0, REPORT_PASS_SKUS);
    const fresh = report.lines.slice(next, next + REPORT_PASS_SKUS - retrying.length).map((l) => l.skuId);
    const batch = [...retrying, ...fresh];
    if (batch.length === 0 || !fits(PASS_HEADROOM * lastPassMs + 1_000)) break;
    const started = Date.now();
    const conflicted = await applyPass(context, batch);
    lastPassMs = Date.now() - started;
    for (const id of batch) passes.set(id, (passes.get(id) ?? 0) + 1);
    next += fresh.length;
    deferred = [...deferred.filter((id) => !retrying.includes(id)), ...conflicted];
    await store.saveReportProgress(report.id, { next, deferred, at: clock.now() });
    if (options.alerts !== false) await checkLowStock(deps, batch.filter((id) => !conflicted.includes(id)));
  }
  const total = report.lines.length;
  if (next < total || deferred.length > 0) return ok({ status: 'applying', applied: next - deferred.length, total });
  const finished: ReportProgress = { next, deferred: [], at: clock.now(), finishedAt: clock.now() };
  await store.saveReportProgress(report.id, finished);
  return ok({ status: 'applied', records: await store.listInventory(skuIdsOf(report)), alreadyApplied: false });
}

/** Kept reports a call stopped applying (timed out, crashed, or met reservations) and nobody has moved for a while: the scheduler finishes them. */
export async function resumeReports(deps: Deps, idleMs = RESUME_IDLE_MS): Promise<{ resumed: number; finished: number }> {
  const now = deps.clock.now();
  const waiting = (await deps.store.listUnfinishedReports(RESUME_PER_RUN)).filter((k) => now - (k.progress.at ?? k.report.reportedAt) >= idleMs);
  let finished = 0;
  for (const kept of waiting) {
    if (!fits(5_000)) break;
    const result = await continueReport(deps, kept);
    if (result.ok && result.data.status === 'applied') finished++;
  }
  return { resumed: waiting.length, finished };
}

/** A report whose progress has not moved for this long has no call working on it any more. */
const RESUME_IDLE_MS = 60_000;
const RESUME_PER_RUN = 20;

interface PassContext {
  deps: Deps;
  report: Report;
  supplier: Parameters<typeof recomputeRecord>[0]['supplier'];
  settings: Parameters<typeof recomputeRecord>[0]['settings'];
  skus: ReadonlyMap<string, Sku>;
}

/** One pass: recompute these SKUs from fresh reads and write them; answers the ones a reservation got in between. */
async function applyPass(ctx: PassContext, skuIds: string[]): Promise<string[]> {
  const { deps, report } = ctx;
  const { store } = deps;
  const lineOf = new Map(report.lines.map((l) => [l.skuId, l]));
  const records = await store.listInventory(skuIds);
  const previous = new Map(records.map((r) => [r.skuId, r]));
  const heldSince = Math.min(...skuIds.map((id) => heldSinceFor(report, previous.get(id))));
  const window = velocityWindow(report);
  const [openLines, unitsPlaced] = await Promise.all([
    store.listOrderLines({ skuIds, heldSince }),
    store.unitsPlaced(skuIds, window.from, window.to),
  ]);
  const now = deps.clock.now();
  const linesBySku = new Map<string, OrderLine[]>();
  for (const line of openLines) linesBySku.set(line.skuId, [...(linesBySku.get(line.skuId) ?? []), line]);
  const writes: ReportWrite[] = skuIds.map((skuId) => {
    const prior = previous.get(skuId);
    const record = recomputeRecord({
      sku: ctx.skus.get(skuId)!, supplier: ctx.supplier, settings: ctx.settings, report, onHand: lineOf.get(skuId)!.onHand, sameAsLast: lineOf.get(skuId)!.sameAsLast === true, previous: prior,
      openLines: linesBySku.get(skuId) ?? [], unitsPlacedInWindow: unitsPlaced.get(skuId) ?? 0, now,
    });
    const ledger: LedgerEntry = {
      id: reportLedgerId(report.id, skuId), skuId, kind: 'report', at: now, by: report.confirmedBy ?? report.reportedBy, refId: report.id,
      source: report.source, ...(report.note ? { note: report.note } : {}), ...(record.sameAsLast ? { sameAsLast: true as const } : {}), qty: record.onHand, onHand: record.onHand,
      projectedOnHand: record.projectedOnHand, buffer: record.buffer, committed: record.committed, sellable: record.sellable,
    };
    return { record, expectedVersion: prior?.version ?? 0, ledger };
  });
  return store.commitReportLines(report.id, writes);
}

const skuIdsOf = (report: Report): string[] => report.lines.map((l) => l.skuId);
