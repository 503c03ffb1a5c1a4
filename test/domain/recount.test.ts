import type { InventoryRecord } from '../../cloudfunctions/src/domain/model';
import { countsInForce, recountDue, sharePercent } from '../../cloudfunctions/src/domain/recount';

const record = (skuId: string, supplierId: string, reportedAt: number): InventoryRecord =>
  ({ skuId, supplierId, reportedAt, onHand: 10 } as InventoryRecord);

describe('recount when sales run ahead', () => {
  it('is due once our sales since the count exceed the share of it, not when they reach it', () => {
    expect(recountDue(100, 30, 0.3)).toBe(false);
    expect(recountDue(100, 31, 0.3)).toBe(true);
    expect(recountDue(100, 0, 0.3)).toBe(false);
    // 29% of 100 is 28.999999999999996 in floating point: 29 sold has not run ahead of it.
    expect(recountDue(100, 29, 0.29)).toBe(false);
    expect(recountDue(7, 3, 0.3)).toBe(true);
  });

  it('is never due for a count of nothing', () => {
    expect(recountDue(0, 5, 0.3)).toBe(false);
  });

  it('follows the share', () => {
    expect(recountDue(100, 31, 0.5)).toBe(false);
    expect(recountDue(100, 11, 0.1)).toBe(true);
  });

  it('says the share as the operator typed it', () => {
    expect(sharePercent(0.3)).toBe('30');
    expect(sharePercent(0.125)).toBe('12.5');
    expect(sharePercent(0.07)).toBe('7');
  });

  it('reads one total per supplier and count time, in supplier order', () => {
    const counts = countsInForce([record('B1', 'sup-b', 2), record('A1', 'sup-a', 5), record('A2', 'sup-a', 5), record('A3', 'sup-a', 1)]);
    expect(counts.map((c) => [c.supplierId, c.reportedAt, c.records.map((r) => r.skuId)])).toEqual([
      ['sup-a', 1, ['A3']], ['sup-a', 5, ['A1', 'A2']], ['sup-b', 2, ['B1']],
    ]);
  });
});
