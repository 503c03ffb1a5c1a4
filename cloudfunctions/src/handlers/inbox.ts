// Every person's inbox (DESIGN §6), and the one-time consents WeChat's subscription
// messages need: counted per person and template, topped up when the app asks.
import * as z from 'zod';
import { ALERT_KINDS, type Alert, type AlertResolution, eventOfAlert } from '../domain/alerts';
import { ok } from '../domain/errors';
import { type SignedInContext, action } from './action';
import { KINDS_BY_ROLE } from './alerting';
import { resolutionsOf } from './alert-resolutions';
import type { ConsentView, InboxAlert, InboxView } from '../contract/api';

const CHANNEL_NAMES: Record<string, string> = { subscribe: '微信订阅消息', wecom: '企业微信群' };

const inboxAlert = ({ userId: _u, deliveries, readAt, ...alert }: Alert, resolution: AlertResolution | undefined): InboxAlert => ({
  ...alert, ...(readAt !== undefined ? { readAt } : {}), read: readAt !== undefined,
  sentBy: [...new Set(deliveries.filter((d) => d.status === 'sent').map((d) => CHANNEL_NAMES[d.channel] ?? d.channel))],
  ...(resolution ? { resolved: { at: resolution.at, note: resolution.note } } : {}),
});

async function consentViews(ctx: SignedInContext): Promise<ConsentView[]> {
  const { store } = ctx.deps;
  const [settings, counts] = await Promise.all([store.getSettings(), store.listConsents(ctx.caller.id)]);
  const remaining = new Map(counts.map((c) => [c.templateId, c.remaining]));
  return settings.alerts.subscribeTemplates
    .filter((t) => KINDS_BY_ROLE[ctx.caller.role].includes(t.kind))
    .map((t) => ({ kind: t.kind, name: ALERT_KINDS[t.kind].name, templateId: t.templateId, remaining: remaining.get(t.templateId) ?? 0 }));
}

const MINIPROGRAM_STATES = { develop: 'developer', trial: 'trial', release: 'formal' } as const;

/** What wx.requestSubscribeMessage answers per template id. */
const consentResult = z.enum(['accept', 'reject', 'ban', 'filter']);

export const inbox = {
  inbox: action(['operator', 'supplier', 'leader'], z.object({ limit: z.number().int().min(1).max(200).default(50) }), async (ctx, input) => {
    const alerts = await ctx.deps.store.listAlerts(ctx.caller.id, input.limit);
    const [resolutions, consents] = await Promise.all([
      resolutionsOf(ctx.deps.store, alerts),
      ctx.deps.runtime === 'wechat' ? consentViews(ctx) : [],
    ]);
    const shown = alerts.map((a) => inboxAlert(a, resolutions.get(eventOfAlert(a))));
    const view: InboxView = {
      alerts: shown,
      // What still asks for attention: an item whose cause is gone is shown, not counted.
      unread: shown.filter((a) => !a.read && !a.resolved).length,
      consents,
    };
    return ok(view);
  }),

  markRead: action(['operator', 'supplier', 'leader'], z.object({ ids: z.array(z.string().min(1).max(300)).min(1).max(200) }), async (ctx, input) => {
    await ctx.deps.store.markAlertsRead(ctx.caller.id, input.ids, ctx.deps.clock.now());
    return ok({});
  }),

  /** The templates to ask consent for when this person taps (their role's alert kinds). */
  subscribeTemplates: action(['operator', 'supplier', 'leader'], z.object({}), async (ctx) => ok(await consentViews(ctx))),

  /**
   * Record what wx.requestSubscribeMessage answered: each `accept` is one more send
   * allowed; reject, ban and filter allow nothing (and change nothing).
   */
  recordConsents: action(['operator', 'supplier', 'leader'], z.object({
    results: z.record(z.string().min(1).max(64), consentResult),
    /** wx.getAccountInfoSync().miniProgram.envVersion of the version that asked. */
    version: z.enum(['develop', 'trial', 'release']).optional(),
  }), async (ctx, input) => {
    const state = input.version === undefined ? undefined : MINIPROGRAM_STATES[input.version];
    // Messages open the version the person consented from (a 体验版 tester gets 体验版).
    if (state !== undefined && state !== ctx.caller.miniprogramState) await ctx.deps.store.upsertUsers([{ ...ctx.caller, miniprogramState: state }]);
    const known = new Set((await consentViews(ctx)).map((c) => c.templateId));
    for (const [templateId, result] of Object.entries(input.results)) {
      if (result === 'accept' && known.has(templateId)) await ctx.deps.store.addConsents(ctx.caller.id, templateId, 1);
    }
    return ok(await consentViews(ctx));
  }),
};
