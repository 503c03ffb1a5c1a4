import fc from 'fast-check';
import { committedUnits, sellableUnits } from '../../cloudfunctions/src/domain/sellable';
import type { OrderLine } from '../../cloudfunctions/src/domain/model';
import { orderLine } from '../fixtures/catalogue';

const line = (over: Partial<OrderLine>): OrderLine => orderLine({ placedAt: 0, ...over });

describe('sellable', () => {
  it('is onHand minus buffer minus committed', () => {
    expect(sellableUnits(100, 20, 30)).toBe(50);
  });

  it('is never negative', () => {
    expect(sellableUnits(10, 2, 30)).toBe(0);
  });

  it('is never negative and never above onHand − buffer (property)', () => {
    fc.assert(fc.property(fc.nat(1_000_000), fc.nat(1_000_000), fc.nat(1_000_000), (onHand, rawBuffer, committed) => {
      const buffer = Math.min(rawBuffer, onHand);
      const s = sellableUnits(onHand, buffer, committed);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(onHand - buffer);
    }));
  });
});

describe('committed units (DESIGN §3)', () => {
  const countedAt = 1000;

  it('with a physical count: lines not shipped when counted, or shipped after', () => {
    const lines = [
      line({ qty: 3 }), // placed, not shipped: still in the warehouse
      line({ qty: 4, status: 'shipped', shippedAt: 900 }), // left before the count
      line({ qty: 5, status: 'shipped', shippedAt: 1100 }), // counted, then left
      line({ qty: 6, status: 'cancelled' }),
    ];
    expect(committedUnits(lines, countedAt, 'physical')).toBe(3 + 5);
  });

  it('with an available count: lines not yet forwarded when counted', () => {
    const lines = [
      line({ qty: 3 }),
      line({ qty: 4, status: 'forwarded', forwardedAt: 900 }), // the supplier's system already deducted it
      line({ qty: 5, status: 'forwarded', forwardedAt: 1100 }),
    ];
    expect(committedUnits(lines, countedAt, 'available')).toBe(3 + 5);
  });

  it('counts only the units of a short line the supplier still has', () => {
    expect(committedUnits([line({ qty: 5, shortQty: 2, status: 'short' })], countedAt, 'physical')).toBe(3);
    expect(committedUnits([line({ qty: 5, shortQty: 5, status: 'short' })], countedAt, 'physical')).toBe(0);
  });
});
