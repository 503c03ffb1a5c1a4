// Storefront listings over the handlers on real SQLite (issue 18): a leader links its 快团团
// and 微信小店 listings to a SKU with shares, sees each one's count to show now (the SKU's
// sellable shared by every leader's listings), records 已改, edits and unlinks (all
// appended); the operator acts for a leader and sets the allocation total; the scheduler
// tells the leader once when a typed number has moved past the setting.
import type { IntakeResult, ListingsView, SettingsView } from '../../cloudfunctions/src/contract/api';
import { alertListingRetypes } from '../../cloudfunctions/src/jobs/listing-retype';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { skus, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let op: string;
let lead1: string;
let lead2: string;
let fruit: string;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(skus);
  await s.store.upsertUsers(users);
  [op, lead1, lead2, fruit] = (await Promise.all(['OP-0001', 'LEAD-0001', 'LEAD-0002', 'SUP-FRUIT'].map((c) => s.signIn(c)))) as [string, string, string, string];
});
afterEach(() => s.close());

/** The fruit supplier counts A001: sellable is 80% of it (the default 20% buffer). */
async function count(onHand: number): Promise<void> {
  const res = await s.call<IntakeResult>('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand }] }, fruit);
  if (!res.ok) throw new Error(res.error.message);
}
async function call(action: string, payload: unknown, token: string): Promise<ListingsView & { listingId?: string }> {
  const res = await s.call<ListingsView & { listingId?: string }>('leader', action, payload, token);
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`);
  return res.data;
}
const counts = (v: ListingsView) => v.listings.map((l) => [l.storefrontName, l.count]);

describe('listings and their counts', () => {
  it('shares a SKU\'s sellable between every leader\'s listings by their shares, and rebalances when sellable moves', async () => {
    await count(50); // 40 sellable
    await call('linkListing', { skuId: 'A001', storefront: 'wechat_shop', productId: '10000001', storefrontSkuId: '20000001', shareKind: 'ratio', ratio: 0.5 }, lead1);
    s.clock.advance(1000);
    // Alone beside the 微信小店 product, the equal split takes the other half.
    expect(counts(await call('linkListing', { skuId: 'A001', storefront: 'ktt', title: '周三水果团', shareKind: 'equal' }, lead1))).toEqual([['微信小店', 20], ['快团团', 20]]);
    await call('linkListing', { skuId: 'A001', storefront: 'qunjielong', shareKind: 'equal' }, lead2);
    const mine = await call('listings', {}, lead1);
    // Half to the 微信小店 product; the rest split equally between the two hand-typed listings.
    expect(counts(mine)).toEqual([['微信小店', 20], ['快团团', 10]]);
    const ktt = mine.listings.find((l) => l.storefront === 'ktt')!;
    expect(ktt).toMatchObject({ skuName: '赣南脐橙 5斤装', shareLabel: '平均分配', byHand: true, retypeText: '快团团 改库存为 10', title: '周三水果团', moved: 10, needsRetype: false });
    expect(mine.listings[0]).toMatchObject({ byHand: false, shareLabel: '可售的 50%' });
    expect(mine.listings[0]!.retypeText).toBeUndefined();
    expect(counts(await call('listings', {}, lead2))).toEqual([['群接龙', 10]]);
    // A lower count: every listing gives back, the total never past sellable.
    await count(25); // 20 sellable
    const after = await call('listings', {}, lead1);
    expect(counts(after)).toEqual([['微信小店', 10], ['快团团', 5]]);
  });

  it('names the missing field: a 微信小店 listing without its ids, a ratio without its number, an unknown SKU', async () => {
    const bad = async (payload: object) => {
      const res = await s.call('leader', 'linkListing', payload, lead1);
      return res.ok ? [] : (res.error.issues ?? []).map((i) => [i.path, i.message]);
    };
    expect(await bad({ skuId: 'A001', storefront: 'wechat_shop', productId: '1', shareKind: 'equal' })).toEqual([['storefrontSkuId', '微信小店的商品需要填写规格 ID（sku_id）']]);
    expect(await bad({ skuId: 'A001', storefront: 'ktt', shareKind: 'ratio' })).toEqual([['ratio', '按比例分配时请填写比例（如 0.3 即可售的 30%）']]);
    expect(await bad({ skuId: 'A001', storefront: 'ktt', shareKind: 'fixed' })).toEqual([['units', '固定件数时请填写最多显示几件']]);
    expect(await bad({ skuId: 'NOPE', storefront: 'ktt', shareKind: 'equal' })).toEqual([['skuId', '商品 NOPE 不存在或已下架']]);
    expect(await bad({ skuId: 'A001', storefront: 'taobao', shareKind: 'equal' })).toEqual([['storefront', '店铺类型不正确']]);
    expect(await s.store.listListingEntries({})).toEqual([]);
  });

  it('refuses a share field the chosen share does not take, naming it, rather than ignoring it', async () => {
    const issues = async (payload: object) => {
      const res = await s.call('leader', 'linkListing', { skuId: 'A001', storefront: 'ktt', ...payload }, lead1);
      return res.ok ? [] : (res.error.issues ?? []).map((i) => [i.path, i.message]);
    };
    expect(await issues({ shareKind: 'equal', ratio: 0.3 })).toEqual([['ratio', '平均分配时不填比例']]);
    expect(await issues({ shareKind: 'fixed', units: 5, ratio: 0.3 })).toEqual([['ratio', '固定件数时不填比例']]);
    expect(await issues({ shareKind: 'ratio', ratio: 0.3, units: 5 })).toEqual([['units', '按比例分配时不填件数']]);
    expect(await s.store.listListingEntries({})).toEqual([]);
  });

  it('refuses linking the same listing twice: one 微信小店 SKU by anyone, or a leader\'s same group of a SKU', async () => {
    await count(50);
    const wechat = { skuId: 'A001', storefront: 'wechat_shop', productId: '10000001', storefrontSkuId: '20000001', shareKind: 'equal' };
    const ktt = { skuId: 'A001', storefront: 'ktt', title: '周三水果团', shareKind: 'equal' };
    await call('linkListing', wechat, lead1);
    await call('linkListing', ktt, lead1);
    const before = await s.store.listListingEntries({});
    const refused = async (action: string, payload: object, token: string) => {
      const res = await s.call('leader', action, payload, token);
      return res.ok ? null : [res.error.code, ...(res.error.issues ?? []).map((i) => [i.path, i.message])];
    };
    // The same 微信小店 SKU, by the same leader or another: its stock would be pushed twice.
    const twice = ['CONFLICT', ['storefrontSkuId', '这个微信小店规格（10000001 / 20000001）已关联，同一规格只能关联一次']];
    expect(await refused('linkListing', wechat, lead1)).toEqual(twice);
    expect(await refused('linkListing', { ...wechat, skuId: 'A002' }, lead2)).toEqual(twice);
    expect(await refused('linkListing', { ...ktt, shareKind: 'ratio', ratio: 0.2 }, lead1)).toEqual(['CONFLICT', ['title', '已有快团团“周三水果团”关联了这个商品；如果是另一个团，请填写不同的名称']]);
    expect(await s.store.listListingEntries({})).toEqual(before);
    // Named apart, it is another group; another leader's group of the same name is theirs.
    await call('linkListing', { ...ktt, title: '周五水果团' }, lead1);
    await call('linkListing', ktt, lead2);
    // An edit may not make one listing the twin of another, and may keep its own ids.
    const mine = await call('listings', {}, lead1);
    const friday = mine.listings.find((l) => l.title === '周五水果团')!;
    expect(await refused('editListing', { listingId: friday.id, storefront: 'ktt', title: '周三水果团', shareKind: 'equal' }, lead1)).toEqual(['CONFLICT', ['title', '已有快团团“周三水果团”关联了这个商品；如果是另一个团，请填写不同的名称']]);
    const shop = mine.listings.find((l) => l.storefront === 'wechat_shop')!;
    await call('editListing', { listingId: shop.id, storefront: 'wechat_shop', productId: '10000001', storefrontSkuId: '20000001', shareKind: 'ratio', ratio: 0.4 }, lead1);
    // Unlinked, its place is free again.
    await call('unlinkListing', { listingId: shop.id }, lead1);
    await call('linkListing', { ...wechat, skuId: 'A002' }, lead2);
  });

  it('appends edits, 已改 and unlinking, never changing an entry; the page drops an unlinked listing', async () => {
    await count(50);
    const { listingId } = await call('linkListing', { skuId: 'A001', storefront: 'ktt', shareKind: 'equal' }, lead1);
    s.clock.advance(60_000);
    const typed = await call('markTyped', { listingId, typedCount: 40 }, lead1);
    expect(typed.listings[0]).toMatchObject({ count: 40, lastTyped: { count: 40, at: s.clock.now(), byName: '阳光小区团长' }, moved: 0 });
    const edited = await call('editListing', { listingId, storefront: 'ktt', shareKind: 'fixed', units: 12 }, lead1);
    expect(edited.listings[0]).toMatchObject({ count: 12, shareLabel: '最多 12 件', moved: 28, needsRetype: true, lastTyped: { count: 40 } });
    const gone = await call('unlinkListing', { listingId }, lead1);
    expect(gone.listings).toEqual([]);
    const entries = await s.store.listListingEntries({ listingId });
    expect(entries.map((e) => [e.seq, e.type, e.type === 'version' ? e.share.kind : e.count, e.type === 'version' && e.unlinked === true]))
      .toEqual([[1, 'version', 'equal', false], [2, 'typed', 40, false], [3, 'version', 'fixed', false], [4, 'version', 'fixed', true]]);
    const again = await s.call('leader', 'markTyped', { listingId, typedCount: 3 }, lead1);
    expect(!again.ok && again.error.issues).toEqual([{ path: 'listingId', message: '这个店铺商品已取消关联' }]);
  });

  it('keeps leaders to their own listings; an operator acts for a named leader', async () => {
    await count(50);
    const { listingId } = await call('linkListing', { skuId: 'A001', storefront: 'ktt', shareKind: 'equal' }, lead1);
    const other = await s.call('leader', 'unlinkListing', { listingId }, lead2);
    expect(!other.ok && other.error.issues).toEqual([{ path: 'listingId', message: '找不到这个店铺商品' }]);
    const peek = await s.call('leader', 'listings', { leaderId: 'u-leader-1' }, lead2);
    expect(!peek.ok && peek.error.issues).toEqual([{ path: 'leaderId', message: '只能管理自己的店铺商品' }]);
    const unnamed = await s.call('leader', 'linkListing', { skuId: 'A001', storefront: 'ktt', shareKind: 'equal' }, op);
    expect(!unnamed.ok && unnamed.error.issues).toEqual([{ path: 'leaderId', message: '请选择团长' }]);
    const forLeader = await call('linkListing', { leaderId: 'u-leader-2', skuId: 'A001', storefront: 'other', shareKind: 'fixed', units: 5 }, op);
    expect(forLeader.listings.map((l) => [l.leaderName, l.storefrontName, l.count])).toEqual([['翠苑团长', '其他店铺', 5]]);
    expect((await s.store.listListingEntries({ leaderId: 'u-leader-2' }))[0]).toMatchObject({ by: 'u-op' });
    await call('unlinkListing', { listingId }, op);
    expect((await call('listings', {}, lead1)).listings).toEqual([]);
  });

  it('follows the operator\'s allocation total: above 100% the listings together may show more than sellable', async () => {
    await count(50); // 40
    for (const token of [lead1, lead2]) await call('linkListing', { skuId: 'A001', storefront: 'ktt', shareKind: 'ratio', ratio: 0.6 }, token);
    // 60% + 60% at 100%: scaled to 20 each.
    expect(counts(await call('listings', {}, lead1))).toEqual([['快团团', 20]]);
    const current = await s.call<SettingsView>('operator', 'getSettings', {}, op);
    if (!current.ok) throw new Error('settings');
    const saved = await s.call<SettingsView>('operator', 'saveSettings', { settings: { ...current.data.settings, storefronts: { allocationTotal: 1.2, retypeAboveUnits: 5 } }, expectedVersion: current.data.version }, op);
    expect(saved.ok).toBe(true);
    const view = await call('listings', {}, lead1);
    expect(counts(view)).toEqual([['快团团', 24]]);
    expect(view.allocationTotal).toBe(1.2);
    const refused = await s.call('operator', 'saveSettings', { settings: { ...DEFAULT_SETTINGS, storefronts: { allocationTotal: 5, retypeAboveUnits: 5 } } }, op);
    expect(!refused.ok && refused.error.issues).toEqual([{ path: 'settings.storefronts.allocationTotal', message: '设置的店铺库存分配的店铺份额合计上限不能大于 3' }]);
  });

  it('keeps a leader\'s listings of a scarce hot SKU within the leader\'s ration', async () => {
    await s.store.upsertSkus([{ ...skus.find((k) => k.id === 'A001')!, tierOverride: 'hot' }]);
    await count(25); // 20 sellable, below the ration's 30: a leader may hold 30% = 6
    await call('linkListing', { skuId: 'A001', storefront: 'ktt', shareKind: 'equal' }, lead1);
    const view = await call('linkListing', { skuId: 'A001', storefront: 'wechat_shop', productId: '1', storefrontSkuId: '2', shareKind: 'equal' }, lead1);
    expect(view.listings.map((l) => [l.count, l.rationed])).toEqual([[3, true], [3, true]]);
  });
});

describe('店铺库存待改', () => {
  it('tells the leader once when a typed number moved past the setting, and again only after the next 已改', async () => {
    await count(50); // 40
    const { listingId } = await call('linkListing', { skuId: 'A001', storefront: 'ktt', shareKind: 'equal' }, lead1);
    expect(await alertListingRetypes(s.deps)).toEqual({ examined: 0, raised: 0 }); // never typed: the page shows it
    await call('markTyped', { listingId, typedCount: 40 }, lead1);
    await count(45); // 36: moved 4, not past 5
    expect(await alertListingRetypes(s.deps)).toEqual({ examined: 1, raised: 0 });
    await count(40); // 32: moved 8
    expect(await alertListingRetypes(s.deps)).toEqual({ examined: 1, raised: 1 });
    await count(30); // 24: moved further, the same move
    expect(await alertListingRetypes(s.deps)).toEqual({ examined: 1, raised: 0 });
    const alerts = await s.store.listAlerts('u-leader-1', 10);
    expect(alerts.map((a) => [a.kind, a.title, a.link])).toEqual([['listingRetype', '快团团库存要改了：赣南脐橙 5斤装', '/pages/leader/listings/index']]);
    expect(alerts[0]!.body).toContain('现在应显示 32 件，上次改的是 40 件');
    await call('markTyped', { listingId, typedCount: 24 }, lead1);
    await count(50); // 40: moved 16 since the new 已改
    expect(await alertListingRetypes(s.deps)).toEqual({ examined: 1, raised: 1 });
    expect((await s.store.listAlerts('u-leader-1', 10)).length).toBe(2);
  });

  it('is not raised for a storefront we push, nor when the operator switched it off', async () => {
    await count(50);
    await call('linkListing', { skuId: 'A001', storefront: 'wechat_shop', productId: '1', storefrontSkuId: '2', shareKind: 'equal' }, lead1);
    const { listingId } = await call('linkListing', { skuId: 'A001', storefront: 'qunjielong', shareKind: 'equal' }, lead2);
    await call('markTyped', { listingId, typedCount: 0 }, lead2);
    await s.store.saveSettings({ ...DEFAULT_SETTINGS, alerts: { ...DEFAULT_SETTINGS.alerts, disabled: ['listingRetype'] } });
    expect(await alertListingRetypes(s.deps)).toEqual({ examined: 0, raised: 0 });
    const pushed = await s.call('leader', 'markTyped', { listingId: (await call('listings', {}, lead1)).listings[0]!.id, typedCount: 3 }, lead1);
    expect(!pushed.ok && pushed.error.issues).toEqual([{ path: 'listingId', message: '微信小店的库存由系统推送，不用手动改' }]);
  });
});
