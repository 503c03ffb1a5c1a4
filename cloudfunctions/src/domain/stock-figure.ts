import { computeBuffer, resolveBufferPolicy } from './buffer';
import type { InventoryRecord, Settings, Sku, Supplier } from './model';
import { countAgeHours, isOverAge } from './count-age';
import { projectOnHand, staleExtraUnits } from './projection';
import { sellableUnits } from './sellable';
import { computeTier } from './tier';

/** What a count fixes until the next one: the number, its provenance and the rates learned. */
export type Anchor = Pick<InventoryRecord,
  'skuId' | 'supplierId' | 'onHand' | 'reportId' | 'reportedAt' | 'reportSource' | 'sameAsLast' | 'basis' | 'avgDailySales' | 'elsewherePerHour'>;

export interface FigureContext {
  sku: Sku;
  supplier: Supplier | undefined;
  settings: Settings;
}

/**
 * The sellable figure of a SKU at `now` (DESIGN §3): project onHand by sales elsewhere,
 * pick the tier, hold back the buffer (widened when the count is stale), subtract what
 * our orders hold. Pure: reports and the refresh job both call it.
 */
export function figureAt(anchor: Anchor, committed: number, ctx: FigureContext, now: number): Omit<InventoryRecord, 'version'> {
  const { sku, supplier, settings } = ctx;
  const ageHours = countAgeHours(anchor.reportedAt, now);
  const projected = settings.projection && anchor.elsewherePerHour > 0;
  const projectedOnHand = projected ? projectOnHand(anchor.onHand, anchor.elsewherePerHour, ageHours) : anchor.onHand;
  const dailySales = anchor.avgDailySales + anchor.elsewherePerHour * 24;
  const tier = sku.tierOverride ?? computeTier(dailySales, projectedOnHand, settings.tiers);
  const maxAge = settings.tiers.maxReportAgeHours[tier];
  const stale = isOverAge(anchor.reportedAt, tier, settings.tiers.maxReportAgeHours, now);
  const base = computeBuffer(resolveBufferPolicy(sku, supplier, settings), projectedOnHand, anchor.avgDailySales);
  const staleExtra = settings.staleness && stale
    ? Math.min(staleExtraUnits(projectedOnHand, ageHours, maxAge, settings.staleExtraRatio), projectedOnHand - base.units)
    : 0;
  const buffer = base.units + staleExtra;
  // Field by field rather than spreading the anchor: this runs for every SKU on every
  // refresh tick, and the spread was a measurable share of it (the simulator's profile).
  const figure: Omit<InventoryRecord, 'version'> = {
    skuId: anchor.skuId,
    supplierId: anchor.supplierId,
    onHand: anchor.onHand,
    reportId: anchor.reportId,
    reportedAt: anchor.reportedAt,
    reportSource: anchor.reportSource,
    basis: anchor.basis,
    avgDailySales: anchor.avgDailySales,
    elsewherePerHour: anchor.elsewherePerHour,
    projectedOnHand,
    tier,
    stale,
    buffer,
    bufferRule: base.rule,
    staleExtra,
    committed,
    sellable: sellableUnits(projectedOnHand, buffer, committed),
    computedAt: now,
  };
  if (anchor.sameAsLast) figure.sameAsLast = true;
  return figure;
}

export const anchorOf = (record: InventoryRecord): Anchor => ({
  skuId: record.skuId,
  supplierId: record.supplierId,
  onHand: record.onHand,
  reportId: record.reportId,
  reportedAt: record.reportedAt,
  reportSource: record.reportSource,
  ...(record.sameAsLast ? { sameAsLast: true } : {}),
  basis: record.basis,
  avgDailySales: record.avgDailySales,
  elsewherePerHour: record.elsewherePerHour,
});

/** Whether a refresh moved anything a person sees (the time of computation alone does not count). */
export const figureMoved = (before: InventoryRecord, after: Omit<InventoryRecord, 'version'>): boolean =>
  before.sellable !== after.sellable || before.projectedOnHand !== after.projectedOnHand || before.buffer !== after.buffer
  || before.stale !== after.stale || before.tier !== after.tier;
