// Settlement rules against cards and payables worked out by hand: thresholds at the
// boundary, rates with nothing to rate, a deduction and a bonus together, fen rounding,
// deductions past the payable; then properties over any card, payable and rules.
import fc from 'fast-check';
import type { SettlementRule, Wave } from '../../cloudfunctions/src/domain/model';
import { periodOf, ratedLines, type Scorecard } from '../../cloudfunctions/src/domain/scorecard';
import { payableOf, ruleMet, ruleText, settle, shareOf } from '../../cloudfunctions/src/domain/settlement';
import { orderLine } from '../fixtures/catalogue';

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** A card with these rates (null: nothing to rate), the rest empty. */
function card(r: { full?: number | null; fill?: number | null; reporting?: number | null; answered?: number | null; confirmation?: number | null; stocktake?: number | null } = {}): Scorecard {
  return {
    period: periodOf('week', '2026-11-26'),
    accuracy: { lines: 20, fullLines: 19, fullShare: r.full ?? null, skuWaves: 0, meanShortfall: null, stocktakeAbsVariance: 0, stocktakeBook: 0, stocktakeVarianceShare: r.stocktake ?? null },
    fill: { ordered: 0, filled: 0, rate: r.fill ?? null },
    reporting: { due: 0, onTime: 0, rate: r.reporting ?? null, reminded: 0, answered: 0, answeredRate: r.answered ?? null },
    confirmation: { waves: 0, onTime: 0, onBehalf: 0, rate: r.confirmation ?? null },
    shortage: { lines: 0, units: 0, customers: 0, refunds: 0, coupons: 0, substituteCost: 0, cost: 0 },
  };
}

const rule = (over: Partial<SettlementRule>): SettlementRule => ({ metric: 'fillRate', when: 'below', threshold: 0.95, adjust: 'deduct', adjustShare: 0.02, ...over });

describe('a rule at its threshold', () => {
  // 19 of 20 lines in full is 95% exactly, as the scorecard divides it.
  const at95 = card({ full: rate(19, 20), fill: rate(57, 60) });

  it('is not below it, and is at least it', () => {
    expect(ruleMet(rule({ metric: 'fullShare', when: 'below', threshold: 0.95 }), rate(19, 20))).toBe(false);
    expect(ruleMet(rule({ metric: 'fullShare', when: 'atLeast', threshold: 0.95 }), rate(19, 20))).toBe(true);
    // One line fewer is below.
    expect(ruleMet(rule({ metric: 'fullShare', when: 'below', threshold: 0.95 }), rate(18, 20))).toBe(true);
    // A threshold typed as 95.5% on the settings page (the page sends 0.955) against 191/200.
    expect(ruleMet(rule({ when: 'atLeast', threshold: Math.round(95.5 * 1e6) / 1e8 }), rate(191, 200))).toBe(true);
    expect(ruleMet(rule({ when: 'below', threshold: Math.round(95.5 * 1e6) / 1e8 }), rate(191, 200))).toBe(false);
  });

  it('settles 95% exactly with no deduction below 95% and the bonus from 95%', () => {
    const s = settle(at95, 100_000, [
      rule({ metric: 'fillRate', when: 'below', threshold: 0.95, adjust: 'deduct', adjustShare: 0.05 }),
      rule({ metric: 'fillRate', when: 'atLeast', threshold: 0.95, adjust: 'bonus', adjustShare: 0.01 }),
    ]);
    expect(s.outcomes.map((o) => [o.no, o.met, o.adjustment])).toEqual([[1, false, 0], [2, true, 1_000]]);
    expect(s).toMatchObject({ payable: 100_000, adjustment: 1_000, net: 101_000, capped: false });
  });
});

describe('a rate with nothing to rate', () => {
  it('triggers no rule either way, and says so', () => {
    const s = settle(card({ fill: null, reporting: 0.5 }), 50_000, [
      rule({ metric: 'fillRate', when: 'below', threshold: 0.95 }),
      rule({ metric: 'fillRate', when: 'atLeast', threshold: 0, adjust: 'bonus' }),
      rule({ metric: 'reportingRate', when: 'below', threshold: 0.9, adjustShare: 0.1 }),
    ]);
    expect(s.outcomes.map((o) => [o.value, o.met, o.adjustment])).toEqual([[null, null, 0], [null, null, 0], [0.5, true, -5_000]]);
    expect(s.net).toBe(45_000);
  });
});

