import { type Result, fail } from '../domain/errors';
import { account } from './account';
import { type ActionDef, type Deps, type Identity, runAction } from './action';
import { leader } from './leader';
import { operator } from './operator';
import { supplier } from './supplier';

/**
 * The deployed functions and their actions: one callable function per role area
 * (DESIGN §2), each dispatching on `action`. The self-hosted server serves the same map.
 */
export const FUNCTIONS = { account, supplier, leader, operator } satisfies Record<string, Record<string, ActionDef<any, any>>>;

export type FunctionName = keyof typeof FUNCTIONS;

/** The body every caller sends: `{ action, payload }`. */
export interface CallEvent {
  action?: unknown;
  payload?: unknown;
}

export async function dispatch(fn: string, event: CallEvent, identity: Identity, deps: Deps): Promise<Result<unknown>> {
  const actions = (FUNCTIONS as Record<string, Record<string, ActionDef>>)[fn];
  const def = actions && typeof event.action === 'string' ? actions[event.action] : undefined;
  if (!def) return fail('UNKNOWN_ACTION', `未知操作：${fn}.${String(event.action)}`);
  try {
    return await runAction(def, deps, identity, event.payload);
  } catch (err) {
    // Unexpected failures still answer with a code; the detail goes to the log, not the phone.
    console.error(`[${fn}.${String(event.action)}]`, err);
    return fail('INTERNAL', '系统出错了，请稍后重试');
  }
}
