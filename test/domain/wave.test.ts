import fc from 'fast-check';
import { allocateShortage, packingLists, pickList } from '../../cloudfunctions/src/domain/wave';
import { orderLine } from '../fixtures/catalogue';

describe('pick list', () => {
  it('totals each SKU and breaks it down per leader, leaving cancelled lines out', () => {
    const rows = pickList([
      orderLine({ id: '1', skuId: 'B', leaderId: 'L2', qty: 2 }),
      orderLine({ id: '2', skuId: 'A', leaderId: 'L1', qty: 3 }),
      orderLine({ id: '3', skuId: 'A', leaderId: 'L2', qty: 1 }),
      orderLine({ id: '4', skuId: 'A', leaderId: 'L1', qty: 4 }),
      orderLine({ id: '5', skuId: 'A', leaderId: 'L3', qty: 9, status: 'cancelled' }),
    ]);
    expect(rows).toEqual([
      { skuId: 'A', total: 8, ordered: 8, cut: 0, toPack: 8, byLeader: [{ leaderId: 'L1', ordered: 7, cut: 0, toPack: 7 }, { leaderId: 'L2', ordered: 1, cut: 0, toPack: 1 }] },
      { skuId: 'B', total: 2, ordered: 2, cut: 0, toPack: 2, byLeader: [{ leaderId: 'L2', ordered: 2, cut: 0, toPack: 2 }] },
    ]);
  });

  it('after a shortage, says per leader what was cut and what is left to pack', () => {
    const lines = [
      orderLine({ id: '1', skuId: 'A', leaderId: 'L1', qty: 2, shortQty: 2, status: 'short', customer: '3号 小张' }),
      orderLine({ id: '2', skuId: 'A', leaderId: 'L2', qty: 3, shortQty: 1, status: 'short' }),
      orderLine({ id: '3', skuId: 'B', leaderId: 'L1', qty: 1 }),
    ];
    const [a] = pickList(lines);
    expect(a).toMatchObject({ ordered: 5, cut: 3, toPack: 2 });
    expect(a!.byLeader).toEqual([{ leaderId: 'L1', ordered: 2, cut: 2, toPack: 0 }, { leaderId: 'L2', ordered: 3, cut: 1, toPack: 2 }]);
    const packs = packingLists(lines);
    expect(packs.map((p) => [p.leaderId, p.ordered, p.cut, p.toPack])).toEqual([['L1', 3, 2, 1], ['L2', 3, 1, 2]]);
    expect(packs[0]!.lines.map((l) => [l.skuId, l.customer, l.toPack])).toEqual([['A', '3号 小张', 0], ['B', undefined, 1]]);
  });

  it('never packs more than ordered nor less than nothing, and the parts always add up', () => {
    fc.assert(fc.property(fc.array(fc.record({ leader: fc.constantFrom('L1', 'L2', 'L3'), sku: fc.constantFrom('A', 'B'), qty: fc.integer({ min: 1, max: 9 }), cut: fc.integer({ min: 0, max: 9 }) }), { maxLength: 30 }), (specs) => {
      const lines = specs.map((x, i) => orderLine({ id: String(i), leaderId: x.leader, skuId: x.sku, qty: x.qty, shortQty: Math.min(x.cut, x.qty) }));
      const packs = packingLists(lines);
      const rows = pickList(lines);
      const total = (xs: Array<{ toPack: number }>) => xs.reduce((s, x) => s + x.toPack, 0);
      expect(total(packs)).toBe(total(rows));
      for (const p of packs) {
        expect(p.toPack).toBe(p.ordered - p.cut);
        for (const l of p.lines) expect(l.toPack >= 0 && l.toPack <= l.ordered).toBe(true);
      }
    }));
  });
});

describe('shortage allocation', () => {
  const lines = [
    orderLine({ id: 'early', qty: 3, placedAt: 100 }),
    orderLine({ id: 'middle', qty: 2, placedAt: 200 }),
    orderLine({ id: 'late', qty: 4, placedAt: 300 }),
  ];

  it('cuts the latest-placed lines first', () => {
    expect(Object.fromEntries(allocateShortage(lines, 4))).toEqual({ late: 4, middle: 1, early: 0 });
    expect(Object.fromEntries(allocateShortage(lines, 9))).toEqual({ late: 0, middle: 0, early: 0 });
    expect(Object.fromEntries(allocateShortage(lines, 0))).toEqual({ late: 4, middle: 2, early: 3 });
  });

  it('cuts exactly the shortage, never a line below zero (property)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.nat(1000)), { minLength: 1, maxLength: 20 }), fc.nat(400), (spec, ship) => {
      const ls = spec.map(([qty, at], i) => orderLine({ id: `l${i}`, qty, placedAt: at }));
      const total = ls.reduce((s, l) => s + l.qty, 0);
      const cuts = allocateShortage(ls, ship);
      const cut = [...cuts.values()].reduce((a, b) => a + b, 0);
      expect(cut).toBe(Math.max(0, total - ship));
      for (const l of ls) expect(cuts.get(l.id)!).toBeLessThanOrEqual(l.qty);
      // No earlier line is cut while a later one still ships something.
      const byTime = [...ls].sort((a, b) => a.placedAt - b.placedAt || a.id.localeCompare(b.id));
      const firstCut = byTime.findIndex((l) => cuts.get(l.id)! > 0);
      if (firstCut >= 0) for (const l of byTime.slice(firstCut + 1)) expect(cuts.get(l.id)).toBe(l.qty);
    }));
  });
});
