import { recomputeRecord, reportLineIssues, velocityWindow } from '../../cloudfunctions/src/domain/report';
import type { OrderLine } from '../../cloudfunctions/src/domain/model';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { T0, orderLine, report, skus, suppliers } from '../fixtures/catalogue';

const byId = new Map(skus.map((s) => [s.id, s]));
const DAY = 86_400_000;
const line = (qty: number, placedAt: number, over: Partial<OrderLine> = {}): OrderLine =>
  orderLine({ id: `l${qty}${placedAt}`, skuId: 'A001', supplierId: 'sup-fruit', qty, placedAt, ...over });

describe('report lines', () => {
  it('accepts the supplier\'s own known SKUs', () => {
    expect(reportLineIssues([{ skuId: 'A001', onHand: 1 }, { skuId: 'A002', onHand: 0 }], byId, 'sup-fruit')).toEqual([]);
  });

  it('names each duplicate, unknown and foreign line', () => {
    const issues = reportLineIssues([
      { skuId: 'A001', onHand: 1 }, { skuId: 'ZZZ', onHand: 1 }, { skuId: 'A001', onHand: 2 }, { skuId: 'B001', onHand: 3 },
    ], byId, 'sup-fruit');
    expect(issues.map((i) => [i.path, i.code, i.message])).toEqual([
      ['lines[1].skuId', 'UNKNOWN_SKU', '第2行商品编码 ZZZ 不存在'],
      ['lines[2].skuId', 'DUPLICATE_SKU', '第3行商品 A001 与第1行重复'],
      ['lines[3].skuId', 'NOT_YOUR_SKU', '第4行商品 B001 不属于本供应商'],
    ]);
  });
});

describe('recomputing a record from a report', () => {
  const base = { sku: byId.get('A001')!, supplier: suppliers[0], settings: DEFAULT_SETTINGS, previous: undefined, openLines: [], unitsPlacedInWindow: 0, now: T0 };

  it('replaces onHand, holds back the buffer and subtracts the open lines', () => {
    const rep = report('sup-fruit', [['A001', 100]]);
    const rec = recomputeRecord({ ...base, report: rep, onHand: 100, openLines: [line(5, T0 - 1000), line(3, T0 + 1000)] });
    expect(rec).toMatchObject({ onHand: 100, buffer: 20, bufferRule: 'ratio', committed: 8, sellable: 72, version: 1, reportId: rep.id, reportedAt: T0 });
  });

  it('bumps the version of the record it replaces', () => {
    const rep = report('sup-fruit', [['A001', 10]]);
    const first = recomputeRecord({ ...base, report: rep, onHand: 10 });
    expect(recomputeRecord({ ...base, report: rep, onHand: 10, previous: first }).version).toBe(2);
  });

  it('uses the velocity of our last 7 days of orders when that rule asks more', () => {
    const settings = { ...DEFAULT_SETTINGS, bufferPolicy: { ratio: 0.1, velocityFraction: 0.5 } };
    const rep = report('sup-fruit', [['A001', 50]]);
    // 140 units in the window → 20 a day → velocity buffer 10, above the ratio's 5.
    const rec = recomputeRecord({ ...base, settings, report: rep, onHand: 50, unitsPlacedInWindow: 140 });
    expect(rec).toMatchObject({ buffer: 10, bufferRule: 'velocity', sellable: 40, avgDailySales: 20 });
  });

  it('takes the week before the count, the count\'s moment included, as the velocity window', () => {
    expect(velocityWindow({ reportedAt: T0 })).toEqual({ from: T0 - 7 * DAY, to: T0 });
  });

  it('uses the supplier\'s larger buffer for a rules-level supplier', () => {
    const rep = report('sup-eggs', [['B001', 10]]);
    const rec = recomputeRecord({ ...base, sku: byId.get('B001')!, supplier: suppliers[1], report: rep, onHand: 10 });
    expect(rec).toMatchObject({ buffer: 3, bufferRule: 'ratio', sellable: 7 });
  });
});
