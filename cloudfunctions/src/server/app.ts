// The self-hosted runtime: the same function handlers as WeChat, over HTTP.
// `POST /api/<function>` with `{ action, payload }` answers the handler's Result as JSON,
// with the HTTP status its error code means. The front door refuses cheaply first: an
// unknown function, a missing or dead session (before any body is read), too many
// requests, an oversized or too deeply nested body; only then does a handler run.
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Transform, pipeline } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { type ErrorCode, fail, ok } from '../domain/errors';
import { type Deps, type Identity, resolveCaller } from '../handlers/action';
import { FUNCTIONS, dispatch } from '../handlers/registry';
import { hashToken } from '../handlers/sessions';
import type { DiskFiles } from '../storage/files';
import { httpStatusOf } from './http-status';
import { OPEN_BODY_LIMIT, OPEN_PREFIX, handleOpen } from '../open/partner-api';
import { nestsDeeperThan } from './json-guard';
import { SignInGuard, codePrefix } from './sign-in-guard';
import { DOOR_STATUSES, RefusalBrake } from './refusal-brake';
import { pageHasTag, weakTag } from './etag';

export interface ServerOptions {
  deps: Deps;
  /** Where `POST /api/upload` keeps files (the same store deps.files reads). */
  uploads: DiskFiles;
  /** The H5 build to serve at `/`; skipped when absent (API-only, e.g. in tests). */
  staticDir?: string;
  logger?: boolean;
  /** Where `npm run simulate` writes its report (data/simulation): served at /reports/ to operators. */
  reportsDir?: string;
  /** Counts wrong invite codes; tests give one with their own clock. */
  signInGuard?: SignInGuard;
  /** Requests per minute: anonymous ones per address, signed-in ones per session. */
  rateLimits?: { anonymousPerMinute: number; perSessionPerMinute: number };
  /** Slows the refusals of an address that keeps earning them; tests give one of their own. */
  refusalBrake?: RefusalBrake;
}

/** The largest valid request: a 20,000-line report with the longest codes (1.88 MB), with room. */
export const API_BODY_LIMIT = 2 * 1024 * 1024;
/** The account function's largest: marking 200 alerts read (about 61 KB). Anyone may post here. */
export const ACCOUNT_BODY_LIMIT = 80 * 1024;
/** A 10,000-line spreadsheet is well under a megabyte; an operator's upload may be up to this. */
export const UPLOAD_LIMIT = 20 * 1024 * 1024;
const DEFAULT_RATE_LIMITS = { anonymousPerMinute: 120, perSessionPerMinute: 1200 };
/** Answers pages ask for again and again: tagged (ETag), and 304 when the page already has this one. */
const POLLED = new Set(['leader.availability']);

const bearer = (authorization: string | undefined): string | undefined => /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];

function identityOf(request: FastifyRequest): Identity {
  const token = bearer(request.headers.authorization);
  const device = request.headers['user-agent']?.slice(0, 120);
  return token ? { kind: 'session', token, ...(device ? { device } : {}) } : { kind: 'anonymous', ...(device ? { device } : {}) };
}

/** The same body everywhere, with the status it means. */
function refuse(reply: FastifyReply, code: ErrorCode, message: string, now: number) {
  const result = fail(code, message);
  return reply.code(httpStatusOf(result)).send({ ...result, now });
}

/**
 * The partner API (supplier systems): the body kept as raw bytes, since the signature is
 * over exactly what was sent; limited per key as well as per address.
 */
