// Settlement (结算单): a supplier's scorecard for a period priced by the operator's rules.
// The payable is the units the supplier confirmed to ship in the period's waves at each
// SKU's cost price as it stands now; the rules are those of the settings version in
// force, named on the sheet. Reads what the card reads, plus the supplier's SKUs.
import * as z from 'zod';
import { fail, ok } from '../domain/errors';
import type { Supplier } from '../domain/model';
import { periodOf } from '../domain/scorecard';
import { SETTLEMENT_METRICS, payableOf, ruleText, settle } from '../domain/settlement';
import type { FileDownload, SettlementView } from '../contract/api';
import { settlementSheetXlsx } from '../import/settlement-sheet';
import { XLSX_TYPE } from '../import/workbook';
import { type Deps, action } from './action';
import { codeSchema } from './catalogue-schemas';
import { peopleNames } from './lookups';
import { periodInput, scorecardWithLines, today } from './scorecards';

const settlementInput = periodInput.extend({ supplierId: codeSchema });

export async function settlementOf(deps: Deps, supplier: Supplier, kind: 'week' | 'month', day: string): Promise<SettlementView> {
  const { store } = deps;
  const period = periodOf(kind, day);
  const [{ row, rated }, skus, version] = await Promise.all([
    scorecardWithLines(deps, supplier, period), store.listSkus({ supplierId: supplier.id }), store.currentSettings(),
  ]);
  const byId = new Map(skus.map((s) => [s.id, s]));
  const payable = payableOf(rated, (id) => byId.get(id));
  const settled = settle(row, payable.total, version.settings.settlement.rules);
  const { supplierId, supplierName, ...card } = row;
  return {
    supplierId, supplierName, period, periodOpen: period.to >= today(deps),
    rulesVersion: version.version,
    ...(version.version > 0 ? { rulesSavedBy: (await peopleNames(store))(version.by), rulesSavedAt: version.at } : {}),
    card,
    payable: { ...payable, lines: payable.lines.map((l) => ({ ...l, name: byId.get(l.skuId)?.name ?? l.skuId, spec: byId.get(l.skuId)?.spec ?? '' })) },
    settlement: { ...settled, outcomes: settled.outcomes.map((o) => ({ ...o, text: ruleText(o.rule), metricName: SETTLEMENT_METRICS[o.rule.metric].name })) },
  };
}

export const operatorSettlement = {
  /** One supplier's settlement for the week or month holding `day` (today by default). */
  settlement: action(['operator'], settlementInput, async (ctx, input) => {
    const supplier = await ctx.deps.store.getSupplier(input.supplierId);
    if (!supplier) return fail('NOT_FOUND', `供应商 ${input.supplierId} 不存在`, { issues: [{ path: 'supplierId', message: '供应商不存在' }] });
    return ok(await settlementOf(ctx.deps, supplier, input.period, input.day ?? today(ctx.deps)));
  }),
  /** The same as a sheet (结算单, XLSX). */
  exportSettlement: action(['operator'], settlementInput, async (ctx, input) => {
    const supplier = await ctx.deps.store.getSupplier(input.supplierId);
    if (!supplier) return fail('NOT_FOUND', `供应商 ${input.supplierId} 不存在`, { issues: [{ path: 'supplierId', message: '供应商不存在' }] });
    const view = await settlementOf(ctx.deps, supplier, input.period, input.day ?? today(ctx.deps));
    const base64 = Buffer.from(await settlementSheetXlsx(view, ctx.deps.clock.now())).toString('base64');
    return ok({ fileName: `${view.supplierName}-结算单-${view.period.from}至${view.period.to}.xlsx`, contentType: XLSX_TYPE, base64 } satisfies FileDownload);
  }),
};
