// Outbound channels for alerts. The inbox needs none (it is the store); these are the
// extra ways an alert can reach a phone.

/** WeChat's answer to a send, reduced to what decides the next step. */
export type SendResult = { ok: true } | { ok: false; code: number; message: string };

/** Which version of the mini-program a tapped message opens: 开发版, 体验版 or the released one. */
export type MiniprogramState = 'developer' | 'trial' | 'formal';

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  /** The version the person consented from; the released one when unknown. */
  miniprogramState?: MiniprogramState;
}

export interface Notifier {
  /** WeChat subscription message (订阅消息); absent self-hosted. */
  subscribe?(message: SubscribeMessage): Promise<SendResult>;
  /** A 企业微信 group robot's text message. */
  wecom?(webhookUrl: string, content: string): Promise<SendResult>;
}

/**
 * The group robot API: POST `{msgtype:'text', text:{content}}` to the webhook URL;
 * it answers `{errcode, errmsg}` (0 is success).
 */
export async function postWecomText(webhookUrl: string, content: string): Promise<SendResult> {
  try {
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'text', text: { content } }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await res.json()) as { errcode?: number; errmsg?: string };
    return body.errcode === 0 ? { ok: true } : { ok: false, code: body.errcode ?? res.status, message: body.errmsg ?? res.statusText };
  } catch (err) {
    return { ok: false, code: -1, message: String(err) };
  }
}

/**
 * What wx-server-sdk 4.0.2's openapi does for subscribeMessage.send: resolves
 * `{errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok'}` when WeChat answered
 * errcode 0, and throws an Error carrying `errCode` (WeChat's errcode, e.g. 43101, or
 * the cloud's own, e.g. -604101 without the config.json permission, -501001 for a
 * service error) and `errMsg` (`openapi.subscribeMessage.send:fail <errmsg>`) otherwise.
 */
interface OpenApi {
  subscribeMessage: { send(args: Record<string, unknown>): Promise<{ errCode?: number; errMsg?: string }> };
}

/** The SDK's prefix on every failure message; the rest is WeChat's errmsg. */
const FAIL_PREFIX = /^openapi\.subscribeMessage\.send:fail\s*/;

/** WeChat: `cloud.openapi.subscribeMessage.send` (config.json grants the permission). */
export function wechatSubscribe(openapi: OpenApi): NonNullable<Notifier['subscribe']> {
  return async (message) => {
    try {
      // The SDK turns templateId and miniprogramState into template_id and miniprogram_state on the wire.
      const res = await openapi.subscribeMessage.send({ ...message, miniprogramState: message.miniprogramState ?? 'formal', lang: 'zh_CN' });
      return !res?.errCode ? { ok: true } : { ok: false, code: res.errCode, message: (res.errMsg ?? '').replace(FAIL_PREFIX, '') };
    } catch (err) {
      const e = (err ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
      const code = typeof e.errCode === 'number' && e.errCode !== 0 ? e.errCode : -1;
      const text = typeof e.errMsg === 'string' ? e.errMsg : typeof e.message === 'string' ? e.message : String(err);
      return { ok: false, code, message: text.replace(FAIL_PREFIX, '') };
    }
  };
}
