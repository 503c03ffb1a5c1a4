// What the stocktake actions answer (盘点对账): the counts beside the book figure, the
// variances with their reasons, the sign-offs and the history. Types only.
import type { BookFigure } from '../domain/book-figure';
import type { StocktakeAction, StocktakeStatus, VarianceReason } from '../domain/stocktake';
import type { StocktakeSchedule } from '../domain/stocktake-schedule';

export interface StocktakeLineView {
  skuId: string;
  name: string;
  spec: string;
  supplierCode?: string;
  /** Empty until counted. */
  counted?: number;
  book?: BookFigure;
  /** counted − book, units. */
  variance?: number;
  /** Fen, where the SKU has a cost. */
  varianceValue?: number;
  needsReason: boolean;
  reason?: VarianceReason;
  reasonName?: string;
  note?: string;
}

export interface StocktakeEventView {
  action: StocktakeAction;
  actionName: string;
  by: string;
  byName: string;
  at: number;
  note?: string;
}

export interface VarianceByReason {
  /** 'none' for variances within the threshold that carry no reason. */
  reason: VarianceReason | 'none';
  reasonName: string;
  lines: number;
  units: number;
  value: number;
}

export interface StocktakeView {
  id: string;
  supplierId: string;
  supplierName: string;
  status: StocktakeStatus;
  statusName: string;
  openedAt: number;
  openedByName: string;
  dueAt: number;
  overdue: boolean;
  countedAt?: number;
  countedByName?: string;
  confirmedAt?: number;
  confirmedByName?: string;
  approvedAt?: number;
  approvedByName?: string;
  /** The approved count as entered: its report, and SKUs that kept a newer count. */
  applied?: { at: number; reportId?: string; newerCounts: string[] };
  /** Every listed SKU of the supplier (to count), or the counted ones once counted. */
  lines: StocktakeLineView[];
  totals: { book: number; counted: number; variance: number; absVariance: number; value: number };
  byReason: VarianceByReason[];
  history: StocktakeEventView[];
  /** The threshold a variance needs a reason above, as the page says it. */
  reasonRule: string;
}

export interface StocktakeSummary {
  id: string;
  supplierId: string;
  supplierName: string;
  status: StocktakeStatus;
  statusName: string;
  openedAt: number;
  dueAt: number;
  overdue: boolean;
  skus: number;
  absVariance: number;
  value: number;
}

export interface StocktakeScheduleView {
  supplierId: string;
  schedule?: StocktakeSchedule;
  /** 'YYYY-MM-DD' of the next scheduled one. */
  nextDay?: string;
}
