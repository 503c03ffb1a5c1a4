import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { HeldView, IntakeResult, ReportSheet } from '@/services/types';
import { refreshStock } from '../../cloudfunctions/src/jobs/refresh-stock';
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
const MANDARIN = '广西砂糖橘 3斤装 库存数量';
const STRAWBERRY = '丹东红颜草莓 2斤礼盒 库存数量';

/** The card holding a count box, to read what the page says about that SKU. */
const rowOf = (label: string): HTMLElement => screen.getByLabelText(label).closest('.hz-report-row') as HTMLElement;
const boxOf = (label: string): HTMLInputElement => screen.getByLabelText(label) as HTMLInputElement;

const type = (label: string, text: string): void => {
  fireEvent.input(screen.getByLabelText(label), { target: { value: text } });
};

/** The held dialog, while it is open. */
const dialog = (): HTMLElement => screen.getByText('数量变化很大，请确认').closest('.nut-dialog') as HTMLElement;

async function openAsOrchard() {
  const app = await openApp(PAGES.report, { as: 'DEMO-S02' });
  await screen.findByLabelText(ORANGE_5);
  return app;
}

async function sheet(): Promise<ReportSheet> {
  return backend.as<ReportSheet>('DEMO-S02', 'supplier', 'reportSheet');
}

const lastOnHand = async (skuId: string): Promise<number | null | undefined> => (await sheet()).rows.find((r) => r.skuId === skuId)?.lastOnHand;

test('a line whose count is older than its tier allows is marked for counting again', async () => {
  // Strawberries sell fast: the operator marks them hot (a count may be 2 hours old); last evening's count is 14.
  const strawberries = (await backend.deps.store.listSkus()).find((k) => k.id === 'HZ2005')!;
  await backend.deps.store.upsertSkus([{ ...strawberries, tierOverride: 'hot' }]);
  await refreshStock(backend.deps);
  await openAsOrchard();

  expect(within(rowOf(STRAWBERRY)).getByText('超龄·请重报')).toBeTruthy();
  expect(within(rowOf(ORANGE_5)).queryByText('超龄·请重报')).toBeNull();
  expect(screen.getByText(/^有 1 个商品的报数已超龄/)).toBeTruthy();
});

test('the title says which report the clock says is due; each line shows the last count beside an empty box, when, and the cost', async () => {
  await openAsOrchard();

  // 10:00 is closest to the 08:00 report.
  expect(screen.getByText('早报 · 08:00')).toBeTruthy();
  expect(screen.getByText('赣南果园直供')).toBeTruthy();
  expect(screen.getByText('共 10 个商品，请按仓库实际件数填写；没填的商品不会报送')).toBeTruthy();
  expect(within(rowOf(ORANGE_5)).getByText('上次 120 件 · 14小时前 · 晚报')).toBeTruthy();
  const cost = (await sheet()).rows.find((r) => r.skuId === 'HZ2001')?.cost;
  expect(cost).toBeGreaterThan(0);
  expect(within(rowOf(ORANGE_5)).getByText(`5斤装 果径75-80mm · 成本 ¥${(cost! / 100).toFixed(2)}`)).toBeTruthy();
  // Nothing counted yet: the boxes are empty, the last count is beside them.
  expect(boxOf(ORANGE_5).value).toBe('');
  expect(boxOf(STRAWBERRY).value).toBe('');
  expect(screen.getByText('已填 0/10 项')).toBeTruthy();
  // Only this supplier's goods: nothing from the cold-chain warehouse.
  expect(screen.queryByText('五常稻花香大米')).toBeNull();
});

