import type { OrderLine, ReportBasis } from './model';

/** Sellable = max(0, floor(onHand − buffer) − committed); buffer is already whole units. */
export function sellableUnits(onHand: number, buffer: number, committed: number): number {
  return Math.max(0, Math.floor(onHand - buffer) - committed);
}

/** A line still holds units unless cancelled; a short line holds only what was not short. */
export const heldUnits = (line: Pick<OrderLine, 'qty' | 'shortQty' | 'status'>): number =>
  line.status === 'cancelled' ? 0 : Math.max(0, line.qty - line.shortQty);

/**
 * Units of our order lines the supplier's count did not yet take out (DESIGN §3):
 * basis `physical` — not shipped when counted; basis `available` — not forwarded
 * when counted (the supplier's system deducts forwarded orders itself).
 */
export function committedUnits(lines: OrderLine[], countedAt: number, basis: ReportBasis): number {
  let total = 0;
  for (const line of lines) {
    const leftAt = basis === 'physical' ? line.shippedAt : line.forwardedAt;
    if (leftAt !== undefined && leftAt <= countedAt) continue;
    total += heldUnits(line);
  }
  return total;
}
