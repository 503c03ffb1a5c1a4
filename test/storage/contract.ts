// One contract for every StockStore adapter: SQLite (self-hosted) and the cloud
// database (through the real wx-server-sdk). Each adapter's test file calls this.
import type { Alert } from '../../cloudfunctions/src/domain/alerts';
import type { HeldReport, LedgerEntry, RemediationTask, Wave } from '../../cloudfunctions/src/domain/model';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import type { Stocktake } from '../../cloudfunctions/src/domain/stocktake';
import type { WebhookEvent } from '../../cloudfunctions/src/domain/webhook';
import type { InventoryWrite, StockStore } from '../../cloudfunctions/src/storage/port';
import { CUTOFF0, DAY0, T0, order, record, report, skus, suppliers, totals, uid, users } from '../fixtures/catalogue';
import { commitCount, reportEntry } from '../support/counts';
import { leaderAliasCases } from './contract-leader-aliases';
import { columnMappingCases } from './contract-column-mappings';
import { listingCases } from './contract-listings';

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
  expect(await commitCount(store, rep, writes)).toEqual([]);
}

const wave = (id: string): Wave => ({
  id, supplierId: id.split('_')[0]!, day: DAY0, status: 'closed', closedAt: CUTOFF0, deadlineAt: CUTOFF0 + 3_600_000,
});

