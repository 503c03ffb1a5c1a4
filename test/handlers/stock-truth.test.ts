import type {
  AvailabilityItem, HeldView, IntakeResult, OperatorSkuView, ReportSheet, SettingsView, SkuHistory, SupplierView,
} from '../../cloudfunctions/src/contract/api';
import { refreshStock } from '../../cloudfunctions/src/jobs/refresh-stock';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { sku, skus, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const HOUR = 3_600_000;
let s: TestServer;
let fruit: string;
let eggs: string;
let op: string;
let leader: string;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus([...skus.map((k) => ({ ...k, cost: 1200, supplierCode: `SC-${k.id}` }))]);
  await s.store.upsertUsers(users);
  [fruit, eggs, op, leader] = (await Promise.all(['SUP-FRUIT', 'SUP-EGGS', 'OP-0001', 'LEAD-0001'].map((c) => s.signIn(c)))) as [string, string, string, string];
});
afterEach(() => s.close());

const report = (lines: Array<[string, number]>, token = fruit) =>
  s.call<IntakeResult>('supplier', 'submitReport', { lines: lines.map(([skuId, onHand]) => ({ skuId, onHand })) }, token);
const onHandOf = async (skuId: string) => (await s.store.listInventory([skuId]))[0]?.onHand;

describe('jump guard', () => {
  it('holds a report whose every line jumps, applies nothing, and shows it waiting on the report page', async () => {
    await report([['A001', 30], ['A002', 10]]);
    const res = await report([['A001', 300], ['A002', 120]]);
    expect(res.ok && res.data.status).toBe('held');
    if (!res.ok || res.data.status !== 'held') return;
    expect(res.data.held.lines).toEqual([
      { skuId: 'A001', name: '赣南脐橙', spec: '5斤装', onHand: 300, last: 30, jump: true },
      { skuId: 'A002', name: '砂糖橘', spec: '3斤装', onHand: 120, last: 10, jump: true },
    ]);
    expect([await onHandOf('A001'), await onHandOf('A002')]).toEqual([30, 10]);
    const sheet = await s.call<ReportSheet>('supplier', 'reportSheet', {}, fruit);
    expect(sheet.ok && sheet.data.held.map((h) => h.id)).toEqual([res.data.held.id]);
  });

  it('applies the lines within the threshold at once and holds only the one that jumped', async () => {
    await report([['A001', 30], ['A002', 10]]);
    s.clock.advance(60_000);
    const res = await report([['A001', 300], ['A002', 12]]);
    expect(res.ok && res.data.status).toBe('applied');
    if (!res.ok || res.data.status !== 'applied') return;
    expect(res.data.receipt.lines.map((l) => [l.skuId, l.lastOnHand])).toEqual([['A002', 12]]);
    expect(res.data.held?.lines.map((l) => [l.skuId, l.onHand, l.last])).toEqual([['A001', 300, 30]]);
    expect([await onHandOf('A001'), await onHandOf('A002')]).toEqual([30, 12]);
    // Both parts are kept as sent, the held one pointing at the report it came with.
    const held = await s.store.getHeldReport(res.data.held!.id);
    expect(held?.report).toMatchObject({ partOf: res.data.receipt.reportId, reportedAt: s.clock.now(), lines: [{ skuId: 'A001', onHand: 300 }] });
    const sheet = await s.call<ReportSheet>('supplier', 'reportSheet', {}, fruit);
    expect(sheet.ok && sheet.data.held.map((h) => h.id)).toEqual([res.data.held!.id]);
  });

  it('applies the held lines when the supplier confirms, recording who confirmed', async () => {
    await report([['A001', 30]]);
    s.clock.advance(60_000);
    const held = await report([['A001', 300], ['A002', 12]]);
    const heldId = held.ok && held.data.status === 'applied' ? held.data.held!.id : '';
    s.clock.advance(60_000);
    const confirmed = await s.call<IntakeResult>('supplier', 'confirmHeld', { heldId }, fruit);
    expect(confirmed.ok && confirmed.data.status).toBe('applied');
    expect([await onHandOf('A001'), await onHandOf('A002')]).toEqual([300, 12]);
    expect((await s.store.getReport(heldId))?.report).toMatchObject({ confirmedBy: 'u-sup-fruit', confirmedAt: s.clock.now() });
    // A second tap changes nothing more.
    const again = await s.call<IntakeResult>('supplier', 'confirmHeld', { heldId }, fruit);
    expect(again.ok).toBe(true);
    expect((await s.store.listReports('sup-fruit', 10)).length).toBe(3);
  });

  it('a recount of one held SKU leaves the other waiting; confirming applies only the one not counted since', async () => {
    await report([['A001', 30], ['A002', 10]]);
    const held = await report([['A001', 300], ['A002', 100]]);
    const heldId = held.ok && held.data.status === 'held' ? held.data.held.id : '';
    s.clock.advance(HOUR);
    await report([['A001', 33]]); // A001 recounted, within the threshold: applied
    expect((await s.store.getHeldReport(heldId))?.status).toBe('held');
    const sheet = await s.call<ReportSheet>('supplier', 'reportSheet', {}, fruit);
    expect(sheet.ok && sheet.data.held[0]!.lines.map((l) => [l.skuId, l.recountedSince ?? false])).toEqual([['A001', true], ['A002', false]]);
    const confirmed = await s.call<IntakeResult>('supplier', 'confirmHeld', { heldId }, fruit);
    expect(confirmed.ok && confirmed.data.status).toBe('applied');
    expect([await onHandOf('A001'), await onHandOf('A002')]).toEqual([33, 100]);
    expect((await s.store.getReport(heldId))?.report).toMatchObject({ lines: [{ skuId: 'A002', onHand: 100 }], recountedSince: ['A001'] });
    // What the supplier typed is kept whole in the held report; each SKU's history says how its line ended.
    expect((await s.store.getHeldReport(heldId))?.report.lines.map((l) => l.skuId)).toEqual(['A001', 'A002']);
    const ended = async (skuId: string) => {
      const history = await s.call<SkuHistory>('operator', 'skuHistory', { skuId }, op);
      return history.ok ? history.data.events.filter((e) => e.onHand === (skuId === 'A001' ? 300 : 100)).map((e) => e.kind) : [];
    };
    expect(await ended('A001')).toEqual(['superseded', 'held']);
    expect((await ended('A002')).sort()).toEqual(['confirmed', 'held', 'report']);
  });

  it('lets the operator confirm on the supplier\'s behalf, recorded as such', async () => {
    await report([['A001', 30]]);
    const held = await report([['A001', 1]]);
    const heldId = held.ok && held.data.status === 'held' ? held.data.held.id : '';
    const list = await s.call<HeldView[]>('operator', 'listHeld', { status: 'held' }, op);
    expect(list.ok && list.data.map((h) => [h.id, h.supplierName, h.reportedBy])).toEqual([[heldId, '赣南果园直供', '果园老李']]);
    const res = await s.call<IntakeResult>('operator', 'confirmHeld', { heldId }, op);
    expect(res.ok).toBe(true);
    expect((await s.store.getHeldReport(heldId))).toMatchObject({ status: 'confirmed', resolvedBy: 'u-op' });
    expect(await onHandOf('A001')).toBe(1);
  });

  it('never applies a discarded held report', async () => {
    await report([['A001', 30]]);
    const held = await report([['A001', 3000]]);
    const heldId = held.ok && held.data.status === 'held' ? held.data.held.id : '';
    const discarded = await s.call<HeldView>('supplier', 'discardHeld', { heldId }, fruit);
    expect(discarded.ok && discarded.data.status).toBe('discarded');
    const late = await s.call('operator', 'confirmHeld', { heldId }, op);
    expect(late.ok || late.error.code).toBe('SUPERSEDED');
    expect(await onHandOf('A001')).toBe(30);
  });

  it('never applies a held report over a newer count of the same SKU', async () => {
    await report([['A001', 30]]);
    const held = await report([['A001', 300]]);
    const heldId = held.ok && held.data.status === 'held' ? held.data.held.id : '';
    s.clock.advance(HOUR);
    await report([['A001', 35]]); // the supplier recounted: not a jump, applied
    expect((await s.store.getHeldReport(heldId))?.status).toBe('superseded');
    const late = await s.call('supplier', 'confirmHeld', { heldId }, fruit);
    expect(late.ok || late.error.code).toBe('SUPERSEDED');
    expect(await onHandOf('A001')).toBe(35);
  });

  it('keeps another supplier\'s held reports out of reach', async () => {
    await report([['B001', 30]], eggs);
    const held = await report([['B001', 300]], eggs);
    const heldId = held.ok && held.data.status === 'held' ? held.data.held.id : '';
    const res = await s.call('supplier', 'confirmHeld', { heldId }, fruit);
    expect(res.ok || res.error.code).toBe('NOT_FOUND');
  });
});

