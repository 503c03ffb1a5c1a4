// The fair measures a verdict is read from: oversold units per 10,000 sold (so selling
// less does not look like overselling less), stranded units, units sold, and a net
// value that prices both mistakes in money an operator can change.
import { DEFAULT_SETTINGS } from '../cloudfunctions/src/domain/settings';
import type { PolicyFigures } from './figures';

export interface Economics {
  /** What one unit sold earns the operator, yuan. */
  marginYuan: number;
  /** What one oversold unit costs to put right (coupon, the leader's apology), yuan. */
  apologyYuan: number;
}

/**
 * Defaults. Margin: the simulated SKUs sell at 19.90 yuan (run.ts); a group-buying
 * platform keeps about a fifth of that after the leader's commission — an assumption,
 * not a measurement — so 4.00 yuan a unit. Apology: the product's own shortage coupon
 * (DEFAULT_SETTINGS.couponValue, 500 fen = 5.00 yuan); the oversold unit's margin is
 * already lost, since it never counts as sold. Both change with --margin / --apology.
 */
export const DEFAULT_ECONOMICS: Economics = { marginYuan: 4, apologyYuan: DEFAULT_SETTINGS.couponValue / 100 };

export interface Measures {
  oversoldPer10k: number;
  strandedUnits: number;
  strandedUnitHours: number;
  soldUnits: number;
  oversoldUnits: number;
  netValue: number;
}

export const netValue = (sold: number, oversold: number, e: Economics): number => e.marginYuan * sold - e.apologyYuan * oversold;

export function measuresOf(f: PolicyFigures, e: Economics = DEFAULT_ECONOMICS): Measures {
  return {
    oversoldPer10k: f.soldUnits > 0 ? (f.oversoldUnits / f.soldUnits) * 10_000 : 0,
    strandedUnits: f.strandedUnits,
    strandedUnitHours: f.strandedUnitHours,
    soldUnits: f.soldUnits,
    oversoldUnits: f.oversoldUnits,
    netValue: netValue(f.soldUnits, f.oversoldUnits, e),
  };
}

/**
 * Sales given up per oversold unit avoided, against the baseline: null when the policy
 * avoids no oversold unit or gives up no sale (then there is no exchange to weigh).
 */
export function exchangeRate(policy: { soldUnits: number; oversoldUnits: number }, base: { soldUnits: number; oversoldUnits: number }): number | null {
  const avoided = base.oversoldUnits - policy.oversoldUnits;
  const givenUp = base.soldUnits - policy.soldUnits;
  return avoided > 0 && givenUp > 0 ? givenUp / avoided : null;
}
