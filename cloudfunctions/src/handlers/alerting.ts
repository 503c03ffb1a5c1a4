// Raising alerts: deduplicated per event and person, always in the inbox, and sent
// on where a channel reaches the person — a WeChat subscription message while they
// have consent left, a 企业微信 group robot where their team set one up.
import { type Alert, type AlertEvent, type AlertKind, alertsFor, eventId, eventOfAlert, templateData } from '../domain/alerts';
import type { Settings, User } from '../domain/model';
import { isActive, isActiveOperator } from '../domain/access';
import type { SendResult } from '../notify/notifier';
import type { StockStore } from '../storage/port';
import { fits } from '../runtime/budget';
import { inParallel } from '../runtime/parallel';
import type { Deps } from './action';

/** Retry transient send failures after these pauses, then fall back to the inbox. */
export const RETRY_DELAYS_MS = [300, 900];
/** WeChat's answer when the person refused, or has no consent left. */
export const NO_CONSENT = 43101;
/**
 * Answers no retry can change: bad argument, bad openid, bad template id, bad page,
 * and the cloud refusing the API (not granted in config.json).
 */
const PERMANENT = new Set([47003, 40003, 40037, 41030, -604100, -604101]);

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sendWithRetry(send: () => Promise<SendResult>, delays: number[]): Promise<SendResult> {
  let result = await send();
  for (const delay of delays) {
    if (result.ok || result.code === NO_CONSENT || PERMANENT.has(result.code)) return result;
    await pause(delay);
    result = await send();
  }
  return result;
}

export const operatorsOf = async (store: StockStore): Promise<string[]> => (await store.listUsers()).filter(isActiveOperator).map((u) => u.id);
export const staffOf = async (store: StockStore, supplierId: string): Promise<string[]> =>
  (await store.listUsers()).filter((u) => isActive(u) && u.role === 'supplier' && u.supplierId === supplierId).map((u) => u.id);

/** Who receives what, read once for a job that alerts many suppliers (one user list, not one per supplier). */
export async function recipientDirectory(store: StockStore): Promise<{ operators: string[]; staffOf(supplierId: string): string[] }> {
  const users = await store.listUsers();
  return {
    operators: users.filter(isActiveOperator).map((u) => u.id),
    staffOf: (supplierId) => users.filter((u) => isActive(u) && u.role === 'supplier' && u.supplierId === supplierId).map((u) => u.id),
  };
}

async function wecomUrlFor(store: StockStore, user: User, settings: Settings): Promise<string | undefined> {
  if (user.role === 'operator') return settings.alerts.operatorWecomWebhook;
  if (user.role === 'supplier' && user.supplierId) return (await store.getSupplier(user.supplierId))?.wecomWebhook;
  return user.wecomWebhook;
}

async function viaSubscription(deps: Deps, alert: Alert, user: User, settings: Settings, delays: number[]): Promise<void> {
  const { store, notifier, clock } = deps;
  const template = settings.alerts.subscribeTemplates.find((t) => t.kind === alert.kind);
  if (!notifier.subscribe || !user.openid || !template) return;
  if (!(await store.takeConsent(user.id, template.templateId))) {
    await store.recordDelivery(alert.id, { channel: 'subscribe', status: 'fallback', detail: '没有剩余的订阅次数', at: clock.now() });
    return;
  }
  const message = {
    touser: user.openid, templateId: template.templateId, page: alert.link, data: templateData(template.data, alert.fields),
    ...(user.miniprogramState ? { miniprogramState: user.miniprogramState } : {}),
  };
  const result = await sendWithRetry(() => notifier.subscribe!(message), delays);
  if (result.ok) {
    await store.recordDelivery(alert.id, { channel: 'subscribe', status: 'sent', at: clock.now() });
    return;
  }
  if (result.code === NO_CONSENT) {
    // WeChat knows better than our count: none left, and the one we took is gone too.
    await store.clearConsents(user.id, template.templateId);
  } else {
    // The message never went out, so the consent is still the person's to spend.
    await store.addConsents(user.id, template.templateId, 1);
  }
  await store.recordDelivery(alert.id, { channel: 'subscribe', status: 'fallback', detail: `${result.code} ${result.message}`.trim(), at: clock.now() });
}

async function viaWecom(deps: Deps, alert: Alert, user: User, settings: Settings): Promise<void> {
  const url = await wecomUrlFor(deps.store, user, settings);
  if (!url || !deps.notifier.wecom) return;
  const result = await deps.notifier.wecom(url, `【${alert.title}】${alert.body}`);
  await deps.store.recordDelivery(alert.id, { channel: 'wecom', status: result.ok ? 'sent' : 'failed', ...(result.ok ? {} : { detail: `${result.code} ${result.message}` }), at: deps.clock.now() });
}

/**
 * Raise events: each person gets one alert per event (a second raise is dropped), every
 * alert lands in the inbox, then goes out on whatever channel reaches that person.
 * Switched-off kinds are not raised at all.
 */
export async function raiseAlerts(deps: Deps, events: AlertEvent[], delays = RETRY_DELAYS_MS): Promise<Alert[]> {
  if (events.length === 0) return [];
  const { store, clock } = deps;
  const settings = await store.getSettings();
  const enabled = events.filter((e) => !settings.alerts.disabled.includes(e.kind) && e.recipients.length > 0);
  const users = new Map((await store.listUsers()).map((u) => [u.id, u]));
  const fresh = await store.addAlerts(enabled.flatMap((e) => alertsFor(e, clock.now(), (id) => users.get(id)?.role)));
  const quiet = new Set(enabled.filter((e) => e.inboxOnly).map((e) => eventId(e.kind, e.key)));
  // A cutoff reminder goes to every leader: sends run side by side, and stop before the
  // call's time does (what is not sent stays in the inbox, where every alert is).
  await inParallel(fresh, SENDS_AT_ONCE, async (alert) => {
    const user = users.get(alert.userId);
    if (!user || quiet.has(eventOfAlert(alert)) || !fits(SEND_RESERVE_MS)) return;
    try {
      await viaSubscription(deps, alert, user, settings, delays);
      await viaWecom(deps, alert, user, settings);
    } catch (err) {
      // The inbox already has it; a channel failing must not undo the change that raised it.
      console.error(`[alert ${alert.id}]`, err);
    }
  });
  return fresh;
}

const SENDS_AT_ONCE = 16;
/** A send with its retries takes up to a couple of seconds: none starts with less left. */
const SEND_RESERVE_MS = 3_000;

/** Which alert kinds each role receives: their templates are the ones the app asks consent for. */
export const KINDS_BY_ROLE: Record<User['role'], AlertKind[]> = {
  supplier: ['reportDue', 'reportMissed', 'countOverAge', 'recountDue', 'lowStock', 'waveToConfirm', 'jumpHeld', 'stocktakeDue', 'scorecardDigest'],
  leader: ['cutoffSoon', 'shortage', 'listingRetype', 'listingStale'],
  operator: ['lowStock', 'reportMissed', 'countOverAge', 'recountDue', 'waveOverdue', 'jumpHeld', 'pullFailing', 'webhookFailed', 'stocktakeOverdue', 'stocktakeVariance', 'listingStale'],
};
