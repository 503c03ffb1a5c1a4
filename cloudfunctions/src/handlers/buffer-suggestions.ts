// Buffers from scorecards (issue 15): the operator reads each supplier's suggested buffer
// ratio with what it would do to sellable now, and applies the ones chosen with one
// confirmation. Sized in database calls: settings, suppliers, SKUs, inventory, buffer
// changes and people once, and one read of waves per supplier (each wave carries what we
// believed on hand at its close and what was cut at its confirmation, so no line is read).
import * as z from 'zod';
import { DEFAULT_SUGGESTION_LIMITS, type SuggestedRatio, type SuggestionLimits, suggestRatio, suggestSkuRatios, type WaveObservation } from '../domain/buffer-suggestion';
import { resolveBufferPolicy } from '../domain/buffer';
import { fail, failWithIssues, ok } from '../domain/errors';
import type { BufferChange, BufferPolicy, InventoryRecord, Settings, Sku, Supplier, Wave } from '../domain/model';
import { figureAt } from '../domain/stock-figure';
import type { AppliedBufferChanges, BufferEffect, BufferSuggestionRow, BufferSuggestions, SkuBufferSuggestionRow } from '../contract/api';
import { refreshAfterChange } from '../jobs/refresh-stock';
import { type Deps, action } from './action';
import { codeSchema } from './catalogue-schemas';
import { peopleNames } from './lookups';

const limitsShape = {
  minRatio: z.number().min(0).max(1).default(DEFAULT_SUGGESTION_LIMITS.minRatio),
  maxRatio: z.number().min(0).max(1).default(DEFAULT_SUGGESTION_LIMITS.maxRatio),
  coverage: z.number().min(0.5).max(1).default(DEFAULT_SUGGESTION_LIMITS.coverage),
  minSkuObservations: z.number().int().min(5).max(DEFAULT_SUGGESTION_LIMITS.waves).default(DEFAULT_SUGGESTION_LIMITS.minSkuObservations),
};
/** A range the operator can mean: the lowest ratio no higher than the highest. */
const orderedLimits = (limits: { minRatio: number; maxRatio: number }, ctx: z.RefinementCtx): void => {
  if (limits.minRatio > limits.maxRatio) ctx.addIssue({ code: 'custom', path: ['maxRatio'], message: '不能低于最低比例' });
};
const limitsInput = z.object(limitsShape).superRefine(orderedLimits);
type LimitsInput = z.infer<typeof limitsInput>;

const limitsOf = (input: LimitsInput): SuggestionLimits => ({ ...DEFAULT_SUGGESTION_LIMITS, ...input });

/** A confirmed wave's SKUs: what we believed on hand at its close, what was ordered and what the supplier confirmed. */
export function waveObservations(waves: readonly Wave[], last: number): WaveObservation[] {
  const rated = waves.filter((w) => w.status !== 'closed' && w.believed && w.shipQty && w.shortBySku).slice(0, last);
  return rated.flatMap((w) => Object.entries(w.shipQty!).flatMap(([skuId, confirmed]) => {
    const believed = w.believed![skuId];
    if (believed === undefined) return [];
    return [{ waveId: w.id, skuId, believed, ordered: confirmed + (w.shortBySku![skuId] ?? 0), confirmed }];
  }));
}

interface Catalogue {
  settings: Settings;
  skusOf: Map<string, Sku[]>;
  records: Map<string, InventoryRecord>;
  changes: BufferChange[];
  nameOf: (userId: string) => string;
}

async function catalogue(deps: Deps): Promise<Catalogue & { suppliers: Supplier[] }> {
  const { store } = deps;
  const [settings, suppliers, skus, records, changes, nameOf] = await Promise.all([
    store.getSettings(), store.listSuppliers(), store.listSkus(), store.listInventory(), store.listBufferChanges({}, 500), peopleNames(store),
  ]);
  const skusOf = new Map<string, Sku[]>();
  for (const s of skus) skusOf.set(s.supplierId, [...(skusOf.get(s.supplierId) ?? []), s]);
  return { settings, suppliers, skusOf, records: new Map(records.map((r) => [r.skuId, r])), changes, nameOf };
}