function openRoutes(deps: Deps, limits: { anonymousPerMinute: number; perSessionPerMinute: number }) {
  return async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: OPEN_BODY_LIMIT }, (_req, body, done) => done(null, body));
    const perKey = { max: limits.perSessionPerMinute, timeWindow: 60_000, keyGenerator: (r: FastifyRequest) => `${r.headers['x-hz-key'] ?? ''}|${r.ip}` };
    scope.route({
      method: ['GET', 'POST'], url: `${OPEN_PREFIX}/*`, config: { rateLimit: perKey },
      handler: async (request, reply) => {
        const [path] = request.url.split('?');
        const query = Object.fromEntries(Object.entries((request.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
        const answer = await handleOpen(deps, {
          method: request.method, path: path!, query, headers: request.headers,
          rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        });
        return reply.code(answer.status).type(answer.contentType).send(answer.body);
      },
    });
  };
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { deps } = options;
  const limits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const guard = options.signInGuard ?? new SignInGuard();
  const brake = options.refusalBrake ?? new RefusalBrake();
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: API_BODY_LIMIT });

  await app.register(fastifyHelmet, {
    // The H5 app: its own scripts and styles (Taro injects style tags), images from data: URLs.
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:'], connectSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'self'"] },
    },
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => ({ ...fail('RATE_LIMITED', `请求太频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`), now: deps.clock.now(), statusCode: 429 }),
  });

  // JSON, but never a body that nests deeper than any request of ours.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (nestsDeeperThan(text)) return done(Object.assign(new Error('nested too deep'), { statusCode: 400, code: 'HZ_TOO_DEEP' }));
    try {
      done(null, text.length === 0 ? {} : JSON.parse(text));
    } catch {
      done(Object.assign(new Error('bad json'), { statusCode: 400, code: 'HZ_BAD_JSON' }));
    }
  });

  app.setErrorHandler((error: { code?: string; statusCode?: number }, _request, reply) => {
    const now = deps.clock.now();
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return refuse(reply, 'PAYLOAD_TOO_LARGE', '请求内容太大', now);
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return refuse(reply, 'UNSUPPORTED_MEDIA_TYPE', '请求内容的格式不支持（应为 JSON）', now);
    if (error.code === 'HZ_TOO_DEEP') return refuse(reply, 'BAD_REQUEST', '请求内容嵌套太深', now);
    if (error.code === 'HZ_BAD_JSON' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return refuse(reply, 'BAD_REQUEST', '请求内容不是有效的 JSON', now);
    // The rate limiter throws what errorResponseBuilder made (with its statusCode): answered in the one shape.
    if (error.statusCode === 429) return refuse(reply, 'RATE_LIMITED', (error as { error?: { message?: string } }).error?.message ?? '请求太频繁，请稍后再试', now);
    if (error.statusCode && error.statusCode < 500) return refuse(reply, 'BAD_REQUEST', '请求有误', now);
    console.error('[http]', error);
    return refuse(reply, 'INTERNAL', '系统出错了，请稍后重试', now);
  });
  // Every refusal of the door passes here on its way out, wherever it was made.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!DOOR_STATUSES.has(reply.statusCode) || !request.url.startsWith('/api/')) return payload;
    const wait = brake.refused(request.ip);
    if (wait > 0) {
      reply.header('connection', 'close');
      await new Promise((r) => setTimeout(r, wait));
    }
    return payload;
  });
  app.setNotFoundHandler((_request, reply) => refuse(reply, 'NOT_FOUND', '没有这个地址', deps.clock.now()));

  /** Before any body: a function that exists, and (but for signing in) a live session. */
  const requireCaller = (roles?: string[]) => async (request: FastifyRequest<{ Params: { fn?: string } }>, reply: FastifyReply) => {
    const now = deps.clock.now();
    const fn = request.params.fn;
    if (fn !== undefined && !Object.hasOwn(FUNCTIONS, fn)) return refuse(reply, 'UNKNOWN_ACTION', `未知功能：${fn}`, now);
    const caller = await resolveCaller(deps, identityOf(request));
    if (!caller || caller.disabled) return refuse(reply, caller?.disabled ? 'ACCOUNT_DISABLED' : 'UNAUTHENTICATED', caller?.disabled ? '你的账号已停用' : '请先登录', now);
    if (roles && !roles.includes(caller.role)) return refuse(reply, 'FORBIDDEN', '只有运营可以这样做', now);
    return undefined;
  };
  const perSession = { max: limits.perSessionPerMinute, timeWindow: 60_000, keyGenerator: (r: FastifyRequest) => hashToken(bearer(r.headers.authorization) ?? r.ip) };

  const answer = async (fn: string, request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as { action?: unknown; payload?: unknown };
    const result = await dispatch(fn, body, identityOf(request), deps);
    // A page that polls availability gets 304 and no body while nothing changed (the tag leaves out the server's time).
    if (result.ok && POLLED.has(`${fn}.${String(body.action)}`)) {
      const tag = weakTag(createHash('sha1').update(JSON.stringify(result.data)).digest('base64url'));
      reply.header('etag', tag);
      if (pageHasTag(request.headers['if-none-match'], tag)) return reply.code(304).send();
    }
    return reply.code(httpStatusOf(result)).send(result);
  };

  // Anyone may sign in: a small body, per-address limits, and wrong codes counted.
  app.post('/api/account', { bodyLimit: ACCOUNT_BODY_LIMIT, config: { rateLimit: { max: limits.anonymousPerMinute, timeWindow: 60_000 } } }, async (request, reply) => {
    const body = (request.body ?? {}) as { action?: unknown; payload?: { inviteCode?: unknown } };
    if (body.action !== 'signIn') return answer('account', request, reply);
    const code = typeof body.payload?.inviteCode === 'string' ? body.payload.inviteCode : '';
    const keys = [`ip:${request.ip}`, `code:${codePrefix(code)}`];
    const wait = guard.lockedFor(keys);
    if (wait > 0) return refuse(reply, 'RATE_LIMITED', `登录尝试次数太多，请 ${Math.ceil(wait / 60_000)} 分钟后再试`, deps.clock.now());
    const result = await dispatch('account', body, identityOf(request), deps);
    if (result.ok) guard.succeed([keys[0]!]);
    else if (['NOT_FOUND', 'INVITE_USED', 'INVITE_EXPIRED', 'VALIDATION'].includes(result.error.code)) guard.fail(keys);
    return reply.code(httpStatusOf(result)).send(result);
  });
  app.post<{ Params: { fn: string } }>('/api/:fn', { onRequest: requireCaller(), config: { rateLimit: perSession } }, (request, reply) => answer(request.params.fn, request, reply));
  app.get('/api/health', async () => ({ ok: true }));
  await app.register(openRoutes(deps, limits));

  // Spreadsheets arrive as raw bytes (the H5 upload shows progress), from operators only,
  // streamed to disk: nothing is read before the caller is known. The raw-bytes parser
  // lives in this route's own scope: anywhere else such a body is refused (415) unread.
  const staging = join(options.uploads.dir, '.incoming');
  mkdirSync(staging, { recursive: true });
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', { bodyLimit: UPLOAD_LIMIT }, (_req, payload, done) => {
      const path = join(staging, randomUUID());
      let bytes = 0;
      const count = new Transform({
        transform(chunk: Buffer, _enc, next) {
          bytes += chunk.length;
          next(bytes > UPLOAD_LIMIT ? Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }) : null, chunk);
        },
      });
      pipeline(payload, count, createWriteStream(path), (err) => {
        if (err) {
          rmSync(path, { force: true });
          done(err as Error);
        } else done(null, { path, bytes });
      });
    });
    // Operators upload stock files; leaders their platform order exports (leader.importOrders).
    scope.post('/api/upload', { onRequest: requireCaller(['operator', 'leader']), config: { rateLimit: perSession } }, async (request, reply) => {
      const body = request.body as { path?: string; bytes?: number } | undefined;
      if (!body?.path || !body.bytes) {
        if (body?.path) rmSync(body.path, { force: true });
        return refuse(reply, 'BAD_FILE', '文件是空的', deps.clock.now());
      }
      const fileId = options.uploads.newId();
      renameSync(body.path, join(options.uploads.dir, fileId));
      return reply.send({ ...ok({ fileId }), now: deps.clock.now() });
    });
  });

  if (options.reportsDir) {
    // The simulator's report: for operators, who fetch it with their session.
    const reportsDir = options.reportsDir;
    await app.register(async (scope) => {
      scope.addHook('onRequest', requireCaller(['operator']));
      await scope.register(fastifyStatic, { root: reportsDir, prefix: '/reports/', decorateReply: false, dotfiles: 'ignore' });
    });
  }
  if (options.staticDir && existsSync(options.staticDir)) {
    await app.register(fastifyStatic, { root: options.staticDir, dotfiles: 'ignore' });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send('<p>货准 API 已启动；尚未构建 H5 页面（npm run build:h5）。</p>'));
  }
  return app;
}
