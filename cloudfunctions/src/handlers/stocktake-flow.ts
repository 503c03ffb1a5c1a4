// A stocktake from opening to its count in the ledger (DESIGN §8a). Each step reads the
// stocktake, takes it one state on in the domain, and stores it by compare-and-set on its
// version: two people acting at once get one success and one CONFLICT, never a merge.
// The approved count enters through the same intake as a report, under a report id fixed
// by the stocktake, so an approval that dies half-way is finished by the next call or tick.
import { ALERT_PAGES, type AlertEvent } from '../domain/alerts';
import { bookFigure } from '../domain/book-figure';
import { type Issue, type Result, fail, failWithIssues, ok } from '../domain/errors';
import type { Sku, Supplier } from '../domain/model';
import {
  type Stocktake, type StocktakeLine, type VarianceReason, approve, cancel, confirmCount, emptyBook, explain, markApplied, recordCount, returnForRecount, variance, varianceValue,
} from '../domain/stocktake';
import { STOCKTAKE_COUNT_HOURS } from '../domain/stocktake-schedule';
import type { Deps } from './action';
import { raiseAlerts, recipientDirectory } from './alerting';
import { receiveCount } from './count-intake';
import { byId } from './lookups';

export interface CountedLine {
  skuId: string;
  counted: number;
  reason?: VarianceReason;
  note?: string;
}

/** The report an approved stocktake's count is kept as: a retried approval finds it. */
export const stocktakeReportId = (stocktakeId: string): string => `rep_${stocktakeId}`;

/** The stocktake, if this caller may see it (a supplier only its own). */
export async function reachableStocktake(deps: Deps, id: string, supplierScope?: string): Promise<Result<Stocktake>> {
  const st = await deps.store.getStocktake(id);
  if (!st || (supplierScope && st.supplierId !== supplierScope)) return fail('NOT_FOUND', '找不到这次盘点');
  return ok(st);
}

/** Open one now (or for a schedule's day, under its fixed id); one in progress per supplier. */
export async function openStocktake(deps: Deps, supplier: Supplier, by: string, id?: string): Promise<Result<Stocktake>> {
  const { store, clock, newId } = deps;
  const [running] = (await store.listStocktakes({ supplierId: supplier.id, status: ['open', 'counted', 'confirmed'] }, 1));
  if (running) return fail('CONFLICT', `${supplier.name} 已有一次进行中的盘点（${running.id}），请先完成或取消`);
  const now = clock.now();
  const st: Stocktake = {
    id: id ?? newId('stk'), supplierId: supplier.id, status: 'open', openedAt: now, openedBy: by, dueAt: now + STOCKTAKE_COUNT_HOURS * 3_600_000,
    lines: [], history: [{ action: 'opened', by, at: now }], version: 1,
  };
  if (!(await store.addStocktake(st))) return fail('CONFLICT', '这次盘点已经发起过了');
  const people = await recipientDirectory(store);
  await raiseAlerts(deps, [{
    kind: 'stocktakeDue', key: st.id, recipients: people.staffOf(supplier.id), title: '盘点通知',
    body: `${supplier.name}：请在 ${STOCKTAKE_COUNT_HOURS} 小时内逐个清点全部商品的实物数量并提交盘点（不预填上次数量）`,
    link: ALERT_PAGES.supplierStocktake(st.id),
    fields: { subject: supplier.name, detail: '请清点实物库存并提交盘点', time: st.dueAt, status: '待盘点' },
  }]);
  return ok(st);
}

