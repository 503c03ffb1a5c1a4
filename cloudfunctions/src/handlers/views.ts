import { reportSlotLabel } from '../domain/freshness';
import type { InventoryRecord, Sku, Supplier, User } from '../domain/model';
import type { AvailabilityItem, Freshness, SupplierSkuView, UserView } from './api-types';

export function userView(user: User, supplier?: Supplier | null): UserView {
  const view: UserView = { id: user.id, name: user.name, role: user.role };
  if (user.supplierId) view.supplierId = user.supplierId;
  if (supplier) view.supplierName = supplier.name;
  if (user.community) view.community = user.community;
  return view;
}

export function freshnessOf(record: InventoryRecord | undefined, supplier: Supplier | undefined): Freshness | null {
  if (!record) return null;
  return {
    reportedAt: record.reportedAt,
    source: record.reportSource,
    slot: reportSlotLabel(record.reportedAt, record.reportSource, supplier?.reportTimes ?? []),
  };
}

export function supplierSkuView(sku: Sku, record: InventoryRecord | undefined, supplier: Supplier | undefined): SupplierSkuView {
  return {
    skuId: sku.id,
    name: sku.name,
    spec: sku.spec,
    category: sku.category,
    lastOnHand: record?.onHand ?? null,
    freshness: freshnessOf(record, supplier),
    sellable: record?.sellable ?? 0,
    committed: record?.committed ?? 0,
  };
}

/** What a leader may see of a SKU: never the supplier's cost. */
export function availabilityItem(sku: Sku, record: InventoryRecord | undefined, supplier: Supplier | undefined): AvailabilityItem {
  const sellable = record?.sellable ?? 0;
  return {
    skuId: sku.id,
    name: sku.name,
    spec: sku.spec,
    category: sku.category,
    price: sku.price,
    supplierName: supplier?.name ?? '',
    sellable,
    onHand: record?.onHand ?? 0,
    buffer: record?.buffer ?? 0,
    bufferRule: record?.bufferRule ?? 'none',
    committed: record?.committed ?? 0,
    warningLine: sku.warningLine,
    atOrBelowWarning: sellable <= sku.warningLine,
    freshness: freshnessOf(record, supplier),
  };
}
