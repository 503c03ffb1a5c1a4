import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { SupplierSkuView } from '@/services/types';
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
const STRAWBERRY = '丹东红颜草莓 2斤礼盒 库存数量';

/** The card holding a count box, to read what the page says about that SKU. */
const rowOf = (label: string): HTMLElement => screen.getByLabelText(label).closest('.hz-report-row') as HTMLElement;

const type = (label: string, text: string): void => {
  fireEvent.input(screen.getByLabelText(label), { target: { value: text } });
};

async function openAsOrchard() {
  const app = await openApp(PAGES.report, { as: 'DEMO-S02' });
  await screen.findByLabelText(ORANGE_5);
  return app;
}

test('lists the supplier’s own SKUs with the last count, how fresh it is, prefilled', async () => {
  await openAsOrchard();

  expect(screen.getByText('赣南果园直供')).toBeTruthy();
  expect(screen.getByText('共 10 个商品，请按仓库实际件数填写')).toBeTruthy();
  expect(within(rowOf(ORANGE_5)).getByText('上次 120 件 · 14小时前 · 晚报')).toBeTruthy();
  expect((screen.getByLabelText(ORANGE_5) as HTMLInputElement).value).toBe('120');
  expect((screen.getByLabelText(STRAWBERRY) as HTMLInputElement).value).toBe('8');
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
  expect((screen.getByLabelText(ORANGE_5) as HTMLInputElement).value).toBe('100');
  expect(screen.getByText('数量与上次相同')).toBeTruthy();

  // The server kept what the page shows.
  const stored = await backend.as<SupplierSkuView[]>('DEMO-S02', 'supplier', 'mySkus');
  expect(stored.find((s) => s.skuId === 'HZ2001')?.lastOnHand).toBe(100);
  expect(stored.find((s) => s.skuId === 'HZ2002')?.lastOnHand).toBe(35);
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
  const stored = await backend.as<SupplierSkuView[]>('DEMO-S02', 'supplier', 'mySkus');
  expect(stored.find((s) => s.skuId === 'HZ2001')?.lastOnHand).toBe(120);

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

test('“与上次相同” puts every last count back', async () => {
  await openAsOrchard();

  type(ORANGE_5, '7');
  type(ORANGE_10, '');
  fireEvent.click(screen.getByText('与上次相同'));

  expect((screen.getByLabelText(ORANGE_5) as HTMLInputElement).value).toBe('120');
  expect((screen.getByLabelText(ORANGE_10) as HTMLInputElement).value).toBe('40');
  expect(screen.getByText('数量与上次相同')).toBeTruthy();

  // Confirming unchanged stock still refreshes how fresh it is.
  backend.clock.advance(5 * 60 * 1000);
  fireEvent.click(screen.getByText('提交报数'));
  expect(await within(rowOf(ORANGE_5)).findByText('上次 120 件 · 刚刚 · 早报')).toBeTruthy();
});

test('a leader cannot open the report page', async () => {
  await openApp(PAGES.report, { as: 'DEMO-L01' });

  expect(await screen.findByText('此页面仅限供应商使用')).toBeTruthy();
  await waitFor(() => expect(backend.calls.some((c) => c.action === 'mySkus')).toBe(false));
});
