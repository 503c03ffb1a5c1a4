// A scarce hot SKU is rationed per leader: the refusal is said at the line it concerns.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { OperatorSkuView } from '@/services/types';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

test('an order over a hot SKU’s quota is refused at its line, and goes through once cut down', async () => {
  // 海南贵妃芒 flagged hot; the next count applies the tier: 30 counted, 24 sellable, below the quota line of 30.
  const mango = (await backend.as<OperatorSkuView[]>('DEMO-OP', 'operator', 'listSkus', {})).find((s) => s.id === 'HZ2006')!;
  const { figure: _figure, supplierName: _name, ...sku } = mango;
  await backend.as('DEMO-OP', 'operator', 'saveSku', { sku: { ...sku, tierOverride: 'hot' }, create: false });
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2006', onHand: 30 }] });
  await openApp(PAGES.availability, { as: 'DEMO-L01' });
  const card = (await screen.findAllByText('海南贵妃芒')).map((n) => n.closest('.hz-item')).find(Boolean) as HTMLElement;
  expect(within(card).getByText('24')).toBeTruthy();
  for (let i = 0; i < 10; i += 1) fireEvent.click(within(card).getByText('加入订单'));
  fireEvent.click(screen.getByText(/^去下单/));
  fireEvent.click(await screen.findByText('提交订单'));

  const line = (await screen.findByText('海南贵妃芒 库存紧张限购，您今天最多还可订 8 件')).closest('.hz-cart-line') as HTMLElement;
  expect(within(line).getByText('海南贵妃芒')).toBeTruthy();
  expect(screen.getByText('有 1 个商品超过限购，整单未提交。请按每行提示减少数量后再提交')).toBeTruthy();

  const box = line.querySelector('.hz-qty input') as HTMLInputElement;
  fireEvent.focus(box);
  fireEvent.input(box, { target: { value: '8' } });
  fireEvent.blur(box, { target: { value: '8' } });
  await waitFor(() => expect(screen.queryByText(/库存紧张限购/)).toBeNull());
  fireEvent.click(screen.getByText('提交订单'));
  expect(await screen.findByText('海南贵妃芒 × 8')).toBeTruthy();
});
