// The WeChat Shop stand-in answered through both real transports: the self-hosted one
// over HTTP, and the cloud one through the real wx-server-sdk and the local endpoint.
import * as cloud from 'wx-server-sdk';
import { type ChannelsCall, type CloudOpenApi, cloudChannels, httpsChannels, PRODUCT_NOT_FOUND } from '../../cloudfunctions/src/storefront/channels-api';
import { ChannelsShop, STOCK_NOT_ENOUGH, type ChannelsStandin, startChannelsStandin } from '../support/channels-standin';
import { useLocalCloud } from '../support/cloud-sdk';

const local = useLocalCloud();
let standin: ChannelsStandin;
const cloudShop = new ChannelsShop();
beforeAll(async () => {
  standin = await startChannelsStandin();
  local.endpoint.subscribe.channels = cloudShop.answer;
});
afterAll(() => standin.close());

const transports: Array<[string, () => { shop: ChannelsShop; api: ChannelsCall }]> = [
  ['self-hosted', () => ({ shop: standin.shop, api: httpsChannels({ appid: 'wx1', secret: 's', baseUrl: standin.url }) })],
  ['cloud', () => ({ shop: cloudShop, api: cloudChannels(cloud.openapi as unknown as CloudOpenApi) })],
];

describe.each(transports)('the 微信小店 stand-in, %s', (_name, make) => {
  it('adds, subtracts and sets stock; refuses a subtract below zero and an unknown SKU', async () => {
    const { shop, api } = make();
    shop.addSku('P1', 'S1', 5);
    expect(await api.updateStock({ product_id: 'P1', sku_id: 'S1', diff_type: 1, num: 3 })).toEqual({ ok: true, value: null });
    expect(await api.updateStock({ product_id: 'P1', sku_id: 'S1', diff_type: 2, num: 2 })).toEqual({ ok: true, value: null });
    expect((await api.getStock({ product_id: 'P1', sku_id: 'S1' }))).toMatchObject({ ok: true, value: { total_stock_num: 6 } });
    expect(await api.updateStock({ product_id: 'P1', sku_id: 'S1', diff_type: 2, num: 7 })).toMatchObject({ ok: false, code: STOCK_NOT_ENOUGH });
    expect(shop.stockOf('P1', 'S1')).toBe(6);
    expect(await api.updateStock({ product_id: 'P1', sku_id: 'S1', diff_type: 3, num: 40 })).toEqual({ ok: true, value: null });
    expect(shop.stockOf('P1', 'S1')).toBe(40);
    expect(await api.getStock({ product_id: 'P9', sku_id: 'S1' })).toMatchObject({ ok: false, code: PRODUCT_NOT_FOUND });
  });

  it('lists the orders customers made by time range, pages them, and reads one', async () => {
    const { shop, api } = make();
    shop.addSku('P2', 'S2', 10);
    shop.nowSeconds = 1000;
    const first = shop.sell('P2', 'S2', 3)!;
    shop.nowSeconds = 2000;
    const second = shop.sell('P2', 'S2', 4)!;
    expect(shop.sell('P2', 'S2', 4)).toBeNull();
    expect(shop.stockOf('P2', 'S2')).toBe(3);
    const page1 = await api.listOrders({ create_time_range: { start_time: 0, end_time: 3000 }, page_size: 1 });
    expect(page1).toEqual({ ok: true, value: { order_id_list: [first.order_id], next_key: '1', has_more: true } });
    const page2 = await api.listOrders({ create_time_range: { start_time: 0, end_time: 3000 }, page_size: 1, next_key: '1' });
    expect(page2).toMatchObject({ ok: true, value: { order_id_list: [second.order_id], has_more: false } });
    expect(await api.listOrders({ create_time_range: { start_time: 1500, end_time: 3000 }, page_size: 10 })).toMatchObject({ ok: true, value: { order_id_list: [second.order_id] } });
    expect(await api.getOrder(second.order_id)).toEqual({ ok: true, value: { order_id: second.order_id, status: 20, create_time: 2000, update_time: 2000, product_infos: [{ product_id: 'P2', sku_id: 'S2', sku_cnt: 4 }] } });
  });

  it('answers errors for a while when told, then recovers', async () => {
    const { shop, api } = make();
    shop.addSku('P3', 'S3', 1);
    shop.failFor(2);
    expect(await api.getStock({ product_id: 'P3', sku_id: 'S3' })).toMatchObject({ ok: false, code: -1 });
    expect(await api.updateStock({ product_id: 'P3', sku_id: 'S3', diff_type: 1, num: 1 })).toMatchObject({ ok: false, code: -1 });
    expect(shop.stockOf('P3', 'S3')).toBe(1);
    expect(await api.updateStock({ product_id: 'P3', sku_id: 'S3', diff_type: 1, num: 1 })).toEqual({ ok: true, value: null });
    expect(shop.stockOf('P3', 'S3')).toBe(2);
  });
});
