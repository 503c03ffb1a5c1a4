// The operator's people (DESIGN §7): suppliers' staff and leaders join by invite code;
// a leader group may have a 企业微信 robot for alerts.
import * as z from 'zod';
import { ALERT_KINDS, type AlertKind } from '../domain/alerts';
import { fail, ok } from '../domain/errors';
import type { User } from '../domain/model';
import { PULL_FAILURES_ALERT } from '../domain/pull';
import { sharePercent } from '../domain/recount';
import { action } from './action';
import type { AlertKindView } from '../contract/api';
import { codeSchema, wecomWebhook } from './catalogue-schemas';
import { newInviteCode } from './invite-code';
import { peopleAccess, personView } from './people-access';
import { logPeople } from './people-log';

const ROLE_NAMES: Record<User['role'], string> = { operator: '运营', supplier: '供应商人员', leader: '团长' };

/** The fields of a person that only sign-in, re-issuing and disabling change. */
const keptAccess = (u: User): Partial<User> => Object.fromEntries(
  (['openid', 'inviteIssuedAt', 'inviteUsedAt', 'disabled', 'demo', 'miniprogramState'] as const).filter((k) => u[k] !== undefined).map((k) => [k, u[k]]),
);

/** Digits as people write a phone number: 13800138000, 0571-8888 6666, +86 138… */
const phoneSchema = z.string().trim().regex(/^\+?[0-9][0-9 -]{5,18}[0-9]$/);

const leaderPickup = (p: { pickupPoint?: string; phone?: string; address?: string }): Partial<User> =>
  Object.fromEntries((['pickupPoint', 'phone', 'address'] as const).filter((k) => p[k]).map((k) => [k, p[k]]));

const personInput = z.object({
  id: codeSchema.optional(),
  name: z.string().trim().min(1).max(20),
  role: z.enum(['operator', 'supplier', 'leader']),
  supplierId: codeSchema.optional(),
  community: z.string().trim().min(1).max(30).optional(),
  pickupPoint: z.string().trim().min(1).max(40).optional(),
  phone: phoneSchema.optional(),
  address: z.string().trim().min(1).max(120).optional(),
  wecomWebhook: wecomWebhook.optional(),
}).strict();

export const people = {
  listPeople: action(['operator'], z.object({}), async (ctx) => ok((await ctx.deps.store.listUsers()).map((u) => personView(u, ctx.deps.clock.now())))),

  /** Invite someone (a new invite code), or edit them; a supplier's staff belong to a supplier, a leader to a community. */
  savePerson: action(['operator'], z.object({ person: personInput }), async (ctx, input) => {
    const { store, newId, clock } = ctx.deps;
    const p = input.person;
    if (p.role === 'supplier' && !(p.supplierId && (await store.getSupplier(p.supplierId)))) {
      return fail('VALIDATION', '供应商人员需要选择所属供应商', { issues: [{ path: 'person.supplierId', message: '请选择供应商' }] });
    }
    if (p.role === 'leader' && !p.community) return fail('VALIDATION', '团长需要填写小区', { issues: [{ path: 'person.community', message: '请填写小区' }] });
    const existing = p.id ? await store.getUser(p.id) : null;
    if (p.id && !existing) return fail('NOT_FOUND', `找不到人员 ${p.id}`);
    const user: User = {
      id: existing?.id ?? newId('usr'), inviteCode: existing?.inviteCode ?? newInviteCode(), name: p.name, role: p.role,
      // What only sign-in, re-issuing and disabling change stays as it was.
      ...(existing ? keptAccess(existing) : { inviteIssuedAt: clock.now() }),
      ...(p.role === 'supplier' ? { supplierId: p.supplierId! } : {}),
      ...(p.role === 'leader' ? { community: p.community! } : {}),
      ...(p.role === 'leader' ? leaderPickup(p) : {}),
      ...(p.role === 'leader' && p.wecomWebhook ? { wecomWebhook: p.wecomWebhook } : {}),
    };
    await store.upsertUsers([user]);
    await logPeople(ctx.deps, user.id, ctx.caller.id, existing ? 'edited' : 'invited', existing ? undefined : `${ROLE_NAMES[user.role]}，邀请码 ${user.inviteCode}`);
    return ok(personView(user, clock.now()));
  }),

  ...peopleAccess,

  /** The alert kinds with who receives them and when, and whether each is on (the settings page). */
  alertKinds: action(['operator'], z.object({}), async (ctx) => {
    const { alerts, cutoffTime, confirmDeadline, storefronts } = await ctx.deps.store.getSettings();
    const timing: Partial<Record<AlertKind, string>> = {
      reportDue: `报数前 ${alerts.reportDueLeadMinutes} 分钟`,
      reportMissed: `报数时间后 ${alerts.reportLateMinutes} 分钟`,
      countOverAge: `${alerts.overAgeRemindFrom}–${alerts.overAgeRemindTo} 每 ${alerts.overAgeRemindEveryMinutes} 分钟至多一次`,
      recountDue: `售出超过报数的 ${sharePercent(alerts.recountSalesShare)}%，${alerts.overAgeRemindFrom}–${alerts.overAgeRemindTo}`,
      cutoffSoon: `每天 ${alerts.cutoffReminderTime}`,
      waveToConfirm: `截单 ${cutoffTime}`,
      waveOverdue: `确认截止 ${confirmDeadline}`,
      pullFailing: `连续失败 ${PULL_FAILURES_ALERT} 次`,
      listingRetype: `变动超过 ${storefronts.retypeAboveUnits} 件`,
    };
    return ok(Object.entries(ALERT_KINDS).map(([kind, info]): AlertKindView => ({
      kind: kind as AlertKind, ...info, enabled: !alerts.disabled.includes(kind as AlertKind), ...(timing[kind as AlertKind] ? { timing: timing[kind as AlertKind] } : {}),
    })));
  }),
};
