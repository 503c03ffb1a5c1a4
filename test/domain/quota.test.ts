import { quotaLeft } from '../../cloudfunctions/src/domain/quota';
import { rankSubstitutes } from '../../cloudfunctions/src/domain/substitutes';
import { sku } from '../fixtures/catalogue';

const quota = { sellableBelow: 30, share: 0.3 };

describe('per-leader quota', () => {
  it('does not apply to plenty, nor to SKUs that are not hot', () => {
    expect(quotaLeft('hot', 30, 0, quota)).toBeUndefined();
    expect(quotaLeft('normal', 5, 0, quota)).toBeUndefined();
  });

  it('lets a leader hold at most the share of what is left plus what they hold', () => {
    expect(quotaLeft('hot', 20, 0, quota)).toBe(6);
    expect(quotaLeft('hot', 14, 6, quota)).toBe(0); // 30% of 20 is 6, already held
    expect(quotaLeft('hot', 14, 2, quota)).toBe(3); // ceil(0.3 × 16) = 5, holds 2
  });

  it('always lets a leader have one of the last units', () => {
    expect(quotaLeft('hot', 1, 0, quota)).toBe(1);
  });
});

describe('substitutes', () => {
  const short = sku('A1', 'S', { category: '水果', price: 2990 });
  const c = (id: string, price: number, sellable: number, over = {}) => ({ sku: sku(id, 'S', { category: '水果', price, ...over }), sellable });

  it('are the same category, in stock for the short units, priced equal or higher, closest price first', () => {
    const ranked = rankSubstitutes(short, 2, [
      c('B', 3990, 50), c('C', 2990, 5), c('D', 1990, 99), c('E', 3490, 1), c('F', 3000, 3, { category: '蛋禽' }), c('G', 3290, 10, { listed: false }), c('A1', 2990, 99),
    ]);
    expect(ranked.map((r) => r.sku.id)).toEqual(['C', 'B']);
  });

  it('break price ties by more stock', () => {
    expect(rankSubstitutes(short, 1, [c('X', 3000, 2), c('Y', 3000, 9)]).map((r) => r.sku.id)).toEqual(['Y', 'X']);
  });
});
