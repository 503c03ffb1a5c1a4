// The operator's settings over HTTP: every save a new version, a save over someone
// else's refused with who and when, and a change log in the operator's words.
import type { RuleChangePreview, SettingsChangeView, SettingsView } from '../../cloudfunctions/src/contract/api';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { T0, sku, skus, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let xiaowang: string;
let laozhou: string;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertUsers([...users, { id: 'u-op-2', name: '老周（运营）', role: 'operator', inviteCode: 'OP-0002' }]);
  [xiaowang, laozhou] = [await s.signIn('OP-0001'), await s.signIn('OP-0002')];
});
afterEach(() => s.close());

const view = async (token: string): Promise<SettingsView> => {
  const res = await s.call<SettingsView>('operator', 'getSettings', {}, token);
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
};

describe('settings, versioned', () => {
  it('starts on the defaults as version 0, and each save is the next version with who saved it', async () => {
    expect(await view(xiaowang)).toEqual({ settings: DEFAULT_SETTINGS, version: 0 });
    const saved = await s.call<SettingsView>('operator', 'saveSettings', { settings: { ...DEFAULT_SETTINGS, warningLine: 6 }, expectedVersion: 0 }, xiaowang);
    expect(saved.ok && saved.data).toEqual({ settings: { ...DEFAULT_SETTINGS, warningLine: 6 }, version: 1, savedBy: '运营小王', savedAt: T0 });
  });

  it('refuses a save over a change someone made since the page was opened, naming them, and changes nothing', async () => {
    const opened = await view(xiaowang); // 小王 opens the page…
    s.clock.advance(5 * 60_000);
    await s.call('operator', 'saveSettings', { settings: { ...DEFAULT_SETTINGS, cutoffTime: '21:30' }, expectedVersion: 0 }, laozhou); // …老周 saves first
    const late = await s.call('operator', 'saveSettings', { settings: { ...opened.settings, warningLine: 8 }, expectedVersion: opened.version }, xiaowang);
    expect(late.ok || [late.error.code, late.error.message]).toEqual(['CONFLICT', '设置已被老周（运营）在 11月26日 08:05 修改，你的修改没有保存。请看过最新设置后再改']);
    expect((await view(xiaowang)).settings).toEqual({ ...DEFAULT_SETTINGS, cutoffTime: '21:30' });
  });

  it('keeps a change log: who changed which settings, newest first', async () => {
    await s.call('operator', 'saveSettings', { settings: { ...DEFAULT_SETTINGS, warningLine: 6 }, expectedVersion: 0 }, xiaowang);
    s.clock.advance(60_000);
    await s.call('operator', 'saveSettings', { settings: { ...DEFAULT_SETTINGS, warningLine: 6, cutoffTime: '21:30', projection: false }, expectedVersion: 1 }, laozhou);
    const log = await s.call<SettingsChangeView[]>('operator', 'settingsHistory', {}, xiaowang);
    expect(log.ok && log.data).toEqual([
      { version: 2, savedBy: '老周（运营）', savedAt: T0 + 60_000, changed: ['按其他渠道销售推算', '截单时间'] },
      { version: 1, savedBy: '运营小王', savedAt: T0, changed: ['预警线'] },
    ]);
  });
});

