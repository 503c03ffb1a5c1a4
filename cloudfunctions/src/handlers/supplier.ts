import * as z from 'zod';
import { fail, failWithIssues, ok } from '../domain/errors';
import { reportLineIssues } from '../domain/report';
import type { Report } from '../domain/model';
import { reportSlotLabel } from '../domain/freshness';
import { action } from './action';
import type { ReportReceipt, SupplierSkuView } from './api-types';
import { applyReport } from './report-apply';
import { MAX_ON_HAND, countSchema, skuIdSchema } from './validation';
import { supplierSkuView } from './views';

const reportInput = z.object({
  lines: z.array(z.object({ skuId: skuIdSchema, onHand: countSchema(0, MAX_ON_HAND) })).min(1).max(2000),
});

export const supplier = {
  /** The supplier's own SKUs with the last count: the report form's rows. */
  mySkus: action(['supplier'], z.object({}), async (ctx) => {
    const { store } = ctx.deps;
    const supplierId = ctx.caller.supplierId!;
    const [skus, records, own] = await Promise.all([
      store.listSkus({ supplierId }), store.listInventory(), store.getSupplier(supplierId),
    ]);
    const bySku = new Map(records.map((r) => [r.skuId, r]));
    return ok<SupplierSkuView[]>(skus.filter((s) => s.listed).map((s) => supplierSkuView(s, bySku.get(s.id), own ?? undefined)));
  }),

  /** A count from the phone: applied whole, or refused naming every bad line. */
  submitReport: action(['supplier'], reportInput, async (ctx, input) => {
    const { store, clock, newId } = ctx.deps;
    const supplierId = ctx.caller.supplierId!;
    const own = await store.getSupplier(supplierId);
    if (!own) return fail('NOT_FOUND', '找不到您所属的供应商，请联系运营');
    const skus = new Map((await store.getSkus(input.lines.map((l) => l.skuId))).map((s) => [s.id, s]));
    const issues = reportLineIssues(input.lines, skus, supplierId);
    if (issues.length > 0) {
      return failWithIssues(issues[0]!.code ?? 'VALIDATION', '报数未提交', issues);
    }
    const report: Report = {
      id: newId('rep'), supplierId, source: 'form', basis: own.basis, reportedBy: ctx.caller.id, reportedAt: clock.now(), lines: input.lines,
    };
    const applied = await applyReport(ctx.deps, report, skus);
    if (!applied.ok) return applied;
    const receipt: ReportReceipt = {
      reportId: report.id,
      reportedAt: report.reportedAt,
      slot: reportSlotLabel(report.reportedAt, report.source, own.reportTimes),
      lines: applied.data.map((r) => supplierSkuView(skus.get(r.skuId)!, r, own)),
    };
    return ok(receipt);
  }),
};
