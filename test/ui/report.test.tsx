import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { HeldView, IntakeResult, ReportSheet } from '@/services/types';
import { refreshStock } from '../../cloudfunctions/src/jobs/refresh-stock';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

const ORANGE_5 = '赣南脐橙 5斤装 果径75-80mm 库存数量';
const ORANGE_10 = '赣南脐橙 10斤装 果径80-85mm 库存数量';
const MANDARIN = '广西砂糖橘 3斤装 库存数量';
const STRAWBERRY = '丹东红颜草莓 2斤礼盒 库存数量';

/** The card holding a count box, to read what the page says about that SKU. */
const rowOf = (label: string): HTMLElement => screen.getByLabelText(label).closest('.hz-report-row') as HTMLElement;
const boxOf = (label: string): HTMLInputElement => screen.getByLabelText(label) as HTMLInputElement;

const type = (label: string, text: string): void => {
  fireEvent.input(screen.getByLabelText(label), { target: { value: text } });
};

/** The held dialog, while it is open. */
const dialog = (): HTMLElement => screen.getByText('数量变化很大，请确认').closest('.nut-dialog') as HTMLElement;

async function openAsOrchard() {
  const app = await openApp(PAGES.report, { as: 'DEMO-S02' });
  await screen.findByLabelText(ORANGE_5);
  return app;
}

async function sheet(): Promise<ReportSheet> {
  return backend.as<ReportSheet>('DEMO-S02', 'supplier', 'reportSheet');
}

const lastOnHand = async (skuId: string): Promise<number | null | undefined> => (await sheet()).rows.find((r) => r.skuId === skuId)?.lastOnHand;

test('a line whose count is older than its tier allows is marked for counting again', async () => {
  // Strawberries sell fast: the operator marks them hot (a count may be 2 hours old); last evening's count is 14.
  const strawberries = (await backend.deps.store.listSkus()).find((k) => k.id === 'HZ2005')!;
  await backend.deps.store.upsertSkus([{ ...strawberries, tierOverride: 'hot' }]);
  await refreshStock(backend.deps);
  await openAsOrchard();

  expect(within(rowOf(STRAWBERRY)).getByText('超龄·请重报')).toBeTruthy();
  expect(within(rowOf(ORANGE_5)).queryByText('超龄·请重报')).toBeNull();
  expect(screen.getByText(/^有 1 个商品的报数已超龄/)).toBeTruthy();
});

test('the title says which report the clock says is due; each line shows the last count, when, and the cost', async () => {
  await openAsOrchard();

  // 10:00 is closest to the 08:00 report.
  expect(screen.getByText('早报 · 08:00')).toBeTruthy();
  expect(screen.getByText('赣南果园直供')).toBeTruthy();
  expect(screen.getByText('共 10 个商品，请按仓库实际件数填写')).toBeTruthy();
  expect(within(rowOf(ORANGE_5)).getByText('上次 120 件 · 14小时前 · 晚报')).toBeTruthy();
  const cost = (await sheet()).rows.find((r) => r.skuId === 'HZ2001')?.cost;
  expect(cost).toBeGreaterThan(0);
  expect(within(rowOf(ORANGE_5)).getByText(`5斤装 果径75-80mm · 成本 ¥${(cost! / 100).toFixed(2)}`)).toBeTruthy();
  expect(boxOf(ORANGE_5).value).toBe('120');
  expect(boxOf(STRAWBERRY).value).toBe('8');
  // Only this supplier's goods: nothing from the cold-chain warehouse.
  expect(screen.queryByText('五常稻花香大米')).toBeNull();
});

test('submitting changed counts updates them and shows the receipt', async () => {
  await openAsOrchard();

  type(ORANGE_5, '100');
  type(ORANGE_10, '35');
  expect(screen.getByText('已修改 2 项')).toBeTruthy();
  fireEvent.click(screen.getByText('提交报数'));

  expect(await screen.findByText('已报送 · 早报 · 10:00')).toBeTruthy();
  expect(screen.getByText('报数成功（早报，10 个商品）')).toBeTruthy();
  expect(within(rowOf(ORANGE_5)).getByText('上次 100 件 · 刚刚 · 早报')).toBeTruthy();
  expect(within(rowOf(ORANGE_10)).getByText('上次 35 件 · 刚刚 · 早报')).toBeTruthy();
  expect(boxOf(ORANGE_5).value).toBe('100');
  expect(screen.getByText('数量与上次相同')).toBeTruthy();

  // The server kept what the page shows.
  expect(await lastOnHand('HZ2001')).toBe(100);
  expect(await lastOnHand('HZ2002')).toBe(35);
});

