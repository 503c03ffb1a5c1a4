// A local stand-in of the WeChat Shop (微信小店) API: a shop with products/SKUs and
// stock, customers who buy (lowering stock and leaving an order), and the four calls
// Huozhun makes (cloudfunctions/src/storefront/channels-api.ts), over HTTP for the
// self-hosted transport (with cgi-bin/stable_token) and as `answer(path, body)` for the
// cloud endpoint (test/cloud-endpoint/openapi.ts). What it does not model is listed in
// README.md (微信小店 stand-in).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PRODUCT_NOT_FOUND } from '../../cloudfunctions/src/storefront/channels-api';

/**
 * The code answered for a subtract below zero. An assumption: issue 18 lists
 * 10020050/51/52/54/55 for stock calls, and WeChat's page for stock/update was not at
 * hand, so which of them means "not enough stock" is not confirmed.
 */
export const STOCK_NOT_ENOUGH = 10020055;
/** The common "system busy" code WeChat answers when it cannot serve a call. */
export const SYSTEM_BUSY = -1;
/** The stand-in's own code for order/get of an unknown order (not WeChat's, which was not looked up). */
export const ORDER_NOT_FOUND = 10029999;

type Body = Record<string, unknown>;

export interface StandinOrder {
  order_id: string;
  status: number;
  create_time: number;
  update_time: number;
  order_detail: { product_infos: Array<{ product_id: string; sku_id: string; sku_cnt: number }> };
}

export interface StockCall {
  path: string;
  body: Body;
  errcode: number;
}

export class ChannelsShop {
  private readonly stock = new Map<string, number>();
  readonly orders: StandinOrder[] = [];
  /** Every channels call in arrival order with the errcode answered. */
  readonly log: StockCall[] = [];
  private failing: { code: number; message: string; calls: number } | null = null;
  private orderNo = 0;
  /** Unix seconds for create/update times; tests move it. */
  nowSeconds = 1_764_900_000;

  private key = (productId: string, skuId: string): string => `${productId}/${skuId}`;

  addSku(productId: string, skuId: string, stock = 0): void {
    this.stock.set(this.key(productId, skuId), stock);
  }

  stockOf(productId: string, skuId: string): number | undefined {
    return this.stock.get(this.key(productId, skuId));
  }

  /** Someone changes the stock in the shop's own back office (drift). */
  setStock(productId: string, skuId: string, stock: number): void {
    this.stock.set(this.key(productId, skuId), stock);
  }

  /** Customers buy `count` units: stock drops and an order (status 20 待发货) appears; null when stock is short. */
  sell(productId: string, skuId: string, count: number): StandinOrder | null {
    const at = this.stock.get(this.key(productId, skuId));
    if (at === undefined || at < count) return null;
    this.stock.set(this.key(productId, skuId), at - count);
    const order: StandinOrder = {
      order_id: String(3_705_115_058_471_200_000n + BigInt(++this.orderNo)),
      status: 20,
      create_time: this.nowSeconds,
      update_time: this.nowSeconds,
      order_detail: { product_infos: [{ product_id: productId, sku_id: skuId, sku_cnt: count }] },
    };
    this.orders.push(order);
    return order;
  }

  /** Answer the next `calls` channels calls (Infinity: until `recover`) with this error. */
  failFor(calls: number, code = SYSTEM_BUSY, message = 'system error'): void {
    this.failing = { code, message, calls };
  }

  recover(): void {
    this.failing = null;
  }

  /** One call by its path after /channels/ec/ (e.g. `product/stock/update`) → WeChat's JSON reply. */
  answer = (path: string, body: Body): Body => {
    const reply = this.reply(path, body);
    this.log.push({ path, body, errcode: typeof reply.errcode === 'number' ? reply.errcode : 0 });
    return reply;
  };

  private reply(path: string, body: Body): Body {
    if (this.failing && this.failing.calls > 0) {
      this.failing.calls -= 1;
      return { errcode: this.failing.code, errmsg: this.failing.message };
    }
    switch (path) {
      case 'product/stock/update': {
        const key = this.key(String(body.product_id), String(body.sku_id));
        const at = this.stock.get(key);
        if (at === undefined) return { errcode: PRODUCT_NOT_FOUND, errmsg: '商品不存在' };
        const n = body.num;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return { errcode: 47001, errmsg: 'data format error' };
        if (body.diff_type === 1) this.stock.set(key, at + n);
        else if (body.diff_type === 2) {
          if (at < n) return { errcode: STOCK_NOT_ENOUGH, errmsg: 'stock not enough' };
          this.stock.set(key, at - n);
        } else if (body.diff_type === 3) this.stock.set(key, n);
        else return { errcode: 47001, errmsg: 'data format error' };
        return { errcode: 0, errmsg: 'ok' };
      }
      case 'product/stock/get': {
        const at = this.stock.get(this.key(String(body.product_id), String(body.sku_id)));
        if (at === undefined) return { errcode: PRODUCT_NOT_FOUND, errmsg: '商品不存在' };
        return { errcode: 0, errmsg: 'ok', data: { normal_stock_num: at, limited_discount_stock_num: 0, warehouse_stocks: [], total_stock_num: at } };
      }
      case 'order/list/get': {
        const range = (body.create_time_range ?? body.update_time_range) as { start_time?: number; end_time?: number } | undefined;
        const field = body.create_time_range ? 'create_time' : 'update_time';
        const size = typeof body.page_size === 'number' && body.page_size > 0 ? Math.min(body.page_size, 100) : 10;
        const start = typeof body.next_key === 'string' && body.next_key !== '' ? Number(body.next_key) : 0;
        const matching = this.orders.filter((o) => !range || (o[field] >= (range.start_time ?? 0) && o[field] < (range.end_time ?? Infinity)));
        const page = matching.slice(start, start + size);
        const more = start + size < matching.length;
        return { errcode: 0, errmsg: 'ok', order_id_list: page.map((o) => o.order_id), next_key: String(start + page.length), has_more: more };
      }
      case 'order/get': {
        const order = this.orders.find((o) => o.order_id === String(body.order_id));
        // The stand-in's own code for an unknown order: WeChat's was not looked up.
        return order ? { errcode: 0, errmsg: 'ok', order } : { errcode: ORDER_NOT_FOUND, errmsg: 'order not exist' };
      }
      default:
        return { errcode: 48001, errmsg: 'api unauthorized' };
    }
  }
}

export interface ChannelsStandin {
  url: string;
  shop: ChannelsShop;
  close(): Promise<void>;
}

/** The shop over HTTP as api.weixin.qq.com answers it (any appid/secret gets a token). */
export async function startChannelsStandin(shop = new ChannelsShop()): Promise<ChannelsStandin> {
  let tokenNo = 0;
  const tokens = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      let body: Body = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Body;
      } catch {
        return res.end(JSON.stringify({ errcode: 47001, errmsg: 'data format error' }));
      }
      const url = new URL(req.url ?? '/', 'http://standin');
      if (url.pathname === '/cgi-bin/stable_token') {
        const token = `standin-${++tokenNo}`;
        tokens.add(token);
        return res.end(JSON.stringify({ access_token: token, expires_in: 7200 }));
      }
      const m = /^\/channels\/ec\/(.+)$/.exec(url.pathname);
      if (!m) {
        res.statusCode = 404;
        return res.end(JSON.stringify({ errcode: 404, errmsg: 'not found' }));
      }
      if (!tokens.has(url.searchParams.get('access_token') ?? '')) return res.end(JSON.stringify({ errcode: 40001, errmsg: 'invalid credential' }));
      res.end(JSON.stringify(shop.answer(m[1]!, body)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    shop,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
