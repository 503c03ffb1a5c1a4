// The local cloud endpoint failing and waiting like the real service, seen through the
// real wx-server-sdk: latency, injected failures (before / after the request ran, rate
// limits), MongoDB lock waits for writes outside a transaction, and the transaction limit.
import { startCloudEndpoint } from '../cloud-endpoint';
import { useLocalCloud } from '../support/cloud-sdk';

const local = useLocalCloud();

// Only what these tests call on the SDK (kept here so they do not follow the adapter's types).
interface Result { data: Array<Record<string, unknown>> }
interface Stats { stats: { updated: number } }
interface Query { get(): Promise<Result>; update(o: { data: object }): Promise<Stats> }
interface Collection {
  add(o: { data: object }): Promise<unknown>;
  doc(id: string): { get(): Promise<{ data: Record<string, unknown> }>; update(o: { data: object }): Promise<Stats> };
  where(q: object): Query;
}
interface Tx { collection(name: string): Collection; commit(): Promise<unknown>; rollback(): Promise<unknown> }
interface Db { collection(name: string): Collection; createCollection(name: string): Promise<unknown>; startTransaction(): Promise<Tx> }

const COLL = 'faults';
const db = (): Db => local.db as unknown as Db;
const coll = (): Collection => db().collection(COLL);
const read = async (id: string): Promise<Record<string, unknown> | undefined> => (await coll().where({ _id: id }).get()).data[0];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The SDK rejects a failed commit with {code, message}, document calls with {errCode, errMsg}: both carry `message`.
const GONE = { message: expect.stringMatching(/Transaction does not exist.*must be commit or abort in 30 seconds/) };

/** A promise with a flag saying whether it has settled yet. */
function watched<T>(p: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  const promise = p.finally(() => { done = true; });
  return { promise, settled: () => done };
}

beforeAll(async () => {
  await db().createCollection(COLL);
});
afterEach(() => local.endpoint.reset());

describe('latency', () => {
  it('answers each call that much later, concurrent calls overlapping as on the real service', async () => {
    await coll().add({ data: [{ _id: 'a' }, { _id: 'b' }] });
    local.endpoint.latency(100);
    const t0 = performance.now();
    await Promise.all([coll().doc('a').get(), coll().doc('b').get()]);
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(190); // one delay, not two in a row
  });

  it('applies a write at arrival + latency, not at once', async () => {
    local.endpoint.latency(150);
    const adding = coll().add({ data: { _id: 'late' } });
    await sleep(60);
    local.endpoint.latency(0);
    expect(await read('late')).toBeUndefined();
    await adding;
    expect(await read('late')).toEqual({ _id: 'late' });
  });
});

