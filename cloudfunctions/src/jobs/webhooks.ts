// Webhook delivery (issue 14): each wave closed at cutoff is an event for a supplier who
// registered a URL, added before the wave closes (a crash in between leaves the event,
// never the wave unsent). Each tick sends what is due, signed with the supplier's newest
// live key, and records each attempt over the state it read, so two ticks never both count one.
import { ALERT_PAGES, type AlertEvent } from '../domain/alerts';
import { type WebhookEvent, delivered, failedAttempt, newWaveEvent } from '../domain/webhook';
import type { DueWave } from '../storage/port';
import type { Supplier } from '../domain/model';
import type { Deps } from '../handlers/action';
import { inWave } from '../domain/wave';
import { raiseAlerts, recipientDirectory } from '../handlers/alerting';
import { byId } from '../handlers/lookups';
import { forwardedLine } from '../open/orders';
import { signedHeaders } from '../open/signature';
import { fits } from '../runtime/budget';

export const WEBHOOK_TIMEOUT_MS = 8_000;
/** Events sent per tick at most: the rest wait for the next one. */
const SENDS_PER_TICK = 50;

/** The events of waves about to close, for suppliers with a webhook (idempotent by wave). */
export async function enqueueWaveEvents(deps: Deps, due: readonly DueWave[], suppliers: ReadonlyMap<string, Supplier>): Promise<void> {
  const events = due.filter((d) => suppliers.get(d.supplierId)?.webhook).map((d) => newWaveEvent(d.supplierId, d.waveId, deps.clock.now()));
  if (events.length > 0) await deps.store.addWebhookEvents(events);
}

export interface Delivery {
  id: string;
  status: WebhookEvent['status'] | 'waiting';
  message?: string;
}

export async function deliverWebhooks(deps: Deps, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<Delivery[]> {
  const due = await deps.store.listDueWebhookEvents(deps.clock.now(), SENDS_PER_TICK);
  const out: Delivery[] = [];
  for (const event of due) {
    // A send may wait its whole timeout: what is left goes next tick, no attempt spent.
    if (!fits(timeoutMs + 2_000)) break;
    out.push(await deliverOne(deps, event, timeoutMs));
  }
  return out;
}

export async function deliverOne(deps: Deps, event: WebhookEvent, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<Delivery> {
  const { store, clock } = deps;
  const body = event.kind === 'wave.forwarded' ? await wavePayload(deps, event) : await linePayload(deps, event);
  // The wave has not closed yet (its cutoff job stopped half-way): send it next tick, no attempt spent.
  if (body === null) return { id: event.id, status: 'waiting' };
  const sent = typeof body === 'string' ? await post(deps, event, body, timeoutMs) : body.error;
  const next = sent === null ? delivered(event, clock.now()) : failedAttempt(event, clock.now(), sent);
  const saved = await store.saveWebhookEvent(next, { attempts: event.attempts, status: event.status });
  if (saved && next.status === 'failed') await raiseAlerts(deps, [parkedEvent(next, await store.getSupplier(next.supplierId), (await recipientDirectory(store)).operators)]);
  return saved ? { id: event.id, status: next.status, ...(sent ? { message: sent } : {}) } : { id: event.id, status: 'waiting', message: '另一次发送已记录' };
}

/** A delivery parked after a day of retries: the operators hear, once per parking (a 重试 that fails again is news again). */
function parkedEvent(event: WebhookEvent, supplier: Supplier | null | undefined, operators: string[]): AlertEvent {
  const name = supplier?.name ?? event.supplierId;
  return {
    kind: 'webhookFailed', key: `${event.id}:${event.attempts}`, recipients: operators,
    title: '波次推送失败',
    body: `${name}：波次 ${event.refId} 推送给对方系统重试 ${event.attempts} 次仍未送达（${event.lastError?.message ?? '原因不明'}），请确认对方已收到波次，或在供应商页点“重试”`,
    link: ALERT_PAGES.operatorSupplier(event.supplierId),
    fields: { subject: name, detail: `波次 ${event.refId} 推送失败`, time: event.lastError?.at ?? event.nextAttemptAt, quantity: event.attempts, status: '推送失败' },
  };
}

/** The wave as the partner API lists it: the same lines, read now. */
async function wavePayload(deps: Deps, event: WebhookEvent): Promise<string | null> {
  const { store } = deps;
  const wave = await store.getWave(event.refId);
  if (!wave) return null;
  const lines = (await store.listOrderLines({ waveId: wave.id })).filter(inWave).sort((a, b) => a.id.localeCompare(b.id));
  const [skus, users] = await Promise.all([store.getSkus([...new Set(lines.map((l) => l.skuId))]), store.listUsers()]);
  const skuById = byId(skus);
  const userById = byId(users);
  return JSON.stringify({
    event: event.kind, id: event.id, waveId: wave.id, day: wave.day, closedAt: Math.floor(wave.closedAt / 1000),
    lines: lines.map((l) => forwardedLine(wave, l, skuById.get(l.skuId), userById.get(l.leaderId))),
  });
}

/** One line as it stands now, with what this event did to it (its ledger entry is written only with the line). */
async function linePayload(deps: Deps, event: WebhookEvent): Promise<string | { error: string }> {
  const { store } = deps;
  const order = await store.getOrder(event.refId);
  const placed = order?.lines.find((l) => l.skuId === event.skuId);
  if (!order || !placed) return { error: `找不到订单 ${event.refId} 的这条商品` };
  const [[line], [sku], leader] = await Promise.all([store.getOrderLines([placed.id]), store.getSkus([placed.skuId]), store.getUser(placed.leaderId)]);
  const now = line ?? placed;
  return JSON.stringify({
    event: event.kind, id: event.id, at: Math.floor(event.createdAt / 1000), units: event.units, orderId: order.id, ...(order.number ? { orderNo: order.number } : {}),
    line: forwardedLine({ id: now.waveId, day: now.day }, now, sku, leader ?? undefined),
  });
}

/** POST it signed; null when the receiver took it (2xx), else what went wrong, in Chinese. */
async function post(deps: Deps, event: WebhookEvent, body: string, timeoutMs: number): Promise<string | null> {
  const [supplier, keys] = await Promise.all([deps.store.getSupplier(event.supplierId), deps.store.listPartnerKeys(event.supplierId)]);
  const url = supplier?.webhook?.url;
  if (!url) return '供应商没有登记接收地址';
  const key = keys.filter((k) => k.revokedAt === undefined).at(-1);
  if (!key) return '供应商没有有效的接口密钥，无法签名';
  try {
    const res = await (deps.http ?? fetch)(url, {
      method: 'POST', body, signal: AbortSignal.timeout(timeoutMs),
      headers: { ...signedHeaders(key.id, key.secret, body, deps.clock.now()), 'X-HZ-Event': event.id },
    });
    return res.ok ? null : `接收方返回 HTTP ${res.status}`;
  } catch (err) {
    return (err as { name?: string }).name === 'TimeoutError' ? `接收方 ${timeoutMs / 1000} 秒内没有响应` : `连接不上接收方（${(err as Error).message}）`;
  }
}
