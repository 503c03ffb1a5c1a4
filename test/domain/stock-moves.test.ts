import fc from 'fast-check';
import { afterRelease, afterShortage } from '../../cloudfunctions/src/domain/stock-moves';
import { sellableUnits } from '../../cloudfunctions/src/domain/sellable';
import { record } from '../fixtures/catalogue';

const rec = (onHand: number, buffer: number, committed: number) =>
  record('A', 'S', sellableUnits(onHand, buffer, committed), { onHand, projectedOnHand: onHand, buffer, committed });

describe('stock moves', () => {
  it('a cancellation puts its units back on sale', () => {
    expect(afterRelease(rec(50, 10, 15), 5)).toMatchObject({ committed: 10, sellable: 30, version: 2 });
  });

  it('a cancellation frees only what the count allows when the count fell below what was committed', () => {
    expect(afterRelease(rec(10, 2, 12), 3)).toMatchObject({ committed: 9, sellable: 0 });
    expect(afterRelease(rec(10, 2, 12), 8)).toMatchObject({ committed: 4, sellable: 4 });
  });

  it('a confirmed shortage leaves committed and onHand alike and frees nothing', () => {
    expect(afterShortage(rec(50, 10, 15), 4)).toMatchObject({ onHand: 46, projectedOnHand: 46, committed: 11, sellable: 25 });
  });

  it('keep the sellable formula and never go negative (property)', () => {
    fc.assert(fc.property(fc.nat(1000), fc.nat(1000), fc.nat(1000), fc.nat(1000), (onHand, b, committed, qty) => {
      const buffer = Math.min(b, onHand);
      const before = rec(onHand, buffer, committed);
      const released = afterRelease(before, Math.min(qty, committed));
      expect(released.sellable).toBe(sellableUnits(onHand, buffer, released.committed));
      expect(released.sellable).toBeGreaterThanOrEqual(before.sellable);
      const short = afterShortage(before, Math.min(qty, committed));
      expect(short.sellable).toBeLessThanOrEqual(before.sellable);
      expect(short.sellable).toBeGreaterThanOrEqual(0);
      expect(short.sellable).toBeLessThanOrEqual(Math.max(0, short.projectedOnHand - short.buffer - short.committed));
    }));
  });
});
