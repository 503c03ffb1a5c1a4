// The OpenAPI 3.1 document of the partner API, written from the same zod schemas that
// validate its requests (zod's JSON Schema output is the 2020-12 dialect 3.1 uses).
import * as z from 'zod';
import { SIGNATURE_WINDOW_S } from './signature';
import { forwardedLineSchema, ordersPageSchema, ordersQuerySchema, stockPushResultSchema, stockPushSchema, waveConfirmSchema, waveResultSchema } from './schemas';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const ok = (data: string) => ({
  type: 'object', required: ['ok', 'data'],
  properties: { ok: { const: true }, data: { $ref: `#/components/schemas/${data}` }, now: { type: 'integer', description: '服务器时间（毫秒）' } },
});

const refusal = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Refusal' } } } });

const REFUSALS = {
  400: refusal('请求体不是有效的 JSON'),
  401: refusal('签名未通过：code 为 UNAUTHENTICATED（缺少请求头）、KEY_UNKNOWN、SIGNATURE_INVALID、TIMESTAMP_OUT_OF_WINDOW 或 NONCE_REUSED'),
  404: refusal('没有这个接口或波次'),
  422: refusal('内容有误：error.issues 逐项列出 path（如 items[3].code）和原因，整批未生效'),
};

const queryParameters = () => {
  const props = (schema(ordersQuerySchema, 'input').properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(props).map(([name, s]) => ({ name, in: 'query', required: false, schema: s, description: s.description }));
};

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: '货准 供应商接口',
      version: '1.0.0',
      description: `供应商的 ERP/WMS 用这个接口推送库存、读取截单后的订单、确认可发数量和发货。每个请求都要签名：X-HZ-Key（密钥 ID）、X-HZ-Timestamp（Unix 秒，与服务器相差不超过 ${SIGNATURE_WINDOW_S} 秒）、X-HZ-Nonce（16–64 位随机串，每次不同）、X-HZ-Signature = HMAC-SHA256(secret, timestamp + "\\n" + nonce + "\\n" + 原始请求体) 的小写十六进制。GET 请求的请求体为空串。`,
    },
    servers: [{ url: '/api/open/v1' }],
    components: {
      securitySchemes: {
        hzKey: { type: 'apiKey', in: 'header', name: 'X-HZ-Key', description: '另需 X-HZ-Timestamp、X-HZ-Nonce、X-HZ-Signature，见说明' },
      },
      schemas: {
        StockPush: schema(stockPushSchema, 'input'),
        StockPushResult: schema(stockPushResultSchema),
        OrdersPage: schema(ordersPageSchema),
        ForwardedLine: schema(forwardedLineSchema),
        WaveConfirm: schema(waveConfirmSchema, 'input'),
        WaveResult: schema(waveResultSchema),
        Refusal: {
          type: 'object', required: ['ok', 'error'],
          properties: {
            ok: { const: false },
            error: {
              type: 'object', required: ['code', 'message'],
              properties: {
                code: { type: 'string' }, message: { type: 'string', description: '可直接显示的中文说明' },
                issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } } } },
              },
            },
          },
        },
      },
    },
    security: [{ hzKey: [] }],
    paths: {
      '/stock': {
        post: {
          summary: '推送库存（snapshot 实数或 delta 变化）', operationId: 'pushStock',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/StockPush' } } } },
          responses: { 200: { description: '已接收；与上次相差过大的商品等待人工确认（见 held），其余已生效', content: { 'application/json': { schema: ok('StockPushResult') } } }, 409: refusal('同一 requestId 用于不同内容（IDEMPOTENCY_KEY_REUSED）'), ...REFUSALS },
        },
      },
      '/orders': {
        get: {
          summary: '读取本供应商的订单行（按波次）', operationId: 'listOrders', parameters: queryParameters(),
          responses: { 200: { description: '一页订单行，按团购日、波次、行号排序', content: { 'application/json': { schema: ok('OrdersPage') } } }, ...REFUSALS },
        },
      },
      '/waves/{waveId}/confirm': {
        post: {
          summary: '确认可发数量（逐行）', operationId: 'confirmWave',
          parameters: [{ name: 'waveId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/WaveConfirm' } } } },
          responses: { 200: { description: '已确认（重复确认返回第一次的结果）', content: { 'application/json': { schema: ok('WaveResult') } } }, ...REFUSALS },
        },
      },
      '/waves/{waveId}/ship': {
        post: {
          summary: '标记已发货', operationId: 'shipWave',
          parameters: [{ name: 'waveId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: '已发货', content: { 'application/json': { schema: ok('WaveResult') } } }, 409: refusal('还没确认可发数量（WRONG_STATE）'), ...REFUSALS },
        },
      },
    },
  };
}