test('a bad count is shown at its line and nothing is applied', async () => {
  await openAsOrchard();

  type(ORANGE_5, '90');
  type(STRAWBERRY, '2000000');
  fireEvent.click(screen.getByText('提交报数'));

  expect(await within(rowOf(STRAWBERRY)).findByText('库存数量不能大于 1000000')).toBeTruthy();
  expect(screen.getByText('报数未提交：1 个商品有误，请按提示修改')).toBeTruthy();
  // The good line is not marked, and the report applied whole or not at all: still the old counts.
  expect(within(rowOf(ORANGE_5)).queryByText(/不能/)).toBeNull();
  expect(within(rowOf(ORANGE_5)).getByText('上次 120 件 · 14小时前 · 晚报')).toBeTruthy();
  expect(await lastOnHand('HZ2001')).toBe(120);

  // Fixing the line clears its error; the next submit goes through.
  type(STRAWBERRY, '6');
  expect(within(rowOf(STRAWBERRY)).queryByText('库存数量不能大于 1000000')).toBeNull();
  fireEvent.click(screen.getByText('提交报数'));
  expect(await within(rowOf(STRAWBERRY)).findByText('上次 6 件 · 刚刚 · 早报')).toBeTruthy();
});

test('a blank count is asked for, not taken as zero', async () => {
  await openAsOrchard();

  type(ORANGE_5, '');
  fireEvent.click(screen.getByText('提交报数'));

  expect(within(rowOf(ORANGE_5)).getByText('请填写库存数量（没有货请填 0）')).toBeTruthy();
  expect(screen.getByText('还有 1 个商品没填数量')).toBeTruthy();
  expect(backend.calls.some((c) => c.action === 'submitReport')).toBe(false);
});

test('“与上次相同” puts every last count back; “同上次” one line', async () => {
  await openAsOrchard();

  type(ORANGE_5, '7');
  type(ORANGE_10, '');
  type(MANDARIN, '70');
  fireEvent.click(within(rowOf(MANDARIN)).getByText('同上次'));
  expect(boxOf(MANDARIN).value).toBe('85');
  expect(boxOf(ORANGE_5).value).toBe('7');

  fireEvent.click(screen.getByText('与上次相同'));
  expect(boxOf(ORANGE_5).value).toBe('120');
  expect(boxOf(ORANGE_10).value).toBe('40');
  expect(screen.getByText('数量与上次相同')).toBeTruthy();

  // Confirming unchanged stock still refreshes how fresh it is.
  backend.clock.advance(5 * 60 * 1000);
  fireEvent.click(screen.getByText('提交报数'));
  expect(await within(rowOf(ORANGE_5)).findByText('上次 120 件 · 刚刚 · 早报')).toBeTruthy();
});

test('the stepper adds and takes away one, never below zero', async () => {
  await openAsOrchard();

  fireEvent.click(screen.getByLabelText(`${ORANGE_5} 加一`));
  fireEvent.click(screen.getByLabelText(`${ORANGE_5} 加一`));
  expect(boxOf(ORANGE_5).value).toBe('122');
  expect(within(rowOf(ORANGE_5)).getByText('已修改')).toBeTruthy();
  type(STRAWBERRY, '1');
  fireEvent.click(screen.getByLabelText(`${STRAWBERRY} 减一`));
  fireEvent.click(screen.getByLabelText(`${STRAWBERRY} 减一`));
  expect(boxOf(STRAWBERRY).value).toBe('0');
});

test('Enter (the keyboard’s 下一项) and “下一项” move to the next line’s box', async () => {
  await openAsOrchard();

  act(() => boxOf(ORANGE_5).focus());
  type(ORANGE_5, '110');
  fireEvent.keyDown(boxOf(ORANGE_5), { key: 'Enter', keyCode: 13 });
  await waitFor(() => expect(document.activeElement).toBe(boxOf(ORANGE_10)));

  fireEvent.click(within(rowOf(ORANGE_10)).getByText('下一项 ↓'));
  await waitFor(() => expect(document.activeElement).toBe(boxOf(MANDARIN)));
  expect(boxOf(ORANGE_5).value).toBe('110');
});

