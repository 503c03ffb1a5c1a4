import * as cloud from 'wx-server-sdk';
import type { InventoryRecord, LedgerEntry } from '../../cloudfunctions/src/domain/model';
import type { InventoryWrite } from '../../cloudfunctions/src/storage/port';
import { COLLECTIONS, CloudStore, type CloudDatabase } from '../../cloudfunctions/src/storage/cloud/cloud-store';
import { type CloudEndpoint, pointSdkAt, startCloudEndpoint } from '../cloud-endpoint';
import { T0, order, record, report, totals, uid } from '../fixtures/catalogue';
import { storeContract } from './contract';

// The real wx-server-sdk, pointed at a local endpoint that speaks its wire protocol.
let endpoint: CloudEndpoint;
let restoreEnv: () => void;
let db: CloudDatabase;

beforeAll(async () => {
  endpoint = await startCloudEndpoint();
  restoreEnv = pointSdkAt(endpoint.url);
  // Deployed functions run without keep-alive (the SDK turns it off inside SCF); with it,
  // the SDK's timeout bookkeeping piles listeners onto reused sockets and Node warns.
  cloud.init({ env: 'huozhun-local', keepalive: false } as Parameters<typeof cloud.init>[0]);
  db = cloud.database() as unknown as CloudDatabase;
});

afterAll(async () => {
  await endpoint.close();
  restoreEnv();
});

storeContract('Cloud database (wx-server-sdk → local endpoint)', async () => ({
  store: new CloudStore(db),
  cleanup: async () => endpoint.reset(),
}));

