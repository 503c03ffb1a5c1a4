// 店铺库存 for a 微信小店 listing (issue 18): after the scheduler's push the card says the
// count pushed and that WeChat took it; when the shop keeps refusing, WeChat's refusal in
// Chinese, the last count it took, and 已过期 past the stale time.
import { screen, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import { pushListingStock } from '../../cloudfunctions/src/jobs/listing-push';
import { CHANNELS_PATHS, type ChannelsCall, readEnvelope, readReply } from '../../cloudfunctions/src/storefront/channels-api';
import { ChannelsShop } from '../support/channels-standin';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;
let shop: { shop: ChannelsShop };
/** The stand-in shop called in-process: jsdom's fetch does not reach a local server (the HTTP transport is tested in test/functions). */
const direct = (s: ChannelsShop): ChannelsCall => ({
  updateStock: async (req) => readEnvelope(s.answer(CHANNELS_PATHS.updateStock, { ...req }), readReply.updateStock),
  getStock: async (req) => readEnvelope(s.answer(CHANNELS_PATHS.getStock, { ...req }), readReply.getStock),
  listOrders: async (req) => readEnvelope(s.answer(CHANNELS_PATHS.listOrders, { ...req }), readReply.listOrders),
  getOrder: async (id) => readEnvelope(s.answer(CHANNELS_PATHS.getOrder, { order_id: id }), readReply.getOrder),
});
beforeEach(async () => {
  backend = await startBackend();
  shop = { shop: new ChannelsShop() };
  shop.shop.addSku('10000001', '20000001', 0);
  backend.deps.channels = direct(shop.shop);
});
afterEach(async () => {
  await backend.close();
});

test('a 微信小店 card shows the count pushed and accepted, then the refusal in Chinese and 已过期', async () => {
  await backend.as('DEMO-L01', 'leader', 'linkListing', { skuId: 'HZ2007', storefront: 'wechat_shop', productId: '10000001', storefrontSkuId: '20000001', shareKind: 'equal' });
  const run = await pushListingStock(backend.deps);
  const pushed = shop.shop.stockOf('10000001', '20000001')!;
  expect(run).toMatchObject({ pushed: 1 });
  expect(pushed).toBeGreaterThan(0);
  await openApp(PAGES.leaderListings, { as: 'DEMO-L01' });
  expect(await screen.findByText(new RegExp(`^已推送 ${pushed} 件 · .* · 微信小店已接受$`))).toBeTruthy();
  expect(screen.queryByText(/已过期/)).toBeNull();
});

test('refused for over 30 minutes: the error, the last accepted count, and 已过期', async () => {
  await backend.as('DEMO-L01', 'leader', 'linkListing', { skuId: 'HZ2007', storefront: 'wechat_shop', productId: '10000001', storefrontSkuId: '20000001', shareKind: 'equal' });
  await pushListingStock(backend.deps);
  const pushed = shop.shop.stockOf('10000001', '20000001')!;
  shop.shop.failFor(Infinity);
  // An hour without a push, the drift check reads the shop's stock: refused from then on.
  for (let i = 0; i < 20; i++) {
    backend.clock.advance(5 * 60_000);
    await pushListingStock(backend.deps);
  }
  await openApp(PAGES.leaderListings, { as: 'DEMO-L01' });
  const error = await screen.findByText(/未成功 · .*：微信小店系统繁忙，稍后重试（system error），系统会自动重试$/);
  const card = error.closest('.hz-listing') as HTMLElement;
  expect(within(card).getByText(new RegExp(`^上次成功推送 ${pushed} 件 · `))).toBeTruthy();
  expect(within(card).getByText('已过期：微信小店显示的库存可能不准，请在小店后台核对')).toBeTruthy();
});
