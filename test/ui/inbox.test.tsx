// Every person's inbox, and (WeChat only) asking for subscription-message consent.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { PAGES, pageOfAlert, pageOfLink } from '@/services/nav';
import type { ConsentView, InboxView, SettingsView } from '@/services/types';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';
import { setEnvVersion } from './shims/taro';

let backend: Backend | null = null;

afterEach(async () => {
  await backend?.close();
  backend = null;
});

const badge = (): string | null => document.querySelector('.hz-inbox-badge')?.textContent ?? null;
const alertRow = (title: string): HTMLElement => screen.getByText(title).closest('.hz-alert') as HTMLElement;

/** Blueberries: 24 counted, 19 sellable; an order of 9 leaves 10, the warning line. */
const dropBlueberries = (b: Backend) =>
  b.as('DEMO-L01', 'leader', 'placeOrder', { idempotencyKey: 'blueberry-0001', lines: [{ skuId: 'HZ2009', qty: 9 }] });

describe('inbox', () => {
  beforeEach(async () => {
    backend = await startBackend();
  });

  test('an order that drops sellable to the warning line reaches the supplier’s inbox; tapping it marks it read and opens its page', async () => {
    await dropBlueberries(backend!);
    const { router } = await openApp(PAGES.report, { as: 'DEMO-S02' });

    await waitFor(() => expect(badge()).toBe('1'));
    fireEvent.click(screen.getByText('消息'));
    expect(router.current).toBe(PAGES.inbox);
    expect(await screen.findByText('消息（1 条未读）')).toBeTruthy();
    const row = alertRow('库存预警');
    expect(row.className).toContain('hz-alert--unread');
    expect(within(row).getByLabelText('未读')).toBeTruthy();
    expect(within(row).getByText('云南蓝莓（125g×4盒）可售只剩 10 件，已到预警线 10')).toBeTruthy();
    expect(within(row).getByText('10:00')).toBeTruthy();
    // Self-hosted: no subscription messages, so nothing about consents.
    expect(screen.queryByText('微信提醒剩余次数')).toBeNull();

    fireEvent.click(row);
    // The server's link names /pages/history/index: the app's page for it is the SKU history.
    expect(router.current).toBe(PAGES.skuHistory);
    expect(router.params()).toEqual({ skuId: 'HZ2009' });
    await waitFor(async () => expect((await backend!.as<InboxView>('DEMO-S02', 'account', 'inbox', {})).unread).toBe(0));

    act(() => router.backTo(PAGES.inbox));
    expect(await screen.findByText('消息')).toBeTruthy();
    await waitFor(() => expect(alertRow('库存预警').className).not.toContain('hz-alert--unread'));
  });

  test('全部已读 marks every alert read and clears the badge', async () => {
    await dropBlueberries(backend!);
    await backend!.as('DEMO-L01', 'leader', 'placeOrder', { idempotencyKey: 'strawberry-001', lines: [{ skuId: 'HZ2005', qty: 1 }] });
    const { router } = await openApp(PAGES.operatorHome, { as: 'DEMO-OP' });

    await waitFor(() => expect(badge()).toBe('2'));
    fireEvent.click(screen.getByText('消息'));
    expect(await screen.findByText('消息（2 条未读）')).toBeTruthy();
    expect(document.querySelectorAll('.hz-alert--unread')).toHaveLength(2);

    fireEvent.click(screen.getByText('全部已读'));
    await waitFor(() => expect(document.querySelectorAll('.hz-alert--unread')).toHaveLength(0));
    expect(screen.getByText('消息')).toBeTruthy();
    expect((await backend!.as<InboxView>('DEMO-OP', 'account', 'inbox', {})).unread).toBe(0);

    fireEvent.click(screen.getByText('‹ 返回'));
    expect(router.current).toBe(PAGES.operatorHome);
    await screen.findByText('工作台');
    expect(badge()).toBeNull();
  });

  test('an empty inbox says so', async () => {
    await openApp(PAGES.inbox, { as: 'DEMO-L03' });
    expect(await screen.findByText('还没有消息')).toBeTruthy();
  });
});

