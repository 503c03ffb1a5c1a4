// The operator's people (invites by code) and the settings the daily wave and alerts need.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { PAGES } from '@/services/nav';
import type { AlertKindView, InboxView, PersonView, SettingsView, SupplierView } from '@/services/types';
import { fill, openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

const afterTest: Array<() => void> = [];

afterEach(async () => {
  afterTest.splice(0).forEach((undo) => undo());
  await backend.close();
});

const fieldOf = (label: string): HTMLElement => screen.getByLabelText(label).closest('.hz-field') as HTMLElement;
const ROBOT = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd1234-5678';

describe('人员与邀请', () => {
  test('inviting a leader shows the code big and copyable, and the code signs in', async () => {
    // The browser's clipboard command (jsdom has none): a stand-in for the browser, not for our server.
    const execCommand = jest.fn(() => true);
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    afterTest.push(() => delete (document as { execCommand?: unknown }).execCommand);
    const { router } = await openApp(PAGES.operatorHome, { as: 'DEMO-OP' });

    fireEvent.click(await screen.findByText('人员与邀请'));
    expect(router.current).toBe(PAGES.people);
    expect(await screen.findByText('人员与邀请（7）')).toBeTruthy();
    expect(screen.getByText('邀请码 DEMO-L01')).toBeTruthy();
    fireEvent.click(screen.getByText('邀请团长'));
    expect(router.current).toBe(PAGES.personEdit);
    await screen.findByText('邀请团长', { selector: '.hz-page-title' });

    fireEvent.click(screen.getByText('生成邀请码'));
    expect(within(fieldOf('姓名')).getByText('请填写')).toBeTruthy();
    expect(within(fieldOf('小区')).getByText('请填写')).toBeTruthy();
    fill('姓名', '孙姐');
    fill('小区', '幸福里');
    fireEvent.click(screen.getByText('生成邀请码'));

    expect(await screen.findByText('已邀请 孙姐（团长）')).toBeTruthy();
    const code = document.querySelector('.hz-invite-code')?.textContent ?? '';
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    fireEvent.click(screen.getByText('复制邀请码'));
    expect(await screen.findByText('已复制，可以粘贴到微信发给 TA')).toBeTruthy();
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(Taro.getStorageSync('taro_clipboard')).toBe(code);

    const people = await backend.as<PersonView[]>('DEMO-OP', 'operator', 'listPeople');
    expect(people.find((p) => p.inviteCode === code)).toMatchObject({ name: '孙姐', role: 'leader', community: '幸福里', bound: false });

    // The new leader signs in with the code, on a phone of their own.
    cleanup();
    const app = await openApp(PAGES.login);
    fireEvent.input(await screen.findByPlaceholderText('邀请码'), { target: { value: code } });
    fireEvent.click(screen.getByText('登录'));
    expect(await screen.findByText('孙姐 · 团长 · 幸福里')).toBeTruthy();
    expect(app.router.current).toBe(PAGES.availability);
  });

  test('a supplier’s staff need their supplier; a leader’s robot URL must be a 企业微信 robot', async () => {
    await openApp(PAGES.personEdit, { as: 'DEMO-OP', params: { role: 'supplier' } });
    await screen.findByText('邀请供应商人员', { selector: '.hz-page-title' });
    fill('姓名', '果园小陈');
    fireEvent.click(screen.getByText('生成邀请码'));
    expect(screen.getByText('请选择供应商')).toBeTruthy();
    fireEvent.click(await screen.findByText('赣南果园直供'));
    fireEvent.click(screen.getByText('生成邀请码'));
    expect(await screen.findByText('已邀请 果园小陈（供应商人员）')).toBeTruthy();
    const staff = (await backend.as<PersonView[]>('DEMO-OP', 'operator', 'listPeople')).find((p) => p.name === '果园小陈');
    expect(staff).toMatchObject({ role: 'supplier', supplierId: 'S02' });
  });

  test('editing a leader: community and group robot, the robot URL checked by the server', async () => {
    const { router } = await openApp(PAGES.personEdit, { as: 'DEMO-OP', params: { id: 'U-L02' } });
    await screen.findByText('编辑 小刘');

    fill('小区', '翠苑二区');
    fill('群机器人地址', 'https://example.com/hook');
    fireEvent.click(screen.getByText('保存'));
    expect(await within(fieldOf('群机器人地址')).findByText('格式不对')).toBeTruthy();
    fill('群机器人地址', ROBOT);
    fireEvent.click(screen.getByText('保存'));

    await waitFor(() => expect(router.current).toBe(PAGES.people));
    const liu = (await backend.as<PersonView[]>('DEMO-OP', 'operator', 'listPeople')).find((p) => p.id === 'U-L02');
    expect(liu).toMatchObject({ community: '翠苑二区', wecomWebhook: ROBOT, inviteCode: 'DEMO-L02' });
    expect(await screen.findByText('团长 · 翠苑二区 · 已设群机器人')).toBeTruthy();
  });
});

describe('a person\'s invite and account', () => {
  test('the person page shows the code\'s state, re-issues it, disables and enables the account, each after its consequence is said, and logs it all', async () => {
    const sun = await backend.as<PersonView>('DEMO-OP', 'operator', 'savePerson', { person: { name: '孙姐', role: 'leader', community: '幸福里' } });
    await backend.as('' + sun.inviteCode, 'leader', 'availability'); // she signs in: her code is used
    await openApp(PAGES.personEdit, { as: 'DEMO-OP', params: { id: sun.id } });
    await screen.findByText('编辑 孙姐');
    expect(await screen.findByText('已使用')).toBeTruthy();
    expect(screen.getByText('登录中的设备 1 台')).toBeTruthy();

    fireEvent.click(screen.getByText('停用账号'));
    expect(screen.getByText('停用后 TA 的所有设备立即退出登录，邀请码也不能再用；订单和报数记录都会保留。')).toBeTruthy();
    fireEvent.click(screen.getByText('确认停用'));
    expect(await screen.findByText('已停用，TA 的所有设备已退出登录', { selector: '.hz-access-done' })).toBeTruthy();
    expect(await screen.findByText('账号（已停用）')).toBeTruthy();
    expect(screen.getByText('没有登录中的设备')).toBeTruthy();
    await expect(backend.as(sun.inviteCode, 'leader', 'availability')).rejects.toThrow('请先登录'); // her session ended with the disabling

    fireEvent.click(screen.getByText('启用账号'));
    fireEvent.click(screen.getByText('确认启用'));
    await screen.findByText('已启用，请把新的邀请码发给 TA', { selector: '.hz-access-done' });
    fireEvent.click(screen.getByText('重新生成邀请码'));
    expect(screen.getByText('旧邀请码会立即失效，新码 7 天内有效、只能用一次。')).toBeTruthy();
    fireEvent.click(screen.getByText('确认重新生成'));
    await screen.findByText('已生成新的邀请码，旧的已失效', { selector: '.hz-access-done' });
    const now = (await backend.as<PersonView[]>('DEMO-OP', 'operator', 'listPeople')).find((p) => p.id === sun.id)!;
    expect(now.inviteCode).not.toBe(sun.inviteCode);
    expect(await screen.findByText(now.inviteCode)).toBeTruthy();
    expect(screen.getByText('可用')).toBeTruthy();
    const log = Array.from(document.querySelectorAll('.hz-access-log'), (n) => n.textContent ?? '');
    expect(log.map((l) => l.split(' · ').slice(1).join(' · '))).toEqual([
      '周晓（运营） · 重新生成邀请码', '周晓（运营） · 启用', '周晓（运营） · 停用', '孙姐 · 登录（未知设备）', '周晓（运营） · 邀请（团长，邀请码 ' + sun.inviteCode + '）',
    ]);
  });

  test('让 TA 退出所有设备 says what it does, ends the person\'s sessions only once confirmed, and leaves the account enabled', async () => {
    const sun = await backend.as<PersonView>('DEMO-OP', 'operator', 'savePerson', { person: { name: '孙姐', role: 'leader', community: '幸福里' } });
    await backend.as(sun.inviteCode, 'leader', 'availability'); // she signs in on her phone
    await openApp(PAGES.personEdit, { as: 'DEMO-OP', params: { id: sun.id } });
    await screen.findByText('编辑 孙姐');
    expect(await screen.findByText('登录中的设备 1 台')).toBeTruthy();
    const ending = () => backend.calls.filter((c) => c.fn === 'operator' && c.action === 'endSessions');

    // The first tap only says what will happen; 取消 leaves her signed in.
    fireEvent.click(screen.getByText('让 TA 退出所有设备'));
    expect(screen.getByText('TA 登录过的所有设备都会退出，需要新的邀请码才能再登录。')).toBeTruthy();
    fireEvent.click(within(document.querySelector('.hz-access-ask') as HTMLElement).getByText('取消'));
    expect(screen.queryByText('确认退出')).toBeNull();
    expect(ending()).toEqual([]);
    expect(await backend.as(sun.inviteCode, 'leader', 'availability')).toBeTruthy();

    fireEvent.click(screen.getByText('让 TA 退出所有设备'));
    fireEvent.click(screen.getByText('确认退出'));
    expect(await screen.findByText('TA 的所有设备已退出登录', { selector: '.hz-access-done' })).toBeTruthy();
    expect(ending()).toEqual([{ fn: 'operator', action: 'endSessions', payload: { userId: sun.id } }]);
    expect(await screen.findByText('没有登录中的设备')).toBeTruthy();
    expect(screen.queryByText('让 TA 退出所有设备')).toBeNull(); // nothing left to end
    expect(screen.getByText('账号')).toBeTruthy(); // not 账号（已停用）
    await expect(backend.as(sun.inviteCode, 'leader', 'availability')).rejects.toThrow('请先登录');
    // Another leader's session holds.
    expect(await backend.as('DEMO-L01', 'leader', 'availability')).toBeTruthy();
    expect(document.querySelector('.hz-access-log')?.textContent).toContain('周晓（运营） · 退出所有设备（1 台设备）');
  });
});

describe('设置', () => {
  const settingsNow = async () => (await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings')).settings;

  test('cutoff, deadline, quota and coupon are saved in the server’s units', async () => {
    await openApp(PAGES.settings, { as: 'DEMO-OP' });
    await screen.findByLabelText('截单时间');
    expect((screen.getByLabelText('截单时间') as HTMLInputElement).value).toBe('22:00');
    expect((screen.getByLabelText('每位团长最多') as HTMLInputElement).value).toBe('30');
    expect((screen.getByLabelText('退款时送优惠券') as HTMLInputElement).value).toBe('5.00');

    fill('截单时间', '21:30');
    fill('供应商确认截止', '8:00');
    fill('可售低于', '20');
    fill('每位团长最多', '25');
    fill('退款时送优惠券', '8');
    fireEvent.click(screen.getByText('保存设置'));

    await waitFor(async () => expect((await settingsNow()).cutoffTime).toBe('21:30'));
    expect(await settingsNow()).toMatchObject({ confirmDeadline: '08:00', quota: { sellableBelow: 20, share: 0.25 }, couponValue: 800 });
  });

  test('an alert kind switched off is not raised; its recipients and timing are listed', async () => {
    await openApp(PAGES.settings, { as: 'DEMO-OP' });
    const lowStock = (await screen.findByText('库存预警')).closest('.hz-alert-kind') as HTMLElement;
    expect(within(lowStock).getByText('发给：运营、该商品的供应商')).toBeTruthy();
    const cutoff = screen.getByText('截单提醒').closest('.hz-alert-kind') as HTMLElement;
    expect(within(cutoff).getByText('发给：购物车里有商品或今天下过单的团长 · 每天 21:30')).toBeTruthy();

    fireEvent.click(within(lowStock).getByLabelText('库存预警 开关'));
    expect(within(lowStock).getByText('关')).toBeTruthy();
    fill('截单提醒时间', '21:00');
    fill('报数提醒提前', '45');
    fill('报数超龄提醒间隔', '90');
    fill('超龄提醒结束', '20:30');
    expect((screen.getByLabelText('售出超过报数的') as HTMLInputElement).value).toBe('30');
    fill('售出超过报数的', '40');
    fill('运营群机器人', ROBOT);
    fireEvent.click(screen.getByText('保存设置'));

    await waitFor(async () => expect((await settingsNow()).alerts.disabled).toEqual(['lowStock']));
    expect((await settingsNow()).alerts).toMatchObject({
      cutoffReminderTime: '21:00', reportDueLeadMinutes: 45, overAgeRemindEveryMinutes: 90, overAgeRemindFrom: '08:00', overAgeRemindTo: '20:30', recountSalesShare: 0.4, operatorWecomWebhook: ROBOT,
    });
    expect(within(screen.getByText('报数超龄').closest('.hz-alert-kind') as HTMLElement).getByText(/08:00–20:30 每 90 分钟至多一次/)).toBeTruthy();
    expect(await within(screen.getByText('截单提醒').closest('.hz-alert-kind') as HTMLElement).findByText('发给：购物车里有商品或今天下过单的团长 · 每天 21:00')).toBeTruthy();
    const kinds = await backend.as<AlertKindView[]>('DEMO-OP', 'operator', 'alertKinds');
    expect(kinds.find((k) => k.kind === 'lowStock')?.enabled).toBe(false);

    // Blueberries fall to the warning line: nobody hears of it.
    await backend.as('DEMO-L01', 'leader', 'placeOrder', { idempotencyKey: 'blue-berry-0001', lines: [{ skuId: 'HZ2009', qty: 9 }] });
    const inbox = await backend.as<InboxView>('DEMO-S02', 'account', 'inbox', {});
    expect(inbox.alerts.filter((a) => a.kind === 'lowStock')).toEqual([]);
  });

  test('subscription templates per kind: id and field mapping, refused mappings named at the field', async () => {
    await openApp(PAGES.settings, { as: 'DEMO-OP' });
    await screen.findByText('库存预警');

    fill('缺货待处理 模板ID', 'tmpl-shortage-0001');
    fill('缺货待处理 字段对应', 'thing1=主题 thing2:说明 time3=时间 number4=数量 coupon=状态');
    fireEvent.click(screen.getByText('保存设置'));
    expect(within(fieldOf('缺货待处理 字段对应')).getByText('“coupon”不是模板的字段名，应像 thing1、time2、number3')).toBeTruthy();

    fill('缺货待处理 字段对应', 'thing1=主题 thing2:说明 time3=时间 number4=数量 phrase5=status');
    fill('截单提醒 字段对应', 'thing1=主题');
    fireEvent.click(screen.getByText('保存设置'));
    expect(within(fieldOf('截单提醒 模板ID')).getByText('填了字段对应，请同时填写模板 ID')).toBeTruthy();

    fill('截单提醒 模板ID', 'short');
    fireEvent.click(screen.getByText('保存设置'));
    // The server refuses an id this short and names it: it lands at that kind's box.
    expect(await within(fieldOf('截单提醒 模板ID')).findByText(/至少 10 个字符/)).toBeTruthy();

    fill('截单提醒 模板ID', 'tmpl-cutoff-00001');
    fireEvent.click(screen.getByText('保存设置'));
    await waitFor(async () => expect((await settingsNow()).alerts.subscribeTemplates).toHaveLength(2));
    expect((await settingsNow()).alerts.subscribeTemplates).toEqual([
      { kind: 'cutoffSoon', templateId: 'tmpl-cutoff-00001', data: { thing1: 'subject' } },
      { kind: 'shortage', templateId: 'tmpl-shortage-0001', data: { thing1: 'subject', thing2: 'detail', time3: 'time', number4: 'quantity', phrase5: 'status' } },
    ]);
    expect((screen.getByLabelText('缺货待处理 字段对应') as HTMLInputElement).value).toBe('thing1=主题 thing2=说明 time3=时间 number4=数量 phrase5=状态');
  });
});

test('a supplier gets its own cutoff and robot URL', async () => {
  const { router } = await openApp(PAGES.supplierEdit, { as: 'DEMO-OP', params: { id: 'S02' } });
  await screen.findByText('编辑 赣南果园直供');

  fill('截单时间', '21:00');
  fill('群机器人地址', ROBOT);
  fireEvent.click(screen.getByText('保存'));

  await waitFor(() => expect(router.current).toBe(PAGES.suppliers));
  const saved = (await backend.as<Array<SupplierView & { cutoffTime?: string; wecomWebhook?: string }>>('DEMO-OP', 'operator', 'listSuppliers')).find((s) => s.id === 'S02');
  expect(saved).toMatchObject({ cutoffTime: '21:00', wecomWebhook: ROBOT });
});
