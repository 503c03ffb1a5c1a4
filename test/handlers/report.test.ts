import type { AvailabilityItem, IntakeResult, ReportSheet, SkuHistory } from '../../cloudfunctions/src/contract/api';
import { skus, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let fruit: string; // token of the fruit supplier
let leader: string;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(skus);
  await s.store.upsertUsers(users);
  fruit = await s.signIn('SUP-FRUIT');
  leader = await s.signIn('LEAD-0001');
});
afterEach(() => s.close());

const availability = async (): Promise<Map<string, AvailabilityItem>> => {
  const res = await s.call<AvailabilityItem[]>('leader', 'availability', {}, leader);
  if (!res.ok) throw new Error(res.error.message);
  return new Map(res.data.map((i) => [i.skuId, i]));
};

describe('supplier.submitReport over HTTP', () => {
  it('turns a morning count into sellable counts a leader sees, with the default 20% buffer', async () => {
    const res = await s.call<IntakeResult>('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 100 }, { skuId: 'A002', onHand: 7 }] }, fruit);
    expect(res.ok && res.data.status === 'applied' && res.data.receipt.slot).toBe('早报');
    const items = await availability();
    expect(items.get('A001')).toMatchObject({ onHand: 100, buffer: 20, bufferRule: 'ratio', committed: 0, sellable: 80, freshness: { slot: '早报', source: 'form' } });
    expect(items.get('A002')).toMatchObject({ onHand: 7, buffer: 2, sellable: 5, atOrBelowWarning: true });
    expect(items.get('B001')).toMatchObject({ sellable: 0, freshness: null });
  });

  it('lists only the supplier\'s own SKUs with the last count', async () => {
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 12 }] }, fruit);
    const res = await s.call<ReportSheet>('supplier', 'reportSheet', {}, fruit);
    expect(res.ok && res.data.rows.map((r) => [r.skuId, r.lastOnHand])).toEqual([['A001', 12], ['A002', null]]);
    expect(res.ok && res.data.slotNow).toBe('早报');
  });

  it('keeps units our leaders already ordered out of the new count\'s sellable', async () => {
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 50 }] }, fruit);
    const placed = await s.call('leader', 'placeOrder', { idempotencyKey: 'order-0001', lines: [{ skuId: 'A001', qty: 5 }] }, leader);
    expect(placed.ok).toBe(true);
    s.clock.advance(12 * 3600_000); // the evening count still includes the 5 unshipped units
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 30 }] }, fruit);
    expect((await availability()).get('A001')).toMatchObject({ onHand: 30, buffer: 6, committed: 5, sellable: 19, freshness: { slot: '晚报' } });
  });

  const badReports: Array<[string, unknown, string, RegExp]> = [
    ['a negative count', { lines: [{ skuId: 'A001', onHand: -1 }] }, 'lines[0].onHand', /第1行的库存数量不能小于 0/],
    ['a fractional count', { lines: [{ skuId: 'A001', onHand: 2.5 }] }, 'lines[0].onHand', /第1行的库存数量必须是整数/],
    ['a huge count', { lines: [{ skuId: 'A001', onHand: 1e12 }] }, 'lines[0].onHand', /第1行的库存数量不能大于 1000000/],
    ['a count as text', { lines: [{ skuId: 'A001', onHand: '12' }] }, 'lines[0].onHand', /第1行的库存数量的类型不对/],
    ['a missing count', { lines: [{ skuId: 'A001' }, { skuId: 'A002', onHand: 3 }] }, 'lines[0].onHand', /缺少第1行的库存数量/],
    ['no lines', { lines: [] }, 'lines', /明细至少要有 1 项/],
    ['an unknown SKU', { lines: [{ skuId: 'A001', onHand: 3 }, { skuId: 'NOPE-1', onHand: 3 }] }, 'lines[1].skuId', /第2行商品编码 NOPE-1 不存在/],
    ['a duplicate SKU', { lines: [{ skuId: 'A001', onHand: 3 }, { skuId: 'A001', onHand: 4 }] }, 'lines[1].skuId', /第2行商品 A001 与第1行重复/],
    ['another supplier\'s SKU', { lines: [{ skuId: 'A001', onHand: 3 }, { skuId: 'B001', onHand: 4 }] }, 'lines[1].skuId', /第2行商品 B001 不属于本供应商/],
  ];

  it.each(badReports)('refuses %s with an error naming the line, and changes nothing', async (_what, payload, path, message) => {
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 40 }] }, fruit);
    const before = { inventory: await s.store.listInventory(), reports: await s.store.listReports('sup-fruit', 100), eggs: await s.store.listReports('sup-eggs', 100) };
    const res = await s.call('supplier', 'submitReport', payload, fruit);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.issues?.map((i) => i.path)).toContain(path);
    expect(res.error.message).toMatch(message);
    expect(await s.store.listInventory()).toEqual(before.inventory);
    expect(await s.store.listReports('sup-fruit', 100)).toEqual(before.reports);
    expect(await s.store.listReports('sup-eggs', 100)).toEqual(before.eggs);
  });

  it('answers the kind of problem as a code the app can act on', async () => {
    const codes = [];
    for (const lines of [[{ skuId: 'NOPE', onHand: 1 }], [{ skuId: 'A001', onHand: 1 }, { skuId: 'A001', onHand: 1 }], [{ skuId: 'B001', onHand: 1 }], [{ skuId: 'A001', onHand: -1 }]]) {
      const res = await s.call('supplier', 'submitReport', { lines }, fruit);
      codes.push(res.ok ? 'ok' : res.error.code);
    }
    expect(codes).toEqual(['UNKNOWN_SKU', 'DUPLICATE_SKU', 'NOT_YOUR_SKU', 'VALIDATION']);
  });

  it('lets only suppliers report, and only when signed in', async () => {
    const asLeader = await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 1 }] }, leader);
    expect(asLeader.ok || asLeader.error.code).toBe('FORBIDDEN');
    const anonymous = await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 1 }] });
    expect(anonymous.ok || anonymous.error.code).toBe('UNAUTHENTICATED');
    const forged = await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 1 }] }, 'ses_forged');
    expect(forged.ok || forged.error.code).toBe('UNAUTHENTICATED');
    expect(await s.store.listInventory()).toEqual([]);
  });
});

