import { reportSlotLabel } from '../domain/freshness';
import type { HeldReport, InventoryRecord, Sku, Supplier, User } from '../domain/model';
import type { AvailabilityItem, Freshness, HeldView, SupplierSkuView, UserView } from '../contract/api';

export function userView(user: User, supplier?: Supplier | null): UserView {
  const view: UserView = { id: user.id, name: user.name, role: user.role };
  if (user.supplierId) view.supplierId = user.supplierId;
  if (supplier) view.supplierName = supplier.name;
  if (user.community) view.community = user.community;
  return view;
}

export function freshnessOf(record: InventoryRecord | undefined, supplier: Supplier | undefined, estimated = false): Freshness | null {
  if (!record) return null;
  return {
    reportedAt: record.reportedAt,
    source: record.reportSource,
    slot: reportSlotLabel(record.reportedAt, record.reportSource, supplier?.reportTimes ?? []),
    projected: record.projectedOnHand !== record.onHand,
    stale: record.stale,
    tier: record.tier,
    ...(record.sameAsLast ? { sameAsLast: true as const } : {}),
    ...(estimated ? { estimated: true as const } : {}),
  };
}

/** A supplier's own SKU: its cost included (DESIGN §7). */
export function supplierSkuView(sku: Sku, record: InventoryRecord | undefined, supplier: Supplier | undefined): SupplierSkuView {
  return {
    skuId: sku.id,
    name: sku.name,
    spec: sku.spec,
    category: sku.category,
    ...(sku.supplierCode ? { supplierCode: sku.supplierCode } : {}),
    ...(sku.cost !== undefined ? { cost: sku.cost } : {}),
    lastOnHand: record?.onHand ?? null,
    freshness: freshnessOf(record, supplier),
    sellable: record?.sellable ?? 0,
    committed: record?.committed ?? 0,
  };
}

/** What a leader may see of a SKU: never the supplier's cost or code. */
export function availabilityItem(sku: Sku, record: InventoryRecord | undefined, supplier: Supplier | undefined, cutoffAt: number, estimated = false): AvailabilityItem {
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
    projectedOnHand: record?.projectedOnHand ?? 0,
    buffer: record?.buffer ?? 0,
    bufferRule: record?.bufferRule ?? 'none',
    staleExtra: record?.staleExtra ?? 0,
    committed: record?.committed ?? 0,
    warningLine: sku.warningLine,
    atOrBelowWarning: sellable <= sku.warningLine,
    freshness: freshnessOf(record, supplier, estimated),
    cutoffAt,
  };
}

export interface HeldContext {
  skus: ReadonlyMap<string, Sku>;
  suppliers: ReadonlyMap<string, Supplier>;
  names: ReadonlyMap<string, string>;
  /** When each SKU was last counted: a held line counted again since is left out on confirmation. */
  countedAt: ReadonlyMap<string, number>;
}

export function heldView(held: HeldReport, ctx: HeldContext): HeldView {
  const jumps = new Map(held.jumps.map((j) => [j.skuId, j]));
  const name = (id: string | undefined) => (id ? ctx.names.get(id) ?? id : undefined);
  return {
    id: held.id,
    supplierId: held.supplierId,
    supplierName: ctx.suppliers.get(held.supplierId)?.name ?? held.supplierId,
    reportedAt: held.report.reportedAt,
    reportedBy: name(held.report.reportedBy)!,
    source: held.report.source,
    ...(held.report.note ? { note: held.report.note } : {}),
    status: held.status,
    lines: held.report.lines.map((l) => {
      const sku = ctx.skus.get(l.skuId);
      const jump = jumps.get(l.skuId);
      const recounted = held.status === 'held' && (ctx.countedAt.get(l.skuId) ?? 0) > held.report.reportedAt;
      return {
        skuId: l.skuId, name: sku?.name ?? l.skuId, spec: sku?.spec ?? '', onHand: l.onHand, jump: !!jump,
        ...(jump ? { last: jump.last } : {}), ...(recounted ? { recountedSince: true as const } : {}),
      };
    }),
    ...(held.resolvedBy ? { resolvedBy: name(held.resolvedBy)!, resolvedAt: held.resolvedAt! } : {}),
    ...(held.report.partOf ? { partOf: held.report.partOf } : {}),
    ...(held.replaced ? { replaced: { reportedBy: name(held.replaced.reportedBy)!, reportedAt: held.replaced.reportedAt } } : {}),
  };
}