/** Every listed SKU of the supplier counted once, nothing else: each problem named by line. */
export function coverageIssues(lines: readonly CountedLine[], listed: readonly Sku[]): Issue[] {
  const expected = new Map(listed.map((k) => [k.id, k]));
  const seen = new Set<string>();
  const issues: Issue[] = [];
  lines.forEach((line, i) => {
    if (!expected.has(line.skuId)) issues.push({ path: `lines[${i}].skuId`, message: `第${i + 1}行 ${line.skuId} 不是这家供应商在售的商品`, code: 'UNKNOWN_SKU' });
    else if (seen.has(line.skuId)) issues.push({ path: `lines[${i}].skuId`, message: `第${i + 1}行 ${line.skuId} 重复`, code: 'DUPLICATE_SKU' });
    seen.add(line.skuId);
  });
  const missing = listed.filter((k) => !seen.has(k.id));
  if (missing.length > 0) {
    const names = missing.slice(0, 5).map((k) => `${k.name} ${k.spec}`.trim()).join('、');
    issues.push({ path: 'lines', message: `还有 ${missing.length} 个商品没有盘点：${names}${missing.length > 5 ? ' 等' : ''}` });
  }
  return issues;
}

/** Hold each count against the book figure at this moment, and record the count. */
export async function countStocktake(deps: Deps, st: Stocktake, lines: CountedLine[], by: string): Promise<Result<Stocktake>> {
  const { store, clock } = deps;
  const listed = (await store.listSkus({ supplierId: st.supplierId })).filter((k) => k.listed);
  const issues = coverageIssues(lines, listed);
  if (issues.length > 0) return failWithIssues(issues[0]!.code ?? 'VALIDATION', '盘点未提交', issues);
  const now = clock.now();
  const skuIds = lines.map((l) => l.skuId);
  const [records, settings] = await Promise.all([store.listInventory(skuIds), store.getSettings()]);
  const recordOf = byId(records.map((r) => ({ ...r, id: r.skuId })));
  const heldSince = Math.min(now, ...records.map((r) => r.reportedAt));
  const orderLines = await store.listOrderLines({ skuIds, heldSince });
  const counted: StocktakeLine[] = lines.map((l) => {
    const record = recordOf.get(l.skuId);
    const book = record ? bookFigure(record, orderLines.filter((o) => o.skuId === l.skuId), now, settings.projection) : emptyBook(now);
    return { skuId: l.skuId, counted: l.counted, book, ...(l.reason ? { reason: l.reason } : {}), ...(l.note?.trim() ? { note: l.note.trim() } : {}) };
  });
  return saveStep(deps, st, recordCount(st, counted, by, now));
}

export async function explainStocktake(deps: Deps, st: Stocktake, reasons: Array<Pick<CountedLine, 'skuId' | 'reason' | 'note'>>, by: string): Promise<Result<Stocktake>> {
  const counted = new Set(st.lines.map((l) => l.skuId));
  const unknown = reasons.map((r, i) => ({ r, i })).filter(({ r }) => !counted.has(r.skuId));
  if (unknown.length > 0) return failWithIssues('VALIDATION', '原因未保存', unknown.map(({ r, i }) => ({ path: `lines[${i}].skuId`, message: `第${i + 1}行 ${r.skuId} 不在这次盘点里` })));
  return saveStep(deps, st, explain(st, new Map(reasons.map((r) => [r.skuId, r])), by, deps.clock.now()));
}

export async function confirmStocktake(deps: Deps, st: Stocktake, by: string): Promise<Result<Stocktake>> {
  const { store, clock } = deps;
  const [settings, skus, supplier] = await Promise.all([store.getSettings(), store.listSkus({ supplierId: st.supplierId }), store.getSupplier(st.supplierId)]);
  const skuById = byId(skus);
  const name = (id: string): string => { const k = skuById.get(id); return k ? `${k.name} ${k.spec}`.trim() : id; };
  const saved = await saveStep(deps, st, confirmCount(st, settings.stocktake, name, by, clock.now()));
  if (!saved.ok) return saved;
  const value = saved.data.lines.reduce((sum, l) => sum + (varianceValue(l, skuById.get(l.skuId)) ?? 0), 0);
  if (Math.abs(value) > settings.stocktake.alertAboveValue) await raiseAlerts(deps, [varianceAlert(saved.data, supplier?.name ?? st.supplierId, value, (await recipientDirectory(store)).operators)]);
  return saved;
}

