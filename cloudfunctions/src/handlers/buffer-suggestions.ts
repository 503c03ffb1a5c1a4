// Buffers from scorecards (issue 15): the operator reads each supplier's suggested buffer
// ratio with what it would do to sellable now, and applies the ones chosen with one
// confirmation. Sized in database calls: settings, suppliers, SKUs, inventory, buffer
// changes and people once, and one read of waves per supplier (each wave carries what we
// believed on hand at its close and what was cut at its confirmation, so no line is read).
import * as z from 'zod';
import { DEFAULT_SUGGESTION_LIMITS, type SuggestionLimits, suggestRatio, type WaveObservation } from '../domain/buffer-suggestion';
import { fail, failWithIssues, ok } from '../domain/errors';
import type { BufferChange, BufferPolicy, InventoryRecord, Settings, Sku, Supplier, Wave } from '../domain/model';
import { figureAt } from '../domain/stock-figure';
import type { AppliedBufferChanges, BufferSuggestionRow, BufferSuggestions } from '../contract/api';
import { refreshAfterChange } from '../jobs/refresh-stock';
import { type Deps, action } from './action';
import { codeSchema } from './catalogue-schemas';
import { peopleNames } from './lookups';

const limitsInput = z.object({
  minRatio: z.number().min(0).max(1).default(DEFAULT_SUGGESTION_LIMITS.minRatio),
  maxRatio: z.number().min(0).max(1).default(DEFAULT_SUGGESTION_LIMITS.maxRatio),
  coverage: z.number().min(0.5).max(1).default(DEFAULT_SUGGESTION_LIMITS.coverage),
});
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
    store.getSettings(), store.listSuppliers(), store.listSkus(), store.listInventory(), store.listBufferChanges({}, 200), peopleNames(store),
  ]);
  const skusOf = new Map<string, Sku[]>();
  for (const s of skus) skusOf.set(s.supplierId, [...(skusOf.get(s.supplierId) ?? []), s]);
  return { settings, suppliers, skusOf, records: new Map(records.map((r) => [r.skuId, r])), changes, nameOf };
}

/** Sellable now for each of the supplier's counted SKUs, under its policy and under `to`. */
function effectOf(supplier: Supplier, to: BufferPolicy, c: Catalogue, now: number): NonNullable<BufferSuggestionRow['effect']> {
  const effect = { gained: 0, heldBack: 0, skus: 0 };
  for (const sku of c.skusOf.get(supplier.id) ?? []) {
    const record = c.records.get(sku.id);
    if (!record) continue;
    const before = figureAt(record, record.committed, { sku, supplier, settings: c.settings }, now).sellable;
    const after = figureAt(record, record.committed, { sku, supplier: { ...supplier, bufferPolicy: to }, settings: c.settings }, now).sellable;
    if (after === before) continue;
    effect.skus += 1;
    if (after > before) effect.gained += after - before;
    else effect.heldBack += before - after;
  }
  return effect;
}

export const samePolicy = (a: BufferPolicy | undefined, b: BufferPolicy): boolean => JSON.stringify(a ?? null) === JSON.stringify(b);

async function rowOf(deps: Deps, supplier: Supplier, c: Catalogue, limits: SuggestionLimits): Promise<BufferSuggestionRow> {
  const waves = await deps.store.listWaves({ supplierId: supplier.id });
  const suggestion = suggestRatio(waveObservations(waves, limits.waves), limits);
  const policy = supplier.bufferPolicy ?? c.settings.bufferPolicy;
  const last = c.changes.find((ch) => ch.supplierId === supplier.id);
  const row: BufferSuggestionRow = {
    supplierId: supplier.id, supplierName: supplier.name, current: { policy, own: supplier.bufferPolicy !== undefined }, suggestion,
    ...(last ? { lastChange: { ...last, byName: c.nameOf(last.by), inForce: samePolicy(supplier.bufferPolicy, last.to) } } : {}),
  };
  if (suggestion.status !== 'suggested') return row;
  const to: BufferPolicy = { ...policy, ratio: suggestion.ratio };
  return { ...row, to, effect: effectOf(supplier, to, c, deps.clock.now()) };
}

export async function bufferSuggestions(deps: Deps, input: LimitsInput): Promise<BufferSuggestions> {
  const limits = limitsOf(input);
  const c = await catalogue(deps);
  const rows: BufferSuggestionRow[] = [];
  for (const supplier of c.suppliers) rows.push(await rowOf(deps, supplier, c, limits));
  return { limits, rows };
}

const applyInput = limitsInput.extend({
  suppliers: z.array(z.object({ supplierId: codeSchema, ratio: z.number().min(0).max(1) })).min(1).max(200),
});

/**
 * Apply the suggestions an operator chose: each recomputed here, and applied only if it
 * is still the ratio the operator saw. The change is logged first, then the supplier's
 * policy set: a failure between leaves a logged change not in force (shown so, applied
 * again by the next tap), never a change nobody can account for.
 */
export async function applyBufferSuggestions(deps: Deps, by: string, input: z.infer<typeof applyInput>) {
  const limits = limitsOf(input);
  const c = await catalogue(deps);
  const bySupplier = new Map(c.suppliers.map((s) => [s.id, s]));
  const planned: Array<{ supplier: Supplier; change: BufferChange }> = [];
  for (const [i, chosen] of input.suppliers.entries()) {
    const supplier = bySupplier.get(chosen.supplierId);
    if (!supplier) return failWithIssues('NOT_FOUND', '供应商不存在', [{ path: `suppliers[${i}].supplierId`, message: `供应商 ${chosen.supplierId} 不存在` }]);
    const row = await rowOf(deps, supplier, c, limits);
    if (row.suggestion.status !== 'suggested') {
      return fail('CONFLICT', `${supplier.name} 的波次还不够，没有可应用的建议`, { issues: [{ path: `suppliers[${i}].supplierId`, message: '数据不足' }] });
    }
    if (!row.to || Math.abs(row.suggestion.ratio - chosen.ratio) > 1e-9) {
      return fail('CONFLICT', `${supplier.name} 的建议已变化，请刷新后再确认`, { issues: [{ path: `suppliers[${i}].ratio`, message: '建议已变化' }] });
    }
    const { observations, waves, covered, neededRatio } = row.suggestion;
    const at = deps.clock.now();
    planned.push({ supplier, change: {
      id: `bc_${supplier.id}_${at}`, supplierId: supplier.id, at, by, to: row.to,
      ...(supplier.bufferPolicy ? { from: supplier.bufferPolicy } : {}),
      basis: { observations, waves, coverage: covered, neededRatio },
    } });
  }
  await deps.store.addBufferChanges(planned.map((p) => p.change));
  await deps.store.upsertSuppliers(planned.map((p) => ({ ...p.supplier, bufferPolicy: p.change.to })));
  // Leaders see the new buffers now, not at the next refresh tick.
  await refreshAfterChange(deps, planned.flatMap((p) => (c.skusOf.get(p.supplier.id) ?? []).map((s) => s.id)));
  return ok<AppliedBufferChanges>({ applied: planned.map((p) => p.change) });
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
