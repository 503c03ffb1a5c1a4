import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { fail, ok } from '../domain/errors';
import { type Deps, type Identity, resolveCaller } from '../handlers/action';
import type { DiskFiles } from '../storage/files';
import { dispatch } from '../handlers/registry';

export interface ServerOptions {
  deps: Deps;
  /** Where `POST /api/upload` keeps files (the same store deps.files reads). */
  uploads: DiskFiles;
  /** The H5 build to serve at `/`; skipped when absent (API-only, e.g. in tests). */
  staticDir?: string;
  logger?: boolean;
  /** Where `npm run simulate` writes its report (data/simulation): served at /reports/. */
  reportsDir?: string;
}

/** A 10,000-line spreadsheet is well under a megabyte; allow generous room. */
const UPLOAD_LIMIT = 20 * 1024 * 1024;

function identityOf(authorization: string | undefined): Identity {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match ? { kind: 'session', token: match[1]! } : { kind: 'anonymous' };
}

/**
 * The self-hosted runtime: the same function handlers as WeChat, over HTTP.
 * `POST /api/<function>` with `{ action, payload }` answers the handler's Result as JSON.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 10 * 1024 * 1024 });

  app.post<{ Params: { fn: string } }>('/api/:fn', async (request) => {
    const body = (request.body ?? {}) as { action?: unknown; payload?: unknown };
    return dispatch(request.params.fn, body, identityOf(request.headers.authorization), options.deps);
  });
  app.get('/api/health', async () => ({ ok: true }));

  // Spreadsheets arrive as raw bytes (the H5 upload shows progress); only the operator uploads.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) => done(null, body));
  app.post('/api/upload', async (request) => {
    const caller = await resolveCaller(options.deps, identityOf(request.headers.authorization));
    if (!caller) return fail('UNAUTHENTICATED', '请先登录');
    if (caller.role !== 'operator') return fail('FORBIDDEN', '只有运营可以上传文件');
    const body = request.body;
    if (!(body instanceof Buffer) || body.length === 0) return fail('BAD_FILE', '文件是空的');
    return ok({ fileId: options.uploads.save(body) });
  });

  if (options.reportsDir) {
    // The simulator's report, for the operator to read in a browser (issue 6).
    await app.register(fastifyStatic, { root: options.reportsDir, prefix: '/reports/', decorateReply: false });
  }
  if (options.staticDir && existsSync(options.staticDir)) {
    await app.register(fastifyStatic, { root: options.staticDir });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send('<p>货准 API 已启动；尚未构建 H5 页面（npm run build:h5）。</p>'));
  }
  return app;
}