describe('Cloud database adapter, endpoint-specific', () => {
  let store: CloudStore;
  beforeEach(() => {
    store = new CloudStore(db);
  });
  afterEach(() => endpoint.reset());

  const seed = async (skuId: string, sellable: number): Promise<void> => {
    const rep = report('sup-fruit', [[skuId, sellable]]);
    expect(await store.commitReport(rep, [{ record: record(skuId, 'sup-fruit', sellable, { reportId: rep.id }), expectedVersion: 0 }], [])).toBe('committed');
  };
  const rewrite = (skuId: string, sellable: number, expectedVersion: number): [ReturnType<typeof report>, InventoryWrite[]] => {
    const rep = report('sup-fruit', [[skuId, sellable]]);
    return [rep, [{ record: record(skuId, 'sup-fruit', sellable, { reportId: rep.id, version: expectedVersion + 1 }), expectedVersion }]];
  };
  /** The database, with every add() on one collection held back for `ms` (a reservation then sits in that window). */
  const slowAdds = (collection: string, ms = 150): CloudDatabase => ({
    command: db.command,
    collection: (name) => {
      const c = db.collection(name);
      if (name !== collection) return c;
      return Object.assign(Object.create(c) as typeof c, {
        add: async (o: { data: object }) => {
          await new Promise((r) => setTimeout(r, ms));
          return c.add(o);
        },
      });
    },
    createCollection: (name) => db.createCollection(name),
    startTransaction: () => db.startTransaction(),
  });
  /** What the refresh job writes for a record it read: a widened (stale) buffer, one unit less sellable. */
  const staleRefresh = (read: InventoryRecord): { record: InventoryRecord; expectedVersion: number; ledger: LedgerEntry } => {
    const next = { ...read, stale: true, staleExtra: 1, buffer: read.buffer + 1, sellable: read.sellable - 1, computedAt: T0 + 3_600_000 };
    return {
      record: { ...next, version: read.version + 1 },
      expectedVersion: read.version,
      ledger: { id: uid('led'), skuId: read.skuId, kind: 'refresh', at: next.computedAt, by: 'system', refId: read.reportId, qty: 0, buffer: next.buffer, committed: next.committed, sellable: next.sellable },
    };
  };
  const kinds = async (skuId: string): Promise<string[]> => (await store.listLedger(skuId)).map((e) => e.kind);

  it('creates its collections on first use in a fresh environment', async () => {
    endpoint.reset({ dropCollections: true });
    expect(await store.listUsers()).toEqual([]);
    expect(endpoint.calls.get('database.addCollection')).toBe(COLLECTIONS.length);
  });

  it('reads past the service\'s 1,000-document page, so lists are complete', async () => {
    const entries = Array.from({ length: 2345 }, (_, i) => ({
      _id: `led-${String(i).padStart(5, '0')}`, id: `led-${String(i).padStart(5, '0')}`, skuId: 'A001', kind: 'reserve', at: T0 + (i % 7), by: 'u', refId: 'o', qty: 1,
    }));
    for (let i = 0; i < entries.length; i += 1000) await db.collection('ledger').add({ data: entries.slice(i, i + 1000) });
    const listed = await store.listLedger('A001');
    expect(listed.length).toBe(entries.length);
    expect(listed.every((e, i) => i === 0 || listed[i - 1]!.at <= e.at)).toBe(true);
    expect(endpoint.calls.get('database.getDocument')).toBe(3);
  });

  it('the endpoint answers a transaction write conflict, at the write and at commit', async () => {
    await seed('A001', 5);
    const inventory = () => db.collection('inventory');
    const tx = await db.startTransaction();
    await tx.collection('inventory').doc('A001').get();
    await inventory().doc('A001').update({ data: { note: 'outside' } });
    await expect(tx.collection('inventory').doc('A001').set({ data: { sellable: 1 } })).rejects.toMatchObject({ errMsg: expect.stringContaining('TransactionConflict') });

    const tx2 = await db.startTransaction();
    await tx2.collection('inventory').doc('A001').get();
    await tx2.collection('reports').add({ data: { _id: 'r-x' } });
    await inventory().doc('A001').update({ data: { note: 'outside again' } });
    await expect(tx2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect((await db.collection('reports').where({ _id: 'r-x' }).get()).data).toEqual([]);
  });

  it('retries a report whose transaction lost a write race, then commits', async () => {
    await seed('A001', 5);
    let raced = false;
    // Between the transaction's read and its write, someone else writes the document.
    const racing: CloudDatabase = {
      command: db.command,
      collection: (name) => db.collection(name),
      createCollection: (name) => db.createCollection(name),
      startTransaction: async () => {
        const tx = await db.startTransaction();
        return {
          commit: () => tx.commit(),
          rollback: () => tx.rollback(),
          collection: (name) => {
            const c = tx.collection(name);
            return Object.assign(Object.create(c) as typeof c, {
              doc: (id: string) => {
                const d = c.doc(id);
                return Object.assign(Object.create(d) as typeof d, {
                  get: async () => {
                    const got = await d.get();
                    if (!raced) {
                      raced = true;
                      await db.collection('inventory').doc(id).update({ data: { note: 'raced' } });
                    }
                    return got;
                  },
                });
              },
            });
          },
        };
      },
    };
    const [rep, writes] = rewrite('A001', 9, 1);
    expect(await new CloudStore(racing).commitReport(rep, writes, [])).toBe('committed');
    expect(raced).toBe(true);
    expect(endpoint.calls.get('database.startTransaction')).toBe(3); // seed, lost race, retry
    expect(await store.listInventory(['A001'])).toEqual([writes[0]!.record]);
  });

  it('a report recounted while a reservation is between its decrement and its lines keeps that reservation', async () => {
    await seed('A001', 100);
    // Slow line inserts hold the reservation in that window for a while.
    const slowLines = slowAdds('order_lines');
    // A report recounts committed from the open lines, as applyReport does, retrying on conflict.
    const recount = async (): Promise<number> => {
      for (let attempt = 1; attempt <= 200; attempt++) {
        const [[rec], open] = await Promise.all([store.listInventory(['A001']), store.listOrderLines({ skuIds: ['A001'], heldSince: 0 })]);
        const committed = open.reduce((n, l) => n + l.qty, 0);
        const rep = report('sup-fruit', [['A001', 100]]);
        const next = record('A001', 'sup-fruit', 100 - committed, { committed, onHand: 100, version: rec!.version + 1, reportId: rep.id });
        if ((await store.commitReport(rep, [{ record: next, expectedVersion: rec!.version }], [])) === 'committed') return attempt;
      }
      throw new Error('report starved');
    };
    const o = order('u-leader-1', [['A001', 3]]);
    const reserving = new CloudStore(slowLines).reserve(o, totals([['A001', 3]]), []);
    await new Promise((r) => setTimeout(r, 40)); // decrement done, lines not yet stored
    const [attempts, outcome] = await Promise.all([recount(), reserving]);
    expect(outcome.kind).toBe('placed');
    expect(attempts).toBeGreaterThan(1); // held back until the lines were there
    const [rec] = await store.listInventory(['A001']);
    expect([rec!.committed, rec!.sellable]).toEqual([3, 97]);
  });

  it('holds a report back while a reservation is between its decrement and its lines, not once the marker is stale', async () => {
    await seed('A001', 5);
    const _ = db.command;
    await db.collection('inventory').doc('A001').update({ data: { pending: _.push({ token: 'in-flight', at: Date.now() }) } });
    const [rep, writes] = rewrite('A001', 9, 1);
    expect(await store.commitReport(rep, writes, [])).toBe('conflict');

    await db.collection('inventory').doc('A001').update({ data: { pending: _.pull({ token: 'in-flight' }) } });
    await db.collection('inventory').doc('A001').update({ data: { pending: _.push({ token: 'dead', at: Date.now() - 3_600_000 }) } });
    expect(await store.commitReport(rep, writes, [])).toBe('committed');
    const [doc] = (await db.collection('inventory').where({ _id: 'A001' }).get()).data;
    expect(doc).not.toHaveProperty('pending');
  });

  it('two concurrent commits of one report: one applies it, the other answers duplicate, and it is logged once', async () => {
    await seed('A001', 5);
    const [rep, writes] = rewrite('A001', 9, 1);
    const ledger: LedgerEntry[] = [{ id: uid('led'), skuId: 'A001', kind: 'report', at: T0, by: 'x', refId: rep.id, qty: 9 }];
    const outcomes = await Promise.all([store.commitReport(rep, writes, ledger), new CloudStore(db).commitReport(rep, writes, ledger)]);
    expect(outcomes.sort()).toEqual(['committed', 'duplicate']);
    expect(await store.listInventory(['A001'])).toEqual([writes[0]!.record]);
    expect(await kinds('A001')).toEqual(['report']);
  });

  it('a refresh read before a reservation\'s decrement and written before its seal does not put the taken units back', async () => {
    await seed('A001', 10);
    const [read] = await store.listInventory(['A001']); // the refresh job reads: sellable 10, version 1
    const o = order('u-leader-1', [['A001', 3]]);
    const reserving = new CloudStore(slowAdds('order_lines')).reserve(o, totals([['A001', 3]]), []);
    await new Promise((r) => setTimeout(r, 40)); // decrement done, lines not yet stored, version not yet bumped
    const [mid] = await store.listInventory(['A001']);
    expect([mid!.sellable, mid!.committed, mid!.version]).toEqual([7, 3, 1]); // the version alone would let the refresh through

    const refresh = staleRefresh(read!); // sellable 9, committed 0: written, it would sell the 3 units twice
    expect(await store.commitRefresh([refresh])).toEqual(['A001']);
    expect((await reserving).kind).toBe('placed');
    const [after] = await store.listInventory(['A001']);
    expect([after!.sellable, after!.committed, after!.version, after!.stale]).toEqual([7, 3, 2, false]);
    expect(await kinds('A001')).toEqual([]);

    // The job's next round reads again and goes through.
    expect(await store.commitRefresh([staleRefresh(after!)])).toEqual([]);
    const [done] = await store.listInventory(['A001']);
    expect([done!.sellable, done!.committed, done!.version, done!.stale]).toEqual([6, 3, 3, true]);
    expect(await kinds('A001')).toEqual(['refresh']);
  });

  it('a refresh read while a reservation was in flight conflicts after that reservation gave its units back', async () => {
    await seed('A001', 10);
    const o = order('u-leader-1', [['A001', 3]]);
    // The order insert is slow, and a concurrent submit of the same order stores it first: this reservation gives back.
    const reserving = new CloudStore(slowAdds('orders')).reserve(o, totals([['A001', 3]]), []);
    await new Promise((r) => setTimeout(r, 40));
    const [read] = await store.listInventory(['A001']); // sellable 7, committed 3, version 1, a take in flight
    expect([read!.sellable, read!.committed, read!.version]).toEqual([7, 3, 1]);
    await db.collection('orders').add({ data: { ...o, lines: [], _id: o.id } });
    expect((await reserving).kind).toBe('duplicate');
    const [back] = await store.listInventory(['A001']);
    expect([back!.sellable, back!.committed, back!.version]).toEqual([10, 0, 1]); // same version, no marker

    // Written, the refresh would keep 3 units committed that no order holds.
    expect(await store.commitRefresh([staleRefresh(read!)])).toEqual(['A001']);
    expect(await store.listInventory(['A001'])).toEqual([back]);
    expect(await kinds('A001')).toEqual([]);
  });

  it('a refresh goes through when a reservation took and gave back after the refresh read (the record is as read)', async () => {
    await seed('A001', 10);
    const [read] = await store.listInventory(['A001']);
    const o = order('u-leader-1', [['A001', 3], ['B001', 1]]); // B001 was never counted: A001 is taken, then given back
    expect((await store.reserve(o, totals([['A001', 3], ['B001', 1]]), [])).kind).toBe('short');
    const refresh = staleRefresh(read!);
    expect(await store.commitRefresh([refresh])).toEqual([]);
    expect(await store.listInventory(['A001'])).toEqual([refresh.record]);
    expect(await store.listLedger('A001')).toEqual([refresh.ledger]);
  });

  it('asks the service only for lines that held stock since heldSince, not a SKU\'s whole shipped history', async () => {
    const line = (i: number, over: object) => ({
      _id: `l-${i}`, id: `l-${i}`, orderId: `o-${i}`, leaderId: 'u-leader-1', skuId: 'A001', supplierId: 'sup-fruit', qty: 1, shortQty: 0, status: 'placed', placedAt: T0 + i, ...over,
    });
    const shipped = Array.from({ length: 2500 }, (_, i) => line(i, { status: 'shipped', shippedAt: T0 + 10 }));
    for (let i = 0; i < shipped.length; i += 1000) await db.collection('order_lines').add({ data: shipped.slice(i, i + 1000) });
    await db.collection('order_lines').add({ data: [line(9001, {}), line(9002, { status: 'shipped', shippedAt: T0 + 500 }), line(9003, { shippedAt: null })] });
    endpoint.calls.clear();
    expect((await store.listOrderLines({ skuIds: ['A001'], heldSince: T0 + 100 })).map((l) => l.id)).toEqual(['l-9001', 'l-9002', 'l-9003']);
    expect(endpoint.calls.get('database.getDocument')).toBe(1);
    expect((await store.listOrderLines({ skuIds: ['A001'] })).length).toBe(2503);
  });
});
