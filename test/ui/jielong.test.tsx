// Pasting a 群接龙 list into the order page: preview, correction, cart, order.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { AvailabilityItem, LeaderDayView } from '@/services/types';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

const PASTE = ['#接龙', '阳光小区 11月26日 水果团购', '22:00截单', '', '1. 张三 脐橙5斤×2', '2. 李四 砂糖橘 2份', '3. 王五 苹果 1份', '4. 赵六 榴莲 1个'].join('\n');

async function pasteAndParse(text = PASTE) {
  const app = await openApp(PAGES.order, { as: 'DEMO-L01' });
  await screen.findByText('订单里还没有商品');
  fireEvent.click(screen.getByText('粘贴接龙'));
  fireEvent.change(screen.getByLabelText('接龙内容'), { target: { value: text } });
  fireEvent.click(screen.getByText('识别接龙'));
  await screen.findByText(/^识别出 /);
  return app;
}

/** The preview row of one customer (matched or needing a choice). */
const rowOf = (customer: string): HTMLElement => screen.getByText(customer).closest('.hz-jl-item') as HTMLElement;
const addButton = (): HTMLElement => document.querySelector('.hz-jl-add') as HTMLElement;

test('a pasted list previews what matched, what needs a choice, and what was not an order', async () => {
  await pasteAndParse();

  expect(screen.getByText('识别出 4 项：2 项已对上商品，2 项需要选择')).toBeTruthy();
  expect(within(rowOf('1号 张三')).getByText('赣南脐橙 5斤装 果径75-80mm × 2')).toBeTruthy();
  expect(within(rowOf('2号 李四')).getByText('广西砂糖橘 3斤装 × 2')).toBeTruthy();
  // Two candidates for 苹果, each with its price and what is sellable now.
  const apple = rowOf('3号 王五');
  expect(within(apple).getByText('有多个商品符合，请选择')).toBeTruthy();
  expect(within(apple).getByText('阿克苏冰糖心苹果 5斤装 果径80mm+')).toBeTruthy();
  // A sold-out candidate is shown, and says it cannot be chosen.
  expect(within(apple).getByText('¥36.90 · 售罄，不能选')).toBeTruthy();
  expect(within(rowOf('4号 赵六')).getByText('没有找到对应商品')).toBeTruthy();
  // Nothing is added while an item waits for a choice.
  expect(addButton().textContent).toBe('还有 2 项未选择');
  expect(addButton().className).toContain('disabled');

  // The header lines are kept, folded away.
  expect(screen.queryByText('第1行：#接龙')).toBeNull();
  fireEvent.click(screen.getByText(/^另有 3 行不是订单/));
  expect(screen.getByText('第1行：#接龙')).toBeTruthy();
  expect(screen.getByText('第3行：22:00截单')).toBeTruthy();
});

test('corrected lines join the matched ones in the cart with their customers, and the order goes through', async () => {
  const before = await backend.as<AvailabilityItem[]>('DEMO-L03', 'leader', 'availability');
  const sellable = (id: string) => before.find((i) => i.skuId === id)!.sellable;
  await pasteAndParse();

  fireEvent.click(within(rowOf('3号 王五')).getByText('阿克苏冰糖心苹果 5斤装 果径80mm+'));
  expect(within(rowOf('3号 王五')).getByText('改为：阿克苏冰糖心苹果 5斤装 果径80mm+ × 1')).toBeTruthy();
  // 榴莲 has no candidate: any SKU, found by a search.
  const durian = rowOf('4号 赵六');
  fireEvent.click(within(durian).getByText('选其他商品'));
  fireEvent.input(within(durian).getByLabelText('搜索商品'), { target: { value: '沃柑' } });
  fireEvent.click(within(durian).getByText('四川沃柑 5斤装'));
  expect(within(rowOf('4号 赵六')).getByText('改为：四川沃柑 5斤装 × 1')).toBeTruthy();

  expect(addButton().textContent).toBe('加入订单（4 行）');
  fireEvent.click(addButton());

  expect(await screen.findByText('已从接龙加入 4 行，请核对后提交')).toBeTruthy();
  const customers = Array.from(document.querySelectorAll<HTMLInputElement>('.hz-customer-input input')).map((i) => i.value);
  expect(customers).toEqual(['1号 张三', '2号 李四', '3号 王五', '4号 赵六']);
  expect(screen.getByText('共 6 件 · ¥149.40')).toBeTruthy();

  fireEvent.click(screen.getByText('提交订单'));
  expect(await screen.findByText(/^下单成功 · /)).toBeTruthy();
  expect(screen.getByText('赣南脐橙 × 2（1号 张三）')).toBeTruthy();
  expect(screen.getByText('四川沃柑 × 1（4号 赵六）')).toBeTruthy();

  const [today] = await backend.as<LeaderDayView[]>('DEMO-L01', 'leader', 'myOrders', {});
  expect(today!.lines.map((l) => [l.skuId, l.qty, l.customer])).toEqual([
    ['HZ2001', 2, '1号 张三'],
    ['HZ2003', 2, '2号 李四'],
    ['HZ2007', 1, '3号 王五'],
    ['HZ2004', 1, '4号 赵六'],
  ]);
  const after = await backend.as<AvailabilityItem[]>('DEMO-L03', 'leader', 'availability');
  expect(after.find((i) => i.skuId === 'HZ2004')!.sellable).toBe(sellable('HZ2004') - 1);
});

