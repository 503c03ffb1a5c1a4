// The deployed cloud functions: one callable function per role area, each a folder
// under cloudfunctions/dist/ that WeChat DevTools uploads (project.config.json
// cloudfunctionRoot). Timers arrive later as one scheduler function.
import type { FunctionName } from './src/handlers/registry';

export interface DeployedFunction {
  name: FunctionName;
  description: string;
  /** config.json as WeChat reads it: openapi permissions, timer triggers. */
  config: { permissions: { openapi: string[] }; triggers?: Array<{ name: string; type: 'timer'; config: string }> };
}

export const DEPLOYED_FUNCTIONS: DeployedFunction[] = [
  { name: 'account', description: '登录、绑定邀请码、我是谁', config: { permissions: { openapi: [] } } },
  { name: 'supplier', description: '供应商：我的商品、库存报送', config: { permissions: { openapi: [] } } },
  { name: 'leader', description: '团长：可售库存、下单', config: { permissions: { openapi: [] } } },
  { name: 'operator', description: '运营：供应商、商品、缓冲规则、代报与导入、待确认报数', config: { permissions: { openapi: [] } } },
];

/** The SDK the cloud installs for each function (it is left out of the bundle). */
export const WX_SERVER_SDK_VERSION = '4.0.2';
