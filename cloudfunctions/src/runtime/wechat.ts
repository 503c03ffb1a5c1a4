// The WeChat cloud runtime: each deployed function is `exports.main = wechatMain('<name>')`.
import * as cloud from 'wx-server-sdk';
import { type ActionMap, type CallEvent, type Deps, type Identity, type Reply, callFunction } from '../handlers/action';
import { fail } from '../domain/errors';
import { isTimerTrigger, runDueJobs } from '../jobs/schedule';
import { integratedResponse, openRequestOf } from '../open/http-event';
import { handleOpen } from '../open/partner-api';
import { CloudStore } from '../storage/cloud/cloud-store';
import { CloudFiles } from '../storage/files';
import { postWecomText, wechatSubscribe } from '../notify/notifier';
import { callDeadline, withDeadline } from './budget';
import { systemClock } from './clock';
import { newId } from './ids';

let deps: Deps | undefined;

/** Initialised once per warm instance: the SDK and the store outlive single calls. */
function wechatDeps(): Deps {
  if (!deps) {
    // The typings want a string; the SDK accepts its DYNAMIC_CURRENT_ENV symbol (TOOLCHAIN.md).
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    deps = {
      store: new CloudStore(cloud.database()),
      files: new CloudFiles(cloud as never),
      notifier: { subscribe: wechatSubscribe(cloud.openapi as never), wecom: postWecomText },
      clock: systemClock,
      newId,
      runtime: 'wechat',
      demo: false,
      ...(process.env.HUOZHUN_BOOTSTRAP_CODE ? { bootstrapCode: process.env.HUOZHUN_BOOTSTRAP_CODE } : {}),
    };
  }
  return deps;
}


/**
 * The timer-triggered scheduler: runs the jobs in order, each catching up since its last
 * run, within the function's time. Only the timer trigger may start it: a mini-program
 * user can call any function by name, so every other event is refused.
 */
export function wechatScheduler(timeoutMs: number): (event: unknown) => Promise<Record<string, unknown>> {
  return async (event) => {
    const deps = wechatDeps();
    if (!isTimerTrigger(event, cloud.getWXContext().OPENID)) {
      return { ...fail('FORBIDDEN', '定时任务只能由定时触发器启动'), now: deps.clock.now() };
    }
    return withDeadline(callDeadline(timeoutMs), () => runDueJobs(deps));
  };
}

/** A callable function: only its own actions are bundled into it (build.ts names them). */
export function wechatMain(fn: string, actions: ActionMap, timeoutMs: number): (event: CallEvent) => Promise<Reply> {
  return async (event) => {
    const { OPENID } = cloud.getWXContext();
    const identity: Identity = OPENID ? { kind: 'openid', openid: OPENID } : { kind: 'anonymous' };
    return withDeadline(callDeadline(timeoutMs), () => callFunction(fn, actions, event, identity, wechatDeps()));
  };
}

/**
 * The partner API behind CloudBase's HTTP access service. Only an HTTP event gets in; its
 * signature then decides (a mini-program user may call any function by name).
 */
export function wechatOpen(timeoutMs: number): (event: unknown) => Promise<unknown> {
  return async (event) => {
    const deps = wechatDeps();
    const request = openRequestOf(event);
    if (!request) return { ...fail('FORBIDDEN', '供应商接口只接受 HTTP 请求'), now: deps.clock.now() };
    return integratedResponse(await withDeadline(callDeadline(timeoutMs), () => handleOpen(deps, request)));
  };
}
