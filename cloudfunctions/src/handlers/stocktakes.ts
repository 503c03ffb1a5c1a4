// Stocktake actions (盘点对账): the supplier counts its own, explains and confirms; an
// operator opens one, may count or explain on the supplier's behalf, approves or sends
// it back, and exports the reconciliation sheet. Validation here, the steps in
// stocktake-flow.ts, the rules in the domain.
import * as z from 'zod';
import { type Result, fail, ok } from '../domain/errors';
import { MAX_ON_HAND } from '../domain/limits';
import { type Stocktake, VARIANCE_REASONS } from '../domain/stocktake';
import type { FileDownload, StocktakeSummary, StocktakeView } from '../contract/api';
import { stocktakeSheetXlsx } from '../import/stocktake-sheet';
import { XLSX_TYPE } from '../import/workbook';
import { type Deps, action } from './action';
import { codeSchema } from './catalogue-schemas';
import {
  type CountedLine, approveStocktake, cancelStocktake, confirmStocktake, countStocktake, explainStocktake, openStocktake, reachableStocktake, returnStocktake,
} from './stocktake-flow';
import { stocktakeSummaries, stocktakeView } from './stocktake-view';
import { countSchema, skuIdSchema } from './validation';

const LISTED = 30;
const stocktakeInput = z.object({ stocktakeId: z.string().trim().min(1).max(80) });
const reasonFields = { reason: z.enum(VARIANCE_REASONS).optional(), note: z.string().trim().max(100).optional() };
const countInput = stocktakeInput.extend({ lines: z.array(z.object({ skuId: skuIdSchema, counted: countSchema(0, MAX_ON_HAND), ...reasonFields })).min(1).max(5_000) });
const explainInput = stocktakeInput.extend({ lines: z.array(z.object({ skuId: skuIdSchema, ...reasonFields })).min(1).max(5_000) });
const noteInput = stocktakeInput.extend({ note: z.string().trim().min(1).max(100) });

type Step = (deps: Deps, st: Stocktake) => Promise<Result<Stocktake>>;

/** Find it (a supplier only its own), take the step, answer the page's view. */
async function step(deps: Deps, id: string, supplierScope: string | undefined, run: Step): Promise<Result<StocktakeView>> {
  const st = await reachableStocktake(deps, id, supplierScope);
  if (!st.ok) return st;
  const done = await run(deps, st.data);
  return done.ok ? ok(await stocktakeView(deps, done.data)) : done;
}

async function sheet(deps: Deps, id: string, supplierScope?: string): Promise<Result<FileDownload>> {
  const st = await reachableStocktake(deps, id, supplierScope);
  if (!st.ok) return st;
  const view = await stocktakeView(deps, st.data);
  return ok({ fileName: `${view.supplierName}-盘点对账-${st.data.id}.xlsx`, contentType: XLSX_TYPE, base64: Buffer.from(await stocktakeSheetXlsx(view)).toString('base64') });
}

const lines = (input: { lines: CountedLine[] }): CountedLine[] => input.lines;

export const supplierStocktakes = {
  stocktakes: action(['supplier'], z.object({}), async (ctx) => {
    const list = await ctx.deps.store.listStocktakes({ supplierId: ctx.caller.supplierId! }, LISTED);
    return ok(await stocktakeSummaries(ctx.deps, list) satisfies StocktakeSummary[]);
  }),
  stocktake: action(['supplier'], stocktakeInput, (ctx, input) => step(ctx.deps, input.stocktakeId, ctx.caller.supplierId!, async (_d, st) => ok(st))),
  submitStocktake: action(['supplier'], countInput, (ctx, input) =>
    step(ctx.deps, input.stocktakeId, ctx.caller.supplierId!, (deps, st) => countStocktake(deps, st, lines(input), ctx.caller.id))),
  explainStocktake: action(['supplier'], explainInput, (ctx, input) =>
    step(ctx.deps, input.stocktakeId, ctx.caller.supplierId!, (deps, st) => explainStocktake(deps, st, input.lines, ctx.caller.id))),
  confirmStocktake: action(['supplier'], stocktakeInput, (ctx, input) =>
    step(ctx.deps, input.stocktakeId, ctx.caller.supplierId!, (deps, st) => confirmStocktake(deps, st, ctx.caller.id))),
  exportStocktake: action(['supplier'], stocktakeInput, (ctx, input) => sheet(ctx.deps, input.stocktakeId, ctx.caller.supplierId!)),
};

export const operatorStocktakes = {
  stocktakes: action(['operator'], z.object({ supplierId: codeSchema.optional() }), async (ctx, input) => {
    const list = await ctx.deps.store.listStocktakes(input.supplierId ? { supplierId: input.supplierId } : {}, LISTED);
    return ok(await stocktakeSummaries(ctx.deps, list) satisfies StocktakeSummary[]);
  }),
  stocktake: action(['operator'], stocktakeInput, (ctx, input) => step(ctx.deps, input.stocktakeId, undefined, async (_d, st) => ok(st))),
  openStocktake: action(['operator'], z.object({ supplierId: codeSchema }), async (ctx, input) => {
    const supplier = await ctx.deps.store.getSupplier(input.supplierId);
    if (!supplier) return fail('NOT_FOUND', `供应商 ${input.supplierId} 不存在`, { issues: [{ path: 'supplierId', message: '供应商不存在' }] });
    const opened = await openStocktake(ctx.deps, supplier, ctx.caller.id);
    return opened.ok ? ok(await stocktakeView(ctx.deps, opened.data)) : opened;
  }),
  countStocktakeFor: action(['operator'], countInput, (ctx, input) =>
    step(ctx.deps, input.stocktakeId, undefined, (deps, st) => countStocktake(deps, st, lines(input), ctx.caller.id))),
  explainStocktakeFor: action(['operator'], explainInput, (ctx, input) =>
    step(ctx.deps, input.stocktakeId, undefined, (deps, st) => explainStocktake(deps, st, input.lines, ctx.caller.id))),
  approveStocktake: action(['operator'], stocktakeInput, (ctx, input) =>
    step(ctx.deps, input.stocktakeId, undefined, (deps, st) => approveStocktake(deps, st, ctx.caller.id))),
  returnStocktake: action(['operator'], noteInput, (ctx, input) =>
    step(ctx.deps, input.stocktakeId, undefined, (deps, st) => returnStocktake(deps, st, input.note, ctx.caller.id))),
  cancelStocktake: action(['operator'], noteInput, (ctx, input) =>
    step(ctx.deps, input.stocktakeId, undefined, (deps, st) => cancelStocktake(deps, st, input.note, ctx.caller.id))),
  exportStocktake: action(['operator'], stocktakeInput, (ctx, input) => sheet(ctx.deps, input.stocktakeId)),
};
