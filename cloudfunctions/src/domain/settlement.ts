// Settlement (结算奖惩, issue 15): the operator's rules turn a supplier's scorecard for a
// period into a deduction or a bonus on what we owe it for the period. Pure: the card,
// the payable and the rules in, each rule's outcome and the net out. Money in fen.
import type { OrderLine, SettlementMetric, SettlementRule, Sku } from './model';
import type { Scorecard } from './scorecard';

/** Each metric in the operator's words, and where the card keeps it. */
export const SETTLEMENT_METRICS: Record<SettlementMetric, { name: string; value: (card: Scorecard) => number | null }> = {
  fullShare: { name: '库存准确率（足量确认）', value: (c) => c.accuracy.fullShare },
  fillRate: { name: '订单满足率', value: (c) => c.fill.rate },
  reportingRate: { name: '报数及时率', value: (c) => c.reporting.rate },
  reminderAnsweredRate: { name: '超龄提醒一小时内补报率', value: (c) => c.reporting.answeredRate },
  confirmationRate: { name: '确认及时率', value: (c) => c.confirmation.rate },
  stocktakeVarianceShare: { name: '盘点差异率', value: (c) => c.accuracy.stocktakeVarianceShare },
};

export const SETTLEMENT_WHEN: Record<SettlementRule['when'], string> = { below: '低于', atLeast: '达到' };
export const SETTLEMENT_ADJUST: Record<SettlementRule['adjust'], string> = { deduct: '扣减', bonus: '奖励' };

/** "订单满足率低于 95% → 扣减应付的 2%" */
export function ruleText(rule: SettlementRule): string {
  return `${SETTLEMENT_METRICS[rule.metric].name}${SETTLEMENT_WHEN[rule.when]} ${percent(rule.threshold)} → ${SETTLEMENT_ADJUST[rule.adjust]}应付的 ${percent(rule.adjustShare)}`;
}

const percent = (fraction: number): string => `${Math.round(fraction * 1e6) / 1e4}%`;

// Rates and thresholds are both fractions worked out in floating point (19/20 and 0.95):
// a difference this small is the same number.
const EPSILON = 1e-9;

/** Whether the rule's condition holds for a value; null when there was nothing to rate. */
export function ruleMet(rule: SettlementRule, value: number | null): boolean | null {
  if (value === null) return null;
  return rule.when === 'below' ? value < rule.threshold - EPSILON : value >= rule.threshold - EPSILON;
}

/**
 * `share` of `payable` fen, to the fen, half up. Exact in integers: the share is taken to
 * a millionth (0.0001%), so 10 fen × 5% is 1 fen and 12345 fen × 3.5% is 432 fen.
 */
export function shareOf(payable: number, share: number): number {
  const millionths = Math.round(share * 1e6);
  const scaled = payable * millionths;
  if (!Number.isSafeInteger(scaled)) return Math.round(payable * share);
  const whole = Math.floor(scaled / 1e6);
  return scaled - whole * 1e6 >= 500_000 ? whole + 1 : whole;
}

export interface RuleOutcome {
  /** 1-based, as the sheet numbers it. */
  no: number;
  rule: SettlementRule;
  /** The card's value of the rule's metric; null: nothing to rate in the period. */
  value: number | null;
  /** null: nothing to rate, so the rule is not applied. */
  met: boolean | null;
  /** Fen: negative a deduction, positive a bonus, 0 when not met. */
  adjustment: number;
}

export interface Settlement {
  /** Fen, what the period's confirmed units cost us. */
  payable: number;
  outcomes: RuleOutcome[];
  /** Fen, the rules' adjustments summed (a deduction never takes the net below 0). */
  adjustment: number;
  /** payable + adjustment, fen, never negative. */
  net: number;
  /** The deductions came to more than the payable: the net stops at 0. */
  capped: boolean;
}

/** Each rule on its own against the period's payable (not on what the rules before it left), then the sum. */
export function settle(card: Scorecard, payable: number, rules: readonly SettlementRule[]): Settlement {
  const outcomes = rules.map((rule, i): RuleOutcome => {
    const value = SETTLEMENT_METRICS[rule.metric].value(card);
    const met = ruleMet(rule, value);
    const amount = met ? shareOf(payable, rule.adjustShare) : 0;
    // `0 - 0` is 0 where `-0` would be -0 (and print as such on a sheet).
    return { no: i + 1, rule, value, met, adjustment: rule.adjust === 'deduct' ? 0 - amount : amount };
  });
  const sum = outcomes.reduce((s, o) => s + o.adjustment, 0);
  const capped = payable + sum < 0;
  const adjustment = capped ? 0 - payable : sum;
  return { payable, outcomes, adjustment, net: payable + adjustment, capped };
}

export interface PayableLine {
  skuId: string;
  /** Units confirmed to ship in the period's waves. */
  units: number;
  /** Fen a unit, the SKU's cost price; absent when the SKU has none. */
  cost?: number;
  /** units × cost, fen; absent without a cost. */
  amount?: number;
}

export interface Payable {
  /** Fen: the units of SKUs with a cost, at that cost. */
  total: number;
  units: number;
  /** Units of SKUs without a cost price: in no amount, and the sheet says so. */
  uncostedUnits: number;
  /** By SKU, in code order. */
  lines: PayableLine[];
}

/**
 * What we owe the supplier for a period before settlement: the units it confirmed to ship
 * (qty − shortQty of the card's rated lines) × each SKU's cost price, as the stocktake
 * values its variances.
 */
export function payableOf(rated: readonly OrderLine[], skuOf: (skuId: string) => Pick<Sku, 'cost'> | undefined): Payable {
  const units = new Map<string, number>();
  for (const l of rated) units.set(l.skuId, (units.get(l.skuId) ?? 0) + l.qty - l.shortQty);
  const lines = [...units.entries()]
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([skuId, n]): PayableLine => {
      const cost = skuOf(skuId)?.cost;
      return cost === undefined ? { skuId, units: n } : { skuId, units: n, cost, amount: n * cost };
    });
  return {
    total: lines.reduce((s, l) => s + (l.amount ?? 0), 0),
    units: lines.reduce((s, l) => s + l.units, 0),
    uncostedUnits: lines.filter((l) => l.cost === undefined).reduce((s, l) => s + l.units, 0),
    lines,
  };
}
