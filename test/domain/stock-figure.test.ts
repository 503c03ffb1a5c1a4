import fc from 'fast-check';
import { HOUR_MS } from '../../cloudfunctions/src/domain/projection';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { type Anchor, figureAt } from '../../cloudfunctions/src/domain/stock-figure';
import type { Settings } from '../../cloudfunctions/src/domain/model';
import { T0, skus, suppliers } from '../fixtures/catalogue';

const anchor = (over: Partial<Anchor> = {}): Anchor => ({
  skuId: 'A001', supplierId: 'sup-fruit', onHand: 100, reportId: 'r', reportedAt: T0, reportSource: 'form', basis: 'physical',
  avgDailySales: 5, elsewherePerHour: 0.1, ...over, // 7.4 a day in all: a normal seller
});
// The seed's rule underneath (projection off) unless a test turns a lever on.
const ctx = (settings: Partial<Settings> = {}) => ({ sku: skus[0]!, supplier: suppliers[0], settings: { ...DEFAULT_SETTINGS, projection: false, ...settings } });

describe('the sellable figure of a count as it ages', () => {
  it('is the plain formula with projection and staleness off (the seed\'s rule)', () => {
    const f = figureAt(anchor(), 10, ctx(), T0 + 30 * HOUR_MS);
    expect(f).toMatchObject({ projectedOnHand: 100, buffer: 20, staleExtra: 0, committed: 10, sellable: 70, stale: true, tier: 'normal' });
  });

  it('projects onHand down by the rate of sales elsewhere when projection is on', () => {
    const f = figureAt(anchor({ elsewherePerHour: 2 }), 10, ctx({ projection: true }), T0 + 5 * HOUR_MS);
    expect(f).toMatchObject({ projectedOnHand: 90, buffer: 18, sellable: 62 }); // 100 − 2×5; 20% of 90
  });

  it('widens the buffer once the count is older than its tier allows, when staleness is on', () => {
    const fresh = figureAt(anchor(), 0, ctx({ staleness: true }), T0 + 11 * HOUR_MS);
    const stale = figureAt(anchor(), 0, ctx({ staleness: true }), T0 + 13 * HOUR_MS);
    expect([fresh.stale, fresh.buffer, fresh.sellable]).toEqual([false, 20, 80]);
    expect([stale.stale, stale.buffer, stale.staleExtra, stale.sellable]).toEqual([true, 30, 10, 70]);
  });

  it('uses the operator\'s tier flag over the computed one', () => {
    const sku = { ...skus[0]!, tierOverride: 'hot' as const };
    const f = figureAt(anchor(), 0, { ...ctx({ staleness: true }), sku }, T0 + 3 * HOUR_MS); // hot allows 2 h
    expect([f.tier, f.stale]).toEqual(['hot', true]);
  });

  it('is never negative, never above projected onHand − buffer, and holds back no more than it has (property)', () => {
    fc.assert(fc.property(
      fc.nat(10_000), fc.nat(10_000), fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }),
      fc.boolean(), fc.boolean(), fc.double({ min: 0, max: 200, noNaN: true }),
      (onHand, committed, rate, daily, projection, staleness, hours) => {
        const f = figureAt(anchor({ onHand, elsewherePerHour: rate, avgDailySales: daily }), committed, ctx({ projection, staleness, bufferPolicy: { ratio: 0.2, velocityFraction: 0.5 } }), T0 + hours * HOUR_MS);
        expect(f.sellable).toBeGreaterThanOrEqual(0);
        expect(f.buffer).toBeLessThanOrEqual(f.projectedOnHand);
        expect(f.sellable).toBeLessThanOrEqual(Math.max(0, f.projectedOnHand - f.buffer));
        expect(f.projectedOnHand).toBeLessThanOrEqual(onHand);
        expect(Number.isInteger(f.sellable) && Number.isInteger(f.buffer) && Number.isInteger(f.projectedOnHand)).toBe(true);
      },
    ));
  });
});
