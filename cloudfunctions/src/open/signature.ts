// Partner API signing: HMAC-SHA256 over the timestamp, the nonce and the raw body, the
// same both ways (requests to us, and the webhooks we send). Signatures are compared in
// constant time; the window and the nonce stop a captured request from being replayed.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How far a request's X-HZ-Timestamp may be from our clock, in seconds. */
export const SIGNATURE_WINDOW_S = 300;
/** 16–64 characters; letters, digits, `-` and `_` (the nonce is kept under its own name). */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export const HEADERS = { key: 'x-hz-key', timestamp: 'x-hz-timestamp', nonce: 'x-hz-nonce', signature: 'x-hz-signature' } as const;

export const signingText = (timestamp: string, nonce: string, rawBody: Buffer | string): Buffer =>
  Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody]);

/** Lowercase hex of HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n" + rawBody). */
export const sign = (secret: string, timestamp: string, nonce: string, rawBody: Buffer | string): string =>
  createHmac('sha256', secret).update(signingText(timestamp, nonce, rawBody)).digest('hex');

export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // Lengths differ only for a malformed signature: that says nothing about the secret.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Headers for a signed request (our webhooks, the demo ERP, the docs' examples). */
export function signedHeaders(keyId: string, secret: string, rawBody: Buffer | string, nowMs: number, nonce = randomBytes(16).toString('hex')): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'content-type': 'application/json',
    'X-HZ-Key': keyId,
    'X-HZ-Timestamp': timestamp,
    'X-HZ-Nonce': nonce,
    'X-HZ-Signature': sign(secret, timestamp, nonce, rawBody),
  };
}

export const newKeyId = (): string => `hzk_${randomBytes(8).toString('hex')}`;
export const newSecret = (): string => randomBytes(24).toString('base64url');
