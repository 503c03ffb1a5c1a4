// A real self-hosted server on a random port over a real SQLite file, with a clock
// the test moves. Handler tests speak to it over HTTP exactly as the H5 app does.
import { mkdtempSync, rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '../../cloudfunctions/src/domain/errors';
import type { Deps } from '../../cloudfunctions/src/handlers/action';
import { ManualClock } from '../../cloudfunctions/src/runtime/clock';
import { newId } from '../../cloudfunctions/src/runtime/ids';
import { type ServerOptions, buildServer } from '../../cloudfunctions/src/server/app';
import { DEFAULT_REFUSAL_BRAKE, RefusalBrake } from '../../cloudfunctions/src/server/refusal-brake';
import type { Notifier } from '../../cloudfunctions/src/notify/notifier';
import { DiskFiles } from '../../cloudfunctions/src/storage/files';
import { SqliteStore } from '../../cloudfunctions/src/storage/sqlite/sqlite-store';
import { T0 } from '../fixtures/catalogue';

export interface TestServer {
  url: string;
  deps: Deps;
  store: SqliteStore;
  clock: ManualClock;
  call<T = unknown>(fn: string, action: string, payload?: unknown, token?: string): Promise<Result<T>>;
  signIn(inviteCode: string): Promise<string>;
  /** The database file, for a second connection (another process on the same data). */
  dbFile: string;
  /** The fastify instance itself, for `inject` (e.g. a request from another address). */
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startTestServer(options: {
  demo?: boolean; notifier?: Notifier; bootstrapCode?: string; server?: Partial<Omit<ServerOptions, 'deps' | 'uploads'>>;
} = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'huozhun-http-'));
  const dbFile = join(dir, 'huozhun.db');
  const store = new SqliteStore({ filename: dbFile });
  const clock = new ManualClock(T0);
  const files = new DiskFiles(join(dir, 'uploads'));
  const deps: Deps = {
    store, files, notifier: options.notifier ?? {}, clock, newId, runtime: 'selfhosted', demo: options.demo ?? false,
    ...(options.bootstrapCode ? { bootstrapCode: options.bootstrapCode } : {}),
  };
  // Handler tests earn many refusals from one address on purpose: the brake is tried on its own.
  const app = await buildServer({ deps, uploads: files, refusalBrake: new RefusalBrake({ ...DEFAULT_REFUSAL_BRAKE, free: Infinity }), ...options.server });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const call = async <T>(fn: string, action: string, payload?: unknown, token?: string): Promise<Result<T>> => {
    const res = await fetch(`${url}/api/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ action, payload }),
    });
    return (await res.json()) as Result<T>;
  };
  // Invite codes open the door once: a person signed in keeps their session, as a browser does.
  const tokens = new Map<string, string>();
  const signIn = async (inviteCode: string): Promise<string> => {
    const kept = tokens.get(inviteCode);
    if (kept) return kept;
    const res = await call<{ token: string }>('account', 'signIn', { inviteCode });
    if (!res.ok) throw new Error(res.error.message);
    tokens.set(inviteCode, res.data.token);
    return res.data.token;
  };
  return {
    url, deps, store, clock, call, signIn, app, dbFile,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