describe('entry on a supplier\'s behalf', () => {
  it('records the operator and where the numbers came from', async () => {
    const res = await s.call<IntakeResult>('operator', 'submitReportFor', { supplierId: 'sup-eggs', lines: [{ skuId: 'B001', onHand: 50 }], note: '微信群 08:05 张姐' }, op);
    expect(res.ok && res.data.status).toBe('applied');
    const [rep] = await s.store.listReports('sup-eggs', 1);
    expect(rep).toMatchObject({ source: 'operator', reportedBy: 'u-op', note: '微信群 08:05 张姐' });
    const history = await s.call<SkuHistory>('operator', 'skuHistory', { skuId: 'B001' }, op);
    expect(history.ok && history.data.events.map((e) => [e.kind, e.onHand, e.source, e.byName, e.note])).toEqual([['report', 50, 'operator', '运营小王', '微信群 08:05 张姐']]);
  });

  it('refuses a SKU of another supplier, naming the line', async () => {
    const res = await s.call('operator', 'submitReportFor', { supplierId: 'sup-eggs', lines: [{ skuId: 'B001', onHand: 5 }, { skuId: 'A001', onHand: 5 }] }, op);
    expect(res.ok || [res.error.code, res.error.issues?.[0]?.path]).toEqual(['NOT_YOUR_SKU', 'lines[1].skuId']);
    expect(await s.store.listInventory()).toEqual([]);
  });
});

