// The operator's people (DESIGN §7): suppliers' staff and leaders join by invite code;
// a leader group may have a 企业微信 robot for alerts.
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { ALERT_KINDS, type AlertKind } from '../domain/alerts';
import { fail, ok } from '../domain/errors';
import type { User } from '../domain/model';
import { action } from './action';
import type { AlertKindView, PersonView } from './api-types';
import { codeSchema, wecomWebhook } from './catalogue-schemas';

const personView = (u: User): PersonView => ({
  id: u.id, name: u.name, role: u.role, inviteCode: u.inviteCode, bound: !!u.openid,
  ...(u.supplierId ? { supplierId: u.supplierId } : {}), ...(u.community ? { community: u.community } : {}),
  ...(u.wecomWebhook ? { wecomWebhook: u.wecomWebhook } : {}),
});

/** Short, unambiguous (no 0/O, 1/I), easy to read out over the phone. */
export const newInviteCode = (): string => Array.from(randomBytes(8), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b % 32]).join('');

const personInput = z.object({
  id: codeSchema.optional(),
  name: z.string().trim().min(1).max(20),
  role: z.enum(['operator', 'supplier', 'leader']),
  supplierId: codeSchema.optional(),
  community: z.string().trim().min(1).max(30).optional(),
  wecomWebhook: wecomWebhook.optional(),
}).strict();

export const people = {
  listPeople: action(['operator'], z.object({}), async (ctx) => ok((await ctx.deps.store.listUsers()).map(personView))),

  /** Invite someone (a new invite code), or edit them; a supplier's staff belong to a supplier, a leader to a community. */
  savePerson: action(['operator'], z.object({ person: personInput }), async (ctx, input) => {
    const { store, newId } = ctx.deps;
    const p = input.person;
    if (p.role === 'supplier' && !(p.supplierId && (await store.getSupplier(p.supplierId)))) {
      return fail('VALIDATION', '供应商人员需要选择所属供应商', { issues: [{ path: 'person.supplierId', message: '请选择供应商' }] });
    }
    if (p.role === 'leader' && !p.community) return fail('VALIDATION', '团长需要填写小区', { issues: [{ path: 'person.community', message: '请填写小区' }] });
    const existing = p.id ? await store.getUser(p.id) : null;
    if (p.id && !existing) return fail('NOT_FOUND', `找不到人员 ${p.id}`);
    const user: User = {
      id: existing?.id ?? newId('usr'), inviteCode: existing?.inviteCode ?? newInviteCode(), name: p.name, role: p.role,
      ...(existing?.openid ? { openid: existing.openid } : {}),
      ...(p.role === 'supplier' ? { supplierId: p.supplierId! } : {}),
      ...(p.role === 'leader' ? { community: p.community! } : {}),
      ...(p.role === 'leader' && p.wecomWebhook ? { wecomWebhook: p.wecomWebhook } : {}),
    };
    await store.upsertUsers([user]);
    return ok(personView(user));
  }),

  /** The alert kinds with who receives them and when, and whether each is on (the settings page). */
  alertKinds: action(['operator'], z.object({}), async (ctx) => {
    const { alerts, cutoffTime, confirmDeadline } = await ctx.deps.store.getSettings();
    const timing: Partial<Record<AlertKind, string>> = {
      reportDue: `报数前 ${alerts.reportDueLeadMinutes} 分钟`,
      reportMissed: `报数时间后 ${alerts.reportLateMinutes} 分钟`,
      countOverAge: `${alerts.overAgeRemindFrom}–${alerts.overAgeRemindTo} 每 ${alerts.overAgeRemindEveryMinutes} 分钟至多一次`,
      cutoffSoon: `每天 ${alerts.cutoffReminderTime}`,
      waveToConfirm: `截单 ${cutoffTime}`,
      waveOverdue: `确认截止 ${confirmDeadline}`,
    };
    return ok(Object.entries(ALERT_KINDS).map(([kind, info]): AlertKindView => ({
      kind: kind as AlertKind, ...info, enabled: !alerts.disabled.includes(kind as AlertKind), ...(timing[kind as AlertKind] ? { timing: timing[kind as AlertKind] } : {}),
    })));
  }),
};