test('only the counts typed are sent; untouched lines keep their old time', async () => {
  await openAsOrchard();

  type(ORANGE_5, '100');
  type(ORANGE_10, '35');
  expect(screen.getByText('已填 2/10 项')).toBeTruthy();
  fireEvent.click(screen.getByText('提交报数'));

  expect(await screen.findByText('已报送 · 早报 · 10:00')).toBeTruthy();
  expect(screen.getByText('报数成功（早报，2 个商品；8 个未填，没有报送）')).toBeTruthy();
  expect(within(rowOf(ORANGE_5)).getByText('上次 100 件 · 刚刚 · 早报')).toBeTruthy();
  expect(within(rowOf(ORANGE_10)).getByText('上次 35 件 · 刚刚 · 早报')).toBeTruthy();
  // Sent rows are emptied for the next count; an untouched row was not stamped 刚刚.
  expect(boxOf(ORANGE_5).value).toBe('');
  expect(within(rowOf(MANDARIN)).getByText('上次 85 件 · 14小时前 · 晚报')).toBeTruthy();

  // The server kept what the page shows, and nothing for the untouched rows.
  const rows = (await sheet()).rows;
  expect(rows.find((r) => r.skuId === 'HZ2001')?.lastOnHand).toBe(100);
  expect(rows.find((r) => r.skuId === 'HZ2002')?.lastOnHand).toBe(35);
  const before = rows.find((r) => r.skuId === 'HZ2003')!;
  expect(before.freshness?.slot).toBe('晚报');
  expect(backend.calls.filter((c) => c.action === 'submitReport')).toHaveLength(1);
  const sent = (backend.calls.find((c) => c.action === 'submitReport')!.payload as { lines: Array<{ skuId: string }> }).lines;
  expect(sent.map((l) => l.skuId)).toEqual(['HZ2001', 'HZ2002']);
});

test('a decimal is refused at its line, never read as another number; full-width digits are read', async () => {
  await openAsOrchard();

  type(ORANGE_5, '3.5');
  type(ORANGE_10, '４２');
  fireEvent.click(screen.getByText('提交报数'));

  expect(within(rowOf(ORANGE_5)).getByText('请填整数件数，不能有小数（3.5）')).toBeTruthy();
  // What was typed stays as typed.
  expect(boxOf(ORANGE_5).value).toBe('3.5');
  expect(boxOf(ORANGE_10).value).toBe('４２');
  expect(backend.calls.some((c) => c.action === 'submitReport')).toBe(false);

  type(ORANGE_5, '115');
  fireEvent.click(screen.getByText('提交报数'));
  expect(await within(rowOf(ORANGE_10)).findByText('上次 42 件 · 刚刚 · 早报')).toBeTruthy();
  expect(await lastOnHand('HZ2001')).toBe(115);
  expect(await lastOnHand('HZ2002')).toBe(42);
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
  expect(await lastOnHand('HZ2001')).toBe(120);

  // Fixing the line clears its error; the next submit goes through.
  type(STRAWBERRY, '6');
  expect(within(rowOf(STRAWBERRY)).queryByText('库存数量不能大于 1000000')).toBeNull();
  fireEvent.click(screen.getByText('提交报数'));
  expect(await within(rowOf(STRAWBERRY)).findByText('上次 6 件 · 刚刚 · 早报')).toBeTruthy();
});

test('nothing filled in sends nothing and says how to go on', async () => {
  await openAsOrchard();

  fireEvent.click(screen.getByText('提交报数'));

  expect(screen.getByText('还没有填写数量：请逐个填写，或点“全部与上次相同”')).toBeTruthy();
  expect(backend.calls.some((c) => c.action === 'submitReport')).toBe(false);
});

test('“与上次相同” on a line sends its last count as a confirmation, and its freshness says so', async () => {
  await openAsOrchard();

  fireEvent.click(within(rowOf(MANDARIN)).getByText('与上次相同'));
  expect(boxOf(MANDARIN).value).toBe('85');
  expect(within(rowOf(MANDARIN)).getByText('与上次相同', { selector: '.hz-same-tag, .hz-same-tag *' })).toBeTruthy();
  // Typing over it makes it a typed count again.
  type(MANDARIN, '84');
  expect(within(rowOf(MANDARIN)).queryByText('与上次相同', { selector: '.hz-same-tag, .hz-same-tag *' })).toBeNull();
  fireEvent.click(within(rowOf(MANDARIN)).getByText('与上次相同'));
  type(ORANGE_5, '110');

  backend.clock.advance(5 * 60 * 1000);
  fireEvent.click(screen.getByText('提交报数'));

  expect(await within(rowOf(MANDARIN)).findByText('上次 85 件 · 刚刚 · 早报 · 与上次相同')).toBeTruthy();
  expect(within(rowOf(ORANGE_5)).getByText('上次 110 件 · 刚刚 · 早报')).toBeTruthy();
  const sent = (backend.calls.find((c) => c.action === 'submitReport')!.payload as { lines: Array<{ skuId: string; sameAsLast?: true }> }).lines;
  expect(sent).toEqual([{ skuId: 'HZ2001', onHand: 110 }, { skuId: 'HZ2003', onHand: 85, sameAsLast: true }]);
});

