import { type Result, fail, ok } from '../domain/errors';
import { DAY_MS, VELOCITY_WINDOW_DAYS, heldSinceFor, recomputeRecord } from '../domain/report';
import type { InventoryRecord, LedgerEntry, Report, Sku } from '../domain/model';
import type { Deps } from './action';

/** Reservations may slip in between reading and writing; each retry recomputes from fresh reads. */
const MAX_ATTEMPTS = 20;

export interface Applied {
  records: InventoryRecord[];
  /** The same report was already applied (a second confirmation): nothing changed now. */
  alreadyApplied: boolean;
}

/**
 * Apply a validated report: recompute every line's record (DESIGN §5) and write them
 * all by compare-and-set on their versions, retrying when a reservation got in between.
 */
export async function applyReport(deps: Deps, report: Report, skus: ReadonlyMap<string, Sku>): Promise<Result<Applied>> {
  const { store } = deps;
  const skuIds = report.lines.map((l) => l.skuId);
  const [supplier, settings] = await Promise.all([store.getSupplier(report.supplierId), store.getSettings()]);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const records = await store.listInventory(skuIds);
    const previous = new Map(records.map((r) => [r.skuId, r]));
    const heldSince = Math.min(...report.lines.map((l) => heldSinceFor(report, previous.get(l.skuId))));
    const [openLines, recentLines] = await Promise.all([
      store.listOrderLines({ skuIds, heldSince }),
      store.listOrderLines({ skuIds, placedSince: report.reportedAt - VELOCITY_WINDOW_DAYS * DAY_MS }),
    ]);
    const now = deps.clock.now();
    const writes = report.lines.map((line) => {
      const prior = previous.get(line.skuId);
      const record = recomputeRecord({
        sku: skus.get(line.skuId)!,
        supplier: supplier ?? undefined,
        settings,
        report,
        onHand: line.onHand,
        previous: prior,
        openLines: openLines.filter((l) => l.skuId === line.skuId),
        recentLines: recentLines.filter((l) => l.skuId === line.skuId),
        now,
      });
      return { record, expectedVersion: prior?.version ?? 0 };
    });
    const ledger: LedgerEntry[] = writes.map(({ record }) => ({
      id: deps.newId('led'), skuId: record.skuId, kind: 'report', at: now, by: report.confirmedBy ?? report.reportedBy, refId: report.id,
      source: report.source, ...(report.note ? { note: report.note } : {}), qty: record.onHand, onHand: record.onHand, projectedOnHand: record.projectedOnHand,
      buffer: record.buffer, committed: record.committed, sellable: record.sellable,
    }));
    const outcome = await store.commitReport(report, writes, ledger);
    if (outcome === 'committed') return ok({ records: writes.map((w) => w.record), alreadyApplied: false });
    if (outcome === 'duplicate') return ok({ records: await store.listInventory(skuIds), alreadyApplied: true });
  }
  return fail('CONFLICT', '库存正在频繁变动，报数未生效，请稍后再提交一次');
}
