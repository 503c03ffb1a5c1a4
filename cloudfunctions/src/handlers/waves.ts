// Waves as suppliers and the operator see them: the pick list, its export, the
// confirmation (with shortages cut latest-placed first) and shipping.
import * as z from 'zod';
import { type Issue, type Result, fail, failWithIssues, ok } from '../domain/errors';
import { dayLabel } from '../domain/business-day';
import type { LedgerEntry, OrderLine, RemediationTask, Wave, WaveStatus } from '../domain/model';
import { SHORTAGE_RULE, allocateShortage, confirmationIssues, inWave, packingLists, pickList } from '../domain/wave';
import type { StockStore } from '../storage/port';
import type { Deps } from './action';
import type { WaveSummary, WaveView } from '../contract/api';
import { shortageAlerts } from './alert-events';
import { byId } from './lookups';
import { MAX_ORDER_QTY } from './validation';

export const WAVE_STATUS_NAMES: Record<WaveStatus, string> = { closed: '待确认', confirmed: '已确认', shipped: '已发货' };

export function waveSummary(wave: Wave, supplierName: string, lines: OrderLine[]): WaveSummary {
  const open = lines.filter(inWave);
  return {
    id: wave.id, supplierId: wave.supplierId, supplierName, day: wave.day, label: dayLabel(wave.day), status: wave.status,
    statusName: WAVE_STATUS_NAMES[wave.status], closedAt: wave.closedAt, deadlineAt: wave.deadlineAt, escalated: wave.escalatedAt !== undefined,
    confirmedOnBehalf: wave.confirmedOnBehalf === true, skuCount: new Set(open.map((l) => l.skuId)).size, units: open.reduce((s, l) => s + l.qty, 0),
  };
}

export async function waveSummaries(store: StockStore, waves: Wave[]): Promise<WaveSummary[]> {
  const [suppliers, lines] = await Promise.all([store.listSuppliers(), Promise.all(waves.map((w) => store.listOrderLines({ waveId: w.id })))]);
  const names = byId(suppliers);
  return waves.map((w, i) => waveSummary(w, names.get(w.supplierId)?.name ?? w.supplierId, lines[i]!));
}

export async function waveView(store: StockStore, wave: Wave): Promise<WaveView> {
  const lines = await store.listOrderLines({ waveId: wave.id });
  const [supplier, skus, users] = await Promise.all([store.getSupplier(wave.supplierId), store.getSkus([...new Set(lines.map((l) => l.skuId))]), store.listUsers()]);
  const skuById = byId(skus);
  const people = byId(users);
  const skuOf = (skuId: string) => {
    const sku = skuById.get(skuId);
    return { skuId, name: sku?.name ?? skuId, spec: sku?.spec ?? '', ...(sku?.supplierCode ? { supplierCode: sku.supplierCode } : {}) };
  };
  const leaderOf = (leaderId: string) => {
    const u = people.get(leaderId);
    return {
      leaderId, leaderName: u?.name ?? leaderId, community: u?.community ?? '',
      ...(u?.pickupPoint ? { pickupPoint: u.pickupPoint } : {}), ...(u?.phone ? { phone: u.phone } : {}), ...(u?.address ? { address: u.address } : {}),
    };
  };
  return {
    ...waveSummary(wave, supplier?.name ?? wave.supplierId, lines),
    shortageRule: SHORTAGE_RULE,
    rows: pickList(lines).map((row) => ({
      ...row, ...skuOf(row.skuId),
      ...(wave.shipQty?.[row.skuId] !== undefined ? { shipQty: wave.shipQty[row.skuId] } : {}),
      byLeader: row.byLeader.map((b) => ({ ...b, leaderName: people.get(b.leaderId)?.name ?? b.leaderId, community: people.get(b.leaderId)?.community ?? '' })),
    })),
    leaders: packingLists(lines).map((pack) => ({ ...pack, ...leaderOf(pack.leaderId), lines: pack.lines.map((l) => ({ ...l, ...skuOf(l.skuId) })) })),
  };
}

/** A wave the caller may see: a supplier only its own. */
export async function reachableWave(store: StockStore, waveId: string, supplierScope?: string): Promise<Result<Wave>> {
  const wave = await store.getWave(waveId);
  if (!wave || (supplierScope && wave.supplierId !== supplierScope)) return fail('NOT_FOUND', '找不到这个波次');
  return ok(wave);
}

export const confirmationInput = z.object({
  waveId: z.string().min(1).max(80),
  skus: z.array(z.object({ skuId: z.string().min(1).max(64), shipQty: z.number().min(0).max(MAX_ORDER_QTY * 200).int() })).min(1).max(2000),
});

/**
 * Confirm a wave: every SKU in it answered once, at most what was ordered; each SKU's
 * shortage cut from its latest-placed lines; every short line becomes a task for its leader.
 */