test('a count that jumps asks first; 确认无误 applies it whole', async () => {
  await openAsOrchard();

  type(ORANGE_5, '600');
  type(ORANGE_10, '38');
  fireEvent.click(screen.getByText('提交报数'));

  expect(await screen.findByText('数量变化很大，请确认')).toBeTruthy();
  expect(within(dialog()).getByText('赣南脐橙 5斤装 果径75-80mm：120 → 600 件')).toBeTruthy();
  expect(within(dialog()).getByText('另有 9 个商品变化不大，将一起生效')).toBeTruthy();
  // Held: nothing applied yet, not even the line that did not jump.
  expect(await lastOnHand('HZ2001')).toBe(120);
  expect(await lastOnHand('HZ2002')).toBe(40);

  fireEvent.click(within(dialog()).getByText('确认无误'));

  expect(await screen.findByText('已报送 · 早报 · 10:00')).toBeTruthy();
  expect(within(rowOf(ORANGE_5)).getByText('上次 600 件 · 刚刚 · 早报')).toBeTruthy();
  expect(await lastOnHand('HZ2001')).toBe(600);
  expect(await lastOnHand('HZ2002')).toBe(38);
  expect(backend.calls.map((c) => c.action)).toContain('confirmHeld');
});

test('返回修改 discards the held report and keeps what was typed, marked to check', async () => {
  await openAsOrchard();

  type(ORANGE_5, '600');
  fireEvent.click(screen.getByText('提交报数'));
  await screen.findByText('数量变化很大，请确认');

  fireEvent.click(within(dialog()).getByText('返回修改'));

  expect(await within(rowOf(ORANGE_5)).findByText('与上次 120 件相差很大，请核对后再提交')).toBeTruthy();
  expect(boxOf(ORANGE_5).value).toBe('600');
  await waitFor(() => expect(document.activeElement).toBe(boxOf(ORANGE_5)));
  expect(await lastOnHand('HZ2001')).toBe(120);
  const held = await backend.as<HeldView[]>('DEMO-OP', 'operator', 'listHeld', {});
  expect(held.map((h) => h.status)).toEqual(['discarded']);

  // The typo fixed, the report goes through.
  type(ORANGE_5, '60');
  fireEvent.click(screen.getByText('提交报数'));
  expect(await within(rowOf(ORANGE_5)).findByText('上次 60 件 · 刚刚 · 早报')).toBeTruthy();
});

test('a held report from before waits at the top with the same two choices', async () => {
  const held = await backend.as<IntakeResult>('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 850 }] });
  expect(held.status).toBe('held');
  backend.clock.advance(30 * 60 * 1000);
  await openAsOrchard();

  expect(screen.getByText('有 1 次报数等待确认（未生效）')).toBeTruthy();
  const card = screen.getByText('广西砂糖橘 3斤装：85 → 850 件').closest('.hz-held-card') as HTMLElement;
  expect(within(card).getByText('果园老李 · 10:00 · 小程序报数')).toBeTruthy();

  fireEvent.click(within(card).getByText('确认无误'));

  expect(await within(rowOf(MANDARIN)).findByText('上次 850 件 · 30分钟前 · 早报')).toBeTruthy();
  expect(screen.queryByText('有 1 次报数等待确认（未生效）')).toBeNull();
  expect(await lastOnHand('HZ2003')).toBe(850);
});

test('a waiting report sent back with 返回修改 puts its numbers in the boxes', async () => {
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 850 }] });
  await openAsOrchard();

  const card = screen.getByText('广西砂糖橘 3斤装：85 → 850 件').closest('.hz-held-card') as HTMLElement;
  fireEvent.click(within(card).getByText('返回修改'));

  expect(await within(rowOf(MANDARIN)).findByText('与上次 85 件相差很大，请核对后再提交')).toBeTruthy();
  expect(boxOf(MANDARIN).value).toBe('850');
  expect(screen.queryByText(/等待确认/)).toBeNull();
  expect(await lastOnHand('HZ2003')).toBe(85);
});

test('each line leads to its history', async () => {
  const { router } = await openAsOrchard();

  fireEvent.click(within(rowOf(ORANGE_5)).getByText('历史 ›'));

  expect(router.current).toBe(PAGES.skuHistory);
  expect(router.params()).toEqual({ skuId: 'HZ2001' });
  expect(await screen.findByText('赣南脐橙 5斤装 果径75-80mm')).toBeTruthy();
});

test('a leader cannot open the report page', async () => {
  await openApp(PAGES.report, { as: 'DEMO-L01' });

  expect(await screen.findByText('此页面仅限供应商使用')).toBeTruthy();
  await waitFor(() => expect(backend.calls.some((c) => c.action === 'reportSheet')).toBe(false));
});
