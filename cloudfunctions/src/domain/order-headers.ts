// The column headers of order exports from the platforms leaders sell on (快团团, 群接龙,
// 有赞), each with where it was found. One dictionary beside the stock one
// (stock-headers.ts): reading a leader's platform orders (order-import.ts) reads it.
// A header listed without a verified source says so; nothing is added on a guess.
import { normalizeHeader } from './stock-headers';

export type OrderPlatform = '快团团' | '群接龙' | '有赞';

/** Short tags used in the idempotency key of an imported order (ASCII only). */
export const PLATFORM_TAG: Record<OrderPlatform, string> = { 快团团: 'ktt', 群接龙: 'qjl', 有赞: 'yz' };

/** What an order-export column is. */
export type OrderField =
  /** The platform's order number: what makes an import idempotent. */
  | 'orderNo'
  /** The number of the customer's entry in one group buy (跟团号, 接龙号): not unique across group buys. */
  | 'seq'
  /** The person the goods are for (收货人), else who ordered (下单人/昵称). */
  | 'consignee'
  | 'buyer'
  /** The variant's code (规格编码), then the product's (商品编码). */
  | 'specCode'
  | 'productCode'
  | 'name'
  | 'spec'
  | 'qty'
  /** The order's or the line's state: a cancelled or refunded line is not ordered again. */
  | 'status'
  /** A line's refund state (有赞 商品退款状态). */
  | 'refund';

export interface KnownOrderHeader {
  header: string;
  field: OrderField;
  /** The platforms whose exports carry it (a shared name such as 数量 lists several). */
  platforms: readonly OrderPlatform[];
  source: string;
}

/** Where each header set was found (looked up for issue 16). */
export const ORDER_HEADER_SOURCES = {
  // Public GitHub code reading 快团团 exports: an ExcelKttOrderDTO (跟团号, 下单人, 支付时间, 商品,
  // 订单金额, 订单退款, 订单状态, 收货人, 联系电话); a daily bill class whose header is 跟团号, 商品,
  // 规格, 数量, 商品成本价, 收货人, 联系电话, 省, 市, 区, 详细地址, 快递公司, 快递单号; an order-import
  // DTO of "跟团号 下单人 数量 收货人 联系电话" with groupNo and orderNo. Repositories not named by the index.
  ktt: 'GitHub code search (ExcelKttOrderDTO; a 快团团 daily bill header 跟团号…快递单号; an OrderImportDto), repositories not named by the index',
  // A public GitHub script syncing 群接龙 orders (it uploads to apipc.qunjielong.com) reads the columns
  // 下单序号 接龙号 收货人 联系电话 商品名称 商品编码 规格 数量 商品金额 订单总金额 下单时间 省 市 收货地址 团长ID,
  // with 订单号/订单编号 as the order number; another reads 微信昵称, 订单总金额, 接龙号, 商品合计.
  qjl: 'GitHub code search (a 群接龙 order sync script: 下单序号, 接龙号, 收货人, 商品名称, 商品编码, 规格, 数量, 订单号), repository not named by the index',
  // 有赞 订单商品明细 export, as several public importers list it: 订单号, 外部订单号, 订单商品状态, 交易成功时间,
  // 商品名称, 商品类型, 商品类目, 商品规格, 规格编码, 商品编码, 商品单价, …, 商品数量, …, 收货人/提货人,
  // 收货人手机号/提货人手机号, 收货人省份, 收货人城市, 收货人地区, 详细收货地址/提货地址, 买家备注, …,
  // 商品退款状态, 商品已退款金额, 商家订单备注; the 订单 export adds 买家昵称, 买家姓名, 订单状态.
  youzan: 'GitHub code search (有赞 订单商品明细 headers 订单号 … 规格编码 商品编码 … 商品数量 … 收货人/提货人 …), repositories not named by the index',
  // Names people type into their own order sheets (and our error messages suggest).
  generic: 'What leaders type by hand; no outside source needed',
} as const;

const S = ORDER_HEADER_SOURCES;
const ALL: readonly OrderPlatform[] = ['快团团', '群接龙', '有赞'];

const entries = (field: OrderField, platforms: readonly OrderPlatform[], source: string, headers: readonly string[]): KnownOrderHeader[] =>
  headers.map((header) => ({ header, field, platforms, source }));

