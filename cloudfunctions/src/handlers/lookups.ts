// Reads several handlers need to turn stored records into views.
import { reportSlotLabel } from '../domain/freshness';
import type { HeldReport, Sku, Supplier } from '../domain/model';
import type { StockStore } from '../storage/port';
import type { IntakeResult } from '../contract/api';
import type { Intake } from './count-intake';
import { type HeldContext, heldView, supplierSkuView } from './views';

export const byId = <T extends { id: string }>(items: T[]): Map<string, T> => new Map(items.map((x) => [x.id, x]));

/** People's names by id, for "who did it" lines; the system's own writes read 系统. */
export async function peopleNames(store: StockStore): Promise<(userId: string) => string> {
  const names = new Map((await store.listUsers()).map((u) => [u.id, u.name]));
  return (userId) => names.get(userId) ?? (userId === 'system' ? '系统' : userId);
}

export async function heldContext(store: StockStore, helds: HeldReport[]): Promise<HeldContext> {
  const skuIds = [...new Set(helds.flatMap((h) => h.report.lines.map((l) => l.skuId)))];
  const [skus, suppliers, users, records] = await Promise.all([store.getSkus(skuIds), store.listSuppliers(), store.listUsers(), store.listInventory(skuIds)]);
  return {
    skus: byId(skus), suppliers: byId(suppliers), names: new Map(users.map((u) => [u.id, u.name])),
    countedAt: new Map(records.map((r) => [r.skuId, r.reportedAt])),
  };
}

export async function heldViews(store: StockStore, helds: HeldReport[]) {
  const ctx = await heldContext(store, helds);
  return helds.map((h) => heldView(h, ctx));
}

/** What the person who submitted a count is told: applied (with the new figures) or held (and why). */
export async function intakeView(store: StockStore, intake: Intake): Promise<IntakeResult> {
  if (intake.status === 'held') return { status: 'held', held: (await heldViews(store, [intake.held]))[0]! };
  const held = intake.held ? { held: (await heldViews(store, [intake.held]))[0]! } : {};
  if (intake.status === 'applying') return { status: 'applying', reportId: intake.report.id, applied: intake.applied, total: intake.total, ...held };
  const { report, records } = intake;
  const [supplier, skus] = await Promise.all([store.getSupplier(report.supplierId), store.getSkus(records.map((r) => r.skuId))]);
  const skuById: Map<string, Sku> = byId(skus);
  const own: Supplier | undefined = supplier ?? undefined;
  return {
    status: 'applied',
    receipt: {
      reportId: report.id,
      reportedAt: report.reportedAt,
      slot: reportSlotLabel(report.reportedAt, report.source, own?.reportTimes ?? []),
      lines: records.map((r) => supplierSkuView(skuById.get(r.skuId)!, r, own)),
    },
    ...held,
  };
}