describe('a change of rules shows its effect before it is saved', () => {
  beforeEach(async () => {
    await s.store.upsertSuppliers(suppliers);
    await s.store.upsertSkus([...skus, sku('A003', 'sup-fruit', { name: '下架的梨', listed: false })]);
    const fruit = await s.signIn('SUP-FRUIT');
    const eggs = await s.signIn('SUP-EGGS');
    const lines = (pairs: Array<[string, number]>) => ({ lines: pairs.map(([skuId, onHand]) => ({ skuId, onHand })) });
    await s.call('supplier', 'submitReport', lines([['A001', 30], ['A002', 10], ['A003', 40]]), fruit);
    await s.call('supplier', 'submitReport', lines([['B001', 50]]), eggs);
  });

  const preview = (settings: typeof DEFAULT_SETTINGS) => s.call<RuleChangePreview>('operator', 'previewSettings', { settings, expectedVersion: 0 }, xiaowang);
  const sellable = async () => (await s.store.listInventory()).map((r) => [r.skuId, r.sellable]).sort();

  it('counts the SKUs whose sellable moves, sums it before and after, largest change first, and saves nothing', async () => {
    const before = await sellable();
    const res = await preview({ ...DEFAULT_SETTINGS, bufferPolicy: { ratio: 0.5 } });
    // 20% of 30 held back is 6 (24 sellable); 50% is 15. 砂糖橘: 8 → 5. The eggs keep
    // their supplier's own rule, and the unlisted pear is not for sale either way.
    expect(res.ok && res.data).toEqual({
      skus: 2, sellableBefore: 32, sellableAfter: 20,
      largest: [
        { skuId: 'A001', name: '赣南脐橙', spec: '5斤装', before: 24, after: 15 },
        { skuId: 'A002', name: '砂糖橘', spec: '3斤装', before: 8, after: 5 },
      ],
    });
    expect(await view(xiaowang)).toEqual({ settings: DEFAULT_SETTINGS, version: 0 });
    expect(await sellable()).toEqual(before);
  });

  it('finds nothing to show for a change that moves no sellable', async () => {
    const res = await preview({ ...DEFAULT_SETTINGS, warningLine: 6 });
    expect(res.ok && res.data).toEqual({ skus: 0, sellableBefore: 0, sellableAfter: 0, largest: [] });
  });

  it('refuses what saving would refuse, at the same field', async () => {
    const res = await preview({ ...DEFAULT_SETTINGS, bufferPolicy: { ratio: 1.5 } });
    expect(res.ok || [res.error.code, res.error.issues?.map((i) => i.path)]).toEqual(['VALIDATION', ['settings.bufferPolicy.ratio']]);
  });

  it('is for operators only', async () => {
    const res = await s.call('operator', 'previewSettings', { settings: DEFAULT_SETTINGS }, await s.signIn('SUP-FRUIT'));
    expect(res.ok || res.error.code).toBe('FORBIDDEN');
  });

  it('a supplier\'s buffer moves only its own SKUs, and nothing is saved', async () => {
    const fruit = suppliers.find((x) => x.id === 'sup-fruit')!;
    const before = await sellable();
    const res = await s.call<RuleChangePreview>('operator', 'previewSupplier', { supplier: { ...fruit, bufferPolicy: { fixed: 10 } } }, xiaowang);
    // 30 − 10 = 20 (was 24); 10 − 10 = 0 (was 8). The eggs are another supplier's.
    expect(res.ok && [res.data.skus, res.data.sellableBefore, res.data.sellableAfter, res.data.largest.map((c) => c.skuId)]).toEqual([2, 32, 20, ['A002', 'A001']]);
    expect((await s.store.getSupplier('sup-fruit'))?.bufferPolicy).toEqual(fruit.bufferPolicy);
    expect(await sellable()).toEqual(before);
  });

  it('a SKU\'s own buffer moves that SKU alone', async () => {
    const [orange] = await s.store.getSkus(['A001']);
    const res = await s.call<RuleChangePreview>('operator', 'previewSku', { sku: { ...orange!, bufferPolicy: { ratio: 0.5 } } }, xiaowang);
    expect(res.ok && res.data).toEqual({ skus: 1, sellableBefore: 24, sellableAfter: 15, largest: [{ skuId: 'A001', name: '赣南脐橙', spec: '5斤装', before: 24, after: 15 }] });
    const bad = await s.call('operator', 'previewSku', { sku: { ...orange!, bufferPolicy: { ratio: 2 } } }, xiaowang);
    expect(bad.ok || bad.error.issues?.map((i) => i.path)).toEqual(['sku.bufferPolicy.ratio']);
  });
});