test('“全部与上次相同” asks first, naming how many untouched lines it fills', async () => {
  await openAsOrchard();

  type(ORANGE_5, '118');
  fireEvent.click(screen.getByText('全部与上次相同'));
  const ask = screen.getByText('全部与上次相同？').closest('.nut-dialog') as HTMLElement;
  expect(within(ask).getByText('9 个还没填的商品将按上次的数量报送，并标为“与上次相同”。请确认这些商品确实没有变化。')).toBeTruthy();
  // Cancelling fills nothing.
  fireEvent.click(within(ask).getByText('取消'));
  expect(boxOf(ORANGE_10).value).toBe('');

  fireEvent.click(screen.getByText('全部与上次相同'));
  fireEvent.click(screen.getByText('按上次报送'));
  expect(boxOf(ORANGE_5).value).toBe('118');
  expect(boxOf(ORANGE_10).value).toBe('40');
  expect(screen.getByText('已填 10/10 项')).toBeTruthy();

  fireEvent.click(screen.getByText('提交报数'));
  expect(await within(rowOf(ORANGE_10)).findByText('上次 40 件 · 刚刚 · 早报 · 与上次相同')).toBeTruthy();
  expect(within(rowOf(ORANGE_5)).getByText('上次 118 件 · 刚刚 · 早报')).toBeTruthy();
});

test('a count below what already waits to ship warns before submitting', async () => {
  await backend.as('DEMO-L01', 'leader', 'placeOrder', { idempotencyKey: 'ui-short-1', lines: [{ skuId: 'HZ2005', qty: 5 }] });
  await openAsOrchard();

  type(STRAWBERRY, '3');
  expect(within(rowOf(STRAWBERRY)).getByText('今晚将缺 2 件（待发 5 件）')).toBeTruthy();
  expect(screen.getByText('1 个商品不够今晚发货')).toBeTruthy();
  type(STRAWBERRY, '5');
  expect(within(rowOf(STRAWBERRY)).queryByText(/今晚将缺/)).toBeNull();
});

test('a report the network lost says so, drops the old receipt, and is offered again on reopening', async () => {
  await openAsOrchard();
  type(ORANGE_5, '100');
  fireEvent.click(screen.getByText('提交报数'));
  await screen.findByText('已报送 · 早报 · 10:00');

  backend.clock.advance(60 * 60 * 1000);
  backend.dropNextRequest('supplier', 'submitReport');
  type(ORANGE_10, '33');
  fireEvent.click(screen.getByText('提交报数'));

  expect(await screen.findByText(/^报数未提交：/)).toBeTruthy();
  expect(screen.queryByText('已报送 · 早报 · 10:00')).toBeNull();
  expect(boxOf(ORANGE_10).value).toBe('33');
  expect(await lastOnHand('HZ2002')).toBe(40);

  // The page closes; opened again, the unsent draft is offered and what was sent is named.
  cleanup();
  await openAsOrchard();
  expect(screen.getByText('今天已报送：早报 10:00（1 个商品）')).toBeTruthy();
  expect(screen.getByText('有一份未提交的报数（1 个商品，11:00填写）')).toBeTruthy();
  expect(boxOf(ORANGE_10).value).toBe('');
  fireEvent.click(screen.getByText('恢复'));
  expect(boxOf(ORANGE_10).value).toBe('33');
  fireEvent.click(screen.getByText('提交报数'));
  expect(await within(rowOf(ORANGE_10)).findByText('上次 33 件 · 刚刚 · 早报')).toBeTruthy();

  // Sent: nothing is offered any more.
  cleanup();
  await openAsOrchard();
  expect(screen.queryByText(/未提交的报数/)).toBeNull();
});

test('the stepper adds and takes away one, never below zero', async () => {
  await openAsOrchard();

  fireEvent.click(screen.getByLabelText(`${ORANGE_5} 加一`));
  fireEvent.click(screen.getByLabelText(`${ORANGE_5} 加一`));
  expect(boxOf(ORANGE_5).value).toBe('122');
  expect(within(rowOf(ORANGE_5)).getByText('已修改')).toBeTruthy();
  type(STRAWBERRY, '1');
  fireEvent.click(screen.getByLabelText(`${STRAWBERRY} 减一`));
  fireEvent.click(screen.getByLabelText(`${STRAWBERRY} 减一`));
  expect(boxOf(STRAWBERRY).value).toBe('0');
});