function varianceAlert(st: Stocktake, supplierName: string, value: number, operators: string[]): AlertEvent {
  const off = st.lines.filter((l) => variance(l) !== 0).length;
  const yuan = (Math.abs(value) / 100).toFixed(2);
  return {
    kind: 'stocktakeVariance', key: `${st.id}:${st.version}`, recipients: operators, title: '盘点差异超限',
    body: `${supplierName}：盘点 ${off} 个商品有差异，合计${value < 0 ? '短少' : '多出'} ¥${yuan}，已由供应商确认，请核对原因后审核`,
    link: ALERT_PAGES.operatorStocktake(st.id),
    fields: { subject: supplierName, detail: `盘点差异 ¥${yuan}`, time: st.confirmedAt ?? st.countedAt ?? st.openedAt, quantity: off, status: '待审核' },
  };
}

export const returnStocktake = (deps: Deps, st: Stocktake, note: string, by: string): Promise<Result<Stocktake>> =>
  saveStep(deps, st, returnForRecount(st, note, by, deps.clock.now()));

export const cancelStocktake = (deps: Deps, st: Stocktake, note: string, by: string): Promise<Result<Stocktake>> =>
  saveStep(deps, st, cancel(st, note, by, deps.clock.now()));

/** Approve, then enter the count: the approval is the decision, kept first; entering it is resumable. */
export async function approveStocktake(deps: Deps, st: Stocktake, by: string): Promise<Result<Stocktake>> {
  // Approved before, its count not yet in (the call died between): finish entering it.
  if (st.status === 'approved' && !st.applied) return applyStocktake(deps, st);
  const approved = await saveStep(deps, st, approve(st, by, deps.clock.now()));
  return approved.ok ? applyStocktake(deps, approved.data) : approved;
}

/**
 * Enter an approved count as a report of its counted moment, on the physical basis (what
 * was on the shelf). A SKU counted again since keeps the newer count: the stocktake is
 * then its reconciliation, not its stock. Idempotent by the fixed report id.
 */
export async function applyStocktake(deps: Deps, st: Stocktake): Promise<Result<Stocktake>> {
  if (st.status !== 'approved' || st.applied) return ok(st);
  const countedAt = st.countedAt!;
  const records = byId((await deps.store.listInventory(st.lines.map((l) => l.skuId))).map((r) => ({ ...r, id: r.skuId })));
  const newer = st.lines.filter((l) => (records.get(l.skuId)?.reportedAt ?? 0) > countedAt && records.get(l.skuId)?.reportId !== stocktakeReportId(st.id)).map((l) => l.skuId);
  const entered = st.lines.filter((l) => !newer.includes(l.skuId));
  let reportId: string | undefined;
  if (entered.length > 0) {
    const intake = await receiveCount(deps, {
      supplierId: st.supplierId, source: 'stocktake', by: st.approvedBy!, lines: entered.map((l) => ({ skuId: l.skuId, onHand: l.counted })),
      reportId: stocktakeReportId(st.id), reportedAt: countedAt, basis: 'physical', note: `盘点对账 ${st.id}`,
    });
    if (!intake.ok) return intake;
    reportId = stocktakeReportId(st.id);
  }
  return saveStep(deps, st, markApplied(st, { ...(reportId ? { reportId } : {}), newerCounts: newer }, deps.clock.now()));
}

/** Store a step's result over the version it was taken from. */
async function saveStep(deps: Deps, before: Stocktake, step: Result<Stocktake>): Promise<Result<Stocktake>> {
  if (!step.ok) return step;
  if (!(await deps.store.saveStocktake(step.data, before.version))) return fail('CONFLICT', '这次盘点刚刚有变化，请刷新后再试');
  return step;
}

