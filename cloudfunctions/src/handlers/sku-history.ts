import { type Result, fail, ok } from '../domain/errors';
import { historyPoints } from '../domain/history';
import type { HeldReport, HeldStatus } from '../domain/model';
import type { StockStore } from '../storage/port';
import type { HistoryEvent, SkuHistory } from '../contract/api';
import { peopleNames } from './lookups';
import { DAY_MS } from '../domain/report';

/** A SKU's counts and sellable over the last `days`, and every count with who, when and how. */
export async function skuHistory(store: StockStore, skuId: string, now: number, days: number, supplierScope?: string): Promise<Result<SkuHistory>> {
  const [sku] = await store.getSkus([skuId]);
  if (!sku || (supplierScope && sku.supplierId !== supplierScope)) return fail('NOT_FOUND', `商品 ${skuId} 不存在`);
  const since = now - days * DAY_MS;
  const [ledger, supplier, nameOf, held] = await Promise.all([
    store.listLedger(skuId, since), store.getSupplier(sku.supplierId), peopleNames(store),
    store.listHeldReports({ supplierId: sku.supplierId }),
  ]);
  const events: HistoryEvent[] = ledger.filter((e) => e.kind === 'report').map((e) => ({
    at: e.at, kind: 'report', onHand: e.qty, source: e.source ?? 'form', byName: nameOf(e.by), ...(e.note ? { note: e.note } : {}),
    ...(e.sameAsLast ? { sameAsLast: true as const } : {}),
  }));
  for (const h of held) {
    const line = h.report.lines.find((l) => l.skuId === skuId);
    if (!line || h.heldAt < since) continue;
    const base = { onHand: line.onHand, source: h.report.source, ...(h.report.note ? { note: h.report.note } : {}) };
    events.push({ at: h.heldAt, kind: 'held', byName: nameOf(h.report.reportedBy), ...base });
    if (h.status !== 'held' && h.resolvedAt !== undefined) {
      events.push({ at: h.resolvedAt, kind: await endedAs(store, h, skuId), byName: nameOf(h.resolvedBy ?? ''), ...base });
    }
  }
  events.sort((a, b) => b.at - a.at);
  return ok({ skuId, name: sku.name, spec: sku.spec, supplierName: supplier?.name ?? '', points: historyPoints(ledger), events });
}

/** A confirmed held line counted again before the confirmation was left out: for this SKU it was superseded. */
async function endedAs(store: StockStore, held: HeldReport, skuId: string): Promise<Exclude<HeldStatus, 'held'>> {
  if (held.status !== 'confirmed') return held.status as Exclude<HeldStatus, 'held'>;
  const applied = await store.getReport(held.id);
  return applied?.report.recountedSince?.includes(skuId) ? 'superseded' : 'confirmed';
}