describe('who sees what', () => {
  it('shows a supplier its own SKUs with their costs and never another supplier\'s', async () => {
    const sheet = await s.call<ReportSheet>('supplier', 'reportSheet', {}, fruit);
    expect(sheet.ok && sheet.data.rows.map((r) => [r.skuId, r.cost, r.supplierCode])).toEqual([['A001', 1200, 'SC-A001'], ['A002', 1200, 'SC-A002']]);
    const history = await s.call('supplier', 'skuHistory', { skuId: 'B001' }, fruit);
    expect(history.ok || history.error.code).toBe('NOT_FOUND');
  });

  it('never shows a leader a cost or a supplier\'s own code', async () => {
    await report([['A001', 30]]);
    const res = await s.call<AvailabilityItem[]>('leader', 'availability', {}, leader);
    expect(res.ok).toBe(true);
    const text = JSON.stringify(res.ok && res.data);
    expect(text).not.toMatch(/"cost"|supplierCode|SC-A00/);
  });

  it('keeps the operator\'s pages to the operator', async () => {
    for (const token of [fruit, leader]) {
      const res = await s.call('operator', 'listSkus', {}, token);
      expect(res.ok || res.error.code).toBe('FORBIDDEN');
    }
  });
});

describe('the operator\'s catalogue', () => {
  const newSku = { id: 'A003', supplierId: 'sup-fruit', name: '赣南脐橙', spec: '5斤装 礼盒', category: '水果', price: 3990, cost: 2600, supplierCode: 'GZ-LH', listed: true, warningLine: 5 };

  it('creates a SKU variant under its own code and lists it with its cost and figure', async () => {
    const res = await s.call('operator', 'saveSku', { sku: newSku, create: true }, op);
    expect(res.ok).toBe(true);
    const list = await s.call<OperatorSkuView[]>('operator', 'listSkus', { supplierId: 'sup-fruit' }, op);
    expect(list.ok && list.data.find((k) => k.id === 'A003')).toMatchObject({ cost: 2600, supplierName: '赣南果园直供', figure: { sellable: 0, freshness: null } });
  });

  it('shows a changed buffer rule to leaders at once, whether set on the SKU, the supplier or the settings', async () => {
    await report([['A001', 100], ['A002', 50]]);
    const sellable = async (skuId: string): Promise<number> => {
      const res = await s.call<AvailabilityItem[]>('leader', 'availability', {}, leader);
      if (!res.ok) throw new Error(res.error.message);
      return res.data.find((i) => i.skuId === skuId)!.sellable;
    };
    expect([await sellable('A001'), await sellable('A002')]).toEqual([80, 40]);

    const orange = (await s.store.listSkus()).find((k) => k.id === 'A001')!;
    expect((await s.call('operator', 'saveSku', { sku: { ...orange, bufferPolicy: { fixed: 35 } }, create: false }, op)).ok).toBe(true);
    expect(await sellable('A001')).toBe(65);

    expect((await s.call('operator', 'saveSupplier', { supplier: { ...suppliers[0]!, bufferPolicy: { ratio: 0.5 } }, create: false }, op)).ok).toBe(true);
    expect(await sellable('A002')).toBe(25);

    const current = await s.call<SettingsView>('operator', 'getSettings', {}, op);
    if (!current.ok) throw new Error(current.error.message);
    await s.call('operator', 'saveSupplier', { supplier: suppliers[0]!, create: false }, op); // back to the global rule
    const { settings } = current.data;
    expect((await s.call('operator', 'saveSettings', { settings: { ...settings, bufferPolicy: { ratio: 0.1 } } }, op)).ok).toBe(true);
    expect(await sellable('A002')).toBe(45);
  });

  it('keeps a saved rule saved when the refresh after it fails (the next tick catches up)', async () => {
    await report([['A001', 100]]);
    const orange = (await s.store.listSkus()).find((k) => k.id === 'A001')!;
    const commitRefresh = s.store.commitRefresh.bind(s.store);
    s.store.commitRefresh = async () => {
      throw new Error('database briefly unreachable');
    };
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect((await s.call('operator', 'saveSku', { sku: { ...orange, bufferPolicy: { fixed: 35 } }, create: false }, op)).ok).toBe(true);
    } finally {
      s.store.commitRefresh = commitRefresh;
      quiet.mockRestore();
    }
    expect((await s.store.getSkus(['A001']))[0]!.bufferPolicy).toEqual({ fixed: 35 });
    await refreshStock(s.deps);
    expect((await s.store.listInventory(['A001']))[0]!.sellable).toBe(65);
  });

  it('refuses a code already taken, a malformed code, a supplier code already mapped, and moving a SKU to another supplier', async () => {
    const taken = await s.call('operator', 'saveSku', { sku: { ...newSku, id: 'A001' }, create: true }, op);
    expect(taken.ok || [taken.error.code, taken.error.issues?.[0]?.path]).toEqual(['CONFLICT', 'sku.id']);
    const malformed = await s.call('operator', 'saveSku', { sku: { ...newSku, id: '脐橙 01' }, create: true }, op);
    expect(malformed.ok || [malformed.error.code, malformed.error.issues?.[0]?.path, malformed.error.issues?.[0]?.message]).toEqual(['VALIDATION', 'sku.id', '商品的编码格式不对']);
    const mapped = await s.call('operator', 'saveSku', { sku: { ...newSku, supplierCode: 'SC-A001' }, create: true }, op);
    expect(mapped.ok || mapped.error.issues?.[0]?.path).toBe('sku.supplierCode');
    const moved = await s.call('operator', 'saveSku', { sku: { ...skus[0]!, supplierId: 'sup-eggs' }, create: false }, op);
    expect(moved.ok || moved.error.issues?.[0]?.path).toBe('sku.supplierId');
    const negative = await s.call('operator', 'saveSku', { sku: { ...newSku, price: -1 }, create: true }, op);
    expect(negative.ok || negative.error.issues?.[0]?.path).toBe('sku.price');
    expect((await s.store.listSkus()).length).toBe(3);
  });

  it('edits a supplier\'s schedule, basis and buffer, and refuses a bad time', async () => {
    const edited = { ...suppliers[0]!, reportTimes: ['07:30', '19:30'], basis: 'available', bufferPolicy: { ratio: 0.25, fixed: 4 }, jumpThreshold: { ratio: 2, minUnits: 10 } };
    expect((await s.call('operator', 'saveSupplier', { supplier: edited, create: false }, op)).ok).toBe(true);
    expect(await s.store.getSupplier('sup-fruit')).toEqual(edited);
    const bad = await s.call('operator', 'saveSupplier', { supplier: { ...edited, reportTimes: ['25:00'] }, create: false }, op);
    expect(bad.ok || bad.error.issues?.[0]?.path).toBe('supplier.reportTimes[0]');
    const list = await s.call<SupplierView[]>('operator', 'listSuppliers', {}, op);
    expect(list.ok && list.data.map((v) => [v.id, v.skuCount])).toEqual([['sup-eggs', 1], ['sup-fruit', 2]]);
  });

  it('uses a supplier\'s jump threshold over the global one', async () => {
    await s.call('operator', 'saveSupplier', { supplier: { ...suppliers[0]!, jumpThreshold: { ratio: 1.5, minUnits: 5 } }, create: false }, op);
    await report([['A001', 30]]);
    const res = await report([['A001', 50]]);
    expect(res.ok && res.data.status).toBe('held');
  });

  it('saves settings and names a bad field', async () => {
    const settings = { ...DEFAULT_SETTINGS, bufferPolicy: { ratio: 0.25, velocityFraction: 0.3 }, projection: true };
    expect((await s.call('operator', 'saveSettings', { settings }, op)).ok).toBe(true);
    const read = await s.call('operator', 'getSettings', {}, op);
    expect(read.ok && read.data).toMatchObject({ settings, version: 1, savedBy: '运营小王' });
    const bad = await s.call('operator', 'saveSettings', { settings: { ...settings, bufferPolicy: { ratio: 2 } } }, op);
    expect(bad.ok || bad.error.issues?.[0]?.path).toBe('settings.bufferPolicy.ratio');
  });
});