export async function confirmWave(deps: Deps, input: z.infer<typeof confirmationInput>, by: string, onBehalf: boolean, supplierScope?: string): Promise<Result<WaveView>> {
  return confirmAnswer(deps, input.waveId, by, onBehalf, supplierScope, (lines) => {
    const rows = pickList(lines);
    const answered = new Map(input.skus.map((s) => [s.skuId, s.shipQty]));
    const issues = confirmationIssues(rows, answered);
    if (issues.length > 0) return { issues };
    const shortByLine: Record<string, number> = {};
    for (const row of rows) for (const [lineId, cut] of allocateShortage(lines.filter((l) => l.skuId === row.skuId), answered.get(row.skuId)!)) shortByLine[lineId] = cut;
    return { shortByLine };
  });
}

/**
 * Confirm a wave line by line, as a supplier's system knows which orders it can fill:
 * every line of the wave answered once, at most its quantity. The same cuts, tasks and
 * ledger as the per-SKU confirmation.
 */
export async function confirmWaveByLines(deps: Deps, waveId: string, answers: Array<{ lineId: string; shippable: number }>, by: string, supplierScope: string): Promise<Result<WaveView>> {
  return confirmAnswer(deps, waveId, by, false, supplierScope, (lines) => {
    const issues = lineAnswerIssues(lines, answers);
    if (issues.length > 0) return { issues };
    const qtyOf = new Map(lines.map((l) => [l.id, l.qty]));
    return { shortByLine: Object.fromEntries(answers.map((a) => [a.lineId, qtyOf.get(a.lineId)! - a.shippable])) };
  });
}

function lineAnswerIssues(lines: OrderLine[], answers: Array<{ lineId: string; shippable: number }>): Issue[] {
  const byLine = new Map(lines.map((l) => [l.id, l]));
  const seen = new Set<string>();
  const issues: Issue[] = [];
  answers.forEach((a, i) => {
    const line = byLine.get(a.lineId);
    if (!line) issues.push({ path: `lines[${i}].lineId`, message: `lines[${i}]：订单行 ${a.lineId} 不在这个波次里` });
    else if (seen.has(a.lineId)) issues.push({ path: `lines[${i}].lineId`, message: `lines[${i}]：订单行 ${a.lineId} 重复` });
    else if (a.shippable > line.qty) issues.push({ path: `lines[${i}].shippable`, message: `lines[${i}]：可发数量不能超过订购的 ${line.qty} 件` });
    seen.add(a.lineId);
  });
  for (const line of lines) if (!seen.has(line.id)) issues.push({ path: `line:${line.id}`, message: `订单行 ${line.id} 还没给出可发数量` });
  return issues;
}

type Answer = { shortByLine: Record<string, number> } | { issues: Issue[] };

/** The wave reached and still to confirm, the answer read against its lines, then kept with its cuts. */
async function confirmAnswer(deps: Deps, waveId: string, by: string, onBehalf: boolean, supplierScope: string | undefined, read: (lines: OrderLine[]) => Answer): Promise<Result<WaveView>> {
  const { store, clock } = deps;
  const reached = await reachableWave(store, waveId, supplierScope);
  if (!reached.ok) return reached;
  const wave = reached.data;
  // Confirmed already (a second tap, or a rerun after a crash): make sure its tasks exist.
  if (wave.status !== 'closed') return ok(await openTasksOf(deps, wave));
  // A line that landed after the cutoff job ran joins the wave before the supplier's answer is applied.
  await store.closeWave(wave);
  const lines = (await store.listOrderLines({ waveId: wave.id })).filter(inWave);
  const answer = read(lines);
  if ('issues' in answer) return failWithIssues('VALIDATION', '确认未提交', answer.issues);

  const now = clock.now();
  const shipQty: Record<string, number> = {};
  const shortOf: Record<string, number> = {};
  for (const line of lines) {
    const cut = answer.shortByLine[line.id] ?? 0;
    shipQty[line.skuId] = (shipQty[line.skuId] ?? 0) + line.qty - cut;
    shortOf[line.skuId] = (shortOf[line.skuId] ?? 0) + cut;
  }
  const ledger: LedgerEntry[] = Object.entries(shortOf).filter(([, short]) => short > 0)
    .map(([skuId, short]) => ({ id: `short_${wave.id}_${skuId}`, skuId, kind: 'shortage', at: now, by, refId: wave.id, qty: short }));
  await store.confirmWave({ waveId: wave.id, by, at: now, onBehalf, shipQty, shortBySku: shortOf, shortByLine: answer.shortByLine, ledger });
  return ok(await openTasksOf(deps, (await store.getWave(wave.id))!));
}

/** Every short line of a confirmed wave has its remediation task (created once, whatever reruns). */
async function openTasksOf(deps: Deps, wave: Wave): Promise<WaveView> {
  const { store } = deps;
  const short = (await store.listOrderLines({ waveId: wave.id })).filter((l) => l.shortQty > 0);
  const tasks: RemediationTask[] = short.map((l) => ({
    id: `rem_${l.id}`, lineId: l.id, orderId: l.orderId, leaderId: l.leaderId, waveId: wave.id, skuId: l.skuId,
    shortQty: l.shortQty, status: 'open', openedAt: wave.confirmedAt ?? wave.closedAt, ...(l.customer ? { customer: l.customer } : {}),
  }));
  await store.createTasks(tasks);
  await shortageAlerts(deps, tasks);
  return waveView(store, wave);
}