test('Enter (the keyboard’s 下一项) and “下一项” move to the next line’s box', async () => {
  await openAsOrchard();

  act(() => boxOf(ORANGE_5).focus());
  type(ORANGE_5, '110');
  fireEvent.keyDown(boxOf(ORANGE_5), { key: 'Enter', keyCode: 13 });
  await waitFor(() => expect(document.activeElement).toBe(boxOf(ORANGE_10)));

  fireEvent.click(within(rowOf(ORANGE_10)).getByText('下一项 ↓'));
  await waitFor(() => expect(document.activeElement).toBe(boxOf(MANDARIN)));
  expect(boxOf(ORANGE_5).value).toBe('110');
});

test('a count that jumps asks first for that line only: the rest takes effect, 确认无误 applies the jump', async () => {
  await openAsOrchard();

  type(ORANGE_5, '600');
  type(ORANGE_10, '38');
  fireEvent.click(screen.getByText('提交报数'));

  expect(await screen.findByText('数量变化很大，请确认')).toBeTruthy();
  expect(within(dialog()).getByText('赣南脐橙 5斤装 果径75-80mm：120 → 600 件')).toBeTruthy();
  expect(within(dialog()).getByText(/这次报数的其他商品变化不大，已经生效/)).toBeTruthy();
  expect(screen.getByText(/1 个变化大，待确认/)).toBeTruthy();
  // The line within the threshold is in effect; the jump is not, and its box keeps what was typed.
  expect(await lastOnHand('HZ2001')).toBe(120);
  expect(await lastOnHand('HZ2002')).toBe(38);
  expect(boxOf(ORANGE_5).value).toBe('600');
  expect(boxOf(ORANGE_10).value).toBe('');

  fireEvent.click(within(dialog()).getByText('确认无误'));

  expect(await within(rowOf(ORANGE_5)).findByText('上次 600 件 · 刚刚 · 早报')).toBeTruthy();
  expect(await lastOnHand('HZ2001')).toBe(600);
  expect(boxOf(ORANGE_5).value).toBe('');
  expect(backend.calls.map((c) => c.action)).toContain('confirmHeld');
});

test('every line jumped: nothing takes effect until 确认无误', async () => {
  await openAsOrchard();

  type(ORANGE_5, '600');
  fireEvent.click(screen.getByText('提交报数'));
  await screen.findByText('数量变化很大，请确认');
  expect(within(dialog()).getByText(/还没有生效/)).toBeTruthy();
  expect(within(dialog()).queryByText(/已经生效/)).toBeNull();
  expect(await lastOnHand('HZ2001')).toBe(120);

  fireEvent.click(within(dialog()).getByText('确认无误'));

  expect(await screen.findByText('已报送 · 早报 · 10:00')).toBeTruthy();
  expect(await lastOnHand('HZ2001')).toBe(600);
});

test('丢弃 discards the held report and keeps what was typed, marked to check', async () => {
  await openAsOrchard();

  type(ORANGE_5, '600');
  fireEvent.click(screen.getByText('提交报数'));
  await screen.findByText('数量变化很大，请确认');

  fireEvent.click(within(dialog()).getByText('丢弃'));

  expect(await within(rowOf(ORANGE_5)).findByText('与上次 120 件相差很大，请核对后再提交')).toBeTruthy();
  expect(boxOf(ORANGE_5).value).toBe('600');
  await waitFor(() => expect(document.activeElement).toBe(boxOf(ORANGE_5)));
  expect(await lastOnHand('HZ2001')).toBe(120);
  const held = await backend.as<HeldView[]>('DEMO-OP', 'operator', 'listHeld', {});
  expect(held.map((h) => h.status)).toEqual(['discarded']);

  // The typo fixed, the report goes through.
  type(ORANGE_5, '60');
  fireEvent.click(screen.getByText('提交报数'));
  expect(await within(rowOf(ORANGE_5)).findByText('上次 60 件 · 刚刚 · 早报')).toBeTruthy();
});

test('a held report from before waits at the top with the same two choices', async () => {
  const held = await backend.as<IntakeResult>('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 850 }] });
  expect(held.status).toBe('held');
  backend.clock.advance(30 * 60 * 1000);
  await openAsOrchard();

  expect(screen.getByText('有 1 个商品的报数等待确认（未生效）')).toBeTruthy();
  const card = screen.getByText('广西砂糖橘 3斤装：85 → 850 件').closest('.hz-held-card') as HTMLElement;
  expect(within(card).getByText('果园老李 · 10:00 · 小程序报数')).toBeTruthy();

  fireEvent.click(within(card).getByText('确认无误'));

  expect(await within(rowOf(MANDARIN)).findByText('上次 850 件 · 30分钟前 · 早报')).toBeTruthy();
  expect(screen.queryByText('有 1 个商品的报数等待确认（未生效）')).toBeNull();
  expect(await lastOnHand('HZ2003')).toBe(850);
});

test('a waiting report sent back with 丢弃 puts its numbers in the boxes', async () => {
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 850 }] });
  await openAsOrchard();

  const card = screen.getByText('广西砂糖橘 3斤装：85 → 850 件').closest('.hz-held-card') as HTMLElement;
  fireEvent.click(within(card).getByText('丢弃'));

  expect(await within(rowOf(MANDARIN)).findByText('与上次 85 件相差很大，请核对后再提交')).toBeTruthy();
  expect(boxOf(MANDARIN).value).toBe('850');
  expect(screen.queryByText(/等待确认/)).toBeNull();
  expect(await lastOnHand('HZ2003')).toBe(85);
});

