// The partner API's entry on WeChat's cloud (CloudBase HTTP access service).
import { fail } from '../domain/errors';
import { integratedResponse, openRequestOf } from '../open/http-event';
import { handleOpen } from '../open/partner-api';
import { callDeadline, withDeadline } from './budget';
import { wechatDeps } from './wechat';

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