describe('projection and staleness', () => {
  const availability = async () => {
    const res = await s.call<AvailabilityItem[]>('leader', 'availability', {}, leader);
    if (!res.ok) throw new Error(res.error.message);
    return new Map(res.data.map((i) => [i.skuId, i]));
  };

  it('learns the rate of sales elsewhere from consecutive counts and projects onHand down as the count ages', async () => {
    await s.store.saveSettings({ ...DEFAULT_SETTINGS, projection: true });
    await report([['A001', 100]]);
    s.clock.advance(12 * HOUR);
    await report([['A001', 76]]); // 24 sold elsewhere in 12 h: 2 an hour
    expect((await availability()).get('A001')).toMatchObject({ onHand: 76, projectedOnHand: 76, sellable: 60 });
    s.clock.advance(5 * HOUR);
    const run = await refreshStock(s.deps);
    expect(run.written).toBeGreaterThanOrEqual(1);
    const item = (await availability()).get('A001')!;
    expect(item).toMatchObject({ onHand: 76, projectedOnHand: 66, buffer: 14, sellable: 52 });
    expect(item.freshness).toMatchObject({ projected: true });
    const history = await s.call<SkuHistory>('operator', 'skuHistory', { skuId: 'A001' }, op);
    expect(history.ok && history.data.points.map((p) => [p.kind, p.onHand, p.sellable])).toEqual([['report', 100, 80], ['report', 76, 60], ['refresh', 66, 52]]);
  });

  it('shows a count made minutes ago as counted, even after the refresh job runs', async () => {
    await report([['A001', 120]]);
    s.clock.advance(12 * HOUR);
    await report([['A001', 100]]); // under two an hour sold elsewhere
    s.clock.advance(4 * 60 * 1000);
    await refreshStock(s.deps);
    expect((await availability()).get('A001')).toMatchObject({ onHand: 100, projectedOnHand: 100, sellable: 80 });
  });

  it('widens the buffer of a stale count and marks it, and keeps reservations made meanwhile', async () => {
    await s.store.saveSettings({ ...DEFAULT_SETTINGS, staleness: true });
    await report([['A001', 100]]);
    await s.call('leader', 'placeOrder', { idempotencyKey: 'stale-test-1', lines: [{ skuId: 'A001', qty: 5 }] }, leader);
    s.clock.advance(40 * HOUR); // long-tail allows 36 h
    await refreshStock(s.deps);
    const item = (await availability()).get('A001')!;
    expect(item).toMatchObject({ buffer: 30, staleExtra: 10, committed: 5, sellable: 65, freshness: { stale: true, tier: 'longTail' } });
  });

  it('writes nothing when nothing moved', async () => {
    await report([['A001', 100]]);
    expect(await refreshStock(s.deps)).toEqual({ examined: 1, written: 0, skipped: 0 });
  });
});

describe('tiers', () => {
  it('takes the operator\'s flag over the computed tier', async () => {
    await s.store.upsertSkus([sku('A001', 'sup-fruit', { name: '赣南脐橙', spec: '5斤装', tierOverride: 'hot' })]);
    await report([['A001', 100]]);
    const res = await s.call<AvailabilityItem[]>('leader', 'availability', {}, leader);
    expect(res.ok && res.data.find((i) => i.skuId === 'A001')?.freshness?.tier).toBe('hot');
  });
});
