// Counts written the way the report handler writes them: the report kept first, then
// each SKU committed with its own ledger entry (storage/port.ts).
import type { InventoryRecord, LedgerEntry, Report } from '../../cloudfunctions/src/domain/model';
import { reportLedgerId } from '../../cloudfunctions/src/handlers/report-apply';
import type { InventoryWrite, StockStore } from '../../cloudfunctions/src/storage/port';

/** A report's ledger entry for one SKU, as the handler writes it. */
export const reportEntry = (rep: Report, record: InventoryRecord): LedgerEntry => ({
  id: reportLedgerId(rep.id, record.skuId), skuId: record.skuId, kind: 'report', at: rep.reportedAt, by: rep.reportedBy, refId: rep.id,
  source: rep.source, qty: record.onHand, onHand: record.onHand, projectedOnHand: record.projectedOnHand, buffer: record.buffer,
  committed: record.committed, sellable: record.sellable,
});

/** Keep the report and commit its writes; answers the SKUs that conflicted. */
export async function commitCount(store: StockStore, rep: Report, writes: InventoryWrite[]): Promise<string[]> {
  await store.saveReport(rep);
  return store.commitReportLines(rep.id, writes.map((w) => ({ ...w, ledger: reportEntry(rep, w.record) })));
}