describe('injected failures', () => {
  it('before: the call rejects and nothing is written', async () => {
    local.endpoint.failCall({ nth: 1, mode: 'before' });
    await expect(coll().add({ data: { _id: 'x', n: 1 } })).rejects.toBeDefined();
    expect(await read('x')).toBeUndefined();
    expect(local.endpoint.callLog[0]).toEqual({ action: 'database.insertDocument', collection: COLL, failed: 'before' });
  });

  it('after: the call rejects although the write is applied (the answer was lost)', async () => {
    local.endpoint.failCall({ nth: 1, mode: 'after' });
    await expect(coll().add({ data: { _id: 'y', n: 1 } })).rejects.toBeDefined();
    expect(await read('y')).toEqual({ _id: 'y', n: 1 });
  });

  it('surfaces as the SDK makes it: a document call loses the code text (errCode -501001), a transaction call keeps it', async () => {
    local.endpoint.failCall({ nth: 1, mode: 'before' });
    const e = (await coll().where({ _id: 'x' }).get().then(() => undefined, (x: unknown) => x)) as { errCode: number; errMsg: string; message: string };
    expect(e).toMatchObject({ errCode: -501001, errMsg: expect.stringContaining('Database request timeout') });
    expect(e.message).toBe(e.errMsg);
    expect(e.errMsg).not.toContain('DATABASE_REQUEST_TIMEOUT');

    local.endpoint.failCall({ nth: 1, mode: 'before' });
    await expect(db().startTransaction()).rejects.toMatchObject({ code: 'DATABASE_REQUEST_TIMEOUT', message: expect.stringContaining('Database request timeout') });
  });

  it('a rate-limit code arrives as the SDK\'s own number and words', async () => {
    local.endpoint.failCall({ nth: 1, mode: 'before', code: 'EXCEED_CONCURRENT_REQUEST_LIMIT' });
    await expect(coll().add({ data: { _id: 'z' } })).rejects.toMatchObject({
      errCode: -501004, errMsg: expect.stringContaining('exceed concurrent request limit'),
    });
    expect(await read('z')).toBeUndefined();
  });

  it('counts only the calls `match` accepts; several rules fire once each', async () => {
    await coll().add({ data: { _id: 'c', n: 0 } });
    const updates = (c: { action: string; collection?: string }) => c.action === 'database.modifyDocument' && c.collection === COLL;
    local.endpoint.failCall({ nth: 2, mode: 'before', match: updates });
    local.endpoint.failCall({ nth: 4, mode: 'after', match: updates });
    const outcomes: string[] = [];
    for (let i = 1; i <= 5; i++) {
      await read('c'); // reads are not counted
      outcomes.push(await coll().doc('c').update({ data: { n: i } }).then(() => 'ok', () => 'failed'));
    }
    expect(outcomes).toEqual(['ok', 'failed', 'ok', 'failed', 'ok']);
    expect((await read('c'))!.n).toBe(5);
    const failed = local.endpoint.callLog.filter((c) => c.failed).map((c) => c.failed);
    expect(failed).toEqual(['before', 'after']);
  });

  it('lets a test count an operation\'s calls, then fail each in turn; a failure aborts the transaction', async () => {
    const afterFailure: unknown[] = [];
    const operation = async (): Promise<void> => {
      const tx = await db().startTransaction();
      try {
        await tx.collection(COLL).add({ data: { _id: 'op', n: 1 } });
        await tx.collection(COLL).doc('op').update({ data: { n: 2 } });
        await tx.commit();
      } catch (e) {
        // The service has already aborted the transaction: a later call finds it gone.
        afterFailure.push(await tx.commit().catch((x: unknown) => x));
        throw e;
      }
    };
    await operation();
    const calls = local.endpoint.callLog.length;
    expect(calls).toBe(4); // start, insert, update, commit
    for (let nth = 1; nth <= calls; nth++) {
      local.endpoint.reset();
      local.endpoint.failCall({ nth, mode: 'before' });
      await expect(operation()).rejects.toBeDefined();
      expect(await read('op')).toBeUndefined();
    }
    expect(afterFailure).toEqual(Array(calls - 1).fill(expect.objectContaining({ message: expect.stringContaining('Transaction does not exist') })));
    // A lost commit answer: the caller sees an error, the commit happened.
    local.endpoint.reset();
    local.endpoint.failCall({ nth: 1, mode: 'after', match: (c) => c.action === 'database.commitTransaction' });
    await expect(operation()).rejects.toBeDefined();
    expect(await read('op')).toEqual({ _id: 'op', n: 2 });
  });
});