test('an item can be left out on purpose, never silently; a sold-out candidate cannot be chosen', async () => {
  await pasteAndParse(['1. 张三 脐橙5斤×2', '2. 王五 苹果 1份', '3. 赵六 榴莲 1个'].join('\n'));

  fireEvent.click(within(rowOf('3号 赵六')).getByText('这项不要'));
  expect(within(rowOf('3号 赵六')).getByText('这一项不下单')).toBeTruthy();
  expect(addButton().textContent).toBe('还有 1 项未选择');
  // 红富士 is sold out: tapping it chooses nothing.
  fireEvent.click(within(rowOf('2号 王五')).getByText('烟台红富士苹果 8斤装'));
  expect(addButton().textContent).toBe('还有 1 项未选择');
  fireEvent.click(within(rowOf('2号 王五')).getByText('阿克苏冰糖心苹果 5斤装 果径80mm+'));
  expect(addButton().textContent).toBe('加入订单（2 行）');
});

test('a matched line at 可售 0 is marked in the preview and left out, named, without holding back the rest; the cart keeps the list\'s order', async () => {
  await pasteAndParse(['1. 王五 苹果 1份', '2. 钱七 红富士 1份', '3. 张三 脐橙5斤×2', '4. 赵六 沃柑 1份'].join('\n'));

  const fuji = rowOf('2号 钱七');
  expect(within(fuji).getByText('烟台红富士苹果 8斤装 × 1')).toBeTruthy();
  expect(within(fuji).getByText('售罄，不加入订单')).toBeTruthy();
  expect(screen.getByText(/，1 项售罄不加入$/)).toBeTruthy();
  fireEvent.click(within(rowOf('1号 王五')).getByText('阿克苏冰糖心苹果 5斤装 果径80mm+'));
  expect(addButton().textContent).toBe('加入订单（3 行）');

  fireEvent.click(addButton());

  expect(await screen.findByText('售罄未加入：2号 钱七 烟台红富士苹果 8斤装')).toBeTruthy();
  const customers = Array.from(document.querySelectorAll<HTMLInputElement>('.hz-customer-input input')).map((i) => i.value);
  expect(customers).toEqual(['1号 王五', '3号 张三', '4号 赵六']);
  expect(screen.queryByText(/库存不足/)).toBeNull();
  fireEvent.click(screen.getByText('提交订单'));
  expect(await screen.findByText(/^下单成功 · /)).toBeTruthy();
});

test('a sold-out line can be changed to another SKU in the preview', async () => {
  await pasteAndParse('1. 钱七 红富士 2份');

  fireEvent.click(within(rowOf('1号 钱七')).getByText('换个商品'));
  fireEvent.input(within(rowOf('1号 钱七')).getByLabelText('搜索商品'), { target: { value: '冰糖心' } });
  fireEvent.click(within(rowOf('1号 钱七')).getByText('阿克苏冰糖心苹果 5斤装 果径80mm+'));
  expect(within(rowOf('1号 钱七')).getByText('改为：阿克苏冰糖心苹果 5斤装 果径80mm+ × 2')).toBeTruthy();
  fireEvent.click(addButton());

  const line = await waitFor(() => screen.getByText('阿克苏冰糖心苹果').closest('.hz-cart-line') as HTMLElement);
  expect((line.querySelector('.hz-qty input') as HTMLInputElement).value).toBe('2');
});

test('text that is not a list says so', async () => {
  await openApp(PAGES.order, { as: 'DEMO-L01' });
  await screen.findByText('订单里还没有商品');
  fireEvent.click(screen.getByText('粘贴接龙'));
  fireEvent.click(screen.getByText('识别接龙'));
  expect(screen.getByText('请先粘贴接龙内容')).toBeTruthy();

  fireEvent.change(screen.getByLabelText('接龙内容'), { target: { value: '大家好，今天的团购22:00截单' } });
  fireEvent.click(screen.getByText('识别接龙'));
  expect(await screen.findByText('没有识别到订单行，请确认粘贴的是接龙内容')).toBeTruthy();
});

test('a menu in the post header is shown, and lines ordering by its letters are read by it', async () => {
  await pasteAndParse(['#接龙 今日水果', 'A：赣南脐橙 5斤装 B：广西砂糖橘', '1. 张三 B2', '2. 李四 A'].join('\n'));

  expect(screen.getByText('识别出 2 项：2 项已对上商品')).toBeTruthy();
  expect(within(rowOf('1号 张三')).getByText('广西砂糖橘 3斤装 × 2')).toBeTruthy();
  expect(within(rowOf('2号 李四')).getByText('赣南脐橙 5斤装 果径75-80mm × 1')).toBeTruthy();
  expect(screen.getByText('B 广西砂糖橘 → 广西砂糖橘 3斤装')).toBeTruthy();
  expect(screen.getByText('A 赣南脐橙 5斤装 → 赣南脐橙 5斤装 果径75-80mm')).toBeTruthy();
});
