// The partner API's bodies and answers: one set of zod schemas that validates requests
// and, through zod's JSON Schema output, writes the OpenAPI document the supplier's
// developer reads (openapi.ts). Descriptions are Chinese: they are that page's text.
import * as z from 'zod';
import { MAX_ON_HAND } from '../domain/limits';

export const MAX_PUSH_ITEMS = 5_000;
export const ORDERS_PAGE_MAX = 500;

export const stockItemSchema = z.object({
  code: z.string().trim().min(1).max(64).describe('商品编码：平台统一编码，或本供应商在平台登记的自有货号'),
  quantity: z.number().int().min(0).max(MAX_ON_HAND).describe('snapshot：盘点数（按供应商设置的口径）；delta：变化量或新数'),
  op: z.enum(['set', 'add', 'sub']).optional().describe('delta 模式必填：set 设为该数，add 增加，sub 扣减；snapshot 模式不写或写 set'),
});

export const stockPushSchema = z.object({
  requestId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, '只能包含字母、数字和 _ . : -')
    .describe('幂等键：同一个 requestId 重发，返回第一次的结果，不会重复生效'),
  countedAt: z.number().int().min(0).optional().describe('对方系统盘点的时间（Unix 秒），记录在报数上；库存年龄从平台收到时算起'),
  mode: z.enum(['snapshot', 'delta']).describe('snapshot：这些商品的实数；delta：逐项 set/add/sub'),
  items: z.array(stockItemSchema).min(1).max(MAX_PUSH_ITEMS),
}).describe('推送库存：整批生效或整批拒绝，每个错误都指明 items 中的位置');

export const heldItemSchema = z.object({
  code: z.string(), skuId: z.string(), quantity: z.number().int(), last: z.number().int().optional(),
});

export const stockPushResultSchema = z.object({
  requestId: z.string(),
  reportId: z.string(),
  status: z.enum(['applied', 'applying', 'held']).describe('applied：已全部生效；applying：已接收，正在逐个生效；held：全部变化过大，等待人工确认'),
  items: z.number().int().describe('这次推送的商品数'),
  applied: z.number().int().describe('已生效的商品数'),
  held: z.array(heldItemSchema).describe('与上次相差过大、等待运营确认的商品（其余已生效）'),
  replayed: z.boolean().optional().describe('true：这是同一 requestId 的重发，返回的是第一次的结果'),
});

export const ordersQuerySchema = z.object({
  status: z.enum(['forwarded', 'confirmed', 'shipped']).default('forwarded').describe('forwarded：已截单待确认；confirmed：已确认待发货；shipped：已发货'),
  since: z.coerce.number().int().min(0).optional().describe('只要这个时间（Unix 秒）之后截单的波次'),
  cursor: z.string().max(200).optional().describe('上一页返回的 nextCursor'),
  limit: z.coerce.number().int().min(1).max(ORDERS_PAGE_MAX).default(100),
});

export const forwardedLineSchema = z.object({
  lineId: z.string(), waveId: z.string(), day: z.string().describe('团购日 YYYY-MM-DD'),
  skuId: z.string().describe('平台统一编码'), supplierCode: z.string().optional().describe('本供应商的自有货号'),
  name: z.string(), spec: z.string(), quantity: z.number().int(), shortQty: z.number().int(),
  status: z.string(), leader: z.object({ name: z.string(), community: z.string(), pickupPoint: z.string().optional(), phone: z.string().optional(), address: z.string().optional() }),
  customer: z.string().optional().describe('接龙号和名字，如 “12 王阿姨”'),
  placedAt: z.number().int().describe('下单时间（Unix 秒）'),
});

export const ordersPageSchema = z.object({
  lines: z.array(forwardedLineSchema),
  nextCursor: z.string().optional().describe('还有下一页时给出'),
});

export const waveConfirmSchema = z.object({
  lines: z.array(z.object({ lineId: z.string().min(1).max(80), shippable: z.number().int().min(0) })).min(1).max(20_000)
    .describe('波次中每一行都要给出可发数量（0 表示整行缺货）'),
}).describe('确认可发数量：与小程序里的“确认可发数量”相同，缺货行生成团长的售后任务');

export const waveResultSchema = z.object({
  waveId: z.string(), status: z.string(), lines: z.number().int(), shortLines: z.number().int(),
});

export type StockPush = z.infer<typeof stockPushSchema>;
export type StockPushResult = z.infer<typeof stockPushResultSchema>;
export type OrdersQuery = z.infer<typeof ordersQuerySchema>;
export type ForwardedLine = z.infer<typeof forwardedLineSchema>;
export type OrdersPage = z.infer<typeof ordersPageSchema>;
export type WaveConfirmBody = z.infer<typeof waveConfirmSchema>;
export type WaveResult = z.infer<typeof waveResultSchema>;
