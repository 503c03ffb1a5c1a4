// Cutoff and deadline (DESIGN §1): close each supplier's day into a wave, and tell the
// operator about waves still unconfirmed at the deadline. Both are safe to run twice
// or to rerun after a crash: they only ever move things forward.
import { cutoffTimeOf, deadlineInstant } from '../domain/business-day';
import type { InventoryRecord, Wave } from '../domain/model';
import type { SettleReport } from '../storage/port';
import type { Deps } from '../handlers/action';
import { waveOverdueAlerts, waveToConfirmAlerts } from '../handlers/alert-events';
import { byId } from '../handlers/lookups';
import { enqueueWaveEvents } from './webhooks';

export interface CloseReport {
  waves: string[];
  forwarded: number;
  /** Placements that died half-way, finished or undone before the waves closed. */
  settled: SettleReport;
}

/**
 * Every placed line whose cutoff has passed is forwarded into its supplier's wave for
 * that day — once the store says no line placed before the cutoff can still be landing
 * (settleMs after it), and after placements that died half-way are settled, so no line
 * of the day arrives after its wave closed.
 */
export async function closeDueWaves(deps: Deps): Promise<CloseReport> {
  const { store, clock } = deps;
  const settled = await store.settleOrders();
  const due = await store.listDueWaves(clock.now() - store.settleMs);
  if (due.length === 0) return { waves: [], forwarded: 0, settled };
  const [settings, suppliers, records] = await Promise.all([store.getSettings(), store.listSuppliers(), store.listInventory()]);
  const supplierById = byId(suppliers);
  const believed = believedBySupplier(records);
  // Before the waves close: a crash after closing must not leave a wave that is never sent.
  await enqueueWaveEvents(deps, due, supplierById);
  let forwarded = 0;
  const closed: Wave[] = [];
  const waves = due.map((d): Wave => ({
    id: d.waveId, supplierId: d.supplierId, day: d.day, status: 'closed', closedAt: d.cutoffAt,
    deadlineAt: deadlineInstant(d.day, cutoffTimeOf(supplierById.get(d.supplierId), settings), settings.confirmDeadline),
    believed: believed.get(d.supplierId) ?? {},
  }));
  const results = await store.closeWaves(waves);
  for (const [i, result] of results.entries()) {
    const d = due[i]!;
    forwarded += result.forwarded;
    if (result.wave.status === 'closed') closed.push(result.wave);
    // A line placed for a wave already confirmed: the time rule above should make this impossible. Say so loudly.
    else console.error(`[cutoff] ${d.waveId} is ${result.wave.status} but has placed lines past its cutoff`);
  }
  await waveToConfirmAlerts(deps, closed);
  return { waves: due.map((d) => d.waveId), forwarded, settled };
}

/** What we believe on hand per SKU, by supplier: kept on each wave as it closes. */
function believedBySupplier(records: readonly InventoryRecord[]): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const r of records) {
    const own = out.get(r.supplierId) ?? {};
    own[r.skuId] = r.projectedOnHand;
    out.set(r.supplierId, own);
  }
  return out;
}

/** Waves still unconfirmed at their deadline go to the operator, once each. */
export async function escalateOverdueWaves(deps: Deps): Promise<string[]> {
  const { store, clock } = deps;
  const now = clock.now();
  const overdue = (await store.listWaves({ status: 'closed' })).filter((w) => w.escalatedAt === undefined && w.deadlineAt <= now);
  const escalated: string[] = [];
  for (const wave of overdue) if (await store.escalateWave(wave.id, now)) escalated.push(wave.id);
  await waveOverdueAlerts(deps, overdue.filter((w) => escalated.includes(w.id)));
  return escalated;
}
