// The WeChat Shop (微信小店) API calls Huozhun makes, as one typed port with two
// transports: the cloud one (云调用 through wx-server-sdk's generic openapi) and a
// self-hosted HTTPS one (an access token from cgi-bin/stable_token).
//
// Request and reply shapes, from WeChat's documentation:
// - stock/get: https://developers.weixin.qq.com/doc/store/API/product/get_stock.html
//   POST /channels/ec/product/stock/get {product_id, sku_id} (string uint64) →
//   {errcode, errmsg, data: {normal_stock_num, limited_discount_stock_num (a string on
//   that page), warehouse_stocks[{out_warehouse_id, num, lock_stock}], total_stock_num}};
//   its error table lists 10020052 商品不存在 besides the common codes.
// - stock/update (the same section, update_stock): POST /channels/ec/product/stock/update
//   {product_id, sku_id, diff_type: 1 增加 / 2 减少 / 3 设置, num} → {errcode, errmsg}.
//   The search tool did not return that page itself; the shape follows issue 18 and
//   the stock/get page's conventions. The other 100200xx codes issue 18 names
//   (10020050/51/54/55) are kept as numbers and their errmsg as WeChat words it: we do
//   not claim meanings we could not read.
// - order/list/get: POST /channels/ec/order/list/get {create_time_range | update_time_range:
//   {start_time, end_time} (unix seconds), status?, page_size, next_key?} →
//   {errcode, errmsg, order_id_list[], next_key, has_more}.
// - order/get: POST /channels/ec/order/get {order_id} → {errcode, errmsg, order: {order_id,
//   status, create_time, update_time, order_detail: {product_infos[{product_id, sku_id,
//   sku_cnt, ...}]}}}. The order shapes are from the 微信小店 order API pages as we know
//   them (not returned by the search tool); only the fields named here are read.
// - the token: POST /cgi-bin/stable_token {grant_type: 'client_credential', appid, secret,
//   force_refresh: false} → {access_token, expires_in} or {errcode, errmsg}.

/** WeChat's answer reduced to a value: the reply's data, or its errcode and errmsg. */
export type ChannelsResult<T> = { ok: true; value: T } | { ok: false; code: number; message: string };

/** 1 add, 2 subtract, 3 set: WeChat's diff_type. */
export type DiffType = 1 | 2 | 3;

export interface StockUpdateRequest {
  product_id: string;
  sku_id: string;
  diff_type: DiffType;
  num: number;
}

export interface StockGetRequest {
  product_id: string;
  sku_id: string;
}

export interface StockReply {
  normal_stock_num: number;
  limited_discount_stock_num: number;
  total_stock_num: number;
}

export interface TimeRange {
  /** Unix seconds. */
  start_time: number;
  end_time: number;
}

export interface OrderListRequest {
  create_time_range?: TimeRange;
  update_time_range?: TimeRange;
  status?: number;
  page_size: number;
  next_key?: string;
}

export interface OrderListReply {
  order_id_list: string[];
  next_key: string;
  has_more: boolean;
}

export interface OrderProductInfo {
  product_id: string;
  sku_id: string;
  sku_cnt: number;
}

export interface ChannelsOrder {
  order_id: string;
  /** WeChat's order status number (10 待付款, 20 待发货, ... 250 取消 as its pages list). */
  status: number;
  create_time: number;
  update_time: number;
  product_infos: OrderProductInfo[];
}

/** The calls we make; each resolves to a value, never throws. */
export interface ChannelsCall {
  updateStock(req: StockUpdateRequest): Promise<ChannelsResult<null>>;
  getStock(req: StockGetRequest): Promise<ChannelsResult<StockReply>>;
  listOrders(req: OrderListRequest): Promise<ChannelsResult<OrderListReply>>;
  getOrder(orderId: string): Promise<ChannelsResult<ChannelsOrder>>;
}

/** The API paths after /channels/ec/ (the cloud name is `channels.ec.` + dots). */
export const CHANNELS_PATHS = {
  updateStock: 'product/stock/update',
  getStock: 'product/stock/get',
  listOrders: 'order/list/get',
  getOrder: 'order/get',
} as const;

