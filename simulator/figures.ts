// The figures one replay measures, and what a run of several policies returns.
import type { IntegrationLevel } from '../cloudfunctions/src/domain/model';
import type { Deps } from '../cloudfunctions/src/handlers/action';
import type { StockStore } from '../cloudfunctions/src/storage/port';
import type { Economics } from './metrics';
import type { Policy } from './policies';
import type { StorefrontFigures } from './storefronts';
import type { World } from './world';

/** Units in and out of true stock over a span: start + restocked = sold + elsewhere + spoiled + end. */
export interface StockFlow {
  start: number;
  restocked: number;
  sold: number;
  elsewhere: number;
  /** Written off: fresh stock left at the end of its day, and units found unfit at dispatch after the wave was confirmed. */
  spoiled: number;
  end: number;
}

/** Every unit accounted for. */
export const flowBalances = (f: StockFlow): boolean => f.start + f.restocked === f.sold + f.elsewhere + f.spoiled + f.end;

export interface LevelFigures {
  oversoldUnits: number;
  strandedUnits: number;
  strandedUnitHours: number;
  soldUnits: number;
}

/** The measures of one policy over the measured days (definitions: MEASURE_DEFINITIONS in report.ts). */
export interface PolicyFigures {
  policyId: string;
  policyName: string;
  demandUnits: number;
  orderedUnits: number;
  soldUnits: number;
  oversoldUnits: number;
  /** Part of oversoldUnits: confirmed to ship, then not found fit at dispatch (the product's records say shipped). */
  dispatchShortUnits: number;
  unservedUnits: number;
  rationedUnits: number;
  strandedUnits: number;
  strandedUnitHours: number;
  sellThrough: number;
  lines: number;
  shortLines: number;
  shortLinesPerThousand: number;
  byLevel: Record<IntegrationLevel, LevelFigures>;
  /** The measured days. */
  flow: StockFlow;
  /** The whole run, warm-up included. */
  runFlow: StockFlow;
  /** Over the whole run: units reserved, and units that reached a confirmed wave (shipped or short). */
  runReserved: number;
  runOrdered: number;
  /** Units still reserved when the run ended (0: every order reached its wave). */
  openAtEnd: number;
  runShortUnits: number;
  /** Over the whole run: units confirmed, then short at dispatch. */
  runDispatchShortUnits: number;
  activity: {
    reportsApplied: number;
    reportsHeld: number;
    heldConfirmed: number;
    heldSuperseded: number;
    /** The product's pulls of API systems (pullStock's outcomes), and those that failed as it saw them. */
    pulls: number;
    pullsFailed: number;
    /** Calls the suppliers' systems answered within their daily limit (a pull failing on a timeout or error counts; one refused past the limit does not). */
    pullCalls: number;
    reminders: number;
    /** 销量超比例 asks (recountDue) that reached a portal supplier's inbox. */
    recountAsks: number;
    /** Reminders that went out as a subscription message (a consent was left). */
    remindersPushed: number;
    /** Reminders about rules-level suppliers that reached the operator. */
    operatorChases: number;
    ordersPlaced: number;
    ordersRefused: number;
    waves: number;
    /** Suppliers' buffers the operator changed from a scorecard suggestion. */
    buffersApplied: number;
  };
  /** Storefront policies only: their shortages, turned-away units, pushes and retypes. */
  storefront?: StorefrontFigures;
  /** Time spent inside the product's own calls, by call: where a run's time goes. */
  productMs: Record<string, { calls: number; ms: number }>;
  wallMs: number;
}

export interface RunOptions {
  /** Called after every step with (steps done, steps in all). */
  onStep?: (done: number, total: number) => void;
  /** Wrap the store the product is given (tests spy on it). */
  wrapStore?: (store: StockStore) => StockStore;
  /** Wrap the suppliers' systems the product pulls (tests watch the calls). */
  wrapHttp?: (http: typeof fetch) => typeof fetch;
  /** Called with the deps before the store is closed (tests read the product's records). */
  inspect?: (deps: Deps, truth: { trueStock: Int32Array }) => Promise<void>;
}

export interface SimulationResult {
  seed: number;
  world: World['config'];
  policies: Policy[];
  figures: PolicyFigures[];
  /** Margin and apology cost the net value was priced with (DEFAULT_ECONOMICS when absent). */
  economics?: Economics;
  /** Wall time of all policies together. */
  wallMs: number;
}