test('alert links map to the pages that exist, in one place', () => {
  expect(pageOfLink('/pages/history/index?skuId=HZ2009')).toEqual({ path: PAGES.skuHistory, params: { skuId: 'HZ2009' } });
  expect(pageOfLink('/pages/supplier/wave/index?waveId=S02_2026-11-26')).toEqual({ path: PAGES.wave, params: { waveId: 'S02_2026-11-26' } });
  expect(pageOfLink('/pages/operator/waves/index?waveId=S01_2026-11-26')).toEqual({ path: PAGES.operatorWave, params: { waveId: 'S01_2026-11-26' } });
  expect(pageOfLink('/pages/operator/waves/index')).toEqual({ path: PAGES.operatorWaves, params: {} });
  expect(pageOfLink('/pages/leader/tasks/index')).toEqual({ path: PAGES.leaderTasks, params: {} });
  expect(pageOfLink('/pages/leader/order/index')).toEqual({ path: PAGES.order, params: {} });
  expect(pageOfLink('/pages/supplier/report/index')).toEqual({ path: PAGES.report, params: {} });
  expect(pageOfLink('pages/orders/mine/index')).toEqual({ path: PAGES.myOrders, params: {} });
  expect(pageOfLink('/pages/nowhere/index')).toBeNull();
  // The operator acts on a supplier's report events in the operator's own pages.
  const held = { kind: 'jumpHeld' as const, link: '/pages/supplier/report/index' };
  expect(pageOfAlert(held, 'operator')).toEqual({ path: PAGES.held, params: {} });
  expect(pageOfAlert(held, 'supplier')).toEqual({ path: PAGES.report, params: {} });
  expect(pageOfAlert({ kind: 'reportMissed', link: '/pages/supplier/report/index' }, 'operator')).toEqual({ path: PAGES.reportFor, params: {} });
});