describe('a deduction and a bonus in one period', () => {
  it('applies each to the payable, not to what the rule before left', () => {
    // ¥1,234.56 payable; fill rate 90% (below 95%: −3%), reports 100% (at least 99%: +1.5%),
    // confirmations 80% (below 90%: −2%), full lines 97% (neither 95% rule).
    const payable = 123_456;
    const s = settle(card({ fill: 0.9, reporting: 1, confirmation: 0.8, full: 0.97 }), payable, [
      rule({ metric: 'fillRate', when: 'below', threshold: 0.95, adjust: 'deduct', adjustShare: 0.03 }),
      rule({ metric: 'reportingRate', when: 'atLeast', threshold: 0.99, adjust: 'bonus', adjustShare: 0.015 }),
      rule({ metric: 'confirmationRate', when: 'below', threshold: 0.9, adjust: 'deduct', adjustShare: 0.02 }),
      rule({ metric: 'fullShare', when: 'below', threshold: 0.95, adjust: 'deduct', adjustShare: 0.05 }),
    ]);
    // 123456 × 3% = 3703.68 → 3704; × 1.5% = 1851.84 → 1852; × 2% = 2469.12 → 2469.
    expect(s.outcomes.map((o) => o.adjustment)).toEqual([-3_704, 1_852, -2_469, 0]);
    expect(s.adjustment).toBe(-4_321);
    expect(s.net).toBe(119_135);
  });

  it('names each rule in the operator\'s words', () => {
    expect(ruleText(rule({ metric: 'fillRate', when: 'below', threshold: 0.95, adjust: 'deduct', adjustShare: 0.02 }))).toBe('订单满足率低于 95% → 扣减应付的 2%');
    expect(ruleText(rule({ metric: 'fullShare', when: 'atLeast', threshold: 0.995, adjust: 'bonus', adjustShare: 0.005 }))).toBe('库存准确率（足量确认）达到 99.5% → 奖励应付的 0.5%');
  });
});

describe('rounding to the fen', () => {
  it('rounds half up, exactly', () => {
    expect(shareOf(10, 0.05)).toBe(1); // 0.5 fen
    expect(shareOf(9, 0.05)).toBe(0); // 0.45
    expect(shareOf(12_345, 0.035)).toBe(432); // 432.075, which floating point reads as 432.0749…
    expect(shareOf(12_350, 0.035)).toBe(432); // 432.25
    expect(shareOf(1_010, 0.035)).toBe(35); // 35.35
    expect(shareOf(3, 0.5)).toBe(2); // 1.5
    expect(shareOf(0, 0.5)).toBe(0);
  });

  it('rounds a deduction the same way as a bonus', () => {
    const s = settle(card({ fill: 0.5 }), 10, [rule({ adjustShare: 0.05 }), rule({ when: 'atLeast', threshold: 0.5, adjust: 'bonus', adjustShare: 0.05 })]);
    expect(s.outcomes.map((o) => o.adjustment)).toEqual([-1, 1]);
    expect(s.net).toBe(10);
  });
});

it('stops the net at 0 when the deductions pass the payable', () => {
  const s = settle(card({ fill: 0.5, reporting: 0.5 }), 1_000, [rule({ adjustShare: 0.6 }), rule({ metric: 'reportingRate', adjustShare: 0.6 })]);
  expect(s.outcomes.map((o) => o.adjustment)).toEqual([-600, -600]);
  expect(s).toMatchObject({ adjustment: -1_000, net: 0, capped: true });
});

