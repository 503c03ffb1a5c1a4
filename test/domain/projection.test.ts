import fc from 'fast-check';
import { HOUR_MS, observedElsewhereRate, ourUnitsLeftBetween, projectOnHand, smoothRate, staleExtraUnits } from '../../cloudfunctions/src/domain/projection';
import type { OrderLine } from '../../cloudfunctions/src/domain/model';
import { orderLine } from '../fixtures/catalogue';

const line = (over: Partial<OrderLine>): OrderLine => orderLine({ placedAt: 0, ...over });

describe('sales elsewhere', () => {
  it('is the drop between two counts that our own shipments do not explain', () => {
    // 100 at 08:00, 60 at 20:00, 16 of ours shipped in between: 24 sold elsewhere in 12 h.
    expect(observedElsewhereRate({ onHand: 100, at: 0 }, { onHand: 60, at: 12 * HOUR_MS }, 16)).toBe(2);
  });

  it('says nothing when stock rose (a restock hides the sales) or the counts are too close', () => {
    expect(observedElsewhereRate({ onHand: 10, at: 0 }, { onHand: 80, at: 12 * HOUR_MS }, 0)).toBeUndefined();
    expect(observedElsewhereRate({ onHand: 100, at: 0 }, { onHand: 90, at: 10 * 60_000 }, 0)).toBeUndefined();
  });

  it('counts our units that left between the counts: shipped for a physical count, forwarded for an available one', () => {
    const lines = [
      line({ qty: 3, shippedAt: 5, forwardedAt: 1 }),
      line({ qty: 4, shippedAt: 15, forwardedAt: 8 }),
      line({ qty: 5, status: 'cancelled', shippedAt: 6 }),
      line({ qty: 6, shortQty: 2, status: 'short', shippedAt: 7 }),
    ];
    expect(ourUnitsLeftBetween(lines, 2, 10, 'physical')).toBe(3 + 4);
    expect(ourUnitsLeftBetween(lines, 2, 10, 'available')).toBe(4);
  });

  it('is smoothed so one odd day moves the estimate without replacing it', () => {
    expect(smoothRate(0, 4)).toBe(4);
    expect(smoothRate(4, 2)).toBe(3);
    expect(smoothRate(4, undefined)).toBe(4);
  });
});

describe('projection', () => {
  it('takes what sold elsewhere since the count off onHand, never below zero', () => {
    expect(projectOnHand(100, 2, 5)).toBe(90);
    expect(projectOnHand(100, 2, 5.5)).toBe(89);
    expect(projectOnHand(10, 2, 50)).toBe(0);
  });

  it('shows a fresh count as counted until a whole unit has probably sold elsewhere', () => {
    // 120 last evening, 100 this morning: under a unit an hour sells elsewhere.
    expect(projectOnHand(100, 0.83, 3 / 60)).toBe(100);
    expect(projectOnHand(100, 0.83, 1.1)).toBe(100);
    expect(projectOnHand(100, 0.83, 1.25)).toBe(99);
  });

  it('only ever goes down as the count ages (property)', () => {
    fc.assert(fc.property(fc.nat(10_000), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }),
      (onHand, rate, h1, dh) => {
        const a = projectOnHand(onHand, rate, h1);
        const b = projectOnHand(onHand, rate, h1 + dh);
        expect(b).toBeLessThanOrEqual(a);
        expect(a).toBeLessThanOrEqual(onHand);
        expect(b).toBeGreaterThanOrEqual(0);
      }));
  });
});

describe('staleness', () => {
  it('adds nothing while the count is within its tier\'s age', () => {
    expect(staleExtraUnits(100, 12, 12, 0.1)).toBe(0);
  });

  it('adds a share of onHand for every max-age period, or part of one, the count is overdue', () => {
    expect(staleExtraUnits(100, 13, 12, 0.1)).toBe(10);
    expect(staleExtraUnits(100, 24, 12, 0.1)).toBe(10);
    expect(staleExtraUnits(100, 25, 12, 0.1)).toBe(20);
  });
});
