// The cloud adapter's retry after the service's rate limits (cloud-access.ts retry and
// retryConflicts, cloud-sdk.ts backoffMs): pauses that grow from about 100 ms to a few
// seconds, jittered, so an operation rides out a second of EXCEED_REQUEST_LIMIT; and
// never past the function's deadline (runtime/budget.ts), so a call gives up in time to
// answer instead of being stopped by WeChat mid-write.
import type { IntakeResult, PlaceOrderResult } from '../../cloudfunctions/src/contract/api';
import { withDeadline } from '../../cloudfunctions/src/runtime/budget';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffMs } from '../../cloudfunctions/src/storage/cloud/cloud-sdk';
import type { CallInfo } from '../cloud-endpoint';
import { T0 } from '../fixtures/catalogue';
import { useLocalCloud } from '../support/cloud-sdk';
import { type CloudWorld, breaches, cloudWorld } from '../support/cloud-world';

const local = useLocalCloud();
// The calls that give up are meant to: the handlers log each one, which says nothing here.
beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
afterEach(() => {
  jest.restoreAllMocks();
  local.endpoint.reset();
});

/**
 * Every database request (or those `match` accepts) answers `code` until `ms` from now
 * or until lifted, then the service is well again (one rule per refused request: rule
 * k refuses the k-th while the limit lasts).
 */
function limitFor(ms: number, match: (c: CallInfo) => boolean = () => true, code = 'EXCEED_REQUEST_LIMIT') {
  const until = Date.now() + ms;
  let lifted = false;
  const from = local.endpoint.callLog.length;
  const on = (c: CallInfo) => !lifted && Date.now() < until && match(c);
  for (let nth = 1; nth <= 2_000; nth++) local.endpoint.failCall({ nth, mode: 'before', code, match: on });
  return {
    refused: () => local.endpoint.callLog.slice(from).filter((c) => c.failed).length,
    lift: () => { lifted = true; },
  };
}
const inTransaction = (c: CallInfo) => c.transactionId !== undefined || c.action === 'database.startTransaction';

const report = (w: CloudWorld, lines: Array<[string, number]>) =>
  w.call<IntakeResult>('supplier', 'submitReport', { lines: lines.map(([skuId, onHand]) => ({ skuId, onHand })) }, 'u-sup-fruit');
const order = (w: CloudWorld, key: string, lines: Array<[string, number]>) =>
  w.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: key, lines: lines.map(([skuId, qty]) => ({ skuId, qty })) }, 'u-leader-1');

describe('backoffMs', () => {
  const low = () => 0;
  const high = () => 1;

  it('starts at about 100 ms and doubles, each pause between half its ceiling and the ceiling', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
      expect([attempt, backoffMs(attempt, low), backoffMs(attempt, high)]).toEqual([attempt, ceiling / 2, ceiling]);
    }
    expect([backoffMs(1, high), backoffMs(2, high), backoffMs(3, high), backoffMs(4, high)]).toEqual([100, 200, 400, 800]);
  });

  it('grows with each attempt until its bound, and never passes it', () => {
    const at = (attempt: number) => backoffMs(attempt, () => 0.5);
    for (let attempt = 1; attempt < 6; attempt++) expect(at(attempt + 1)).toBeGreaterThan(at(attempt));
    for (let attempt = 1; attempt <= 60; attempt++) {
      expect(backoffMs(attempt)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
      expect(backoffMs(attempt)).toBeGreaterThanOrEqual(BACKOFF_BASE_MS / 2);
    }
    // Retries that failed together add up to seconds, enough to outlast a rate limit.
    expect(Array.from({ length: 7 }, (_, i) => backoffMs(i + 1, low)).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4_000);
  });

  it('is jittered: callers that failed together do not retry together', () => {
    const pauses = new Set(Array.from({ length: 50 }, () => backoffMs(4)));
    expect(pauses.size).toBeGreaterThan(10);
    expect(Math.min(...pauses)).toBeGreaterThanOrEqual(400);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(800);
  });
});

describe('a second of rate limits', () => {
  it('a read and a transaction ride it out', async () => {
    const w = await cloudWorld(local, T0);
    await report(w, [['A001', 50]]);
    const limit = limitFor(1_000);
    const started = Date.now();
    const [records, committed] = await Promise.all([
      w.store.listInventory(['A001']),
      w.store.commitReportLines('rep-x', []),
    ]);
    expect(records.map((r) => r.onHand)).toEqual([50]);
    expect(committed).toEqual([]);
    expect(limit.refused()).toBeGreaterThan(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('a supplier\'s report and a leader\'s order sent into it still succeed, each applied once', async () => {
    const w = await cloudWorld(local, T0);
    await report(w, [['A001', 50], ['A002', 40]]);
    w.clock.advance(60_000);
    local.endpoint.latency(20);
    const limit = limitFor(1_000);
    const [counted, ordered] = await Promise.all([
      report(w, [['A001', 45], ['A002', 38]]),
      order(w, 'into-the-limit', [['A001', 3], ['A002', 1]]),
    ]);
    expect(limit.refused()).toBeGreaterThan(5);
    expect(counted).toMatchObject({ ok: true, data: { status: 'applied' } });
    expect(ordered).toMatchObject({ ok: true, data: { replayed: false } });
    const records = await w.store.listInventory(['A001', 'A002']);
    expect(records.map((r) => [r.onHand, r.committed])).toEqual([[45, 3], [38, 1]]);
    expect(await breaches(local, w.clock.now(), w.store.settleMs)).toEqual([]);
  });
});

describe('a rate limit that outlasts the call', () => {
  it('a read gives up before the function\'s deadline, having tried again meanwhile', async () => {
    const w = await cloudWorld(local, T0);
    const limit = limitFor(60_000);
    const started = Date.now();
    const failed = await withDeadline(started + 2_000, () => w.store.listInventory(['A001'])).then(() => null, (e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(String((failed as { errMsg?: string } | null)?.errMsg ?? failed)).toMatch(/exceed request limit/i);
    expect(elapsed).toBeLessThan(2_000);
    expect(limit.refused()).toBeGreaterThan(2);
  });

  it('a transaction (a report\'s SKU) gives up before the deadline too; the kept report is finished later', async () => {
    const w = await cloudWorld(local, T0);
    await report(w, [['A001', 50]]);
    w.clock.advance(60_000);
    const limit = limitFor(60_000, inTransaction);
    const started = Date.now();
    const answer = await withDeadline(started + 3_000, () => report(w, [['A001', 44]]));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(answer.ok).toBe(false);
    expect(limit.refused()).toBeGreaterThan(2);
    const [kept] = await w.store.listUnfinishedReports(10);
    expect(kept?.report.lines).toEqual([{ skuId: 'A001', onHand: 44 }]);
    expect((await w.store.listInventory(['A001']))[0]!.onHand).toBe(50);
    // The limit lifts; nobody resends: the scheduler finishes what was kept.
    limit.lift();
    w.clock.advance(61_000);
    await w.tick();
    expect((await w.store.listInventory(['A001']))[0]!.onHand).toBe(44);
    expect(await w.store.listUnfinishedReports(10)).toEqual([]);
    expect(await breaches(local, w.clock.now(), w.store.settleMs)).toEqual([]);
  });
});