/** A supplier's buffers as they are, or as a plan would leave them: its policy, and SKUs' own policies. */
interface BufferState { supplier: BufferPolicy | undefined; skus: ReadonlyMap<string, BufferPolicy> }

const stateNow = (supplier: Supplier, skus: readonly Sku[]): BufferState => ({
  supplier: supplier.bufferPolicy,
  skus: new Map(skus.flatMap((k) => (k.bufferPolicy ? [[k.id, k.bufferPolicy] as const] : []))),
});

/** The SKU or supplier with this policy of its own, or none. */
function withPolicy<T extends { bufferPolicy?: BufferPolicy }>(thing: T, policy: BufferPolicy | undefined): T {
  const { bufferPolicy: _old, ...rest } = thing;
  return (policy ? { ...rest, bufferPolicy: policy } : rest) as T;
}

/** Sellable now for each of the supplier's counted SKUs (all, or those named), under `from` and under `to`. */
function effectOf(supplier: Supplier, from: BufferState, to: BufferState, c: Catalogue, now: number, only?: ReadonlySet<string>): BufferEffect {
  const effect = { gained: 0, heldBack: 0, skus: 0 };
  const sellableUnder = (sku: Sku, record: InventoryRecord, state: BufferState): number => {
    const under = { sku: withPolicy(sku, state.skus.get(sku.id)), supplier: withPolicy(supplier, state.supplier), settings: c.settings };
    return figureAt(record, record.committed, under, now).sellable;
  };
  for (const sku of c.skusOf.get(supplier.id) ?? []) {
    const record = c.records.get(sku.id);
    if (!record || (only && !only.has(sku.id))) continue;
    const before = sellableUnder(sku, record, from);
    const after = sellableUnder(sku, record, to);
    if (after === before) continue;
    effect.skus += 1;
    if (after > before) effect.gained += after - before;
    else effect.heldBack += before - after;
  }
  return effect;
}

export const samePolicy = (a: BufferPolicy | undefined, b: BufferPolicy): boolean => JSON.stringify(a ?? null) === JSON.stringify(b);

const withName = (c: Catalogue, change: BufferChange | undefined, inForce: (change: BufferChange) => boolean) =>
  (change ? { lastChange: { ...change, byName: c.nameOf(change.by), inForce: inForce(change) } } : {});

/**
 * SKUs whose own waves ask for another ratio than they would follow once the supplier's
 * suggestion is applied: each keeps its own policy's other rules (or the supplier's).
 */
function skuRows(supplier: Supplier, supplierTo: BufferPolicy, waves: readonly WaveObservation[], c: Catalogue, limits: SuggestionLimits, now: number): SkuBufferSuggestionRow[] {
  const skus = new Map((c.skusOf.get(supplier.id) ?? []).map((k) => [k.id, k]));
  const state = stateNow(supplier, [...skus.values()]);
  const afterSupplier: BufferState = { ...state, supplier: supplierTo };
  return suggestSkuRatios(waves, limits).flatMap(({ skuId, suggestion }) => {
    const sku = skus.get(skuId);
    if (!sku) return [];
    const followed = sku.bufferPolicy ?? supplierTo;
    const to: BufferPolicy = { ...followed, ratio: suggestion.ratio };
    if (samePolicy(followed, to)) return [];
    const last = c.changes.find((ch) => ch.skuId === skuId);
    const planned: BufferState = { ...afterSupplier, skus: new Map([...state.skus, [skuId, to]]) };
    return [{
      skuId, skuName: sku.spec ? `${sku.name} ${sku.spec}` : sku.name,
      current: { policy: resolveBufferPolicy(sku, supplier, c.settings), own: sku.bufferPolicy !== undefined },
      suggestion, to, effect: effectOf(supplier, state, planned, c, now, new Set([skuId])),
      ...withName(c, last, (ch) => samePolicy(sku.bufferPolicy, ch.to)),
    }];
  });
}

