// 代报库存 · 粘贴群消息 (issue 16): a supplier's group message pasted on the operator's page fills
// the boxes it is sure of, lists the lines it is not with the SKUs they may be, and submits
// nothing until the operator taps 提交代报; the report is then recorded as a group message.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import { fill, openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

const ORANGE = '赣南脐橙 5斤装 果径75-80mm 库存数量';
const STRAWBERRY = '丹东红颜草莓 2斤礼盒 库存数量';
const APPLE = '阿克苏冰糖心苹果 5斤装 果径80mm+ 库存数量';
const PEAR = '库尔勒香梨 5斤装 库存数量';
const box = (label: string): HTMLInputElement => screen.getByLabelText(label) as HTMLInputElement;
const card = (): HTMLElement => document.querySelector('.hz-message-card') as HTMLElement;

test('a pasted message fills the boxes, asks about what it is unsure of, and is submitted only on the tap', async () => {
  await openApp(PAGES.reportFor, { as: 'DEMO-OP' });
  await screen.findByText('代报库存');
  fireEvent.click(within(document.querySelector('.hz-supplier-picker') as HTMLElement).getByText('赣南果园直供'));
  await screen.findByLabelText(ORANGE);

  fill('粘贴群消息', '各位老板早上好\n苹果 68 香蕉20箱\n脐橙5斤装 118\n香梨 四十五左右\n今天没有草莓了');
  fireEvent.click(within(card()).getByText('识别'));

  expect(await within(card()).findByText('已填入 2 项，3 行需要确认')).toBeTruthy();
  expect(box(ORANGE).value).toBe('118');
  expect(box(STRAWBERRY).value).toBe('0');
  expect(box(APPLE).value).toBe('');
  // Nothing was sent as a report.
  expect(backend.calls.some((c) => c.action === 'submitReportFor')).toBe(false);

  // 苹果: two SKUs could be meant; the operator chooses, and the number goes into that box.
  const apple = within(card()).getByText('第 2 行：苹果 68').closest('.hz-message-flag') as HTMLElement;
  expect(within(apple).getByText('有多个商品符合，请选择')).toBeTruthy();
  expect(within(apple).getByText('烟台红富士苹果 8斤装')).toBeTruthy();
  fireEvent.click(within(apple).getByText('阿克苏冰糖心苹果 5斤装 果径80mm+'));
  expect(box(APPLE).value).toBe('68');
  // A product the supplier does not sell, and an approximate count, fill nothing.
  const banana = within(card()).getByText('第 2 行：香蕉20箱').closest('.hz-message-flag') as HTMLElement;
  expect(within(banana).getByText('没有找到这个供应商的对应商品')).toBeTruthy();
  fireEvent.click(within(banana).getByText('知道了'));
  const pear = within(card()).getByText('第 4 行：香梨 四十五左右').closest('.hz-message-flag') as HTMLElement;
  expect(within(pear).getByText('写的是大概的数，请确认')).toBeTruthy();
  fireEvent.click(within(pear).getByText('不填'));
  expect(box(PEAR).value).toBe('');
  expect(document.querySelectorAll('.hz-message-flag')).toHaveLength(0);

  // The operator can still change what the message filled in.
  fill(ORANGE, '119');
  fireEvent.click(screen.getByText('提交代报'));
  await waitFor(() => expect(backend.calls.some((c) => c.action === 'submitReportFor')).toBe(true));
  const sent = backend.calls.find((c) => c.action === 'submitReportFor')!.payload as { lines: Array<{ skuId: string; onHand: number }>; source: string };
  expect(sent.source).toBe('message');
  expect([...sent.lines].sort((a, b) => a.skuId.localeCompare(b.skuId))).toEqual([
    { skuId: 'HZ2001', onHand: 119 }, { skuId: 'HZ2005', onHand: 0 }, { skuId: 'HZ2007', onHand: 68 },
  ]);
  await waitFor(async () => expect((await backend.deps.store.listReports('S02', 1))[0]?.source).toBe('message'));
  await screen.findByText(/已代报 ·/);

  // The SKU's history says where the count came from.
  await openApp(PAGES.skuHistory, { as: 'DEMO-OP', params: { skuId: 'HZ2001' } });
  await screen.findByText(/报数记录/);
  const events = Array.from(document.querySelectorAll('.hz-event')).map((e) => e.textContent);
  const ours = events.find((e) => e?.includes('119 件'));
  expect(ours).toContain('周晓（运营） · 群消息代报');
});

test('识别 with nothing pasted says so and reads nothing', async () => {
  await openApp(PAGES.reportFor, { as: 'DEMO-OP' });
  await screen.findByText('代报库存');
  fireEvent.click(within(document.querySelector('.hz-supplier-picker') as HTMLElement).getByText('赣南果园直供'));
  await screen.findByLabelText(ORANGE);
  fireEvent.click(within(card()).getByText('识别'));
  expect(await within(card()).findByText('请先粘贴供应商的群消息')).toBeTruthy();
  expect(backend.calls.some((c) => c.action === 'parseSupplierMessage')).toBe(false);
});
