// The deployed cloud functions: one callable function per role area, each a folder
// under cloudfunctions/dist/ that WeChat DevTools uploads (project.config.json
// cloudfunctionRoot). Timers arrive later as one scheduler function.
import type { FunctionName } from './src/handlers/registry';
import { SCHEDULER_TRIGGER } from './src/jobs/schedule';

export interface DeployedFunction {
  /** A callable function of the registry, or the timer-driven scheduler. */
  name: FunctionName | 'scheduler';
  description: string;
  /**
   * How long the cloud lets one call run (WeChat's default is 3 s, its ceiling 60 s).
   * The function stops its own work a little before, leaving a resumable state.
   */
  timeoutSeconds: number;
  /** config.json as WeChat reads it: openapi permissions, timer triggers. */
  config: { permissions: { openapi: string[] }; triggers?: Array<{ name: string; type: 'timer'; config: string }> };
}

/** Every function whose actions can raise an alert sends subscription messages (DESIGN §6). */
const SENDS_ALERTS = ['subscribeMessage.send'];

export const DEPLOYED_FUNCTIONS: DeployedFunction[] = [
  { name: 'account', description: '登录、绑定邀请码、我是谁、消息', timeoutSeconds: 10, config: { permissions: { openapi: [] } } },
  { name: 'supplier', description: '供应商：报数、波次确认与发货', timeoutSeconds: 20, config: { permissions: { openapi: SENDS_ALERTS } } },
  { name: 'leader', description: '团长：可售库存、下单、接龙、缺货处理', timeoutSeconds: 20, config: { permissions: { openapi: SENDS_ALERTS } } },
  { name: 'operator', description: '运营：供应商、商品、缓冲规则、代报与导入、待确认报数、波次与售后', timeoutSeconds: 60, config: { permissions: { openapi: SENDS_ALERTS } } },
  {
    name: 'scheduler',
    description: '定时任务：库存刷新、截单成波次、确认逾期、报数与截单提醒',
    timeoutSeconds: 60,
    config: { permissions: { openapi: SENDS_ALERTS }, triggers: [{ name: 'tick', type: 'timer', config: SCHEDULER_TRIGGER }] },
  },
];

/** The SDK the cloud installs for each function (it is left out of the bundle). */
export const WX_SERVER_SDK_VERSION = '4.0.2';
