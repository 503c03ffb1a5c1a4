// 我的订单: changing and cancelling lines before cutoff; after cutoff, the status only.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { AvailabilityItem, LeaderDayView, PlaceOrderResult } from '@/services/types';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

/** 2026-11-26 22:00 and 22:30 in Shanghai. */
const CUTOFF = Date.UTC(2026, 10, 26, 14, 0);
const AFTER_CUTOFF = Date.UTC(2026, 10, 26, 14, 30);

async function sellable(skuId: string): Promise<number> {
  const items = await backend.as<AvailabilityItem[]>('DEMO-L03', 'leader', 'availability');
  return items.find((i) => i.skuId === skuId)!.sellable;
}

function placeForWang(key: string) {
  return backend.as<PlaceOrderResult>('DEMO-L01', 'leader', 'placeOrder', {
    idempotencyKey: key,
    lines: [
      { skuId: 'HZ2001', qty: 3, customer: '1号 张三' },
      { skuId: 'HZ2004', qty: 2, customer: '2号 李四' },
    ],
  });
}

const lineOf = (customer: string): HTMLElement => screen.getByText(`顾客：${customer}`).closest('.hz-my-line') as HTMLElement;

test('before cutoff a line can get a new quantity or be cancelled, and the stock moves at once', async () => {
  await placeForWang('wang-order-0001');
  const oranges = await sellable('HZ2001');
  const tangerines = await sellable('HZ2004');
  await openApp(PAGES.myOrders, { as: 'DEMO-L01' });

  expect(await screen.findByText('11月26日')).toBeTruthy();
  expect(screen.getByText('22:00 截单前可修改 · 共 5 件')).toBeTruthy();
  const orange = lineOf('1号 张三');
  expect(within(orange).getByText('已下单')).toBeTruthy();

  // Less: the unit goes back on sale.
  fireEvent.click(within(orange).getByLabelText('赣南脐橙 5斤装 果径75-80mm 1号 张三 数量 减一'));
  fireEvent.click(within(orange).getByText('改数量'));
  await waitFor(() => expect(screen.getByText('22:00 截单前可修改 · 共 4 件')).toBeTruthy());
  expect(await sellable('HZ2001')).toBe(oranges + 1);
  expect((within(lineOf('1号 张三')).getByLabelText('赣南脐橙 5斤装 果径75-80mm 1号 张三 数量') as HTMLInputElement).value).toBe('2');

  // Cancel asks once more, then releases the whole line.
  const tangerine = lineOf('2号 李四');
  fireEvent.click(within(tangerine).getByText('取消'));
  expect(within(tangerine).getByText('取消后库存立即释放')).toBeTruthy();
  fireEvent.click(within(tangerine).getByText('确认取消'));
  await waitFor(() => expect(within(lineOf('2号 李四')).getByText('已取消')).toBeTruthy());
  expect(within(lineOf('2号 李四')).queryByText('改数量')).toBeNull();
  expect(await sellable('HZ2004')).toBe(tangerines + 2);

  const [day] = await backend.as<LeaderDayView[]>('DEMO-L01', 'leader', 'myOrders', {});
  expect(day!.lines.map((l) => [l.customer, l.qty, l.status])).toEqual([
    ['1号 张三', 2, 'placed'],
    ['2号 李四', 2, 'cancelled'],
  ]);
});

test('more than is sellable is refused at the line', async () => {
  await placeForWang('wang-order-0002');
  const room = await sellable('HZ2004');
  await openApp(PAGES.myOrders, { as: 'DEMO-L01' });
  await screen.findByText('11月26日');

  const tangerine = lineOf('2号 李四');
  fireEvent.input(within(tangerine).getByLabelText('四川沃柑 5斤装 2号 李四 数量'), { target: { value: String(room + 3) } });
  fireEvent.click(within(tangerine).getByText('改数量'));

  expect(await within(lineOf('2号 李四')).findByText(`四川沃柑 可售只剩 ${room} 件，不能再加 ${room + 1} 件`)).toBeTruthy();
  expect(await sellable('HZ2004')).toBe(room);
});

test('after cutoff the lines only show their status; a page left open is told why it cannot change', async () => {
  await placeForWang('wang-order-0003');
  await openApp(PAGES.myOrders, { as: 'DEMO-L01' });
  await screen.findByText('22:00 截单前可修改 · 共 5 件');

  backend.clock.set(AFTER_CUTOFF);
  fireEvent.click(within(lineOf('1号 张三')).getByLabelText('赣南脐橙 5斤装 果径75-80mm 1号 张三 数量 加一'));
  fireEvent.click(within(lineOf('1号 张三')).getByText('改数量'));

  expect(await within(lineOf('1号 张三')).findByText('已过截单时间，不能再修改；如需调整请联系运营')).toBeTruthy();
  expect(screen.getByText('已截单 · 共 5 件')).toBeTruthy();
  expect(screen.queryByText('改数量')).toBeNull();

  // The cutoff job forwards the lines into the supplier's wave.
  await closeDueWaves(backend.deps);
  fireEvent.click(screen.getByText('‹ 可售库存'));
  fireEvent.click(await screen.findByText('我的订单'));
  expect(await within(await waitFor(() => lineOf('1号 张三'))).findByText('已截单')).toBeTruthy();
  expect(within(lineOf('1号 张三')).getByText('× 3')).toBeTruthy();
});

test('an order placed after cutoff says which day’s wave it joins', async () => {
  backend.clock.set(CUTOFF + 5 * 60 * 1000);
  await openApp(PAGES.availability, { as: 'DEMO-L01' });
  await screen.findByText('五常稻花香大米');
  const card = screen.getAllByText('5斤装 果径75-80mm').map((n) => n.closest('.hz-item')).find(Boolean) as HTMLElement;
  fireEvent.click(within(card).getByText('加入订单'));
  fireEvent.click(screen.getByText(/^去下单/));
  fireEvent.click(await screen.findByText('提交订单'));

  expect(await screen.findByText('已过截单时间，订单将进入 11月27日 的波次')).toBeTruthy();
  fireEvent.click(screen.getByText('我的订单'));
  expect(await screen.findByText('11月27日')).toBeTruthy();
  expect(screen.getByText('11月27日 22:00 截单前可修改 · 共 1 件')).toBeTruthy();
});
