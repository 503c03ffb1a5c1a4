// Where each webhook delivery stands, for the supplier (its own) and the operator, and
// the operator's 重试 for one parked as failed.
import * as z from 'zod';
import { fail, ok } from '../domain/errors';
import { retried } from '../domain/webhook';
import { action } from './action';
import { codeSchema } from './catalogue-schemas';

const LISTED = 50;
const eventInput = z.object({ eventId: z.string().trim().min(1).max(120) });

export const supplierWebhooks = {
  webhookEvents: action(['supplier'], z.object({}), async (ctx) => ok(await ctx.deps.store.listWebhookEvents(ctx.caller.supplierId!, LISTED))),
};

export const operatorWebhooks = {
  webhookEvents: action(['operator'], z.object({ supplierId: codeSchema }), async (ctx, input) => ok(await ctx.deps.store.listWebhookEvents(input.supplierId, LISTED))),

  retryWebhook: action(['operator'], eventInput, async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const event = await store.getWebhookEvent(input.eventId);
    if (!event) return fail('NOT_FOUND', '没有这条推送记录');
    if (event.status !== 'failed') return fail('WRONG_STATE', event.status === 'delivered' ? '这条推送已送达' : '这条推送还在自动重试中');
    const next = retried(event, clock.now(), ctx.caller.id);
    if (!(await store.saveWebhookEvent(next, { attempts: event.attempts, status: event.status }))) return fail('CONFLICT', '这条推送刚刚有变化，请刷新后再试');
    return ok(next);
  }),
};
