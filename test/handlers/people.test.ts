import type { AlertKindView, PersonView, SignInResult } from '../../cloudfunctions/src/contract/api';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let op: string;
beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertUsers(users);
  op = await s.signIn('OP-0001');
});
afterEach(() => s.close());

describe('people and invites', () => {
  it('invites a leader with a fresh code that signs them in', async () => {
    const res = await s.call<PersonView>('operator', 'savePerson', { person: { name: '赵姐', role: 'leader', community: '幸福里', wecomWebhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef12-3456' } }, op);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data.inviteCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const signIn = await s.call<SignInResult>('account', 'signIn', { inviteCode: res.data.inviteCode });
    expect(signIn.ok && signIn.data.user).toMatchObject({ name: '赵姐', role: 'leader', community: '幸福里' });
  });

  it('names what is missing or malformed, and changes nothing', async () => {
    const noSupplier = await s.call('operator', 'savePerson', { person: { name: '小王', role: 'supplier' } }, op);
    expect(noSupplier.ok || noSupplier.error.issues?.[0]?.path).toBe('person.supplierId');
    const badRobot = await s.call('operator', 'savePerson', { person: { name: '赵姐', role: 'leader', community: '幸福里', wecomWebhook: 'http://evil.example/x' } }, op);
    expect(badRobot.ok || badRobot.error.issues?.[0]?.path).toBe('person.wecomWebhook');
    expect((await s.store.listUsers()).length).toBe(users.length);
  });

  it('lists the alert kinds with recipients, timing and whether each is on', async () => {
    await s.store.saveSettings({ ...DEFAULT_SETTINGS, alerts: { ...DEFAULT_SETTINGS.alerts, disabled: ['cutoffSoon'] } });
    const res = await s.call<AlertKindView[]>('operator', 'alertKinds', {}, op);
    expect(res.ok && res.data.find((k) => k.kind === 'cutoffSoon')).toEqual({ kind: 'cutoffSoon', name: '截单提醒', recipients: '购物车里有商品或今天下过单的团长', when: '截单前', enabled: false, timing: '每天 21:30' });
    expect(res.ok && res.data.find((k) => k.kind === 'countOverAge')?.timing).toBe('08:00–21:00 每 120 分钟至多一次');
    expect(res.ok && res.data.length).toBe(18);
  });
});
