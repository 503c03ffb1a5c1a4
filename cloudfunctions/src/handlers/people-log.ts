// The people log (DESIGN §7): every invitation, re-issued code, sign-in, disabling and
// ending of sessions, appended, never changed, shown on the person's page.
import type { PeopleChange, PeopleLogEntry } from '../domain/model';
import type { Deps } from './action';

export const CHANGE_NAMES: Record<PeopleChange, string> = {
  invited: '邀请', edited: '修改资料', reissued: '重新生成邀请码', signedIn: '登录', disabled: '停用', enabled: '启用', sessionsEnded: '退出所有设备',
};

export async function logPeople(deps: Deps, userId: string, by: string, change: PeopleChange, detail?: string): Promise<void> {
  const entry: PeopleLogEntry = { id: deps.newId('plog'), userId, at: deps.clock.now(), by, change, ...(detail ? { detail } : {}) };
  await deps.store.addPeopleLog([entry]);
}
