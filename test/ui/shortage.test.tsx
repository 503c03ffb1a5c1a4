// A short line, from the leader's side: 缺货处理 asks before a refund or a substitute takes
// effect, and 我的订单 then says what ships and what the customer gets (issue 12 items 11, 16).
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
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

/** 王姐 ordered 4 oranges for 王阿姨; the supplier can ship 1: a task for 3. */
async function shortOfThree(): Promise<void> {
  await backend.as('DEMO-L01', 'leader', 'placeOrder', { idempotencyKey: 'short-order-0001', lines: [{ skuId: 'HZ2001', qty: 4, customer: '3号 王阿姨' }] });
  backend.clock.set(CUTOFF);
  await closeDueWaves(backend.deps);
  await backend.as('DEMO-S02', 'supplier', 'confirmWave', { waveId: 'S02_2026-11-26', skus: [{ skuId: 'HZ2001', shipQty: 1 }] });
  backend.clock.set(AFTER_CUTOFF);
}

const dialog = (title: string): HTMLElement => screen.getByText(title).closest('.nut-dialog') as HTMLElement;
const sent = (action: string) => backend.calls.filter((c) => c.action === action);

test('退款 names the amount and the customer first; only the confirmation refunds, and 我的订单 then says what shipped', async () => {
  await shortOfThree();
  await openApp(PAGES.leaderTasks, { as: 'DEMO-L01' });
  expect(await screen.findByText('退 3 件的货款 ¥89.70，并送顾客 ¥5.00 优惠券')).toBeTruthy();

  fireEvent.click(screen.getByText('退款+优惠券 ¥5.00'));
  const ask = dialog('确认退款？');
  expect(within(ask).getByText('退款 ¥89.70 给 3号 王阿姨（赣南脐橙 3 件），并送 ¥5.00 优惠券？此操作不能撤销')).toBeTruthy();
  fireEvent.click(within(ask).getByText('再想想'));
  expect(sent('chooseRefund')).toHaveLength(0);
  expect(screen.queryByText('确认退款？')).toBeNull();

  fireEvent.click(screen.getByText('退款+优惠券 ¥5.00'));
  fireEvent.click(within(dialog('确认退款？')).getByText('退款 ¥89.70'));
  expect(await screen.findByText('已退款 ¥89.70，送 ¥5.00 优惠券')).toBeTruthy();
  expect(sent('chooseRefund')).toHaveLength(1);

  await openApp(PAGES.myOrders, { as: 'DEMO-L01' });
  expect(await screen.findByText('将发 1 件；缺的 3 件已退款 ¥89.70，另送 ¥5.00 优惠券')).toBeTruthy();
  expect(screen.queryByText(/请到“缺货处理”/)).toBeNull();
});

test('a substitute chosen after cutoff is confirmed first, says it ships with the next wave, and who pays the difference', async () => {
  await shortOfThree();
  await openApp(PAGES.myOrders, { as: 'DEMO-L01' });
  expect(await screen.findByText('缺 3 件，请到“缺货处理”联系顾客')).toBeTruthy();

  await openApp(PAGES.leaderTasks, { as: 'DEMO-L01' });
  const first = (await screen.findByText('1. 阿克苏冰糖心苹果 5斤装 果径80mm+')).closest('.hz-sub') as HTMLElement;
  fireEvent.click(within(first).getByText('选这个替代品'));
  const ask = dialog('确认换成替代品？');
  expect(within(ask).getByText(/^给 3号 王阿姨 改发 阿克苏冰糖心苹果 5斤装 果径80mm\+ × 3：现在下单并占用库存，随下一个波次发出。差价 ¥9.00 顾客不用补/)).toBeTruthy();
  expect(sent('chooseSubstitute')).toHaveLength(0);
  fireEvent.click(within(ask).getByText('确认换货'));

  expect(await screen.findByText('已换成 阿克苏冰糖心苹果 5斤装 果径80mm+ × 3，随 11月27日 的波次发出；差价 ¥9.00 顾客不用补')).toBeTruthy();

  await openApp(PAGES.myOrders, { as: 'DEMO-L01' });
  await waitFor(() => expect(screen.getByText(/^将发 1 件；缺的 3 件改发 阿克苏冰糖心苹果/)).toBeTruthy());
  expect(screen.getByText('将发 1 件；缺的 3 件改发 阿克苏冰糖心苹果 5斤装 果径80mm+ 3 件，随 11月27日 的波次发出；差价 ¥9.00 顾客不用补（计入供应商缺货成本）')).toBeTruthy();
});
