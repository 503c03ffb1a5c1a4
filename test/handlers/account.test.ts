import type { DemoIdentity, PersonDetail, PersonView, SessionView, SignInResult, WhoAmI } from '../../cloudfunctions/src/contract/api';
import { users } from '../fixtures/catalogue';
import { suppliers } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
afterEach(() => s.close());

describe('account over HTTP', () => {
  beforeEach(async () => {
    s = await startTestServer();
    await s.store.upsertSuppliers(suppliers);
    await s.store.upsertUsers(users);
  });

  it('signs a person in with an invite code and knows who they are by the session token', async () => {
    const res = await s.call<SignInResult>('account', 'signIn', { inviteCode: 'SUP-FRUIT' });
    expect(res.ok && res.data.user).toEqual({ id: 'u-sup-fruit', name: '果园老李', role: 'supplier', supplierId: 'sup-fruit', supplierName: '赣南果园直供' });
    const token = res.ok ? res.data.token : undefined;
    expect(token).toBeTruthy();
    const me = await s.call<WhoAmI>('account', 'whoami', {}, token);
    expect(me.ok && me.data).toMatchObject({ user: { id: 'u-sup-fruit' }, runtime: 'selfhosted' });
  });

  it('stamps every answer, refusals too, with the server\'s time (phones set their clock by it)', async () => {
    s.clock.set(Date.UTC(2026, 10, 26, 13, 37));
    const signedIn = await s.call('account', 'signIn', { inviteCode: 'SUP-FRUIT' });
    const refused = await s.call('account', 'signIn', { inviteCode: 'NOPE-NOPE' });
    const unknown = await s.call('account', 'noSuchAction', {});
    expect([signedIn, refused, unknown].map((r) => (r as { now?: number }).now)).toEqual(Array(3).fill(Date.UTC(2026, 10, 26, 13, 37)));
  });

  it('refuses an unknown invite code, naming the field', async () => {
    const res = await s.call('account', 'signIn', { inviteCode: 'NOPE-NOPE' });
    expect(res.ok || [res.error.code, res.error.issues?.[0]?.path]).toEqual(['NOT_FOUND', 'inviteCode']);
  });

  it('forgets the session on sign-out', async () => {
    const token = await s.signIn('LEAD-0001');
    await s.call('account', 'signOut', {}, token);
    const me = await s.call<WhoAmI>('account', 'whoami', {}, token);
    expect(me.ok && me.data.user).toBeNull();
  });

  it('lists no demo people unless the server runs the demo', async () => {
    const res = await s.call<DemoIdentity[]>('account', 'demoIdentities', {});
    expect(res.ok && res.data).toEqual([]);
  });

  it('answers an unknown action or function with a code, not a crash', async () => {
    const a = await s.call('leader', 'dropTables', {}, await s.signIn('LEAD-0001'));
    const b = await s.call('nothing', 'whoami', {});
    expect([a.ok || a.error.code, b.ok || b.error.code]).toEqual(['UNKNOWN_ACTION', 'UNKNOWN_ACTION']);
  });
});

describe('demo sign-in', () => {
  it('lists every demo person with a description, suppliers first', async () => {
    s = await startTestServer({ demo: true });
    await s.store.upsertSuppliers(suppliers);
    await s.store.upsertUsers(users.map((u) => ({ ...u, demo: true })));
    // Someone an operator invited on the demo server: never listed, their code never shown.
    await s.store.upsertUsers([{ id: 'u-real', name: '真实团长', role: 'leader', community: '真实小区', inviteCode: 'REAL-CODE-77' }]);
    const res = await s.call<DemoIdentity[]>('account', 'demoIdentities', {});
    expect(res.ok && res.data.map((d) => d.inviteCode)).not.toContain('REAL-CODE-77');
    expect(res.ok && res.data.map((d) => [d.role, d.description])).toEqual([
      ['supplier', '供应商 · 山里土鸡蛋合作社（群消息代报）'],
      ['supplier', '供应商 · 赣南果园直供（小程序报数）'],
      ['leader', '团长 · 阳光小区'],
      ['leader', '团长 · 翠苑一区'],
      ['operator', '运营 · 管理供应商、商品与缓冲规则'],
    ]);
  });
});

