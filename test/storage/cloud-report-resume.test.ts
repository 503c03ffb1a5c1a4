// A report longer than one call's time, on the cloud adapter through the real
// wx-server-sdk at 20 ms a database call: each call applies SKU batches only while its
// deadline (runtime/budget.ts) allows another, answers `applying` with how far it got,
// and the next call (the page asking again, or the scheduler's resumeReports) carries on
// from the saved progress, also after a call that died part-way through a pass.
import type { IntakeResult, PlaceOrderResult } from '../../cloudfunctions/src/contract/api';
import { REPORT_BATCH_SKUS, reportLedgerId } from '../../cloudfunctions/src/handlers/report-apply';
import { withDeadline } from '../../cloudfunctions/src/runtime/budget';
import { T0, sku } from '../fixtures/catalogue';
import { useLocalCloud } from '../support/cloud-sdk';
import { type CloudWorld, breaches, cloudWorld, isWrite } from '../support/cloud-world';

const local = useLocalCloud();
beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
afterEach(() => {
  jest.restoreAllMocks();
  local.endpoint.reset();
});

const SKUS = 150;
const many = Array.from({ length: SKUS }, (_, i) => sku(`R${String(i).padStart(3, '0')}`, 'sup-fruit'));
const ids = many.map((k) => k.id);
/** Each call's deadline: a batch of 48 SKUs takes about half a second at 20 ms a call, so a call fits a few. */
const SHORT_MS = 2_500;

const report = (w: CloudWorld, onHand: number) =>
  w.call<IntakeResult>('supplier', 'submitReport', { lines: ids.map((skuId) => ({ skuId, onHand })) }, 'u-sup-fruit');
const order = (w: CloudWorld, key: string, skuId: string, qty: number, leader = 'u-leader-1') =>
  w.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: key, lines: [{ skuId, qty }] }, leader);
const onHands = async (w: CloudWorld) => (await w.store.listInventory(ids)).map((r) => r.onHand);

/** 150 SKUs counted at 100, with orders on some of them (open lines the next count must keep committed). */
async function world(): Promise<CloudWorld> {
  const w = await cloudWorld(local, T0);
  await w.store.upsertSkus(many);
  expect(await report(w, 100)).toMatchObject({ ok: true, data: { status: 'applied' } });
  w.clock.advance(60_000);
  for (const [i, skuId] of [ids[0]!, ids[70]!, ids[149]!].entries()) expect((await order(w, `before-${i}`, skuId, 3 + i)).ok).toBe(true);
  w.clock.advance(60_000);
  local.endpoint.latency(20);
  return w;
}

/** A call as a deployed function makes it: under its deadline, timed. */
async function timed<T>(ms: number, work: () => Promise<T>): Promise<{ answer: T; elapsed: number }> {
  const started = Date.now();
  const answer = await withDeadline(started + ms, work);
  return { answer, elapsed: Date.now() - started };
}

const applying = (answer: unknown) => {
  const data = (answer as { ok: true; data: IntakeResult }).data;
  if (data.status !== 'applying') throw new Error(`expected applying, got ${JSON.stringify(data).slice(0, 200)}`);
  return data;
};

describe('a report longer than one call', () => {
  it('stops before its deadline, answers applying with its progress; a call that dies mid-pass loses nothing; the scheduler finishes it', async () => {
    const w = await world();
    const first = await timed(SHORT_MS, () => report(w, 90));
    const progress = applying(first.answer);
    // Stopped in time, at a batch boundary, with what it did saved.
    expect(first.elapsed).toBeLessThan(SHORT_MS);
    expect(progress.total).toBe(SKUS);
    expect(progress.applied).toBeGreaterThan(0);
    expect(progress.applied).toBeLessThan(SKUS);
    expect(progress.applied % REPORT_BATCH_SKUS).toBe(0);
    const kept = (await w.store.getReport(progress.reportId))!;
    expect(kept.progress).toMatchObject({ next: progress.applied, deferred: [] });
    expect(await onHands(w)).toEqual(ids.map((_, i) => (i < progress.applied ? 90 : 100)));
    expect(await breaches(local, w.clock.now(), w.store.settleMs)).toEqual([]);

    // Orders go on meanwhile, on a SKU applied already and on one still waiting.
    w.clock.advance(1_000);
    expect((await order(w, 'between-1', ids[1]!, 2)).ok).toBe(true);
    expect((await order(w, 'between-2', ids[148]!, 4, 'u-leader-2')).ok).toBe(true);

    // The page asks again; this call dies part-way through its pass (its 20th write never lands).
    w.clock.advance(1_000);
    local.endpoint.failCall({ nth: 20, mode: 'before', code: 'SYS_ERR', match: isWrite });
    const died = await w.call<IntakeResult>('supplier', 'continueReport', { reportId: progress.reportId }, 'u-sup-fruit');
    expect(died.ok).toBe(false);
    const afterDeath = (await w.store.getReport(progress.reportId))!;
    expect(afterDeath.progress.finishedAt).toBeUndefined();
    expect(afterDeath.progress.next).toBeGreaterThanOrEqual(progress.applied);
    expect(await breaches(local, w.clock.now(), w.store.settleMs)).toEqual([]);

    // Nobody asks any more: a minute on, the scheduler finishes it, one short call at a time.
    for (let tick = 0; tick < 10 && (await w.store.listUnfinishedReports(10)).length > 0; tick++) {
      w.clock.advance(61_000);
      await withDeadline(Date.now() + 8_000, () => w.tick());
    }
    expect(await w.store.listUnfinishedReports(10)).toEqual([]);
    expect(await onHands(w)).toEqual(ids.map(() => 90));
    expect(await breaches(local, w.clock.now(), w.store.settleMs)).toEqual([]);
    // Every SKU applied exactly once, with what its open lines hold committed.
    const ledger = await Promise.all(ids.map((id) => w.store.listLedger(id)));
    expect(ledger.map((entries, i) => entries.filter((e) => e.id === reportLedgerId(progress.reportId, ids[i]!)).length)).toEqual(ids.map(() => 1));
    const committed = new Map((await w.store.listInventory(ids)).map((r) => [r.skuId, r.committed]));
    expect([ids[0], ids[1], ids[70], ids[148], ids[149]].map((id) => committed.get(id!))).toEqual([3, 2, 4, 4, 5]);
  }, 120_000);

  it('the page asking again (continueReport, each call under the same deadline) finishes it, each call in time', async () => {
    const w = await world();
    const calls: Array<{ elapsed: number; applied: number }> = [];
    let answer = (await timed(SHORT_MS, () => report(w, 95))).answer;
    while (answer.ok && answer.data.status === 'applying') {
      const { reportId, applied } = answer.data;
      const next = await timed(SHORT_MS, () => w.call<IntakeResult>('supplier', 'continueReport', { reportId }, 'u-sup-fruit'));
      calls.push({ elapsed: next.elapsed, applied });
      answer = next.answer;
      if (calls.length > 10) throw new Error('no end');
    }
    expect(answer).toMatchObject({ ok: true, data: { status: 'applied' } });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.elapsed < SHORT_MS)).toBe(true);
    // Each answer said more than the one before.
    expect(calls.map((c) => c.applied)).toEqual([...calls.map((c) => c.applied)].sort((a, b) => a - b));
    expect(await onHands(w)).toEqual(ids.map(() => 95));
    expect(await breaches(local, w.clock.now(), w.store.settleMs)).toEqual([]);
  }, 120_000);
});
