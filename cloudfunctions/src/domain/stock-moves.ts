// How a stored record changes when units come back or turn out never to have existed
// (DESIGN §5). Both adapters apply exactly these, inside their own atomic writes.
import type { InventoryRecord } from './model';
import { sellableUnits } from './sellable';

/**
 * A cancellation (or a smaller quantity) before cutoff: the units leave committed and
 * sellable is recomputed — it rises by `qty` unless the count had already fallen
 * below what was committed, in which case it rises only as far as the formula allows.
 */
export function afterRelease(record: InventoryRecord, qty: number): InventoryRecord {
  const committed = Math.max(0, record.committed - qty);
  return { ...record, committed, sellable: sellableUnits(record.projectedOnHand, record.buffer, committed), version: record.version + 1 };
}

/**
 * A confirmed shortage: the supplier never had these units, so they leave committed
 * and onHand alike and nothing is freed for sale.
 */
export function afterShortage(record: InventoryRecord, qty: number): InventoryRecord {
  const onHand = Math.max(0, record.onHand - qty);
  const projectedOnHand = Math.max(0, record.projectedOnHand - qty);
  const committed = Math.max(0, record.committed - qty);
  const buffer = Math.min(record.buffer, projectedOnHand);
  return { ...record, onHand, projectedOnHand, committed, buffer, sellable: Math.min(record.sellable, sellableUnits(projectedOnHand, buffer, committed)), version: record.version + 1 };
}