export const KNOWN_ORDER_HEADERS: readonly KnownOrderHeader[] = [
  ...entries('orderNo', ALL, S.youzan, ['订单号', '订单编号']),
  ...entries('orderNo', ['群接龙'], S.qjl, ['商城订单号']),
  ...entries('seq', ['快团团'], S.ktt, ['跟团号']),
  ...entries('seq', ['群接龙'], S.qjl, ['接龙号']),
  ...entries('consignee', ['快团团', '群接龙'], S.ktt, ['收货人']),
  ...entries('consignee', ['有赞'], S.youzan, ['收货人/提货人', '收货人/提货人姓名']),
  ...entries('consignee', ALL, S.generic, ['收件人', '收货人姓名', '收件人姓名']),
  ...entries('buyer', ['快团团'], S.ktt, ['下单人']),
  ...entries('buyer', ['群接龙'], S.qjl, ['微信昵称']),
  ...entries('buyer', ['有赞'], S.youzan, ['买家昵称', '买家姓名']),
  ...entries('buyer', ALL, S.generic, ['昵称']),
  ...entries('specCode', ['有赞'], S.youzan, ['规格编码']),
  ...entries('productCode', ALL, S.qjl, ['商品编码']),
  ...entries('name', ['群接龙', '有赞'], S.qjl, ['商品名称']),
  ...entries('name', ['快团团'], S.ktt, ['商品']),
  ...entries('spec', ['快团团', '群接龙'], S.ktt, ['规格']),
  ...entries('spec', ['有赞'], S.youzan, ['商品规格']),
  ...entries('spec', ['群接龙'], S.qjl, ['规格名称']),
  ...entries('qty', ['快团团', '群接龙'], S.ktt, ['数量']),
  ...entries('qty', ['有赞'], S.youzan, ['商品数量']),
  ...entries('qty', ALL, S.generic, ['购买数量']),
  ...entries('status', ['快团团', '有赞'], S.ktt, ['订单状态']),
  ...entries('status', ['有赞'], S.youzan, ['订单商品状态']),
  ...entries('refund', ['有赞'], S.youzan, ['商品退款状态', '退款状态']),
];

const LOOKUP: ReadonlyMap<string, KnownOrderHeader> = new Map(KNOWN_ORDER_HEADERS.map((h) => [normalizeHeader(h.header), h] as const));

export const knownOrderHeader = (text: string): KnownOrderHeader | undefined => LOOKUP.get(normalizeHeader(text));

/** Headers only one platform's export has: they say whose file it is. */
const TELLING: ReadonlyArray<readonly [string, OrderPlatform]> = [
  ['跟团号', '快团团'], ['下单人', '快团团'], ['团员备注', '快团团'], ['团长备注', '快团团'], ['自提点', '快团团'],
  ['接龙号', '群接龙'], ['下单序号', '群接龙'], ['团长ID', '群接龙'], ['微信昵称', '群接龙'],
  ['收货人/提货人', '有赞'], ['订单商品状态', '有赞'], ['规格编码', '有赞'], ['商品数量', '有赞'], ['外部订单号', '有赞'],
];

/** The platform whose export these headers are, by its telling columns; undefined when none or two say so. */
export function platformOf(headers: readonly string[]): OrderPlatform | undefined {
  const names = new Set(headers.map(normalizeHeader));
  const votes = new Set(TELLING.filter(([h]) => names.has(normalizeHeader(h))).map(([, p]) => p));
  return votes.size === 1 ? [...votes][0] : undefined;
}

/** How a field is named in messages ("F列「数量」"). */
export const FIELD_WORDS: Record<OrderField, string> = {
  orderNo: '订单号', seq: '跟团号', consignee: '收货人', buyer: '下单人', specCode: '规格编码', productCode: '商品编码',
  name: '商品名称', spec: '规格', qty: '数量', status: '订单状态', refund: '退款状态',
};

/** A line in one of these states was not bought (or was given back): it is skipped, and said so. */
export const NOT_BOUGHT = /已取消|取消|已关闭|交易关闭|退款成功|已退款|全额退款|未支付|待付款|待支付/;
