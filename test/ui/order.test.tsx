import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { AvailabilityItem } from '@/services/types';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  // The phone keeps carts between runs (Taro storage): each test starts with a phone of its own.
  localStorage.clear();
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

const ORANGE_5 = { skuId: 'HZ2001', name: '赣南脐橙', spec: '5斤装 果径75-80mm' };
const ORANGE_10 = { skuId: 'HZ2002', name: '赣南脐橙', spec: '10斤装 果径80-85mm' };
const STRAWBERRY = { skuId: 'HZ2005', name: '丹东红颜草莓', spec: '2斤礼盒' };
const BLUEBERRY = { skuId: 'HZ2009', name: '云南蓝莓', spec: '125g×4盒' };
type Sku = typeof ORANGE_5;

async function sellable(sku: Sku): Promise<number> {
  const items = await backend.as<AvailabilityItem[]>('DEMO-L03', 'leader', 'availability');
  return items.find((i) => i.skuId === sku.skuId)!.sellable;
}

/** A card on either page, found by the SKU's name and spec as printed. */
function cardOf(sku: Sku, cardClass: '.hz-item' | '.hz-cart-line'): HTMLElement {
  const card = screen
    .getAllByText(sku.spec)
    .map((n) => n.closest(cardClass))
    .find((c) => c?.textContent?.includes(sku.name));
  if (!card) throw new Error(`no ${cardClass} for ${sku.name} ${sku.spec}`);
  return card as HTMLElement;
}

const qtyInput = (line: HTMLElement): HTMLInputElement => line.querySelector('.hz-qty input') as HTMLInputElement;

/** Type a quantity the way a thumb does: focus, type, leave the box. */
function setQty(sku: Sku, qty: number | string): void {
  const input = qtyInput(cardOf(sku, '.hz-cart-line'));
  fireEvent.focus(input);
  fireEvent.input(input, { target: { value: String(qty) } });
  fireEvent.blur(input, { target: { value: String(qty) } });
}

const submitButton = (): HTMLElement => document.querySelector('.hz-submit-order') as HTMLElement;

/** Signed in as 王姐, with these SKUs added once each from the availability page, on the order page. */
async function cartWith(...skus: Sku[]) {
  const app = await openApp(PAGES.availability, { as: 'DEMO-L01' });
  await screen.findByText('五常稻花香大米');
  for (const sku of skus) fireEvent.click(within(cardOf(sku, '.hz-item')).getByText('加入订单'));
  fireEvent.click(screen.getByText(/^去下单/));
  await screen.findByText('提交订单');
  return app;
}

const placeOrderCalls = () => backend.calls.filter((c) => c.action === 'placeOrder').map((c) => c.payload as { idempotencyKey: string });

test('placing an order shows it, clears the cart, and the sellable number drops at once', async () => {
  const before = await sellable(ORANGE_5);
  await cartWith(ORANGE_5);

  const line = cardOf(ORANGE_5, '.hz-cart-line');
  fireEvent.click(within(line).getByLabelText(`${ORANGE_5.name} ${ORANGE_5.spec} 数量 加一`));
  await waitFor(() => expect(qtyInput(line).value).toBe('2'));
  setQty(ORANGE_5, 3);
  expect(screen.getByText('共 3 件 · ¥89.70')).toBeTruthy();
  fireEvent.input(within(line).getByPlaceholderText('接龙号/昵称（选填）'), { target: { value: '接龙3号 张三' } });
  fireEvent.click(screen.getByText('提交订单'));

  expect(await screen.findByText(/^下单成功 · 10:00/)).toBeTruthy();
  // A number a leader can read out, not the internal id.
  expect(screen.getByText('订单号 1126-0001')).toBeTruthy();
  expect(screen.queryByText(/ord_/)).toBeNull();
  expect(screen.getByText('赣南脐橙 × 3（接龙3号 张三）')).toBeTruthy();
  expect(screen.getByText('可以继续选下一单')).toBeTruthy();
  expect(await sellable(ORANGE_5)).toBe(before - 3);

  // Back on the list the new number is already there, before any reload.
  fireEvent.click(screen.getByText('去选货'));
  expect(cardOf(ORANGE_5, '.hz-item').querySelector('.hz-sellable')?.textContent).toBe(String(before - 3));
  expect(screen.getByText('还没选商品')).toBeTruthy();
});