describe('counts nobody typed (issue 12)', () => {
  const history = async (skuId: string) => {
    const res = await s.call<SkuHistory>('supplier', 'skuHistory', { skuId }, fruit);
    if (!res.ok) throw new Error(res.error.message);
    return res.data;
  };

  it('a 与上次相同 line is kept as such: its freshness and its history say it was confirmed, not typed', async () => {
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 40 }, { skuId: 'A002', onHand: 9 }] }, fruit);
    s.clock.advance(3 * 3600_000);
    const res = await s.call<IntakeResult>('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 40, sameAsLast: true }, { skuId: 'A002', onHand: 8 }] }, fruit);
    expect(res.ok && res.data.status).toBe('applied');
    const items = await availability();
    expect(items.get('A001')?.freshness).toMatchObject({ sameAsLast: true });
    expect(items.get('A002')?.freshness?.sameAsLast).toBeUndefined();
    const events = (await history('A001')).events;
    expect(events.map((e) => e.sameAsLast ?? false).slice(0, 2).sort()).toEqual([false, true]);
  });

  it('refuses a 与上次相同 whose last count has moved since the page showed it, naming the line', async () => {
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 40 }] }, fruit);
    s.clock.advance(60_000);
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 38 }] }, fruit); // another phone, meanwhile
    const before = await s.store.listReports('sup-fruit', 100);
    const res = await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A002', onHand: 5 }, { skuId: 'A001', onHand: 40, sameAsLast: true }] }, fruit);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('CONFLICT');
    expect(res.error.issues?.map((i) => i.path)).toEqual(['lines[1].onHand']);
    expect(res.error.message).toMatch(/第2行.*上次数量现在是 38 件/);
    expect(await s.store.listReports('sup-fruit', 100)).toEqual(before);
  });

  it('a newer held report replaces an older one it counts again whole, which is kept as superseded', async () => {
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 40 }, { skuId: 'A002', onHand: 9 }] }, fruit);
    s.clock.advance(60_000);
    const first = await s.call<IntakeResult>('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 400 }] }, fruit);
    s.clock.advance(60_000);
    const second = await s.call<IntakeResult>('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 4000 }, { skuId: 'A002', onHand: 90 }] }, fruit);
    expect(first.ok && first.data.status).toBe('held');
    expect(second.ok && second.data.status === 'held' && second.data.held.replaced).toMatchObject({ reportedAt: s.clock.now() - 60_000 });
    const sheet = await s.call<ReportSheet>('supplier', 'reportSheet', {}, fruit);
    expect(sheet.ok && sheet.data.held.map((h) => h.lines.map((l) => l.skuId))).toEqual([['A001', 'A002']]);
    const kept = await s.store.listHeldReports({ supplierId: 'sup-fruit' });
    expect(kept.map((h) => h.status).sort()).toEqual(['held', 'superseded']);
    // Nothing applied while held.
    expect((await availability()).get('A001')?.onHand).toBe(40);
  });

  it('a newer held report of other SKUs never drops an older one: both wait', async () => {
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 40 }, { skuId: 'A002', onHand: 9 }] }, fruit);
    s.clock.advance(60_000);
    await s.call<IntakeResult>('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 400 }] }, fruit);
    s.clock.advance(60_000);
    const second = await s.call<IntakeResult>('supplier', 'submitReport', { lines: [{ skuId: 'A002', onHand: 90 }] }, fruit);
    expect(second.ok && second.data.status === 'held' && second.data.held.replaced).toBeUndefined();
    const sheet = await s.call<ReportSheet>('supplier', 'reportSheet', {}, fruit);
    expect(sheet.ok && sheet.data.held.map((h) => h.lines.map((l) => l.skuId)).sort()).toEqual([['A001'], ['A002']]);
  });

  it('the sheet names the reports already applied today, so a reopened page says what was sent', async () => {
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 40 }] }, fruit);
    s.clock.advance(3600_000);
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 39 }, { skuId: 'A002', onHand: 4 }] }, fruit);
    const sheet = await s.call<ReportSheet>('supplier', 'reportSheet', {}, fruit);
    expect(sheet.ok && sheet.data.sentToday.map((r) => r.lineCount)).toEqual([1, 2]);
  });
});