/** A SKU's ledger apart from the counts that stocked it. */
const moves = async (store: StockStore, skuId: string, since?: number): Promise<LedgerEntry[]> =>
  (await store.listLedger(skuId, since)).filter((e) => e.kind !== 'report');

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

      it('keeps sessions by token hash until they are deleted, one or all of a person\'s, with their last use', async () => {
        await store.createSession({ tokenHash: 'h-1', userId: 'u-op', createdAt: T0, lastUsedAt: T0, device: 'Chrome on Android' });
        await store.createSession({ tokenHash: 'h-2', userId: 'u-op', createdAt: T0, lastUsedAt: T0 });
        await store.createSession({ tokenHash: 'h-3', userId: 'u-leader-1', createdAt: T0, lastUsedAt: T0 });
        expect(await store.findSession('h-1')).toEqual({ tokenHash: 'h-1', userId: 'u-op', createdAt: T0, lastUsedAt: T0, device: 'Chrome on Android' });
        await store.touchSession('h-2', T0 + 60_000);
        await store.touchSession('h-2', T0 + 30_000); // a late, older touch moves nothing back
        expect((await store.listSessions('u-op')).map((x) => [x.tokenHash, x.lastUsedAt])).toEqual([['h-2', T0 + 60_000], ['h-1', T0]]);
        await store.deleteSession('h-1');
        expect(await store.findSession('h-1')).toBeNull();
        expect(await store.deleteSessions('u-op')).toBe(1);
        expect(await store.listSessions('u-op')).toEqual([]);
        expect(await store.findSession('h-3')).not.toBeNull();
      });

      it('appends to a person\'s log and lists it newest first, a repeated entry once', async () => {
        const entry = (id: string, at: number, change: 'invited' | 'signedIn' | 'disabled') => ({ id, userId: 'u-leader-1', at, by: 'u-op', change });
        await store.addPeopleLog([entry('pl-1', T0, 'invited'), entry('pl-2', T0 + 10, 'signedIn')]);
        await store.addPeopleLog([entry('pl-2', T0 + 10, 'signedIn'), entry('pl-3', T0 + 20, 'disabled'), { ...entry('pl-4', T0 + 5, 'invited'), userId: 'u-leader-2' }]);
        expect((await store.listPeopleLog('u-leader-1', 10)).map((e) => e.id)).toEqual(['pl-3', 'pl-2', 'pl-1']);
        expect((await store.listPeopleLog('u-leader-1', 2)).map((e) => e.change)).toEqual(['disabled', 'signedIn']);
      });

      it('appends buffer changes and lists them newest first, of one supplier or all, a repeated one once', async () => {
        const change = (id: string, supplierId: string, at: number, ratio: number) => ({
          id, supplierId, at, by: 'u-op', to: { ratio }, basis: { observations: 40, waves: 10, coverage: 0.95, neededRatio: ratio },
        });
        await store.addBufferChanges([change('bc-1', 'sup-fruit', T0, 0.1), { ...change('bc-2', 'sup-eggs', T0 + 10, 0.3), from: { ratio: 0.2 } }]);
        await store.addBufferChanges([change('bc-1', 'sup-fruit', T0, 0.1), change('bc-3', 'sup-fruit', T0 + 20, 0.12)]);
        expect((await store.listBufferChanges({ supplierId: 'sup-fruit' }, 10)).map((c) => [c.id, c.to.ratio])).toEqual([['bc-3', 0.12], ['bc-1', 0.1]]);
        expect((await store.listBufferChanges({}, 2)).map((c) => c.id)).toEqual(['bc-3', 'bc-2']);
        expect((await store.listBufferChanges({ supplierId: 'sup-eggs' }, 10))[0]).toEqual({ ...change('bc-2', 'sup-eggs', T0 + 10, 0.3), from: { ratio: 0.2 } });
      });

      it('answers the default settings until some are saved', async () => {
        expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
        const changed = { ...DEFAULT_SETTINGS, bufferPolicy: { ratio: 0.25, velocityFraction: 0.3 }, warningLine: 6, projection: true };
        await store.saveSettings(changed);
        expect(await store.getSettings()).toEqual(changed);
      });
    });

    describe('leader aliases', () => leaderAliasCases(() => store));

    describe('column mappings', () => columnMappingCases(() => store));
    describe('storefront listings', () => listingCases(() => store));

    describe('reports', () => {
      it('keeps a report, then writes each SKU\'s record together with its ledger entry', async () => {
        const rep = report('sup-fruit', [['A001', 40], ['A002', 12]]);
        expect(await store.saveReport(rep)).toBe(true);
        expect(await store.getReport(rep.id)).toEqual({ report: rep, progress: { next: 0, deferred: [] } });
        const writes = rep.lines.map((l) => ({ record: record(l.skuId, 'sup-fruit', l.onHand - 8, { onHand: l.onHand, buffer: 8, bufferRule: 'ratio', reportId: rep.id }), expectedVersion: 0 }));
        const ledger = writes.map((w) => reportEntry(rep, w.record));
        expect(await store.commitReportLines(rep.id, writes.map((w, i) => ({ ...w, ledger: ledger[i]! })))).toEqual([]);
        expect(await store.listInventory(['A001', 'A002'])).toEqual(writes.map((w) => w.record));
        expect((await store.listInventory()).map((r) => r.skuId)).toEqual(['A001', 'A002']);
        expect(await store.listReports('sup-fruit', 10)).toEqual([rep]);
        expect(await store.listLedger('A001')).toEqual([ledger[0]]);
      });

      it('writes each SKU still at its expected version on its own and answers the ones that moved', async () => {
        await stock(store, [['A001', 10], ['A002', 10]]);
        const rep = report('sup-fruit', [['A001', 50], ['A002', 50]], T0 + 1000);
        const writes = [
          { record: record('A001', 'sup-fruit', 50, { version: 2, reportId: rep.id }), expectedVersion: 1 },
          { record: record('A002', 'sup-fruit', 50, { version: 1, reportId: rep.id }), expectedVersion: 0 }, // stale
        ];
        expect(await commitCount(store, rep, writes)).toEqual(['A002']);
        expect((await store.listInventory(['A001', 'A002'])).map((r) => [r.sellable, r.version])).toEqual([[50, 2], [10, 1]]);
        expect((await store.listLedger('A001')).map((e) => e.refId)).toContain(rep.id);
        expect((await store.listLedger('A002')).map((e) => e.refId)).not.toContain(rep.id);
      });

      it('keeps a report id once, and a SKU already written for it is not written again', async () => {
        const rep = report('sup-fruit', [['A001', 5]]);
        const write = { record: record('A001', 'sup-fruit', 5, { reportId: rep.id }), expectedVersion: 0 };
        expect(await commitCount(store, rep, [write])).toEqual([]);
        expect(await store.saveReport(rep)).toBe(false);
        const again = { record: record('A001', 'sup-fruit', 6, { reportId: rep.id, version: 2 }), expectedVersion: 1 };
        expect(await store.commitReportLines(rep.id, [{ ...again, ledger: reportEntry(rep, again.record) }])).toEqual([]);
        expect((await store.listInventory(['A001']))[0]!).toMatchObject({ version: 1, sellable: 5 });
        expect((await store.listLedger('A001')).length).toBe(1);
      });

      it('keeps a report\'s progress, and lists the unfinished ones oldest first', async () => {
        const older = report('sup-fruit', [['A001', 5], ['A002', 6]], T0);
        const newer = report('sup-fruit', [['A001', 7]], T0 + 60_000);
        const done = report('sup-fruit', [['A002', 8]], T0 + 30_000);
        for (const r of [newer, older, done]) await store.saveReport(r);
        await store.saveReportProgress(older.id, { next: 2, deferred: ['A002'], at: T0 + 5 });
        await store.saveReportProgress(done.id, { next: 1, deferred: [], at: T0 + 31_000, finishedAt: T0 + 31_000 });
        expect(await store.getReport(older.id)).toEqual({ report: older, progress: { next: 2, deferred: ['A002'], at: T0 + 5 } });
        expect((await store.getReport(done.id))!.progress.finishedAt).toBe(T0 + 31_000);
        expect((await store.listUnfinishedReports(10)).map((k) => k.report.id)).toEqual([older.id, newer.id]);
        expect((await store.listUnfinishedReports(1)).map((k) => k.report.id)).toEqual([older.id]);
        expect(await store.getReport('no-such-report')).toBeNull();
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
        expect((await moves(store, 'A001')).map((e) => [e.kind, e.qty])).toEqual([['reserve', 4]]);
      });

      it('lists the ledger of several SKUs from a time, oldest first, up to a limit', async () => {
        await stock(store, [['A001', 10], ['A002', 5], ['B001', 5]]);
        const first = order('u-leader-1', [['A001', 1], ['A002', 1]]);
        const later = { ...order('u-leader-2', [['A001', 2], ['B001', 1]]), placedAt: first.placedAt + 1000 };
        await store.reserve(first, totals([['A001', 1], ['A002', 1]]), reserveLedger(first));
        await store.reserve(later, totals([['A001', 2], ['B001', 1]]), reserveLedger(later));
        const since = await store.listLedgerSince(['A001', 'A002'], first.placedAt, 10);
        const reserves = since.filter((e) => e.kind === 'reserve');
        expect(reserves.map((e) => e.refId)).toEqual([first.id, first.id, later.id]);
        expect(reserves.slice(0, 2).map((e) => e.skuId).sort()).toEqual(['A001', 'A002']);
        expect(reserves[2]!.skuId).toBe('A001');
        expect(since.map((e) => e.at)).toEqual([...since.map((e) => e.at)].sort((x, y) => x - y));
        expect((await store.listLedgerSince(['A001', 'A002'], first.placedAt + 1, 10)).map((e) => [e.refId, e.skuId])).toEqual([[later.id, 'A001']]);
        expect(await store.listLedgerSince(['A001', 'A002', 'B001'], first.placedAt, 2)).toHaveLength(2);
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
        expect(await store.getOrder(o.id)).toMatchObject({ status: 'refused', lines: [], short: [{ skuId: 'A002' }, { skuId: 'B001' }] });
        expect(await store.listOrderLines({ skuIds: ['A001', 'A002', 'B001'] })).toEqual([]);
        expect(await moves(store, 'A001')).toEqual([]);
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
        expect(await commitCount(store, rep, [stale])).toEqual(['A001']);
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
        expect((await moves(store, 'A001')).map((e) => e.kind)).toEqual(['refresh']);
        expect((await moves(store, 'A002')).map((e) => e.kind)).toEqual(['reserve']);
      });

      it('writes a record without a ledger entry when the refresh changed nothing worth logging', async () => {
        await stock(store, [['A001', 10]]);
        expect(await store.commitRefresh([{ record: record('A001', 'sup-fruit', 10, { version: 2, computedAt: T0 + 60_000 }), expectedVersion: 1 }])).toEqual([]);
        expect((await store.listInventory(['A001']))[0]!.computedAt).toBe(T0 + 60_000);
        expect(await moves(store, 'A001')).toEqual([]);
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

      it('reads held reports by id, those that exist', async () => {
        await store.holdReport(held('rep-h1', 'sup-fruit', T0));
        await store.holdReport(held('rep-h2', 'sup-eggs', T0 + 1000));
        expect(await store.getHeldReports([])).toEqual([]);
        expect((await store.getHeldReports(['rep-h2', 'nope', 'rep-h1'])).map((h) => h.id).sort()).toEqual(['rep-h1', 'rep-h2']);
        expect(await store.getHeldReports(['rep-h1'])).toEqual([held('rep-h1', 'sup-fruit', T0)]);
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

    describe('rations', () => {
      const ledgerOf = (o: ReturnType<typeof order>) => reserveLedger(o);

      it('counts a leader\'s placed units per SKU for a business day', async () => {
        await stock(store, [['A001', 100], ['A002', 100]]);
        for (const [leader, lines] of [['u-leader-1', [['A001', 3], ['A002', 1]]], ['u-leader-1', [['A001', 2]]], ['u-leader-2', [['A001', 7]]]] as const) {
          const o = order(leader, lines.map(([k, q]) => [k, q]));
          await store.reserve(o, totals(lines.map(([k, q]) => [k, q])), ledgerOf(o));
        }
        expect(await store.rationHeld('u-leader-1', DAY0, ['A001', 'A002', 'B001'])).toEqual(new Map([['A001', 5], ['A002', 1], ['B001', 0]]));
        expect(await store.rationHeld('u-leader-1', '2026-11-27', ['A001'])).toEqual(new Map([['A001', 0]]));
      });

      it('refuses a reservation that would pass the leader\'s ration, taking nothing, and lets others through', async () => {
        await stock(store, [['A001', 100], ['A002', 100]]);
        const first = order('u-leader-1', [['A001', 3]]);
        expect((await store.reserve(first, totals([['A001', 3]]), ledgerOf(first), new Map([['A001', 4]]))).kind).toBe('placed');
        const over = order('u-leader-1', [['A001', 2], ['A002', 1]]);
        expect(await store.reserve(over, totals([['A001', 2], ['A002', 1]]), ledgerOf(over), new Map([['A001', 4]]))).toEqual({ kind: 'rationed', skuIds: ['A001'] });
        expect((await store.listInventory(['A001', 'A002'])).map((r) => r.sellable)).toEqual([97, 100]);
        expect(await store.getOrder(over.id)).toBeNull();
        const other = order('u-leader-2', [['A001', 4]]);
        expect((await store.reserve(other, totals([['A001', 4]]), ledgerOf(other), new Map([['A001', 4]]))).kind).toBe('placed');
      });

      it('20 concurrent orders of one leader never hold more than the ration together', async () => {
        await stock(store, [['A001', 100]]);
        const orders = Array.from({ length: 20 }, (_, i) => order('u-leader-1', [['A001', 1]], T0 + i));
        const outcomes = await Promise.all(orders.map((o) => store.reserve(o, totals([['A001', 1]]), ledgerOf(o), new Map([['A001', 5]]))));
        expect(outcomes.filter((o) => o.kind === 'placed').length).toBe(5);
        expect(outcomes.filter((o) => o.kind !== 'placed').every((o) => o.kind === 'rationed')).toBe(true);
        expect(await store.rationHeld('u-leader-1', DAY0, ['A001'])).toEqual(new Map([['A001', 5]]));
        expect(await sellableOf(store, 'A001')).toBe(95);
      }, 60_000);

      it('a grown line counts against the ration; a cancelled one frees its share', async () => {
        await stock(store, [['A001', 100]]);
        const o = order('u-leader-1', [['A001', 3]]);
        await store.reserve(o, totals([['A001', 3]]), ledgerOf(o));
        const grow = (expectedQty: number, newQty: number) => ({
          lineId: o.lines[0]!.id, expectedQty, newQty, at: T0 + 100, ration: 4,
          ledger: { id: uid('led'), skuId: 'A001', kind: newQty > expectedQty ? 'reserve' as const : 'cancel' as const, at: T0 + 100, by: 'u-leader-1', refId: o.id, qty: Math.abs(newQty - expectedQty) },
        });
        expect(await store.changeLine(grow(3, 5))).toEqual({ kind: 'rationed', left: 1 });
        expect(await store.changeLine(grow(3, 4))).toMatchObject({ kind: 'changed' });
        expect(await store.changeLine(grow(4, 0))).toMatchObject({ kind: 'changed' });
        expect(await store.rationHeld('u-leader-1', DAY0, ['A001'])).toEqual(new Map([['A001', 0]]));
      });
    });

    describe('order numbers', () => {
      it('numbers a leader\'s orders of a day 1, 2, 3…, each leader and day on its own', async () => {
        expect(await store.claimOrderNumber('u-leader-1', DAY0)).toBe(1);
        expect(await store.claimOrderNumber('u-leader-1', DAY0)).toBe(2);
        expect(await store.claimOrderNumber('u-leader-2', DAY0)).toBe(1);
        expect(await store.claimOrderNumber('u-leader-1', '2026-11-27')).toBe(1);
        expect(await store.claimOrderNumber('u-leader-1', DAY0)).toBe(3);
      });

      it('30 concurrent claims of one leader and day get 30 different numbers, 1 to 30', async () => {
        const claims = await Promise.all(Array.from({ length: 30 }, () => store.claimOrderNumber('u-leader-1', DAY0)));
        expect([...claims].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      }, 60_000);
    });

    describe('settling placements', () => {
      it('has nothing to settle when every placement finished', async () => {
        await stock(store, [['A001', 10]]);
        const o = order('u-leader-1', [['A001', 2]]);
        await store.reserve(o, totals([['A001', 2]]), reserveLedger(o));
        expect(await store.settleOrders()).toEqual({ placed: 0, abandoned: 0 });
        expect(store.settleMs).toBeGreaterThanOrEqual(0);
      });
    });

    describe('units placed and job marks', () => {
      it('totals our placed units per SKU within a window, cancelled and short units left out', async () => {
        await stock(store, [['A001', 100], ['A002', 100]]);
        const place = async (lines: Array<[string, number]>, at: number) => {
          const o = order('u-leader-1', lines, at);
          await store.reserve(o, totals(lines), reserveLedger(o));
          return o;
        };
        await place([['A001', 5]], T0 - 8 * 86_400_000); // before the window
        await place([['A001', 3], ['A002', 2]], T0 - 86_400_000);
        const cancelled = await place([['A001', 4]], T0 - 3_600_000);
        await store.changeLine({ lineId: cancelled.lines[0]!.id, expectedQty: 4, newQty: 0, at: T0, ledger: { id: uid('led'), skuId: 'A001', kind: 'cancel', at: T0, by: 'u', refId: cancelled.id, qty: 4 } });
        await place([['A001', 1]], T0 + 1); // after it
        expect(await store.unitsPlaced(['A001', 'A002', 'B001'], T0 - 7 * 86_400_000, T0)).toEqual(new Map([['A001', 3], ['A002', 2]]));
      });

      it('keeps when each job last completed, never moving a mark backwards', async () => {
        expect(await store.getJobRun('closeDueWaves')).toBeNull();
        await store.recordJobRun('closeDueWaves', T0 + 300_000);
        await store.recordJobRun('closeDueWaves', T0); // a slow run finishing late
        await store.recordJobRun('remindReports', T0 + 5);
        expect(await store.getJobRun('closeDueWaves')).toBe(T0 + 300_000);
        expect(await store.getJobRun('remindReports')).toBe(T0 + 5);
      });
    });

    describe('ledger', () => {
      it('lists a SKU\'s entries oldest first, from a time when asked', async () => {
        await stock(store, [['A001', 100]]);
        for (const at of [T0 + 10, T0 + 20, T0 + 30]) {
          const o = order('u-leader-1', [['A001', 1]], at);
          await store.reserve(o, totals([['A001', 1]]), reserveLedger(o));
        }
        expect((await moves(store, 'A001')).map((e) => e.at)).toEqual([T0 + 10, T0 + 20, T0 + 30]);
        expect((await moves(store, 'A001', T0 + 20)).map((e) => e.at)).toEqual([T0 + 20, T0 + 30]);
      });
    });

    describe('settings', () => {
      it('fills settings saved by an older release with the defaults of newer fields', async () => {
        await store.saveSettings({ bufferPolicy: { fixed: 3 }, warningLine: 4 } as never);
        expect(await store.getSettings()).toEqual({ ...DEFAULT_SETTINGS, bufferPolicy: { fixed: 3 }, warningLine: 4 });
      });

      it('keeps every saved version, with who saved it and when', async () => {
        expect(await store.currentSettings()).toEqual({ version: 0, settings: DEFAULT_SETTINGS, by: 'system', at: 0 });
        const first = { ...DEFAULT_SETTINGS, warningLine: 6 };
        const second = { ...DEFAULT_SETTINGS, warningLine: 8, cutoffTime: '21:30' };
        expect(await store.saveSettings(first, { by: 'u-op', at: T0, expectedVersion: 0 })).toEqual({ saved: true, version: 1 });
        expect(await store.saveSettings(second, { by: 'u-op-2', at: T0 + 60_000, expectedVersion: 1 })).toEqual({ saved: true, version: 2 });
        expect(await store.currentSettings()).toEqual({ version: 2, settings: second, by: 'u-op-2', at: T0 + 60_000 });
        expect(await store.listSettingsHistory(10)).toEqual([
          { version: 2, settings: second, by: 'u-op-2', at: T0 + 60_000 },
          { version: 1, settings: first, by: 'u-op', at: T0 },
        ]);
        expect((await store.listSettingsHistory(1)).map((v) => v.version)).toEqual([2]);
      });

      it('refuses a save started from a version someone has since replaced, answering what is current', async () => {
        const theirs = { ...DEFAULT_SETTINGS, warningLine: 6 };
        await store.saveSettings(theirs, { by: 'u-op', at: T0, expectedVersion: 0 });
        const outcome = await store.saveSettings({ ...DEFAULT_SETTINGS, warningLine: 9 }, { by: 'u-op-2', at: T0 + 1, expectedVersion: 0 });
        expect(outcome).toEqual({ saved: false, current: { version: 1, settings: theirs, by: 'u-op', at: T0 } });
        expect(await store.getSettings()).toEqual(theirs);
      });

      it('refuses a save from a version that was never saved, answering the defaults as current', async () => {
        expect(await store.saveSettings({ ...DEFAULT_SETTINGS, warningLine: 3 }, { by: 'u-op', at: T0, expectedVersion: 4 }))
          .toEqual({ saved: false, current: { version: 0, settings: DEFAULT_SETTINGS, by: 'system', at: 0 } });
      });

      it('lets exactly one of two saves from the same version through', async () => {
        const outcomes = await Promise.all([6, 7, 8].map((line) => store.saveSettings({ ...DEFAULT_SETTINGS, warningLine: line }, { by: 'u-op', at: T0, expectedVersion: 0 })));
        expect(outcomes.filter((o) => o.saved).length).toBe(1);
        expect((await store.listSettingsHistory(10)).length).toBe(1);
      });
    });

    describe('line changes before cutoff', () => {
      const change = (lineId: string, expectedQty: number, newQty: number) => ({
        lineId, expectedQty, newQty, at: T0 + 100,
        ledger: { id: uid('led'), skuId: 'A001', kind: newQty > expectedQty ? 'reserve' as const : 'cancel' as const, at: T0 + 100, by: 'u-leader-1', refId: 'o', qty: Math.abs(newQty - expectedQty) },
      });

      it('cancels a placed line and puts its units back on sale at once', async () => {
        await stock(store, [['A001', 10]]);
        const o = order('u-leader-1', [['A001', 4]]);
        await store.reserve(o, totals([['A001', 4]]), reserveLedger(o));
        const outcome = await store.changeLine(change(o.lines[0]!.id, 4, 0));
        expect(outcome).toMatchObject({ kind: 'changed', line: { status: 'cancelled', cancelledAt: T0 + 100, qty: 4 } });
        expect((await store.listInventory(['A001'])).map((r) => [r.sellable, r.committed])).toEqual([[10, 0]]);
        expect((await store.getOrderLines([o.lines[0]!.id]))[0]!.status).toBe('cancelled');
        expect(await store.listOrderLines({ skuIds: ['A001'], heldSince: 0 })).toEqual([]);
        expect((await moves(store, 'A001')).map((e) => [e.kind, e.qty])).toEqual([['reserve', 4], ['cancel', 4]]);
      });

      it('grows a line only where sellable covers the difference, and shrinks it releasing the rest', async () => {
        await stock(store, [['A001', 10]]);
        const o = order('u-leader-1', [['A001', 4]]);
        await store.reserve(o, totals([['A001', 4]]), reserveLedger(o));
        expect(await store.changeLine(change(o.lines[0]!.id, 4, 11))).toEqual({ kind: 'short', sellable: 6 });
        expect(await store.changeLine(change(o.lines[0]!.id, 4, 10))).toMatchObject({ kind: 'changed', line: { qty: 10 } });
        expect((await store.listInventory(['A001']))[0]!.sellable).toBe(0);
        expect(await store.changeLine(change(o.lines[0]!.id, 10, 3))).toMatchObject({ kind: 'changed', line: { qty: 3 } });
        expect((await store.listInventory(['A001'])).map((r) => [r.sellable, r.committed])).toEqual([[7, 3]]);
      });

      it('changes nothing for a line that moved on (forwarded) or that someone else changed first', async () => {
        await stock(store, [['A001', 10]]);
        const o = order('u-leader-1', [['A001', 4]]);
        await store.reserve(o, totals([['A001', 4]]), reserveLedger(o));
        expect(await store.changeLine(change(o.lines[0]!.id, 3, 0))).toEqual({ kind: 'gone' });
        expect(await store.changeLine(change('nope', 4, 0))).toEqual({ kind: 'gone' });
        await store.closeWave(wave(o.lines[0]!.waveId));
        expect(await store.changeLine(change(o.lines[0]!.id, 4, 0))).toEqual({ kind: 'gone' });
        expect((await store.listInventory(['A001']))[0]!.sellable).toBe(6);
      });

      it('releases no more than the count allows when it has fallen below what was committed', async () => {
        await stock(store, [['A001', 10]]);
        const o = order('u-leader-1', [['A001', 8]]);
        await store.reserve(o, totals([['A001', 8]]), reserveLedger(o));
        // A later count found only 5 on hand: committed 8 exceeds it, sellable is 0.
        const [rec] = await store.listInventory(['A001']);
        const rep = report('sup-fruit', [['A001', 5]], T0 + 10);
        await commitCount(store, rep, [{ record: { ...rec!, onHand: 5, projectedOnHand: 5, sellable: 0, version: rec!.version + 1, reportId: rep.id }, expectedVersion: rec!.version }]);
        await store.changeLine(change(o.lines[0]!.id, 8, 6));
        expect((await store.listInventory(['A001'])).map((r) => [r.sellable, r.committed])).toEqual([[0, 6]]);
        await store.changeLine(change(o.lines[0]!.id, 6, 0));
        expect((await store.listInventory(['A001'])).map((r) => [r.sellable, r.committed])).toEqual([[5, 0]]);
      });
    });

    describe('waves', () => {
      const placeFor = async (leaderId: string, lines: Array<[string, number]>, at = T0) => {
        const o = order(leaderId, lines, at);
        expect((await store.reserve(o, totals(lines), reserveLedger(o))).kind).toBe('placed');
        return o;
      };

      it('closes a wave by forwarding its placed lines, once, and a rerun forwards only stragglers', async () => {
        await stock(store, [['A001', 100], ['A002', 100], ['B001', 100]]);
        const a = await placeFor('u-leader-1', [['A001', 2], ['A002', 1]]);
        await placeFor('u-leader-2', [['B001', 5]]);
        const w = wave(`sup-fruit_${DAY0}`);
        expect(await store.closeWave(w)).toEqual({ wave: w, forwarded: 2 });
        expect((await store.getOrderLines(a.lines.map((l) => l.id))).map((l) => [l.status, l.forwardedAt])).toEqual([['forwarded', CUTOFF0], ['forwarded', CUTOFF0]]);
        expect((await store.listOrderLines({ waveId: `sup-eggs_${DAY0}` }))[0]!.status).toBe('placed');
        const straggler = await placeFor('u-leader-2', [['A001', 1]], T0 + 5);
        expect(await store.closeWave({ ...w, deadlineAt: 0 })).toEqual({ wave: w, forwarded: 1 });
        expect((await store.getOrderLines([straggler.lines[0]!.id]))[0]!.status).toBe('forwarded');
        expect((await store.closeWave(w)).forwarded).toBe(0);
        expect(await store.getWave(w.id)).toEqual(w);
      });

      it('closes many waves at once as closeWave would each: counts per wave, nothing into a confirmed wave, stragglers on a rerun', async () => {
        await stock(store, [['A001', 100], ['A002', 100], ['B001', 100]]);
        const eggs = wave(`sup-eggs_${DAY0}`);
        await placeFor('u-leader-1', [['B001', 1]]);
        expect(await store.closeWave(eggs)).toEqual({ wave: eggs, forwarded: 1 });
        expect(await store.confirmWave({ waveId: eggs.id, by: 'u-op', at: CUTOFF0 + 1, onBehalf: true, shipQty: { B001: 1 }, shortBySku: { B001: 0 }, shortByLine: {}, ledger: [] })).toBe(true);
        const placed = [];
        for (let i = 0; i < 6; i++) placed.push(await placeFor(i % 2 ? 'u-leader-1' : 'u-leader-2', [['A001', 1 + i], ['A002', 1]], T0 + i));
        const late = await placeFor('u-leader-2', [['B001', 2]], T0 + 9);
        const fruit = wave(`sup-fruit_${DAY0}`);
        const [f, e] = await store.closeWaves([fruit, eggs]);
        expect(f).toEqual({ wave: fruit, forwarded: 12 });
        expect(e!.forwarded).toBe(0);
        expect(e!.wave.status).toBe('confirmed');
        const lines = await store.getOrderLines(placed.flatMap((o) => o.lines.map((l) => l.id)));
        expect(lines.map((l) => [l.status, l.forwardedAt])).toEqual(lines.map(() => ['forwarded', CUTOFF0]));
        const qtyOf = new Map(placed.flatMap((o) => o.lines.map((l) => [l.id, l.qty] as const)));
        expect(lines.map((l) => l.qty)).toEqual(lines.map((l) => qtyOf.get(l.id)));
        expect(lines.length).toBe(12);
        expect((await store.getOrderLines([late.lines[0]!.id]))[0]!.status).toBe('placed');
        // A rerun after a few stragglers: only they move.
        const straggler = await placeFor('u-leader-1', [['A002', 3]], T0 + 20);
        expect((await store.closeWaves([fruit, eggs])).map((r) => r.forwarded)).toEqual([1, 0]);
        expect((await store.getOrderLines([straggler.lines[0]!.id]))[0]).toMatchObject({ status: 'forwarded', forwardedAt: CUTOFF0, qty: 3 });
        expect((await store.closeWaves([fruit])).map((r) => r.forwarded)).toEqual([0]);
        expect(await store.closeWaves([])).toEqual([]);
      });

      it('finds lines by wave, leader, day, status and cutoff', async () => {
        await stock(store, [['A001', 100], ['B001', 100]]);
        await placeFor('u-leader-1', [['A001', 2], ['B001', 1]]);
        await placeFor('u-leader-2', [['A001', 3]]);
        expect((await store.listOrderLines({ waveId: `sup-fruit_${DAY0}` })).map((l) => l.qty)).toEqual([2, 3]);
        expect((await store.listOrderLines({ leaderId: 'u-leader-1', day: DAY0 })).length).toBe(2);
        expect((await store.listOrderLines({ status: ['placed'], cutoffBefore: CUTOFF0 })).length).toBe(3);
        expect(await store.listOrderLines({ status: ['placed'], cutoffBefore: CUTOFF0 - 1 })).toEqual([]);
        expect(await store.listOrderLines({ leaderId: 'u-leader-2', day: '2026-11-27' })).toEqual([]);
      });

      it('confirms a wave whole: lines confirmed or short, short units out of committed and onHand, sellable untouched', async () => {
        await stock(store, [['A001', 10], ['A002', 10]]);
        const a = await placeFor('u-leader-1', [['A001', 4], ['A002', 2]]);
        const b = await placeFor('u-leader-2', [['A001', 3]], T0 + 1);
        const w = wave(`sup-fruit_${DAY0}`);
        await store.closeWave(w);
        const ledger: LedgerEntry[] = [{ id: `short_${w.id}_A001`, skuId: 'A001', kind: 'shortage', at: CUTOFF0 + 10, by: 'u-sup-fruit', refId: w.id, qty: 2 }];
        const confirmation = { waveId: w.id, by: 'u-sup-fruit', at: CUTOFF0 + 10, onBehalf: false, shipQty: { A001: 5, A002: 2 }, shortBySku: { A001: 2, A002: 0 }, shortByLine: { [b.lines[0]!.id]: 2 }, ledger };
        expect(await store.confirmWave(confirmation)).toBe(true);
        expect(await store.confirmWave(confirmation)).toBe(false);
        const lines = await store.listOrderLines({ waveId: w.id });
        expect(lines.map((l) => [l.id, l.status, l.shortQty])).toEqual([[a.lines[0]!.id, 'confirmed', 0], [a.lines[1]!.id, 'confirmed', 0], [b.lines[0]!.id, 'short', 2]]);
        const [rec] = await store.listInventory(['A001']);
        expect([rec!.onHand, rec!.committed, rec!.sellable]).toEqual([8, 5, 3]);
        expect(await store.getWave(w.id)).toMatchObject({ status: 'confirmed', confirmedBy: 'u-sup-fruit', confirmedOnBehalf: false, shipQty: { A001: 5, A002: 2 }, shortBySku: { A001: 2, A002: 0 } });
        expect((await store.listLedger('A001')).filter((e) => e.kind === 'shortage').map((e) => e.qty)).toEqual([2]);
        expect((await store.listOrderLines({ skuIds: ['A001'], heldSince: 0 })).map((l) => l.qty - l.shortQty)).toEqual([4, 1]);
      });

      it('escalates an unconfirmed wave once, and ships a confirmed one', async () => {
        await stock(store, [['A001', 10]]);
        const a = await placeFor('u-leader-1', [['A001', 4]]);
        const w = wave(`sup-fruit_${DAY0}`);
        await store.closeWave(w);
        expect(await store.shipWave(w.id, CUTOFF0 + 20)).toBe(false);
        expect(await store.escalateWave(w.id, CUTOFF0 + 3_600_000)).toBe(true);
        expect(await store.escalateWave(w.id, CUTOFF0 + 3_900_000)).toBe(false);
        expect((await store.getWave(w.id))!.escalatedAt).toBe(CUTOFF0 + 3_600_000);
        await store.confirmWave({ waveId: w.id, by: 'u-op', at: CUTOFF0 + 4_000_000, onBehalf: true, shipQty: { A001: 4 }, shortBySku: { A001: 0 }, shortByLine: {}, ledger: [] });
        expect(await store.escalateWave(w.id, CUTOFF0 + 4_100_000)).toBe(false);
        expect(await store.shipWave(w.id, CUTOFF0 + 5_000_000)).toBe(true);
        expect(await store.shipWave(w.id, CUTOFF0 + 6_000_000)).toBe(false);
        expect((await store.getOrderLines([a.lines[0]!.id]))[0]).toMatchObject({ status: 'shipped', shippedAt: CUTOFF0 + 5_000_000 });
        expect((await store.listOrderLines({ skuIds: ['A001'], heldSince: CUTOFF0 + 5_000_001 }))).toEqual([]);
        expect((await store.listWaves({ supplierId: 'sup-fruit' })).map((x) => [x.id, x.status, x.confirmedOnBehalf])).toEqual([[w.id, 'shipped', true]]);
      });

      it('lists the waves due at a cutoff, one per wave, from its placed lines', async () => {
        await stock(store, [['A001', 100], ['A002', 100], ['B001', 100]]);
        await placeFor('u-leader-1', [['A001', 2], ['A002', 1]]);
        await placeFor('u-leader-2', [['A001', 1], ['B001', 5]]);
        expect(await store.listDueWaves(CUTOFF0)).toEqual([
          { waveId: `sup-eggs_${DAY0}`, supplierId: 'sup-eggs', day: DAY0, cutoffAt: CUTOFF0 },
          { waveId: `sup-fruit_${DAY0}`, supplierId: 'sup-fruit', day: DAY0, cutoffAt: CUTOFF0 },
        ]);
        expect(await store.listDueWaves(CUTOFF0 - 1)).toEqual([]);
        await store.closeWave(wave(`sup-fruit_${DAY0}`));
        expect((await store.listDueWaves(CUTOFF0)).map((d) => d.waveId)).toEqual([`sup-eggs_${DAY0}`]);
      });

      it('never forwards a line into a wave already confirmed: its pick list was answered', async () => {
        await stock(store, [['A001', 100]]);
        await placeFor('u-leader-1', [['A001', 2]]);
        const w = wave(`sup-fruit_${DAY0}`);
        await store.closeWave(w);
        await store.confirmWave({ waveId: w.id, by: 'u-sup-fruit', at: CUTOFF0 + 10, onBehalf: false, shipQty: { A001: 2 }, shortBySku: { A001: 0 }, shortByLine: {}, ledger: [] });
        const late = await placeFor('u-leader-2', [['A001', 1]], T0 + 5);
        expect((await store.closeWave(w)).forwarded).toBe(0);
        expect((await store.getOrderLines([late.lines[0]!.id]))[0]!.status).toBe('placed');
        expect((await store.getWave(w.id))!.status).toBe('confirmed');
      });

      it('lists waves newest day first, by supplier, status and day', async () => {
        for (const [supplierId, day] of [['sup-fruit', '2026-11-25'], ['sup-fruit', DAY0], ['sup-eggs', DAY0]] as const) {
          await store.closeWave({ ...wave(`${supplierId}_${day}`), supplierId, day });
        }
        expect((await store.listWaves({})).map((w) => w.id)).toEqual([`sup-eggs_${DAY0}`, `sup-fruit_${DAY0}`, 'sup-fruit_2026-11-25']);
        expect((await store.listWaves({ supplierId: 'sup-fruit', day: DAY0 })).map((w) => w.id)).toEqual([`sup-fruit_${DAY0}`]);
        expect(await store.listWaves({ status: 'shipped' })).toEqual([]);
      });
    });

    describe('remediation tasks', () => {
      const task = (id: string, leaderId: string, openedAt: number): RemediationTask => ({
        id, lineId: `line-${id}`, orderId: 'o', leaderId, waveId: 'w', skuId: 'A001', shortQty: 2, status: 'open', openedAt, customer: '3号 王姐',
      });

      it('creates each task once, lists them oldest first, and updates only from the expected status', async () => {
        await store.createTasks([task('rem-1', 'u-leader-1', T0 + 2), task('rem-2', 'u-leader-2', T0 + 1)]);
        await store.createTasks([{ ...task('rem-1', 'u-leader-1', T0 + 9), shortQty: 99 }]);
        expect(await store.getTask('rem-1')).toEqual(task('rem-1', 'u-leader-1', T0 + 2));
        expect((await store.listTasks({})).map((t) => t.id)).toEqual(['rem-2', 'rem-1']);
        expect((await store.listTasks({ leaderId: 'u-leader-1' })).map((t) => t.id)).toEqual(['rem-1']);
        expect(await store.updateTask('rem-1', 'open', { status: 'resolved', outcome: 'refund', couponValue: 500, resolvedAt: T0 + 50 })).toBe(true);
        expect(await store.updateTask('rem-1', 'open', { status: 'resolved', outcome: 'substitute' })).toBe(false);
        expect(await store.getTask('rem-1')).toMatchObject({ status: 'resolved', outcome: 'refund', couponValue: 500 });
        expect((await store.listTasks({ status: 'open' })).map((t) => t.id)).toEqual(['rem-2']);
        expect(await store.getTask('nope')).toBeNull();
      });
    });

    describe('alerts, consents and flags', () => {
      const alert = (id: string, userId: string, at: number): Alert => ({
        id, userId, kind: 'lowStock', title: '库存预警', body: '赣南脐橙可售只剩 3 件', link: '/pages/stock/history/index?skuId=A001',
        fields: { subject: '赣南脐橙 5斤装', detail: '可售 3 件', time: at, quantity: 3, status: '库存紧张' }, at, deliveries: [],
      });

      it('stores each alert once, answers only the new ones, lists them newest first and marks them read', async () => {
        const fresh = await store.addAlerts([alert('a1', 'u-op', T0), alert('a2', 'u-op', T0 + 5), alert('a3', 'u-sup-fruit', T0)]);
        expect(fresh.map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
        expect((await store.addAlerts([alert('a1', 'u-op', T0 + 9), alert('a4', 'u-op', T0 + 1)])).map((a) => a.id)).toEqual(['a4']);
        expect((await store.listAlerts('u-op', 10)).map((a) => a.id)).toEqual(['a2', 'a4', 'a1']);
        expect((await store.listAlerts('u-op', 2)).map((a) => a.id)).toEqual(['a2', 'a4']);
        await store.markAlertsRead('u-op', ['a1', 'a3'], T0 + 100); // a3 is not theirs: untouched
        await store.markAlertsRead('u-op', ['a1'], T0 + 200); // read stays at the first time
        expect((await store.listAlerts('u-op', 10)).map((a) => [a.id, a.readAt])).toEqual([['a2', undefined], ['a4', undefined], ['a1', T0 + 100]]);
        expect((await store.listAlerts('u-sup-fruit', 10))[0]!.readAt).toBeUndefined();
        await store.recordDelivery('a1', { channel: 'subscribe', status: 'sent', at: T0 + 1 });
        await store.recordDelivery('a1', { channel: 'wecom', status: 'failed', detail: '93000 invalid webhook', at: T0 + 2 });
        expect((await store.listAlerts('u-op', 10)).find((a) => a.id === 'a1')!.deliveries.map((d) => [d.channel, d.status])).toEqual([['subscribe', 'sent'], ['wecom', 'failed']]);
        expect(await store.listAlerts('nobody', 10)).toEqual([]);
      });

      it('keeps the first resolution of each event and never edits it, nor the alerts it resolves', async () => {
        await store.addAlerts([alert('reportMissed:sup-eggs:2026-11-26:08:00:u-op', 'u-op', T0)]);
        const first = { event: 'reportMissed:sup-eggs:2026-11-26:08:00', at: T0 + 60_000, by: 'u-sup-eggs', note: '已收到报数' };
        await store.addAlertResolutions([first]);
        await store.addAlertResolutions([{ ...first, at: T0 + 120_000, by: 'u-op' }, { event: 'jumpHeld:rep-9', at: T0, by: 'u-op', note: '已丢弃' }]);
        expect(await store.listAlertResolutions([])).toEqual([]);
        expect(await store.listAlertResolutions([first.event, 'nope'])).toEqual([first]);
        expect((await store.listAlertResolutions([first.event, 'jumpHeld:rep-9'])).map((r) => r.by).sort()).toEqual(['u-op', 'u-sup-eggs']);
        expect((await store.listAlerts('u-op', 10)).map((a) => [a.id, a.readAt])).toEqual([['reportMissed:sup-eggs:2026-11-26:08:00:u-op', undefined]]);
      });

      it('counts consents per person and template, never lets sends exceed them, and clears them when WeChat says none', async () => {
        expect(await store.takeConsent('u-leader-1', 'TPL-A')).toBe(false);
        expect(await store.addConsents('u-leader-1', 'TPL-A', 1)).toBe(1);
        expect(await store.addConsents('u-leader-1', 'TPL-A', 2)).toBe(3);
        await store.addConsents('u-leader-1', 'TPL-B', 1);
        const takes = await Promise.all(Array.from({ length: 10 }, () => store.takeConsent('u-leader-1', 'TPL-A')));
        expect(takes.filter(Boolean).length).toBe(3);
        expect(await store.listConsents('u-leader-1')).toEqual([{ templateId: 'TPL-A', remaining: 0 }, { templateId: 'TPL-B', remaining: 1 }]);
        await store.clearConsents('u-leader-1', 'TPL-B');
        expect(await store.takeConsent('u-leader-1', 'TPL-B')).toBe(false);
        expect(await store.listConsents('u-leader-2')).toEqual([]);
      });

      it('flips a flag only from the value the caller saw', async () => {
        expect(await store.getFlag('lowStock:A001')).toBeNull();
        expect(await store.setFlag('lowStock:A001', { on: true, cycle: 0 }, { on: false, cycle: 0 })).toBe(false);
        expect(await store.setFlag('lowStock:A001', null, { on: false, cycle: 0 })).toBe(true);
        expect(await store.setFlag('lowStock:A001', null, { on: false, cycle: 0 })).toBe(false);
        const flips = await Promise.all(Array.from({ length: 5 }, () => store.setFlag('lowStock:A001', { on: false, cycle: 0 }, { on: true, cycle: 1 })));
        expect(flips.filter(Boolean).length).toBe(1);
        expect(await store.getFlag('lowStock:A001')).toEqual({ on: true, cycle: 1 });
      });
    });

    describe('webhook deliveries', () => {
      const event = (id: string, supplierId: string, createdAt: number, over: Partial<WebhookEvent> = {}): WebhookEvent => ({
        id, supplierId, kind: 'wave.forwarded', refId: id.slice('wave.forwarded:'.length), createdAt, status: 'pending', attempts: 0, nextAttemptAt: createdAt, retryFrom: createdAt, ...over,
      });
      it('adds an event once under its id, lists the due ones oldest first and a supplier\'s newest first', async () => {
        await store.addWebhookEvents([event('wave.forwarded:a', 'sup-fruit', 1000), event('wave.forwarded:b', 'sup-fruit', 2000), event('wave.forwarded:c', 'sup-eggs', 1500, { nextAttemptAt: 9000 })]);
        await store.addWebhookEvents([event('wave.forwarded:a', 'sup-fruit', 1000, { attempts: 5 })]);
        expect((await store.getWebhookEvent('wave.forwarded:a'))!.attempts).toBe(0);
        expect((await store.listDueWebhookEvents(2000, 10)).map((e) => e.id)).toEqual(['wave.forwarded:a', 'wave.forwarded:b']);
        expect((await store.listDueWebhookEvents(2000, 1)).map((e) => e.id)).toEqual(['wave.forwarded:a']);
        expect((await store.listWebhookEvents('sup-fruit', 10)).map((e) => e.id)).toEqual(['wave.forwarded:b', 'wave.forwarded:a']);
      });
      it('spends a nonce once, and forgets only those seen before a time', async () => {
        expect(await store.spendNonce('nonce:k:aaaa', 1000)).toBe(true);
        expect(await store.spendNonce('nonce:k:aaaa', 1500)).toBe(false);
        expect(await store.spendNonce('nonce:k:bbbb', 2000)).toBe(true);
        expect(await store.forgetNonces(2000)).toBe(1);
        expect(await store.spendNonce('nonce:k:bbbb', 2500)).toBe(false);
        expect(await store.spendNonce('nonce:k:aaaa', 3000)).toBe(true);
      });
      it('says which event ids it holds already', async () => {
        await store.addWebhookEvents([event('wave.forwarded:a', 'sup-fruit', 1000), event('wave.forwarded:b', 'sup-eggs', 2000)]);
        expect([...await store.knownWebhookEvents(['wave.forwarded:b', 'wave.forwarded:x', 'wave.forwarded:a'])].sort()).toEqual(['wave.forwarded:a', 'wave.forwarded:b']);
        expect(await store.knownWebhookEvents([])).toEqual(new Set());
      });
      it('records an attempt only over the state it was read in', async () => {
        const first = event('wave.forwarded:a', 'sup-fruit', 1000);
        await store.addWebhookEvents([first]);
        const failed = { ...first, attempts: 1, nextAttemptAt: 61_000, lastError: { at: 1000, message: '返回 500' } };
        expect(await store.saveWebhookEvent(failed, { attempts: 0, status: 'pending' })).toBe(true);
        expect(await store.saveWebhookEvent({ ...first, attempts: 1, status: 'delivered' }, { attempts: 0, status: 'pending' })).toBe(false);
        expect(await store.getWebhookEvent('wave.forwarded:a')).toEqual(failed);
        expect(await store.listDueWebhookEvents(2000, 10)).toEqual([]);
        const done = { ...failed, attempts: 2, status: 'delivered' as const, deliveredAt: 61_000 };
        expect(await store.saveWebhookEvent(done, { attempts: 1, status: 'pending' })).toBe(true);
        expect(await store.getWebhookEvent('wave.forwarded:a')).toEqual(done);
      });
    });

    describe('stocktakes', () => {
      const book = { countedOnHand: 10, countedAt: 1000, countBasis: 'physical' as const, forwardedAtCount: 0, shippedSince: 2, soldElsewhere: 0, book: 8, at: 5000 };
      const opened = (id: string, supplierId: string, openedAt: number): Stocktake => ({
        id, supplierId, status: 'open', openedAt, openedBy: 'u-op', dueAt: openedAt + 86_400_000, lines: [], history: [{ action: 'opened', by: 'u-op', at: openedAt }], version: 1,
      });
      it('adds one under its id once, keeps it whole, and lists newest first by supplier and state', async () => {
        expect(await store.addStocktake(opened('stk_a', 'sup-fruit', 1000))).toBe(true);
        expect(await store.addStocktake({ ...opened('stk_a', 'sup-fruit', 1000), openedBy: 'someone-else' })).toBe(false);
        await store.addStocktake(opened('stk_b', 'sup-fruit', 3000));
        await store.addStocktake(opened('stk_c', 'sup-eggs', 2000));
        expect(await store.getStocktake('stk_a')).toEqual(opened('stk_a', 'sup-fruit', 1000));
        expect(await store.getStocktake('stk_none')).toBeNull();
        expect((await store.listStocktakes({ supplierId: 'sup-fruit' }, 10)).map((x) => x.id)).toEqual(['stk_b', 'stk_a']);
        expect((await store.listStocktakes({}, 2)).map((x) => x.id)).toEqual(['stk_b', 'stk_c']);
        const counted: Stocktake = { ...opened('stk_c', 'sup-eggs', 2000), status: 'counted', lines: [{ skuId: 'B001', counted: 7, book, reason: 'damaged' }], countedAt: 5000, countedBy: 'u-sup-eggs', version: 2 };
        expect(await store.saveStocktake(counted, 1)).toBe(true);
        expect((await store.listStocktakes({ status: ['counted', 'confirmed'] }, 10)).map((x) => x.id)).toEqual(['stk_c']);
      });
      it('changes one only over the version it was read at, and drops a withdrawn signature', async () => {
        await store.addStocktake(opened('stk_a', 'sup-fruit', 1000));
        const confirmed: Stocktake = { ...opened('stk_a', 'sup-fruit', 1000), status: 'confirmed', lines: [{ skuId: 'A001', counted: 9, book }], confirmedAt: 6000, confirmedBy: 'u-sup-fruit', version: 2 };
        expect(await store.saveStocktake(confirmed, 1)).toBe(true);
        expect(await store.saveStocktake({ ...confirmed, status: 'approved', version: 2 }, 1)).toBe(false);
        const { confirmedAt: _a, confirmedBy: _b, ...withdrawn } = confirmed;
        const explained: Stocktake = { ...withdrawn, status: 'counted', lines: [{ skuId: 'A001', counted: 9, book, reason: 'other', note: '样品' }], version: 3 };
        expect(await store.saveStocktake(explained, 2)).toBe(true);
        expect(await store.getStocktake('stk_a')).toEqual(explained);
      });
    });

    describe('pull health', () => {
      it('keeps one record per supplier, the newest replacing the last, listed by supplier', async () => {
        await store.savePullHealth({ supplierId: 'sup-fruit', failuresInRow: 0, lastSuccessAt: 1000, lastAttemptAt: 1000, lastLatencyMs: 120 });
        await store.savePullHealth({ supplierId: 'sup-eggs', failuresInRow: 1, lastAttemptAt: 900, lastError: { at: 900, message: '连接超时' } });
        await store.savePullHealth({ supplierId: 'sup-fruit', failuresInRow: 1, lastSuccessAt: 1000, lastAttemptAt: 2000, lastLatencyMs: 120, lastError: { at: 2000, message: '返回 500' } });
        expect(await store.listPullHealth()).toEqual([
          { supplierId: 'sup-eggs', failuresInRow: 1, lastAttemptAt: 900, lastError: { at: 900, message: '连接超时' } },
          { supplierId: 'sup-fruit', failuresInRow: 1, lastSuccessAt: 1000, lastAttemptAt: 2000, lastLatencyMs: 120, lastError: { at: 2000, message: '返回 500' } },
        ]);
      });
    });

    describe('partner keys', () => {
      it('keeps each key whole under its id, lists a supplier\'s oldest first, and keeps a revoked one', async () => {
        const key = (id: string, supplierId: string, createdAt: number) => ({ id, supplierId, secret: `secret-${id}`, createdAt, createdBy: 'u-op' });
        await store.savePartnerKey(key('hzk_b', 'sup-fruit', 2000));
        await store.savePartnerKey(key('hzk_a', 'sup-fruit', 1000));
        await store.savePartnerKey(key('hzk_c', 'sup-eggs', 1500));
        expect(await store.getPartnerKey('hzk_a')).toEqual(key('hzk_a', 'sup-fruit', 1000));
        expect(await store.getPartnerKey('hzk_none')).toBeNull();
        expect((await store.listPartnerKeys('sup-fruit')).map((k) => k.id)).toEqual(['hzk_a', 'hzk_b']);
        await store.savePartnerKey({ ...key('hzk_a', 'sup-fruit', 1000), revokedAt: 3000, revokedBy: 'u-op' });
        expect(await store.listPartnerKeys('sup-fruit')).toEqual([{ ...key('hzk_a', 'sup-fruit', 1000), revokedAt: 3000, revokedBy: 'u-op' }, key('hzk_b', 'sup-fruit', 2000)]);
        expect(await store.listPartnerKeys('sup-nobody')).toEqual([]);
      });
    });
  });
}