describe('invites, sessions and people over HTTP', () => {
  const DAY = 24 * 3_600_000;
  let op: string;
  beforeEach(async () => {
    s = await startTestServer();
    await s.store.upsertSuppliers(suppliers);
    await s.store.upsertUsers(users);
    op = await s.signIn('OP-0001');
  });
  const invite = async (name: string) => {
    const res = await s.call<PersonView>('operator', 'savePerson', { person: { name, role: 'leader', community: '阳光小区' } }, op);
    if (!res.ok) throw new Error(res.error.message);
    return res.data;
  };
  const signIn = (inviteCode: string) => s.call<SignInResult>('account', 'signIn', { inviteCode });
  const detail = async (userId: string) => {
    const res = await s.call<PersonDetail>('operator', 'personDetail', { userId }, op);
    if (!res.ok) throw new Error(res.error.message);
    return res.data;
  };

  it('a code opens the door once, in any case; a re-issued code opens it again and the old one nothing', async () => {
    const wang = await invite('王姐');
    expect(wang.invite).toEqual({ state: 'open', expiresAt: s.clock.now() + 7 * DAY, usedAt: null });
    const first = await signIn(` ${wang.inviteCode.toLowerCase()} `);
    expect(first.ok && first.data.user.name).toBe('王姐');
    expect(await signIn(wang.inviteCode)).toMatchObject({ ok: false, error: { code: 'INVITE_USED', message: '这个邀请码已经用过了：请向运营重新获取' } });
    const again = await s.call<PersonView>('operator', 'reissueInvite', { userId: wang.id }, op);
    const code = again.ok ? again.data.inviteCode : '';
    expect(code).not.toBe(wang.inviteCode);
    expect(await signIn(wang.inviteCode)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await signIn(code)).ok).toBe(true);
  });

  it('a code expires a week after it was issued', async () => {
    const wang = await invite('王姐');
    s.clock.advance(7 * DAY + 60_000);
    expect(await signIn(wang.inviteCode)).toMatchObject({ ok: false, error: { code: 'INVITE_EXPIRED' } });
    expect((await detail(wang.id)).person.invite.state).toBe('expired');
  });

  it('keeps only the token\'s hash, and ends a session unused for 30 days or older than 180', async () => {
    const wang = await invite('王姐');
    const res = await signIn(wang.inviteCode);
    const token = res.ok ? res.data.token! : '';
    const row = s.store.db.prepare('SELECT token FROM sessions WHERE user_id = ?').get(wang.id) as { token: string };
    expect(row.token).not.toContain(token.slice(3, 20));
    expect(row.token).toMatch(/^[0-9a-f]{64}$/);
    // Used every 20 days: alive until its 180th day.
    for (let d = 20; d <= 180; d += 20) {
      s.clock.advance(20 * DAY);
      const me = await s.call<WhoAmI>('account', 'whoami', {}, token);
      expect([d, me.ok && me.data.user?.name]).toEqual([d, d <= 180 ? '王姐' : null]);
    }
    s.clock.advance(2 * DAY);
    expect(await s.call('leader', 'availability', {}, token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    const other = await s.call<PersonView>('operator', 'reissueInvite', { userId: wang.id }, await s.signIn('OP-0001'));
    const fresh = await signIn(other.ok ? other.data.inviteCode : '');
    s.clock.advance(31 * DAY);
    expect(await s.call('leader', 'availability', {}, fresh.ok ? fresh.data.token : '')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('disabling a person ends their sessions at once and their code opens nothing; enabling lets them back with a new code', async () => {
    const wang = await invite('王姐');
    const res = await signIn(wang.inviteCode);
    const token = res.ok ? res.data.token! : '';
    expect((await s.call('operator', 'setPersonEnabled', { userId: wang.id, enabled: false }, op)).ok).toBe(true);
    expect(await s.call('leader', 'availability', {}, token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const reissued = await s.call<PersonView>('operator', 'reissueInvite', { userId: wang.id }, op);
    expect(await signIn(reissued.ok ? reissued.data.inviteCode : '')).toMatchObject({ ok: false, error: { code: 'ACCOUNT_DISABLED' } });
    expect(await s.call('operator', 'setPersonEnabled', { userId: 'u-op', enabled: false }, op)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await s.call('operator', 'setPersonEnabled', { userId: wang.id, enabled: true }, op);
    expect((await signIn(reissued.ok ? reissued.data.inviteCode : '')).ok).toBe(true);
    const log = (await detail(wang.id)).log.map((e) => [e.change, e.by]);
    expect(log).toEqual([['登录', '王姐'], ['启用', '运营小王'], ['重新生成邀请码', '运营小王'], ['停用', '运营小王'], ['登录', '王姐'], ['邀请', '运营小王']]);
  });

  it('退出所有设备 ends every session of the person; the operator sees and ends them too', async () => {
    const wang = await invite('王姐');
    const phone = await s.call<SignInResult>('account', 'signIn', { inviteCode: wang.inviteCode });
    const reissued = await s.call<PersonView>('operator', 'reissueInvite', { userId: wang.id }, op);
    const laptop = await signIn(reissued.ok ? reissued.data.inviteCode : '');
    const [a, b] = [phone.ok ? phone.data.token! : '', laptop.ok ? laptop.data.token! : ''];
    expect((await detail(wang.id)).sessions.length).toBe(2);
    const mine = await s.call<SessionView[]>('account', 'mySessions', {}, b);
    expect(mine.ok && mine.data.map((x) => x.current)).toEqual([true, false]);
    expect(await s.call('account', 'signOutEverywhere', {}, b)).toMatchObject({ ok: true, data: { ended: 2 } });
    for (const t of [a, b]) expect(await s.call('leader', 'availability', {}, t)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await detail(wang.id)).sessions).toEqual([]);
  });

  it('the operator ending a person\'s sessions (a lost phone) signs out every device of theirs at once, nobody else\'s, and does not disable them', async () => {
    const wang = await invite('王姐');
    const phone = await signIn(wang.inviteCode);
    const reissued = await s.call<PersonView>('operator', 'reissueInvite', { userId: wang.id }, op);
    const laptop = await signIn(reissued.ok ? reissued.data.inviteCode : '');
    const theirs = [phone.ok ? phone.data.token! : '', laptop.ok ? laptop.data.token! : ''];
    const others = [await s.signIn('LEAD-0001'), await s.signIn('SUP-FRUIT')];
    for (const t of theirs) expect((await s.call('leader', 'availability', {}, t)).ok).toBe(true);

    expect(await s.call('operator', 'endSessions', { userId: wang.id }, op)).toMatchObject({ ok: true, data: { ended: 2 } });
    // The very next call of either device is refused; nobody else is touched, the operator included.
    for (const t of theirs) expect(await s.call('leader', 'availability', {}, t)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await s.call('leader', 'availability', {}, others[0])).ok).toBe(true);
    expect(await s.call<WhoAmI>('account', 'whoami', {}, others[1])).toMatchObject({ ok: true, data: { user: { id: 'u-sup-fruit' } } });
    expect((await s.call('operator', 'personDetail', { userId: wang.id }, op)).ok).toBe(true);
    const after = await detail(wang.id);
    expect([after.sessions, after.person.disabled, after.log[0]]).toEqual([[], false, expect.objectContaining({ change: '退出所有设备', by: '运营小王', detail: '2 台设备' })]);
    // Not disabled: a new code lets them in again.
    const again = await s.call<PersonView>('operator', 'reissueInvite', { userId: wang.id }, op);
    expect((await signIn(again.ok ? again.data.inviteCode : '')).ok).toBe(true);
    // Only an operator may do it, and to someone who exists.
    expect(await s.call('operator', 'endSessions', { userId: 'u-op' }, others[0])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await s.call('operator', 'endSessions', { userId: 'u-nobody' }, op)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
