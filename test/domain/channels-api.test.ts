import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cloudChannels, httpsChannels, readEnvelope, readReply, MALFORMED_REPLY, TRANSPORT_FAILED } from '../../cloudfunctions/src/storefront/channels-api';

describe('WeChat Shop replies as values', () => {
  it('reads stock/get as documented, and a non-zero errcode as the error', () => {
    const reply = { errcode: 0, errmsg: 'ok', data: { normal_stock_num: 998, limited_discount_stock_num: '0', warehouse_stocks: [], total_stock_num: 1107 } };
    expect(readEnvelope(reply, readReply.getStock)).toEqual({ ok: true, value: { normal_stock_num: 998, limited_discount_stock_num: 0, total_stock_num: 1107 } });
    expect(readEnvelope({ errcode: 10020052, errmsg: '商品不存在' }, readReply.getStock)).toEqual({ ok: false, code: 10020052, message: '商品不存在' });
    expect(readEnvelope({ errcode: 0, data: {} }, readReply.getStock)).toMatchObject({ ok: false, code: MALFORMED_REPLY });
  });

  it('reads an order with its products, ids as strings; a product without sku_cnt is malformed', () => {
    const order = { order_id: '3705115058471208928', status: 20, create_time: 1700000000, update_time: 1700000100, order_detail: { product_infos: [{ product_id: '10000000088178', sku_id: 462966239, sku_cnt: 2 }] } };
    expect(readEnvelope({ errcode: 0, order }, readReply.getOrder)).toEqual({ ok: true, value: { order_id: '3705115058471208928', status: 20, create_time: 1700000000, update_time: 1700000100, product_infos: [{ product_id: '10000000088178', sku_id: '462966239', sku_cnt: 2 }] } });
    const bad = { ...order, order_detail: { product_infos: [{ product_id: '1', sku_id: '2' }] } };
    expect(readEnvelope({ errcode: 0, order: bad }, readReply.getOrder)).toMatchObject({ ok: false, code: MALFORMED_REPLY });
    expect(readEnvelope({ errcode: 0, order_id_list: ['a', 'b'], next_key: 'k', has_more: true }, readReply.listOrders)).toEqual({ ok: true, value: { order_id_list: ['a', 'b'], next_key: 'k', has_more: true } });
  });
});

describe('the cloud transport', () => {
  it('calls channels.ec.<path> with snake_case kept, and maps what the SDK throws', async () => {
    const calls: Array<{ api: string; body: unknown; convertCase: unknown }> = [];
    const proxy = (path: string[], convertCase: unknown): unknown =>
      new Proxy(function () {}, {
        get: (_t, prop) => proxy([...path, String(prop)], convertCase),
        apply: async (_t, _this, [body]) => {
          const api = path.join('.');
          calls.push({ api, body, convertCase });
          if ((body as { num?: number }).num === 99) throw Object.assign(new Error('x'), { errCode: 10020055, errMsg: `openapi.${api}:fail wechat says no` });
          if ((body as { num?: number }).num === 98) throw Object.assign(new Error('x'), { errCode: -604101, errMsg: `openapi.${api}:fail no permission` });
          return { errCode: 0, errMsg: `openapi.${api}:ok` };
        },
      });
    const channels = cloudChannels((opts) => proxy([], opts.convertCase) as Record<string, unknown>);
    expect(await channels.updateStock({ product_id: 'p', sku_id: 's', diff_type: 1, num: 3 })).toEqual({ ok: true, value: null });
    expect(calls[0]).toEqual({ api: 'channels.ec.product.stock.update', body: { product_id: 'p', sku_id: 's', diff_type: 1, num: 3 }, convertCase: false });
    expect(await channels.updateStock({ product_id: 'p', sku_id: 's', diff_type: 2, num: 99 })).toEqual({ ok: false, code: 10020055, message: 'wechat says no' });
    expect(await channels.updateStock({ product_id: 'p', sku_id: 's', diff_type: 2, num: 98 })).toEqual({ ok: false, code: -604101, message: 'no permission' });
  });
});

describe('the self-hosted transport', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  let tokenNo = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(`${req.url} ${body}`);
        res.setHeader('content-type', 'application/json');
        if (req.url === '/cgi-bin/stable_token') return res.end(JSON.stringify({ access_token: `T${++tokenNo}`, expires_in: 7200 }));
        if (req.url?.startsWith('/channels/ec/product/stock/get?access_token=T1')) return res.end(JSON.stringify({ errcode: 42001, errmsg: 'access_token expired' }));
        if (req.url?.startsWith('/channels/ec/product/stock/get')) return res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', data: { total_stock_num: 7 } }));
        if (req.url?.startsWith('/channels/ec/order/get')) { res.statusCode = 502; return res.end('<html>bad gateway</html>'); }
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('gets a stable token, renews it once on 42001, and reads a non-JSON answer as its HTTP status', async () => {
    const channels = httpsChannels({ appid: 'wx1', secret: 's', baseUrl: base });
    expect(await channels.getStock({ product_id: 'p', sku_id: 's' })).toEqual({ ok: true, value: { total_stock_num: 7, normal_stock_num: 0, limited_discount_stock_num: 0 } });
    expect(seen.filter((s) => s.startsWith('/cgi-bin/stable_token')).map((s) => JSON.parse(s.split(' ')[1]!).force_refresh)).toEqual([false, true]);
    expect(seen.at(-1)).toBe('/channels/ec/product/stock/get?access_token=T2 {"product_id":"p","sku_id":"s"}');
    expect(await channels.getOrder('o1')).toMatchObject({ ok: false, code: 502 });
    expect(await httpsChannels({ appid: 'a', secret: 's', baseUrl: 'http://127.0.0.1:1' }).getStock({ product_id: 'p', sku_id: 's' })).toMatchObject({ ok: false, code: TRANSPORT_FAILED });
  });
});
