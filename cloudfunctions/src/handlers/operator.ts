import * as z from 'zod';
import { fail, failWithIssues, ok } from '../domain/errors';
import { skuEditIssues } from '../domain/catalogue';
import { cutoffTimeOf, nextCutoff } from '../domain/business-day';
import { overAgeBySupplier } from '../domain/count-age';
import { pullsFailing } from '../domain/pull';
import { refreshAfterChange } from '../jobs/refresh-stock';
import type { Sku, Supplier } from '../domain/model';
import { skuPreview, supplierPreview } from './rule-preview';
import { action } from './action';
import type { OperatorSkuView, SupplierMessageView, SupplierView } from '../contract/api';
import { parseSupplierMessage } from '../domain/supplier-message';
import { skuSchema, supplierSchema } from './catalogue-schemas';
import { operatorLeaderAliases } from './leader-aliases';
import { confirmHeld, continueCount, discardHeld, receiveCount } from './count-intake';
import { byId, heldViews, intakeView } from './lookups';
import { skuHistory } from './sku-history';
import { stockImport } from './stock-import';
import { operatorOrderImport } from './order-import';
import { partnerKeys } from './partner-keys';
import { operatorStocktakes } from './stocktakes';
import { operatorScorecards } from './scorecards';
import { operatorBufferSuggestions } from './buffer-suggestions';
import { operatorSettlement } from './settlement';
import { operatorWebhooks } from './webhook-events';
import { people } from './people';
import { settingsActions } from './settings';
import { taskViews } from './remediation';
import { confirmWave, confirmationInput, reachableWave, waveSummaries, waveView } from './waves';
import { reportLinesSchema } from './supplier';
import { skuIdSchema } from './validation';
import { availabilityItem } from './views';

const OPERATOR = ['operator'] as const;
const heldInput = z.object({ heldId: z.string().min(1).max(64) });

