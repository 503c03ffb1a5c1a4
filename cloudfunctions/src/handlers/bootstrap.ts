// The first operator, on a fresh installation: nobody can invite anyone until someone
// is an operator, and nobody should have to edit the database by hand for that. The
// deploying person sets a one-time code (HUOZHUN_BOOTSTRAP_CODE: the account function's
// environment on WeChat, the server's self-hosted); the first person who enters it where
// an invite code goes becomes the operator, and from then on the code opens nothing.
import { type Result, fail, ok } from '../domain/errors';
import type { User } from '../domain/model';
import type { Deps } from './action';
import { newInviteCode } from './invite-code';
import { isActiveOperator, normalizeInviteCode } from '../domain/access';

/** Shorter codes are refused as a bootstrap: anyone could guess them. */
export const BOOTSTRAP_MIN_LENGTH = 12;
const CLAIM_FLAG = 'bootstrap:first-operator';

/** Whether `entered` is this installation's bootstrap code (case and spaces as an invite code's). */
export function isBootstrapCode(deps: Pick<Deps, 'bootstrapCode'>, entered: string): boolean {
  const code = deps.bootstrapCode?.trim();
  return !!code && code.length >= BOOTSTRAP_MIN_LENGTH && normalizeInviteCode(code) === normalizeInviteCode(entered);
}

/** Make the first operator, once: the first caller to claim it wins, everyone after is refused. */
export async function bootstrapOperator(deps: Deps): Promise<Result<User>> {
  const { store, newId } = deps;
  const spent = () => fail('NOT_FOUND', '引导码已经用过了：请用运营发给你的邀请码登录', { issues: [{ path: 'inviteCode', message: '引导码已失效' }] });
  if ((await store.listUsers()).some(isActiveOperator)) return spent();
  if (!(await store.setFlag(CLAIM_FLAG, null, { on: true, cycle: 1 }))) return spent();
  const user: User = { id: newId('usr'), name: '运营', role: 'operator', inviteCode: newInviteCode(), inviteIssuedAt: deps.clock.now() };
  await store.upsertUsers([user]);
  return ok(user);
}
