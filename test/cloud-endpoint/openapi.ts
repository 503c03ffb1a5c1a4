// The open API half of the local endpoint: what `cloud.openapi.*` in wx-server-sdk
// 4.0.2 sends, and WeChat's subscribeMessage.send behind it (see README.md).
//
// How a call travels: `cloud.openapi.subscribeMessage.send(params)` turns params'
// keys from camelCase to snake_case (templateId → template_id, miniprogramState →
// miniprogram_state), JSON-encodes each top-level value, packs the pairs into a
// protobuf CommApiData {apiType: OPEN_API, openapiData: {pairs: [{key, value}]}}, and
// @cloudbase/node-sdk POSTs it as multipart/form-data to the same URL as database calls
// with the fields action=wx.openApi, apiName=subscribeMessage.send, requestData (the
// protobuf bytes) and envName. The answer is a protobuf CommOpenApiResp {respData,
// contentType, errorCode, httpCode} whose respData is WeChat's own JSON reply
// `{errcode, errmsg}`. The SDK throws an Error with `errCode` = errcode and `errMsg` =
// `openapi.subscribeMessage.send:fail <errmsg>` for a non-zero errcode, and resolves
// `{errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok'}` otherwise. A non-zero
// errorCode in the envelope (the cloud refusing the call, e.g. -604101 no permission)
// is thrown with that code; an answer sent as JSON `{code, message}` (a cloud-side
// error) is thrown with the TCB code mapped (unknown codes → -501001).
import { randomBytes } from 'node:crypto';

// ---- multipart/form-data (what the SDK's request library sends for wx.openApi)

/** The parts of a multipart/form-data body; null when it is not one. */
export function parseMultipart(contentType: string | undefined, body: Buffer): Map<string, Buffer> | null {
  const match = /^multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!match) return null;
  const delimiter = Buffer.from(`--${match[1] ?? match[2]!.trim()}`);
  const parts = new Map<string, Buffer>();
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2); // past the CRLF after the delimiter; before the CRLF preceding the next
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) parts.set(name, part.subarray(headerEnd + 4));
    }
    at = next;
  }
  return parts;
}

// ---- the protobuf messages the SDK uses (field numbers from wx-server-sdk's src/protobuf/openapi.js)

type Field = { no: number; wire: 0; value: bigint } | { no: number; wire: 2; value: Buffer } | { no: number; wire: 1 | 5; value: Buffer };

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const byte = buf[pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

function readFields(buf: Buffer): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    pos = afterTag;
    if (wire === 0) {
      const [value, after] = readVarint(buf, pos);
      fields.push({ no, wire, value });
      pos = after;
    } else if (wire === 2) {
      const [length, after] = readVarint(buf, pos);
      const end = after + Number(length);
      if (end > buf.length) throw new Error('truncated field');
      fields.push({ no, wire, value: buf.subarray(after, end) });
      pos = end;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      fields.push({ no, wire, value: buf.subarray(pos, pos + size) });
      pos += size;
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
  return fields;
}

function writeVarint(value: bigint): Buffer {
  // int32 fields: a negative value is sign-extended to 64 bits (ten bytes), as protobuf does.
  let v = value < 0n ? (1n << 64n) + value : value;
  const bytes: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v !== 0n);
  return Buffer.from(bytes);
}

const tag = (no: number, wire: number): Buffer => writeVarint(BigInt((no << 3) | wire));
const bytesField = (no: number, value: Buffer): Buffer => Buffer.concat([tag(no, 2), writeVarint(BigInt(value.length)), value]);
const intField = (no: number, value: number): Buffer => Buffer.concat([tag(no, 0), writeVarint(BigInt(value))]);

export interface OpenApiRequest {
  /** CommApiData.apiType: 0 is OPEN_API. */
  apiType: number;
  appid?: string;
  /** OpenApiData.pairs, each value JSON text as the SDK encodes it. */
  pairs: Array<{ key: string; value: Buffer }>;
}

/** CommApiData {1: apiType, 2: openapiData {1: pairs {1: key, 2: value, 3: contenttype, 4: filename}}, 6: appid}. */
export function decodeCommApiData(buf: Buffer): OpenApiRequest {
  const request: OpenApiRequest = { apiType: 0, pairs: [] };
  for (const f of readFields(buf)) {
    if (f.no === 1 && f.wire === 0) request.apiType = Number(f.value);
    else if (f.no === 6 && f.wire === 2) request.appid = f.value.toString('utf8');
    else if (f.no === 2 && f.wire === 2) {
      for (const p of readFields(f.value)) {
        if (p.no !== 1 || p.wire !== 2) continue;
        let key = '';
        let value = Buffer.alloc(0);
        for (const kv of readFields(p.value)) {
          if (kv.no === 1 && kv.wire === 2) key = kv.value.toString('utf8');
          else if (kv.no === 2 && kv.wire === 2) value = Buffer.from(kv.value);
        }
        request.pairs.push({ key, value });
      }
    }
  }
  return request;
}

