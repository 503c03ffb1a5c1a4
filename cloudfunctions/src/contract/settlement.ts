// What the settlement actions answer (结算单). Types only.
import type { Period, Scorecard } from '../domain/scorecard';
import type { Payable, PayableLine, RuleOutcome, Settlement } from '../domain/settlement';

export interface SettlementOutcomeView extends RuleOutcome {
  /** "订单满足率低于 95% → 扣减应付的 2%" */
  text: string;
  metricName: string;
}

export interface SettlementView {
  supplierId: string;
  supplierName: string;
  period: Period;
  /** The period has not ended: its waves and reports are still coming, the figures will move. */
  periodOpen: boolean;
  /** The settings version whose rules were applied (0: the defaults, no rules), who saved it and when. */
  rulesVersion: number;
  rulesSavedBy?: string;
  rulesSavedAt?: number;
  card: Scorecard;
  payable: Omit<Payable, 'lines'> & { lines: Array<PayableLine & { name: string; spec: string }> };
  settlement: Omit<Settlement, 'outcomes'> & { outcomes: SettlementOutcomeView[] };
}
