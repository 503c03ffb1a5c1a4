import Taro from '@tarojs/taro';
import { learnServerTime } from './clock';
import { getToken } from './token';
import type { ErrorCode, FunctionName, Issue } from './types';

/** Server codes plus the two only the phone can see. */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE';

export interface ClientError {
  code: ClientErrorCode;
  message: string;
  issues?: Issue[];
  details?: unknown;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ClientError };

export interface CallBody {
  action: string;
  payload: unknown;
}

/**
 * How a call reaches the functions. Resolves with what the function answered
 * (a Result, unchecked); rejects when the answer never arrived.
 */
export interface Transport {
  send(fn: FunctionName, body: CallBody): Promise<unknown>;
}

/** WeChat: the cloud function itself; the OPENID travels with the call. */
export const cloudTransport: Transport = {
  async send(fn, body) {
    const res = await Taro.cloud.callFunction({ name: fn, data: body as unknown as TaroGeneral.IAnyObject });
    return res.result;
  },
};

/**
 * Self-hosted: POST /api/<fn> on the server that served this page, with the session token.
 * An answer the server tagged (availability, which pages poll) is kept with its tag and
 * sent back as If-None-Match: a 304 means the kept answer is still the answer.
 */
export function httpTransport(baseUrl = ''): Transport {
  const tagged = new Map<string, { tag: string; answer: unknown }>();
  return {
    async send(fn, body) {
      const token = getToken();
      const key = `${token ?? ''}\n${fn}\n${JSON.stringify(body)}`;
      const kept = tagged.get(key);
      const res = await Taro.request<unknown>({
        url: `${baseUrl}/api/${fn}`,
        method: 'POST',
        data: body,
        header: { 'content-type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(kept ? { 'If-None-Match': kept.tag } : {}) },
        timeout: 15000,
      });
      if (res.statusCode === 304 && kept) return kept.answer;
      // Every answer of the server is a Result, whatever its status; anything else is the network or a proxy talking.
      if (res.statusCode !== 200 && !isResult(res.data)) throw new Error(`HTTP ${res.statusCode}`);
      const tag = (res.header as Record<string, string | undefined> | undefined)?.etag;
      if (tag && res.statusCode === 200) tagged.set(key, { tag, answer: withoutStamp(res.data) });
      return res.data;
    },
  };
}

/** A kept answer without the server's time it first came with (that time is past). */
function withoutStamp(answer: unknown): unknown {
  if (typeof answer !== 'object' || answer === null || !('now' in answer)) return answer;
  const { now: _past, ...rest } = answer as { now: unknown };
  return rest;
}

let made: Transport | null = null;
/** One transport for the app's life: the HTTP one keeps the tagged answers it may be told are unchanged. */
const defaultTransport = (): Transport => (made ??= process.env.TARO_ENV === 'weapp' ? cloudTransport : httpTransport());

let transport: Transport | null = null;

/** Tests run the pages against the real handlers in-process; the app never calls this. */
export function setTransport(next: Transport | null): void {
  transport = next;
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** The session store hears when the server no longer knows us (expired or signed out elsewhere). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

const NETWORK_MESSAGE = '网络不给力，请检查网络后重试';

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'data' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error.message === 'string';
}

/**
 * The one way the app talks to the functions. Never throws: a lost answer becomes
 * `{ok:false, error:{code:'NETWORK'}}`, so a page only ever renders a Result.
 */
export async function callFunction<T>(fn: FunctionName, action: string, payload: object = {}): Promise<Result<T>> {
  let answer: unknown;
  const sentAt = Date.now();
  try {
    answer = await (transport ?? defaultTransport()).send(fn, { action, payload });
  } catch {
    return networkError();
  }
  return asResult<T>(withoutServerTime(answer, sentAt));
}

/** Functions stamp each answer with the server's time: the clock learns it, the page gets the Result. */
function withoutServerTime(answer: unknown, sentAt: number): unknown {
  if (typeof answer !== 'object' || answer === null || !('now' in answer)) return answer;
  const { now: serverNow, ...result } = answer as { now: unknown };
  if (typeof serverNow === 'number' && Number.isFinite(serverNow)) learnServerTime(serverNow, sentAt, Date.now());
  return result;
}

/** Whatever arrived (a function's answer, the upload endpoint's) as a Result the pages can render. */
export function asResult<T>(answer: unknown): Result<T> {
  if (!isResult(answer)) {
    return { ok: false, error: { code: 'BAD_RESPONSE', message: '服务器的回答无法识别，请稍后重试' } };
  }
  if (!answer.ok && answer.error.code === 'UNAUTHENTICATED') unauthenticatedListeners.forEach((l) => l());
  return answer as Result<T>;
}

export const networkError = (): { ok: false; error: ClientError } => ({ ok: false, error: { code: 'NETWORK', message: NETWORK_MESSAGE } });
