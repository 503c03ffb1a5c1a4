// The world's truth, moved one step: goods arrive, the supplier's other channels sell
// from the shelf, each morning the supplier reorders what will not last, and fresh
// produce is thrown away at midnight and delivered anew before dawn. The product sees
// none of this until someone counts.
import { STREAM, between, draw } from './random';
import { HOUR, type Replay, push } from './replay';
import { measure } from './tally';

function restock(r: Replay, sku: number, qty: number): void {
  const { tally } = r;
  r.trueStock[sku] = r.trueStock[sku]! + qty;
  tally.runFlow.restocked += qty;
  measure(tally, qty, () => (tally.flow.restocked += qty));
}

function goodsArrive(r: Replay, step: number): void {
  for (const { sku, qty } of r.arrivals.get(step) ?? []) {
    restock(r, sku, qty);
    r.inbound[sku] = r.inbound[sku]! - qty;
  }
}

/** Stock that leaves without being sold: counted in `spoiled`. */
export function writeOff(r: Replay, sku: number, units: number): void {
  const { tally } = r;
  r.trueStock[sku] = r.trueStock[sku]! - units;
  tally.runFlow.spoiled += units;
  measure(tally, units, () => (tally.flow.spoiled += units));
}

/**
 * Fresh produce: what is left at midnight spoils (the wave of the day has shipped by
 * then), and the delivery before dawn fills the shelf to the SKU's target.
 */
function freshProduce(r: Replay, step: number, day: number, stepOfDay: number): void {
  const { world, config, seed } = r;
  const stepsPerHour = r.stepsPerDay / 24;
  for (const k of world.skus) {
    if (!k.fresh) continue;
    if (stepOfDay === 0 && step > 0) writeOff(r, k.index, r.trueStock[k.index]!);
    const hour = between(config.freshArrivalHours[0], config.freshArrivalHours[1], draw(seed, STREAM.freshArrival, k.index, day));
    if (stepOfDay === Math.floor(hour * stepsPerHour)) restock(r, k.index, Math.max(0, k.freshTarget - r.trueStock[k.index]!));
  }
}

/** Taken by another channel: counted in `elsewhere`. */
function soldElsewhere(r: Replay, sku: number, units: number): void {
  const { tally } = r;
  r.trueStock[sku] = r.trueStock[sku]! - units;
  tally.runFlow.elsewhere += units;
  measure(tally, units, () => (tally.flow.elsewhere += units));
}

/** Other channels sell from the shelf: what they want, as far as it goes. */
function otherChannelsSell(r: Replay, step: number): void {
  const { world } = r;
  for (const { skuIndex, share } of world.bulk[step]!) soldElsewhere(r, skuIndex, Math.floor(r.trueStock[skuIndex]! * share));
  const n = world.skus.length;
  const base = step * n;
  for (let sku = 0; sku < n; sku++) {
    const want = world.hidden[base + sku]!;
    if (want === 0) continue;
    soldElsewhere(r, sku, Math.min(want, r.trueStock[sku]!));
  }
}

/** The supplier's morning review: reorder what will not last the lead time. */
function morningReview(r: Replay, day: number): void {
  const { world, config, seed } = r;
  for (const k of world.skus) {
    if (k.limited || k.fresh) continue;
    const daily = k.ourPerDay + k.hiddenPerDay;
    if (r.trueStock[k.index]! + r.inbound[k.index]! > config.reorderCoverDays * daily) continue;
    const qty = Math.max(10, Math.round(config.orderCoverDays * daily));
    const lead = Math.round(between(config.leadDays[0], config.leadDays[1], draw(seed, STREAM.restockLead, k.index, day)));
    const hour = between(config.arrivalHours[0], config.arrivalHours[1], draw(seed, STREAM.restockHour, k.index, day));
    const arrive = r.stepOf(world.start + (day + lead) * 24 * HOUR + hour * HOUR);
    if (arrive >= world.steps) continue;
    r.inbound[k.index] = r.inbound[k.index]! + qty;
    push(r.arrivals, arrive, { sku: k.index, qty });
  }
}

/** Steps 1–3 of a step: fresh produce and other arrivals, other channels, the morning review. */
export function stepTruth(r: Replay, step: number): void {
  const day = Math.floor(step / r.stepsPerDay);
  const stepOfDay = step % r.stepsPerDay;
  freshProduce(r, step, day, stepOfDay);
  goodsArrive(r, step);
  otherChannelsSell(r, step);
  if (stepOfDay === Math.round((r.config.reviewHour * HOUR) / r.world.stepMs)) morningReview(r, day);
}