/** Documented for stock/get: 商品不存在. */
export const PRODUCT_NOT_FOUND = 10020052;
/** Our own code when a reply lacks a field we read (never WeChat's). */
export const MALFORMED_REPLY = -2;
/** Our own code for a network failure or timeout self-hosted (the cloud SDK's own is -501001). */
export const TRANSPORT_FAILED = -1;

type Raw = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

const malformed = (what: string): { ok: false; code: number; message: string } => ({ ok: false, code: MALFORMED_REPLY, message: `reply lacks ${what}` });

/** Reads a successful reply's data (errcode already 0); a missing field is an error value. */
export const readReply = {
  updateStock(_raw: Raw): ChannelsResult<null> {
    return { ok: true, value: null };
  },
  getStock(raw: Raw): ChannelsResult<StockReply> {
    const data = (raw.data ?? null) as Raw | null;
    const total = num(data?.total_stock_num);
    if (data === null || total === null) return malformed('data.total_stock_num');
    return { ok: true, value: { total_stock_num: total, normal_stock_num: num(data.normal_stock_num) ?? 0, limited_discount_stock_num: num(data.limited_discount_stock_num) ?? 0 } };
  },
  listOrders(raw: Raw): ChannelsResult<OrderListReply> {
    const ids = raw.order_id_list;
    if (!Array.isArray(ids)) return malformed('order_id_list');
    const list = ids.map(str);
    if (list.some((id) => id === null)) return malformed('order_id_list');
    return { ok: true, value: { order_id_list: list as string[], next_key: str(raw.next_key) ?? '', has_more: raw.has_more === true } };
  },
  getOrder(raw: Raw): ChannelsResult<ChannelsOrder> {
    const order = (raw.order ?? null) as Raw | null;
    const id = str(order?.order_id);
    const status = num(order?.status);
    if (order === null || id === null || status === null) return malformed('order.order_id/status');
    const infos = ((order.order_detail ?? {}) as Raw).product_infos;
    if (!Array.isArray(infos)) return malformed('order.order_detail.product_infos');
    const products: OrderProductInfo[] = [];
    for (const info of infos as Raw[]) {
      const productId = str(info?.product_id);
      const skuId = str(info?.sku_id);
      const count = num(info?.sku_cnt);
      if (productId === null || skuId === null || count === null) return malformed('order.order_detail.product_infos[].product_id/sku_id/sku_cnt');
      products.push({ product_id: productId, sku_id: skuId, sku_cnt: count });
    }
    return { ok: true, value: { order_id: id, status, create_time: num(order.create_time) ?? 0, update_time: num(order.update_time) ?? 0, product_infos: products } };
  },
};

/** WeChat's `{errcode, errmsg}` envelope: non-zero errcode is the error value. */
export function readEnvelope<T>(raw: unknown, read: (raw: Raw) => ChannelsResult<T>): ChannelsResult<T> {
  if (raw === null || typeof raw !== 'object') return malformed('a JSON object');
  const body = raw as Raw;
  const code = num(body.errcode) ?? 0;
  if (code !== 0) return { ok: false, code, message: str(body.errmsg) ?? '' };
  return read(body);
}

// ---- the cloud transport

/**
 * wx-server-sdk 4.0.2's generic openapi: `openapi({convertCase: false})` returns the same
 * proxy with keys left as sent, so `.channels.ec.product.stock.update(body)` posts
 * apiName `channels.ec.product.stock.update` with snake_case keys and resolves WeChat's
 * reply minus errcode/errmsg (plus `errCode: 0, errMsg: '...:ok'`); a non-zero errcode,
 * or the cloud refusing (-604101 without the config.json permission, -501001), is
 * thrown as an Error carrying `errCode` and `errMsg` (`openapi.<api>:fail <errmsg>`).
 */
export type CloudOpenApi = (options: { convertCase: false }) => Record<string, unknown>;

const CLOUD_FAIL_PREFIX = /^openapi\.[\w.]+:fail\s*/;

function cloudFunctionAt(root: Record<string, unknown>, path: string): (body: Raw) => Promise<Raw> {
  let at: unknown = root;
  for (const part of ['channels', 'ec', ...path.split('/')]) at = (at as Record<string, unknown>)[part];
  return at as (body: Raw) => Promise<Raw>;
}

