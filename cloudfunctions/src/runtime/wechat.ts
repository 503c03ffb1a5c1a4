// The WeChat cloud runtime: each deployed function is `exports.main = wechatMain('<name>')`.
import * as cloud from 'wx-server-sdk';
import { type ActionMap, type CallEvent, type Deps, type Identity, type Reply, callFunction } from '../handlers/action';
import { dueJobs, runJobs } from '../jobs/schedule';
import { CloudStore } from '../storage/cloud/cloud-store';
import { CloudFiles } from '../storage/files';
import { postWecomText, wechatSubscribe } from '../notify/notifier';
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
    };
  }
  return deps;
}

/** The timer-triggered scheduler: runs the jobs whose time came since the last tick. */
export function wechatScheduler(): () => Promise<Record<string, unknown>> {
  return async () => {
    const deps = wechatDeps();
    return runJobs(deps, dueJobs(deps.clock.now()));
  };
}

/** A callable function: only its own actions are bundled into it (build.ts names them). */
export function wechatMain(fn: string, actions: ActionMap): (event: CallEvent) => Promise<Reply> {
  return async (event) => {
    const { OPENID } = cloud.getWXContext();
    const identity: Identity = OPENID ? { kind: 'openid', openid: OPENID } : { kind: 'anonymous' };
    return callFunction(fn, actions, event, identity, wechatDeps());
  };
}
