// 我的订单 · 从平台导入订单: a leader's 快团团 export becomes orders on this page, the same
// file again adds nothing (已导入过), and a bad line is named with nothing ordered. An
// operator imports a leader's export from that leader's page in 人员与邀请.
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { PersonView } from '@/services/types';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

const KTT = [
  '跟团号,订单号,下单人,支付时间,商品,规格,商品编码,数量,订单状态,收货人,联系电话,详细地址',
  '1,KTT0001,王阿姨,2026-11-25 20:01,散养土鸡蛋,30枚/箱,HZ3001,2,已支付,王阿姨,138,3-2-501',
  '1,KTT0001,王阿姨,2026-11-25 20:01,红心咸鸭蛋,20枚/盒,KT-99,1,已支付,王阿姨,138,3-2-501',
  '2,KTT0002,小李,2026-11-25 20:05,鹌鹑蛋,50枚/盒,,3,已支付,李明,139,5-1-302',
].join('\r\n');

async function chooseFile(name: string, text: string): Promise<void> {
  const input = document.querySelector('.hz-order-import input.hz-file-input') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([`\uFEFF${text}`], name, { type: 'text/csv' })] } });
  await screen.findByText(new RegExp(`^${name.replace('.', '\\.')} · `));
}

const sellable = async (skuId: string): Promise<number | undefined> => (await backend.deps.store.listInventory([skuId]))[0]?.sellable;

test('a 快团团 export imports as orders shown on the page; the same file again adds nothing', async () => {
  await openApp(PAGES.myOrders, { as: 'DEMO-L01' });
  await screen.findByText('从平台导入订单');
  const before = await sellable('HZ3001');

  await chooseFile('快团团订单.csv', KTT);
  fireEvent.click(screen.getByText('导入订单'));
  expect(await screen.findByText('快团团订单：导入 2 单')).toBeTruthy();
  expect(screen.getByText(/^快团团 KTT0001 → 订单号 \d{4}-\d{4}，2 种商品共 3 件$/)).toBeTruthy();
  // The orders are on the page, each line with its customer.
  expect(await screen.findAllByText('顾客：1号 王阿姨')).toHaveLength(2);
  expect(screen.getByText('顾客：2号 李明')).toBeTruthy();
  expect(await sellable('HZ3001')).toBe(before! - 2);

  await chooseFile('快团团订单.csv', KTT);
  fireEvent.click(screen.getByText('导入订单'));
  expect(await screen.findByText('快团团订单：导入 0 单，已导入过 2 单（未重复添加）')).toBeTruthy();
  expect(await sellable('HZ3001')).toBe(before! - 2);
});

test('a bad line is named by its row and column, and nothing is ordered', async () => {
  await openApp(PAGES.myOrders, { as: 'DEMO-L01' });
  await screen.findByText('从平台导入订单');
  const before = await sellable('HZ3001');
  await chooseFile('坏.csv', KTT.replace('鹌鹑蛋,50枚/盒,,3', '鹌鹑蛋,50枚/盒,,三'));
  fireEvent.click(screen.getByText('导入订单'));

  expect(await screen.findByText('坏.csv 有 1 处有误，没有导入任何订单，也没有预订库存')).toBeTruthy();
  expect(screen.getByText(/^第4行：H列「数量」：数量「三」不是整数/)).toBeTruthy();
  expect(await sellable('HZ3001')).toBe(before);
  expect(screen.queryByText(/^顾客：/)).toBeNull();
});

test('an operator imports a leader\'s export from the leader\'s page, as that leader\'s orders', async () => {
  const people = await backend.as<PersonView[]>('DEMO-OP', 'operator', 'listPeople');
  const leader = people.find((p) => p.inviteCode === 'DEMO-L02')!;
  await openApp(PAGES.personEdit, { as: 'DEMO-OP', params: { id: leader.id } });
  expect(await screen.findByText(`代 ${leader.name} 导入平台订单`)).toBeTruthy();
  const before = await sellable('HZ3001');
  await chooseFile('快团团订单.csv', KTT);
  fireEvent.click(screen.getByText('导入订单'));
  expect(await screen.findByText('快团团订单：导入 2 单')).toBeTruthy();
  expect(await sellable('HZ3001')).toBe(before! - 2);
  // The orders are the leader's, not the operator's.
  const lines = await backend.deps.store.listOrderLines({ skuIds: ['HZ3001'] });
  expect(lines.map((l) => [l.leaderId, l.qty, l.customer])).toEqual([[leader.id, 2, '1号 王阿姨']]);
  // A supplier's page has no such import.
  const supplier = people.find((p) => p.role === 'supplier')!;
  cleanup();
  await openApp(PAGES.personEdit, { as: 'DEMO-OP', params: { id: supplier.id } });
  await screen.findByText(`编辑 ${supplier.name}`);
  expect(screen.queryByText(/导入平台订单/)).toBeNull();
});
