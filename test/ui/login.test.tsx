import { fireEvent, screen, waitFor } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import { getToken } from '@/services/token';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';
import { hashToken } from '../../cloudfunctions/src/handlers/sessions';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

test('the demo sign-in lists every demo person with who they are', async () => {
  await openApp(PAGES.login);

  expect(await screen.findByText('冷链仓小赵')).toBeTruthy();
  expect(screen.getByText('供应商 · 鲜丰冷链仓（接口对接）')).toBeTruthy();
  expect(screen.getByText('果园老李')).toBeTruthy();
  expect(screen.getByText('王姐')).toBeTruthy();
  expect(screen.getByText('团长 · 阳光小区')).toBeTruthy();
  expect(screen.getByText('周晓（运营）')).toBeTruthy();
});

test('tapping a supplier signs in and opens the stock report', async () => {
  const { router } = await openApp(PAGES.login);

  fireEvent.click(await screen.findByText('果园老李'));

  expect(await screen.findByText('赣南果园直供')).toBeTruthy();
  expect(router.current).toBe(PAGES.report);
  expect(screen.getByText('果园老李 · 供应商 · 赣南果园直供')).toBeTruthy();
  expect(getToken()).toMatch(/^hz_/);
});

test('tapping a leader signs in and opens what is sellable', async () => {
  const { router } = await openApp(PAGES.login);

  fireEvent.click(await screen.findByText('王姐'));

  expect(await screen.findByText('五常稻花香大米')).toBeTruthy();
  expect(router.current).toBe(PAGES.availability);
  expect(screen.getByText('王姐 · 团长 · 阳光小区')).toBeTruthy();
});

test('the operator lands on the 工作台', async () => {
  const { router } = await openApp(PAGES.login);

  fireEvent.click(await screen.findByText('周晓（运营）'));

  expect(await screen.findByText('工作台')).toBeTruthy();
  expect(router.current).toBe(PAGES.operatorHome);
  expect(screen.getByText('周晓（运营） · 运营')).toBeTruthy();
});

test('a wrong invite code says so and signs nobody in', async () => {
  await openApp(PAGES.login);

  const input = await screen.findByPlaceholderText('邀请码');
  fireEvent.input(input, { target: { value: 'NOPE-1234' } });
  fireEvent.click(screen.getByText('登录'));

  expect(await screen.findByText('邀请码无效')).toBeTruthy();
  expect(screen.getByText('邀请码无效，请向运营确认')).toBeTruthy();
  expect(getToken()).toBeNull();
});

test('an invite code typed by hand signs in', async () => {
  const { router } = await openApp(PAGES.login);

  fireEvent.input(await screen.findByPlaceholderText('邀请码'), { target: { value: 'DEMO-S03' } });
  fireEvent.click(screen.getByText('登录'));

  expect(await screen.findByText('山里土鸡蛋合作社')).toBeTruthy();
  expect(router.current).toBe(PAGES.report);
});

test('an invite code is found in any case, spaced, or typed full-width on a Chinese keyboard', async () => {
  for (const typed of [' demo-s03 ', 'Demo-S03', 'ｄｅｍｏ－ｓ０３']) {
    const { router, unmount } = await openApp(PAGES.login);
    fireEvent.input(await screen.findByPlaceholderText('邀请码'), { target: { value: typed } });
    fireEvent.click(screen.getByText('登录'));
    await waitFor(() => expect(router.current).toBe(PAGES.report));
    expect(getToken()).not.toBeNull();
    unmount();
  }
});

test('switching people signs out and returns to the sign-in list', async () => {
  const { router } = await openApp(PAGES.availability, { as: 'DEMO-L01' });

  fireEvent.click(await screen.findByText('切换身份'));

  await waitFor(() => expect(router.current).toBe(PAGES.login));
  expect(await screen.findByText('冷链仓小赵')).toBeTruthy();
  expect(getToken()).toBeNull();
});

test('opening the app with a live session goes straight to work', async () => {
  const { router } = await openApp(PAGES.login, { as: 'DEMO-S01' });

  await waitFor(() => expect(router.current).toBe(PAGES.report));
  expect(await screen.findByText('鲜丰冷链仓')).toBeTruthy();
});

test('an expired session sends the person back to sign in', async () => {
  await openApp(PAGES.availability, { as: 'DEMO-L01' });
  await screen.findByText('五常稻花香大米');
  await backend.deps.store.deleteSession(hashToken(getToken()!));

  fireEvent.click(screen.getByText('刷新'));

  expect(await screen.findByText('请先登录')).toBeTruthy();
  expect(getToken()).toBeNull();
});

test('no server at all: the sign-in page says so and retries', async () => {
  backend.dropNextRequest('account', 'whoami');
  await openApp(PAGES.login);

  expect(await screen.findByText('连接不上服务器')).toBeTruthy();
  fireEvent.click(screen.getByText('重试'));
  expect(await screen.findByText('冷链仓小赵')).toBeTruthy();
});
