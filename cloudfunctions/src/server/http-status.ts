// What each error code is in HTTP terms, so a proxy, a log or a curl says what happened;
// the body is the same Result every answer carries. WeChat's callFunction has no status:
// this is the self-hosted runtime's alone.
import type { ErrorCode } from '../domain/errors';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 422,
  UNKNOWN_SKU: 422,
  DUPLICATE_SKU: 422,
  NOT_YOUR_SKU: 422,
  SKU_DELISTED: 422,
  BAD_FILE: 422,
  INSUFFICIENT_STOCK: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  CONFLICT: 409,
  SUPERSEDED: 409,
  QUOTA_EXCEEDED: 409,
  IN_PROGRESS: 409,
  ORDER_INTERRUPTED: 409,
  AFTER_CUTOFF: 409,
  WRONG_STATE: 409,
  UNAUTHENTICATED: 401,
  KEY_UNKNOWN: 401,
  SIGNATURE_INVALID: 401,
  TIMESTAMP_OUT_OF_WINDOW: 401,
  NONCE_REUSED: 401,
  ACCOUNT_DISABLED: 403,
  INVITE_USED: 403,
  INVITE_EXPIRED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_ACTION: 404,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export const httpStatusOf = (result: { ok: boolean; error?: { code: ErrorCode } }): number => (result.ok ? 200 : STATUS[result.error!.code] ?? 500);
