// Every count enters here, whatever its source (the supplier's form, the operator on
// the supplier's behalf, a spreadsheet): validated whole (refused whole), then the lines
// that jump are held for a person and the rest applied at once (DESIGN §4, §8): one
// restocked SKU in a batch of two hundred must not keep the other 199 waiting.
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
  /** A fixed id (the partner API derives it from the request id, so a repeat finds the first). */
  reportId?: string;
  request?: Report['request'];
  countedAt?: number;
  /** A stocktake's count, entered once both sides signed it: it counts from when it was counted, on the physical basis. */
  reportedAt?: number;
  basis?: Report['basis'];
}

/** The held part of a split report: named by the report, so a resend finds it. */
export const heldPartId = (reportId: string): string => `${reportId}-jumps`;

/** `held` beside applied: the lines that jumped, waiting for a person while the others took effect. */
export type Intake =
  | { status: 'applied'; report: Report; records: InventoryRecord[]; held?: HeldReport }
  /** Accepted and kept; part of it is applied, the rest follows (the caller continues, or the scheduler does). */
  | { status: 'applying'; report: Report; applied: number; total: number; held?: HeldReport }
  /** Every line jumped: nothing applied. */
  | { status: 'held'; held: HeldReport };

const intakeOf = (report: Report, applied: Applied, held?: HeldReport): Intake => {
  const waiting = held ? { held } : {};
  return applied.status === 'applied'
    ? { status: 'applied', report, records: applied.records, ...waiting }
    : { status: 'applying', report, applied: applied.applied, total: applied.total, ...waiting };
};

export async function receiveCount(deps: Deps, submission: CountSubmission): Promise<Result<Intake>> {
  const { store, clock, newId } = deps;
  const [supplier, settings] = await Promise.all([store.getSupplier(submission.supplierId), store.getSettings()]);
  if (!supplier) return fail('NOT_FOUND', `供应商 ${submission.supplierId} 不存在`, { issues: [{ path: 'supplierId', message: '供应商不存在' }] });
  const skus = new Map((await store.getSkus(submission.lines.map((l) => l.skuId))).map((s) => [s.id, s]));
  const issues = reportLineIssues(submission.lines, skus, supplier.id);
  if (issues.length > 0) return failWithIssues(issues[0]!.code ?? 'VALIDATION', '报数未提交', issues);

  const now = clock.now();
  const report: Report = {
    id: submission.reportId ?? newId('rep'), supplierId: supplier.id, source: submission.source, basis: submission.basis ?? supplier.basis,
    reportedBy: submission.by, reportedAt: submission.reportedAt ?? now, lines: submission.lines, ...(submission.note ? { note: submission.note } : {}),
    ...(submission.request ? { request: submission.request } : {}),
    ...(submission.countedAt !== undefined ? { countedAt: submission.countedAt } : {}),
  };
  const last = new Map((await store.listInventory([...skus.keys()])).map((r) => [r.skuId, r.onHand]));
  const stale = sameAsLastIssues(report.lines, last);
  if (stale.length > 0) return failWithIssues('CONFLICT', '报数未提交', stale);
  // An ERP the operator trusts is exempt, and so is a stocktake both sides signed; a person's report never is.
  const guarded = !((submission.source === 'api' && supplier.apiJumpExempt) || submission.source === 'stocktake');
  const jumps = guarded ? findJumps(report.lines, last, supplier.jumpThreshold ?? settings.jumpThreshold) : [];
  if (jumps.length === report.lines.length) return ok({ status: 'held', held: await holdInPlaceOfOlder(deps, report, jumps) });
  const { within, jumped } = splitAtJumps(report, jumps, heldPartId(report.id));
  // Held first: a crash before the rest is applied leaves the jumps waiting and the
  // submitter unanswered (a resend applies the rest), never the jumps lost.
  const held = jumped ? await holdInPlaceOfOlder(deps, jumped, jumps) : undefined;
  const applied = await applyReport(deps, within, skus);
  if (!applied.ok) return applied;
  await supersedeRecountedHeld(deps, within);
  return ok(intakeOf(within, applied.data, held));
}

/** The lines within the threshold (the report, under its own id) and the jumping ones (a report of their own, part of it). */
function splitAtJumps(report: Report, jumps: HeldReport['jumps'], heldId: string): { within: Report; jumped?: Report } {
  if (jumps.length === 0) return { within: report };
  const jumping = new Set(jumps.map((j) => j.skuId));
  return {
    within: { ...report, lines: report.lines.filter((l) => !jumping.has(l.skuId)) },
    jumped: { ...report, id: heldId, lines: report.lines.filter((l) => jumping.has(l.skuId)), partOf: report.id },
  };
}

/**
 * A newer held report replaces an older one whose every SKU it counts again (the older is
 * kept, marked superseded, and the newer says so); an older one with SKUs the newer does
 * not count keeps waiting for them. Held first, then the older resolved: a crash between
 * leaves two waiting, never none.
 */
