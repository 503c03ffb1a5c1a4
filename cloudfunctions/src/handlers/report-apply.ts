import { DAY_MS, VELOCITY_WINDOW_DAYS, recomputeRecord } from '../domain/report';
import type { InventoryRecord, LedgerEntry, Report, Sku } from '../domain/model';
import { type Result, fail, ok } from '../domain/errors';
import type { Deps } from './action';

/** Reservations may slip in between reading and writing; each retry recomputes from fresh reads. */
const MAX_ATTEMPTS = 20;

/**
 * Apply a validated report: recompute every line's record (DESIGN §5) and write them
 * all by compare-and-set on their versions, retrying when a reservation got in between.
 */
export async function applyReport(deps: Deps, report: Report, skus: ReadonlyMap<string, Sku>): Promise<Result<InventoryRecord[]>> {
  const { store } = deps;
  const skuIds = report.lines.map((l) => l.skuId);
  const [supplier, settings] = await Promise.all([store.getSupplier(report.supplierId), store.getSettings()]);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [records, openLines, recentLines] = await Promise.all([
      store.listInventory(skuIds),
      store.listOrderLines({ skuIds, openOnly: true }),
      store.listOrderLines({ skuIds, placedSince: report.reportedAt - VELOCITY_WINDOW_DAYS * DAY_MS }),
    ]);
    const previous = new Map(records.map((r) => [r.skuId, r]));
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
      });
      return { record, expectedVersion: prior?.version ?? 0 };
    });
    const ledger: LedgerEntry[] = writes.map(({ record }) => ({
      id: deps.newId('led'), skuId: record.skuId, kind: 'report', at: report.reportedAt, by: report.reportedBy, refId: report.id,
      qty: record.onHand, onHand: record.onHand, buffer: record.buffer, committed: record.committed, sellable: record.sellable,
    }));
    if ((await store.commitReport(report, writes, ledger)) === 'committed') return ok(writes.map((w) => w.record));
  }
  return fail('CONFLICT', '库存正在频繁变动，报数未生效，请稍后再提交一次');
}
