// The book figure (DESIGN §8a): what the system believes is physically on hand at a
// moment — the last accepted count, minus our lines shipped since, minus what the
// projection says sold elsewhere, plus nothing it cannot see. A stocktake holds a
// physical count against it; the parts are kept so the variance can be explained.
// Pure: the record, our lines and the moment in; the figure and its parts out.
import type { InventoryRecord, OrderLine } from './model';
import { HOUR_MS, projectOnHand } from './projection';
import { heldUnits } from './sellable';

export interface BookFigure {
  /** The count it starts from, as counted, and when. */
  countedOnHand: number;
  countedAt: number;
  countBasis: InventoryRecord['basis'];
  /** Our units forwarded before an `available` count and still in the warehouse then: the count left them out, the shelf had them. */
  forwardedAtCount: number;
  /** Our units shipped after the count, up to the moment. */
  shippedSince: number;
  /** Units the projection says sold elsewhere since the count (0 when projection is off). */
  soldElsewhere: number;
  /** What should be on the shelf: never below 0. */
  book: number;
  /** The moment it is for. */
  at: number;
}

/** Units of lines that had been forwarded and not yet shipped at `t`. */
const forwardedUnshippedAt = (lines: readonly OrderLine[], t: number): number =>
  lines.reduce((sum, l) => (l.forwardedAt !== undefined && l.forwardedAt <= t && (l.shippedAt === undefined || l.shippedAt > t) ? sum + heldUnits(l) : sum), 0);

/** Units of lines shipped in (from, to]. */
const shippedBetween = (lines: readonly OrderLine[], from: number, to: number): number =>
  lines.reduce((sum, l) => (l.shippedAt !== undefined && l.shippedAt > from && l.shippedAt <= to ? sum + heldUnits(l) : sum), 0);

/**
 * The book figure of one SKU at `at`. `lines` are our lines of the SKU that held stock at
 * or after the count (the store's `heldSince: record.reportedAt`); others change nothing.
 * A count made after `at` is its own book figure: nothing is rolled backwards.
 */
export function bookFigure(record: InventoryRecord, lines: readonly OrderLine[], at: number, projecting: boolean): BookFigure {
  const from = record.reportedAt;
  const to = Math.max(at, from);
  const forwardedAtCount = record.basis === 'available' ? forwardedUnshippedAt(lines, from) : 0;
  const shippedSince = shippedBetween(lines, from, to);
  const soldElsewhere = projecting ? record.onHand - projectOnHand(record.onHand, record.elsewherePerHour, (to - from) / HOUR_MS) : 0;
  return {
    countedOnHand: record.onHand, countedAt: from, countBasis: record.basis,
    forwardedAtCount, shippedSince, soldElsewhere,
    book: Math.max(0, record.onHand + forwardedAtCount - shippedSince - soldElsewhere),
    at: to,
  };
}
