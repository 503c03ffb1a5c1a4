// Scorecards (供应商考核): the operator's ranked table for a period, and one supplier's
// trend (the operator's view of any supplier, or the supplier's own card).
import { makeAutoObservable } from 'mobx';
import { callFunction } from '../services/api';
import { now } from '../services/clock';
import { inShanghai } from '../services/format';
import type { PeriodKind, ScorecardRow } from '../services/types';
import { lazyStore } from './index';
import { type LoadStatus, loadInto } from './loadable';

export interface PeriodChoice {
  key: string;
  label: string;
  period: PeriodKind;
  /** Periods before the current one. */
  back: number;
}

export const PERIOD_CHOICES: PeriodChoice[] = [
  { key: 'week0', label: '本周', period: 'week', back: 0 },
  { key: 'week1', label: '上周', period: 'week', back: 1 },
  { key: 'month0', label: '本月', period: 'month', back: 0 },
  { key: 'month1', label: '上月', period: 'month', back: 1 },
];

/** A day ('YYYY-MM-DD', Shanghai) inside the period `back` periods before the one containing `at`. */
export function dayOfPeriod(period: PeriodKind, back: number, at: number): string {
  const today = inShanghai(at);
  return (period === 'week' ? today.subtract(7 * back, 'day') : today.startOf('month').subtract(back, 'month')).format('YYYY-MM-DD');
}

/** Whether a card has any wave to rate (confirmed, or past its deadline). */
export const hasWaves = (row: ScorecardRow): boolean => row.accuracy.lines > 0 || row.confirmation.waves > 0;

/** The operator's table: every supplier for one period, best first (the server ranks). */
export class ScorecardsStore {
  rows: ScorecardRow[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  choice: PeriodChoice = PERIOD_CHOICES[0]!;

  constructor() {
    makeAutoObservable(this);
  }

  /** The period the rows are for (as the server named it). */
  get periodLabel(): string {
    return this.rows[0]?.period.label ?? '';
  }

  get anyWaves(): boolean {
    return this.rows.some(hasWaves);
  }

  load(): Promise<void> {
    const { period, back } = this.choice;
    return loadInto(this, () => callFunction<ScorecardRow[]>('operator', 'scorecards', { period, day: dayOfPeriod(period, back, now()) }), (rows) => (this.rows = rows));
  }

  /** Another period: shows loading, not the last period's numbers under the new name. */
  choose(key: string): Promise<void> {
    const next = PERIOD_CHOICES.find((c) => c.key === key);
    if (next) this.choice = next;
    this.status = 'idle';
    this.rows = [];
    return this.load();
  }
}

/** Periods in a trend. */
export const TREND_COUNT = 6;

/** One supplier's card over the last periods, oldest first: an operator's look, or the supplier's own. */
export class ScorecardTrendStore {
  rows: ScorecardRow[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  period: PeriodKind = 'week';

  constructor(
    readonly fn: 'operator' | 'supplier',
    readonly supplierId = '',
  ) {
    makeAutoObservable(this, { fn: false, supplierId: false });
  }

  /** The current period's card. */
  get latest(): ScorecardRow | null {
    return this.rows[this.rows.length - 1] ?? null;
  }

  get anyWaves(): boolean {
    return this.rows.some(hasWaves);
  }

  load(): Promise<void> {
    const payload = { period: this.period, count: TREND_COUNT, ...(this.fn === 'operator' ? { supplierId: this.supplierId } : {}) };
    return loadInto(this, () => callFunction<ScorecardRow[]>(this.fn, 'scorecard', payload), (rows) => (this.rows = rows));
  }

  choose(period: PeriodKind): Promise<void> {
    this.period = period;
    this.status = 'idle';
    this.rows = [];
    return this.load();
  }
}

export const useScorecards = lazyStore(() => new ScorecardsStore());
