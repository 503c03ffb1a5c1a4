// The deployed cloud functions: one callable function per role area, each a folder
// under cloudfunctions/dist/ that WeChat DevTools or the CloudBase CLI uploads
// (project.config.json cloudfunctionRoot; cloudbaserc.json, generated from this list by
// cloudfunctions/deploy-config.ts), and the timer-driven scheduler.
import type { FunctionName } from './src/handlers/registry';
import { SCHEDULER_TRIGGER } from './src/jobs/schedule';

export interface DeployedFunction {
  /** A callable function of the registry, or the timer-driven scheduler. */
  name: FunctionName | 'scheduler' | 'open';
  description: string;
  /**
   * How long the cloud lets one call run (WeChat's default is 3 s, its ceiling 60 s).
   * The function stops its own work a little before, leaving a resumable state.
   */
  timeoutSeconds: number;
  /** MB; 256 is CloudBase's default. */
  memorySize: 128 | 256 | 512 | 1024;
  /**
   * Environment variables the deploy sets from the deploying machine's own (never
   * committed): e.g. the one-time code that makes the first operator.
   */
  envFromDeploy?: string[];
  /** Served over HTTP by CloudBase's HTTP access service at this path (the partner API). */
  httpPath?: string;
  /** config.json as WeChat reads it: openapi permissions, timer triggers. */
  config: { permissions: { openapi: string[] }; triggers?: Array<{ name: string; type: 'timer'; config: string }> };
}

/** Every function whose actions can raise an alert sends subscription messages (DESIGN §6). */
const SENDS_ALERTS = ['subscribeMessage.send'];
/** The scheduler pushes 微信小店 stock (issue 18): 云调用 needs each API named. */
const PUSHES_STOCK = ['channels.ec.product.stock.update', 'channels.ec.product.stock.get'];

export const DEPLOYED_FUNCTIONS: DeployedFunction[] = [
  {
    name: 'account', description: '登录、绑定邀请码、我是谁、消息', timeoutSeconds: 10, memorySize: 256,
    envFromDeploy: ['HUOZHUN_BOOTSTRAP_CODE'], config: { permissions: { openapi: [] } },
  },
  { name: 'supplier', description: '供应商：报数、波次确认与发货', timeoutSeconds: 20, memorySize: 256, config: { permissions: { openapi: SENDS_ALERTS } } },
  { name: 'leader', description: '团长：可售库存、下单、接龙、缺货处理', timeoutSeconds: 20, memorySize: 256, config: { permissions: { openapi: SENDS_ALERTS } } },
  // Spreadsheets of 10,000 lines are read whole in memory.
  { name: 'operator', description: '运营：供应商、商品、缓冲规则、代报与导入、待确认报数、波次与售后', timeoutSeconds: 60, memorySize: 512, config: { permissions: { openapi: SENDS_ALERTS } } },
  // Reached over HTTP (CloudBase HTTP access service, trigger path /api/open/v1), never by callFunction.
  { name: 'open', description: '供应商系统接口：推送库存、读取订单、确认与发货（HTTP 访问，签名校验）', timeoutSeconds: 20, memorySize: 256, httpPath: '/api/open/v1', config: { permissions: { openapi: SENDS_ALERTS } } },
  {
    name: 'scheduler',
    description: '定时任务：库存刷新、截单成波次、确认逾期、报数与截单提醒',
    timeoutSeconds: 60,
    memorySize: 256,
    config: { permissions: { openapi: [...SENDS_ALERTS, ...PUSHES_STOCK] }, triggers: [{ name: 'tick', type: 'timer', config: SCHEDULER_TRIGGER }] },
  },
];

/** The SDK the cloud installs for each function (it is left out of the bundle). */
export const WX_SERVER_SDK_VERSION = '4.0.2';

/**
 * The runtime every function runs on: the bundles use Node 18's fetch and
 * AbortSignal.timeout. build.ts targets the same version.
 */
export const CLOUD_RUNTIME = 'Nodejs18.15';
export const BUNDLE_TARGET = 'node18';
