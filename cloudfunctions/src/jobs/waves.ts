// Cutoff and deadline (DESIGN §1): close each supplier's day into a wave, and tell the
// operator about waves still unconfirmed at the deadline. Both are safe to run twice
// or to rerun after a crash: they only ever move things forward.
import { cutoffTimeOf, deadlineInstant } from '../domain/business-day';
import type { OrderLine, Wave } from '../domain/model';
import type { Deps } from '../handlers/action';
import { waveOverdueAlerts, waveToConfirmAlerts } from '../handlers/alert-events';
import { byId } from '../handlers/lookups';

export interface CloseReport {
  waves: string[];
  forwarded: number;
}

/** Every placed line whose cutoff has passed is forwarded into its supplier's wave for that day. */
export async function closeDueWaves(deps: Deps): Promise<CloseReport> {
  const { store, clock } = deps;
  const due = await store.listOrderLines({ status: ['placed'], cutoffBefore: clock.now() });
  if (due.length === 0) return { waves: [], forwarded: 0 };
  const [settings, suppliers] = await Promise.all([store.getSettings(), store.listSuppliers()]);
  const supplierById = byId(suppliers);
  const byWave = new Map<string, OrderLine>();
  for (const line of due) if (!byWave.has(line.waveId)) byWave.set(line.waveId, line);
  let forwarded = 0;
  const closed: Wave[] = [];
  for (const [waveId, line] of byWave) {
    const cutoffTime = cutoffTimeOf(supplierById.get(line.supplierId), settings);
    const wave: Wave = {
      id: waveId, supplierId: line.supplierId, day: line.day, status: 'closed', closedAt: line.cutoffAt,
      deadlineAt: deadlineInstant(line.day, cutoffTime, settings.confirmDeadline),
    };
    const result = await store.closeWave(wave);
    forwarded += result.forwarded;
    closed.push(result.wave);
  }
  await waveToConfirmAlerts(deps, closed);
  return { waves: [...byWave.keys()], forwarded };
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
