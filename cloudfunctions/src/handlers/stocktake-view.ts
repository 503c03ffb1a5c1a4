// A stocktake as its pages and sheet show it: each SKU's count beside its book figure,
// the variance in units and money, which ones need a reason, totals, the variance by
// reason (the chart), and who did what when.
import type { Sku } from '../domain/model';
import {
  ACTION_NAMES, type Stocktake, type StocktakeLine, VARIANCE_REASON_NAMES, type VarianceRules, inProgress, needsReason, stocktakeStatusName, variance, varianceValue,
} from '../domain/stocktake';
import type { StocktakeLineView, StocktakeSummary, StocktakeView, VarianceByReason } from '../contract/api';
import type { Deps } from './action';
import { byId, peopleNames } from './lookups';

const percent = (share: number): string => `${Number((share * 100).toFixed(1))}%`;

export const reasonRuleText = (rules: VarianceRules): string =>
  `差异超过 ${rules.reasonAboveUnits} 件且超过账面数的 ${percent(rules.reasonAboveShare)} 时需选择原因`;

function lineView(line: StocktakeLine | undefined, sku: Sku | undefined, skuId: string, rules: VarianceRules): StocktakeLineView {
  const base = { skuId, name: sku?.name ?? skuId, spec: sku?.spec ?? '', ...(sku?.supplierCode ? { supplierCode: sku.supplierCode } : {}) };
  if (!line) return { ...base, needsReason: false };
  const value = varianceValue(line, sku);
  return {
    ...base, counted: line.counted, book: line.book, variance: variance(line), ...(value !== undefined ? { varianceValue: value } : {}),
    needsReason: needsReason(line, rules),
    ...(line.reason ? { reason: line.reason, reasonName: VARIANCE_REASON_NAMES[line.reason] } : {}), ...(line.note ? { note: line.note } : {}),
  };
}

/** Variances grouped by their reason, the largest money first ('none': within the threshold, no reason given). */
export function varianceByReason(lines: readonly StocktakeLineView[]): VarianceByReason[] {
  const groups = new Map<VarianceByReason['reason'], VarianceByReason>();
  for (const line of lines) {
    if (!line.variance) continue;
    const reason = line.reason ?? 'none';
    const group = groups.get(reason) ?? { reason, reasonName: line.reasonName ?? '未说明（在允许范围内）', lines: 0, units: 0, value: 0 };
    groups.set(reason, { ...group, lines: group.lines + 1, units: group.units + line.variance, value: group.value + (line.varianceValue ?? 0) });
  }
  return [...groups.values()].sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || Math.abs(b.units) - Math.abs(a.units));
}

const overdue = (st: Stocktake, now: number): boolean => inProgress(st) && st.status !== 'confirmed' && now > st.dueAt;

export async function stocktakeView(deps: Deps, st: Stocktake): Promise<StocktakeView> {
  const { store, clock } = deps;
  const [skus, supplier, settings, nameOf] = await Promise.all([store.listSkus({ supplierId: st.supplierId }), store.getSupplier(st.supplierId), store.getSettings(), peopleNames(store)]);
  const skuById = byId(skus);
  const rules = settings.stocktake;
  // Before a count: every listed SKU, to be counted; after: the SKUs counted, as counted.
  const lines = st.lines.length > 0
    ? st.lines.map((l) => lineView(l, skuById.get(l.skuId), l.skuId, rules))
    : skus.filter((k) => k.listed).map((k) => lineView(undefined, k, k.id, rules));
  const counted = lines.filter((l) => l.counted !== undefined);
  return {
    id: st.id, supplierId: st.supplierId, supplierName: supplier?.name ?? st.supplierId, status: st.status, statusName: stocktakeStatusName(st.status),
    openedAt: st.openedAt, openedByName: nameOf(st.openedBy), dueAt: st.dueAt, overdue: overdue(st, clock.now()),
    ...(st.countedAt !== undefined ? { countedAt: st.countedAt, countedByName: nameOf(st.countedBy!) } : {}),
    ...(st.confirmedAt !== undefined ? { confirmedAt: st.confirmedAt, confirmedByName: nameOf(st.confirmedBy!) } : {}),
    ...(st.approvedAt !== undefined ? { approvedAt: st.approvedAt, approvedByName: nameOf(st.approvedBy!) } : {}),
    ...(st.applied ? { applied: st.applied } : {}),
    lines,
    totals: {
      book: counted.reduce((s, l) => s + (l.book?.book ?? 0), 0), counted: counted.reduce((s, l) => s + (l.counted ?? 0), 0),
      variance: counted.reduce((s, l) => s + (l.variance ?? 0), 0), absVariance: counted.reduce((s, l) => s + Math.abs(l.variance ?? 0), 0),
      value: counted.reduce((s, l) => s + (l.varianceValue ?? 0), 0),
    },
    byReason: varianceByReason(lines),
    history: st.history.map((e) => ({ action: e.action, actionName: ACTION_NAMES[e.action], by: e.by, byName: nameOf(e.by), at: e.at, ...(e.note ? { note: e.note } : {}) })),
    reasonRule: reasonRuleText(rules),
  };
}

/** The list's rows: suppliers and SKUs read once for all of them. */
export async function stocktakeSummaries(deps: Deps, list: readonly Stocktake[]): Promise<StocktakeSummary[]> {
  if (list.length === 0) return [];
  const [suppliers, skus] = await Promise.all([deps.store.listSuppliers(), deps.store.listSkus()]);
  const supplierById = byId(suppliers);
  const skuById = byId(skus);
  return list.map((st) => summary(st, supplierById.get(st.supplierId)?.name ?? st.supplierId, skuById, deps.clock.now()));
}

function summary(st: Stocktake, supplierName: string, skuById: ReadonlyMap<string, Sku>, now: number): StocktakeSummary {
  return {
    id: st.id, supplierId: st.supplierId, supplierName, status: st.status, statusName: stocktakeStatusName(st.status),
    openedAt: st.openedAt, dueAt: st.dueAt, overdue: overdue(st, now), skus: st.lines.length,
    absVariance: st.lines.reduce((s, l) => s + Math.abs(variance(l)), 0),
    value: st.lines.reduce((s, l) => s + (varianceValue(l, skuById.get(l.skuId)) ?? 0), 0),
  };
}
