import { act, fireEvent, screen, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { AvailabilityItem, SettingsView } from '@/services/types';
import { refreshStock } from '../../cloudfunctions/src/jobs/refresh-stock';
import { triggerPullDownRefresh, triggerReachBottom } from './shims/taro';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  localStorage.clear();
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

/** The card of one SKU, found by what a leader reads on it. */
function cardOf(name: string, spec: string): HTMLElement {
  const specNode = screen.getAllByText(spec).find((n) => n.closest('.hz-item')?.textContent?.includes(name));
  if (!specNode) throw new Error(`no card for ${name} ${spec}`);
  return specNode.closest('.hz-item') as HTMLElement;
}

const sellableOn = (card: HTMLElement): string => card.querySelector('.hz-sellable')?.textContent ?? '';

async function serverSays(skuId: string): Promise<AvailabilityItem> {
  const items = await backend.as<AvailabilityItem[]>('DEMO-L03', 'leader', 'availability');
  return items.find((i) => i.skuId === skuId)!;
}

/** The fold at the end of the list: 暂时没货的商品（N）. */
const unfoldSoldOut = (): void => {
  fireEvent.click(screen.getByText(/^暂时没货的商品/));
};

async function openAsLeader() {
  const app = await openApp(PAGES.availability, { as: 'DEMO-L01' });
  await screen.findByText('五常稻花香大米');
  return app;
}

test('each SKU shows its sellable number, price, supplier and, in a leader\'s words, why it is less than the warehouse holds', async () => {
  await openAsLeader();
  const rice = await serverSays('HZ1001');

  const card = cardOf('五常稻花香大米', '5kg/袋');
  expect(sellableOn(card)).toBe(String(rice.sellable));
  expect(rice.sellable).toBeGreaterThan(0);
  expect(within(card).getByLabelText(`可售 ${rice.sellable} 件`)).toBeTruthy();
  expect(within(card).getByText('鲜丰冷链仓 · ¥69.90')).toBeTruthy();
  expect(within(card).getByText(`仓库 160 件 · 防超卖预留 ${rice.buffer} 件 · 已订未发 0 件`)).toBeTruthy();
  expect(screen.getByText('共 30 个商品 · 10:00 更新')).toBeTruthy();
  expect(screen.getByText('22:00 截单 · 还剩 12小时')).toBeTruthy();
  // Grouped by category, as the server orders them.
  expect(screen.getByText('粮油')).toBeTruthy();
  expect(screen.getByText('水果')).toBeTruthy();
});

test('freshness reads as relative time and report slot; an API supplier\'s old count is never called 实时', async () => {
  await openAsLeader();

  // Portal supplier: last evening's 20:00 report, seen at 10:00.
  expect(within(cardOf('丹东红颜草莓', '2斤礼盒')).getByText('14小时前 · 晚报')).toBeTruthy();
  // API supplier: its system pushed the count 14 hours ago.
  expect(within(cardOf('五常稻花香大米', '5kg/袋')).getByText('14小时前 · 接口推送')).toBeTruthy();
  expect(screen.queryByText(/实时/)).toBeNull();
});

test('low stock is marked 库存紧张, nothing left 售罄, never counted 未报数', async () => {
  // A SKU listed today that its supplier has not counted yet.
  await backend.deps.store.upsertSkus([
    { id: 'HZ2011', supplierId: 'S02', name: '赣南脐橙礼盒', spec: '12枚装', category: '水果', price: 6990, listed: true, warningLine: 10 },
  ]);
  await openAsLeader();

  const strawberry = cardOf('丹东红颜草莓', '2斤礼盒');
  expect(within(strawberry).getByText('库存紧张')).toBeTruthy();
  unfoldSoldOut();
  const apples = cardOf('烟台红富士苹果', '8斤装');
  expect(sellableOn(apples)).toBe('0');
  expect(within(apples).getByText('售罄')).toBeTruthy();
  expect(within(apples).queryByText('库存紧张')).toBeNull();
  const giftBox = cardOf('赣南脐橙礼盒', '12枚装');
  expect(within(giftBox).getByText('未报数')).toBeTruthy();
  expect(sellableOn(giftBox)).toBe('0');
  // Plenty left: no mark at all.
  const rice = cardOf('五常稻花香大米', '5kg/袋');
  expect(within(rice).queryByText('库存紧张')).toBeNull();
  expect(within(rice).queryByText('售罄')).toBeNull();
});

test('a new report shows after a pull-down refresh, fresh to the minute', async () => {
  await openAsLeader();
  expect(sellableOn(cardOf('丹东红颜草莓', '2斤礼盒'))).toBe(String((await serverSays('HZ2005')).sellable));

  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2005', onHand: 20 }] });
  backend.clock.advance(3 * 60 * 1000);
  act(() => triggerPullDownRefresh());

  const strawberry = await screen.findByText('3分钟前 · 早报');
  const card = strawberry.closest('.hz-item') as HTMLElement;
  expect(within(card).getByText('丹东红颜草莓')).toBeTruthy();
  expect(sellableOn(card)).toBe(String((await serverSays('HZ2005')).sellable));
  expect(within(card).queryByText('库存紧张')).toBeNull();
});

test('the refresh button reloads the numbers', async () => {
  await openAsLeader();
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2010', onHand: 15 }] });

  fireEvent.click(screen.getByText('刷新'));

  const apples = await screen.findByText('刚刚 · 早报');
  expect(sellableOn(apples.closest('.hz-item') as HTMLElement)).toBe(String((await serverSays('HZ2010')).sellable));
});

test('adding to the order shows the count and leads to the order page', async () => {
  const { router } = await openAsLeader();
  const card = cardOf('赣南脐橙', '5斤装 果径75-80mm');

  fireEvent.click(within(card).getByText('加入订单'));
  fireEvent.click(within(card).getByText('加入订单'));

  expect(within(card).getByText('已选 2 件')).toBeTruthy();
  expect(screen.getByText('已选 2 件 · ¥59.80')).toBeTruthy();
  fireEvent.click(screen.getByText('去下单（2）'));
  expect(router.current).toBe(PAGES.order);
  expect(await screen.findByText('共 2 件 · ¥59.80')).toBeTruthy();
});

test('a sold-out SKU cannot be added', async () => {
  await openAsLeader();
  unfoldSoldOut();
  const apples = cardOf('烟台红富士苹果', '8斤装');

  fireEvent.click(within(apples).getByText('加入订单'));

  expect(within(apples).queryByText(/已选/)).toBeNull();
  expect(screen.getByText('还没选商品')).toBeTruthy();
});

test('a failed load says so and the retry brings the list', async () => {
  backend.dropNextRequest('leader', 'availability');
  await openApp(PAGES.availability, { as: 'DEMO-L01' });

  expect(await screen.findByText('可售库存加载失败')).toBeTruthy();
  expect(screen.getByText('网络不给力，请检查网络后重试')).toBeTruthy();
  fireEvent.click(screen.getByText('重试'));

  expect(await screen.findByText('五常稻花香大米')).toBeTruthy();
});

test('a failed refresh keeps the last numbers on screen, marked as such', async () => {
  await openAsLeader();
  backend.dropNextRequest('leader', 'availability');

  fireEvent.click(screen.getByText('刷新'));

  expect(await screen.findByText('刷新失败：网络不给力，请检查网络后重试（下面是上次的数字）')).toBeTruthy();
  expect(screen.getByText('五常稻花香大米')).toBeTruthy();
});

const HOUR = 60 * 60 * 1000;

test('a projected count is marked 预估; a stale one shows its number in another colour with its age, and the extra held back', async () => {
  const { settings } = await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings');
  await backend.as('DEMO-OP', 'operator', 'saveSettings', {
    settings: { ...settings, projection: true, staleness: true, tiers: { ...settings.tiers, maxReportAgeHours: { hot: 12, normal: 12, longTail: 12 } } },
  });
  // Oranges: 120 at 20:00 last night, 96 at 10:00: 24 sold elsewhere in 14 hours.
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2001', onHand: 96 }] });
  backend.clock.advance(5 * HOUR);
  // The real refresh job projects the oranges down and widens every count older than 12 hours.
  await refreshStock(backend.deps);
  await openAsLeader();

  const oranges = await serverSays('HZ2001');
  expect(oranges.freshness).toMatchObject({ projected: true, stale: false });
  expect(oranges.projectedOnHand).toBeLessThan(96);
  const orangeCard = cardOf('赣南脐橙', '5斤装 果径75-80mm');
  expect(within(orangeCard).getByText('预估')).toBeTruthy();
  expect(orangeCard.querySelector('.hz-sellable--stale')).toBeNull();
  expect(within(orangeCard).getByText(`仓库约 ${oranges.projectedOnHand} 件（按销量估算） · 防超卖预留 ${oranges.buffer} 件 · 已订未发 0 件`)).toBeTruthy();
  expect(sellableOn(orangeCard)).toBe(String(oranges.sellable));

  const rice = await serverSays('HZ1001');
  expect(rice.freshness).toMatchObject({ stale: true });
  expect(rice.staleExtra).toBeGreaterThan(0);
  const riceCard = cardOf('五常稻花香大米', '5kg/袋');
  // Unmistakable: the number itself changes colour, and says how old it is.
  expect(riceCard.querySelector('.hz-sellable')!.classList.contains('hz-sellable--stale')).toBe(true);
  expect(within(riceCard).getByText('19小时前的数，可能不准')).toBeTruthy();
  expect(within(riceCard).getByText(`仓库 160 件 · 防超卖预留 ${rice.buffer} 件（数旧了多留 ${rice.staleExtra} 件） · 已订未发 0 件`)).toBeTruthy();
});

test('fresh counts carry neither mark', async () => {
  await openAsLeader();

  const card = cardOf('五常稻花香大米', '5kg/袋');
  expect(within(card).queryByText('预估')).toBeNull();
  expect(card.querySelector('.hz-sellable--stale')).toBeNull();
  expect(within(card).queryByText(/的数，可能不准/)).toBeNull();
});

test('a leader reads none of the operator\'s words; the operator, watching the same list, does', async () => {
  const leader = await openAsLeader();
  unfoldSoldOut();
  const page = document.body.textContent ?? '';
  for (const word of ['安全库存', '已占用', '常规', '长尾']) expect(page).not.toContain(word);

  leader.unmount();
  await openApp(PAGES.availability, { as: 'DEMO-OP' });
  const rice = await serverSays('HZ1001');
  const operatorRice = (await screen.findAllByText('5kg/袋')).map((n) => n.closest('.hz-item')).filter(Boolean).pop() as HTMLElement;
  expect(within(operatorRice).getByText(`现货 160 − 安全库存 ${rice.buffer} − 已占用 0`)).toBeTruthy();
  expect(within(operatorRice).getByText({ hot: '热销', normal: '常规', longTail: '长尾' }[rice.freshness!.tier])).toBeTruthy();
});

test('the search box finds SKUs by name, spec or code, as the 接龙 picker does', async () => {
  await openAsLeader();

  fireEvent.input(screen.getByLabelText('搜索商品'), { target: { value: '脐橙 10斤' } });
  expect(Array.from(document.querySelectorAll('.hz-item .hz-sku-spec')).map((n) => n.textContent)).toEqual(['10斤装 果径80-85mm']);
  fireEvent.input(screen.getByLabelText('搜索商品'), { target: { value: 'hz1001' } });
  expect(Array.from(document.querySelectorAll('.hz-item .hz-sku-name')).map((n) => n.textContent)).toEqual(['五常稻花香大米']);
  fireEvent.input(screen.getByLabelText('搜索商品'), { target: { value: '榴莲' } });
  expect(document.querySelectorAll('.hz-item')).toHaveLength(0);
  expect(screen.getByText('可订的商品里没有“榴莲”，换个词试试')).toBeTruthy();
});

test('a category chip jumps to that category; tapping it again shows all', async () => {
  await openAsLeader();
  const names = (): string[] => Array.from(document.querySelectorAll('.hz-group-title')).map((n) => n.textContent ?? '');
  expect(names()).toHaveLength(5);

  fireEvent.click(screen.getByText('冻品 4'));
  expect(names()).toEqual(['冻品']);
  expect(document.querySelectorAll('.hz-item').length).toBeGreaterThan(0);
  expect(Array.from(document.querySelectorAll('.hz-item')).every((c) => !c.textContent?.includes('大米'))).toBe(true);
  fireEvent.click(screen.getByText('冻品 4'));
  expect(names().length).toBeGreaterThan(1);
  fireEvent.click(screen.getByText('蛋禽 10'));
  fireEvent.click(screen.getByText('全部 30'));
  expect(names().length).toBeGreaterThan(1);
});

test('sold-out SKUs come last, folded, and unfold on a tap', async () => {
  await openAsLeader();
  const onSale = Array.from(document.querySelectorAll('.hz-item'));
  expect(onSale.every((c) => c.querySelector('.hz-sellable')?.textContent !== '0')).toBe(true);
  expect(screen.queryByText('烟台红富士苹果')).toBeNull();

  fireEvent.click(screen.getByText('暂时没货的商品（2） ▾ 展开'));

  const folded = Array.from(document.querySelectorAll('.hz-soldout .hz-item .hz-sku-name')).map((n) => n.textContent);
  expect(folded.sort()).toEqual(['三全黑芝麻汤圆', '烟台红富士苹果']);
  fireEvent.click(screen.getByText('暂时没货的商品（2） ▴ 收起'));
  expect(screen.queryByText('烟台红富士苹果')).toBeNull();
});

test('a page left open fetches again each minute, so a supplier\'s new count reaches it', async () => {
  // The page's own minute timer, caught as it is set (the real timer still runs) and fired by hand.
  const realSetInterval = global.setInterval;
  const everyMinute: Array<() => void> = [];
  const spy = jest.spyOn(global, 'setInterval').mockImplementation(((fn: () => void, ms?: number) => {
    if (ms === 60_000) everyMinute.push(fn);
    return realSetInterval(fn, ms);
  }) as typeof setInterval);
  try {
    await openAsLeader();
    expect(sellableOn(cardOf('丹东红颜草莓', '2斤礼盒'))).toBe('6'); // last evening's 8
    await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2005', onHand: 20 }] });
    expect(sellableOn(cardOf('丹东红颜草莓', '2斤礼盒'))).toBe('6');

    expect(everyMinute.length).toBe(1);
    await act(async () => everyMinute[0]!());
    await screen.findByLabelText('可售 16 件');
    expect(sellableOn(cardOf('丹东红颜草莓', '2斤礼盒'))).toBe('16');
  } finally {
    spy.mockRestore();
  }
});

test('a catalogue of hundreds arrives in pages and shows a screenful at a time, the rest on 显示更多 or at the bottom', async () => {
  const store = backend.deps.store;
  const many = Array.from({ length: 640 }, (_, i) => ({
    id: `MX${String(i).padStart(4, '0')}`, supplierId: 'S01', name: `试吃装${String(i).padStart(4, '0')}`, spec: '1份', category: '零食', price: 990, listed: true, warningLine: 0,
  }));
  await store.upsertSkus(many);
  await backend.as('DEMO-S01', 'supplier', 'submitReport', { lines: many.map((m) => ({ skuId: m.id, onHand: 10 })) });
  await openAsLeader();
  expect(screen.getByText('共 670 个商品 · 10:00 更新')).toBeTruthy();
  // Three answers of at most 300 items each.
  expect(backend.calls.filter((c) => c.action === 'availability').map((c) => c.payload)).toEqual([
    { offset: 0, limit: 300 }, { offset: 300, limit: 300 }, { offset: 600, limit: 300 },
  ]);
  expect(document.querySelectorAll('.hz-item').length).toBe(60);
  // The two sold-out demo SKUs wait folded at the end.
  fireEvent.click(screen.getByText('显示更多（还有 608 个商品）'));
  expect(document.querySelectorAll('.hz-item').length).toBe(120);
  act(() => triggerReachBottom());
  expect(document.querySelectorAll('.hz-item').length).toBe(180);
});
