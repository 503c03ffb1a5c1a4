import fc from 'fast-check';
import { findJumps, isJump } from '../../cloudfunctions/src/domain/jump';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';

const t = DEFAULT_SETTINGS.jumpThreshold; // more than 3× or under a third, and ≥ 20 units apart

describe('jump guard', () => {
  it('holds a count more than three times the last one, or under a third of it, when it moved at least 20 units', () => {
    expect(isJump(30, 91, t)).toBe(true);
    expect(isJump(30, 90, t)).toBe(false); // exactly 3× is not more than 3×
    expect(isJump(90, 29, t)).toBe(true);
    expect(isJump(90, 30, t)).toBe(false);
  });

  it('lets small numbers move freely: 2 → 9 is a big ratio but only 7 units', () => {
    expect(isJump(2, 9, t)).toBe(false);
    expect(isJump(0, 19, t)).toBe(false);
    expect(isJump(0, 20, t)).toBe(true);
  });

  it('never holds a SKU\'s first count', () => {
    expect(isJump(undefined, 5000, t)).toBe(false);
  });

  it('honours a supplier\'s own threshold', () => {
    expect(isJump(100, 180, { ratio: 1.5, minUnits: 50 })).toBe(true);
    expect(isJump(100, 140, { ratio: 1.5, minUnits: 50 })).toBe(false);
  });

  it('names each jumped line with the count it jumped from', () => {
    const jumps = findJumps([{ skuId: 'A', onHand: 300 }, { skuId: 'B', onHand: 12 }, { skuId: 'C', onHand: 1 }], new Map([['A', 30], ['B', 10], ['C', 100]]), t);
    expect(jumps).toEqual([{ skuId: 'A', last: 30, next: 300 }, { skuId: 'C', last: 100, next: 1 }]);
  });

  it('never holds a change of fewer units than the minimum (property)', () => {
    fc.assert(fc.property(fc.nat(100_000), fc.integer({ min: -19, max: 19 }), (last, delta) => {
      expect(isJump(last, Math.max(0, last + delta), t)).toBe(false);
    }));
  });
});
