// The leader's order page, a pasted 群接龙 list where customers wrote again: a later
// "改成2份", a "取消", the chain pasted twice. The earlier entries are struck through with
// what became of them, and only the entries in effect are counted and go into the cart.
import { fireEvent, screen, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

const PASTE = [
  '#接龙 阳光小区 水果团',
  '1. 张三 脐橙5斤 1份',
  '2. 李四 砂糖橘 2份',
  '3. 王五 沃柑5斤 1份',
  '',
  '#接龙 阳光小区 水果团',
  '1. 张三 脐橙5斤 1份',
  '2. 李四 砂糖橘 2份',
  '3. 王五 沃柑5斤 1份',
  '4. 赵六 沃柑5斤 2份',
  '张三 改成2份',
  '李四 取消',
].join('\n');

async function pasteAndParse(text: string) {
  await openApp(PAGES.order, { as: 'DEMO-L01' });
  await screen.findByText('订单里还没有商品');
  fireEvent.click(screen.getByText('粘贴接龙'));
  fireEvent.change(screen.getByLabelText('接龙内容'), { target: { value: text } });
  fireEvent.click(screen.getByText('识别接龙'));
  await screen.findByText(/^识别出 /);
}

const amendedRow = (lineNo: number): HTMLElement =>
  screen.getByText(new RegExp(`^第${lineNo}行 → 第\\d+行$`)).closest('.hz-jl-amended') as HTMLElement;

test('changed, cancelled and repeated entries are struck through beside what became of them, and only the entries in effect are counted and added', async () => {
  await pasteAndParse(PASTE);

  // The chain pasted twice, then 张三 changed to 2 and 李四 cancelled: 张三 ×2, 王五 ×1, 赵六 ×2.
  expect(screen.getByText('识别出 3 项：3 项已对上商品')).toBeTruthy();
  expect(within(amendedRow(2)).getByText('重复，以第7行为准')).toBeTruthy();
  const zhang = amendedRow(7);
  expect(within(zhang).getByText('已改为2份')).toBeTruthy();
  expect(within(zhang).getByText('赣南脐橙 5斤装 果径75-80mm × 1').className).toContain('hz-jl-struck');
  expect(within(amendedRow(8)).getByText('已取消')).toBeTruthy();
  expect(within(amendedRow(8)).getByText('广西砂糖橘 3斤装 × 2').className).toContain('hz-jl-struck');
  expect(within(amendedRow(4)).getByText('重复，以第9行为准')).toBeTruthy();
  expect(document.querySelectorAll('.hz-jl-amended')).toHaveLength(5);
  const rows = Array.from(document.querySelectorAll('.hz-jl-matched .hz-jl-customer')).map((e) => e.textContent);
  expect(rows).toEqual(['3号 王五', '4号 赵六', '张三']);
  expect(within(screen.getByText('张三').closest('.hz-jl-matched') as HTMLElement).getByText('赣南脐橙 5斤装 果径75-80mm × 2')).toBeTruthy();

  fireEvent.click(document.querySelector('.hz-jl-add') as HTMLElement);
  expect(await screen.findByText('已从接龙加入 3 行，请核对后提交')).toBeTruthy();
  const customers = Array.from(document.querySelectorAll<HTMLInputElement>('.hz-customer-input input')).map((i) => i.value);
  expect(customers).toEqual(['3号 王五', '4号 赵六', '张三']);
  expect(screen.getByText(/^共 5 件 · /)).toBeTruthy();
});

test('an entry that may be another person is asked about, never merged', async () => {
  await pasteAndParse(['1. 3-2-501 张三 脐橙5斤 1份', '2. 7-1-302 张三 沃柑5斤 1份'].join('\n'));

  expect(document.querySelectorAll('.hz-jl-amended')).toHaveLength(0);
  expect(screen.getByText('可能和第1行（3-2-501 张三）是同一人，请确认')).toBeTruthy();
  expect((document.querySelector('.hz-jl-add') as HTMLElement).textContent).toBe('还有 1 项未选择');
});
