// The stocktake's sign-off as a state machine: nothing approved without both sides,
// nothing changed once approved, every step appended to the history and none edited.
import fc from 'fast-check';
import { emptyBook, approve, cancel, confirmCount, explain, markApplied, needsReason, recordCount, returnForRecount, type Stocktake, type StocktakeLine } from '../../cloudfunctions/src/domain/stocktake';
import { stocktakesDue, nextStocktakeDay } from '../../cloudfunctions/src/domain/stocktake-schedule';

const RULES = { reasonAboveUnits: 2, reasonAboveShare: 0.05 };
const name = (id: string) => id;
const opened: Stocktake = { id: 'stk', supplierId: 's', status: 'open', openedAt: 0, openedBy: 'op', dueAt: 10, lines: [], history: [{ action: 'opened', by: 'op', at: 0 }], version: 1 };
const line = (counted: number, book: number, reason?: StocktakeLine['reason']): StocktakeLine => ({ skuId: 'A', counted, book: { ...emptyBook(1), book }, ...(reason ? { reason } : {}) });

type Step = (st: Stocktake) => ReturnType<typeof approve>;
const STEPS: Record<string, Step> = {
  count: (st) => recordCount(st, [line(90, 100)], 'sup', 1),
  countExact: (st) => recordCount(st, [line(100, 100)], 'sup', 1),
  explain: (st) => explain(st, new Map([['A', { reason: 'damaged' as const }]]), 'sup', 2),
  confirm: (st) => confirmCount(st, RULES, name, 'sup', 3),
  return: (st) => returnForRecount(st, '复盘', 'op', 4),
  approve: (st) => approve(st, 'op', 5),
  apply: (st) => markApplied(st, { reportId: 'rep', newerCounts: [] }, 6),
  cancel: (st) => cancel(st, '不要了', 'op', 7),
};

describe('the stocktake sign-off', () => {
  it('whatever is tried in whatever order: approved only after the supplier confirmed with every reason given, never changed after, the history only growing', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...Object.keys(STEPS)), { maxLength: 14 }), (tries) => {
      let st = opened;
      for (const t of tries) {
        const before = st;
        const next = STEPS[t]!(st);
        if (!next.ok) continue;
        st = next.data;
        expect(st.history.slice(0, before.history.length)).toEqual(before.history);
        expect(st.history.length).toBe(before.history.length + 1);
        expect(st.version).toBe(before.version + 1);
        if (before.status === 'approved') expect(['apply']).toContain(t);
        // Becoming approved needs the supplier's confirmation; the count entering the ledger afterwards ('apply') keeps it approved.
        if (st.status === 'approved' && before.status !== 'approved') {
          expect(before.status).toBe('confirmed');
          expect(st.lines.every((l) => !needsReason(l, RULES) || l.reason)).toBe(true);
        }
        if (before.status === 'cancelled') throw new Error('a cancelled stocktake changed');
      }
    }), { seed: 15, numRuns: 500 });
  });

  it('withdraws the supplier\'s confirmation when reasons change after it', () => {
    const counted = recordCount(opened, [line(90, 100, 'lost')], 'sup', 1);
    const confirmed = counted.ok && confirmCount(counted.data, RULES, name, 'sup', 2);
    expect(confirmed && confirmed.ok && confirmed.data.status).toBe('confirmed');
    const changed = confirmed && confirmed.ok && explain(confirmed.data, new Map([['A', { reason: 'damaged' as const }]]), 'op', 3);
    expect(changed && changed.ok && [changed.data.status, changed.data.confirmedBy]).toEqual(['counted', undefined]);
  });

  it('needs a reason only above both the units and the share of the book', () => {
    expect(needsReason(line(97, 100), RULES)).toBe(false); // 3 units, 3%
    expect(needsReason(line(4, 1), RULES)).toBe(true); // 3 units, 300%
    expect(needsReason(line(94, 100), RULES)).toBe(true);
    expect(needsReason(line(102, 100), RULES)).toBe(false);
  });
});

describe('the stocktake schedule', () => {
  const at = (d: number, h: number, m = 0) => Date.UTC(2026, 10, d, h - 8, m);
  it('opens on its weekday and time, every other week from its first day', () => {
    const every2 = { every: 'fortnight' as const, weekday: 4, time: '09:00', from: '2026-11-26' };
    expect(stocktakesDue(every2, { from: at(26, 8, 55), to: at(26, 9, 0) }).map((o) => o.day)).toEqual(['2026-11-26']);
    expect(stocktakesDue(every2, { from: at(26, 9, 0), to: at(26, 9, 5) })).toEqual([]);
    expect(stocktakesDue(every2, { from: Date.UTC(2026, 11, 3, 0, 55), to: Date.UTC(2026, 11, 3, 1, 5) })).toEqual([]);
    expect(stocktakesDue({ ...every2, every: 'week' }, { from: Date.UTC(2026, 11, 3, 0, 55), to: Date.UTC(2026, 11, 3, 1, 5) }).map((o) => o.day)).toEqual(['2026-12-03']);
    expect(stocktakesDue(every2, { from: at(19, 8), to: at(19, 10) })).toEqual([]); // before its first day
    expect(nextStocktakeDay(every2, at(27, 12))).toBe('2026-12-10');
  });
});
