// Applying an accepted report (DESIGN §5): each SKU recomputed from fresh reads and
// written by compare-and-set on its version, in passes of a few hundred SKUs under the
// kept report, so a report of thousands of lines fits a function's time and resumes
// where it stopped (after a timeout, a crash, or a reservation in the way). A pass
// reads once and writes in batches of a few dozen SKUs, saving its progress after each;
// before each batch the call looks at its clock (runtime/budget.ts) and stops while
// another batch and its answer still fit, leaving the report `applying` for the next call.
import { type Result, fail, ok } from '../domain/errors';
import { heldSinceFor, recomputeRecord, velocityWindow } from '../domain/report';
import type { InventoryRecord, LedgerEntry, OrderLine, Report, Sku } from '../domain/model';
import { fits } from '../runtime/budget';
import type { KeptReport, ReportProgress, ReportWrite } from '../storage/port';
import type { Deps } from './action';
import { checkLowStock } from './alert-events';
import { endMissedReports } from './alert-resolutions';
import { byId } from './lookups';

/** SKUs recomputed from one set of reads (a pass). */
export const REPORT_PASS_SKUS = 300;
/** SKUs of a pass written side by side between two looks at the clock; progress is saved after each batch. */
export const REPORT_BATCH_SKUS = 48;
/** A SKU that keeps meeting reservations is left for the next call after this many passes. */
const PASSES_PER_SKU = 20;
/** Start a pass or a batch only while this many times its last duration (in this call) is left. */
const HEADROOM = 2;
/** Before this call has timed a pass, its reads and first batch are assumed to take this long. */
const FIRST_PASS_MS = 1_000;
/** Kept for what follows the last batch: the answer's reads. */
const ANSWER_RESERVE_MS = 500;

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
  let readMs: number | undefined;
  let batchMs: number | undefined;
  for (let stopped = false; !stopped;) {
    // SKUs that met a reservation go again first, unless they have had their passes in this call.
    const retrying = deferred.filter((id) => (passes.get(id) ?? 0) < PASSES_PER_SKU).slice(0, REPORT_PASS_SKUS);
    const fresh = report.lines.slice(next, next + REPORT_PASS_SKUS - retrying.length).map((l) => l.skuId);
    const pass = [...retrying, ...fresh];
    const passNeeds = readMs === undefined || batchMs === undefined ? FIRST_PASS_MS : HEADROOM * (readMs + batchMs);
    if (pass.length === 0 || !fits(passNeeds + ANSWER_RESERVE_MS)) break;
    const readStarted = Date.now();
    const writes = await recomputePass(context, pass);
    readMs = Date.now() - readStarted;
    const passNext = next;
    const passDeferred = deferred;
    const conflicted: string[] = [];
    for (let end = 0; end < writes.length;) {
      if (end > 0 && batchMs !== undefined && !fits(HEADROOM * batchMs + ANSWER_RESERVE_MS)) {
        stopped = true;
        break;
      }
      const batch = writes.slice(end, end + REPORT_BATCH_SKUS);
      end += batch.length;
      const batchStarted = Date.now();
      const refused = await store.commitReportLines(report.id, batch);
      conflicted.push(...refused);
      for (const w of batch) passes.set(w.record.skuId, (passes.get(w.record.skuId) ?? 0) + 1);
      // The pass's SKUs are retrying ones first, then fresh ones in the report's order: the first `end` are done.
      const retried = new Set(retrying.slice(0, end));
      next = passNext + Math.max(0, end - retrying.length);
      deferred = [...passDeferred.filter((id) => !retried.has(id)), ...conflicted];
      await store.saveReportProgress(report.id, { next, deferred, at: clock.now() });
      if (options.alerts !== false) await checkLowStock(deps, batch.map((w) => w.record.skuId).filter((id) => !refused.includes(id)));
      batchMs = Date.now() - batchStarted;
    }
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

/** One pass's reads: these SKUs recomputed from fresh reads, as writes in the order given (committed in batches). */
async function recomputePass(ctx: PassContext, skuIds: string[]): Promise<ReportWrite[]> {
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
  return skuIds.map((skuId): ReportWrite => {
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
}

const skuIdsOf = (report: Report): string[] => report.lines.map((l) => l.skuId);
