// The book figure against a world where the truth is known: when the supplier's count
// was right and nothing sold elsewhere, the book figure at any later moment is what is
// physically on the shelf — whatever the basis, however lines were forwarded and shipped.
import fc from 'fast-check';
import { bookFigure } from '../../cloudfunctions/src/domain/book-figure';
import { heldUnits } from '../../cloudfunctions/src/domain/sellable';
import type { OrderLine } from '../../cloudfunctions/src/domain/model';
import { T0, orderLine, record } from '../fixtures/catalogue';

const H = 3_600_000;

/** A line placed at some hour, maybe forwarded later, maybe shipped later still; maybe partly short or cancelled. */
const lineArb = fc.record({
  placed: fc.integer({ min: 0, max: 40 }), forwardAfter: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  shipAfter: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), qty: fc.integer({ min: 1, max: 9 }), short: fc.integer({ min: 0, max: 3 }), cancelled: fc.boolean(),
}).map((g): OrderLine => {
  const placedAt = T0 + g.placed * H;
  const forwardedAt = g.cancelled || g.forwardAfter === undefined ? undefined : placedAt + g.forwardAfter * H;
  const shippedAt = forwardedAt === undefined || g.shipAfter === undefined ? undefined : forwardedAt + g.shipAfter * H;
  const shortQty = Math.min(g.short, g.qty);
  const status = g.cancelled ? 'cancelled' : shippedAt !== undefined ? 'shipped' : forwardedAt !== undefined ? 'forwarded' : 'placed';
  return orderLine({ id: `l-${g.placed}-${g.qty}-${Math.random()}`, placedAt, forwardedAt, shippedAt, qty: g.qty, shortQty, status });
});

/** The shelf at t: what was there at the start less every unit shipped by then. */
const shelf = (start: number, lines: OrderLine[], t: number): number =>
  start - lines.filter((l) => l.shippedAt !== undefined && l.shippedAt <= t).reduce((sum, l) => sum + heldUnits(l), 0);

describe('the book figure', () => {
  it('is the shelf, for a right count on either basis and any moment after it', () => {
    fc.assert(fc.property(fc.array(lineArb, { maxLength: 30 }), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom('physical' as const, 'available' as const),
      (lines, countHour, laterHours, basis) => {
        const start = 500;
        const countAt = T0 + countHour * H;
        const at = countAt + laterHours * H;
        const forwardedThen = lines.filter((l) => l.forwardedAt !== undefined && l.forwardedAt <= countAt && (l.shippedAt === undefined || l.shippedAt > countAt)).reduce((s, l) => s + heldUnits(l), 0);
        const counted = shelf(start, lines, countAt) - (basis === 'available' ? forwardedThen : 0);
        // The store hands over the lines that held stock at or after the count.
        const held = lines.filter((l) => heldUnits(l) > 0 && (l.shippedAt === undefined || l.shippedAt >= countAt));
        const figure = bookFigure(record('A', 's', counted, { onHand: counted, reportedAt: countAt, basis }), held, at, false);
        expect(figure.book).toBe(shelf(start, lines, at));
        expect(figure.countedOnHand + figure.forwardedAtCount - figure.shippedSince - figure.soldElsewhere).toBe(figure.book);
      }));
  });

  it('takes off what the projection says sold elsewhere, only when projection is on', () => {
    const rec = record('A', 's', 100, { onHand: 100, reportedAt: T0, elsewherePerHour: 1.5 });
    const shipped = orderLine({ qty: 4, status: 'shipped', forwardedAt: T0 + H, shippedAt: T0 + 2 * H });
    expect(bookFigure(rec, [shipped], T0 + 10 * H, true)).toMatchObject({ shippedSince: 4, soldElsewhere: 15, book: 81 });
    expect(bookFigure(rec, [shipped], T0 + 10 * H, false)).toMatchObject({ soldElsewhere: 0, book: 96 });
  });

  it('is the count itself for a moment before the count, and never below zero', () => {
    const rec = record('A', 's', 3, { onHand: 3, reportedAt: T0 + 5 * H });
    expect(bookFigure(rec, [], T0, false)).toMatchObject({ book: 3, at: T0 + 5 * H });
    const big = orderLine({ qty: 9, status: 'shipped', forwardedAt: T0 + 6 * H, shippedAt: T0 + 7 * H });
    expect(bookFigure(rec, [big], T0 + 8 * H, false).book).toBe(0);
  });
});