async function rowOf(deps: Deps, supplier: Supplier, c: Catalogue, limits: SuggestionLimits): Promise<BufferSuggestionRow> {
  const waves = waveObservations(await deps.store.listWaves({ supplierId: supplier.id }), limits.waves);
  const suggestion = suggestRatio(waves, limits);
  const policy = supplier.bufferPolicy ?? c.settings.bufferPolicy;
  const last = c.changes.find((ch) => ch.supplierId === supplier.id && !ch.skuId);
  const row: BufferSuggestionRow = {
    supplierId: supplier.id, supplierName: supplier.name, current: { policy, own: supplier.bufferPolicy !== undefined }, suggestion, skus: [],
    ...withName(c, last, (ch) => samePolicy(supplier.bufferPolicy, ch.to)),
  };
  if (suggestion.status !== 'suggested') return row;
  const now = deps.clock.now();
  const to: BufferPolicy = { ...policy, ratio: suggestion.ratio };
  const skus = skuRows(supplier, to, waves, c, limits, now);
  const state = stateNow(supplier, c.skusOf.get(supplier.id) ?? []);
  const planned: BufferState = { supplier: to, skus: new Map([...state.skus, ...skus.map((k) => [k.skuId, k.to] as const)]) };
  return { ...row, to, skus, effect: effectOf(supplier, state, planned, c, now) };
}

export async function bufferSuggestions(deps: Deps, input: LimitsInput): Promise<BufferSuggestions> {
  const limits = limitsOf(input);
  const c = await catalogue(deps);
  const rows: BufferSuggestionRow[] = [];
  for (const supplier of c.suppliers) rows.push(await rowOf(deps, supplier, c, limits));
  return { limits, rows };
}

const applyInput = z.object({
  ...limitsShape,
  suppliers: z.array(z.object({
    supplierId: codeSchema,
    ratio: z.number().min(0).max(1),
    /** The SKUs of the supplier's row to give their own buffer, each at the ratio shown. */
    skus: z.array(z.object({ skuId: codeSchema, ratio: z.number().min(0).max(1) })).max(500).default([]),
  })).min(1).max(200),
}).superRefine((input, ctx) => {
  orderedLimits(input, ctx);
  // Each supplier, and each SKU, once: a change is logged once.
  const repeated = (ids: string[], at: (i: number) => PropertyKey[]) => ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: at(i), message: '重复了，每个只列一次' });
  });
  repeated(input.suppliers.map((s) => s.supplierId), (i) => ['suppliers', i, 'supplierId']);
  input.suppliers.forEach((s, i) => repeated(s.skus.map((k) => k.skuId), (j) => ['suppliers', i, 'skus', j, 'skuId']));
});
type ApplyInput = z.infer<typeof applyInput>;

const basisOf = ({ observations, waves, covered, neededRatio }: SuggestedRatio): BufferChange['basis'] => ({ observations, waves, coverage: covered, neededRatio });
const conflict = (message: string, path: string, issue: string) => fail('CONFLICT', message, { issues: [{ path, message: issue }] });

interface Plan { supplier?: Supplier; skus: Sku[]; changes: BufferChange[] }

