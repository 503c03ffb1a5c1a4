import fc from 'fast-check';
import { findShortLines, orderLineIssues, planReservation, requestFingerprint, totalsBySku } from '../../cloudfunctions/src/domain/order';
import type { InventoryRecord } from '../../cloudfunctions/src/domain/model';
import { sellableUnits } from '../../cloudfunctions/src/domain/sellable';
import { record, skus, sku } from '../fixtures/catalogue';

describe('order validation', () => {
  it('adds up a SKU that appears on several customers\' lines', () => {
    expect([...totalsBySku([{ skuId: 'A', qty: 2 }, { skuId: 'B', qty: 1 }, { skuId: 'A', qty: 3 }])]).toEqual([['A', 5], ['B', 1]]);
  });

  it('names every unknown or delisted line, counting lines from one', () => {
    const byId = new Map([...skus, sku('X9', 'sup-fruit', { name: '下架梨', listed: false })].map((s) => [s.id, s]));
    const issues = orderLineIssues([{ skuId: 'A001', qty: 1 }, { skuId: 'NOPE', qty: 1 }, { skuId: 'X9', qty: 1 }], byId);
    expect(issues).toEqual([
      { path: 'lines[1].skuId', code: 'UNKNOWN_SKU', message: '第2行商品编码 NOPE 不存在' },
      { path: 'lines[2].skuId', code: 'SKU_DELISTED', message: '第3行商品 下架梨 已下架' },
    ]);
  });

  it('collects every short line before refusing, with what is still sellable', () => {
    const short = findShortLines(new Map([['A', 3], ['B', 1], ['C', 2]]), new Map([['A', 2], ['C', 5]]));
    expect(short).toEqual([{ skuId: 'A', requested: 3, sellable: 2 }, { skuId: 'B', requested: 1, sellable: 0 }]);
  });

  it('fingerprints the request so a reused key with other lines is recognised', () => {
    expect(requestFingerprint([{ skuId: 'A', qty: 1 }])).not.toBe(requestFingerprint([{ skuId: 'A', qty: 2 }]));
    expect(requestFingerprint([{ skuId: 'A', qty: 1, customer: '3号 张三' }])).not.toBe(requestFingerprint([{ skuId: 'A', qty: 1 }]));
  });
});

describe('reservation plan', () => {
  const rec = (skuId: string, onHand: number, buffer: number, committed: number): InventoryRecord =>
    record(skuId, 's', sellableUnits(onHand, buffer, committed), { onHand, buffer, committed });

  it('moves units from sellable to committed on every SKU', () => {
    const plan = planReservation(new Map([['A', 3], ['B', 1]]), new Map([['A', rec('A', 20, 4, 0)], ['B', rec('B', 5, 1, 2)]]));
    expect(plan.ok && plan.next.map((r) => [r.skuId, r.sellable, r.committed, r.version])).toEqual([['A', 13, 3, 2], ['B', 1, 3, 2]]);
  });

  it('takes nothing when any SKU is short', () => {
    const plan = planReservation(new Map([['A', 3], ['B', 5]]), new Map([['A', rec('A', 20, 4, 0)], ['B', rec('B', 5, 1, 2)]]));
    expect(plan).toEqual({ ok: false, short: [{ skuId: 'B', requested: 5, sellable: 2 }] });
  });

  it('a sequence of reservations never takes more than the sellable it started from, and keeps the invariant', () => {
    fc.assert(fc.property(
      fc.nat(500), fc.nat(100), fc.nat(100),
      fc.array(fc.array(fc.tuple(fc.constantFrom('A', 'B'), fc.integer({ min: 1, max: 30 })), { minLength: 1, maxLength: 4 }), { maxLength: 60 }),
      (onHand, bufferRaw, committed0, orders) => {
        const buffer = Math.min(bufferRaw, onHand);
        let records = new Map([['A', rec('A', onHand, buffer, committed0)], ['B', rec('B', onHand, buffer, committed0)]]);
        const start = records.get('A')!.sellable;
        const taken = new Map([['A', 0], ['B', 0]]);
        for (const lines of orders) {
          const totals = totalsBySku(lines.map(([skuId, qty]) => ({ skuId, qty })));
          const plan = planReservation(totals, records);
          if (!plan.ok) continue;
          records = new Map(records);
          for (const r of plan.next) records.set(r.skuId, r);
          for (const [s, q] of totals) taken.set(s, taken.get(s)! + q);
        }
        for (const skuId of ['A', 'B']) {
          const r = records.get(skuId)!;
          expect(taken.get(skuId)!).toBeLessThanOrEqual(start);
          expect(r.sellable).toBeGreaterThanOrEqual(0);
          expect(r.sellable).toBe(start - taken.get(skuId)!);
          if (start > 0) expect(r.sellable).toBe(sellableUnits(r.onHand, r.buffer, r.committed));
        }
      },
    ));
  });
});
