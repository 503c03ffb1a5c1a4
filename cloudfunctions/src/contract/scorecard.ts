// What the scorecard actions answer (供应商考核). Types only.
import type { Scorecard } from '../domain/scorecard';

export interface ScorecardRow extends Scorecard {
  supplierId: string;
  supplierName: string;
}
