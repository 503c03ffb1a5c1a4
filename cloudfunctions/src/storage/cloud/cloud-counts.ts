// Counts on the cloud database: kept reports applied SKU by SKU, and the refresh job's
// writes (the rest of the adapter is cloud-store.ts).
//
// A report used to be one transaction over all its SKUs: 3N+3 calls in sequence, which
// for a few hundred lines outlives the function's timeout and, for thousands, the
// service's 30 s transaction limit, while holding every SKU it wrote against orders.
// Now the accepted report is kept first (the durable intent), and each SKU is applied
// in its own small transaction: read the record, add the ledger entry under its fixed
// id, replace the record, commit. A SKU whose ledger entry exists is applied already:
// one read of the batch's entries finds those before any transaction, and a
// transaction that meets one anyway (another call applying the same report) fails on
// the duplicate id, so nothing is applied twice. The record is written last, so an
// order taking that SKU waits for at most one round trip. A SKU is applied only when
// its record is still at the version the report was
// computed from and carries no marker:
// - a reservation between its take and its seal (the report would miss its lines):
//   conflict, and the caller tries the SKU again later; one whose marker went stale
//   is settled first (cloud-orders.ts), so its lines exist or its units are back;
// - a confirmation between its shortage and its short lines: finished first
//   (cloud-waves.ts), then conflict.
// The refresh job writes each SKU the same way, without the ledger check.
import { inParallel } from '../../runtime/parallel';
import type { Report } from '../../domain/model';
import type { KeptReport, RefreshWrite, ReportProgress, ReportWrite } from '../port';
import { type CloudAccess, PARALLEL_CALLS, PAGE } from './cloud-access';
import { currentRations, type CloudOrders } from './cloud-orders';
import type { CloudWaves } from './cloud-waves';
import {
  DEAD_AFTER_MS, type Doc, deadConfirmations, deadReservations, getInTransaction, livePending, markersOf, plain, rollbackQuietly, sleep,
} from './cloud-sdk';

const LINE_ATTEMPTS = 5;
/** Fields kept on a report document beside the model's, hidden from readers. */
const REPORT_HIDDEN = ['progress', 'finishedAt'] as const;
const START: ReportProgress = { next: 0, deferred: [] };
/** A reservation in flight finishes within a few round trips: let it before the caller recomputes. */
const LIVE_MARKER_PAUSE_MS = 50;

export class CloudCounts {
  constructor(private readonly a: CloudAccess, private readonly orders: CloudOrders, private readonly waves: CloudWaves) {}

  // ---- kept reports

  async saveReport(report: Report): Promise<boolean> {
    return this.a.insertOnce('reports', report.id, { ...report, progress: START });
  }

  async getReport(id: string): Promise<KeptReport | null> {
    const doc = await this.a.rawById('reports', id);
    return doc ? kept(doc) : null;
  }

  async commitReportLines(reportId: string, writes: ReportWrite[]): Promise<string[]> {
    const conflicted = new Set<string>();
    const applied = new Set((await this.a.readByIds('ledger', writes.map((w) => w.ledger.id), ['_id'])).map((d) => String(d._id)));
    await inParallel(writes.filter((w) => !applied.has(w.ledger.id)), PARALLEL_CALLS, async (w) => {
      if (!(await this.commitLine(w))) conflicted.add(w.record.skuId);
    });
    return writes.map((w) => w.record.skuId).filter((skuId) => conflicted.has(skuId));
  }

  async saveReportProgress(reportId: string, progress: ReportProgress): Promise<void> {
    const _ = this.a._;
    await this.a.retry(() => this.a.col('reports').doc(reportId).update({
      data: { progress: _.set(progress), ...(progress.finishedAt !== undefined ? { finishedAt: progress.finishedAt } : {}) },
    }));
  }

  async listUnfinishedReports(limit: number): Promise<KeptReport[]> {
    const _ = this.a._;
    // Reports kept before this release have no progress: they were applied whole.
    const { data } = await this.a.retry(() => this.a.col('reports').where({ progress: _.exists(true), finishedAt: _.exists(false) })
      .orderBy('reportedAt', 'asc').limit(Math.min(limit, PAGE)).get());
    return data.map(kept);
  }

  /** One SKU of a report in its own transaction; false when the caller must recompute it. */
  private async commitLine(w: ReportWrite): Promise<boolean> {
    try {
      if (await this.a.retryConflicts(LINE_ATTEMPTS, () => this.commitLineOnce(w), () => false)) return true;
    } catch (e) {
      // The commit may have landed with its answer lost, or another call applied this
      // SKU first (the ledger entry's id is taken): the ledger entry says so.
      if (await this.a.rawById('ledger', w.ledger.id)) return true;
      throw e;
    }
    // Refused because the record moved: by an order, or by this SKU applied meanwhile
    // (another call, or this one's commit whose answer was lost).
    return (await this.a.rawById('ledger', w.ledger.id)) !== null;
  }

