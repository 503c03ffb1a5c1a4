import { historyPoints } from '../../cloudfunctions/src/domain/history';
import type { LedgerEntry } from '../../cloudfunctions/src/domain/model';

const e = (over: Partial<LedgerEntry>): LedgerEntry => ({ id: 'x', skuId: 'A', kind: 'reserve', at: 0, by: 'u', refId: 'r', qty: 0, ...over });

describe('stock history', () => {
  it('replays counts and the reservations between them', () => {
    const points = historyPoints([
      e({ kind: 'reserve', at: 1, qty: 5 }), // before any count: nothing to draw from
      e({ kind: 'report', at: 10, qty: 100, onHand: 100, projectedOnHand: 100, committed: 0, sellable: 80 }),
      e({ kind: 'reserve', at: 11, qty: 3 }),
      e({ kind: 'cancel', at: 12, qty: 1 }),
      e({ kind: 'refresh', at: 13, onHand: 100, projectedOnHand: 90, committed: 2, sellable: 70 }),
      e({ kind: 'shortage', at: 14, qty: 2 }),
    ]);
    expect(points.map((p) => [p.at, p.onHand, p.committed, p.sellable])).toEqual([
      [10, 100, 0, 80], [11, 100, 3, 77], [12, 100, 2, 78], [13, 90, 2, 70], [14, 88, 0, 70],
    ]);
  });
});