describe('the payable', () => {
  it('is the units confirmed to ship in confirmed waves at each SKU\'s cost', () => {
    const wave = (id: string, status: Wave['status']): Wave => ({ id, supplierId: 's', day: '2026-11-26', status, closedAt: 0, deadlineAt: 0 });
    const waves = [wave('w1', 'shipped'), wave('w2', 'confirmed'), wave('w3', 'closed')];
    const lines = [
      orderLine({ id: 'a', waveId: 'w1', skuId: 'A', qty: 5 }), orderLine({ id: 'b', waveId: 'w2', skuId: 'A', qty: 4, shortQty: 1, status: 'short' }),
      orderLine({ id: 'c', waveId: 'w1', skuId: 'B', qty: 3 }), orderLine({ id: 'd', waveId: 'w2', skuId: 'C', qty: 2 }),
      // Cancelled, in a wave not yet confirmed, and short in full: none of it is owed.
      orderLine({ id: 'x', waveId: 'w1', skuId: 'A', qty: 9, status: 'cancelled' }), orderLine({ id: 'y', waveId: 'w3', skuId: 'A', qty: 7 }),
      orderLine({ id: 'z', waveId: 'w2', skuId: 'D', qty: 2, shortQty: 2, status: 'short' }),
    ];
    const costs: Record<string, number | undefined> = { A: 1_250, B: 990, C: undefined, D: 500 };
    const payable = payableOf(ratedLines(waves, lines), (id) => ({ cost: costs[id] }));
    expect(payable.lines).toEqual([
      { skuId: 'A', units: 8, cost: 1_250, amount: 10_000 },
      { skuId: 'B', units: 3, cost: 990, amount: 2_970 },
      { skuId: 'C', units: 2 },
    ]);
    expect(payable).toMatchObject({ total: 12_970, units: 13, uncostedUnits: 2 });
  });
});

describe('any card, payable and rules', () => {
  const maybeRate = fc.option(fc.integer({ min: 0, max: 1_000 }).map((n) => n / 1_000), { nil: null });
  const anyRule = fc.record({
    metric: fc.constantFrom('fullShare', 'fillRate', 'reportingRate', 'reminderAnsweredRate', 'confirmationRate', 'stocktakeVarianceShare'),
    when: fc.constantFrom('below', 'atLeast'),
    threshold: fc.integer({ min: 0, max: 1_000 }).map((n) => n / 1_000),
    adjust: fc.constantFrom('deduct', 'bonus'),
    adjustShare: fc.integer({ min: 1, max: 10_000 }).map((n) => n / 10_000),
  }) as fc.Arbitrary<SettlementRule>;
  const world = fc.record({
    rates: fc.record({ full: maybeRate, fill: maybeRate, reporting: maybeRate, answered: maybeRate, confirmation: maybeRate, stocktake: maybeRate }),
    payable: fc.integer({ min: 0, max: 1_000_000_000 }),
    rules: fc.array(anyRule, { maxLength: 20 }),
  });

  it('nets the payable plus whole-fen adjustments, never below 0, each within half a fen of its share', () => {
    fc.assert(fc.property(world, ({ rates, payable, rules }) => {
      const s = settle(card(rates), payable, rules);
      expect(s.net).toBe(payable + s.adjustment);
      expect(s.net).toBeGreaterThanOrEqual(0);
      const sum = s.outcomes.reduce((t, o) => t + o.adjustment, 0);
      expect(s.adjustment).toBe(s.capped ? -payable : sum);
      for (const o of s.outcomes) {
        expect(Number.isInteger(o.adjustment)).toBe(true);
        if (!o.met) {
          expect(o.adjustment).toBe(0);
          continue;
        }
        expect(Math.sign(o.adjustment) * (o.rule.adjust === 'deduct' ? -1 : 1)).toBeGreaterThanOrEqual(0);
        expect(Math.abs(Math.abs(o.adjustment) - payable * o.rule.adjustShare)).toBeLessThanOrEqual(0.5 + 1e-6);
      }
    }));
  });

  it('meets exactly one of "below t" and "at least t" for a rated value, and neither for nothing to rate', () => {
    fc.assert(fc.property(maybeRate, fc.integer({ min: 0, max: 1_000 }).map((n) => n / 1_000), (value, threshold) => {
      const below = ruleMet(rule({ when: 'below', threshold }), value);
      const atLeast = ruleMet(rule({ when: 'atLeast', threshold }), value);
      if (value === null) expect([below, atLeast]).toEqual([null, null]);
      else expect(below).toBe(!atLeast);
    }));
  });
});
