import { isOverAge, overAgeBySupplier, overAgeSlot } from '../../cloudfunctions/src/domain/count-age';
import type { InventoryRecord, Tier } from '../../cloudfunctions/src/domain/model';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';

const at = (h: number, m = 0): number => Date.UTC(2026, 10, 26, h - 8, m); // Shanghai wall clock
const HOUR = 3_600_000;
const maxAge = DEFAULT_SETTINGS.tiers.maxReportAgeHours; // hot 2 h, normal 12 h, long-tail 36 h
const rules = { everyMinutes: 120, from: '08:00', to: '21:00' };

const record = (skuId: string, supplierId: string, tier: Tier, reportedAt: number): InventoryRecord =>
  ({ skuId, supplierId, tier, reportedAt } as InventoryRecord);

describe('count age', () => {
  it('is over age only once the count is older than its tier allows', () => {
    expect(isOverAge(at(8), 'hot', maxAge, at(10))).toBe(false);
    expect(isOverAge(at(8), 'hot', maxAge, at(10, 1))).toBe(true);
    expect(isOverAge(at(8), 'normal', maxAge, at(19))).toBe(false);
    expect(isOverAge(at(8), 'longTail', maxAge, at(8) + 36 * HOUR + 1)).toBe(true);
  });

  it('puts reminders in working-hour slots of the interval, and none outside', () => {
    expect(overAgeSlot(at(7, 59), rules)).toBeNull();
    expect(overAgeSlot(at(8), rules)).toBe('2026-11-26#0');
    expect(overAgeSlot(at(9, 59), rules)).toBe('2026-11-26#0');
    expect(overAgeSlot(at(10), rules)).toBe('2026-11-26#1');
    expect(overAgeSlot(at(20, 59), rules)).toBe('2026-11-26#6');
    expect(overAgeSlot(at(21), rules)).toBeNull();
    expect(overAgeSlot(at(12), { ...rules, to: 'soon' })).toBeNull();
  });

  it('lists each supplier\'s over-age counts, hot ones first, then the oldest', () => {
    const now = at(20);
    const found = overAgeBySupplier([
      record('A-normal', 'S1', 'normal', at(7)),
      record('A-hot', 'S1', 'hot', at(17)),
      record('A-fresh', 'S1', 'hot', at(19)),
      record('A-hot-older', 'S1', 'hot', at(12)),
      record('B-tail', 'S2', 'longTail', now - 40 * HOUR),
      record('B-tail-fresh', 'S2', 'longTail', now - 30 * HOUR),
    ], maxAge, now);
    expect(found.get('S1')!.map((r) => r.skuId)).toEqual(['A-hot-older', 'A-hot', 'A-normal']);
    expect(found.get('S2')!.map((r) => r.skuId)).toEqual(['B-tail']);
    expect(found.has('S3')).toBe(false);
  });
});
