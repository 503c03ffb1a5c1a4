import type { InventoryRecord } from '../../cloudfunctions/src/domain/model';
import { emptyHealth, pullDue, pullFailed, pullSucceeded, withinCallBudget } from '../../cloudfunctions/src/domain/pull';

const T0 = Date.UTC(2026, 11, 4, 2);
const MIN = 60_000;
const hotRecord = { skuId: 'A001', tier: 'hot', reportedAt: T0 - 60 * MIN, sellable: 50 } as InventoryRecord;
const notLow = (): boolean => false;

describe('a system\'s daily call limit, as the operator entered it', () => {
  it('spreads the calls: none sooner than a day\'s share after the last', () => {
    const pulled = pullSucceeded(emptyHealth('sup-api'), T0, 120);
    expect(withinCallBudget(T0 + 29 * MIN, pulled, 48)).toBe(false);
    expect(withinCallBudget(T0 + 30 * MIN, pulled, 48)).toBe(true);
    expect(withinCallBudget(T0 + MIN, pulled)).toBe(true); // no limit entered
    expect(withinCallBudget(T0, emptyHealth('sup-api'), 1)).toBe(true); // never called
  });

  it('holds a hot SKU\'s 5-minute wish, and an out-of-turn ask, to the limit; a failed call spends one too', () => {
    const pulled = pullSucceeded(emptyHealth('sup-api'), T0, 120);
    expect(pullDue(T0 + 10 * MIN, [hotRecord], pulled, notLow)).toBe(true);
    expect(pullDue(T0 + 10 * MIN, [hotRecord], pulled, notLow, { callsPerDay: 48 })).toBe(false);
    expect(pullDue(T0 + 30 * MIN, [hotRecord], pulled, notLow, { callsPerDay: 48 })).toBe(true);
    const asked = { ...pulled, requestedAt: T0 + 5 * MIN };
    expect(pullDue(T0 + 10 * MIN, [hotRecord], asked, notLow, { callsPerDay: 48 })).toBe(false);
    const failed = pullFailed(pulled, T0 + 30 * MIN, 'HTTP 503');
    expect(pullDue(T0 + 32 * MIN, [hotRecord], failed, notLow, { callsPerDay: 48 })).toBe(false);
  });
});
