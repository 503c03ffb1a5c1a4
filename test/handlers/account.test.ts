import type { DemoIdentity, SignInResult, WhoAmI } from '../../cloudfunctions/src/handlers/api-types';
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
    const a = await s.call('leader', 'dropTables', {});
    const b = await s.call('nothing', 'whoami', {});
    expect([a.ok || a.error.code, b.ok || b.error.code]).toEqual(['UNKNOWN_ACTION', 'UNKNOWN_ACTION']);
  });
});

describe('demo sign-in', () => {
  it('lists every demo person with a description, suppliers first', async () => {
    s = await startTestServer({ demo: true });
    await s.store.upsertSuppliers(suppliers);
    await s.store.upsertUsers(users);
    const res = await s.call<DemoIdentity[]>('account', 'demoIdentities', {});
    expect(res.ok && res.data.map((d) => [d.role, d.description])).toEqual([
      ['supplier', '供应商 · 山里土鸡蛋合作社（群消息代报）'],
      ['supplier', '供应商 · 赣南果园直供（小程序报数）'],
      ['leader', '团长 · 阳光小区'],
      ['leader', '团长 · 翠苑一区'],
      ['operator', '运营 · 管理供应商、商品与缓冲规则'],
    ]);
  });
});
