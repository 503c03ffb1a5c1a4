import { computeTier, daysOfCover } from '../../cloudfunctions/src/domain/tier';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';

const rules = DEFAULT_SETTINGS.tiers; // hot ≥ 20/day or ≤ 2 days of cover; long-tail < 1/day

describe('tiers', () => {
  it('calls a fast seller hot', () => {
    expect(computeTier(25, 500, rules)).toBe('hot');
  });

  it('calls a SKU about to run out hot, however slowly it sells', () => {
    expect(daysOfCover(6, 4)).toBe(1.5);
    expect(computeTier(4, 6, rules)).toBe('hot');
  });

  it('calls a SKU that barely sells long-tail', () => {
    expect(computeTier(0.5, 40, rules)).toBe('longTail');
    expect(computeTier(0, 0, rules)).toBe('longTail');
  });

  it('calls the rest normal', () => {
    expect(computeTier(5, 100, rules)).toBe('normal');
  });
});