/** One chosen supplier's changes, if its suggestion (and each chosen SKU's) is still what the operator saw. */
async function planFor(deps: Deps, c: Catalogue & { suppliers: Supplier[] }, by: string, limits: SuggestionLimits, chosen: ApplyInput['suppliers'][number], i: number) {
  const supplier = c.suppliers.find((s) => s.id === chosen.supplierId);
  if (!supplier) return failWithIssues('NOT_FOUND', '供应商不存在', [{ path: `suppliers[${i}].supplierId`, message: `供应商 ${chosen.supplierId} 不存在` }]);
  const row = await rowOf(deps, supplier, c, limits);
  if (row.suggestion.status !== 'suggested') return conflict(`${supplier.name} 的波次还不够，没有可应用的建议`, `suppliers[${i}].supplierId`, '数据不足');
  if (!row.to || Math.abs(row.suggestion.ratio - chosen.ratio) > 1e-9) return conflict(`${supplier.name} 的建议已变化，请刷新后再确认`, `suppliers[${i}].ratio`, '建议已变化');
  const at = deps.clock.now();
  const plan: Plan = { skus: [], changes: [] };
  if (!samePolicy(row.current.policy, row.to)) {
    plan.supplier = { ...supplier, bufferPolicy: row.to };
    plan.changes.push({
      id: `bc_${supplier.id}_${at}`, supplierId: supplier.id, at, by, to: row.to,
      ...(supplier.bufferPolicy ? { from: supplier.bufferPolicy } : {}), basis: basisOf(row.suggestion),
    });
  }
  const skus = new Map((c.skusOf.get(supplier.id) ?? []).map((k) => [k.id, k]));
  for (const [j, wanted] of chosen.skus.entries()) {
    const skuRow = row.skus.find((k) => k.skuId === wanted.skuId);
    const sku = skus.get(wanted.skuId);
    if (!skuRow || !sku || Math.abs(skuRow.suggestion.ratio - wanted.ratio) > 1e-9) {
      return conflict(`${supplier.name} 的商品 ${wanted.skuId} 的建议已变化，请刷新后再确认`, `suppliers[${i}].skus[${j}].ratio`, '建议已变化');
    }
    plan.skus.push({ ...sku, bufferPolicy: skuRow.to });
    plan.changes.push({
      id: `bc_${supplier.id}_${sku.id}_${at}`, supplierId: supplier.id, skuId: sku.id, at, by, to: skuRow.to,
      ...(sku.bufferPolicy ? { from: sku.bufferPolicy } : {}), basis: basisOf(skuRow.suggestion),
    });
  }
  if (plan.changes.length === 0) return conflict(`${supplier.name} 的缓冲已与建议一致`, `suppliers[${i}].supplierId`, '没有要应用的变化');
  return ok(plan);
}

/**
 * Apply the suggestions an operator chose: each recomputed here, and applied only if it
 * is still the ratio the operator saw. The changes are logged first, then the suppliers'
 * and SKUs' policies set: a failure between leaves a logged change not in force (shown
 * so, applied again by the next tap), never a change nobody can account for.
 */
export async function applyBufferSuggestions(deps: Deps, by: string, input: ApplyInput) {
  const limits = limitsOf(input);
  const c = await catalogue(deps);
  const plans: Plan[] = [];
  for (const [i, chosen] of input.suppliers.entries()) {
    const plan = await planFor(deps, c, by, limits, chosen, i);
    if (!plan.ok) return plan;
    plans.push(plan.data);
  }
  const changes = plans.flatMap((p) => p.changes);
  await deps.store.addBufferChanges(changes);
  const suppliers = plans.flatMap((p) => (p.supplier ? [p.supplier] : []));
  if (suppliers.length > 0) await deps.store.upsertSuppliers(suppliers);
  const skus = plans.flatMap((p) => p.skus);
  if (skus.length > 0) await deps.store.upsertSkus(skus);
  // Leaders see the new buffers now, not at the next refresh tick.
  const touched = new Set(changes.map((ch) => ch.supplierId));
  await refreshAfterChange(deps, [...touched].flatMap((id) => (c.skusOf.get(id) ?? []).map((s) => s.id)));
  return ok<AppliedBufferChanges>({ applied: changes });
}

export const operatorBufferSuggestions = {
  /** Each supplier's suggested buffer from its last confirmed waves, with what it would do to sellable now. */
  bufferSuggestions: action(['operator'], limitsInput, async (ctx, input) => ok(await bufferSuggestions(ctx.deps, input))),
  /** Apply the chosen suggestions (one confirmation on the page); each is logged, none edited. */
  applyBufferSuggestions: action(['operator'], applyInput, async (ctx, input) => applyBufferSuggestions(ctx.deps, ctx.caller.id, input)),
  /** The buffer changes applied from suggestions, newest first. */
  bufferChanges: action(['operator'], z.object({ supplierId: codeSchema.optional() }), async (ctx, input) =>
    ok(await ctx.deps.store.listBufferChanges(input.supplierId ? { supplierId: input.supplierId } : {}, 100))),
};
