// The partner API, whatever carries it: the self-hosted server's /api/open/v1 routes and
// the `open` cloud function behind CloudBase's HTTP access both hand a request here as
// method, path, query, headers and the raw body, and send back what it answers. Every
// answer is the app's Result shape with the HTTP status its code means.
import * as z from 'zod';
import { type Result, fail } from '../domain/errors';
import type { Deps } from '../handlers/action';
import { parseInput } from '../handlers/validation';
import { httpStatusOf } from '../server/http-status';
import { type HeaderBag, type PartnerCaller, authenticate } from './authenticate';
import { openApiDocument } from './openapi';
import { docsPage } from './docs-page';
import { confirmFromPartner, listForwarded, shipFromPartner } from './orders';
import { ordersQuerySchema, stockPushSchema, waveConfirmSchema } from './schemas';
import { pushStock } from './stock-push';

export const OPEN_PREFIX = '/api/open/v1';
/** A 5,000-item push with the longest codes stays well under this. */
export const OPEN_BODY_LIMIT = 1024 * 1024;

export interface OpenRequest {
  method: string;
  /** The path after the host, without the query: /api/open/v1/stock. */
  path: string;
  query: Record<string, string | undefined>;
  headers: HeaderBag;
  rawBody: Buffer;
}

export interface OpenResponse {
  status: number;
  contentType: string;
  body: string;
}

const json = (value: unknown, status = 200): OpenResponse => ({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) });
const answer = (result: Result<unknown>, now: number): OpenResponse => json({ ...result, now }, httpStatusOf(result));

type Signed = (deps: Deps, caller: PartnerCaller, request: OpenRequest, params: string[]) => Promise<Result<unknown>>;

function bodyOf<T>(schema: z.ZodType<T>, request: OpenRequest): Result<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return fail('BAD_REQUEST', '请求体不是有效的 JSON');
  }
  return parseInput(schema, parsed);
}

const ROUTES: Array<{ method: string; pattern: RegExp; run: Signed }> = [
  { method: 'POST', pattern: /^\/stock$/, run: async (deps, caller, request) => {
    const body = bodyOf(stockPushSchema, request);
    return body.ok ? pushStock(deps, caller, body.data) : body;
  } },
  { method: 'GET', pattern: /^\/orders$/, run: async (deps, caller, request) => {
    const query = parseInput(ordersQuerySchema, request.query);
    return query.ok ? listForwarded(deps, caller, query.data) : query;
  } },
  { method: 'POST', pattern: /^\/waves\/([^/]{1,80})\/confirm$/, run: async (deps, caller, request, [waveId]) => {
    const body = bodyOf(waveConfirmSchema, request);
    return body.ok ? confirmFromPartner(deps, caller, decodeURIComponent(waveId!), body.data) : body;
  } },
  { method: 'POST', pattern: /^\/waves\/([^/]{1,80})\/ship$/, run: async (deps, caller, _request, [waveId]) => shipFromPartner(deps, caller, decodeURIComponent(waveId!)) },
];

export async function handleOpen(deps: Deps, request: OpenRequest): Promise<OpenResponse> {
  const now = deps.clock.now();
  const path = request.path.startsWith(OPEN_PREFIX) ? request.path.slice(OPEN_PREFIX.length) : null;
  if (path === null) return answer(fail('NOT_FOUND', '没有这个地址'), now);
  if (request.method === 'GET' && path === '/openapi.json') return json(openApiDocument());
  if (request.method === 'GET' && (path === '/docs' || path === '/docs/')) return { status: 200, contentType: 'text/html; charset=utf-8', body: docsPage() };
  const route = ROUTES.find((r) => r.pattern.test(path));
  if (!route) return answer(fail('NOT_FOUND', `没有这个接口：${request.method} ${request.path}`), now);
  if (route.method !== request.method) return answer(fail('NOT_FOUND', `${request.path} 只接受 ${route.method}`), now);
  if (request.rawBody.length > OPEN_BODY_LIMIT) return answer(fail('PAYLOAD_TOO_LARGE', `请求体超过 ${OPEN_BODY_LIMIT / 1024} KB，请分批推送`), now);
  const caller = await authenticate(deps, request.headers, request.rawBody);
  if (!caller.ok) return answer(caller, now);
  const params = route.pattern.exec(path)!.slice(1);
  try {
    return answer(await route.run(deps, caller.data, request, params), now);
  } catch (err) {
    console.error('[open]', err);
    return answer(fail('INTERNAL', '系统出错了，请稍后重试（同一个 requestId 重发是安全的）'), now);
  }
}
