// Subscription messages as a deployed function sends them: the real wx-server-sdk's
// `cloud.openapi.subscribeMessage.send`, against the local endpoint's model of WeChat
// (test/cloud-endpoint/README.md: documented request, value rules and errors, a
// per-user, per-template consent count, injected transient failures). Then the whole
// path: raiseAlerts with wechatSubscribe(cloud.openapi) and a CloudStore.
import * as cloud from 'wx-server-sdk';
import { type AlertEvent, type AlertFields, templateData } from '../../cloudfunctions/src/domain/alerts';
import type { Settings, SubscribeTemplate } from '../../cloudfunctions/src/domain/model';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import type { Deps } from '../../cloudfunctions/src/handlers/action';
import { checkLowStock } from '../../cloudfunctions/src/handlers/alert-events';
import { inbox } from '../../cloudfunctions/src/handlers/inbox';
import { raiseAlerts } from '../../cloudfunctions/src/handlers/alerting';
import { wechatSubscribe } from '../../cloudfunctions/src/notify/notifier';
import { type CloudDatabase, CloudStore } from '../../cloudfunctions/src/storage/cloud/cloud-store';
import { useLocalCloud } from '../support/cloud-sdk';
import { T0, record, report, sku, suppliers, users } from '../fixtures/catalogue';
import { commitCount } from '../support/counts';

const local = useLocalCloud();

beforeEach(() => local.endpoint.reset());

const OPENID = 'o-leader-1';
const TPL = 'TPL-CUTOFF-7fK2mQ';
/** What the SDK throws, as far as the caller sees it. */
interface SdkError { errCode: number; errMsg: string }

const send = (over: Record<string, unknown> = {}): Promise<{ errCode: number; errMsg: string }> =>
  cloud.openapi.subscribeMessage.send({
    touser: OPENID, templateId: TPL, page: 'pages/leader/order/index', miniprogramState: 'formal', lang: 'zh_CN',
    data: { thing1: { value: '阳光小区今日截单' }, time2: { value: '2026年11月26日 22:00' }, phrase3: { value: '即将截单' } },
    ...over,
  });
const failure = (p: Promise<unknown>): Promise<SdkError> => p.then(
  () => { throw new Error('expected the send to fail'); },
  (e: SdkError) => ({ errCode: e.errCode, errMsg: e.errMsg }),
);

