// Our side of the trade: leaders order as on the availability page, the product closes
// waves at cutoff, and the supplier confirms and ships each wave from its true stock
// (now and then finding, as it packs, fewer units than it confirmed).
// Oversold and stranded units are measured here, where they happen.
import type { ShortageDetails } from '../cloudfunctions/src/contract/api';
import type { ErrorCode } from '../cloudfunctions/src/domain/errors';
import { placeOrder } from '../cloudfunctions/src/handlers/order-placement';
import { confirmWave } from '../cloudfunctions/src/handlers/waves';
import { closeDueWaves } from '../cloudfunctions/src/jobs/waves';
import { STREAM, draw } from './random';
import { MINUTE, type Replay, push } from './replay';
import { measure, strandedCap, timed } from './tally';
import { writeOff } from './truth';
import { rateFor } from './world-suppliers';

/**
 * Confirm-then-short: units the supplier confirmed but cannot find fit to ship when it
 * packs (damaged, miscounted). It has told us yes, so they are oversold, and the product
 * is never told: it has no way to record a shortage after the confirmation.
 */
function shortAtDispatch(r: Replay, sku: number, step: number, confirmed: number): number {
  if (confirmed <= 0) return 0;
  const { config, seed, world } = r;
  const supplier = world.suppliers[world.skus[sku]!.supplierIndex]!;
  if (draw(seed, STREAM.confirmShort, sku, step) >= rateFor(config.confirmShortRate, supplier)) return 0;
  const share = config.confirmShortSize * draw(seed, STREAM.confirmShort, sku, step, 1);
  return Math.min(confirmed, Math.max(1, Math.round(confirmed * share)));
}

/** One SKU of a shipped wave, in the truth and the tally. */
function shipped(r: Replay, sku: number, total: number, confirmed: number, missing: number): void {
  const { tally } = r;
  const { fig, byLevel } = tally;
  const sent = confirmed - missing;
  r.trueStock[sku] = r.trueStock[sku]! - sent;
  writeOff(r, sku, missing);
  r.ourOpen[sku] = r.ourOpen[sku]! - total;
  tally.runFlow.sold += sent;
  tally.runOrdered += total;
  tally.runShortUnits += total - confirmed;
  tally.runDispatchShortUnits += missing;
  measure(tally, 1, () => {
    tally.flow.sold += sent;
    fig.soldUnits += sent;
    fig.oversoldUnits += total - sent;
    fig.dispatchShortUnits += missing;
    byLevel[r.levelOf(sku)].soldUnits += sent;
    byLevel[r.levelOf(sku)].oversoldUnits += total - sent;
  });
}

/** The supplier confirms what it truly has: whatever we ordered beyond that is oversold, and so is what it then cannot ship. */
async function confirmAndShip(r: Replay, waveId: string, step: number): Promise<void> {
  const { store, tally } = r;
  const lines = (await timed(tally, 'store.listOrderLines', () => store.listOrderLines({ waveId }))).filter((l) => l.status === 'forwarded');
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.skuId, (totals.get(line.skuId) ?? 0) + line.qty);
  const answer = [...totals].map(([skuId, total]) => ({ skuId, shipQty: Math.min(total, r.trueStock[r.skuIndexById.get(skuId)!]!) }));
  const wave = await store.getWave(waveId);
  const res = await timed(tally, 'confirmWave', () => confirmWave(r.deps, { waveId, skus: answer }, `staff:${wave?.supplierId ?? ''}`, false));
  if (!res.ok) throw new Error(`confirmWave ${waveId}: ${res.error.message}`);
  const confirmed = (await store.listOrderLines({ waveId })).filter((l) => l.status === 'confirmed' || l.status === 'short');
  if (!(await timed(tally, 'store.shipWave', () => store.shipWave(waveId, r.clock.now())))) throw new Error(`shipWave ${waveId} refused`);
  tally.activity.waves += 1;
  for (const { skuId, shipQty } of answer) {
    const sku = r.skuIndexById.get(skuId)!;
    shipped(r, sku, totals.get(skuId)!, shipQty, shortAtDispatch(r, sku, step, shipQty));
  }
  measure(tally, 1, () => {
    tally.fig.lines += confirmed.length;
    tally.fig.shortLines += confirmed.filter((l) => l.shortQty > 0).length;
  });
}

/** Step 4 of a step: waves due for confirmation. */
export async function wavesDue(r: Replay, step: number): Promise<void> {
  for (const waveId of r.waveConfirms.get(step) ?? []) await confirmAndShip(r, waveId, step);
}

