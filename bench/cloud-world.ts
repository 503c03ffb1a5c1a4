// The worlds bench/cloud.ts runs its operations in: a catalogue, counted stock and the
// day's orders at the sizes a large operation reaches, loaded into either adapter the
// quickest way it takes them (plain bulk inserts on the cloud endpoint, the port on
// SQLite), so that both hold the same state when the measured operation starts.
import type { InventoryRecord, Order, OrderLine, Sku, Supplier, User } from '../cloudfunctions/src/domain/model';
import { cutoffInstant } from '../cloudfunctions/src/domain/business-day';
import { heldUnits } from '../cloudfunctions/src/domain/sellable';
import { reportLedgerId } from '../cloudfunctions/src/handlers/report-apply';
import type { CloudDatabase } from '../cloudfunctions/src/storage/cloud/cloud-store';
import type { StockStore } from '../cloudfunctions/src/storage/port';
import type { SqliteStore } from '../cloudfunctions/src/storage/sqlite/sqlite-store';

/** 2026-12-03, a Thursday: the orders are today's, the cutoff at 22:00. */
export const DAY = '2026-12-03';
export const CUTOFF = cutoffInstant(DAY, '22:00');
export const MORNING = CUTOFF - 12 * 3_600_000;
export const WEEK_MS = 7 * 86_400_000;

export interface Plan {
  suppliers: Supplier[];
  skus: Sku[];
  users: User[];
  /** Counted this morning; committed filled in from `orders`. */
  records: InventoryRecord[];
  orders: Order[];
}

export const supplierId = (i: number): string => `S${String(i).padStart(2, '0')}`;
export const skuIdOf = (s: number, i: number): string => `${supplierId(s)}-${String(i).padStart(5, '0')}`;
export const leaderId = (i: number): string => `L${String(i).padStart(4, '0')}`;

export function catalogue(skusPerSupplier: number[], leaders: number): Pick<Plan, 'suppliers' | 'skus' | 'users'> {
  const suppliers: Supplier[] = skusPerSupplier.map((_, s) => ({
    id: supplierId(s), name: `供应商${s}`, level: 'portal', reportTimes: ['08:00', '20:00'], basis: 'physical',
  }));
  const skus: Sku[] = skusPerSupplier.flatMap((n, s) => Array.from({ length: n }, (_, i) => ({
    id: skuIdOf(s, i), supplierId: supplierId(s), name: `商品${s}-${i}`, spec: '500克', category: ['水果', '蔬菜', '蛋类', '粮油'][i % 4]!,
    price: 1990, cost: 1200, listed: true, warningLine: 10,
  })));
  const users: User[] = [
    { id: 'U-OP', name: '运营', role: 'operator', inviteCode: 'OP-BENCH' },
    ...suppliers.map((s): User => ({ id: `U-${s.id}`, name: `${s.name}仓管`, role: 'supplier', supplierId: s.id, inviteCode: `SUP-${s.id}` })),
    ...Array.from({ length: leaders }, (_, i): User => ({ id: leaderId(i), name: `团长${i}`, role: 'leader', community: `小区${i}`, inviteCode: `LEAD-${i}` })),
  ];
  return { suppliers, skus, users };
}

export function countedRecord(sku: Sku, onHand: number): InventoryRecord {
  const buffer = Math.floor(onHand * 0.2);
  return {
    skuId: sku.id, supplierId: sku.supplierId, onHand, reportId: 'rep-morning', reportedAt: MORNING, reportSource: 'form', basis: 'physical',
    avgDailySales: 0, elsewherePerHour: 0, projectedOnHand: onHand, tier: 'normal', stale: false, buffer, bufferRule: 'ratio', staleExtra: 0,
    committed: 0, sellable: onHand - buffer, computedAt: MORNING, version: 1,
  };
}