  private async commitLineOnce(w: ReportWrite): Promise<boolean> {
    const skuId = w.record.skuId;
    const tx = await this.a.db.startTransaction();
    try {
      const current = await getInTransaction(tx, 'inventory', skuId);
      if (((current?.version as number | undefined) ?? 0) !== w.expectedVersion || markersOf(current).length > 0) {
        await rollbackQuietly(tx);
        await this.clearMarkers(current);
        return false;
      }
      await tx.collection('ledger').add({ data: { ...w.ledger, _id: w.ledger.id } });
      await tx.collection('inventory').doc(skuId).set({ data: { ...w.record, rations: currentRations(current, this.a.now()) } });
      await tx.commit();
      return true;
    } catch (e) {
      await rollbackQuietly(tx);
      throw e;
    }
  }

  /**
   * A record a recount cannot replace yet: wait a moment for a live reservation, settle
   * dead ones, finish confirmations that died half-way.
   */
  private async clearMarkers(current: Doc | null): Promise<void> {
    if (!current) return;
    const now = this.a.now();
    if (livePending(current, now) || markersOf(current).some((m) => m.wave !== undefined && now - m.at < DEAD_AFTER_MS)) await sleep(LIVE_MARKER_PAUSE_MS);
    if (deadReservations(current, now).length > 0 || markersOf(current).some((m) => m.wave === undefined && m.order === undefined)) {
      await this.orders.settleMarkers(current);
    }
    for (const waveId of deadConfirmations(current, now)) await this.waves.finishConfirmation(waveId, String(current._id));
  }

  // ---- the refresh job

  async commitRefresh(writes: RefreshWrite[]): Promise<string[]> {
    const conflicted = new Set<string>();
    await inParallel(writes, PARALLEL_CALLS, async (w) => {
      if (!(await this.a.retryConflicts(LINE_ATTEMPTS, () => this.refreshOnce(w), () => false))) conflicted.add(w.record.skuId);
    });
    return writes.map((w) => w.record.skuId).filter((skuId) => conflicted.has(skuId));
  }

  private async refreshOnce(w: RefreshWrite): Promise<boolean> {
    const tx = await this.a.db.startTransaction();
    try {
      const current = await getInTransaction(tx, 'inventory', w.record.skuId);
      if (!unchangedSinceRead(current, w)) {
        await rollbackQuietly(tx);
        await this.clearMarkers(current);
        return false;
      }
      // A take that lands after this read makes the set() or the commit conflict (the transaction read the document).
      await tx.collection('inventory').doc(w.record.skuId).set({ data: { ...w.record, rations: currentRations(current, this.a.now()) } });
      if (w.ledger) await tx.collection('ledger').add({ data: { ...w.ledger, _id: w.ledger.id } });
      await tx.commit();
      return true;
    } catch (e) {
      await rollbackQuietly(tx);
      throw e;
    }
  }
}

function kept(doc: Doc): KeptReport {
  const report = plain<Report>(doc, REPORT_HIDDEN);
  const progress = (doc.progress as ReportProgress | undefined) ?? { next: report.lines.length, deferred: [] };
  const finishedAt = doc.progress === undefined ? report.reportedAt : doc.finishedAt as number | undefined;
  return { report, progress: finishedAt === undefined ? progress : { ...progress, finishedAt } };
}

/**
 * Whether a refresh may replace `current`: it is as the refresh read it. The version
 * alone cannot say so here. A reservation's conditional decrement moves sellable and
 * committed at once but bumps the version only when it seals, so a refresh computed
 * before a take, written by version alone, would put the old sellable back: oversell.
 * Every change a reservation makes is one of:
 * - take: committed += n, pushes a marker (version unchanged);
 * - give-back: committed -= n, pulls that marker (version unchanged);
 * - seal: version + 1, pulls that marker.
 * With no marker now, every take since the read either sealed (the version moved) or
 * gave back. Those taken after the read cancel out; one already in flight at the read
 * and given back since leaves committed lower than read. The refresh carries committed
 * over from what it read (refresh-stock.ts), so `committed` equal to the write's, with
 * the version equal and no marker, means sellable and committed are as read. A line
 * change and a confirmation's shortage bump the version with every change they make; a
 * confirmation's marker also holds the refresh off until its lines are marked.
 */
function unchangedSinceRead(current: Doc | null, w: RefreshWrite): boolean {
  if (!current) return w.expectedVersion === 0;
  return current.version === w.expectedVersion && current.committed === w.record.committed && markersOf(current).length === 0;
}
