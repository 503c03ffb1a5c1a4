// The 微信小店 stock push (issue 18) on real SQLite against the stand-in shop over HTTP:
// a report that moves sellable moves the listing's stock in the shop by the change within
// one tick; a shop that keeps refusing makes the listing stale and alerts its leader and
// the operators; a retry never pushes a change twice, even when the answer was lost.
import type { IntakeResult } from '../../cloudfunctions/src/contract/api';
import { foldPushes } from '../../cloudfunctions/src/domain/listing-push';
import { pushListingStock } from '../../cloudfunctions/src/jobs/listing-push';
import { type ChannelsCall, httpsChannels } from '../../cloudfunctions/src/storefront/channels-api';
import { skus, suppliers, users } from '../fixtures/catalogue';
import { type ChannelsStandin, startChannelsStandin } from '../support/channels-standin';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let shop: ChannelsStandin;
let lead1: string;
let fruit: string;
let channels: ChannelsCall;
const P = '10000001';
const K = '20000001';

beforeEach(async () => {
  s = await startTestServer();
  shop = await startChannelsStandin();
  shop.shop.addSku(P, K, 0);
  channels = httpsChannels({ appid: 'wx-test', secret: 'secret', baseUrl: shop.url });
  s.deps.channels = channels;
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(skus);
  await s.store.upsertUsers(users);
  [lead1, fruit] = (await Promise.all(['LEAD-0001', 'SUP-FRUIT'].map((c) => s.signIn(c)))) as [string, string];
});
afterEach(async () => {
  await shop.close();
  await s.close();
});

async function count(onHand: number): Promise<void> {
  const res = await s.call<IntakeResult>('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand }] }, fruit);
  if (!res.ok) throw new Error(res.error.message);
}
async function link(): Promise<string> {
  const res = await s.call<{ listingId?: string }>('leader', 'linkListing', { skuId: 'A001', storefront: 'wechat_shop', productId: P, storefrontSkuId: K, shareKind: 'ratio', ratio: 0.5 }, lead1);
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data.listingId!;
}
const updates = () => shop.shop.log.filter((c) => c.path === 'product/stock/update').map((c) => [c.body.diff_type, c.body.num, c.errcode]);
const minutes = (n: number) => s.clock.advance(n * 60_000);

describe('the 微信小店 stock push', () => {
  it('sets the count on the first tick, then pushes each change in sellable as add/subtract within one tick', async () => {
    await count(50); // 40 sellable, half of it to this listing
    await link();
    expect(await pushListingStock(s.deps)).toMatchObject({ examined: 1, pushed: 1 });
    expect(shop.shop.stockOf(P, K)).toBe(20);
    expect(updates()).toEqual([[3, 20, 0]]);
    // Nothing moved: the next tick sends nothing.
    expect(await pushListingStock(s.deps)).toMatchObject({ pushed: 0 });
    // Customers buy 3 in the shop meanwhile; a new count of 45 (36 sellable, 18 here) is a subtract of 2.
    shop.shop.sell(P, K, 3);
    minutes(5);
    await count(45);
    await pushListingStock(s.deps);
    expect(updates()).toEqual([[3, 20, 0], [2, 2, 0]]);
    expect(shop.shop.stockOf(P, K)).toBe(15);
    minutes(5);
    await count(55); // 44 sellable, 22 here: add 4
    await pushListingStock(s.deps);
    expect(updates().at(-1)).toEqual([1, 4, 0]);
    expect(shop.shop.stockOf(P, K)).toBe(19);
  });

  it('retries a refused push with backoff, marks the listing stale after 30 minutes with one alert to the leader and the operators, and pushes the change once when the shop recovers', async () => {
    await count(50);
    const listingId = await link();
    await pushListingStock(s.deps); // 20 set
    shop.shop.failFor(Infinity);
    minutes(5);
    await count(45); // 18: a subtract of 2, refused
    await pushListingStock(s.deps);
    await pushListingStock(s.deps); // inside the first minute's wait: not asked again
    expect(updates()).toEqual([[3, 20, 0], [2, 2, -1]]);
    for (let i = 0; i < 8; i++) {
      minutes(5);
      await pushListingStock(s.deps);
    }
    const state = foldPushes(await s.store.listListingPushes([listingId]));
    expect(state.lastAccepted?.count).toBe(20);
    expect(state.failingSince).toBeDefined();
    const leaderAlerts = (await s.store.listAlerts('u-leader-1', 10)).filter((a) => a.kind === 'listingStale');
    const opAlerts = (await s.store.listAlerts('u-op', 10)).filter((a) => a.kind === 'listingStale');
    expect(leaderAlerts.map((a) => a.title)).toEqual(['微信小店库存推送失败：赣南脐橙 5斤装']);
    expect(opAlerts).toHaveLength(1);
    expect(shop.shop.stockOf(P, K)).toBe(20);
    shop.shop.recover();
    minutes(60);
    await pushListingStock(s.deps);
    await pushListingStock(s.deps);
    // Every refused try asked for the same 2; the accepted one applied it once.
    expect(updates().filter(([, , code]) => code === 0)).toEqual([[3, 20, 0], [2, 2, 0]]);
    expect(shop.shop.stockOf(P, K)).toBe(18);
    expect(foldPushes(await s.store.listListingPushes([listingId])).failingSince).toBeUndefined();
  });

  it('does not push a change twice when WeChat applied it but its answer was never logged', async () => {
    await count(50);
    const listingId = await link();
    await pushListingStock(s.deps); // 20
    minutes(5);
    await count(45); // 18
    // WeChat applies the subtract, then the function dies before the answer is written.
    s.deps.channels = { ...channels, updateStock: async (req) => { await channels.updateStock(req); throw new Error('instance killed'); } };
    await expect(pushListingStock(s.deps)).rejects.toThrow('instance killed');
    expect(shop.shop.stockOf(P, K)).toBe(18);
    s.deps.channels = channels;
    shop.shop.sell(P, K, 1); // a customer buys one meanwhile
    await pushListingStock(s.deps);
    // Not another subtract of 2: the shop's stock is read and the count set.
    expect(updates().slice(1)).toEqual([[2, 2, 0], [3, 18, 0]]);
    expect(shop.shop.stockOf(P, K)).toBe(18);
    expect((await s.store.listListingPushes([listingId])).map((e) => e.type)).toEqual(['sent', 'answer', 'sent', 'sent', 'answer']);
  });

  it('corrects drift with a set only after an hour without a push', async () => {
    await count(50);
    await link();
    await pushListingStock(s.deps);
    shop.shop.setStock(P, K, 25); // someone typed in the shop's back office
    minutes(30);
    await pushListingStock(s.deps);
    expect(shop.shop.stockOf(P, K)).toBe(25);
    minutes(31);
    await pushListingStock(s.deps);
    expect(shop.shop.stockOf(P, K)).toBe(20);
    expect(updates()).toEqual([[3, 20, 0], [3, 20, 0]]);
    minutes(61);
    await pushListingStock(s.deps); // the shop shows 20: the read is logged, nothing sent
    expect(updates()).toHaveLength(2);
  });
});