/** The product's cutoff job, as its timer would run it; each wave it closes is confirmed a while later. */
export async function closeWaves(r: Replay, step: number): Promise<void> {
  const closed = await timed(r.tally, 'closeDueWaves', () => closeDueWaves(r.deps));
  for (const waveId of closed.waves) {
    if (r.scheduledWaves.has(waveId)) continue;
    const wave = await r.store.getWave(waveId);
    if (!wave) continue;
    r.scheduledWaves.add(waveId);
    push(r.waveConfirms, Math.max(step, r.stepOf(wave.closedAt + r.config.confirmAfterCutoffMinutes * MINUTE)), waveId);
  }
}

/** Try to place `want`; the product's refusal says how many may still be had. Returns units placed. */
async function place(r: Replay, key: string, skuId: string, leaderId: string, wanted: number): Promise<number> {
  const { activity } = r.tally;
  let want = wanted;
  for (let attempt = 0; attempt < 4 && want > 0; attempt++) {
    const res = await timed(r.tally, 'placeOrder', () => placeOrder(r.deps, leaderId, { idempotencyKey: `${key}-${attempt}`, lines: [{ skuId, qty: want }] }));
    if (res.ok) {
      activity.ordersPlaced += 1;
      return want;
    }
    activity.ordersRefused += 1;
    const code: ErrorCode = res.error.code;
    if (code === 'QUOTA_EXCEEDED') {
      // The product says how many this leader may still take ("最多还可订 N 件").
      const left = /最多还可订\s*(\d+)\s*件/.exec(res.error.issues?.[0]?.message ?? '');
      want = left ? Math.min(want - 1, Number(left[1])) : want - 1;
    } else if (code === 'INSUFFICIENT_STOCK') {
      want = Math.min(want - 1, (res.error.details as ShortageDetails).short[0]?.sellable ?? 0);
    } else throw new Error(`placeOrder ${skuId}: ${res.error.message}`);
  }
  return 0;
}

/**
 * A leader orders as on the availability page: they see the sellable count, ask for at
 * most that, and when the product rations a scarce SKU they take the share it names.
 */
async function leaderOrders(r: Replay, step: number, index: number, skuIndex: number, leaderId: string, qty: number): Promise<void> {
  const { tally } = r;
  const { fig } = tally;
  const skuId = r.world.skus[skuIndex]!.id;
  const [record] = await timed(tally, 'store.listInventory', () => r.store.listInventory([skuId]));
  const want = Math.min(qty, record?.sellable ?? 0);
  const stockShort = qty - want;
  const placed = await place(r, `${step}-${index}`, skuId, leaderId, want);
  r.ourOpen[skuIndex] = r.ourOpen[skuIndex]! + placed;
  tally.runReserved += placed;
  const free = Math.max(0, r.trueStock[skuIndex]! - r.ourOpen[skuIndex]!);
  measure(tally, 1, () => {
    fig.demandUnits += qty;
    fig.orderedUnits += placed;
    fig.unservedUnits += qty - placed;
    fig.rationedUnits += qty - stockShort - placed;
    const stranded = strandedCap(free, stockShort);
    fig.strandedUnits += stranded;
    tally.byLevel[r.levelOf(skuIndex)].strandedUnits += stranded;
  });
  if (stockShort > 0) r.refusedThisStep.set(skuIndex, (r.refusedThisStep.get(skuIndex) ?? 0) + stockShort);
}

/** Step 7 of a step: our leaders order; then the step's stranded unit-hours. */
export async function leadersOrder(r: Replay, step: number): Promise<void> {
  r.refusedThisStep.clear();
  const events = r.world.ourDemand[step]!;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!;
    if (ev.at >= r.lastCutoff) continue; // its wave would close after the run ends
    r.clock.set(ev.at);
    await leaderOrders(r, step, i, ev.skuIndex, ev.leaderId, ev.qty);
  }
  // Stock that sat unoffered while our demand was being turned away, for this step:
  // never more than the units refused, so a buffer nobody asked for does not count.
  const { tally } = r;
  for (const [sku, refused] of r.refusedThisStep) {
    const stranded = strandedCap(r.trueStock[sku]! - r.ourOpen[sku]!, refused);
    measure(tally, stranded, () => {
      tally.fig.strandedUnitHours += stranded * r.stepHours;
      tally.byLevel[r.levelOf(sku)].strandedUnitHours += stranded * r.stepHours;
    });
  }
}