/** CommOpenApiResp {1: respData, 2: contentType, 3: errorCode, 4: httpCode}. */
export function encodeCommOpenApiResp(resp: { respData?: Buffer; contentType?: string; errorCode?: number; httpCode?: number }): Buffer {
  const parts: Buffer[] = [];
  if (resp.respData) parts.push(bytesField(1, resp.respData));
  if (resp.contentType !== undefined) parts.push(bytesField(2, Buffer.from(resp.contentType, 'utf8')));
  if (resp.errorCode) parts.push(intField(3, resp.errorCode));
  if (resp.httpCode !== undefined) parts.push(intField(4, resp.httpCode));
  return Buffer.concat(parts);
}

// ---- WeChat's subscribeMessage.send

/** WeChat's JSON reply. */
export interface WxReply {
  errcode: number;
  errmsg: string;
}

export interface SentMessage {
  touser: string;
  templateId: string;
  page?: string;
  /** Each key's value as sent (a string). */
  data: Record<string, string>;
  miniprogramState: 'developer' | 'trial' | 'formal';
  lang: string;
  at: number;
}

export interface SendAttempt {
  /** The request as the API received it (snake_case keys, JSON values). */
  request: Record<string, unknown>;
  errcode: number;
  errmsg: string;
}

/** -1 with WeChat's global wording: "system busy, try again later" (系统繁忙). */
export const SYSTEM_BUSY: WxReply = { errcode: -1, errmsg: 'system error' };

const STATES = ['developer', 'trial', 'formal'] as const;
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];

