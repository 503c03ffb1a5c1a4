import * as z from 'zod';
import { fail, ok } from '../domain/errors';
import type { Supplier, User } from '../domain/model';
import { type ActionContext, action } from './action';
import type { DemoIdentity, SignInResult, WhoAmI } from '../contract/api';
import { inviteState, normalizeInviteCode } from '../domain/access';
import { bootstrapOperator, isBootstrapCode } from './bootstrap';
import { deviceName, sessionViews } from './people-access';
import { logPeople } from './people-log';
import { hashToken, openSession } from './sessions';
import { inbox } from './inbox';
import { userView } from './views';

async function viewOf(ctx: ActionContext, user: User) {
  return userView(user, user.supplierId ? await ctx.deps.store.getSupplier(user.supplierId) : null);
}

const LEVEL_NAMES: Record<Supplier['level'], string> = { api: '接口对接', portal: '小程序报数', rules: '群消息代报' };

function describe(user: User, suppliers: ReadonlyMap<string, Supplier>): string {
  if (user.role === 'operator') return '运营 · 管理供应商、商品与缓冲规则';
  if (user.role === 'leader') return `团长 · ${user.community ?? ''}`;
  const supplier = suppliers.get(user.supplierId ?? '');
  return supplier ? `供应商 · ${supplier.name}（${LEVEL_NAMES[supplier.level]}）` : '供应商';
}

export const account = {
  ...inbox,

  whoami: action('anyone', z.object({}), async (ctx) => {
    const result: WhoAmI = {
      user: ctx.caller ? await viewOf(ctx, ctx.caller) : null,
      runtime: ctx.deps.runtime,
      demo: ctx.deps.demo,
    };
    return ok(result);
  }),

  /**
   * An invite code signs a person in, once: it binds the OPENID in WeChat (the same
   * WeChat may enter it again) and opens a session self-hosted. Codes are
   * case-insensitive, expire, and open nothing for a disabled person.
   */
  signIn: action('anyone', z.object({ inviteCode: z.string().trim().min(4).max(32) }), async (ctx, input) => {
    const { store, runtime, clock } = ctx.deps;
    let user = await store.findUserByInviteCode(normalizeInviteCode(input.inviteCode));
    if (!user && isBootstrapCode(ctx.deps, input.inviteCode)) {
      const first = await bootstrapOperator(ctx.deps);
      if (!first.ok) return first;
      user = first.data;
    }
    if (!user) return fail('NOT_FOUND', '邀请码无效，请向运营确认', { issues: [{ path: 'inviteCode', message: '邀请码无效' }] });
    if (user.disabled) return fail('ACCOUNT_DISABLED', '这个账号已停用，如有疑问请联系运营');
    const sameWechat = runtime === 'wechat' && ctx.identity.kind === 'openid' && user.openid === ctx.identity.openid;
    const state = inviteState(user, clock.now());
    if (state !== 'open' && !sameWechat) {
      return fail(state === 'used' ? 'INVITE_USED' : 'INVITE_EXPIRED', state === 'used' ? '这个邀请码已经用过了：请向运营重新获取' : '这个邀请码已过期：请向运营重新获取',
        { issues: [{ path: 'inviteCode', message: state === 'used' ? '邀请码已使用' : '邀请码已过期' }] });
    }
    const result: SignInResult = { user: await viewOf(ctx, user) };
    if (runtime === 'wechat') {
      if (ctx.identity.kind !== 'openid') return fail('UNAUTHENTICATED', '无法识别微信身份');
      // An invite binds one phone: a leaked code must not move someone's identity to another WeChat.
      if (user.openid && user.openid !== ctx.identity.openid) return fail('CONFLICT', '此身份已绑定另一个微信号，如需更换请联系运营');
      if (!(await store.bindOpenid(user.id, ctx.identity.openid))) return fail('CONFLICT', '此微信号已绑定其他身份');
    } else {
      result.token = await openSession(ctx.deps, user.id, ctx.identity.kind === 'session' || ctx.identity.kind === 'anonymous' ? ctx.identity.device : undefined);
    }
    if (!sameWechat) {
      if (!user.demo) await store.upsertUsers([{ ...(await store.getUser(user.id))!, inviteUsedAt: clock.now() }]);
      await logPeople(ctx.deps, user.id, user.id, 'signedIn', runtime === 'wechat' ? '微信' : deviceName(ctx.identity));
    }
    return ok(result);
  }),

  signOut: action('anyone', z.object({}), async (ctx) => {
    if (ctx.identity.kind === 'session') await ctx.deps.store.deleteSession(hashToken(ctx.identity.token));
    return ok({});
  }),

  /** 退出所有设备: every session of this person ends, this one included. */
  signOutEverywhere: action(['operator', 'supplier', 'leader'], z.object({}), async (ctx) => {
    const ended = await ctx.deps.store.deleteSessions(ctx.caller.id);
    await logPeople(ctx.deps, ctx.caller.id, ctx.caller.id, 'sessionsEnded', `${ended} 台设备`);
    return ok({ ended });
  }),

  /** Where this person is signed in (self-hosted). */
  mySessions: action(['operator', 'supplier', 'leader'], z.object({}), async (ctx) => ok(await sessionViews(ctx, ctx.caller.id))),

  /** The demo sign-in page's list; empty unless the server runs with demo data. */
  demoIdentities: action('anyone', z.object({}), async (ctx) => {
    if (!ctx.deps.demo) return ok<DemoIdentity[]>([]);
    const [all, suppliers] = await Promise.all([ctx.deps.store.listUsers(), ctx.deps.store.listSuppliers()]);
    // Only the demo world's people: never the code of someone an operator invited.
    const users = all.filter((u) => u.demo === true && !u.disabled);
    const bySupplier = new Map(suppliers.map((s) => [s.id, s]));
    const order: User['role'][] = ['supplier', 'leader', 'operator'];
    users.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || a.id.localeCompare(b.id));
    return ok(users.map((u): DemoIdentity => ({ inviteCode: u.inviteCode, name: u.name, role: u.role, description: describe(u, bySupplier) })));
  }),
};
