// Count and quantity boxes on the phone (issue 12, items 2 and 3): tapping a filled box
// selects its number so typing replaces it, and every box brings up the number keypad.
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

const ORANGE_5 = '赣南脐橙 5斤装 果径75-80mm 库存数量';

/** The number keypad, as the box asks for it: `inputmode` in the browser build, `type` digit/number in WeChat. */
const asksForNumberKeypad = (box: HTMLInputElement): boolean =>
  ['numeric', 'decimal'].includes(box.getAttribute('inputmode') ?? '') || ['number', 'digit'].includes(box.getAttribute('type') ?? '');

/** A thumb landing in the box: the caret somewhere in it, then focus. */
function tapInto(box: HTMLInputElement): void {
  box.setSelectionRange(1, 1);
  fireEvent.focus(box);
  fireEvent.click(box);
}

/** The leader's order page with one SKU in the cart (quantity 1). */
async function leaderCart(): Promise<HTMLElement> {
  await openApp(PAGES.availability, { as: 'DEMO-L01' });
  await screen.findByText('五常稻花香大米');
  const card = screen.getAllByText('5斤装 果径75-80mm').map((n) => n.closest('.hz-item')).find(Boolean) as HTMLElement;
  fireEvent.click(within(card).getByText('加入订单'));
  fireEvent.click(screen.getByText(/^去下单/));
  await screen.findByText('提交订单');
  return document.querySelector('.hz-cart-line') as HTMLElement;
}

test('tapping a filled count box selects its number, so what is typed replaces it', async () => {
  await openApp(PAGES.report, { as: 'DEMO-S02' });
  const box = (await screen.findByLabelText(ORANGE_5)) as HTMLInputElement;
  fireEvent.input(box, { target: { value: '110' } });
  fireEvent.blur(box);

  tapInto(box);

  expect(box.value).toBe('110');
  expect([box.selectionStart, box.selectionEnd]).toEqual([0, 3]);
});

test('tapping a filled quantity box on the order page selects its number', async () => {
  const line = await leaderCart();
  const box = line.querySelector('.hz-qty input') as HTMLInputElement;
  fireEvent.input(box, { target: { value: '12' } });
  fireEvent.blur(box);

  tapInto(box);

  expect([box.selectionStart, box.selectionEnd]).toEqual([0, 2]);
});

test('count boxes (supplier and 代报) and quantity boxes bring up the number keypad', async () => {
  const report = await openApp(PAGES.report, { as: 'DEMO-S02' });
  await screen.findByLabelText(ORANGE_5);
  const counts = Array.from(document.querySelectorAll('.hz-report-row input')) as HTMLInputElement[];
  expect(counts.length).toBeGreaterThan(3);
  expect(counts.filter((b) => !asksForNumberKeypad(b)).map((b) => b.outerHTML)).toEqual([]);
  report.unmount();

  const reportFor = await openApp(PAGES.reportFor, { as: 'DEMO-OP' });
  await screen.findByText('代报库存');
  fireEvent.click(within(document.querySelector('.hz-supplier-picker') as HTMLElement).getByText('山里土鸡蛋合作社'));
  await screen.findByLabelText('散养土鸡蛋 30枚/箱 库存数量');
  const onBehalf = Array.from(document.querySelectorAll('.hz-report-row input')) as HTMLInputElement[];
  expect(onBehalf.length).toBeGreaterThan(1);
  expect(onBehalf.filter((b) => !asksForNumberKeypad(b)).map((b) => b.outerHTML)).toEqual([]);
  reportFor.unmount();

  const line = await leaderCart();
  const qty = line.querySelector('.hz-qty input') as HTMLInputElement;
  expect(asksForNumberKeypad(qty)).toBe(true);
  // The 接龙 name box beside it is text, not a keypad.
  expect(asksForNumberKeypad(within(line).getByPlaceholderText('接龙号/昵称（选填）') as HTMLInputElement)).toBe(false);
});
