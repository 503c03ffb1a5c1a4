// The scheduler's entry on WeChat's cloud (its timer trigger), apart from the role
// functions so they do not bundle the jobs.
import * as cloud from 'wx-server-sdk';
import { fail } from '../domain/errors';
import { isTimerTrigger, runDueJobs } from '../jobs/schedule';
import { callDeadline, withDeadline } from './budget';
import { wechatDeps } from './wechat';

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