describe('subscribeMessage.send through wx-server-sdk', () => {
  beforeEach(() => {
    local.endpoint.subscribe.addUsers(OPENID);
    local.endpoint.subscribe.addTemplates(TPL);
  });

  it('delivers a valid send, spending one consent, with the request as WeChat documents it', async () => {
    local.endpoint.subscribe.allow(OPENID, TPL, 1);
    await expect(send()).resolves.toEqual({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
    expect(local.endpoint.subscribe.sent).toEqual([{
      touser: OPENID, templateId: TPL, page: 'pages/leader/order/index', miniprogramState: 'formal', lang: 'zh_CN', at: expect.any(Number),
      data: { thing1: '阳光小区今日截单', time2: '2026年11月26日 22:00', phrase3: '即将截单' },
    }]);
    // On the wire: snake_case keys (the SDK converts templateId and miniprogramState).
    expect(Object.keys(local.endpoint.subscribe.attempts[0]!.request).sort()).toEqual(['data', 'lang', 'miniprogram_state', 'page', 'template_id', 'touser']);
    expect(local.endpoint.subscribe.remaining(OPENID, TPL)).toBe(0);
    expect(local.endpoint.calls.get('wx.openApi:subscribeMessage.send')).toBe(1);
  });

  it('answers 43101 when the user has no consent left, and never sends more than they allowed', async () => {
    local.endpoint.subscribe.allow(OPENID, TPL, 2);
    const results = await Promise.all(Array.from({ length: 5 }, () => send().then(() => 0, (e: SdkError) => e.errCode)));
    expect(results.sort()).toEqual([0, 0, 43101, 43101, 43101]);
    expect(local.endpoint.subscribe.sent.length).toBe(2);
    expect(await failure(send())).toEqual({ errCode: 43101, errMsg: expect.stringMatching(/^openapi\.subscribeMessage\.send:fail user refuse to accept the msg rid: /) });
  });

  it('answers 47003 for a value over its limit, naming the field', async () => {
    local.endpoint.subscribe.allow(OPENID, TPL, 1);
    const err = await failure(send({ data: { thing1: { value: '阳光小区一期二期三期四期五期团长今日截单' + '提醒' } } }));
    expect(err.errCode).toBe(47003);
    expect(err.errMsg).toMatch(/argument invalid! data\.thing1\.value exceeds limit/);
    // The refused send spent nothing.
    expect(local.endpoint.subscribe.remaining(OPENID, TPL)).toBe(1);
  });

  it.each([
    ['thing', { thing1: { value: '' } }, 'data.thing1.value is emtpy'],
    ['thing with a line break', { thing1: { value: '第一行\n第二行' } }, 'data.thing1.value invalid'],
    ['number with letters', { number2: { value: '12件' } }, 'data.number2.value invalid'],
    ['number over 32 digits', { number2: { value: '1'.repeat(33) } }, 'data.number2.value exceeds limit'],
    ['phrase with a digit', { phrase3: { value: '剩3件' } }, 'data.phrase3.value invalid'],
    ['phrase over 5', { phrase3: { value: '库存严重不足了' } }, 'data.phrase3.value exceeds limit'],
    ['character_string with Chinese', { character_string4: { value: 'A001橙' } }, 'data.character_string4.value invalid'],
    ['character_string over 32', { character_string4: { value: 'x'.repeat(33) } }, 'data.character_string4.value exceeds limit'],
    ['time in words', { time5: { value: '今晚十点' } }, 'data.time5.value invalid'],
    ['time at 24:00', { time5: { value: '2026年11月26日 24:00' } }, 'data.time5.value invalid'],
    ['date in month 13', { date6: { value: '2026年13月01日' } }, 'data.date6.value invalid'],
    ['amount without a currency sign', { amount7: { value: '12.50' } }, 'data.amount7.value invalid'],
    ['amount over 10 digits', { amount7: { value: '¥123456789.12' } }, 'data.amount7.value exceeds limit'],
    ['name over 10 Chinese', { name8: { value: '阳光小区一期团长王小明' } }, 'data.name8.value exceeds limit'],
    ['a key of no keyword type', { remark9: { value: '备注' } }, 'data.remark9 is not a template keyword'],
  ])('answers 47003 for %s', async (_label, data, text) => {
    local.endpoint.subscribe.allow(OPENID, TPL, 1);
    const err = await failure(send({ data }));
    expect(err).toEqual({ errCode: 47003, errMsg: expect.stringContaining(`argument invalid! ${text}`) });
  });

  it.each([
    ['thing at 20', { thing1: { value: '一二三四五六七八九十一二三四五六七八九十' } }],
    ['number with decimals', { number2: { value: '3.5' } }],
    ['character_string with symbols', { character_string4: { value: 'WAVE-2026/11-26#A001' } }],
    ['time alone', { time5: { value: '22:00' } }],
    ['time span', { time5: { value: '2026-11-26 21:30~22:00' } }],
    ['date forms', { date6: { value: '2026年11月26日' }, date7: { value: '2026/11/26 08:00' }, date8: { value: '11月26日' } }],
    ['amount with 元', { amount7: { value: '¥1234.50元' } }],
    ['name in letters', { name8: { value: 'Li Wei' } }],
  ])('accepts %s', async (_label, data) => {
    local.endpoint.subscribe.allow(OPENID, TPL, 1);
    await expect(send({ data })).resolves.toMatchObject({ errCode: 0 });
  });

  it('answers 40003 for an openid that is not this mini-program\'s, and 40037 for an unknown template', async () => {
    expect(await failure(send({ touser: 'o-someone-else' }))).toEqual({ errCode: 40003, errMsg: expect.stringContaining('invalid openid') });
    expect(await failure(send({ touser: undefined }))).toMatchObject({ errCode: 40003 });
    expect(await failure(send({ templateId: 'TPL-deleted' }))).toEqual({ errCode: 40037, errMsg: expect.stringContaining('invalid template_id') });
    expect(local.endpoint.subscribe.sent).toEqual([]);
  });

  it('answers 41030 for a page the mini-program does not have, 47003 for an unknown miniprogramState', async () => {
    local.endpoint.subscribe.allow(OPENID, TPL, 2);
    local.endpoint.subscribe.setPages(['pages/leader/order/index', 'pages/inbox/index']);
    expect(await failure(send({ page: 'pages/nowhere/index' }))).toMatchObject({ errCode: 41030 });
    expect(await failure(send({ miniprogramState: 'production' }))).toMatchObject({ errCode: 47003, errMsg: expect.stringContaining('miniprogram_state') });
    await expect(send({ page: '/pages/inbox/index?tab=unread', miniprogramState: 'developer' })).resolves.toMatchObject({ errCode: 0 });
    expect(local.endpoint.subscribe.sent[0]).toMatchObject({ miniprogramState: 'developer', page: '/pages/inbox/index?tab=unread' });
  });

  it('answers an injected transient failure (-1 system busy) without spending consent, then delivers', async () => {
    local.endpoint.subscribe.allow(OPENID, TPL, 1);
    local.endpoint.subscribe.failNext(1);
    expect(await failure(send())).toEqual({ errCode: -1, errMsg: expect.stringContaining('system error') });
    await expect(send()).resolves.toMatchObject({ errCode: 0 });
    expect(local.endpoint.subscribe.attempts.map((a) => a.errcode)).toEqual([-1, 0]);
  });

  it('an API the function\'s config.json does not grant is refused by the cloud (-604101)', async () => {
    local.endpoint.subscribe.allow(OPENID, TPL, 1);
    local.endpoint.subscribe.grant([]);
    expect(await failure(send())).toMatchObject({ errCode: -604101 });
    local.endpoint.subscribe.grant(['subscribeMessage.send']);
    await expect(send()).resolves.toMatchObject({ errCode: 0 });
  });

  it('wechatSubscribe maps the SDK\'s answer and throws to SendResult', async () => {
    const subscribe = wechatSubscribe(cloud.openapi as never);
    const message = { touser: OPENID, templateId: TPL, page: 'pages/leader/order/index', data: { thing1: { value: '截单提醒' } } };
    local.endpoint.subscribe.allow(OPENID, TPL, 1);
    expect(await subscribe(message)).toEqual({ ok: true });
    expect(await subscribe(message)).toEqual({ ok: false, code: 43101, message: expect.stringMatching(/^user refuse to accept the msg rid: /) });
    expect(await subscribe({ ...message, touser: 'o-nobody' })).toMatchObject({ ok: false, code: 40003 });
    expect(local.endpoint.subscribe.sent[0]).toMatchObject({ miniprogramState: 'formal', lang: 'zh_CN' });
  });
});

describe('templateData\'s values pass the endpoint\'s checks', () => {
  const LOW = 'TPL-LOW-9xQ';
  const mapping: SubscribeTemplate['data'] = {
    thing1: 'subject', thing2: 'detail', time3: 'time', number4: 'quantity', phrase5: 'status',
    character_string6: 'subject', date7: 'time', amount8: 'quantity', name9: 'subject',
  };

  beforeEach(() => {
    local.endpoint.subscribe.addUsers(OPENID);
    local.endpoint.subscribe.addTemplates(LOW);
  });

  it.each<[string, AlertFields]>([
    ['at the limits', {
      subject: '赣南脐橙 特级果 5斤装 家庭分享装（新鲜采摘当日发货）', detail: '可售只剩 3 件，已到预警线 10，请尽快补货或更新库存',
      time: Date.UTC(2026, 10, 26, 14, 0), quantity: 99_999_999, status: '库存快不足',
    }],
    ['short and plain', { subject: '沃柑', detail: '可售 0 件', time: Date.UTC(2026, 0, 1, 16, 5), quantity: 0, status: 'LOW' }],
    ['without a quantity', { subject: 'Navel oranges 5 jin box, premium grade', detail: 'sold out', time: T0, status: '缺货' }],
  ])('%s', async (_label, fields) => {
    local.endpoint.subscribe.allow(OPENID, LOW, 1);
    const data = templateData(mapping, fields);
    await expect(cloud.openapi.subscribeMessage.send({ touser: OPENID, templateId: LOW, data, miniprogramState: 'formal' }))
      .resolves.toMatchObject({ errCode: 0 });
    const sent = local.endpoint.subscribe.sent[0]!.data;
    expect([...sent.thing1!].length).toBeLessThanOrEqual(20);
    expect(sent.time3).toMatch(/^\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}$/);
  });

  it('cuts a long thing to 20 characters and formats the time in Shanghai', async () => {
    local.endpoint.subscribe.allow(OPENID, LOW, 1);
    const fields: AlertFields = { subject: '赣南脐橙 特级果 5斤装 家庭分享装（新鲜采摘当日发货）', detail: '可售 3 件', time: Date.UTC(2026, 10, 26, 14, 0), quantity: 3, status: '库存紧张' };
    await cloud.openapi.subscribeMessage.send({ touser: OPENID, templateId: LOW, data: templateData(mapping, fields) });
    expect(local.endpoint.subscribe.sent[0]!.data).toMatchObject({
      thing1: '赣南脐橙 特级果 5斤装 家庭分享装（…', time3: '2026年11月26日 22:00', number4: '3', phrase5: '库存紧张', date7: '2026年11月26日', amount8: '¥0.03',
    });
  });

  // Known gaps in templateValue (cloudfunctions/src/domain/alerts.ts), pinned until it is
  // fixed there: these cases fail today, and `it.failing` turns red once they pass.
  it('a phrase over 5 characters is cut to Chinese only, with no ellipsis', async () => {
    local.endpoint.subscribe.allow(OPENID, LOW, 1);
    const data = templateData({ phrase5: 'status' }, { subject: '-', detail: '-', time: T0, status: '库存紧张请补货' });
    await expect(cloud.openapi.subscribeMessage.send({ touser: OPENID, templateId: LOW, data })).resolves.toMatchObject({ errCode: 0 });
  });

  it('an amount of 11 digits drops its fen rather than ending in a decimal point', async () => {
    local.endpoint.subscribe.allow(OPENID, LOW, 1);
    const data = templateData({ amount8: 'quantity' }, { subject: '-', detail: '-', time: T0, quantity: 12_345_678_901, status: '-' });
    await expect(cloud.openapi.subscribeMessage.send({ touser: OPENID, templateId: LOW, data })).resolves.toMatchObject({ errCode: 0 });
  });
});

describe('raiseAlerts with wechatSubscribe(cloud.openapi) and a CloudStore', () => {
  const TPL_LOW = 'TPL-LOW-9xQ';
  const TPL_CUT = 'TPL-CUTOFF-7fK2mQ';
  const OPENIDS: Record<string, string> = { 'u-op': 'o-op', 'u-sup-fruit': 'o-sup-fruit', 'u-leader-1': 'o-leader-1', 'u-leader-2': 'o-leader-2' };
  const lowTemplate: SubscribeTemplate = { kind: 'lowStock', templateId: TPL_LOW, data: { thing1: 'subject', thing2: 'detail', time3: 'time', number4: 'quantity', phrase5: 'status' } };
  const cutTemplate: SubscribeTemplate = { kind: 'cutoffSoon', templateId: TPL_CUT, data: { thing1: 'subject', time2: 'time', phrase3: 'status' } };

  let store: CloudStore;
  let now: number;
  let deps: Deps;
  /** Retry pauses for a transient failure (the default, 300 and 900 ms, in one test). */
  const FAST = [5, 10];

  const settings = (templates: SubscribeTemplate[]): Settings => ({ ...DEFAULT_SETTINGS, alerts: { ...DEFAULT_SETTINGS.alerts, subscribeTemplates: templates } });
  /** The user allowed `n` sends: WeChat holds them, and the app recorded them (as the consent action does). */
  const allow = async (userId: string, templateId: string, n: number): Promise<void> => {
    local.endpoint.subscribe.allow(OPENIDS[userId]!, templateId, n);
    await store.addConsents(userId, templateId, n);
  };
  let seq = 0;
  const cutoffEvent = (recipients: string[], over: Partial<AlertEvent> = {}): AlertEvent => ({
    kind: 'cutoffSoon', key: `2026-11-26:${++seq}`, recipients, title: '截单提醒', body: '今天 22:00 截单，还没下单的抓紧',
    link: '/pages/leader/order/index', fields: { subject: '阳光小区今日截单', detail: '22:00 截单', time: now, status: '即将截单' }, ...over,
  });
  const deliveries = async (userId: string): Promise<Array<[string, string, string | undefined]>> =>
    (await store.listAlerts(userId, 50)).reverse().flatMap((a) => a.deliveries.map((d) => [d.channel, d.status, d.detail] as [string, string, string | undefined]));
  const remaining = async (userId: string, templateId: string): Promise<number> =>
    (await store.listConsents(userId)).find((c) => c.templateId === templateId)?.remaining ?? 0;

  beforeEach(async () => {
    store = new CloudStore(local.db);
    now = Date.UTC(2026, 10, 26, 13, 0);
    deps = {
      store, files: {} as Deps['files'], notifier: { subscribe: wechatSubscribe(cloud.openapi as never) }, clock: { now: () => now },
      newId: (prefix) => `${prefix}-${++seq}`, runtime: 'wechat', demo: false,
    };
    await store.upsertUsers(users.map((u) => (OPENIDS[u.id] ? { ...u, openid: OPENIDS[u.id] } : u)));
    await store.saveSettings(settings([lowTemplate, cutTemplate]));
    local.endpoint.subscribe.addUsers(...Object.values(OPENIDS));
    local.endpoint.subscribe.addTemplates(TPL_LOW, TPL_CUT);
  });

  it('a user with 2 consents gets 2 subscription messages; the 3rd alert falls back to the inbox', async () => {
    await allow('u-leader-1', TPL_CUT, 2);
    for (let i = 0; i < 3; i++) {
      now += 60_000;
      await raiseAlerts(deps, [cutoffEvent(['u-leader-1'])], FAST);
    }
    expect(local.endpoint.subscribe.sent.map((m) => [m.touser, m.templateId, m.page])).toEqual([
      ['o-leader-1', TPL_CUT, '/pages/leader/order/index'], ['o-leader-1', TPL_CUT, '/pages/leader/order/index'],
    ]);
    expect(local.endpoint.subscribe.sent[0]!.data).toEqual({ thing1: '阳光小区今日截单', time2: '2026年11月26日 21:01', phrase3: '即将截单' });
    expect(await deliveries('u-leader-1')).toEqual([
      ['subscribe', 'sent', undefined], ['subscribe', 'sent', undefined], ['subscribe', 'fallback', '没有剩余的订阅次数'],
    ]);
    // Every alert is in the inbox; the third never reached WeChat.
    expect((await store.listAlerts('u-leader-1', 10)).length).toBe(3);
    expect(local.endpoint.subscribe.attempts.length).toBe(2);
    expect(await remaining('u-leader-1', TPL_CUT)).toBe(0);
  });

  it('a person who consented from 体验版 gets messages that open 体验版; the others open the released version', async () => {
    await allow('u-leader-1', TPL_CUT, 1);
    await allow('u-leader-2', TPL_CUT, 1);
    const leader1 = (await store.getUser('u-leader-1'))!;
    // recordConsents as the 体验版 calls it: the version rides along with the answers.
    const recorded = await inbox.recordConsents.run({ deps, identity: { kind: 'openid', openid: 'o-leader-1' }, caller: leader1 }, { results: {}, version: 'trial' });
    expect(recorded.ok).toBe(true);
    await raiseAlerts(deps, [cutoffEvent(['u-leader-1', 'u-leader-2'])], FAST);
    expect(local.endpoint.subscribe.sent.map((m) => [m.touser, m.miniprogramState]).sort()).toEqual([['o-leader-1', 'trial'], ['o-leader-2', 'formal']]);
  });

  it('sends never exceed consents when alerts are raised concurrently', async () => {
    await allow('u-leader-1', TPL_CUT, 2);
    await allow('u-leader-2', TPL_CUT, 1);
    await Promise.all(Array.from({ length: 6 }, () => raiseAlerts(deps, [cutoffEvent(['u-leader-1', 'u-leader-2'])], FAST)));
    const byUser = (openid: string) => local.endpoint.subscribe.sent.filter((m) => m.touser === openid).length;
    expect([byUser('o-leader-1'), byUser('o-leader-2')]).toEqual([2, 1]);
    // WeChat never had to refuse: our count kept every send within what the user allowed.
    expect(local.endpoint.subscribe.attempts.every((a) => a.errcode === 0)).toBe(true);
    const statuses = async (userId: string) => (await deliveries(userId)).map(([, status]) => status).sort();
    expect(await statuses('u-leader-1')).toEqual(['fallback', 'fallback', 'fallback', 'fallback', 'sent', 'sent']);
    expect(await statuses('u-leader-2')).toEqual(['fallback', 'fallback', 'fallback', 'fallback', 'fallback', 'sent']);
  });

  it('a second raise of the same event sends nothing again', async () => {
    await allow('u-leader-1', TPL_CUT, 3);
    const event = cutoffEvent(['u-leader-1']);
    await raiseAlerts(deps, [event], FAST);
    await raiseAlerts(deps, [event], FAST);
    await Promise.all([raiseAlerts(deps, [event], FAST), raiseAlerts(deps, [event], FAST)]);
    expect(local.endpoint.subscribe.sent.length).toBe(1);
    expect(await remaining('u-leader-1', TPL_CUT)).toBe(2);
  });

  it('43101 (the user took their consent back, or never gave it here) clears our count and falls back', async () => {
    await store.addConsents('u-leader-1', TPL_CUT, 3); // we think 3; WeChat holds none
    await raiseAlerts(deps, [cutoffEvent(['u-leader-1'])], FAST);
    expect(local.endpoint.subscribe.attempts.map((a) => a.errcode)).toEqual([43101]); // not retried
    expect(await remaining('u-leader-1', TPL_CUT)).toBe(0);
    const [[channel, status, detail]] = await deliveries('u-leader-1') as [[string, string, string]];
    expect([channel, status]).toEqual(['subscribe', 'fallback']);
    expect(detail).toMatch(/^43101 user refuse to accept the msg/);
    // The next alert does not even try.
    await raiseAlerts(deps, [cutoffEvent(['u-leader-1'])], FAST);
    expect(local.endpoint.subscribe.attempts.length).toBe(1);
    expect((await deliveries('u-leader-1'))[1]).toEqual(['subscribe', 'fallback', '没有剩余的订阅次数']);
  });

  it('a transient error is retried after the default pauses, then the message is delivered', async () => {
    await allow('u-leader-1', TPL_CUT, 1);
    local.endpoint.subscribe.failNext(1);
    const started = Date.now();
    await raiseAlerts(deps, [cutoffEvent(['u-leader-1'])]); // RETRY_DELAYS_MS
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(local.endpoint.subscribe.attempts.map((a) => a.errcode)).toEqual([-1, 0]);
    expect(await deliveries('u-leader-1')).toEqual([['subscribe', 'sent', undefined]]);
    expect([await remaining('u-leader-1', TPL_CUT), local.endpoint.subscribe.remaining('o-leader-1', TPL_CUT)]).toEqual([0, 0]);
  });

  it('a transient error that outlasts the retries falls back and gives the consent back', async () => {
    await allow('u-leader-1', TPL_CUT, 1);
    local.endpoint.subscribe.failNext(3);
    await raiseAlerts(deps, [cutoffEvent(['u-leader-1'])], FAST);
    expect(local.endpoint.subscribe.attempts.map((a) => a.errcode)).toEqual([-1, -1, -1]);
    expect((await deliveries('u-leader-1'))[0]).toEqual(['subscribe', 'fallback', expect.stringMatching(/^-1 system error/)]);
    expect(await remaining('u-leader-1', TPL_CUT)).toBe(1);
    // The next alert uses it.
    await raiseAlerts(deps, [cutoffEvent(['u-leader-1'])], FAST);
    expect(local.endpoint.subscribe.sent.length).toBe(1);
  });

  it('47003 (a value WeChat rejects) falls back at once, without retry, and gives the consent back', async () => {
    // A misconfigured mapping: the time keyword filled from a sentence.
    await store.saveSettings(settings([{ ...cutTemplate, data: { thing1: 'subject', time2: 'detail', phrase3: 'status' } }]));
    await allow('u-leader-1', TPL_CUT, 1);
    await raiseAlerts(deps, [cutoffEvent(['u-leader-1'])], [1_000, 1_000]);
    expect(local.endpoint.subscribe.attempts.map((a) => a.errcode)).toEqual([47003]);
    const [delivery] = await deliveries('u-leader-1');
    expect(delivery).toEqual(['subscribe', 'fallback', expect.stringContaining('47003 argument invalid! data.time2.value invalid')]);
    expect(await remaining('u-leader-1', TPL_CUT)).toBe(1);
    expect(local.endpoint.subscribe.remaining('o-leader-1', TPL_CUT)).toBe(1);
  });

  it('the low-stock alert of a real stock change goes out to the operator and the supplier within their consents', async () => {
    await store.upsertSuppliers(suppliers);
    await store.upsertSkus([sku('A001', 'sup-fruit', { name: '赣南脐橙', spec: '5斤装', warningLine: 10 })]);
    const rep = report('sup-fruit', [['A001', 8]]);
    expect(await commitCount(store, rep, [{ record: record('A001', 'sup-fruit', 8, { reportId: rep.id }), expectedVersion: 0 }])).toEqual([]);
    await allow('u-op', TPL_LOW, 1);
    await allow('u-sup-fruit', TPL_LOW, 1);
    await Promise.all([checkLowStock(deps, ['A001']), checkLowStock(deps, ['A001'])]);
    expect(local.endpoint.subscribe.sent.map((m) => m.touser).sort()).toEqual(['o-op', 'o-sup-fruit']);
    expect(local.endpoint.subscribe.sent[0]!.data).toMatchObject({ thing1: '赣南脐橙 5斤装', number4: '8', phrase5: '库存紧张', time3: '2026年11月26日 21:00' });
    expect(local.endpoint.subscribe.sent[0]!.page).toBe('/pages/stock/history/index?skuId=A001');
  });
});