async function holdInPlaceOfOlder(deps: Deps, report: Report, jumps: HeldReport['jumps']): Promise<HeldReport> {
  const { store } = deps;
  const counted = new Set(report.lines.map((l) => l.skuId));
  const older = (await store.listHeldReports({ supplierId: report.supplierId, status: 'held' }))
    .filter((h) => h.id !== report.id && h.report.reportedAt <= report.reportedAt && h.report.lines.every((l) => counted.has(l.skuId)));
  const latest = older.sort((a, b) => b.report.reportedAt - a.report.reportedAt)[0];
  const repeat = latest !== undefined && sameSkus(latest.jumps, jumps);
  const held: HeldReport = {
    id: report.id, supplierId: report.supplierId, report, jumps, status: 'held', heldAt: report.reportedAt,
    ...(latest ? { replaced: { id: latest.id, reportedBy: latest.report.reportedBy, reportedAt: latest.report.reportedAt } } : {}),
    ...(repeat ? { thread: latest.thread ?? latest.id } : {}),
  };
  await store.holdReport(held);
  for (const h of older) await store.resolveHeldReport(h.id, { status: 'superseded', by: report.reportedBy, at: report.reportedAt });
  // The same SKUs jumping again is news already told: in the inbox, not pushed again.
  await jumpHeldAlert(deps, held, { inboxOnly: repeat });
  return held;
}

const sameSkus = (a: HeldReport['jumps'], b: HeldReport['jumps']): boolean => {
  const skus = new Set(a.map((j) => j.skuId));
  return a.length === b.length && b.every((j) => skus.has(j.skuId));
};

/** Carry on applying a kept report (the phone asks again while it shows progress). */
export async function continueCount(deps: Deps, reportId: string, supplierScope?: string): Promise<Result<Intake>> {
  const kept = await deps.store.getReport(reportId);
  if (!kept || (supplierScope && kept.report.supplierId !== supplierScope)) return fail('NOT_FOUND', '找不到这次报数');
  const applied = await continueReport(deps, kept);
  return applied.ok ? ok(intakeOf(kept.report, applied.data)) : applied;
}

/**
 * A newer count of a SKU makes its waiting line meaningless: it is never applied over it.
 * A held report is superseded once every one of its SKUs has been counted since; until
 * then it waits for the others (confirming it applies only those).
 */
async function supersedeRecountedHeld(deps: Deps, report: Report): Promise<void> {
  const { store } = deps;
  const counted = new Set(report.lines.map((l) => l.skuId));
  const waiting = (await store.listHeldReports({ supplierId: report.supplierId, status: 'held' }))
    .filter((h) => h.report.reportedAt <= report.reportedAt && h.report.lines.some((l) => counted.has(l.skuId)));
  for (const held of waiting) {
    if ((await linesNotRecounted(deps, held)).length === 0) {
      await store.resolveHeldReport(held.id, { status: 'superseded', by: report.reportedBy, at: report.reportedAt });
    }
  }
}

/** The held lines whose SKU has no count newer than the held report. */
async function linesNotRecounted(deps: Deps, held: HeldReport): Promise<ReportLine[]> {
  const records = new Map((await deps.store.listInventory(held.report.lines.map((l) => l.skuId))).map((r) => [r.skuId, r]));
  return held.report.lines.filter((l) => !((records.get(l.skuId)?.reportedAt ?? 0) > held.report.reportedAt));
}

const HELD_GONE: Record<Exclude<HeldReport['status'], 'held' | 'confirmed'>, string> = {
  discarded: '这次报数已被丢弃',
  superseded: '之后已有新的报数，这次报数不再生效',
};

/** Confirm a held report (the supplier or the operator): its lines not counted since applied, recorded as confirmed by whom. */
export async function confirmHeld(deps: Deps, heldId: string, by: string, supplierScope?: string): Promise<Result<Intake>> {
  const { store, clock } = deps;
  const held = await store.getHeldReport(heldId);
  if (!held || (supplierScope && held.supplierId !== supplierScope)) return fail('NOT_FOUND', '找不到这次待确认的报数');
  if (held.status === 'discarded' || held.status === 'superseded') return fail('SUPERSEDED', HELD_GONE[held.status]);
  // A second confirmation (after a crash) finishes the first one's report, as the first confirmer.
  const confirmer = held.status === 'held' ? { by, at: clock.now() } : { by: held.resolvedBy ?? by, at: held.resolvedAt ?? clock.now() };
  const report = await confirmedPart(deps, held, confirmer);
  if (!report) {
    await store.resolveHeldReport(held.id, { status: 'superseded', by, at: clock.now() });
    return fail('SUPERSEDED', HELD_GONE.superseded);
  }
  const skus = new Map((await store.getSkus(report.lines.map((l) => l.skuId))).map((s) => [s.id, s]));
  // Resolved first: once confirmed, the report is kept and will be applied, whoever finishes it.
  if (held.status === 'held') await store.resolveHeldReport(held.id, { status: 'confirmed', by, at: confirmer.at });
  const applied = await applyReport(deps, report, skus);
  if (!applied.ok) return applied;
  return ok(intakeOf(report, applied.data));
}

/**
 * What confirming applies: the held lines not counted again since (a newer count is never
 * overwritten by an older one), as a report recording who confirmed and which were left out.
 * Null when every line was counted since.
 */
async function confirmedPart(deps: Deps, held: HeldReport, confirmer: { by: string; at: number }): Promise<Report | null> {
  const lines = await linesNotRecounted(deps, held);
  if (lines.length === 0) return null;
  const left = held.report.lines.filter((l) => !lines.includes(l)).map((l) => l.skuId);
  return { ...held.report, lines, confirmedBy: confirmer.by, confirmedAt: confirmer.at, ...(left.length > 0 ? { recountedSince: left } : {}) };
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
