// The real function handlers, in-process, behind the app's own transport seam:
// a real SQLite store (in memory) seeded with the demo world. Nothing is mocked but the wire.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps, Identity } from '../../../cloudfunctions/src/handlers/action';
import { type FunctionName, dispatch } from '../../../cloudfunctions/src/handlers/registry';
import { ManualClock } from '../../../cloudfunctions/src/runtime/clock';
import { newId } from '../../../cloudfunctions/src/runtime/ids';
import { seedDemo } from '../../../cloudfunctions/src/server/seed';
import { DiskFiles } from '../../../cloudfunctions/src/storage/files';
import { SqliteStore } from '../../../cloudfunctions/src/storage/sqlite/sqlite-store';
import { act } from '@testing-library/react';
import { type Transport, setTransport } from '@/services/api';
import { type FilePlatform, type PickedFile, setFilePlatform } from '@/services/files';
import type { FileDownload } from '@/services/types';
import { setClock } from '@/services/clock';
import { getToken } from '@/services/token';

/** 2026-11-26 10:00 in Shanghai; the demo's opening counts are the evening before at 20:00. */
export const TEST_NOW = Date.UTC(2026, 10, 26, 2, 0, 0);

export interface Backend {
  deps: Deps;
  clock: ManualClock;
  /** Every call the app made, in order. */
  calls: Array<{ fn: string; action: string; payload: unknown }>;
  /** The next matching call reaches the server, but its answer is lost on the way back. */
  loseNextAnswer(fn: FunctionName, action: string): void;
  /** The next matching call never reaches the server (no signal); with `skip`, the one after that many go through. */
  dropNextRequest(fn: FunctionName, action: string, skip?: number): void;
  /** What the app uploaded and downloaded (through the test file platform). */
  uploads: Array<{ name: string; fileId: string; progress: number[] }>;
  downloads: FileDownload[];
  /** Call a function as someone else (by invite code), e.g. another leader ordering meanwhile. */
  as<T>(inviteCode: string, fn: FunctionName, action: string, payload?: unknown): Promise<T>;
  /** Call a function as whoever is signed in on the app's phone (its session, or its OPENID in WeChat). */
  asPhone<T>(fn: FunctionName, action: string, payload?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** JSON in and out, as on the wire: the app must never share live objects with the server. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? {})) as T;

export interface BackendOptions {
  /**
   * 'wechat': the functions run as in WeChat — the phone is known by its OPENID (no session
   * token), and the inbox counts subscription consents. Default: self-hosted.
   */
  runtime?: Deps['runtime'];
}

/** The OPENID WeChat would attach to this phone's calls (wechat runtime only). */
export const PHONE_OPENID = 'o-ui-test-phone';

export async function startBackend(now = TEST_NOW, options: BackendOptions = {}): Promise<Backend> {
  // A new backend is a new phone too: nothing kept on the last one (drafts, a cart) carries over.
  window.localStorage.clear();
  const store = new SqliteStore({ filename: ':memory:' });
  const clock = new ManualClock(now);
  const dir = mkdtempSync(join(tmpdir(), 'huozhun-ui-'));
  const files = new DiskFiles(join(dir, 'uploads'));
  const runtime = options.runtime ?? 'selfhosted';
  // No alert channels: alerts still land in the in-app inbox, nothing leaves the process.
  const deps: Deps = { store, files, notifier: {}, clock, newId, runtime, demo: true };
  await seedDemo(deps);

  const calls: Backend['calls'] = [];
  const lose: Array<{ fn: string; action: string; skip?: number }> = [];
  const drop: Array<{ fn: string; action: string; skip?: number }> = [];
  const take = (list: typeof lose, fn: string, action: string): boolean => {
    const i = list.findIndex((l) => l.fn === fn && l.action === action);
    if (i < 0) return false;
    const match = list[i]!;
    if (match.skip) {
      match.skip -= 1;
      return false;
    }
    list.splice(i, 1);
    return true;
  };
  const phoneIdentity = (): Identity => {
    const token = getToken();
    return runtime === 'wechat' ? { kind: 'openid', openid: PHONE_OPENID } : token ? { kind: 'session', token } : { kind: 'anonymous' };
  };
  const transport: Transport = {
    async send(fn, body) {
      calls.push({ fn, action: body.action, payload: wire(body.payload) });
      // An answer never arrives in the same tick, as over a real network.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (take(drop, fn, body.action)) throw new Error('network unreachable');
      const answer = wire(await dispatch(fn, wire(body), phoneIdentity(), deps));
      if (take(lose, fn, body.action)) throw new Error('connection reset after the server answered');
      return answer;
    },
  };
  setTransport(transport);
  setClock(() => clock.now());

  // Uploads land in the same file store the import handler reads, as `POST /api/upload` does,
  // in a few progress steps; downloads are kept for the test to read.
  const uploads: Backend['uploads'] = [];
  const downloads: FileDownload[] = [];
  const filePlatform: FilePlatform = {
    pickWith: 'input',
    choose: () => Promise.resolve(null),
    async upload(file: PickedFile, onProgress) {
      const bytes = new Uint8Array(await readBlob(file.handle as Blob));
      const progress: number[] = [];
      for (const step of [0.25, 0.5, 1]) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        progress.push(step);
        onProgress(step);
      }
      const fileId = files.save(bytes);
      uploads.push({ name: file.name, fileId, progress });
      return { ok: true, data: { fileId } };
    },
    async saveDownload(download) {
      downloads.push(download);
      return { ok: true, data: { message: `已下载 ${download.fileName}` } };
    },
  };
  setFilePlatform(filePlatform);

  const identities = new Map<string, Identity>();
  const as = async <T>(inviteCode: string, fn: FunctionName, action: string, payload: unknown = {}): Promise<T> => {
    let identity = identities.get(inviteCode);
    if (!identity) {
      // In WeChat each other person is their own phone: their own OPENID, bound at sign-in.
      const first: Identity = runtime === 'wechat' ? { kind: 'openid', openid: `o-ui-${inviteCode}` } : { kind: 'anonymous' };
      const signedIn = await dispatch('account', { action: 'signIn', payload: { inviteCode } }, first, deps);
      if (!signedIn.ok) throw new Error(`cannot sign in as ${inviteCode}: ${signedIn.error.message}`);
      identity = runtime === 'wechat' ? first : { kind: 'session', token: (signedIn.data as { token: string }).token };
      identities.set(inviteCode, identity);
    }
    const result = await dispatch(fn, { action, payload }, identity, deps);
    if (!result.ok) throw new Error(`${fn}.${action} as ${inviteCode} failed: ${result.error.message}`);
    return wire(result.data) as T;
  };

  return {
    deps,
    clock,
    calls,
    uploads,
    downloads,
    loseNextAnswer: (fn, action) => lose.push({ fn, action }),
    dropNextRequest: (fn, action, skip) => drop.push({ fn, action, skip }),
    as,
    async asPhone<T>(fn: FunctionName, action: string, payload: unknown = {}): Promise<T> {
      const result = await dispatch(fn, { action, payload }, phoneIdentity(), deps);
      if (!result.ok) throw new Error(`${fn}.${action} on the phone failed: ${result.error.message}`);
      return wire(result.data) as T;
    },
    async close() {
      // Let calls a page started on its way out (a refresh on mount) land inside act.
      await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
      setTransport(null);
      setClock(null);
      setFilePlatform(null);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A jsdom File's bytes (FileReader: jsdom's Blob has no arrayBuffer()). */
function readBlob(blob: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}
