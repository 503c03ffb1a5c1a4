// Waves as suppliers and the operator see them: the pick list, its export, the
// confirmation (with shortages cut latest-placed first) and shipping.
import * as z from 'zod';
import { type Result, fail, failWithIssues, ok } from '../domain/errors';
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
  const { store, clock } = deps;
  const reached = await reachableWave(store, input.waveId, supplierScope);
  if (!reached.ok) return reached;
  const wave = reached.data;
  // Confirmed already (a second tap, or a rerun after a crash): make sure its tasks exist.
  if (wave.status !== 'closed') return ok(await openTasksOf(deps, wave));
  // A line that landed after the cutoff job ran joins the wave before the supplier's answer is applied.
  await store.closeWave(wave);
  const lines = (await store.listOrderLines({ waveId: wave.id })).filter(inWave);
  const rows = pickList(lines);
  const answered = new Map(input.skus.map((s) => [s.skuId, s.shipQty]));
  const issues = confirmationIssues(rows, answered);
  if (issues.length > 0) return failWithIssues('VALIDATION', '确认未提交', issues);

  const now = clock.now();
  const shortByLine: Record<string, number> = {};
  const ledger: LedgerEntry[] = [];
  for (const row of rows) {
    const cuts = allocateShortage(lines.filter((l) => l.skuId === row.skuId), answered.get(row.skuId)!);
    for (const [lineId, cut] of cuts) shortByLine[lineId] = cut;
    const short = row.total - answered.get(row.skuId)!;
    if (short > 0) ledger.push({ id: `short_${wave.id}_${row.skuId}`, skuId: row.skuId, kind: 'shortage', at: now, by, refId: wave.id, qty: short });
  }
  await store.confirmWave({ waveId: wave.id, by, at: now, onBehalf, shipQty: Object.fromEntries(answered), shortByLine, ledger });
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
