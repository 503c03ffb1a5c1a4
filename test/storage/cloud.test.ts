import type { Alert } from '../../cloudfunctions/src/domain/alerts';
import type { InventoryRecord, LedgerEntry, Order, Wave } from '../../cloudfunctions/src/domain/model';
import type { InventoryWrite, WaveConfirmation } from '../../cloudfunctions/src/storage/port';
import { COLLECTIONS, CloudStore, type CloudDatabase } from '../../cloudfunctions/src/storage/cloud/cloud-store';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { useLocalCloud } from '../support/cloud-sdk';
import { CUTOFF0, DAY0, T0, order, record, report, skus, suppliers, totals, uid, users } from '../fixtures/catalogue';
import { commitCount, reportEntry } from '../support/counts';
import { storeContract } from './contract';

// The real wx-server-sdk, pointed at a local endpoint that speaks its wire protocol.
const local = useLocalCloud();

/** The database, with every add() on one collection held back for `ms` (a reservation then sits in that window). */
const slowAdds = (collection: string, ms = 150): CloudDatabase => ({
  command: local.db.command,
  collection: (name) => {
    const c = local.db.collection(name);
    if (name !== collection) return c;
    return Object.assign(Object.create(c) as typeof c, {
      add: async (o: { data: object }) => {
        await new Promise((r) => setTimeout(r, ms));
        return c.add(o);
      },
    });
  },
  createCollection: (name) => local.db.createCollection(name),
  startTransaction: () => local.db.startTransaction(),
});

storeContract('Cloud database (wx-server-sdk → local endpoint)', async () => ({
  store: new CloudStore(local.db),
  cleanup: async () => local.endpoint.reset(),
}));

