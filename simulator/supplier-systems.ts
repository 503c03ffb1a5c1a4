// The API suppliers' own systems, as the product's pull reaches them (deps.http): each
// serves its stock at a URL registered as the supplier's pull source, and the product's
// scheduler job (pullStock) decides when to call. What a system answers is the world's:
// - its stock as its ERP last took a snapshot, pullLatencyMinutes ago (rounded up to
//   whole steps), never our figure;
// - now and then no answer in time (the product's timeout fires) or an error (HTTP 503),
//   with pullFailRate scaled by the supplier's reliability;
// - at most pullCallsPerDay answers a day (from midnight); past that, HTTP 429.
// Every failure reaches the product as a fetch would show it, so its own health record,
// backoff and alerts do the rest. Draws are keyed by supplier, step and call: same seed,
// same answers.
import type { PullSource } from '../cloudfunctions/src/domain/pull';
import { STREAM, draw } from './random';
import type { Replay } from './replay';
import type { World } from './world';
import { rateFor } from './world-suppliers';

const HOST = 'https://erp.sim';
const MINUTE = 60_000;

/** Where a supplier's system serves its stock. */
export const stockUrl = (supplierId: string): string => `${HOST}/${supplierId}/stock`;

/** The pull source an operator would register for the simulated system (a plain JSON endpoint). */
export function pullSourceFor(supplierId: string, everyMinutes: PullSource['everyMinutes'], callsPerDay = 0): PullSource {
  return {
    system: 'json', url: stockUrl(supplierId), items: 'items', code: 'code', quantity: 'qty',
    ...(everyMinutes && Object.keys(everyMinutes).length > 0 ? { everyMinutes } : {}),
    ...(callsPerDay > 0 ? { callsPerDay } : {}),
  };
}

/** Steps between the ERP's snapshot and the answer it serves. */
export const snapshotLagSteps = (world: World): number => Math.ceil((world.config.pullLatencyMinutes * MINUTE) / world.stepMs);

/** The ERPs take their snapshot of the truth: called once a step, before any pull of that step. */
export function takeSnapshots(r: Replay, step: number): void {
  const ring = r.erpSnapshots;
  ring[step % ring.length]!.set(r.trueStock);
}

/** The snapshot a system serves at `step`: lag steps old (the first one, early in the run). */
function servedSnapshot(r: Replay, step: number): Int32Array {
  const ring = r.erpSnapshots;
  return ring[Math.max(0, step - (ring.length - 1)) % ring.length]!;
}

/** What the product's fetch reports when its timeout fires. */
function timedOut(): Error {
  const err = new Error('The operation was aborted due to timeout');
  err.name = 'TimeoutError';
  return err;
}

const answer = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fetch-like function: the suppliers' systems answering the product's pulls from the world's state. */
export function supplierSystems(r: Replay): typeof fetch {
  const byId = new Map(r.world.suppliers.filter((s) => s.level === 'api').map((s) => [s.id, s]));
  return async (input) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const supplier = url.origin === HOST ? byId.get(url.pathname.split('/')[1] ?? '') : undefined;
    if (!supplier) return answer(404, { error: 'not found' });
    const step = r.stepOf(r.clock.now());
    const day = Math.floor(step / r.stepsPerDay);
    if (day !== r.pullCallsDay) {
      r.pullCallsDay = day;
      r.pullCallsToday.fill(0);
    }
    const i = supplier.index;
    if (r.pullCallsToday[i]! >= r.config.pullCallsPerDay) return answer(429, { error: 'daily call limit reached' });
    const call = r.pullCallsToday[i]!;
    r.pullCallsToday[i] = call + 1;
    r.tally.activity.pullCalls += 1;
    if (draw(r.seed, STREAM.pullFail, i, step, call) < rateFor(r.config.pullFailRate, supplier)) {
      // Half of the failures never answer in time; the other half answer with an error.
      if (draw(r.seed, STREAM.pullFail, i, step, call, 1) < 0.5) throw timedOut();
      return answer(503, { error: 'service unavailable' });
    }
    const snapshot = servedSnapshot(r, step);
    return answer(200, { items: r.skusOf[i]!.map((k) => ({ code: r.world.skus[k]!.id, qty: snapshot[k]! })) });
  };
}