describe('lock waits (a write outside a transaction to a document an open transaction wrote)', () => {
  const openWithWrite = async (): Promise<Tx> => {
    await coll().add({ data: { _id: 'A', n: 1 } });
    const tx = await db().startTransaction();
    await tx.collection(COLL).doc('A').update({ data: { n: 2 } });
    return tx;
  };

  it('waits for the commit, then evaluates its query against the committed value', async () => {
    const tx = await openWithWrite();
    const outside = watched(coll().where({ _id: 'A', n: 1 }).update({ data: { seen: true } }));
    await sleep(100);
    expect(outside.settled()).toBe(false);
    expect(local.endpoint.lockWaits).toBe(1);
    await tx.commit();
    expect((await outside.promise).stats.updated).toBe(0); // n is 2 by then
    expect(await read('A')).toEqual({ _id: 'A', n: 2 });
  });

  it('waits for an abort, then applies to the value as it was', async () => {
    const tx = await openWithWrite();
    const outside = watched(coll().where({ _id: 'A', n: 1 }).update({ data: { seen: true } }));
    await sleep(100);
    expect(outside.settled()).toBe(false);
    await tx.rollback();
    expect((await outside.promise).stats.updated).toBe(1);
    expect(await read('A')).toEqual({ _id: 'A', n: 1, seen: true });
  });

  it('reads outside never wait and see committed data; a write in another transaction conflicts at once', async () => {
    const tx = await openWithWrite();
    expect(await read('A')).toEqual({ _id: 'A', n: 1 });
    expect((await coll().doc('A').get()).data).toEqual({ _id: 'A', n: 1 });
    const other = await db().startTransaction();
    await expect(other.collection(COLL).doc('A').update({ data: { n: 3 } })).rejects.toMatchObject({ errMsg: expect.stringContaining('TransactionConflict') });
    // A write to another document does not wait either.
    await coll().add({ data: { _id: 'B' } });
    expect(local.endpoint.lockWaits).toBe(0);
    await tx.commit();
  });

  it('an expiring transaction releases its waiter, and its writes are gone', async () => {
    local.endpoint.transactionTtl(300);
    const tx = await openWithWrite();
    const t0 = performance.now();
    const outside = await coll().where({ _id: 'A', n: 1 }).update({ data: { seen: true } });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(200);
    expect(outside.stats.updated).toBe(1);
    expect(local.endpoint.lockWaits).toBe(1);
    await expect(tx.commit()).rejects.toMatchObject(GONE);
    expect(await read('A')).toEqual({ _id: 'A', n: 1, seen: true });
  });
});

describe('transaction limit', () => {
  it('a transaction older than the limit answers DATABASE_TRANSACTION_FAIL on its next call and at commit', async () => {
    await coll().add({ data: { _id: 'T', n: 1 } });
    local.endpoint.transactionTtl(150);
    const tx = await db().startTransaction();
    await tx.collection(COLL).doc('T').get();
    await sleep(200);
    await expect(tx.collection(COLL).doc('T').get()).rejects.toMatchObject(GONE);

    const late = await db().startTransaction();
    await late.collection(COLL).doc('T').update({ data: { n: 2 } });
    await sleep(200);
    await expect(late.commit()).rejects.toMatchObject(GONE);
    expect(await read('T')).toEqual({ _id: 'T', n: 1 });
  });
});

describe('reset and close', () => {
  it('reset() clears latency, rules, the log, the lock-wait count and the limit', async () => {
    local.endpoint.latency(500);
    local.endpoint.failCall({ nth: 1, mode: 'before' });
    local.endpoint.transactionTtl(1);
    local.endpoint.reset();
    expect(local.endpoint.callLog).toEqual([]);
    expect(local.endpoint.lockWaits).toBe(0);
    const t0 = performance.now();
    const tx = await db().startTransaction();
    await sleep(20);
    await tx.collection(COLL).add({ data: { _id: 'r' } });
    await tx.commit();
    expect(performance.now() - t0).toBeLessThan(400);
    expect(await read('r')).toEqual({ _id: 'r' });
  });

  it('close() returns at once with a transaction open and requests still delayed', async () => {
    const endpoint = await startCloudEndpoint();
    const post = (body: object) => fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const started = (await (await post({ action: 'database.startTransaction' })).json()) as { transactionId: string };
    expect(started.transactionId).toMatch(/^tx-/);
    endpoint.latency(5_000);
    const pending = post({ action: 'database.commitTransaction', transactionId: started.transactionId }).catch(() => 'dropped');
    await sleep(20);
    const t0 = performance.now();
    await endpoint.close();
    expect(performance.now() - t0).toBeLessThan(500);
    expect(await pending).toBe('dropped');
  });
});