/** WeChat appends a request id to every errmsg. */
const rid = (): string => `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
const fail = (errcode: number, text: string): WxReply => ({ errcode, errmsg: `${text} rid: ${rid()}` });

// Character classes of the documented value rules (订阅消息参数值内容限制).
const HAN = /\p{Script=Han}/u;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** "Symbols": common characters other than Chinese, letters and digits; no whitespace or control characters. */
const isSymbol = (c: string): boolean => !/[\p{L}\p{N}\s\p{Cc}]/u.test(c);
const isAsciiLetter = (c: string): boolean => /^[A-Za-z]$/.test(c);
const isDigit = (c: string): boolean => /^[0-9]$/.test(c);

const DATE = String.raw`(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}日|\d{4}([-/.])\d{1,2}\1\d{1,2}|\d{4}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2})`;
const CLOCK = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
/** time: a 24-hour time, optionally after a date; a span is two of them joined by "~". */
const TIME_POINT = new RegExp(`^(?:${DATE}\\s*)?${CLOCK}$`);
/** date: a date, optionally followed by a 24-hour time; a span is two of them joined by "~". */
const DATE_POINT = new RegExp(`^${DATE}(?:\\s*${CLOCK})?$`);
/** Months 1–12 and days 1–31 wherever a date has them (y-m-d, y-m or m-d). */
const calendarOk = (t: string): boolean => {
  const ymd = /(\d{4})[年\-/.](\d{1,2})(?:[月\-/.](\d{1,2}))?/.exec(t);
  const md = ymd ? null : /(\d{1,2})[月\-/.](\d{1,2})/.exec(t);
  const month = Number(ymd ? ymd[2] : md?.[1] ?? 1);
  const day = Number(ymd ? ymd[3] ?? 1 : md?.[2] ?? 1);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
};
const span = (text: string, point: RegExp): boolean => {
  const ends = text.split('~').map((t) => t.trim());
  return ends.length <= 2 && ends.every((t) => point.test(t) && calendarOk(t));
};
const CURRENCY = /^[¥￥$€£₩₽₹฿]/u;

/** A value rule: undefined when the value is fine, else 'exceeds limit' or 'invalid'. */
type Rule = (value: string, chars: string[]) => 'exceeds limit' | 'invalid' | undefined;

const RULES: Record<string, Rule> = {
  // 20 characters at most: Chinese, digits, letters or symbols.
  thing: (v, c) => (CONTROL.test(v) ? 'invalid' : c.length > 20 ? 'exceeds limit' : undefined),
  // 32 digits at most, a decimal point allowed.
  number: (v) => (!/^\d+(\.\d+)?$/.test(v) ? 'invalid' : v.replace('.', '').length > 32 ? 'exceeds limit' : undefined),
  // 32 letters at most.
  letter: (v, c) => (!c.every(isAsciiLetter) ? 'invalid' : c.length > 32 ? 'exceeds limit' : undefined),
  // 5 symbols at most.
  symbol: (v, c) => (!c.every(isSymbol) ? 'invalid' : c.length > 5 ? 'exceeds limit' : undefined),
  // 32 at most, digits, letters or symbols.
  character_string: (v, c) => (!c.every((x) => isDigit(x) || isAsciiLetter(x) || (isSymbol(x) && x.charCodeAt(0) < 0x7f)) ? 'invalid'
    : c.length > 32 ? 'exceeds limit' : undefined),
  // A 24-hour time (HH:MM or HH:MM:SS), date allowed before it; a span joined by ~.
  time: (v) => (span(v, TIME_POINT) ? undefined : 'invalid'),
  // A date (y年m月d日, y年m月, m月d日, or joined by - / .), time allowed after it; a span joined by ~.
  date: (v) => (span(v, DATE_POINT) ? undefined : 'invalid'),
  // One currency sign, then at most 10 digits, a decimal point allowed, 元 allowed at the end.
  amount: (v) => {
    const m = /^.(\d+(?:\.\d+)?)元?$/u.exec(v);
    if (!CURRENCY.test(v) || !m) return 'invalid';
    return m[1]!.replace('.', '').length > 10 ? 'exceeds limit' : undefined;
  },
  // 17 at most, digits and symbols.
  phone_number: (v, c) => (!c.every((x) => isDigit(x) || isSymbol(x)) ? 'invalid' : c.length > 17 ? 'exceeds limit' : undefined),
  // 8 at most; the first and the last may be Chinese, the rest letters or digits.
  car_number: (v, c) => {
    if (c.length > 8) return 'exceeds limit';
    const ok = c.every((x, i) => isDigit(x) || isAsciiLetter(x) || ((i === 0 || i === c.length - 1) && HAN.test(x)));
    return ok ? undefined : 'invalid';
  },
  // 10 Chinese characters at most, or 20 letters or symbols; mixed counts as Chinese.
  name: (v, c) => {
    if (!c.every((x) => HAN.test(x) || isAsciiLetter(x) || isSymbol(x) || x === ' ')) return 'invalid';
    return c.length > (c.some((x) => HAN.test(x)) ? 10 : 20) ? 'exceeds limit' : undefined;
  },
  // 5 Chinese characters at most, nothing else.
  phrase: (v, c) => (!c.every((x) => HAN.test(x)) ? 'invalid' : c.length > 5 ? 'exceeds limit' : undefined),
  // One of the template's enumerated values: the list lives with the template, which is not modelled.
  enum: () => undefined,
};

/** The type of a template keyword: thing1 → thing, character_string12 → character_string. */
export const keywordType = (key: string): string | undefined => /^([a-z]+(?:_[a-z]+)*?)\d+$/.exec(key)?.[1];

/** The documented 47003 check of one `data` entry; undefined when it passes. */
export function checkDataValue(key: string, entry: unknown): string | undefined {
  const type = keywordType(key);
  const rule = type === undefined ? undefined : RULES[type];
  if (!rule) return `argument invalid! data.${key} is not a template keyword`;
  const raw = entry !== null && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined;
  const value = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : typeof raw === 'string' ? raw : undefined;
  // "emtpy" is how the live service spells it.
  if (value === undefined || value.trim() === '') return `argument invalid! data.${key}.value is emtpy`;
  const problem = rule(value, [...value]);
  return problem ? `argument invalid! data.${key}.value ${problem}` : undefined;
}

/**
 * The mini-program's side of subscribeMessage.send: who its users are, which templates
 * it added, how many one-time subscriptions each user accepted per template, and
 * what went out.
 */
export class SubscribeService {
  readonly sent: SentMessage[] = [];
  readonly attempts: SendAttempt[] = [];
  private readonly users = new Set<string>();
  private readonly templates = new Set<string>();
  private readonly consents = new Map<string, number>();
  private failures: WxReply[] = [];
  private pages: Set<string> | undefined;
  private granted: Set<string> | undefined;
  /**
   * WeChat Shop behind `cloud.openapi.channels.ec.*` (issue 18): the path after
   * `channels.ec.` with dots as slashes → WeChat's JSON reply; a test sets it to a
   * ChannelsShop's `answer` (test/support/channels-standin.ts). Unset: -604100.
   */
  channels: ((path: string, body: Record<string, unknown>) => Record<string, unknown>) | null = null;

  /** OpenIDs of this mini-program's users; any other answers 40003. */
  addUsers(...openids: string[]): void {
    for (const o of openids) this.users.add(o);
  }

  /** Template ids the mini-program added in its console; any other answers 40037. */
  addTemplates(...templateIds: string[]): void {
    for (const t of templateIds) this.templates.add(t);
  }

  /** The user tapped "allow" `count` times for this template (each a one-time subscription). */
  allow(openid: string, templateId: string, count = 1): void {
    const key = `${openid}\u0000${templateId}`;
    this.consents.set(key, (this.consents.get(key) ?? 0) + count);
  }

  /** Sends WeChat would still accept for this user and template. */
  remaining(openid: string, templateId: string): number {
    return this.consents.get(`${openid}\u0000${templateId}`) ?? 0;
  }

  /** The next `count` sends answer `reply` (default -1 system error) before anything else is checked; nothing is sent or spent. */
  failNext(count: number, reply: WxReply = SYSTEM_BUSY): void {
    for (let i = 0; i < count; i++) this.failures.push(reply);
  }

  /** The mini-program's pages: a `page` not among them answers 41030. Unset (the default): any page goes. */
  setPages(pages: string[] | undefined): void {
    this.pages = pages && new Set(pages.map((p) => p.replace(/^\//, '')));
  }

  /** The open APIs the calling function's config.json grants; others answer -604101. Unset (the default): all. */
  grant(apis: string[] | undefined): void {
    this.granted = apis && new Set(apis);
  }

  isGranted(api: string): boolean {
    return this.granted === undefined || this.granted.has(api);
  }

  reset(): void {
    this.sent.length = 0;
    this.attempts.length = 0;
    this.users.clear();
    this.templates.clear();
    this.consents.clear();
    this.failures = [];
    this.pages = undefined;
    this.granted = undefined;
  }

  /** One send, with the request's keys as on the wire (touser, template_id, page, data, miniprogram_state, lang). */
  send(request: Record<string, unknown>, now = Date.now()): WxReply {
    const reply = this.decide(request, now);
    this.attempts.push({ request, errcode: reply.errcode, errmsg: reply.errmsg });
    return reply;
  }

  private decide(request: Record<string, unknown>, now: number): WxReply {
    const failure = this.failures.shift();
    if (failure) return { ...failure, errmsg: `${failure.errmsg} rid: ${rid()}` };
    const { touser, page, data, lang } = request;
    const templateId = request.template_id;
    const state = request.miniprogram_state ?? 'formal';
    if (typeof touser !== 'string' || !this.users.has(touser)) return fail(40003, 'invalid openid');
    if (typeof templateId !== 'string' || !this.templates.has(templateId)) return fail(40037, 'invalid template_id');
    if (page !== undefined && page !== '' && (typeof page !== 'string'
      || (this.pages !== undefined && !this.pages.has(page.replace(/^\//, '').split('?')[0]!)))) return fail(41030, 'invalid page');
    if (!STATES.includes(state as (typeof STATES)[number])) return fail(47003, 'argument invalid! miniprogram_state invalid');
    if (lang !== undefined && !LANGS.includes(String(lang))) return fail(47003, 'argument invalid! lang invalid');
    if (data === null || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0) {
      return fail(47003, 'argument invalid! data is emtpy');
    }
    for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
      const problem = checkDataValue(key, entry);
      if (problem) return fail(47003, problem);
    }
    // Arguments first, then the user's consent: a refused or spent subscription is 43101.
    const left = this.remaining(touser, templateId);
    if (left <= 0) return fail(43101, 'user refuse to accept the msg');
    this.consents.set(`${touser}\u0000${templateId}`, left - 1);
    this.sent.push({
      touser, templateId, ...(typeof page === 'string' && page !== '' ? { page } : {}),
      data: Object.fromEntries(Object.entries(data as Record<string, { value: unknown }>).map(([k, v]) => [k, String(v.value)])),
      miniprogramState: state as SentMessage['miniprogramState'], lang: typeof lang === 'string' ? lang : 'zh_CN', at: now,
    });
    return { errcode: 0, errmsg: 'ok' };
  }
}

/**
 * One wx.openApi request (the multipart form's fields) → the raw body to answer with.
 * Unknown APIs answer the cloud's -604100 in the envelope, ungranted ones -604101.
 */
export function handleOpenApi(service: SubscribeService, form: Map<string, Buffer>): Buffer {
  const apiName = form.get('apiName')?.toString('utf8') ?? '';
  const request = decodeCommApiData(form.get('requestData') ?? Buffer.alloc(0));
  const channels = apiName.startsWith('channels.ec.') ? service.channels : null;
  if (apiName !== 'subscribeMessage.send' && !channels) return encodeCommOpenApiResp({ errorCode: -604100 });
  if (!service.isGranted(apiName)) return encodeCommOpenApiResp({ errorCode: -604101 });
  const params: Record<string, unknown> = {};
  for (const { key, value } of request.pairs) {
    try {
      params[key] = JSON.parse(value.toString('utf8'));
    } catch {
      params[key] = value.toString('utf8');
    }
  }
  const reply = channels ? channels(apiName.slice('channels.ec.'.length).replace(/\./g, '/'), params) : service.send(params);
  return encodeCommOpenApiResp({ respData: Buffer.from(JSON.stringify(reply), 'utf8'), contentType: 'application/json', httpCode: 200 });
}
