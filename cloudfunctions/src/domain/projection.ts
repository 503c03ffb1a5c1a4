import type { OrderLine, ReportBasis } from './model';
import { heldUnits } from './sellable';

export const HOUR_MS = 60 * 60 * 1000;

/** Counts closer together than this say too little about a rate. */
const MIN_INTERVAL_HOURS = 0.5;
/** Weight of the newest interval in the smoothed rate. */
const SMOOTHING = 0.5;

/**
 * Units of our lines that left the supplier's count between two counts: shipped
 * (basis physical) or forwarded (basis available, the supplier's system deducts them).
 */
export function ourUnitsLeftBetween(lines: OrderLine[], from: number, to: number, basis: ReportBasis): number {
  let total = 0;
  for (const line of lines) {
    const leftAt = basis === 'physical' ? line.shippedAt : line.forwardedAt;
    if (leftAt !== undefined && leftAt > from && leftAt <= to) total += heldUnits(line);
  }
  return total;
}

/**
 * What two consecutive counts reveal about sales elsewhere (units an hour): the drop
 * our own shipments do not explain. Undefined when the interval says nothing — too
 * short, or stock rose (a restock hides the sales).
 */
export function observedElsewhereRate(previous: { onHand: number; at: number }, next: { onHand: number; at: number }, ourUnitsLeft: number): number | undefined {
  const hours = (next.at - previous.at) / HOUR_MS;
  if (hours < MIN_INTERVAL_HOURS) return undefined;
  const drop = previous.onHand - next.onHand - ourUnitsLeft;
  if (drop < 0) return undefined;
  return drop / hours;
}

/** Exponential smoothing: one odd day moves the estimate, it does not replace it. */
export function smoothRate(previous: number, observed: number | undefined): number {
  if (observed === undefined) return previous;
  return previous === 0 ? observed : SMOOTHING * observed + (1 - SMOOTHING) * previous;
}

/**
 * onHand as it probably is now: the count minus the whole units that have probably sold
 * elsewhere since, never below 0. A fresh count is shown as counted until a full unit
 * is expected to have gone (a count three minutes old must not read one lower).
 */
export function projectOnHand(onHand: number, elsewherePerHour: number, hoursSinceCount: number): number {
  const soldElsewhere = Math.floor(elsewherePerHour * Math.max(0, hoursSinceCount) + 1e-9);
  return Math.max(0, onHand - soldElsewhere);
}

/**
 * Extra units held back when a count is older than its tier allows: `ratio` of onHand
 * for every max-age period (or part of one) it is overdue.
 */
export function staleExtraUnits(onHand: number, ageHours: number, maxAgeHours: number, ratio: number): number {
  if (ageHours <= maxAgeHours || maxAgeHours <= 0) return 0;
  const periods = Math.ceil((ageHours - maxAgeHours) / maxAgeHours);
  return Math.ceil(Math.round(onHand * ratio * periods * 1e6) / 1e6);
}
