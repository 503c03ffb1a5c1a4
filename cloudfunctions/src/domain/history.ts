import type { LedgerEntry } from './model';

export interface HistoryPoint {
  at: number;
  kind: LedgerEntry['kind'];
  /** The count as it stood (projected where projection was on). */
  onHand: number;
  committed: number;
  sellable: number;
}

/**
 * A SKU's stock over time, replayed from its ledger: reports and refreshes carry the
 * whole figure; reservations, cancellations and shortages move units from there.
 */
export function historyPoints(entries: LedgerEntry[]): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  let state: Omit<HistoryPoint, 'at' | 'kind'> | undefined;
  for (const e of entries) {
    if (e.sellable !== undefined && e.committed !== undefined) {
      state = { onHand: e.projectedOnHand ?? e.onHand ?? 0, committed: e.committed, sellable: e.sellable };
    } else if (state && e.kind === 'reserve') {
      state = { ...state, committed: state.committed + e.qty, sellable: Math.max(0, state.sellable - e.qty) };
    } else if (state && e.kind === 'cancel') {
      state = { ...state, committed: state.committed - e.qty, sellable: state.sellable + e.qty };
    } else if (state && e.kind === 'shortage') {
      state = { ...state, committed: state.committed - e.qty, onHand: Math.max(0, state.onHand - e.qty) };
    }
    if (state) points.push({ at: e.at, kind: e.kind, ...state });
  }
  return points;
}