describe('Cloud database adapter, endpoint-specific', () => {
  let store: CloudStore;
  beforeEach(() => {
    store = new CloudStore(local.db);
  });
  afterEach(() => local.endpoint.reset());

  const seed = async (skuId: string, sellable: number): Promise<void> => {
    const rep = report('sup-fruit', [[skuId, sellable]]);
    expect(await commitCount(store, rep, [{ record: record(skuId, 'sup-fruit', sellable, { reportId: rep.id }), expectedVersion: 0 }])).toEqual([]);
  };
  const rewrite = (skuId: string, sellable: number, expectedVersion: number): [ReturnType<typeof report>, InventoryWrite[]] => {
    const rep = report('sup-fruit', [[skuId, sellable]]);
    return [rep, [{ record: record(skuId, 'sup-fruit', sellable, { reportId: rep.id, version: expectedVersion + 1 }), expectedVersion }]];
  };
  /** What the refresh job writes for a record it read: a widened (stale) buffer, one unit less sellable. */
  const staleRefresh = (read: InventoryRecord): { record: InventoryRecord; expectedVersion: number; ledger: LedgerEntry } => {
    const next = { ...read, stale: true, staleExtra: 1, buffer: read.buffer + 1, sellable: read.sellable - 1, computedAt: T0 + 3_600_000 };
    return {
      record: { ...next, version: read.version + 1 },
      expectedVersion: read.version,
      ledger: { id: uid('led'), skuId: read.skuId, kind: 'refresh', at: next.computedAt, by: 'system', refId: read.reportId, qty: 0, buffer: next.buffer, committed: next.committed, sellable: next.sellable },
    };
  };
  /** What moved a SKU's record, apart from the counts that stocked it. */
  const kinds = async (skuId: string): Promise<string[]> => (await store.listLedger(skuId)).map((e) => e.kind).filter((k) => k !== 'report');

  it('reads settings an older release saved in place as version 0; the first save becomes version 1 (the old document stays)', async () => {
    await store.listSkus(); // collections exist
    await local.db.collection('settings').doc('global').set({ data: { ...DEFAULT_SETTINGS, warningLine: 7 } });
    expect(await store.currentSettings()).toEqual({ version: 0, settings: { ...DEFAULT_SETTINGS, warningLine: 7 }, by: 'system', at: 0 });
    expect(await store.saveSettings({ ...DEFAULT_SETTINGS, warningLine: 9 }, { by: 'u-op', at: T0, expectedVersion: 0 })).toEqual({ saved: true, version: 1 });
    expect((await store.getSettings()).warningLine).toBe(9);
  });

  it('creates its collections on first use in a fresh environment', async () => {
    local.endpoint.reset({ dropCollections: true });
    expect(await store.listUsers()).toEqual([]);
    expect(local.endpoint.calls.get('database.addCollection')).toBe(COLLECTIONS.length);
  });

  it('reads past the service\'s 1,000-document page, so lists are complete', async () => {
    const entries = Array.from({ length: 2345 }, (_, i) => ({
      _id: `led-${String(i).padStart(5, '0')}`, id: `led-${String(i).padStart(5, '0')}`, skuId: 'A001', kind: 'reserve', at: T0 + (i % 7), by: 'u', refId: 'o', qty: 1,
    }));
    for (let i = 0; i < entries.length; i += 1000) await local.db.collection('ledger').add({ data: entries.slice(i, i + 1000) });
    const listed = await store.listLedger('A001');
    expect(listed.length).toBe(entries.length);
    expect(listed.every((e, i) => i === 0 || listed[i - 1]!.at <= e.at)).toBe(true);
    expect(local.endpoint.calls.get('database.getDocument')).toBe(3);
  });

  it('the endpoint answers a transaction write conflict, at the write and at commit', async () => {
    await seed('A001', 5);
    const inventory = () => local.db.collection('inventory');
    const tx = await local.db.startTransaction();
    await tx.collection('inventory').doc('A001').get();
    await inventory().doc('A001').update({ data: { note: 'outside' } });
    await expect(tx.collection('inventory').doc('A001').set({ data: { sellable: 1 } })).rejects.toMatchObject({ errMsg: expect.stringContaining('TransactionConflict') });

    const tx2 = await local.db.startTransaction();
    await tx2.collection('inventory').doc('A001').get();
    await tx2.collection('reports').add({ data: { _id: 'r-x' } });
    await inventory().doc('A001').update({ data: { note: 'outside again' } });
    await expect(tx2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect((await local.db.collection('reports').where({ _id: 'r-x' }).get()).data).toEqual([]);
  });

  it('retries a report whose transaction lost a write race, then commits', async () => {
    await seed('A001', 5);
    let raced = false;
    // Between the transaction's read and its write, someone else writes the document.
    const racing: CloudDatabase = {
      command: local.db.command,
      collection: (name) => local.db.collection(name),
      createCollection: (name) => local.db.createCollection(name),
      startTransaction: async () => {
        const tx = await local.db.startTransaction();
        return {
          commit: () => tx.commit(),
          rollback: () => tx.rollback(),
          collection: (name) => {
            const c = tx.collection(name);
            return Object.assign(Object.create(c) as typeof c, {
              doc: (id: string) => {
                const d = c.doc(id);
                if (name !== 'inventory') return d;
                return Object.assign(Object.create(d) as typeof d, {
                  get: async () => {
                    const got = await d.get();
                    if (!raced) {
                      raced = true;
                      await local.db.collection('inventory').doc(id).update({ data: { note: 'raced' } });
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
    expect(await commitCount(new CloudStore(racing), rep, writes)).toEqual([]);
    expect(raced).toBe(true);
    expect(local.endpoint.calls.get('database.startTransaction')).toBe(3); // seed, lost race, retry
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
        if ((await commitCount(store, rep, [{ record: next, expectedVersion: rec!.version }])).length === 0) return attempt;
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

  it('holds a report back while a reservation is between its decrement and its lines, and drops a dead marker of an older release', async () => {
    await seed('A001', 5);
    const _ = local.db.command;
    await local.db.collection('inventory').doc('A001').update({ data: { pending: _.push({ token: 'in-flight', at: Date.now() }) } });
    const [rep, writes] = rewrite('A001', 9, 1);
    expect(await commitCount(store, rep, writes)).toEqual(['A001']);

    await local.db.collection('inventory').doc('A001').update({ data: { pending: _.pull({ token: 'in-flight' }) } });
    // Markers from before orders were kept as intents name no order: a stale one is only dropped.
    await local.db.collection('inventory').doc('A001').update({ data: { pending: _.push({ token: 'dead', at: Date.now() - 3_600_000 }) } });
    expect(await store.commitReportLines(rep.id, writes.map((w) => ({ ...w, ledger: reportEntry(rep, w.record) })))).toEqual(['A001']);
    expect(await store.commitReportLines(rep.id, writes.map((w) => ({ ...w, ledger: reportEntry(rep, w.record) })))).toEqual([]);
    const [doc] = (await local.db.collection('inventory').where({ _id: 'A001' }).get()).data;
    expect(doc).not.toHaveProperty('pending.0');
  });

  it('two concurrent commits of one report apply it once, and it is logged once', async () => {
    await seed('A001', 5);
    const [rep, writes] = rewrite('A001', 9, 1);
    expect(await store.saveReport(rep)).toBe(true);
    const lines = writes.map((w) => ({ ...w, ledger: reportEntry(rep, w.record) }));
    expect(await Promise.all([store.commitReportLines(rep.id, lines), new CloudStore(local.db).commitReportLines(rep.id, lines)])).toEqual([[], []]);
    expect(await store.listInventory(['A001'])).toEqual([writes[0]!.record]);
    expect((await store.listLedger('A001')).filter((e) => e.refId === rep.id).length).toBe(1);
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
    const _ = local.db.command;
    const inventory = () => local.db.collection('inventory').where({ _id: 'A001' });
    // A take as a reservation makes it, then the refresh job reads, then the take is given back.
    await inventory().update({ data: { sellable: _.inc(-3), committed: _.inc(3), pending: _.push({ token: 't1', at: Date.now(), order: 'o-x', qty: 3 }) } });
    const [read] = await store.listInventory(['A001']); // sellable 7, committed 3, version 1, a take in flight
    expect([read!.sellable, read!.committed, read!.version]).toEqual([7, 3, 1]);
    await local.db.collection('inventory').where({ _id: 'A001', 'pending.token': 't1' }).update({ data: { sellable: _.inc(3), committed: _.inc(-3), pending: _.pull({ token: 't1' }) } });
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
    expect((await store.listLedger('A001')).filter((e) => e.kind !== 'report')).toEqual([refresh.ledger]);
  });

  it('asks the service only for lines that held stock since heldSince, not a SKU\'s whole shipped history', async () => {
    const line = (i: number, over: object) => ({
      _id: `l-${i}`, id: `l-${i}`, orderId: `o-${i}`, leaderId: 'u-leader-1', skuId: 'A001', supplierId: 'sup-fruit', qty: 1, shortQty: 0, status: 'placed', placedAt: T0 + i, ...over,
    });
    const shipped = Array.from({ length: 2500 }, (_, i) => line(i, { status: 'shipped', shippedAt: T0 + 10 }));
    for (let i = 0; i < shipped.length; i += 1000) await local.db.collection('order_lines').add({ data: shipped.slice(i, i + 1000) });
    await local.db.collection('order_lines').add({ data: [line(9001, {}), line(9002, { status: 'shipped', shippedAt: T0 + 500 }), line(9003, { shippedAt: null })] });
    local.endpoint.calls.clear();
    expect((await store.listOrderLines({ skuIds: ['A001'], heldSince: T0 + 100 })).map((l) => l.id)).toEqual(['l-9001', 'l-9002', 'l-9003']);
    expect(local.endpoint.calls.get('database.getDocument')).toBe(1);
    expect((await store.listOrderLines({ skuIds: ['A001'] })).length).toBe(2503);
  });

  it('reads inventory records without the markers and rations kept beside them: the service leaves them out', async () => {
    await seed('A001', 40);
    await seed('A002', 30);
    // A busy day's rations: one counter per leader on the record's document.
    const rations = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`u-leader-${i}_${DAY0}`, 2]));
    await local.db.collection('inventory').doc('A001').update({ data: { rations, pending: [] } });
    const answered: object[] = [];
    const projections: object[] = [];
    /** The database, with what each inventory read asked for and got kept. */
    const watched: CloudDatabase = {
      ...local.db,
      command: local.db.command,
      collection: (name) => {
        const c = local.db.collection(name);
        if (name !== 'inventory') return c;
        type Query = ReturnType<typeof c.where>;
        const watch = (q: Query): Query => Object.assign(Object.create(q) as Query, {
          field: (p: Record<string, boolean>) => {
            projections.push(p);
            return watch(q.field(p));
          },
          orderBy: (f: string, d: 'asc' | 'desc') => watch(q.orderBy(f, d)),
          limit: (n: number) => watch(q.limit(n)),
          skip: (n: number) => watch(q.skip(n)),
          get: async () => {
            const got = await q.get();
            answered.push(...got.data);
            return got;
          },
        });
        return Object.assign(Object.create(c) as typeof c, { where: (condition: object) => watch(c.where(condition)) });
      },
      createCollection: (name) => local.db.createCollection(name),
      startTransaction: () => local.db.startTransaction(),
    };
    const reading = new CloudStore(watched);
    const all = await reading.listInventory();
    expect(await reading.listInventory(['A001'])).toEqual(all.filter((r) => r.skuId === 'A001'));
    expect(all.map((r) => [r.skuId, r.onHand])).toEqual([['A001', 40], ['A002', 30]]);
    expect(projections).toEqual([{ pending: false, rations: false }, { pending: false, rations: false }]);
    expect(answered.length).toBe(3);
    expect(answered.filter((d) => 'rations' in d || 'pending' in d)).toEqual([]);
    // The document still has them: the adapter's own reads (the ration check, the sweep) see them.
    const { data } = await local.db.collection('inventory').where({ _id: 'A001' }).get();
    expect(Object.keys(data[0]!.rations as object).length).toBe(300);
  });
});

describe('Cloud database adapter, daily wave on the endpoint', () => {
  let store: CloudStore;
  beforeEach(async () => {
    store = new CloudStore(local.db);
    await store.upsertSuppliers(suppliers);
    await store.upsertSkus(skus);
    await store.upsertUsers(users);
  });
  afterEach(() => local.endpoint.reset());

  const WAVE = `sup-fruit_${DAY0}`;
  const closedWave: Wave = { id: WAVE, supplierId: 'sup-fruit', day: DAY0, status: 'closed', closedAt: CUTOFF0, deadlineAt: CUTOFF0 + 3_600_000 };
  const reserveLedger = (o: Order): LedgerEntry[] =>
    [...totals(o.lines.map((l) => [l.skuId, l.qty]))].map(([skuId, qty]) => ({ id: uid('led'), skuId, kind: 'reserve', at: o.placedAt, by: o.leaderId, refId: o.id, qty }));
  const stock = async (entries: Array<[string, number]>): Promise<void> => {
    const rep = report('sup-fruit', entries);
    const writes = entries.map(([skuId, n]) => ({ record: record(skuId, 'sup-fruit', n, { reportId: rep.id }), expectedVersion: 0 }));
    expect(await commitCount(store, rep, writes)).toEqual([]);
  };
  const place = async (leaderId: string, lines: Array<[string, number]>, at = T0): Promise<Order> => {
    const o = order(leaderId, lines, at);
    expect((await store.reserve(o, totals(lines), reserveLedger(o))).kind).toBe('placed');
    return o;
  };
  const change = (lineId: string, expectedQty: number, newQty: number) => ({
    lineId, expectedQty, newQty, at: T0 + 100,
    ledger: { id: uid('led'), skuId: 'A001', kind: newQty > expectedQty ? 'reserve' as const : 'cancel' as const, at: T0 + 100, by: 'u-leader-1', refId: 'o', qty: Math.abs(newQty - expectedQty) },
  });
  const figures = async (skuId: string): Promise<number[]> => {
    const [r] = await store.listInventory([skuId]);
    return [r!.onHand, r!.committed, r!.sellable];
  };
  /** Units the stored lines of a SKU hold, as a report would count them. */
  const heldByLines = async (skuId: string): Promise<number> =>
    (await store.listOrderLines({ skuIds: [skuId], heldSince: 0 })).reduce((n, l) => n + l.qty - l.shortQty, 0);
  const rawInventory = async (skuId: string) => (await local.db.collection('inventory').where({ _id: skuId }).get()).data[0]!;
  /** A report recount as applyReport does it: read the record, count the open lines, compare-and-set. */
  const recount = async (skuId: string, onHand: number): Promise<'committed' | 'conflict'> => {
    const [rec] = await store.listInventory([skuId]);
    const committed = await heldByLines(skuId);
    const rep = report('sup-fruit', [[skuId, onHand]], T0 + 50);
    const next = record(skuId, 'sup-fruit', Math.max(0, onHand - committed), { committed, onHand, version: rec!.version + 1, reportId: rep.id });
    return (await commitCount(store, rep, [{ record: next, expectedVersion: rec!.version }])).length === 0 ? 'committed' : 'conflict';
  };

  /**
   * The database, with every where().update() that `crashes(collection, data)` picks
   * failing as a function that dies there would: nothing written, an error thrown.
   */
  const crashingAt = (crashes: (collection: string, data: Record<string, unknown>) => boolean): CloudDatabase => ({
    command: local.db.command,
    collection: (name) => {
      const c = local.db.collection(name);
      return Object.assign(Object.create(c) as typeof c, {
        where: (condition: object) => {
          const q = c.where(condition);
          return Object.assign(Object.create(q) as typeof q, {
            update: async (o: { data: Record<string, unknown> }) => {
              if (crashes(name, o.data)) throw new Error(`injected crash: ${name} update`);
              return q.update(o);
            },
          });
        },
      });
    },
    createCollection: (name) => local.db.createCollection(name),
    startTransaction: () => local.db.startTransaction(),
  });

  /** The contract's confirmation scenario: A001 10 (4 + 3 ordered, 2 short on the later line), A002 10 (2 ordered). */
  const confirmable = async (): Promise<{ a: Order; b: Order; confirmation: WaveConfirmation }> => {
    await stock([['A001', 10], ['A002', 10]]);
    const a = await place('u-leader-1', [['A001', 4], ['A002', 2]]);
    const b = await place('u-leader-2', [['A001', 3]], T0 + 1);
    expect((await store.closeWave(closedWave)).forwarded).toBe(3);
    const ledger: LedgerEntry[] = [{ id: `short_${WAVE}_A001`, skuId: 'A001', kind: 'shortage', at: CUTOFF0 + 10, by: 'u-sup-fruit', refId: WAVE, qty: 2 }];
    return { a, b, confirmation: { waveId: WAVE, by: 'u-sup-fruit', at: CUTOFF0 + 10, onBehalf: false, shipQty: { A001: 5, A002: 2 }, shortBySku: { A001: 2, A002: 0 }, shortByLine: { [b.lines[0]!.id]: 2 }, ledger } };
  };
  const expectConfirmed = async (a: Order, b: Order, confirmation: WaveConfirmation): Promise<void> => {
    expect((await store.listOrderLines({ waveId: WAVE })).map((l) => [l.id, l.status, l.shortQty, l.confirmedAt]))
      .toEqual([[a.lines[0]!.id, 'confirmed', 0, CUTOFF0 + 10], [a.lines[1]!.id, 'confirmed', 0, CUTOFF0 + 10], [b.lines[0]!.id, 'short', 2, CUTOFF0 + 10]]);
    expect(await figures('A001')).toEqual([8, 5, 3]);
    expect(await figures('A002')).toEqual([10, 2, 8]);
    expect((await store.listLedger('A001')).filter((e) => e.kind === 'shortage').map((e) => e.qty)).toEqual([2]);
    expect(await store.getWave(WAVE)).toMatchObject({ status: 'confirmed', confirmedAt: CUTOFF0 + 10, confirmedBy: 'u-sup-fruit', shipQty: { A001: 5, A002: 2 } });
    expect(await rawInventory('A001')).not.toHaveProperty('pending.0');
    expect(await store.confirmWave(confirmation)).toBe(false);
  };

  describe('a confirmation interrupted half-way is finished by a rerun, exactly once', () => {
    const points: Array<[string, (collection: string, data: Record<string, unknown>) => boolean, boolean]> = [
      ['after the shortage, before any line', (coll, data) => coll === 'order_lines' && data.status === 'short', true],
      ['after the short lines, before the rest', (coll, data) => coll === 'order_lines' && data.status === 'confirmed', true],
      ['after the lines and the unmark, before the wave', (coll, data) => coll === 'waves' && data.status === 'confirmed', false],
    ];
    it.each(points)('%s', async (_name, crashes, markerLeft) => {
      const { a, b, confirmation } = await confirmable();
      await expect(new CloudStore(crashingAt(crashes)).confirmWave(confirmation)).rejects.toThrow('injected crash');
      const midway = await store.getWave(WAVE);
      expect(midway).toEqual(closedWave); // still closed; the stored confirmation is not part of the model
      expect(await figures('A001')).toEqual([8, 5, 3]); // the shortage landed once, before any line
      // While the short lines may be half-marked, a recount would miss the shortage: it waits.
      expect(await recount('A001', 8)).toBe(markerLeft ? 'conflict' : 'committed');
      expect(await store.confirmWave(confirmation)).toBe(true);
      await expectConfirmed(a, b, confirmation);
    });

    it('a rerun with a different confirmation finishes the first one', async () => {
      const { a, b, confirmation } = await confirmable();
      await expect(new CloudStore(crashingAt((coll, data) => coll === 'order_lines' && data.status === 'short')).confirmWave(confirmation)).rejects.toThrow();
      const second = { ...confirmation, by: 'u-op', onBehalf: true, shipQty: { A001: 7, A002: 2 }, shortByLine: {}, ledger: [] };
      expect(await store.confirmWave(second)).toBe(true);
      await expectConfirmed(a, b, confirmation);
    });

    it('two reruns at once finish it together, the shortage still once', async () => {
      const { a, b, confirmation } = await confirmable();
      await expect(new CloudStore(crashingAt((coll, data) => coll === 'order_lines' && data.status === 'short')).confirmWave(confirmation)).rejects.toThrow();
      expect(await Promise.all([store.confirmWave(confirmation), new CloudStore(local.db).confirmWave(confirmation)])).toEqual([true, true]);
      await expectConfirmed(a, b, confirmation);
    });

    it('a report that meets the marker of a confirmation that died finishes it, then recounts right', async () => {
      const { a, b, confirmation } = await confirmable();
      await expect(new CloudStore(crashingAt((coll, data) => coll === 'order_lines' && data.status === 'short')).confirmWave(confirmation)).rejects.toThrow();
      // Nobody reran it, and its marker has gone stale.
      const raw = await rawInventory('A001');
      await local.db.collection('inventory').doc('A001').update({ data: { pending: local.db.command.set((raw.pending as Array<{ at: number }>).map((m) => ({ ...m, at: m.at - 3_600_000 }))) } });
      expect(await recount('A001', 8)).toBe('conflict'); // it finished the confirmation instead
      expect(await store.getWave(WAVE)).toMatchObject({ status: 'confirmed' });
      await expectConfirmed(a, b, confirmation);
      expect(await recount('A001', 8)).toBe('committed');
      expect(await figures('A001')).toEqual([8, 5, 3]);
    });

    it('a refresh never writes over the marker of an unfinished confirmation', async () => {
      const { confirmation } = await confirmable();
      await expect(new CloudStore(crashingAt((coll, data) => coll === 'order_lines' && data.status === 'short')).confirmWave(confirmation)).rejects.toThrow();
      const [read] = await store.listInventory(['A001']);
      const refresh = { record: { ...read!, stale: true, version: read!.version + 1 }, expectedVersion: read!.version };
      expect(await store.commitRefresh([refresh])).toEqual(['A001']); // live marker: the job comes back later
      expect(await rawInventory('A001')).toHaveProperty('pending.0.wave', WAVE);
    });
  });

  it('confirms a wave of 600 lines with one small transaction per short SKU, not one over the wave', async () => {
    // Stored as placing and closing would have left them: 300 leaders' lines of A001 (1 each) and of A002 (2 each).
    const line = (i: number, skuId: string, qty: number) => ({
      _id: `l-${skuId}-${String(i).padStart(3, '0')}`, id: `l-${skuId}-${String(i).padStart(3, '0')}`, orderId: `o-${i}`, leaderId: `u-leader-${i}`,
      skuId, supplierId: 'sup-fruit', day: DAY0, waveId: WAVE, cutoffAt: CUTOFF0, qty, shortQty: 0, status: 'forwarded', placedAt: T0 + i, forwardedAt: CUTOFF0,
    });
    const lines = Array.from({ length: 300 }, (_, i) => [line(i, 'A001', 1), line(i, 'A002', 2)]).flat();
    await local.db.collection('order_lines').add({ data: lines });
    const rep = report('sup-fruit', [['A001', 1000], ['A002', 1000]]);
    expect(await commitCount(store, rep, [
      { record: record('A001', 'sup-fruit', 700, { onHand: 1000, committed: 300, reportId: rep.id }), expectedVersion: 0 },
      { record: record('A002', 'sup-fruit', 400, { onHand: 1000, committed: 600, reportId: rep.id }), expectedVersion: 0 },
    ])).toEqual([]);
    expect((await store.closeWave(closedWave)).forwarded).toBe(0);
    // A001: the 20 latest placed are short; A002 ships in full.
    const shortByLine = Object.fromEntries(lines.filter((l) => l.skuId === 'A001').slice(-20).map((l) => [l.id, 1]));
    const ledger: LedgerEntry[] = [{ id: `short_${WAVE}_A001`, skuId: 'A001', kind: 'shortage', at: CUTOFF0 + 10, by: 'u-sup-fruit', refId: WAVE, qty: 20 }];
    local.endpoint.calls.clear();
    expect(await store.confirmWave({ waveId: WAVE, by: 'u-sup-fruit', at: CUTOFF0 + 10, onBehalf: false, shipQty: { A001: 280, A002: 600 }, shortBySku: { A001: 20, A002: 0 }, shortByLine, ledger })).toBe(true);
    expect(local.endpoint.calls.get('database.startTransaction')).toBe(1);
    const after = await store.listOrderLines({ waveId: WAVE });
    expect(after.filter((l) => l.status === 'short').map((l) => l.id)).toEqual(Object.keys(shortByLine));
    expect(after.filter((l) => l.status === 'confirmed').length).toBe(580);
    expect(await figures('A001')).toEqual([980, 280, 700]);
    expect(await heldByLines('A001')).toBe(280);
  });

  describe('line changes race everything else on the SKU', () => {
    // 60: my +10 and 40 others' single units all fit (the change wins after its conflicts);
    // 50: they cannot all fit, and whoever comes last is refused.
    it.each([60, 50])('a grow racing 40 reservations on the same SKU (%i counted) never oversells and loses no unit', async (onHand) => {
      await stock([['A001', onHand]]);
      const mine = await place('u-leader-1', [['A001', 5]]);
      const others = Array.from({ length: 40 }, (_, i) => order('u-leader-2', [['A001', 1]], T0 + 1 + i));
      local.endpoint.calls.clear();
      const [grown, ...outcomes] = await Promise.all([
        store.changeLine(change(mine.lines[0]!.id, 5, 15)),
        // Spread over a few ms, so the change meets takes, give-backs and seals at every step.
        ...others.map(async (o, i) => {
          await new Promise((r) => setTimeout(r, i / 2));
          return new CloudStore(local.db).reserve(o, totals([['A001', 1]]), reserveLedger(o));
        }),
      ]);
      const placed = outcomes.filter((o) => o.kind === 'placed').length;
      const mineNow = grown!.kind === 'changed' ? 15 : 5;
      if (onHand === 60) expect([grown, placed]).toMatchObject([{ kind: 'changed', line: { qty: 15 } }, 40]);
      if (grown!.kind === 'short') expect(grown!.sellable).toBeLessThan(10);
      expect(await figures('A001')).toEqual([onHand, mineNow + placed, onHand - mineNow - placed]);
      expect(mineNow + placed).toBe(await heldByLines('A001'));
      expect(placed).toBe(Math.min(40, onHand - mineNow)); // no unit left unsold while someone asked
      expect(await rawInventory('A001')).not.toHaveProperty('pending.0');
      expect((await store.listLedger('A001')).filter((e) => e.refId === 'o').length).toBe(grown!.kind === 'changed' ? 1 : 0);
    });

    it('a cancellation racing reservations of a sold-out SKU frees its units exactly once', async () => {
      await stock([['A001', 10]]);
      const mine = await place('u-leader-1', [['A001', 10]]);
      const others = Array.from({ length: 30 }, (_, i) => order('u-leader-2', [['A001', 1]], T0 + 1 + i));
      const [cancelled, ...outcomes] = await Promise.all([
        store.changeLine(change(mine.lines[0]!.id, 10, 0)),
        ...others.map((o) => new CloudStore(local.db).reserve(o, totals([['A001', 1]]), reserveLedger(o))),
      ]);
      expect(cancelled).toMatchObject({ kind: 'changed', line: { status: 'cancelled' } });
      const placed = outcomes.filter((o) => o.kind === 'placed').length;
      expect(placed).toBeLessThanOrEqual(10);
      expect(await figures('A001')).toEqual([10, placed, 10 - placed]);
      expect(await heldByLines('A001')).toBe(placed);
    });

    it('a change while another reservation of the SKU is between its decrement and its seal keeps that reservation\'s marker', async () => {
      await stock([['A001', 20]]);
      const mine = await place('u-leader-1', [['A001', 5]]);
      const o = order('u-leader-2', [['A001', 3]], T0 + 1);
      const reserving = new CloudStore(slowAdds('order_lines')).reserve(o, totals([['A001', 3]]), reserveLedger(o));
      await new Promise((r) => setTimeout(r, 40)); // decrement done, lines not yet stored
      expect(await rawInventory('A001')).toHaveProperty('pending.0.token');
      expect(await store.changeLine(change(mine.lines[0]!.id, 5, 0))).toMatchObject({ kind: 'changed' });
      expect((await reserving).kind).toBe('placed');
      const raw = await rawInventory('A001');
      expect(raw).not.toHaveProperty('pending.0'); // the seal found its marker
      expect([raw.committed, raw.sellable, raw.version]).toEqual([3, 17, 4]); // report, my seal, change, its seal
    });

    it('a report computed before a change conflicts instead of counting the old quantity', async () => {
      await stock([['A001', 20]]);
      const mine = await place('u-leader-1', [['A001', 5]]);
      const [rec] = await store.listInventory(['A001']);
      const committed = await heldByLines('A001');
      expect(await store.changeLine(change(mine.lines[0]!.id, 5, 2))).toMatchObject({ kind: 'changed' });
      const rep = report('sup-fruit', [['A001', 20]], T0 + 50);
      const next = record('A001', 'sup-fruit', 20 - committed, { committed, version: rec!.version + 1, reportId: rep.id });
      expect(await commitCount(store, rep, [{ record: next, expectedVersion: rec!.version }])).toEqual(['A001']);
      expect(await recount('A001', 20)).toBe('committed');
      expect(await figures('A001')).toEqual([20, 2, 18]);
    });

    it('a refresh read before a change is refused, and one read after goes through keeping the change', async () => {
      await stock([['A001', 20]]);
      const mine = await place('u-leader-1', [['A001', 5]]);
      const [read] = await store.listInventory(['A001']);
      expect(await store.changeLine(change(mine.lines[0]!.id, 5, 0))).toMatchObject({ kind: 'changed' });
      const widened = (r: InventoryRecord) => ({ record: { ...r, buffer: 2, sellable: r.sellable - 2, stale: true, version: r.version + 1 }, expectedVersion: r.version });
      expect(await store.commitRefresh([widened(read!)])).toEqual(['A001']); // written, it would hold 5 units no line holds
      const [now] = await store.listInventory(['A001']);
      expect(await store.commitRefresh([widened(now!)])).toEqual([]);
      expect(await figures('A001')).toEqual([20, 0, 18]);
    });

    it('a cutoff racing a cancellation: the line is either cancelled with its units back, or forwarded holding them', async () => {
      for (let round = 0; round < 8; round++) {
        local.endpoint.reset();
        await stock([['A001', 10]]);
        const mine = await place('u-leader-1', [['A001', 4]]);
        const [closed, outcome] = await Promise.all([store.closeWave(closedWave), new CloudStore(local.db).changeLine(change(mine.lines[0]!.id, 4, 0))]);
        const [line] = await store.getOrderLines([mine.lines[0]!.id]);
        if (outcome.kind === 'changed') {
          expect([line!.status, closed.forwarded]).toEqual(['cancelled', 0]);
          expect(await figures('A001')).toEqual([10, 0, 10]);
        } else {
          expect(outcome.kind).toBe('gone');
          expect([line!.status, closed.forwarded]).toEqual(['forwarded', 1]);
          expect(await figures('A001')).toEqual([10, 4, 6]);
        }
      }
    });
  });
});

describe('Cloud database adapter, alerts on the endpoint', () => {
  let store: CloudStore;
  beforeEach(() => {
    store = new CloudStore(local.db);
  });
  afterEach(() => local.endpoint.reset());

  const alert = (id: string, userId = 'u-op', at = T0): Alert => ({
    id, userId, kind: 'cutoffSoon', title: '截单提醒', body: '今天 22:00 截单', link: '/pages/leader/order/index',
    fields: { subject: '阳光小区', detail: '22:00 截单', time: at, quantity: undefined, status: '即将截单' }, at, deliveries: [],
  });

  it('a batch meeting alerts that exist answers exactly the new ones, each stored once, in one batch when none exist', async () => {
    local.endpoint.calls.clear();
    expect((await store.addAlerts([alert('a1'), alert('a2')])).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(local.endpoint.calls.get('database.insertDocument')).toBe(1);
    // a2 in the middle stops the batch on the service: the rest go one by one.
    expect((await store.addAlerts([alert('a0'), alert('a2'), alert('a3'), alert('a3'), alert('a1'), alert('a4')])).map((a) => a.id)).toEqual(['a0', 'a3', 'a4']);
    expect((await store.listAlerts('u-op', 10)).map((a) => a.id).sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    // The adapter's token stays hidden, and an absent quantity stays absent.
    const [stored] = await store.listAlerts('u-op', 1);
    expect(Object.keys(stored!).sort()).toEqual(['at', 'body', 'deliveries', 'fields', 'id', 'kind', 'link', 'title', 'userId']);
    expect(stored!.fields).not.toHaveProperty('quantity');
  });

  it('concurrent raises of overlapping alerts: each alert is answered as new by exactly one of them', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `e${i}`);
    const calls = Array.from({ length: 6 }, (_, c) => ids.filter((_, i) => (i + c) % 3 !== 0).map((id) => alert(id)));
    const answers = (await Promise.all(calls.map((batch) => store.addAlerts(batch)))).flat().map((a) => a.id);
    expect(answers.sort()).toEqual([...ids].sort());
  });

  it('lists newest first past the 1,000-document page, ties broken by id', async () => {
    await store.addAlerts(Array.from({ length: 1200 }, (_, i) => alert(`p${String(i).padStart(4, '0')}`, 'u-op', T0 + Math.floor(i / 2))));
    const listed = await store.listAlerts('u-op', 1100);
    expect(listed.length).toBe(1100);
    expect(listed.slice(0, 3).map((a) => a.id)).toEqual(['p1199', 'p1198', 'p1197']);
    expect(listed.every((a, i) => i === 0 || listed[i - 1]!.at >= a.at)).toBe(true);
  });

  it('deliveries recorded at once all land', async () => {
    await store.addAlerts([alert('d1')]);
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.recordDelivery('d1', { channel: 'subscribe', status: 'fallback', at: T0 + i })));
    expect((await store.listAlerts('u-op', 1))[0]!.deliveries.length).toBe(10);
    await store.recordDelivery('missing', { channel: 'wecom', status: 'sent', at: T0 }); // nothing to record on: no error
  });

  it('concurrent additions of consents on a fresh person and template add up', async () => {
    const counts = await Promise.all(Array.from({ length: 8 }, () => store.addConsents('u-leader-1', 'TPL|A', 1)));
    expect(Math.max(...counts)).toBe(8);
    expect(await store.listConsents('u-leader-1')).toEqual([{ templateId: 'TPL|A', remaining: 8 }]);
    // A separator inside an id does not mix documents up: ('u-leader-1', 'TPL|A') is not ('u-leader-1|TPL', 'A').
    expect(await store.addConsents('u-leader-1|TPL', 'A', 1)).toBe(1);
    expect(await store.listConsents('u-leader-1')).toEqual([{ templateId: 'TPL|A', remaining: 8 }]);
    expect(await store.addConsents('u-leader-2', 'T', 0)).toBe(0);
  });

  it('a flag created concurrently has one creator, and a flip to the same value still counts as applied', async () => {
    const creates = await Promise.all(Array.from({ length: 5 }, () => store.setFlag('f', null, { on: true, cycle: 0 })));
    expect(creates.filter(Boolean).length).toBe(1);
    expect(await store.setFlag('f', { on: true, cycle: 0 }, { on: true, cycle: 0 })).toBe(true);
    expect(await store.getFlag('f')).toEqual({ on: true, cycle: 0 });
  });

  it('order numbers: two function instances never hand out one number twice, and a warm instance claims in one call', async () => {
    const other = new CloudStore(local.db);
    await store.listUsers(); // collections exist
    const claims = await Promise.all(Array.from({ length: 10 }, () => [store.claimOrderNumber('u-leader-1', DAY0), other.claimOrderNumber('u-leader-1', DAY0)]).flat());
    expect([...claims].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    const callsFor = async (claim: () => Promise<number>): Promise<[number, number]> => {
      local.endpoint.calls.clear();
      const n = await claim();
      return [n, [...local.endpoint.calls.values()].reduce((a, b) => a + b, 0)];
    };
    expect(await callsFor(() => store.claimOrderNumber('u-leader-2', DAY0))).toEqual([1, 1]); // the day's first: one add
    expect(await callsFor(() => store.claimOrderNumber('u-leader-2', DAY0))).toEqual([2, 1]); // the next: one conditional update
    // Another instance took one meanwhile: the guess misses, the counter is read, the claim goes again.
    expect(await other.claimOrderNumber('u-leader-2', DAY0)).toBe(3);
    expect(await store.claimOrderNumber('u-leader-2', DAY0)).toBe(4);
  });
});
