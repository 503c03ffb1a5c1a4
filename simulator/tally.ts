// Measuring one replay: every figure is counted only over the measured days (the warm-up
// runs the same way but is not counted), while the whole run's stock flow and order
// totals are kept as well, for the balance checks.
import type { IntegrationLevel } from '../cloudfunctions/src/domain/model';
import type { LevelFigures, PolicyFigures, StockFlow } from './figures';
import type { Policy } from './policies';

/** Stranded units: stock that existed and was free, but never more than the demand refused. */
export const strandedCap = (free: number, refused: number): number => Math.max(0, Math.min(free, refused));

const emptyLevel = (): LevelFigures => ({ oversoldUnits: 0, strandedUnits: 0, strandedUnitHours: 0, soldUnits: 0 });

export interface Tally {
  /** Past the warm-up: figures count from now on. */
  measuring: boolean;
  fig: {
    demandUnits: number; orderedUnits: number; soldUnits: number; oversoldUnits: number; dispatchShortUnits: number; unservedUnits: number; rationedUnits: number;
    strandedUnits: number; strandedUnitHours: number; lines: number; shortLines: number;
  };
  /** The measured days. */
  flow: StockFlow;
  /** The whole run, warm-up included. */
  runFlow: StockFlow;
  byLevel: Record<IntegrationLevel, LevelFigures>;
  activity: PolicyFigures['activity'];
  runOrdered: number;
  runReserved: number;
  runShortUnits: number;
  runDispatchShortUnits: number;
  productMs: PolicyFigures['productMs'];
}

export function newTally(startStock: number): Tally {
  return {
    measuring: false,
    fig: {
      demandUnits: 0, orderedUnits: 0, soldUnits: 0, oversoldUnits: 0, dispatchShortUnits: 0, unservedUnits: 0, rationedUnits: 0,
      strandedUnits: 0, strandedUnitHours: 0, lines: 0, shortLines: 0,
    },
    flow: { start: 0, restocked: 0, sold: 0, elsewhere: 0, spoiled: 0, end: 0 },
    runFlow: { start: startStock, restocked: 0, sold: 0, elsewhere: 0, spoiled: 0, end: 0 },
    byLevel: { api: emptyLevel(), portal: emptyLevel(), rules: emptyLevel() },
    activity: { reportsApplied: 0, reportsHeld: 0, heldConfirmed: 0, heldSuperseded: 0, pulls: 0, pullsFailed: 0, pullCalls: 0, reminders: 0, recountAsks: 0, remindersPushed: 0, operatorChases: 0, ordersPlaced: 0, ordersRefused: 0, waves: 0, buffersApplied: 0 },
    runOrdered: 0,
    runReserved: 0,
    runShortUnits: 0,
    runDispatchShortUnits: 0,
    productMs: {},
  };
}

/** Count it only over the measured days, and only when something moved. */
export function measure(t: Tally, amount: number, fn: () => void): void {
  if (amount !== 0 && t.measuring) fn();
}

/** Time one call into the product. */
export async function timed<T>(t: Tally, name: string, call: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await call();
  } finally {
    const entry = t.productMs[name] ?? (t.productMs[name] = { calls: 0, ms: 0 });
    entry.calls += 1;
    entry.ms += performance.now() - t0;
  }
}

/** The replay's figures once the run has ended (flow.end set). */
export function figuresOf(t: Tally, policy: Policy, openAtEnd: number, wallMs: number): PolicyFigures {
  const { fig, flow } = t;
  const sellThrough = fig.soldUnits + flow.end > 0 ? fig.soldUnits / (fig.soldUnits + flow.end) : 0;
  return {
    policyId: policy.id,
    policyName: policy.name,
    ...fig,
    sellThrough,
    shortLinesPerThousand: fig.lines > 0 ? (fig.shortLines / fig.lines) * 1000 : 0,
    byLevel: t.byLevel,
    flow,
    runFlow: t.runFlow,
    runReserved: t.runReserved,
    runOrdered: t.runOrdered,
    openAtEnd,
    runShortUnits: t.runShortUnits,
    runDispatchShortUnits: t.runDispatchShortUnits,
    activity: t.activity,
    productMs: t.productMs,
    wallMs,
  };
}