/** `count` lines spread over `skus` and `leaders`, in orders of `perOrder` lines, placed at `at` (one ms apart). */
export function ordersOf(skus: Sku[], leaders: number, count: number, perOrder: number, at: number, status: OrderLine['status'] = 'placed', tag = 'b'): Order[] {
  const orders: Order[] = [];
  for (let o = 0; o * perOrder < count; o++) {
    const leader = leaderId(o % leaders);
    const id = `ord_${leader}_${tag}${String(o).padStart(7, '0')}`;
    const placedAt = at + o;
    const lines: OrderLine[] = Array.from({ length: Math.min(perOrder, count - o * perOrder) }, (_, i) => {
      const sku = skus[(o * perOrder + i) % skus.length]!;
      const day = dayOf(placedAt);
      return {
        id: `${id}_${i + 1}`, orderId: id, leaderId: leader, skuId: sku.id, supplierId: sku.supplierId, day, waveId: `${sku.supplierId}_${day}`,
        cutoffAt: cutoffInstant(day, '22:00'), qty: 1 + (i % 3), shortQty: 0, status, placedAt,
      };
    });
    orders.push({ id, leaderId: leader, idempotencyKey: `bench${o}`, requestHash: 'bench', status: 'placed', placedAt, lines, short: [] });
  }
  return orders;
}

/** The business day a past order belongs to (the cutoff is 22:00 every day). */
const dayOf = (at: number): string => {
  const shanghai = new Date(at + 8 * 3_600_000);
  const afterCutoff = shanghai.getUTCHours() >= 22;
  return new Date(shanghai.getTime() + (afterCutoff ? 86_400_000 : 0)).toISOString().slice(0, 10);
};

/** Units each SKU's open lines hold: what a report counted them as committed. */
function committedBySku(orders: Order[]): Map<string, number> {
  const held = new Map<string, number>();
  for (const l of orders.flatMap((o) => o.lines)) if (l.shippedAt === undefined) held.set(l.skuId, (held.get(l.skuId) ?? 0) + heldUnits(l));
  return held;
}

const withCommitted = (plan: Plan): InventoryRecord[] => {
  const held = committedBySku(plan.orders);
  return plan.records.map((r) => {
    const committed = held.get(r.skuId) ?? 0;
    return { ...r, committed, sellable: Math.max(0, r.onHand - r.buffer - committed) };
  });
};

async function bulkAdd(db: CloudDatabase, coll: string, docs: Array<Record<string, unknown> & { id?: string; skuId?: string }>, key: (d: never) => string): Promise<void> {
  for (let i = 0; i < docs.length; i += 1000) {
    await db.collection(coll).add({ data: docs.slice(i, i + 1000).map((d) => ({ ...d, _id: key(d as never) })) });
  }
}

/** The cloud: documents as the adapter itself would have left them, added 1,000 at a time. */
export async function loadCloud(store: StockStore, db: CloudDatabase, plan: Plan): Promise<void> {
  await store.upsertSuppliers(plan.suppliers);
  await store.listSkus(); // the collections exist
  await bulkAdd(db, 'skus', plan.skus as never, (s: Sku) => s.id);
  await bulkAdd(db, 'users', plan.users as never, (u: User) => u.id);
  await bulkAdd(db, 'inventory', withCommitted(plan) as never, (r: InventoryRecord) => r.skuId);
  await bulkAdd(db, 'orders', plan.orders.map((o) => ({ ...o })) as never, (o: Order) => o.id);
  await bulkAdd(db, 'order_lines', plan.orders.flatMap((o) => o.lines) as never, (l: OrderLine) => l.id);
}

/** SQLite: through the port, the way reports and orders arrive. */
export async function loadSqlite(store: SqliteStore, plan: Plan): Promise<void> {
  await store.upsertSuppliers(plan.suppliers);
  await store.upsertSkus(plan.skus);
  await store.upsertUsers(plan.users);
  const report = { id: 'rep-morning', supplierId: 'S00', source: 'form' as const, basis: 'physical' as const, reportedBy: 'U-S00', reportedAt: MORNING, lines: [] };
  await store.saveReport(report);
  await store.commitReportLines(report.id, plan.records.map((record) => ({
    record, expectedVersion: 0,
    ledger: { id: reportLedgerId(report.id, record.skuId), skuId: record.skuId, kind: 'report', at: MORNING, by: 'U-S00', refId: report.id, qty: record.onHand, committed: 0 },
  })));
  for (const order of plan.orders) {
    const totals = new Map<string, number>();
    for (const l of order.lines) totals.set(l.skuId, (totals.get(l.skuId) ?? 0) + l.qty);
    const placed = await store.reserve(order, totals, []);
    if (placed.kind !== 'placed') throw new Error(`seed order ${order.id}: ${placed.kind}`);
  }
}
