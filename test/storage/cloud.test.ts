import * as cloud from 'wx-server-sdk';
import type { InventoryWrite } from '../../cloudfunctions/src/storage/port';
import { COLLECTIONS, CloudStore, type CloudDatabase } from '../../cloudfunctions/src/storage/cloud/cloud-store';
import { type CloudEndpoint, pointSdkAt, startCloudEndpoint } from '../cloud-endpoint';
import { T0, order, record, report, totals } from '../fixtures/catalogue';
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
    const slowLines: CloudDatabase = {
      command: db.command,
      collection: (name) => {
        const c = db.collection(name);
        if (name !== 'order_lines') return c;
        return Object.assign(Object.create(c) as typeof c, {
          add: async (o: { data: object }) => {
            await new Promise((r) => setTimeout(r, 150));
            return c.add(o);
          },
        });
      },
      createCollection: (name) => db.createCollection(name),
      startTransaction: () => db.startTransaction(),
    };
    // A report recounts committed from the open lines, as applyReport does, retrying on conflict.
    const recount = async (): Promise<number> => {
      for (let attempt = 1; attempt <= 200; attempt++) {
        const [[rec], open] = await Promise.all([store.listInventory(['A001']), store.listOrderLines({ skuIds: ['A001'], openOnly: true })]);
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
});
