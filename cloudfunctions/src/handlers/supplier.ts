import * as z from 'zod';
import { fail, ok } from '../domain/errors';
import { reportSlotLabel } from '../domain/freshness';
import { inShanghai } from '../domain/time';
import type { Report, Supplier } from '../domain/model';
import { action } from './action';
import type { ReportSheet, SentReportView } from '../contract/api';
import { confirmHeld, continueCount, discardHeld, receiveCount } from './count-intake';
import { heldViews, intakeView } from './lookups';
import { skuHistory } from './sku-history';
import { supplierWaves } from './supplier-waves';
import { MAX_ON_HAND, countSchema, skuIdSchema } from './validation';
import { supplierSkuView } from './views';
import { supplierWebhooks } from './webhook-events';
import { supplierStocktakes } from './stocktakes';
import { supplierScorecards } from './scorecards';

export const reportLinesSchema = z.array(z.object({ skuId: skuIdSchema, onHand: countSchema(0, MAX_ON_HAND), sameAsLast: z.literal(true).optional() })).min(1).max(20_000);
const heldInput = z.object({ heldId: z.string().min(1).max(64) });

/** Reports a supplier sends in a day, at most: enough to list today's on the sheet. */
const REPORTS_A_DAY = 6;

/** Today's reports (Shanghai calendar day), earliest first: what a reopened page says was already sent. */
function sentToday(reports: Report[], supplier: Supplier, now: number): SentReportView[] {
  const dayStart = inShanghai(now).startOf('day').valueOf();
  return reports.filter((r) => r.reportedAt >= dayStart).reverse().map((r) => ({
    reportId: r.id, reportedAt: r.reportedAt, slot: reportSlotLabel(r.reportedAt, r.source, supplier.reportTimes), lineCount: r.lines.length, source: r.source,
  }));
}

export const supplier = {
  /** The report page: the supplier's own SKUs with the last count, which report is due, what waits for confirmation. */
  reportSheet: action(['supplier'], z.object({}), async (ctx) => {
    const { store, clock } = ctx.deps;
    const supplierId = ctx.caller.supplierId!;
    const own = await store.getSupplier(supplierId);
    if (!own) return fail('NOT_FOUND', '找不到您所属的供应商，请联系运营');
    const [skus, held, recent] = await Promise.all([
      store.listSkus({ supplierId }), store.listHeldReports({ supplierId, status: 'held' }), store.listReports(supplierId, REPORTS_A_DAY),
    ]);
    const records = await store.listInventory(skus.map((s) => s.id));
    const bySku = new Map(records.map((r) => [r.skuId, r]));
    const sheet: ReportSheet = {
      supplierName: own.name,
      slotNow: reportSlotLabel(clock.now(), 'form', own.reportTimes),
      reportTimes: own.reportTimes,
      rows: skus.filter((s) => s.listed).map((s) => supplierSkuView(s, bySku.get(s.id), own)),
      held: await heldViews(store, held),
      sentToday: sentToday(recent, own, clock.now()),
    };
    return ok(sheet);
  }),

  /** A count from the phone: applied whole, held when a line jumps, or refused naming every bad line. */
  submitReport: action(['supplier'], z.object({ lines: reportLinesSchema }), async (ctx, input) => {
    const intake = await receiveCount(ctx.deps, { supplierId: ctx.caller.supplierId!, source: 'form', by: ctx.caller.id, lines: input.lines });
    return intake.ok ? ok(await intakeView(ctx.deps.store, intake.data)) : intake;
  }),

  /** Carry on applying a long report while the page shows its progress. */
  continueReport: action(['supplier'], z.object({ reportId: z.string().min(1).max(64) }), async (ctx, input) => {
    const intake = await continueCount(ctx.deps, input.reportId, ctx.caller.supplierId!);
    return intake.ok ? ok(await intakeView(ctx.deps.store, intake.data)) : intake;
  }),

  confirmHeld: action(['supplier'], heldInput, async (ctx, input) => {
    const intake = await confirmHeld(ctx.deps, input.heldId, ctx.caller.id, ctx.caller.supplierId!);
    return intake.ok ? ok(await intakeView(ctx.deps.store, intake.data)) : intake;
  }),

  discardHeld: action(['supplier'], heldInput, async (ctx, input) => {
    const held = await discardHeld(ctx.deps, input.heldId, ctx.caller.id, ctx.caller.supplierId!);
    return held.ok ? ok((await heldViews(ctx.deps.store, [held.data]))[0]!) : held;
  }),

  ...supplierWaves,
  ...supplierWebhooks,
  ...supplierStocktakes,
  ...supplierScorecards,

  skuHistory: action(['supplier'], z.object({ skuId: skuIdSchema, days: z.number().int().min(1).max(90).default(14) }), async (ctx, input) =>
    skuHistory(ctx.deps.store, input.skuId, ctx.deps.clock.now(), input.days, ctx.caller.supplierId!)),
};
