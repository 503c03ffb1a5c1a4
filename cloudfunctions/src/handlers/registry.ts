import { account } from './account';
import { type ActionDef, type ActionMap, type CallEvent, type Deps, type Identity, type Reply, callFunction } from './action';
import { leader } from './leader';
import { operator } from './operator';
import { supplier } from './supplier';
import type { FunctionName } from '../contract/api';

/**
 * The deployed functions and their actions: one callable function per role area
 * (DESIGN §2), each dispatching on `action`. The self-hosted server serves the same map.
 */
export const FUNCTIONS = { account, supplier, leader, operator } satisfies Record<FunctionName, Record<string, ActionDef<any, any>>>;

export type { FunctionName };
export type { CallEvent };

/** The self-hosted server's entry: the same actions the WeChat functions serve. */
export async function dispatch(fn: string, event: CallEvent, identity: Identity, deps: Deps): Promise<Reply> {
  // Own properties only: `constructor` or `__proto__` name no function.
  return callFunction(fn, Object.hasOwn(FUNCTIONS, fn) ? (FUNCTIONS as Record<string, ActionMap>)[fn] : undefined, event, identity, deps);
}
