// Every count enters here, whatever its source (the supplier's form, the operator on
// the supplier's behalf, a spreadsheet): validated whole, held when it jumps, applied
// whole otherwise (DESIGN §4, §8).
import { type Result, fail, failWithIssues, ok } from '../domain/errors';
import { findJumps } from '../domain/jump';
import type { HeldReport, InventoryRecord, Report, ReportLine, ReportSource } from '../domain/model';
import { reportLineIssues, sameAsLastIssues } from '../domain/report';
import type { Deps } from './action';
import { jumpHeldAlert } from './alert-events';
import { type Applied, applyReport, continueReport } from './report-apply';

export interface CountSubmission {
  supplierId: string;
  source: ReportSource;
  by: string;
  lines: ReportLine[];
  note?: string;
}

export type Intake =
  | { status: 'applied'; report: Report; records: InventoryRecord[] }
  /** Accepted and kept; part of it is applied, the rest follows (the caller continues, or the scheduler does). */
  | { status: 'applying'; report: Report; applied: number; total: number }
  | { status: 'held'; held: HeldReport };

const intakeOf = (report: Report, applied: Applied): Intake => (applied.status === 'applied'
  ? { status: 'applied', report, records: applied.records }
  : { status: 'applying', report, applied: applied.applied, total: applied.total });

export async function receiveCount(deps: Deps, submission: CountSubmission): Promise<Result<Intake>> {
  const { store, clock, newId } = deps;
  const [supplier, settings] = await Promise.all([store.getSupplier(submission.supplierId), store.getSettings()]);
  if (!supplier) return fail('NOT_FOUND', `供应商 ${submission.supplierId} 不存在`, { issues: [{ path: 'supplierId', message: '供应商不存在' }] });
  const skus = new Map((await store.getSkus(submission.lines.map((l) => l.skuId))).map((s) => [s.id, s]));
  const issues = reportLineIssues(submission.lines, skus, supplier.id);
  if (issues.length > 0) return failWithIssues(issues[0]!.code ?? 'VALIDATION', '报数未提交', issues);

  const now = clock.now();
  const report: Report = {
    id: newId('rep'), supplierId: supplier.id, source: submission.source, basis: supplier.basis,
    reportedBy: submission.by, reportedAt: now, lines: submission.lines, ...(submission.note ? { note: submission.note } : {}),
  };
  const last = new Map((await store.listInventory([...skus.keys()])).map((r) => [r.skuId, r.onHand]));
  const stale = sameAsLastIssues(report.lines, last);
  if (stale.length > 0) return failWithIssues('CONFLICT', '报数未提交', stale);
  const jumps = findJumps(report.lines, last, supplier.jumpThreshold ?? settings.jumpThreshold);
  if (jumps.length > 0) return ok({ status: 'held', held: await holdInPlaceOfOlder(deps, report, jumps) });
  const applied = await applyReport(deps, report, skus);
  if (!applied.ok) return applied;
  await supersedeOlderHeld(deps, report);
  return ok(intakeOf(report, applied.data));
}

/**
 * One held report waits per supplier: the newer replaces the older (which is kept, marked
 * superseded), and says so. Held first, then the older resolved: a crash between leaves
 * two waiting, as before, never none.
 */
async function holdInPlaceOfOlder(deps: Deps, report: Report, jumps: HeldReport['jumps']): Promise<HeldReport> {
  const { store } = deps;
  const older = (await store.listHeldReports({ supplierId: report.supplierId, status: 'held' })).filter((h) => h.report.reportedAt <= report.reportedAt);
  const latest = older.sort((a, b) => b.report.reportedAt - a.report.reportedAt)[0];
  const held: HeldReport = {
    id: report.id, supplierId: report.supplierId, report, jumps, status: 'held', heldAt: report.reportedAt,
    ...(latest ? { replaced: { id: latest.id, reportedBy: latest.report.reportedBy, reportedAt: latest.report.reportedAt } } : {}),
  };
  await store.holdReport(held);
  for (const h of older) await store.resolveHeldReport(h.id, { status: 'superseded', by: report.reportedBy, at: report.reportedAt });
  await jumpHeldAlert(deps, held);
  return held;
}

/** Carry on applying a kept report (the phone asks again while it shows progress). */
export async function continueCount(deps: Deps, reportId: string, supplierScope?: string): Promise<Result<Intake>> {
  const kept = await deps.store.getReport(reportId);
  if (!kept || (supplierScope && kept.report.supplierId !== supplierScope)) return fail('NOT_FOUND', '找不到这次报数');
  const applied = await continueReport(deps, kept);
  return applied.ok ? ok(intakeOf(kept.report, applied.data)) : applied;
}

/** A newer count of the same SKUs makes a waiting one meaningless: it must never be applied over it. */
async function supersedeOlderHeld(deps: Deps, report: Report): Promise<void> {
  const counted = new Set(report.lines.map((l) => l.skuId));
  const waiting = await deps.store.listHeldReports({ supplierId: report.supplierId, status: 'held' });
  for (const held of waiting) {
    if (held.report.reportedAt <= report.reportedAt && held.report.lines.some((l) => counted.has(l.skuId))) {
      await deps.store.resolveHeldReport(held.id, { status: 'superseded', by: report.reportedBy, at: report.reportedAt });
    }
  }
}

const HELD_GONE: Record<Exclude<HeldReport['status'], 'held' | 'confirmed'>, string> = {
  discarded: '这次报数已被丢弃',
  superseded: '之后已有新的报数，这次报数不再生效',
};

/** Confirm a held report (the supplier or the operator): applied whole, recorded as confirmed by whom. */
export async function confirmHeld(deps: Deps, heldId: string, by: string, supplierScope?: string): Promise<Result<Intake>> {
  const { store, clock } = deps;
  const held = await store.getHeldReport(heldId);
  if (!held || (supplierScope && held.supplierId !== supplierScope)) return fail('NOT_FOUND', '找不到这次待确认的报数');
  if (held.status === 'discarded' || held.status === 'superseded') return fail('SUPERSEDED', HELD_GONE[held.status]);
  const skuIds = held.report.lines.map((l) => l.skuId);
  if (held.status === 'held') {
    const newer = (await store.listInventory(skuIds)).some((r) => r.reportedAt > held.report.reportedAt);
    if (newer) {
      await store.resolveHeldReport(held.id, { status: 'superseded', by, at: clock.now() });
      return fail('SUPERSEDED', HELD_GONE.superseded);
    }
  }
  const skus = new Map((await store.getSkus(skuIds)).map((s) => [s.id, s]));
  const report: Report = held.report.confirmedBy ? held.report : { ...held.report, confirmedBy: by, confirmedAt: clock.now() };
  // Resolved first: once confirmed, the report is kept and will be applied whole, whoever finishes it.
  await store.resolveHeldReport(held.id, { status: 'confirmed', by, at: report.confirmedAt ?? clock.now() });
  const applied = await applyReport(deps, report, skus);
  if (!applied.ok) return applied;
  return ok(intakeOf(report, applied.data));
}

export async function discardHeld(deps: Deps, heldId: string, by: string, supplierScope?: string): Promise<Result<HeldReport>> {
  const { store, clock } = deps;
  const held = await store.getHeldReport(heldId);
  if (!held || (supplierScope && held.supplierId !== supplierScope)) return fail('NOT_FOUND', '找不到这次待确认的报数');
  if (!(await store.resolveHeldReport(heldId, { status: 'discarded', by, at: clock.now() }))) {
    return fail('CONFLICT', '这次报数已经处理过了');
  }
  return ok((await store.getHeldReport(heldId))!);
}