test('each line leads to its history', async () => {
  const { router } = await openAsOrchard();

  fireEvent.click(within(rowOf(ORANGE_5)).getByText('历史 ›'));

  expect(router.current).toBe(PAGES.skuHistory);
  expect(router.params()).toEqual({ skuId: 'HZ2001' });
  expect(await screen.findByText('赣南脐橙 5斤装 果径75-80mm')).toBeTruthy();
});

test('a leader cannot open the report page', async () => {
  await openApp(PAGES.report, { as: 'DEMO-L01' });

  expect(await screen.findByText('此页面仅限供应商使用')).toBeTruthy();
  await waitFor(() => expect(backend.calls.some((c) => c.action === 'reportSheet')).toBe(false));
});

/** The one card holding everything of this supplier that waits. */
const heldCards = (): HTMLElement[] => Array.from(document.querySelectorAll('.hz-held-card'));

test('held reports of one supplier show as one card: a newer count of a SKU replaces the older and says whose, one of another SKU waits beside it, each under its own time', async () => {
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 850 }] });
  backend.clock.advance(10 * 60 * 1000);
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 870 }] });
  backend.clock.advance(10 * 60 * 1000);
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2004', onHand: 900 }] });
  await openAsOrchard();

  // The server keeps each held report (each line its own report time); the page shows one card.
  expect(heldCards()).toHaveLength(1);
  const [card] = heldCards() as [HTMLElement];
  expect(screen.getByText('有 2 个商品的报数等待确认（未生效）')).toBeTruthy();
  expect(within(card).getAllByText('确认无误')).toHaveLength(1);
  expect(within(card).queryByText('广西砂糖橘 3斤装：85 → 850 件')).toBeNull();
  expect(within(card).getByText('广西砂糖橘 3斤装：85 → 870 件')).toBeTruthy();
  expect(within(card).getByText('四川沃柑 5斤装：60 → 900 件')).toBeTruthy();
  expect(within(card).getByText('果园老李 · 10:10 · 小程序报数')).toBeTruthy();
  expect(within(card).getByText('果园老李 · 10:20 · 小程序报数')).toBeTruthy();
  expect(within(card).getByText('已替换 10:00 果园老李 的待确认报数')).toBeTruthy();
  const held = await backend.as<HeldView[]>('DEMO-OP', 'operator', 'listHeld', {});
  expect(held.map((h) => h.status).sort()).toEqual(['held', 'held', 'superseded']);

  // One 确认无误 decides both waiting reports.
  fireEvent.click(within(card).getByText('确认无误'));

  expect(await within(rowOf(MANDARIN)).findByText('上次 870 件 · 10分钟前 · 早报')).toBeTruthy();
  expect(await lastOnHand('HZ2004')).toBe(900);
  expect(await lastOnHand('HZ2003')).toBe(870);
  await waitFor(() => expect(heldCards()).toHaveLength(0));
  const after = await backend.as<HeldView[]>('DEMO-OP', 'operator', 'listHeld', {});
  expect(after.map((h) => h.status).sort()).toEqual(['confirmed', 'confirmed', 'superseded']);
});

/** Two held reports both waiting with 砂糖橘: the older also holds 沃柑, which the newer does not count, so the server keeps both. */
async function twoOverlappingHeld(): Promise<void> {
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 850 }, { skuId: 'HZ2004', onHand: 900 }] });
  backend.clock.advance(10 * 60 * 1000);
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 870 }] });
}