describe('subscription consent in WeChat', () => {
  type Ask = { tmplIds: string[] };
  const TEMPLATES = { cutoff: 'tmpl-cutoff-00001', shortage: 'tmpl-shortage-0001' };
  let asked: string[][];
  let answers: Array<Record<string, string>>;
  const realAsk = (Taro as unknown as { requestSubscribeMessage: unknown }).requestSubscribeMessage;

  beforeEach(async () => {
    backend = await startBackend(undefined, { runtime: 'wechat' });
    const { settings } = await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings');
    await backend.as('DEMO-OP', 'operator', 'saveSettings', {
      settings: {
        ...settings,
        alerts: {
          ...settings.alerts,
          subscribeTemplates: [
            { kind: 'cutoffSoon', templateId: TEMPLATES.cutoff, data: { thing1: 'subject', time2: 'time' } },
            { kind: 'shortage', templateId: TEMPLATES.shortage, data: { thing1: 'subject', number2: 'quantity' } },
            { kind: 'waveToConfirm', templateId: 'tmpl-wave-000001', data: { thing1: 'subject' } },
          ],
        },
      },
    });
    // The mini-program build answers TARO_ENV=weapp; the consent layer reads it at call time.
    process.env.TARO_ENV = 'weapp';
    // A 体验版 on a tester's phone (wx.getAccountInfoSync().miniProgram.envVersion).
    setEnvVersion('trial');
    asked = [];
    answers = [];
    // wx.requestSubscribeMessage is WeChat's own consent sheet, not our server or database:
    // this stand-in answers as a person tapping in it would (the answers below, in order).
    (Taro as unknown as { requestSubscribeMessage: (o: Ask) => Promise<unknown> }).requestSubscribeMessage = (option: Ask) => {
      asked.push(option.tmplIds);
      return Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', ...(answers.shift() ?? {}) });
    };
  });

  afterEach(() => {
    process.env.TARO_ENV = 'h5';
    setEnvVersion('release');
    (Taro as unknown as { requestSubscribeMessage: unknown }).requestSubscribeMessage = realAsk;
  });

  const consents = async (): Promise<ConsentView[]> => (await backend!.asPhone<InboxView>('account', 'inbox', {})).consents;

  test('placing an order asks for the leader’s templates and records each answer; the inbox tops up what runs low', async () => {
    answers.push({ [TEMPLATES.cutoff]: 'accept', [TEMPLATES.shortage]: 'reject' });
    const { router } = await openApp(PAGES.availability, { as: 'DEMO-L01' });
    await screen.findByText('五常稻花香大米');
    await waitFor(() => expect(backend!.calls.some((c) => c.action === 'subscribeTemplates')).toBe(true));
    const card = screen.getAllByText('5kg/袋').map((n) => n.closest('.hz-item')).find(Boolean) as HTMLElement;
    fireEvent.click(within(card).getByText('加入订单'));
    fireEvent.click(screen.getByText(/^去下单/));
    fireEvent.click(await screen.findByText('提交订单'));

    expect(await screen.findByText(/^下单成功 · /)).toBeTruthy();
    // Only the leader's kinds (not the supplier's wave template), the emptiest first.
    expect(asked).toEqual([[TEMPLATES.cutoff, TEMPLATES.shortage]]);
    const recorded = backend!.calls.filter((c) => c.action === 'recordConsents').map((c) => c.payload);
    // With the version that asked: the leader's messages will open the 体验版 too.
    expect(recorded).toEqual([{ results: { [TEMPLATES.cutoff]: 'accept', [TEMPLATES.shortage]: 'reject' }, version: 'trial' }]);
    const leader = async () => (await backend!.deps.store.listUsers()).find((u) => u.inviteCode === 'DEMO-L01');
    expect((await leader())?.miniprogramState).toBe('trial');
    await waitFor(async () => expect((await consents()).map((c) => [c.kind, c.remaining])).toEqual([['cutoffSoon', 1], ['shortage', 0]]));

    // Opening the inbox is another tap: asked again, the person accepts the shortage one.
    answers.push({ [TEMPLATES.shortage]: 'accept', [TEMPLATES.cutoff]: 'ban' });
    fireEvent.click(screen.getByText('消息'));
    expect(router.current).toBe(PAGES.inbox);
    expect(asked[1]).toEqual([TEMPLATES.shortage, TEMPLATES.cutoff]);
    await waitFor(async () => expect((await consents()).map((c) => c.remaining)).toEqual([1, 1]));

    const panel = (await screen.findByText('微信提醒剩余次数')).closest('.hz-consents') as HTMLElement;
    await waitFor(() => expect(within(panel).getAllByText('剩 1 次')).toHaveLength(2));
    expect(within(panel).getByText('截单提醒')).toBeTruthy();
    expect(within(panel).getByText('缺货待处理')).toBeTruthy();

    // The same person later taps in the released version: messages open that one from then on.
    setEnvVersion('release');
    answers.push({ [TEMPLATES.cutoff]: 'accept', [TEMPLATES.shortage]: 'accept' });
    fireEvent.click(within(panel).getByText('补充提醒次数'));
    await waitFor(() => expect(within(panel).getAllByText('剩 2 次')).toHaveLength(2));
    expect(backend!.calls.filter((c) => c.action === 'recordConsents').map((c) => (c.payload as { version?: string }).version)).toEqual(['trial', 'trial', 'release']);
    expect((await leader())?.miniprogramState).toBe('formal');
    expect(within(panel).queryByText('补充提醒次数')).toBeNull();
    expect((await consents()).map((c) => c.remaining)).toEqual([2, 2]);
  });

  test('a dismissed sheet records nothing', async () => {
    (Taro as unknown as { requestSubscribeMessage: () => Promise<unknown> }).requestSubscribeMessage = () => {
      asked.push([]);
      return Promise.reject(new Error('requestSubscribeMessage:fail cancel'));
    };
    await openApp(PAGES.inbox, { as: 'DEMO-L01' });
    const panel = (await screen.findByText('微信提醒剩余次数')).closest('.hz-consents') as HTMLElement;
    fireEvent.click(within(panel).getByText('补充提醒次数'));

    await waitFor(() => expect(asked).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(backend!.calls.some((c) => c.action === 'recordConsents')).toBe(false);
    expect(within(panel).getAllByText('剩 0 次')).toHaveLength(2);
  });
});
