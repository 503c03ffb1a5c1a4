// Errors are values: a code the UI can branch on, a Chinese message it can show,
// and, where the input had many lines, every problem with the field or line it names.

export type ErrorCode =
  | 'VALIDATION'
  | 'UNKNOWN_SKU'
  | 'DUPLICATE_SKU'
  | 'NOT_YOUR_SKU'
  | 'SKU_DELISTED'
  | 'INSUFFICIENT_STOCK'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'UNAUTHENTICATED'
  /** Partner API signing (401): no such key (or revoked), a wrong signature, a clock too far off, a nonce used before. */
  | 'KEY_UNKNOWN'
  | 'SIGNATURE_INVALID'
  | 'TIMESTAMP_OUT_OF_WINDOW'
  | 'NONCE_REUSED'
  | 'ACCOUNT_DISABLED'
  | 'INVITE_USED'
  | 'INVITE_EXPIRED'
  | 'RATE_LIMITED'
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'UNKNOWN_ACTION'
  | 'CONFLICT'
  | 'SUPERSEDED'
  | 'QUOTA_EXCEEDED'
  | 'IN_PROGRESS'
  | 'ORDER_INTERRUPTED'
  | 'AFTER_CUTOFF'
  | 'WRONG_STATE'
  | 'BAD_FILE'
  | 'INTERNAL';

export interface Issue {
  /** Where the problem is, e.g. `lines[2].onHand` or `idempotencyKey`. */
  path: string;
  message: string;
  /** What kind of problem, where a line can be wrong in more than one way. */
  code?: ErrorCode;
}

export interface AppError {
  code: ErrorCode;
  message: string;
  issues?: Issue[];
  details?: unknown;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });

export const fail = (code: ErrorCode, message: string, extra: Omit<AppError, 'code' | 'message'> = {}): { ok: false; error: AppError } => ({
  ok: false,
  error: { code, message, ...extra },
});

/** Problems named in the message itself; `issues` always carries every one. */
const LISTED_IN_MESSAGE = 10;

/** One error for many problems: the message names the first few and counts the rest; `issues` holds them all. */
export function failWithIssues(code: ErrorCode, headline: string, issues: Issue[], details?: unknown): { ok: false; error: AppError } {
  const shown = issues.slice(0, LISTED_IN_MESSAGE).map((i) => i.message).join('；');
  const listed = issues.length > LISTED_IN_MESSAGE ? `${shown}；等共 ${issues.length} 处` : shown;
  return fail(code, `${headline}：${listed}`, details === undefined ? { issues } : { issues, details });
}

/** `lines[3]` → 第4行: people count from one. */
export const lineLabel = (index: number): string => `第${index + 1}行`;
