import * as z from 'zod';
import { fail, ok } from '../domain/errors';
import type { Supplier, User } from '../domain/model';
import { type ActionContext, action } from './action';
import type { DemoIdentity, SignInResult, WhoAmI } from './api-types';
import { bootstrapOperator, isBootstrapCode } from './bootstrap';
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

  /** An invite code signs a person in: binds the OPENID in WeChat, opens a session self-hosted. */
  signIn: action('anyone', z.object({ inviteCode: z.string().trim().min(4).max(32) }), async (ctx, input) => {
    const { store, runtime, clock, newId } = ctx.deps;
    let user = await store.findUserByInviteCode(input.inviteCode);
    if (!user && isBootstrapCode(ctx.deps, input.inviteCode)) {
      const first = await bootstrapOperator(ctx.deps);
      if (!first.ok) return first;
      user = first.data;
    }
    if (!user) return fail('NOT_FOUND', '邀请码无效，请向运营确认', { issues: [{ path: 'inviteCode', message: '邀请码无效' }] });
    const result: SignInResult = { user: await viewOf(ctx, user) };
    if (runtime === 'wechat') {
      if (ctx.identity.kind !== 'openid') return fail('UNAUTHENTICATED', '无法识别微信身份');
      // An invite binds one phone: a leaked code must not move someone's identity to another WeChat.
      if (user.openid && user.openid !== ctx.identity.openid) return fail('CONFLICT', '此身份已绑定另一个微信号，如需更换请联系运营');
      if (!(await store.bindOpenid(user.id, ctx.identity.openid))) return fail('CONFLICT', '此微信号已绑定其他身份');
    } else {
      result.token = newId('ses');
      await store.createSession({ token: result.token, userId: user.id, createdAt: clock.now() });
    }
    return ok(result);
  }),

  signOut: action('anyone', z.object({}), async (ctx) => {
    if (ctx.identity.kind === 'session') await ctx.deps.store.deleteSession(ctx.identity.token);
    return ok({});
  }),

  /** The demo sign-in page's list; empty unless the server runs with demo data. */
  demoIdentities: action('anyone', z.object({}), async (ctx) => {
    if (!ctx.deps.demo) return ok<DemoIdentity[]>([]);
    const [users, suppliers] = await Promise.all([ctx.deps.store.listUsers(), ctx.deps.store.listSuppliers()]);
    const bySupplier = new Map(suppliers.map((s) => [s.id, s]));
    const order: User['role'][] = ['supplier', 'leader', 'operator'];
    users.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || a.id.localeCompare(b.id));
    return ok(users.map((u): DemoIdentity => ({ inviteCode: u.inviteCode, name: u.name, role: u.role, description: describe(u, bySupplier) })));
  }),
};
