import type { ChannelsCall } from '../storefront/channels-api';
import type * as z from 'zod';
import { type Result, fail } from '../domain/errors';
import type { Role, User } from '../domain/model';
import type { Clock } from '../domain/time';
import type { Notifier } from '../notify/notifier';
import type { FileStore } from '../storage/files';
import type { StockStore } from '../storage/port';
import type { SessionPolicy } from '../domain/access';
import { sessionCaller } from './sessions';
import { parseInput } from './validation';

/** Who is calling, as the runtime knows it. */
export type Identity =
  | { kind: 'openid'; openid: string }
  | { kind: 'session'; token: string; device?: string }
  | { kind: 'anonymous'; device?: string };

export interface Deps {
  store: StockStore;
  files: FileStore;
  notifier: Notifier;
  clock: Clock;
  newId: (prefix: string) => string;
  runtime: 'wechat' | 'selfhosted';
  /** Self-hosted demo: the sign-in page may list the demo people. */
  demo: boolean;
  /** The one-time code that makes the first operator (HUOZHUN_BOOTSTRAP_CODE); see bootstrap.ts. */
  bootstrapCode?: string;
  /** How long self-hosted sessions live (domain/access.ts has the defaults). */
  sessionPolicy?: SessionPolicy;
  /** How calls to suppliers' systems go out (pulls, webhooks): the platform's fetch unless the simulator stands in for them. */
  http?: typeof fetch;
  /** The 微信小店 API (issue 18): the cloud's openapi on WeChat, HTTPS self-hosted when configured; absent, nothing is pushed. */
  channels?: ChannelsCall;
}

export interface ActionContext {
  deps: Deps;
  identity: Identity;
  /** The signed-in person; null only for actions open to anyone. */
  caller: User | null;
}

export interface SignedInContext extends ActionContext {
  caller: User;
}

export type Access = 'anyone' | Role[];

export interface ActionDef<I = unknown, O = unknown> {
  access: Access;
  input: z.ZodType<I>;
  run(ctx: ActionContext, input: I): Promise<Result<O>>;
}

/** Typed helper so each action's run() sees its parsed input and a signed-in caller. */
export function action<I, O>(access: Role[], input: z.ZodType<I>, run: (ctx: SignedInContext, input: I) => Promise<Result<O>>): ActionDef<I, O>;
export function action<I, O>(access: 'anyone', input: z.ZodType<I>, run: (ctx: ActionContext, input: I) => Promise<Result<O>>): ActionDef<I, O>;
export function action<I, O>(access: Access, input: z.ZodType<I>, run: (ctx: never, input: I) => Promise<Result<O>>): ActionDef<I, O> {
  return { access, input, run: run as ActionDef<I, O>['run'] };
}

/** Who is calling: a disabled person is still returned (runAction refuses them by name). */
export async function resolveCaller(deps: Pick<Deps, 'store' | 'clock' | 'sessionPolicy'>, identity: Identity): Promise<User | null> {
  if (identity.kind === 'openid') return deps.store.findUserByOpenid(identity.openid);
  if (identity.kind === 'session') return sessionCaller(deps, identity.token);
  return null;
}

const ROLE_NAMES: Record<Role, string> = { operator: '运营', supplier: '供应商', leader: '团长' };

/** Validate, identify, check the role, then run: the same for every runtime. */
export async function runAction(def: ActionDef, deps: Deps, identity: Identity, payload: unknown): Promise<Result<unknown>> {
  const found = await resolveCaller(deps, identity);
  // A disabled person is nobody to the open actions, and refused by name elsewhere.
  const caller = found?.disabled ? null : found;
  if (def.access !== 'anyone') {
    if (found?.disabled) return fail('ACCOUNT_DISABLED', '你的账号已停用，如有疑问请联系运营');
    if (!caller) return fail('UNAUTHENTICATED', '请先登录');
    if (!def.access.includes(caller.role)) {
      return fail('FORBIDDEN', `此操作仅限${def.access.map((r) => ROLE_NAMES[r]).join('或')}`);
    }
  }
  const input = parseInput(def.input, payload ?? {});
  if (!input.ok) return input;
  return def.run({ deps, identity, caller }, input.data);
}

/** The body every caller sends: `{ action, payload }`. */
export interface CallEvent {
  action?: unknown;
  payload?: unknown;
}

export type ActionMap = Record<string, ActionDef<any, any>>;

/**
 * What a function answers: the action's Result, and the server's time when it answered.
 * Phones set their clock by it, so "3分钟前" and countdowns are right on a phone whose
 * clock is off (and in a demo whose clock is driven).
 */
export type Reply = Result<unknown> & { now: number };

/** One deployed function's call: find the action, run it, and turn any surprise into a coded error. */
export async function callFunction(fn: string, actions: ActionMap | undefined, event: CallEvent, identity: Identity, deps: Deps): Promise<Reply> {
  const result = await answer(fn, actions, event, identity, deps);
  return { ...result, now: deps.clock.now() };
}

async function answer(fn: string, actions: ActionMap | undefined, event: CallEvent, identity: Identity, deps: Deps): Promise<Result<unknown>> {
  const def = actions && typeof event.action === 'string' && Object.hasOwn(actions, event.action) ? actions[event.action] : undefined;
  if (!def) return fail('UNKNOWN_ACTION', `未知操作：${fn}.${String(event.action)}`);
  try {
    return await runAction(def as ActionDef, deps, identity, event.payload);
  } catch (err) {
    // Unexpected failures still answer with a code; the detail goes to the log, not the phone.
    console.error(`[${fn}.${String(event.action)}]`, err);
    return fail('INTERNAL', '系统出错了，请稍后重试');
  }
}