export const operator = {
  listSuppliers: action([...OPERATOR], z.object({}), async (ctx) => {
    const { store, clock } = ctx.deps;
    const [suppliers, skus, records, held, settings, pulls] = await Promise.all([
      store.listSuppliers(), store.listSkus(), store.listInventory(), store.listHeldReports({ status: 'held' }), store.getSettings(), store.listPullHealth(),
    ]);
    const healthOf = new Map(pulls.map((h) => [h.supplierId, h]));
    const listed = new Set(skus.filter((k) => k.listed).map((k) => k.id));
    const overAge = overAgeBySupplier(records.filter((r) => listed.has(r.skuId)), settings.tiers.maxReportAgeHours, clock.now());
    const views = suppliers.map((s): SupplierView => {
      const reported = records.filter((r) => r.supplierId === s.id).map((r) => r.reportedAt);
      return {
        ...s,
        skuCount: skus.filter((k) => k.supplierId === s.id).length,
        lastReportedAt: reported.length > 0 ? Math.max(...reported) : null,
        heldCount: held.filter((h) => h.supplierId === s.id).length,
        overAgeCount: overAge.get(s.id)?.length ?? 0,
        ...(s.pull && healthOf.has(s.id) ? { pullHealth: healthOf.get(s.id)! } : {}),
      };
    });
    return ok(views);
  }),

  /** What saving this supplier's rules would do to its SKUs' sellable; nothing is saved. */
  previewSupplier: action([...OPERATOR], z.object({ supplier: supplierSchema }), async (ctx, input) =>
    ok(await supplierPreview(ctx.deps.store, input.supplier as Supplier, ctx.deps.clock.now()))),

  saveSupplier: action([...OPERATOR], z.object({ supplier: supplierSchema, create: z.boolean() }), async (ctx, input) => {
    const { store } = ctx.deps;
    const supplier = input.supplier as Supplier;
    if (input.create) {
      if (!(await store.createSupplier(supplier))) {
        return fail('CONFLICT', `供应商编码 ${supplier.id} 已存在`, { issues: [{ path: 'supplier.id', message: '供应商编码已存在' }] });
      }
      return ok(supplier);
    }
    if (!(await store.getSupplier(supplier.id))) return fail('NOT_FOUND', `供应商 ${supplier.id} 不存在`);
    await store.upsertSuppliers([supplier]);
    // A new buffer policy shows to leaders now, not at the next refresh tick.
    await refreshAfterChange(ctx.deps, (await store.listSkus({ supplierId: supplier.id })).map((k) => k.id));
    return ok(supplier);
  }),

  listSkus: action([...OPERATOR], z.object({ supplierId: z.string().optional() }), async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const [skus, suppliers, settings, pulls] = await Promise.all([
      store.listSkus(input.supplierId ? { supplierId: input.supplierId } : {}), store.listSuppliers(), store.getSettings(), store.listPullHealth(),
    ]);
    const failing = pullsFailing(pulls);
    // One supplier's SKUs read only their own records; the whole catalogue reads them all.
    const records = await store.listInventory(input.supplierId ? skus.map((s) => s.id) : undefined);
    const bySku = new Map(records.map((r) => [r.skuId, r]));
    const bySupplier = byId(suppliers);
    const now = clock.now();
    return ok(skus.map((s): OperatorSkuView => {
      const supplier = bySupplier.get(s.supplierId);
      const figure = availabilityItem(s, bySku.get(s.id), supplier, nextCutoff(now, cutoffTimeOf(supplier, settings)), failing.has(s.supplierId));
      return { ...s, supplierName: supplier?.name ?? '', figure };
    }));
  }),

  /** Create or edit a SKU: codes unique, a colour or size variant is its own SKU. */
  /** What saving this SKU's rules would do to its sellable; nothing is saved. */
  previewSku: action([...OPERATOR], z.object({ sku: skuSchema }), async (ctx, input) => ok(await skuPreview(ctx.deps.store, input.sku as Sku, ctx.deps.clock.now()))),

  saveSku: action([...OPERATOR], z.object({ sku: skuSchema, create: z.boolean() }), async (ctx, input) => {
    const { store } = ctx.deps;
    const sku = input.sku as Sku;
    if (!(await store.getSupplier(sku.supplierId))) {
      return fail('NOT_FOUND', `供应商 ${sku.supplierId} 不存在`, { issues: [{ path: 'sku.supplierId', message: '供应商不存在' }] });
    }
    const [[existing], siblings] = await Promise.all([store.getSkus([sku.id]), store.listSkus({ supplierId: sku.supplierId })]);
    if (!input.create && !existing) return fail('NOT_FOUND', `商品 ${sku.id} 不存在`);
    const issues = skuEditIssues(sku, existing ?? null, siblings);
    if (issues.length > 0) return failWithIssues('VALIDATION', '商品未保存', issues);
    if (input.create) {
      if (!(await store.createSku(sku))) {
        return fail('CONFLICT', `商品编码 ${sku.id} 已存在`, { issues: [{ path: 'sku.id', message: '商品编码已存在' }] });
      }
    } else {
      await store.upsertSkus([sku]);
      // Its buffer or tier as just set shows now, not at the next refresh tick.
      await refreshAfterChange(ctx.deps, [sku.id]);
    }
    return ok(sku);
  }),

  /** Numbers received in a WeChat group, entered on the supplier's behalf (source recorded: typed, or read from a pasted message). */
  submitReportFor: action([...OPERATOR], z.object({
    supplierId: z.string().min(1).max(32), lines: reportLinesSchema, note: z.string().trim().max(100).optional(),
    source: z.enum(['operator', 'message']).optional(),
  }), async (ctx, input) => {
    const intake = await receiveCount(ctx.deps, {
      supplierId: input.supplierId, source: input.source ?? 'operator', by: ctx.caller.id, lines: input.lines, ...(input.note ? { note: input.note } : {}),
    });
    return intake.ok ? ok(await intakeView(ctx.deps.store, intake.data)) : intake;
  }),

  /** A pasted group message read against the supplier's SKUs: nothing is saved; the operator checks it and submits. */
  parseSupplierMessage: action([...OPERATOR], z.object({ supplierId: z.string().min(1).max(32), message: z.string().min(1).max(5000) }), async (ctx, input) => {
    const { store } = ctx.deps;
    if (!(await store.getSupplier(input.supplierId))) {
      return fail('NOT_FOUND', `供应商 ${input.supplierId} 不存在`, { issues: [{ path: 'supplierId', message: '供应商不存在' }] });
    }
    const skus = (await store.listSkus({ supplierId: input.supplierId })).filter((s) => s.listed);
    const parse = parseSupplierMessage(input.message, skus.map((s) => ({
      skuId: s.id, name: s.name, spec: s.spec, ...(s.supplierCode ? { supplierCode: s.supplierCode } : {}), ...(s.aliases?.length ? { aliases: s.aliases } : {}),
    })));
    const names = Object.fromEntries(skus.map((s) => [s.id, `${s.name} ${s.spec}`.trim()]));
    const view: SupplierMessageView = { ...parse, names };
    return ok(view);
  }),

  /** Carry on applying a long count (an import of thousands of lines) while the page shows its progress. */
  continueReport: action([...OPERATOR], z.object({ reportId: z.string().min(1).max(64) }), async (ctx, input) => {
    const intake = await continueCount(ctx.deps, input.reportId);
    return intake.ok ? ok(await intakeView(ctx.deps.store, intake.data)) : intake;
  }),

  listHeld: action([...OPERATOR], z.object({ status: z.enum(['held', 'confirmed', 'discarded', 'superseded']).optional() }), async (ctx, input) => {
    const held = await ctx.deps.store.listHeldReports(input.status ? { status: input.status } : {});
    return ok(await heldViews(ctx.deps.store, held));
  }),

  confirmHeld: action([...OPERATOR], heldInput, async (ctx, input) => {
    const intake = await confirmHeld(ctx.deps, input.heldId, ctx.caller.id);
    return intake.ok ? ok(await intakeView(ctx.deps.store, intake.data)) : intake;
  }),

  discardHeld: action([...OPERATOR], heldInput, async (ctx, input) => {
    const held = await discardHeld(ctx.deps, input.heldId, ctx.caller.id);
    return held.ok ? ok((await heldViews(ctx.deps.store, [held.data]))[0]!) : held;
  }),

  skuHistory: action([...OPERATOR], z.object({ skuId: skuIdSchema, days: z.number().int().min(1).max(90).default(14) }), async (ctx, input) =>
    skuHistory(ctx.deps.store, input.skuId, ctx.deps.clock.now(), input.days)),

  ...stockImport,
  ...operatorOrderImport,
  ...partnerKeys,
  ...operatorWebhooks,
  ...operatorStocktakes,
  ...operatorScorecards,
  ...operatorBufferSuggestions,
  ...operatorSettlement,
  ...operatorLeaderAliases,
  ...people,
  ...settingsActions,

  /** Every wave, newest day first; escalated ones are the operator's to chase or confirm. */
  waves: action([...OPERATOR], z.object({ status: z.enum(['closed', 'confirmed', 'shipped']).optional() }), async (ctx, input) =>
    ok(await waveSummaries(ctx.deps.store, (await ctx.deps.store.listWaves(input.status ? { status: input.status } : {})).slice(0, 100)))),

  wave: action([...OPERATOR], z.object({ waveId: z.string().min(1).max(80) }), async (ctx, input) => {
    const wave = await reachableWave(ctx.deps.store, input.waveId);
    return wave.ok ? ok(await waveView(ctx.deps.store, wave.data)) : wave;
  }),

  /** Confirm on the supplier's behalf (e.g. by phone after the deadline), recorded as such. */
  confirmWaveFor: action([...OPERATOR], confirmationInput, async (ctx, input) => confirmWave(ctx.deps, input, ctx.caller.id, true)),

  /** Open remediation tasks of every leader, with how long each has been open. */
  tasks: action([...OPERATOR], z.object({ status: z.enum(['open', 'resolved']).optional() }), async (ctx, input) => {
    const tasks = await ctx.deps.store.listTasks(input.status ? { status: input.status } : {});
    return ok(await taskViews(ctx.deps.store, tasks, ctx.deps.clock.now()));
  }),
};
