// The WeChat cloud runtime: each deployed function is `exports.main = wechatMain('<name>')`;
// the scheduler and the partner API have entries of their own (wechat-scheduler.ts,
// wechat-open.ts), so a role's function does not carry the jobs' or the partner API's code.
import { type CloudOpenApi, cloudChannels } from '../storefront/channels-api';
import * as cloud from 'wx-server-sdk';
import { type ActionMap, type CallEvent, type Deps, type Identity, type Reply, callFunction } from '../handlers/action';
import { fail } from '../domain/errors';
import { CloudStore } from '../storage/cloud/cloud-store';
import { CloudFiles } from '../storage/files';
import { postWecomText, wechatSubscribe } from '../notify/notifier';
import { callDeadline, withDeadline } from './budget';
import { systemClock } from './clock';
import { newId } from './ids';

let deps: Deps | undefined;

/** Initialised once per warm instance: the SDK and the store outlive single calls. */
export function wechatDeps(): Deps {
  if (!deps) {
    // The typings want a string; the SDK accepts its DYNAMIC_CURRENT_ENV symbol (TOOLCHAIN.md).
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    deps = {
      store: new CloudStore(cloud.database()),
      files: new CloudFiles(cloud as never),
      notifier: { subscribe: wechatSubscribe(cloud.openapi as never), wecom: postWecomText },
      channels: cloudChannels(cloud.openapi as unknown as CloudOpenApi),
      clock: systemClock,
      newId,
      runtime: 'wechat',
      demo: false,
      ...(process.env.HUOZHUN_BOOTSTRAP_CODE ? { bootstrapCode: process.env.HUOZHUN_BOOTSTRAP_CODE } : {}),
    };
  }
  return deps;
}


/** A callable function: only its own actions are bundled into it (build.ts names them). */
export function wechatMain(fn: string, actions: ActionMap, timeoutMs: number): (event: CallEvent) => Promise<Reply> {
  return async (event) => {
    const { OPENID } = cloud.getWXContext();
    const identity: Identity = OPENID ? { kind: 'openid', openid: OPENID } : { kind: 'anonymous' };
    return withDeadline(callDeadline(timeoutMs), () => callFunction(fn, actions, event, identity, wechatDeps()));
  };
}
