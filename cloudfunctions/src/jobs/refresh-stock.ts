// The refresh job (DESIGN §3): as counts age, project onHand by sales elsewhere and
// widen stale buffers, writing each SKU by the same compare-and-set as a report, so a
// reservation always decrements a stored sellable.
import type { LedgerEntry } from '../domain/model';
import { anchorOf, figureAt, figureMoved } from '../domain/stock-figure';
import type { Deps } from '../handlers/action';
import { checkLowStock } from '../handlers/alert-events';
import { byId } from '../handlers/lookups';
import type { RefreshWrite } from '../storage/port';

const ROUNDS = 5;

export interface RefreshReport {
  examined: number;
  written: number;
  /** SKUs still moving under reservations after every round: next run gets them. */
  skipped: number;
}

/** Every SKU's figure at the clock's now; or only `skuIds` (an operator just changed their rules). */
export async function refreshStock(deps: Deps, skuIds?: string[]): Promise<RefreshReport> {
  const { store, clock, newId } = deps;
  if (skuIds?.length === 0) return { examined: 0, written: 0, skipped: 0 };
  const [settings, skus, suppliers] = await Promise.all([store.getSettings(), store.listSkus(), store.listSuppliers()]);
  const skuById = byId(skus);
  const supplierById = byId(suppliers);
  let pending: string[] | undefined = skuIds;
  let examined = 0;
  let written = 0;
  for (let round = 0; round < ROUNDS && (pending === undefined || pending.length > 0); round++) {
    const records = await store.listInventory(pending);
    if (round === 0) examined = records.length;
    const now = clock.now();
    const writes: RefreshWrite[] = [];
    for (const record of records) {
      const sku = skuById.get(record.skuId);
      if (!sku) continue;
      const next = figureAt(anchorOf(record), record.committed, { sku, supplier: supplierById.get(record.supplierId), settings }, now);
      if (!figureMoved(record, next)) continue;
      const ledger: LedgerEntry = {
        id: newId('led'), skuId: record.skuId, kind: 'refresh', at: now, by: 'system', refId: record.reportId, qty: 0,
        onHand: next.onHand, projectedOnHand: next.projectedOnHand, buffer: next.buffer, committed: next.committed, sellable: next.sellable,
      };
      writes.push({ record: { ...next, version: record.version + 1 }, expectedVersion: record.version, ledger });
    }
    if (writes.length === 0) return { examined, written, skipped: 0 };
    pending = await store.commitRefresh(writes);
    written += writes.length - pending.length;
    await checkLowStock(deps, writes.map((w) => w.record.skuId).filter((id) => !pending!.includes(id)));
  }
  return { examined, written, skipped: pending?.length ?? 0 };
}

/**
 * After an operator changes a rule: refresh what it touches now. The change itself is
 * saved already; should the refresh fail, the next tick catches up, so the save still
 * answers success.
 */
export async function refreshAfterChange(deps: Deps, skuIds?: string[]): Promise<void> {
  try {
    await refreshStock(deps, skuIds);
  } catch (err) {
    console.error('[refresh after change]', err);
  }
}