test('each order gets its own key; a second order is not a replay of the first', async () => {
  await cartWith(ORANGE_5);
  fireEvent.click(screen.getByText('提交订单'));
  await screen.findByText(/^下单成功 · /);

  fireEvent.click(screen.getByText('去选货'));
  fireEvent.click(within(await waitFor(() => cardOf(ORANGE_5, '.hz-item'))).getByText('加入订单'));
  fireEvent.click(screen.getByText(/^去下单/));
  fireEvent.click(await screen.findByText('提交订单'));
  await screen.findByText(/^下单成功 · /);

  const [first, second] = placeOrderCalls();
  expect(first!.idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  expect(second!.idempotencyKey).not.toBe(first!.idempotencyKey);
  expect(screen.queryByText(/网络重试已确认/)).toBeNull();
});

test('a refused order keeps the cart and marks every short line with what is sellable', async () => {
  const strawberries = await sellable(STRAWBERRY);
  const bigOranges = await sellable(ORANGE_10);
  await cartWith(STRAWBERRY, ORANGE_10, BLUEBERRY);
  setQty(STRAWBERRY, strawberries);
  setQty(ORANGE_10, 2);
  await waitFor(() => expect(qtyInput(cardOf(STRAWBERRY, '.hz-cart-line')).value).toBe(String(strawberries)));

  // Meanwhile another leader takes all but one of each.
  await backend.as('DEMO-L02', 'leader', 'placeOrder', {
    idempotencyKey: 'other-leader-0001',
    lines: [
      { skuId: STRAWBERRY.skuId, qty: strawberries - 1 },
      { skuId: ORANGE_10.skuId, qty: bigOranges - 1 },
    ],
  });
  fireEvent.click(screen.getByText('提交订单'));

  expect(await screen.findByText('库存不足，整单未提交。请按每行提示调整数量后再提交')).toBeTruthy();
  const strawberryLine = cardOf(STRAWBERRY, '.hz-cart-line');
  const orangeLine = cardOf(ORANGE_10, '.hz-cart-line');
  expect(within(strawberryLine).getByText('库存不足：可售 1 件')).toBeTruthy();
  expect(within(strawberryLine).getByText(`（本单要 ${strawberries} 件）`)).toBeTruthy();
  expect(within(orangeLine).getByText('库存不足：可售 1 件')).toBeTruthy();
  expect(within(cardOf(BLUEBERRY, '.hz-cart-line')).queryByText(/库存不足/)).toBeNull();
  // The cart is kept as it was, and the hints already show the new sellable numbers.
  expect(qtyInput(strawberryLine).value).toBe(String(strawberries));
  expect(within(strawberryLine).getByText(/当前可售 1$/)).toBeTruthy();
  expect(await sellable(STRAWBERRY)).toBe(1);

  // Cut the short lines to what is sellable and the order goes through.
  fireEvent.click(within(strawberryLine).getByText('改为可售数量'));
  fireEvent.click(within(orangeLine).getByText('改为可售数量'));
  expect(screen.queryByText(/库存不足：/)).toBeNull();
  fireEvent.click(screen.getByText('提交订单'));
  expect(await screen.findByText(/^下单成功 · /)).toBeTruthy();
  expect(screen.getByText('丹东红颜草莓 × 1')).toBeTruthy();
  expect(await sellable(STRAWBERRY)).toBe(0);
  // The refusal used up its key: the retry after editing was a new order.
  const [refused, placed] = placeOrderCalls();
  expect(placed!.idempotencyKey).not.toBe(refused!.idempotencyKey);
});

test('a retry after a lost answer uses the same key and does not reserve twice', async () => {
  const before = await sellable(ORANGE_5);
  await cartWith(ORANGE_5);
  setQty(ORANGE_5, 2);
  backend.loseNextAnswer('leader', 'placeOrder');

  fireEvent.click(screen.getByText('提交订单'));

  expect(await screen.findByText(/订单可能已提交，请点“重新提交”确认结果（不会重复下单）/)).toBeTruthy();
  // The first try did land; the cart waits, frozen, for the answer.
  expect(await sellable(ORANGE_5)).toBe(before - 2);
  expect(qtyInput(cardOf(ORANGE_5, '.hz-cart-line')).disabled).toBe(true);

  fireEvent.click(screen.getByText('重新提交'));

  expect(await screen.findByText('网络重试已确认：这一单只下了一次，库存没有重复占用')).toBeTruthy();
  expect(screen.getByText('赣南脐橙 × 2')).toBeTruthy();
  expect(await sellable(ORANGE_5)).toBe(before - 2);
  const [first, retry] = placeOrderCalls();
  expect(retry!.idempotencyKey).toBe(first!.idempotencyKey);
});

test('typing more than is sellable keeps what was typed, says so beside the box, and holds the order until the leader chooses', async () => {
  const strawberries = await sellable(STRAWBERRY);
  await cartWith(STRAWBERRY, ORANGE_5);

  setQty(STRAWBERRY, 100);

  const line = cardOf(STRAWBERRY, '.hz-cart-line');
  expect(qtyInput(line).value).toBe('100');
  expect(within(line).getByText(`可售只有 ${strawberries} 件`)).toBeTruthy();
  expect(submitButton().textContent).toBe('还有 1 行要改');
  fireEvent.click(submitButton());
  expect(placeOrderCalls()).toHaveLength(0);

  // The leader's choice: 改为可售数量.
  fireEvent.click(within(line).getByText('改为可售数量'));
  expect(qtyInput(cardOf(STRAWBERRY, '.hz-cart-line')).value).toBe(String(strawberries));
  expect(screen.queryByText(/可售只有/)).toBeNull();
  fireEvent.click(screen.getByText('提交订单'));
  expect(await screen.findByText(`丹东红颜草莓 × ${strawberries}`)).toBeTruthy();
});

test('+ stops at what is sellable; − stops at 1', async () => {
  const strawberries = await sellable(STRAWBERRY);
  await cartWith(STRAWBERRY);
  setQty(STRAWBERRY, strawberries);
  const line = cardOf(STRAWBERRY, '.hz-cart-line');

  fireEvent.click(within(line).getByLabelText(`${STRAWBERRY.name} ${STRAWBERRY.spec} 数量 加一`));
  expect(qtyInput(line).value).toBe(String(strawberries));
  setQty(STRAWBERRY, 1);
  fireEvent.click(within(line).getByLabelText(`${STRAWBERRY.name} ${STRAWBERRY.spec} 数量 减一`));
  expect(qtyInput(line).value).toBe('1');
});

test.each([
  ['3.5', '请填整数件数，不能有小数（3.5）'],
  ['0', '至少 1 件；不要了请点“删除”'],
  ['-1', '不能为负数（-1）'],
  ['两箱', '请只填数字（两箱）'],
  ['', '请填写件数；不要了请点“删除”'],
])('a quantity box reading %p is kept as typed and refused with a message, never rounded', async (typed, message) => {
  await cartWith(ORANGE_5);

  setQty(ORANGE_5, typed);

  const line = cardOf(ORANGE_5, '.hz-cart-line');
  expect(qtyInput(line).value).toBe(typed);
  expect(within(line).getByText(message)).toBeTruthy();
  expect(submitButton().textContent).toBe('还有 1 行要改');
  fireEvent.click(submitButton());
  expect(placeOrderCalls()).toHaveLength(0);
});

test('− and + leave a box that does not read as a number as typed', async () => {
  await cartWith(ORANGE_5);
  setQty(ORANGE_5, '3.5');
  const line = cardOf(ORANGE_5, '.hz-cart-line');

  fireEvent.click(within(line).getByLabelText(`${ORANGE_5.name} ${ORANGE_5.spec} 数量 加一`));
  fireEvent.click(within(line).getByLabelText(`${ORANGE_5.name} ${ORANGE_5.spec} 数量 减一`));

  expect(qtyInput(line).value).toBe('3.5');
  expect(within(line).getByText('请填整数件数，不能有小数（3.5）')).toBeTruthy();
});

test('full-width digits read as the number they are', async () => {
  await cartWith(ORANGE_5);

  setQty(ORANGE_5, '１２');

  expect(qtyInput(cardOf(ORANGE_5, '.hz-cart-line')).value).toBe('１２');
  expect(screen.getByText('共 12 件 · ¥358.80')).toBeTruthy();
  fireEvent.click(screen.getByText('提交订单'));
  expect(await screen.findByText('赣南脐橙 × 12')).toBeTruthy();
  expect(backend.calls.find((c) => c.action === 'placeOrder')?.payload).toMatchObject({ lines: [{ skuId: ORANGE_5.skuId, qty: 12 }] });
});

test('the cart survives a reload of the app, and is gone once the order is placed', async () => {
  const first = await cartWith(ORANGE_5, STRAWBERRY);
  setQty(ORANGE_5, 3);
  fireEvent.input(within(cardOf(ORANGE_5, '.hz-cart-line')).getByPlaceholderText('接龙号/昵称（选填）'), { target: { value: '5号 赵阿姨' } });

  // The app is opened again (a reload, or WeChat having closed it in the background): a fresh run.
  first.unmount();
  const second = await openApp(PAGES.order, { as: 'DEMO-L01' });

  const orange = await waitFor(() => cardOf(ORANGE_5, '.hz-cart-line'));
  expect(qtyInput(orange).value).toBe('3');
  expect((within(orange).getByPlaceholderText('接龙号/昵称（选填）') as HTMLInputElement).value).toBe('5号 赵阿姨');
  expect(document.querySelectorAll('.hz-cart-line')).toHaveLength(2);
  fireEvent.click(screen.getByText('提交订单'));
  expect(await screen.findByText('赣南脐橙 × 3（5号 赵阿姨）')).toBeTruthy();

  second.unmount();
  await openApp(PAGES.order, { as: 'DEMO-L01' });
  expect(await screen.findByText('订单里还没有商品')).toBeTruthy();
});

test('another leader signing in on the same phone does not get the first one\'s cart', async () => {
  const first = await cartWith(ORANGE_5);
  first.unmount();

  const other = await openApp(PAGES.order, { as: 'DEMO-L02' });
  expect(await screen.findByText('订单里还没有商品')).toBeTruthy();

  // …and the first one finds it again.
  other.unmount();
  await openApp(PAGES.order, { as: 'DEMO-L01' });
  expect(await waitFor(() => cardOf(ORANGE_5, '.hz-cart-line'))).toBeTruthy();
});

test('退出登录 takes the cart, and the customers\' names in it, off the phone', async () => {
  const first = await cartWith(ORANGE_5);
  await first.stores.session.signOut();
  first.unmount();

  await openApp(PAGES.order, { as: 'DEMO-L01' });
  expect(await screen.findByText('订单里还没有商品')).toBeTruthy();
});

test('a submit whose answer was lost, then a reload: the retry is still the same order', async () => {
  const before = await sellable(ORANGE_5);
  const first = await cartWith(ORANGE_5);
  backend.loseNextAnswer('leader', 'placeOrder');
  fireEvent.click(screen.getByText('提交订单'));
  await screen.findByText('重新提交');

  first.unmount();
  await openApp(PAGES.order, { as: 'DEMO-L01' });
  expect(await screen.findByText('上次提交的结果未知，订单可能已提交，请点“重新提交”确认结果（不会重复下单）')).toBeTruthy();
  fireEvent.click(screen.getByText('重新提交'));

  expect(await screen.findByText('网络重试已确认：这一单只下了一次，库存没有重复占用')).toBeTruthy();
  expect(await sellable(ORANGE_5)).toBe(before - 1);
  const [first1, retry] = placeOrderCalls();
  expect(retry!.idempotencyKey).toBe(first1!.idempotencyKey);
});

test('an empty cart says so and leads back to the list', async () => {
  const { router } = await openApp(PAGES.order, { as: 'DEMO-L01' });

  expect(await screen.findByText('订单里还没有商品')).toBeTruthy();
  fireEvent.click(screen.getByText('去选货'));
  expect(router.current).toBe(PAGES.availability);
});

test('the order page counts down to its SKUs\' cutoff, in red in the last half hour', async () => {
  backend.clock.set(Date.UTC(2026, 10, 26, 13, 40)); // 21:40 in Shanghai
  await cartWith(ORANGE_5);

  const line = screen.getByText('22:00 截单 · 还剩 20分钟');
  expect(line.classList.contains('hz-cutoff--hurry')).toBe(true);
});
