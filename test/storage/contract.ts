// One contract for every StockStore adapter: SQLite (self-hosted) and the cloud
// database (through the real wx-server-sdk). Each adapter's test file calls this.
import type { HeldReport, LedgerEntry } from '../../cloudfunctions/src/domain/model';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import type { InventoryWrite, StockStore } from '../../cloudfunctions/src/storage/port';
import { T0, order, record, report, skus, suppliers, totals, uid, users } from '../fixtures/catalogue';

export interface StoreHarness {
  store: StockStore;
  /** Drop everything the test wrote. */
  cleanup(): Promise<void>;
}

const reserveLedger = (o: ReturnType<typeof order>): LedgerEntry[] =>
  [...totals(o.lines.map((l) => [l.skuId, l.qty]))].map(([skuId, qty]) => ({ id: uid('led'), skuId, kind: 'reserve', at: o.placedAt, by: o.leaderId, refId: o.id, qty }));

/** Give SKUs a stored record the way a report does. */
async function stock(store: StockStore, entries: Array<[string, number]>): Promise<void> {
  const rep = report('sup-fruit', entries);
  const current = new Map((await store.listInventory(entries.map(([s]) => s))).map((r) => [r.skuId, r]));
  const writes: InventoryWrite[] = entries.map(([skuId, sellable]) => ({
    record: record(skuId, skus.find((s) => s.id === skuId)!.supplierId, sellable, { reportId: rep.id, version: (current.get(skuId)?.version ?? 0) + 1 }),
    expectedVersion: current.get(skuId)?.version ?? 0,
  }));
  expect(await store.commitReport(rep, writes, [])).toBe('committed');
}

const sellableOf = async (store: StockStore, skuId: string): Promise<number | undefined> =>
  (await store.listInventory([skuId]))[0]?.sellable;

