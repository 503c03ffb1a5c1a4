// Scorecard formulas against a week worked out by hand: 7 days × 2 report times, four
// waves (on time, late, by the operator, never confirmed), five rated lines, two shortage
// tasks and one approved stocktake.
import { periodOf, periodsBack, scorecard } from '../../cloudfunctions/src/domain/scorecard';
import { emptyBook, type Stocktake } from '../../cloudfunctions/src/domain/stocktake';
import type { RemediationTask, Wave } from '../../cloudfunctions/src/domain/model';
import { orderLine } from '../fixtures/catalogue';

const sh = (day: number, h: number, m = 0) => Date.UTC(2026, 10, day, h - 8, m);
const wave = (day: number, over: Partial<Wave>): Wave => ({
  id: `w${day}`, supplierId: 's', day: `2026-11-${day}`, status: 'confirmed', closedAt: sh(day, 22), deadlineAt: sh(day, 23), ...over,
});
const task = (lineId: string, over: Partial<RemediationTask>): RemediationTask => ({
  id: `rem_${lineId}`, lineId, orderId: 'o', leaderId: 'u-leader-1', waveId: 'w', skuId: 'A', shortQty: 2, status: 'resolved', openedAt: 0, ...over,
});

describe('a supplier\'s week', () => {
  const period = periodOf('week', '2026-11-26');
  const card = scorecard({
    period, now: sh(30, 12), reportTimes: ['08:00', '20:00'], reportLateMinutes: 60,
    // Every morning at 07:50; three evenings at 19:30; one evening report two hours late.
    reportsAt: [23, 24, 25, 26, 27, 28, 29].map((d) => sh(d, 7, 50)).concat([sh(23, 19, 30), sh(25, 19, 30), sh(27, 19, 30), sh(28, 22, 10)]),
    // 报数超龄 reminders: one the Sunday before (another week); answered after 50 and 30
    // minutes; one answered after 70 minutes (too late); one never answered.
    remindersAt: [sh(22, 10), sh(23, 7), sh(27, 19), sh(28, 21), sh(29, 15)],
    waves: [
      wave(23, { confirmedAt: sh(23, 22, 30) }),
      wave(24, { confirmedAt: sh(24, 23, 20) }),
      wave(25, { confirmedAt: sh(25, 23, 40), confirmedOnBehalf: true }),
      wave(26, { status: 'closed' }),
    ],
    lines: [
      orderLine({ id: 'a', waveId: 'w23', skuId: 'A', qty: 5 }), orderLine({ id: 'b', waveId: 'w23', skuId: 'B', qty: 3 }),
      orderLine({ id: 'x', waveId: 'w23', skuId: 'A', qty: 9, status: 'cancelled' }),
      orderLine({ id: 'c', waveId: 'w24', skuId: 'A', qty: 4, shortQty: 2, status: 'short' }),
      orderLine({ id: 'd', waveId: 'w25', skuId: 'A', qty: 2 }), orderLine({ id: 'e', waveId: 'w25', skuId: 'A', qty: 2, shortQty: 2, status: 'short' }),
      orderLine({ id: 'f', waveId: 'w26', skuId: 'A', qty: 7 }),
    ],
    tasks: [task('c', { refundAmount: 1_000, couponValue: 500, customer: '3 王姐' }), task('e', { priceDifference: 300, customer: '8 李叔' })],
    stocktakes: [{
      id: 'stk', supplierId: 's', status: 'approved', openedAt: 0, openedBy: 'op', dueAt: 0, history: [], version: 5, approvedAt: sh(27, 10),
      lines: [{ skuId: 'A', counted: 95, book: { ...emptyBook(0), book: 100 } }, { skuId: 'B', counted: 52, book: { ...emptyBook(0), book: 50 } }],
    } satisfies Stocktake],
  });

  it('is the week from Monday to Sunday', () => {
    expect(period).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29', label: '11月23日–11月29日' });
    expect(periodsBack('month', '2026-12-04', 3).map((p) => p.label)).toEqual(['2026年10月', '2026年11月', '2026年12月']);
  });
  it('rates inventory accuracy by full lines, shortfall per SKU and wave, and stocktake variance', () => {
    expect(card.accuracy).toEqual({ lines: 5, fullLines: 3, fullShare: 0.6, skuWaves: 4, meanShortfall: 1, stocktakeAbsVariance: 7, stocktakeBook: 150, stocktakeVarianceShare: 7 / 150 });
  });
  it('rates fill as units confirmed over units ordered, in confirmed waves only', () => {
    expect(card.fill).toEqual({ ordered: 16, filled: 12, rate: 0.75 });
  });
  it('counts a report on time from three hours before its time up to the late mark', () => {
    expect(card.reporting).toMatchObject({ due: 14, onTime: 10, rate: 10 / 14 });
  });
  it('counts a 报数超龄 reminder answered when a report followed within the hour', () => {
    expect(card.reporting).toMatchObject({ reminded: 4, answered: 2, answeredRate: 0.5 });
  });
  it('counts waves confirmed by the supplier before the deadline, and those the operator confirmed', () => {
    expect(card.confirmation).toEqual({ waves: 4, onTime: 1, onBehalf: 1, rate: 0.25 });
  });
  it('adds up shortage lines, customers and what putting them right cost', () => {
    expect(card.shortage).toEqual({ lines: 2, units: 4, customers: 2, refunds: 1_000, coupons: 500, substituteCost: 300, cost: 1_800 });
  });
  it('rates nothing it had nothing to rate', () => {
    const empty = scorecard({ period, now: sh(22, 12), reportTimes: ['08:00'], reportLateMinutes: 60, reportsAt: [], remindersAt: [], waves: [], lines: [], tasks: [], stocktakes: [] });
    expect([empty.fill.rate, empty.accuracy.fullShare, empty.reporting.rate, empty.reporting.answeredRate, empty.confirmation.rate, empty.accuracy.stocktakeVarianceShare]).toEqual([null, null, null, null, null, null]);
  });
});
