// Who is calling the partner API: a live key of a known supplier, a signature made with
// its secret over this very body, a timestamp within the window and a nonce not used
// before. Cheap checks first; the nonce is spent only by a request that proved the key.
import { type Result, fail, ok } from '../domain/errors';
import type { PartnerKey, Supplier } from '../domain/model';
import type { Deps } from '../handlers/action';
import { HEADERS, NONCE_PATTERN, SIGNATURE_WINDOW_S, sign, signatureMatches } from './signature';

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface PartnerCaller {
  key: PartnerKey;
  supplier: Supplier;
}

const header = (headers: HeaderBag, name: string): string | undefined => {
  const value = headers[name] ?? headers[Object.keys(headers).find((k) => k.toLowerCase() === name) ?? ''];
  return Array.isArray(value) ? value[0] : value;
};

export const nonceId = (keyId: string, nonce: string): string => `nonce:${keyId}:${nonce}`;

/**
 * How long a nonce is kept: a request seen at t carried a timestamp no older than t − window,
 * so it cannot be replayed after t + 2 × window (a minute more for clocks that drift).
 */
export const NONCE_KEPT_MS = (2 * SIGNATURE_WINDOW_S + 60) * 1000;

/** Forget nonces no request could replay any more (one database call); answers how many. */
export const forgetOldNonces = (deps: Deps): Promise<number> => deps.store.forgetNonces(deps.clock.now() - NONCE_KEPT_MS);

export async function authenticate(deps: Deps, headers: HeaderBag, rawBody: Buffer): Promise<Result<PartnerCaller>> {
  const keyId = header(headers, HEADERS.key);
  const timestamp = header(headers, HEADERS.timestamp);
  const nonce = header(headers, HEADERS.nonce);
  const signature = header(headers, HEADERS.signature);
  if (!keyId || !timestamp || !nonce || !signature) return fail('UNAUTHENTICATED', '缺少签名请求头：需要 X-HZ-Key、X-HZ-Timestamp、X-HZ-Nonce、X-HZ-Signature');
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  const skew = Math.abs(deps.clock.now() / 1000 - seconds);
  if (!(skew <= SIGNATURE_WINDOW_S)) return fail('TIMESTAMP_OUT_OF_WINDOW', `X-HZ-Timestamp 与服务器时间相差超过 ${SIGNATURE_WINDOW_S} 秒（应为 Unix 秒），请校准时钟`);
  if (!NONCE_PATTERN.test(nonce)) return fail('UNAUTHENTICATED', 'X-HZ-Nonce 应为 16–64 个字母、数字、- 或 _');
  const key = await deps.store.getPartnerKey(keyId.slice(0, 64));
  if (!key || key.revokedAt !== undefined) return fail('KEY_UNKNOWN', key ? `密钥 ${key.id} 已停用` : '没有这个密钥（X-HZ-Key）');
  if (!signatureMatches(sign(key.secret, timestamp, nonce, rawBody), signature)) return fail('SIGNATURE_INVALID', '签名不正确：应为 HMAC-SHA256(secret, timestamp + "\\n" + nonce + "\\n" + 原始请求体) 的小写十六进制');
  if (!(await deps.store.spendNonce(nonceId(key.id, nonce), deps.clock.now()))) return fail('NONCE_REUSED', '这个 X-HZ-Nonce 已用过：每个请求要用新的随机值');
  const supplier = await deps.store.getSupplier(key.supplierId);
  if (!supplier) return fail('KEY_UNKNOWN', `密钥 ${key.id} 的供应商已不存在`);
  return ok({ key, supplier });
}