export function storeContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`StockStore contract: ${name}`, () => {
    let h: StoreHarness;
    let store: StockStore;

    beforeEach(async () => {
      h = await open();
      store = h.store;
      await store.upsertSuppliers(suppliers);
      await store.upsertSkus(skus);
      await store.upsertUsers(users);
    });
    afterEach(async () => {
      await h.cleanup();
    });

    describe('people and catalogue', () => {
      it('reads back users, suppliers and SKUs, filtering SKUs by supplier', async () => {
        expect((await store.listUsers()).map((u) => u.id).sort()).toEqual(users.map((u) => u.id).sort());
        expect(await store.getUser('u-leader-1')).toMatchObject({ role: 'leader', community: '阳光小区' });
        expect(await store.getUser('nobody')).toBeNull();
        expect((await store.listSuppliers()).map((s) => s.id).sort()).toEqual(['sup-eggs', 'sup-fruit']);
        expect(await store.getSupplier('sup-eggs')).toMatchObject({ bufferPolicy: { ratio: 0.3, fixed: 2 } });
        expect((await store.listSkus({ supplierId: 'sup-fruit' })).map((s) => s.id)).toEqual(['A001', 'A002']);
        expect((await store.listSkus()).length).toBe(3);
        expect((await store.getSkus(['B001', 'NOPE', 'A001'])).map((s) => s.id).sort()).toEqual(['A001', 'B001']);
        expect(await store.getSkus([])).toEqual([]);
      });

      it('updates a SKU in place when upserted again', async () => {
        await store.upsertSkus([{ ...skus[0]!, name: '赣南脐橙（特级）' }]);
        expect((await store.getSkus(['A001']))[0]!.name).toBe('赣南脐橙（特级）');
        expect((await store.listSkus()).length).toBe(3);
      });

      it('creates a supplier or a SKU only under a code nobody holds', async () => {
        expect(await store.createSku({ ...skus[0]!, id: 'A009', name: '新品' })).toBe(true);
        expect(await store.createSku({ ...skus[0]!, name: '冒名顶替' })).toBe(false);
        expect((await store.getSkus(['A001']))[0]!.name).toBe('赣南脐橙');
        expect((await store.getSkus(['A009']))[0]!.name).toBe('新品');
        expect(await store.createSupplier({ ...suppliers[0]!, id: 'sup-new', name: '新供应商' })).toBe(true);
        expect(await store.createSupplier({ ...suppliers[0]!, name: '冒名顶替' })).toBe(false);
        expect((await store.getSupplier('sup-fruit'))!.name).toBe('赣南果园直供');
      });

      it('finds people by invite code and binds an OPENID to one person only', async () => {
        expect((await store.findUserByInviteCode('LEAD-0001'))?.id).toBe('u-leader-1');
        expect(await store.findUserByInviteCode('NOPE')).toBeNull();
        expect(await store.bindOpenid('u-leader-1', 'oOPENID-1')).toBe(true);
        expect((await store.findUserByOpenid('oOPENID-1'))?.id).toBe('u-leader-1');
        expect(await store.bindOpenid('u-leader-2', 'oOPENID-1')).toBe(false);
        expect((await store.findUserByOpenid('oOPENID-1'))?.id).toBe('u-leader-1');
        expect(await store.bindOpenid('u-leader-1', 'oOPENID-1')).toBe(true);
        expect(await store.findUserByOpenid('nobody')).toBeNull();
      });

      it('keeps sessions until they are deleted', async () => {
        await store.createSession({ token: 'tok-1', userId: 'u-op', createdAt: T0 });
        expect(await store.findSession('tok-1')).toEqual({ token: 'tok-1', userId: 'u-op', createdAt: T0 });
        await store.deleteSession('tok-1');
        expect(await store.findSession('tok-1')).toBeNull();
      });

      it('answers the default settings until some are saved', async () => {
        expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
        const changed = { ...DEFAULT_SETTINGS, bufferPolicy: { ratio: 0.25, velocityFraction: 0.3 }, warningLine: 6, projection: true };
        await store.saveSettings(changed);
        expect(await store.getSettings()).toEqual(changed);
      });
    });

    describe('reports', () => {
      it('writes a new record, the report and its ledger entries together', async () => {
        const rep = report('sup-fruit', [['A001', 40], ['A002', 12]]);
        const writes = rep.lines.map((l) => ({ record: record(l.skuId, 'sup-fruit', l.onHand - 8, { onHand: l.onHand, buffer: 8, bufferRule: 'ratio', reportId: rep.id }), expectedVersion: 0 }));
        const ledger: LedgerEntry[] = writes.map((w) => ({ id: uid('led'), skuId: w.record.skuId, kind: 'report', at: T0, by: 'u-sup-fruit', refId: rep.id, qty: w.record.onHand, onHand: w.record.onHand, buffer: 8, committed: 0, sellable: w.record.sellable }));
        expect(await store.commitReport(rep, writes, ledger)).toBe('committed');
        expect(await store.listInventory(['A001', 'A002'])).toEqual(writes.map((w) => w.record));
        expect((await store.listInventory()).map((r) => r.skuId)).toEqual(['A001', 'A002']);
        expect(await store.listReports('sup-fruit', 10)).toEqual([rep]);
        expect(await store.listLedger('A001')).toEqual([ledger[0]]);
      });

      it('writes nothing at all when any record moved past its expected version', async () => {
        await stock(store, [['A001', 10], ['A002', 10]]);
        const rep = report('sup-fruit', [['A001', 50], ['A002', 50]], T0 + 1000);
        const writes = [
          { record: record('A001', 'sup-fruit', 50, { version: 2, reportId: rep.id }), expectedVersion: 1 },
          { record: record('A002', 'sup-fruit', 50, { version: 1, reportId: rep.id }), expectedVersion: 0 }, // stale
        ];
        const ledger: LedgerEntry[] = [{ id: uid('led'), skuId: 'A001', kind: 'report', at: T0, by: 'x', refId: rep.id, qty: 50 }];
        expect(await store.commitReport(rep, writes, ledger)).toBe('conflict');
        expect((await store.listInventory(['A001', 'A002'])).map((r) => [r.sellable, r.version])).toEqual([[10, 1], [10, 1]]);
        expect((await store.listReports('sup-fruit', 10)).map((r) => r.id)).not.toContain(rep.id);
        expect(await store.listLedger('A001')).toEqual([]);
      });

      it('applies a report id once: a second commit of the same report writes nothing', async () => {
        const rep = report('sup-fruit', [['A001', 5]]);
        const write = { record: record('A001', 'sup-fruit', 5, { reportId: rep.id }), expectedVersion: 0 };
        expect(await store.commitReport(rep, [write], [])).toBe('committed');
        const again = { record: record('A001', 'sup-fruit', 5, { reportId: rep.id, version: 2 }), expectedVersion: 1 };
        const ledger: LedgerEntry[] = [{ id: uid('led'), skuId: 'A001', kind: 'report', at: T0, by: 'x', refId: rep.id, qty: 5 }];
        expect(await store.commitReport(rep, [again], ledger)).toBe('duplicate');
        expect((await store.listInventory(['A001']))[0]!.version).toBe(1);
        expect(await store.listLedger('A001')).toEqual([]);
      });

      it('lists a supplier\'s reports newest first, up to the limit', async () => {
        for (let i = 0; i < 3; i++) await stock(store, [['A001', i + 1]]);
        const listed = await store.listReports('sup-fruit', 2);
        expect(listed.length).toBe(2);
        expect(await store.listReports('sup-eggs', 10)).toEqual([]);
      });
    });

    describe('reservations', () => {
      it('moves units from sellable to committed and stores the order, lines and ledger', async () => {
        await stock(store, [['A001', 10], ['A002', 5]]);
        const o = order('u-leader-1', [['A001', 3], ['A002', 2], ['A001', 1]]);
        const outcome = await store.reserve(o, totals([['A001', 3], ['A002', 2], ['A001', 1]]), reserveLedger(o));
        expect(outcome).toEqual({ kind: 'placed', order: o });
        const [a, b] = await store.listInventory(['A001', 'A002']);
        expect([a!.sellable, a!.committed, a!.version]).toEqual([6, 4, 2]);
        expect([b!.sellable, b!.committed, b!.version]).toEqual([3, 2, 2]);
        expect(await store.getOrder(o.id)).toEqual(o);
        expect((await store.listOrderLines({ skuIds: ['A001'], heldSince: 0 })).map((l) => l.qty)).toEqual([3, 1]);
        expect((await store.listLedger('A001')).map((e) => [e.kind, e.qty])).toEqual([['reserve', 4]]);
      });

      it('refuses the whole order, naming every short SKU with what is sellable, and changes nothing', async () => {
        await stock(store, [['A001', 10], ['A002', 1], ['B001', 0]]);
        const lines: Array<[string, number]> = [['A001', 2], ['A002', 3], ['B001', 1]];
        const o = order('u-leader-1', lines);
        const outcome = await store.reserve(o, totals(lines), reserveLedger(o));
        expect(outcome.kind).toBe('short');
        if (outcome.kind !== 'short') return;
        expect(outcome.short.sort((x, y) => x.skuId.localeCompare(y.skuId))).toEqual([
          { skuId: 'A002', requested: 3, sellable: 1 },
          { skuId: 'B001', requested: 1, sellable: 0 },
        ]);
        expect((await store.listInventory()).map((r) => [r.skuId, r.sellable, r.committed, r.version]))
          .toEqual([['A001', 10, 0, 1], ['A002', 1, 0, 1], ['B001', 0, 0, 1]]);
        expect(await store.getOrder(o.id)).toBeNull();
        expect(await store.listOrderLines({ skuIds: ['A001', 'A002', 'B001'] })).toEqual([]);
        expect(await store.listLedger('A001')).toEqual([]);
      });

      it('treats a SKU that was never reported as having nothing sellable', async () => {
        const o = order('u-leader-1', [['B001', 1]]);
        expect(await store.reserve(o, totals([['B001', 1]]), reserveLedger(o))).toEqual({ kind: 'short', short: [{ skuId: 'B001', requested: 1, sellable: 0 }] });
      });

      it('answers a second reservation of the same order id with the first order and reserves nothing twice', async () => {
        await stock(store, [['A001', 10]]);
        const o = order('u-leader-1', [['A001', 4]]);
        await store.reserve(o, totals([['A001', 4]]), reserveLedger(o));
        const again = await store.reserve({ ...o, placedAt: T0 + 5000 }, totals([['A001', 4]]), reserveLedger(o));
        expect(again).toEqual({ kind: 'duplicate', order: o });
        expect(await sellableOf(store, 'A001')).toBe(6);
      });

      it('keeps the first refusal stored under an order id', async () => {
        const refused = { ...order('u-leader-1', [['A001', 4]]), status: 'refused' as const, lines: [], short: [{ skuId: 'A001', requested: 4, sellable: 0 }] };
        expect(await store.recordRefusal(refused)).toEqual(refused);
        expect(await store.recordRefusal({ ...refused, placedAt: T0 + 1, short: [] })).toEqual(refused);
        expect(await store.getOrder(refused.id)).toEqual(refused);
      });

      it('200 concurrent single-unit orders against 50 sellable: exactly 50 accepted, 150 refused, sellable 0', async () => {
        await stock(store, [['A001', 50]]);
        const orders = Array.from({ length: 200 }, (_, i) => order(i % 2 ? 'u-leader-1' : 'u-leader-2', [['A001', 1]], T0 + i));
        const outcomes = await Promise.all(orders.map((o) => store.reserve(o, totals([['A001', 1]]), reserveLedger(o))));
        expect(outcomes.filter((x) => x.kind === 'placed').length).toBe(50);
        expect(outcomes.filter((x) => x.kind === 'short').length).toBe(150);
        const [rec] = await store.listInventory(['A001']);
        expect([rec!.sellable, rec!.committed]).toEqual([0, 50]);
        expect((await store.listOrderLines({ skuIds: ['A001'] })).length).toBe(50);
        expect((await store.listLedger('A001')).filter((e) => e.kind === 'reserve').length).toBe(50);
      }, 60_000);

      it('concurrent multi-line orders never take more than sellable on any SKU and leave no half order', async () => {
        await stock(store, [['A001', 20], ['A002', 7]]);
        const lines: Array<[string, number]> = [['A001', 2], ['A002', 1]];
        const orders = Array.from({ length: 30 }, (_, i) => order('u-leader-1', lines, T0 + i));
        const outcomes = await Promise.all(orders.map((o) => store.reserve(o, totals(lines), reserveLedger(o))));
        const placed = outcomes.filter((x) => x.kind === 'placed').length;
        expect(placed).toBe(7);
        const [a, b] = await store.listInventory(['A001', 'A002']);
        expect([a!.sellable, a!.committed, b!.sellable, b!.committed]).toEqual([20 - 2 * placed, 2 * placed, 0, placed]);
      }, 60_000);

      it('makes a report computed before a reservation conflict instead of overwriting it', async () => {
        await stock(store, [['A001', 10]]);
        const [before] = await store.listInventory(['A001']);
        const o = order('u-leader-1', [['A001', 2]]);
        await store.reserve(o, totals([['A001', 2]]), reserveLedger(o));
        const rep = report('sup-fruit', [['A001', 30]]);
        const stale = { record: record('A001', 'sup-fruit', 30, { version: before!.version + 1, reportId: rep.id }), expectedVersion: before!.version };
        expect(await store.commitReport(rep, [stale], [])).toBe('conflict');
        expect(await sellableOf(store, 'A001')).toBe(8);
      });
    });

    describe('refreshes', () => {
      it('replaces each record still at its version, answers the ones that moved, and logs only what was written', async () => {
        await stock(store, [['A001', 10], ['A002', 10]]);
        const o = order('u-leader-1', [['A002', 1]]);
        await store.reserve(o, totals([['A002', 1]]), reserveLedger(o)); // A002 moves to version 2
        const entry = (skuId: string): LedgerEntry => ({ id: uid('led'), skuId, kind: 'refresh', at: T0 + 1, by: 'system', refId: 'refresh', qty: 0, sellable: 7, committed: 0 });
        const conflicted = await store.commitRefresh([
          { record: record('A001', 'sup-fruit', 7, { version: 2, stale: true }), expectedVersion: 1, ledger: entry('A001') },
          { record: record('A002', 'sup-fruit', 7, { version: 2, stale: true }), expectedVersion: 1, ledger: entry('A002') },
        ]);
        expect(conflicted).toEqual(['A002']);
        const [a, b] = await store.listInventory(['A001', 'A002']);
        expect([a!.sellable, a!.stale, a!.version]).toEqual([7, true, 2]);
        expect([b!.sellable, b!.committed, b!.stale]).toEqual([9, 1, false]);
        expect((await store.listLedger('A001')).map((e) => e.kind)).toEqual(['refresh']);
        expect((await store.listLedger('A002')).map((e) => e.kind)).toEqual(['reserve']);
      });

      it('writes a record without a ledger entry when the refresh changed nothing worth logging', async () => {
        await stock(store, [['A001', 10]]);
        expect(await store.commitRefresh([{ record: record('A001', 'sup-fruit', 10, { version: 2, computedAt: T0 + 60_000 }), expectedVersion: 1 }])).toEqual([]);
        expect((await store.listInventory(['A001']))[0]!.computedAt).toBe(T0 + 60_000);
        expect(await store.listLedger('A001')).toEqual([]);
      });
    });

    describe('held reports', () => {
      const held = (id: string, supplierId: string, at: number): HeldReport => ({
        id, supplierId, report: { ...report(supplierId, [['A001', 300]], at), id }, jumps: [{ skuId: 'A001', last: 30, next: 300 }], status: 'held', heldAt: at,
      });

      it('keeps held reports, lists them newest first by supplier and status, and resolves each once', async () => {
        await store.holdReport(held('rep-h1', 'sup-fruit', T0));
        await store.holdReport(held('rep-h2', 'sup-fruit', T0 + 1000));
        await store.holdReport(held('rep-h3', 'sup-eggs', T0 + 2000));
        expect(await store.getHeldReport('rep-h1')).toEqual(held('rep-h1', 'sup-fruit', T0));
        expect(await store.getHeldReport('nope')).toBeNull();
        expect((await store.listHeldReports({ supplierId: 'sup-fruit' })).map((h) => h.id)).toEqual(['rep-h2', 'rep-h1']);
        expect((await store.listHeldReports({})).map((h) => h.id)).toEqual(['rep-h3', 'rep-h2', 'rep-h1']);

        expect(await store.resolveHeldReport('rep-h1', { status: 'confirmed', by: 'u-op', at: T0 + 5000 })).toBe(true);
        expect(await store.resolveHeldReport('rep-h1', { status: 'discarded', by: 'u-sup-fruit', at: T0 + 6000 })).toBe(false);
        expect(await store.getHeldReport('rep-h1')).toMatchObject({ status: 'confirmed', resolvedBy: 'u-op', resolvedAt: T0 + 5000 });
        expect((await store.listHeldReports({ status: 'held' })).map((h) => h.id)).toEqual(['rep-h3', 'rep-h2']);
        expect((await store.listHeldReports({ supplierId: 'sup-fruit', status: 'confirmed' })).map((h) => h.id)).toEqual(['rep-h1']);
        expect(await store.resolveHeldReport('nope', { status: 'discarded', by: 'x', at: T0 })).toBe(false);
      });
    });

    describe('order lines', () => {
      it('filters by SKU, by placement time and by whether a line still holds stock', async () => {
        await stock(store, [['A001', 100], ['A002', 100]]);
        const early = order('u-leader-1', [['A001', 1], ['A002', 2]], T0);
        const late = order('u-leader-2', [['A001', 5]], T0 + 3_600_000);
        for (const o of [early, late]) await store.reserve(o, totals(o.lines.map((l) => [l.skuId, l.qty])), reserveLedger(o));
        expect((await store.listOrderLines({ skuIds: ['A001'] })).map((l) => l.qty)).toEqual([1, 5]);
        expect((await store.listOrderLines({ skuIds: ['A001'], placedSince: T0 + 1 })).map((l) => l.orderId)).toEqual([late.id]);
        expect((await store.listOrderLines({ skuIds: ['A002', 'A001'], heldSince: 0 })).length).toBe(3);
        expect(await store.listOrderLines({ skuIds: [] })).toEqual([]);
      });

      it('leaves out cancelled lines, wholly short lines and lines shipped before heldSince', async () => {
        await stock(store, [['A001', 100]]);
        const o = order('u-leader-1', [['A001', 1], ['A001', 2], ['A001', 3], ['A001', 4], ['A001', 5]]);
        o.lines[1] = { ...o.lines[1]!, status: 'cancelled' };
        o.lines[2] = { ...o.lines[2]!, status: 'short', shortQty: 3 };
        o.lines[3] = { ...o.lines[3]!, status: 'shipped', shippedAt: T0 + 1000 };
        o.lines[4] = { ...o.lines[4]!, status: 'short', shortQty: 2 };
        await store.reserve(o, totals([['A001', 15]]), reserveLedger(o));
        expect((await store.listOrderLines({ skuIds: ['A001'], heldSince: T0 })).map((l) => l.qty)).toEqual([1, 4, 5]);
        expect((await store.listOrderLines({ skuIds: ['A001'], heldSince: T0 + 2000 })).map((l) => l.qty)).toEqual([1, 5]);
        expect((await store.listOrderLines({ skuIds: ['A001'] })).length).toBe(5);
        expect((await store.getOrder(o.id))!.lines).toEqual(o.lines);
      });
    });

    describe('ledger', () => {
      it('lists a SKU\'s entries oldest first, from a time when asked', async () => {
        await stock(store, [['A001', 100]]);
        for (const at of [T0 + 10, T0 + 20, T0 + 30]) {
          const o = order('u-leader-1', [['A001', 1]], at);
          await store.reserve(o, totals([['A001', 1]]), reserveLedger(o));
        }
        expect((await store.listLedger('A001')).map((e) => e.at)).toEqual([T0 + 10, T0 + 20, T0 + 30]);
        expect((await store.listLedger('A001', T0 + 20)).map((e) => e.at)).toEqual([T0 + 20, T0 + 30]);
      });
    });

    describe('settings', () => {
      it('fills settings saved by an older release with the defaults of newer fields', async () => {
        await store.saveSettings({ bufferPolicy: { fixed: 3 }, warningLine: 4 } as never);
        expect(await store.getSettings()).toEqual({ ...DEFAULT_SETTINGS, bufferPolicy: { fixed: 3 }, warningLine: 4 });
      });
    });
  });
}
