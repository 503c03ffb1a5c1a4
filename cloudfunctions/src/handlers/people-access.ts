// How people get in, and out (DESIGN §7): an operator re-issues a person's code,
// disables and re-enables them (their sessions end at once), sees where they are signed
// in, and reads the person's log.
import * as z from 'zod';
import { inviteExpiresAt, inviteState } from '../domain/access';
import { fail, ok } from '../domain/errors';
import type { User } from '../domain/model';
import { type ActionContext, type Identity, type SignedInContext, action } from './action';
import type { PersonDetail, PersonView, SessionView } from '../contract/api';
import { codeSchema } from './catalogue-schemas';
import { peopleNames } from './lookups';
import { newInviteCode } from './invite-code';
import { CHANGE_NAMES, logPeople } from './people-log';
import { hashToken } from './sessions';

export function personView(u: User, now: number): PersonView {
  return {
    id: u.id, name: u.name, role: u.role, inviteCode: u.inviteCode, bound: !!u.openid, disabled: u.disabled === true,
    invite: { state: inviteState(u, now), expiresAt: inviteExpiresAt(u), usedAt: u.inviteUsedAt ?? null },
    ...(u.supplierId ? { supplierId: u.supplierId } : {}), ...(u.community ? { community: u.community } : {}),
    ...(u.wecomWebhook ? { wecomWebhook: u.wecomWebhook } : {}),
    ...(u.pickupPoint ? { pickupPoint: u.pickupPoint } : {}), ...(u.phone ? { phone: u.phone } : {}), ...(u.address ? { address: u.address } : {}),
  };
}

/** What the browser said it was, for telling sessions apart. */
export const deviceName = (identity: Identity): string =>
  (identity.kind !== 'openid' && identity.device ? identity.device : '未知设备').slice(0, 120);

export async function sessionViews(ctx: ActionContext, userId: string): Promise<SessionView[]> {
  const mine = ctx.identity.kind === 'session' ? hashToken(ctx.identity.token) : undefined;
  const views = (await ctx.deps.store.listSessions(userId)).map((s) => ({
    id: s.tokenHash.slice(0, 8), device: s.device ?? '未知设备', createdAt: s.createdAt, lastUsedAt: s.lastUsedAt, current: s.tokenHash === mine,
  }));
  // This device first ("本机"), then the rest as the store ordered them (last used first).
  return [...views.filter((v) => v.current), ...views.filter((v) => !v.current)];
}

const personInput = z.object({ userId: codeSchema });

async function existing(ctx: SignedInContext, userId: string): Promise<User | null> {
  return ctx.deps.store.getUser(userId);
}

export const peopleAccess = {
  /** A person's page: the invite's state, where they are signed in, their log (newest first). */
  personDetail: action(['operator'], personInput, async (ctx, input) => {
    const user = await existing(ctx, input.userId);
    if (!user) return fail('NOT_FOUND', `找不到人员 ${input.userId}`);
    const [sessions, entries, names] = await Promise.all([sessionViews(ctx, user.id), ctx.deps.store.listPeopleLog(user.id, 100), peopleNames(ctx.deps.store)]);
    const detail: PersonDetail = {
      person: personView(user, ctx.deps.clock.now()),
      sessions,
      log: entries.map((e) => ({ at: e.at, by: names(e.by), change: CHANGE_NAMES[e.change], ...(e.detail ? { detail: e.detail } : {}) })),
    };
    return ok(detail);
  }),

  /** A new code (the old one opens nothing from now), valid for another week. */
  reissueInvite: action(['operator'], personInput, async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const user = await existing(ctx, input.userId);
    if (!user) return fail('NOT_FOUND', `找不到人员 ${input.userId}`);
    const { inviteUsedAt: _used, ...rest } = user;
    const next: User = { ...rest, inviteCode: newInviteCode(), inviteIssuedAt: clock.now() };
    await store.upsertUsers([next]);
    await logPeople(ctx.deps, user.id, ctx.caller.id, 'reissued');
    return ok(personView(next, clock.now()));
  }),

  /** Disable (every session ends at once, the code opens nothing) or enable again. */
  setPersonEnabled: action(['operator'], personInput.extend({ enabled: z.boolean() }), async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const user = await existing(ctx, input.userId);
    if (!user) return fail('NOT_FOUND', `找不到人员 ${input.userId}`);
    if (!input.enabled && user.id === ctx.caller.id) return fail('FORBIDDEN', '不能停用自己的账号');
    const { disabled: _was, ...rest } = user;
    const next: User = input.enabled ? rest : { ...rest, disabled: true };
    await store.upsertUsers([next]);
    if (!input.enabled) await store.deleteSessions(user.id);
    await logPeople(ctx.deps, user.id, ctx.caller.id, input.enabled ? 'enabled' : 'disabled');
    return ok(personView(next, clock.now()));
  }),

  /** End every session of a person (a lost phone), without disabling them. */
  endSessions: action(['operator'], personInput, async (ctx, input) => {
    const user = await existing(ctx, input.userId);
    if (!user) return fail('NOT_FOUND', `找不到人员 ${input.userId}`);
    const ended = await ctx.deps.store.deleteSessions(user.id);
    await logPeople(ctx.deps, user.id, ctx.caller.id, 'sessionsEnded', `${ended} 台设备`);
    return ok({ ended });
  }),
};