export function cloudChannels(openapi: CloudOpenApi): ChannelsCall {
  const call = async <T>(path: string, body: object, read: (raw: Raw) => ChannelsResult<T>): Promise<ChannelsResult<T>> => {
    try {
      const res = await cloudFunctionAt(openapi({ convertCase: false }), path)(body as Raw);
      const { errCode, errMsg, ...rest } = (res ?? {}) as Raw;
      if (typeof errCode === 'number' && errCode !== 0) return { ok: false, code: errCode, message: String(errMsg ?? '').replace(CLOUD_FAIL_PREFIX, '') };
      return read(rest);
    } catch (err) {
      const e = (err ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
      const code = typeof e.errCode === 'number' && e.errCode !== 0 ? e.errCode : TRANSPORT_FAILED;
      const text = typeof e.errMsg === 'string' ? e.errMsg : typeof e.message === 'string' ? e.message : String(err);
      return { ok: false, code, message: text.replace(CLOUD_FAIL_PREFIX, '') };
    }
  };
  return {
    updateStock: (req) => call(CHANNELS_PATHS.updateStock, req, readReply.updateStock),
    getStock: (req) => call(CHANNELS_PATHS.getStock, req, readReply.getStock),
    listOrders: (req) => call(CHANNELS_PATHS.listOrders, req, readReply.listOrders),
    getOrder: (orderId) => call(CHANNELS_PATHS.getOrder, { order_id: orderId }, readReply.getOrder),
  };
}

// ---- the self-hosted HTTPS transport

export interface HttpsChannelsOptions {
  appid: string;
  secret: string;
  /** https://api.weixin.qq.com in production; a stand-in's address in tests. */
  baseUrl?: string;
  timeoutMs?: number;
  now?: () => number;
}

/** 40001 invalid credential, 42001 token expired: fetch a fresh token once and retry. */
const TOKEN_ERRORS = new Set([40001, 42001]);

export function httpsChannels(options: HttpsChannelsOptions): ChannelsCall {
  const base = (options.baseUrl ?? 'https://api.weixin.qq.com').replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? Date.now;
  let token: { value: string; until: number } | null = null;

  const post = async (url: string, body: object): Promise<unknown> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errcode: res.ok ? MALFORMED_REPLY : res.status, errmsg: `HTTP ${res.status}: ${text.slice(0, 200)}` };
    }
  };

  const accessToken = async (force: boolean): Promise<ChannelsResult<string>> => {
    if (!force && token && token.until > now()) return { ok: true, value: token.value };
    const got = readEnvelope(await post(`${base}/cgi-bin/stable_token`, { grant_type: 'client_credential', appid: options.appid, secret: options.secret, force_refresh: force }), (raw) => {
      const value = str(raw.access_token);
      return value === null ? malformed('access_token') : { ok: true as const, value: { value, seconds: num(raw.expires_in) ?? 7200 } };
    });
    if (!got.ok) return got;
    // Renewed five minutes before WeChat's expiry (stable tokens overlap their successor by five).
    token = { value: got.value.value, until: now() + Math.max(0, got.value.seconds - 300) * 1000 };
    return { ok: true, value: token.value };
  };

  const call = async <T>(path: string, body: object, read: (raw: Raw) => ChannelsResult<T>): Promise<ChannelsResult<T>> => {
    try {
      for (const force of [false, true]) {
        const t = await accessToken(force);
        if (!t.ok) return t;
        const result = readEnvelope(await post(`${base}/channels/ec/${path}?access_token=${encodeURIComponent(t.value)}`, body), read);
        if (result.ok || !TOKEN_ERRORS.has(result.code) || force) return result;
      }
      return { ok: false, code: TRANSPORT_FAILED, message: 'unreachable' };
    } catch (err) {
      return { ok: false, code: TRANSPORT_FAILED, message: String(err) };
    }
  };
  return {
    updateStock: (req) => call(CHANNELS_PATHS.updateStock, req, readReply.updateStock),
    getStock: (req) => call(CHANNELS_PATHS.getStock, req, readReply.getStock),
    listOrders: (req) => call(CHANNELS_PATHS.listOrders, req, readReply.listOrders),
    getOrder: (orderId) => call(CHANNELS_PATHS.getOrder, { order_id: orderId }, readReply.getOrder),
  };
}
