// CloudBase's HTTP access service hands a cloud function the request as an "integrated
// request" (path, httpMethod, headers, queryStringParameters, body, isBase64Encoded) and
// turns an "integrated response" (statusCode, headers, body) back into HTTP. The `open`
// function must be reachable at the trigger path /api/open/v1 so paths match the server's.
import type { OpenRequest, OpenResponse } from './partner-api';

export interface HttpEvent {
  path: string;
  httpMethod: string;
  headers?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean | string;
}

export interface IntegratedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** An HTTP access event, or null for anything else (a mini-program calling the function by name). */
export function openRequestOf(event: unknown): OpenRequest | null {
  const e = event as Partial<HttpEvent> | null;
  if (!e || typeof e.path !== 'string' || typeof e.httpMethod !== 'string') return null;
  const base64 = e.isBase64Encoded === true || e.isBase64Encoded === 'true';
  return {
    method: e.httpMethod.toUpperCase(), path: e.path, query: { ...(e.queryStringParameters ?? {}) }, headers: { ...(e.headers ?? {}) },
    rawBody: Buffer.from(e.body ?? '', base64 ? 'base64' : 'utf8'),
  };
}

export const integratedResponse = (answer: OpenResponse): IntegratedResponse => ({
  statusCode: answer.status, headers: { 'content-type': answer.contentType }, body: answer.body, isBase64Encoded: false,
});
