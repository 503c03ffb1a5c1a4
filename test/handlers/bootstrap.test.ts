// A fresh installation: nobody exists, so nobody can invite anyone. The one-time
// bootstrap code makes the first person who enters it the operator, and then opens nothing.
import type { PersonView, SignInResult, WhoAmI } from '../../cloudfunctions/src/contract/api';
import { type TestServer, startTestServer } from '../support/http-server';

const CODE = 'Huozhun-Start-2026';
let s: TestServer;
afterEach(() => s.close());

it('the first person entering the bootstrap code becomes the operator and can invite; the code then stops working', async () => {
  s = await startTestServer({ bootstrapCode: CODE });
  expect((await s.call('account', 'signIn', { inviteCode: 'HUOZHUN-START-2025' })).ok).toBe(false);
  const first = await s.call<SignInResult>('account', 'signIn', { inviteCode: ' huozhun-start-2026 ' });
  expect(first.ok && first.data.user.role).toBe('operator');
  const token = first.ok ? first.data.token! : '';
  const me = await s.call<WhoAmI>('account', 'whoami', {}, token);
  expect(me.ok && me.data.user?.role).toBe('operator');
  const invited = await s.call<PersonView>('operator', 'savePerson', { person: { name: '李团长', role: 'leader', community: '阳光小区' } }, token);
  expect(invited.ok).toBe(true);

  const again = await s.call('account', 'signIn', { inviteCode: CODE });
  expect(again.ok || again.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('引导码已经用过了') });
  expect((await s.store.listUsers()).filter((u) => u.role === 'operator').length).toBe(1);
});

it('two people entering the code at once: exactly one becomes the operator', async () => {
  s = await startTestServer({ bootstrapCode: CODE });
  const results = await Promise.all([s.call('account', 'signIn', { inviteCode: CODE }), s.call('account', 'signIn', { inviteCode: CODE })]);
  expect(results.filter((r) => r.ok).length).toBe(1);
  expect((await s.store.listUsers()).filter((u) => u.role === 'operator').length).toBe(1);
});

it('opens nothing when an operator exists already, when no code is set, or when the code is too short to be safe', async () => {
  s = await startTestServer({ bootstrapCode: CODE });
  await s.store.upsertUsers([{ id: 'u-op', name: '老周', role: 'operator', inviteCode: 'OP-0001' }]);
  expect((await s.call('account', 'signIn', { inviteCode: CODE })).ok).toBe(false);
  await s.close();

  s = await startTestServer();
  expect((await s.call('account', 'signIn', { inviteCode: CODE })).ok).toBe(false);
  await s.close();

  s = await startTestServer({ bootstrapCode: 'short-1234' });
  expect((await s.call('account', 'signIn', { inviteCode: 'short-1234' })).ok).toBe(false);
  expect(await s.store.listUsers()).toEqual([]);
});