test('a waiting line of an older held report that a newer one counts again is named as replaced, with its number', async () => {
  await twoOverlappingHeld();
  await openAsOrchard();

  expect(heldCards()).toHaveLength(1);
  const [card] = heldCards() as [HTMLElement];
  expect(within(card).getAllByText(/^广西砂糖橘 3斤装：/)).toHaveLength(1);
  expect(within(card).getByText('广西砂糖橘 3斤装：85 → 870 件')).toBeTruthy();
  expect(within(card).getByText('已替换 10:00 果园老李 的待确认报数（广西砂糖橘 3斤装 850 件）')).toBeTruthy();
  expect(within(card).getByText('四川沃柑 5斤装：60 → 900 件')).toBeTruthy();

  fireEvent.click(within(card).getByText('确认无误'));

  // The newest of each SKU stands: the older 850 is never applied over 870.
  await waitFor(() => expect(heldCards()).toHaveLength(0));
  expect(await lastOnHand('HZ2003')).toBe(870);
  expect(await lastOnHand('HZ2004')).toBe(900);
});

test('a card whose decision stops part way says which lines still wait', async () => {
  await twoOverlappingHeld();
  await openAsOrchard();
  // The newer report is confirmed; the older one's request never arrives.
  backend.dropNextRequest('supplier', 'confirmHeld', 1);

  fireEvent.click(within(heldCards()[0]!).getByText('确认无误'));

  expect(await screen.findByText('确认未成功：网络不给力，请检查网络后重试；仍待确认：四川沃柑 5斤装')).toBeTruthy();
  expect(await lastOnHand('HZ2003')).toBe(870);
  expect(await lastOnHand('HZ2004')).toBe(60);
  await waitFor(() => expect(screen.getByText('有 1 个商品的报数等待确认（未生效）')).toBeTruthy());
  const card = heldCards()[0]!;
  expect(within(card).getByText('四川沃柑 5斤装：60 → 900 件')).toBeTruthy();

  // 丢弃 now drops the rest; its numbers come back into the boxes.
  fireEvent.click(within(card).getByText('丢弃'));
  await waitFor(() => expect(heldCards()).toHaveLength(0));
  expect(boxOf('四川沃柑 5斤装 库存数量').value).toBe('900');
  expect(await lastOnHand('HZ2004')).toBe(60);
});

test('a count the server applies over several calls shows 正在生效 with how far it got, and the page asks again until it is applied', async () => {
  // Two of the four SKUs meet orders in flight on every try in the first call (the
  // server answers applying 2/4); once the page asks again they go through, when the
  // test lets that call on.
  const store = backend.deps.store;
  const commit = store.commitReportLines.bind(store);
  const busy = new Set(['HZ2002', 'HZ2003']);
  let release!: () => void;
  const asked = new Promise<void>((resolve) => { release = resolve; });
  store.commitReportLines = async (reportId, writes) => {
    if (backend.calls.some((c) => c.action === 'continueReport')) {
      await asked;
      return commit(reportId, writes);
    }
    return [...await commit(reportId, writes.filter((w) => !busy.has(w.record.skuId))), ...writes.filter((w) => busy.has(w.record.skuId)).map((w) => w.record.skuId)];
  };
  await openAsOrchard();
  type(ORANGE_5, '110');
  type(ORANGE_10, '36');
  type(MANDARIN, '80');
  type(STRAWBERRY, '12');
  fireEvent.click(screen.getByText('提交报数'));

  expect(await screen.findByText('报数已提交，正在生效 2/4')).toBeTruthy();
  await waitFor(() => expect(backend.calls.filter((c) => c.action === 'continueReport')).toHaveLength(1));
  const { reportId } = backend.calls.find((c) => c.action === 'continueReport')!.payload as { reportId: string };
  expect(backend.calls.filter((c) => c.action === 'submitReport')).toHaveLength(1);
  expect(await lastOnHand('HZ2001')).toBe(110);
  expect(await lastOnHand('HZ2002')).not.toBe(36);

  await act(async () => release());
  expect(await screen.findByText('已报送 · 早报 · 10:00')).toBeTruthy();
  expect(screen.getByText('报数成功（早报，4 个商品；6 个未填，没有报送）')).toBeTruthy();
  expect(within(rowOf(MANDARIN)).getByText('上次 80 件 · 刚刚 · 早报')).toBeTruthy();
  expect([await lastOnHand('HZ2002'), await lastOnHand('HZ2003'), await lastOnHand('HZ2005')]).toEqual([36, 80, 12]);
  // One report, asked after until applied: no second submission.
  expect(backend.calls.filter((c) => c.action === 'submitReport')).toHaveLength(1);
  expect((await backend.deps.store.getReport(reportId))!.progress.finishedAt).toBeDefined();
});
