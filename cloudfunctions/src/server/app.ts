import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Deps, Identity } from '../handlers/action';
import { dispatch } from '../handlers/registry';

export interface ServerOptions {
  deps: Deps;
  /** The H5 build to serve at `/`; skipped when absent (API-only, e.g. in tests). */
  staticDir?: string;
  logger?: boolean;
}

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

  if (options.staticDir && existsSync(options.staticDir)) {
    await app.register(fastifyStatic, { root: options.staticDir });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send('<p>货准 API 已启动；尚未构建 H5 页面（npm run build:h5）。</p>'));
  }
  return app;
}
