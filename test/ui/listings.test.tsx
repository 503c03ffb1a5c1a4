// 店铺库存 (issue 18) in the app, against the real handlers: a leader reaches it from the
// availability page, links a 快团团 listing to a SKU, sees the number to type (its share of
// sellable), copies it with one tap and records 已改; a 微信小店 link without its ids is
// named at the field; another leader's listing of the same SKU takes its share.
import Taro from '@tarojs/taro';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { AvailabilityItem, ListingsView, SettingsView } from '@/services/types';
import { fill, openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;
const afterTest: Array<() => void> = [];

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  afterTest.splice(0).forEach((undo) => undo());
  await backend.close();
});

const cardOf = (text: string): HTMLElement => screen.getByText(text).closest('.hz-listing') as HTMLElement;

async function sellableOf(skuId: string): Promise<number> {
  const items = await backend.as<AvailabilityItem[]>('DEMO-L01', 'leader', 'availability', {});
  return items.find((i) => i.skuId === skuId)!.sellable;
}

async function linkApple(storefront?: string): Promise<void> {
  fireEvent.click(screen.getByText('关联店铺商品'));
  await waitFor(() => expect(screen.getByLabelText('选择商品')).toBeTruthy());
  fill('选择商品', '冰糖心');
  fireEvent.click(await screen.findByText('阿克苏冰糖心苹果 5斤装 果径80mm+'));
  if (storefront) fireEvent.click(screen.getByText(storefront));
  fireEvent.click(screen.getByText('关联'));
}

describe('店铺库存', () => {
  test('reached from the availability page; empty at first; a linked 快团团 listing shows the number to type, copies it and records 已改', async () => {
    const execCommand = jest.fn(() => true);
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    afterTest.push(() => delete (document as { execCommand?: unknown }).execCommand);
    const sellable = await sellableOf('HZ2007');
    expect(sellable).toBeGreaterThan(0);

    const { router } = await openApp(PAGES.availability, { as: 'DEMO-L01' });
    fireEvent.click(await screen.findByText('店铺库存'));
    expect(router.current).toBe(PAGES.leaderListings);
    expect(await screen.findByText('还没有关联店铺商品')).toBeTruthy();

    await linkApple();
    // Alone on this SKU at 100%: the whole sellable.
    const text = `快团团 改库存为 ${sellable}`;
    expect(await screen.findByText(text)).toBeTruthy();
    const card = cardOf(text);
    expect(within(card).getByText('快团团 · 平均分配')).toBeTruthy();
    expect(within(card).getByText('还没有记录改过库存')).toBeTruthy();

    fireEvent.click(within(card).getByText('复制'));
    await waitFor(() => expect(Taro.getStorageSync('taro_clipboard')).toBe(String(sellable)));

    fireEvent.click(within(card).getByText('已改'));
    expect(await within(cardOf(text)).findByText(/^上次改为 \d+ · /)).toBeTruthy();
    expect(within(cardOf(text)).getByText(new RegExp(`^上次改为 ${sellable} · .*（`))).toBeTruthy();
    const stored = await backend.deps.store.listListingEntries({});
    expect(stored.map((e) => [e.type, e.type === 'typed' ? e.count : e.storefront])).toEqual([['version', 'ktt'], ['typed', sellable]]);
  });

  test('a 微信小店 link without its product and SKU ids is named at the field, and nothing is linked', async () => {
    await openApp(PAGES.leaderListings, { as: 'DEMO-L01' });
    await screen.findByText('还没有关联店铺商品');
    await linkApple('微信小店');
    expect(await screen.findByText('微信小店的商品需要填写商品 ID（product_id）')).toBeTruthy();
    expect(await backend.deps.store.listListingEntries({})).toEqual([]);
    fill('店铺商品编号', '10000001');
    fill('店铺规格编号', '20000001');
    fireEvent.click(screen.getByText('关联'));
    expect(await screen.findByText(/微信小店的库存将由系统推送/)).toBeTruthy();
  });

  test('ids typed for 微信小店 are not sent once the leader switches to 快团团; the same group linked twice is named at its name', async () => {
    await openApp(PAGES.leaderListings, { as: 'DEMO-L01' });
    await screen.findByText('还没有关联店铺商品');
    fireEvent.click(screen.getByText('关联店铺商品'));
    await waitFor(() => expect(screen.getByLabelText('选择商品')).toBeTruthy());
    fireEvent.click(screen.getByText('微信小店'));
    fill('店铺商品编号', '10000001');
    fireEvent.click(screen.getByText('快团团'));
    fill('选择商品', '冰糖心');
    fireEvent.click(await screen.findByText('阿克苏冰糖心苹果 5斤装 果径80mm+'));
    fireEvent.click(screen.getByText('关联'));
    expect(await screen.findByText(/^快团团 改库存为 /)).toBeTruthy();
    const [linked] = await backend.deps.store.listListingEntries({});
    expect(linked).toMatchObject({ storefront: 'ktt' });
    expect(linked).not.toHaveProperty('productId');
    // Again, the same apple to 快团团 with no name: its card shows the name too, so the choice is the form's.
    fireEvent.click(screen.getByText('关联店铺商品'));
    await waitFor(() => expect(screen.getByLabelText('选择商品')).toBeTruthy());
    fill('选择商品', '冰糖心');
    await waitFor(() => expect(screen.getAllByText('阿克苏冰糖心苹果 5斤装 果径80mm+').length).toBe(2));
    fireEvent.click(screen.getAllByText('阿克苏冰糖心苹果 5斤装 果径80mm+').find((el) => !el.closest('.hz-listing'))!);
    fireEvent.click(screen.getByText('快团团'));
    fireEvent.click(screen.getByText('关联'));
    expect(await screen.findByText('已有快团团（未命名）关联了这个商品；如果是另一个团，请填写不同的名称')).toBeTruthy();
    expect(await backend.deps.store.listListingEntries({})).toHaveLength(1);
  });

  test('another leader\'s listing of the same SKU takes its share, and the number to type moves', async () => {
    const sellable = await sellableOf('HZ2007');
    await openApp(PAGES.leaderListings, { as: 'DEMO-L01' });
    await screen.findByText('还没有关联店铺商品');
    await linkApple();
    await screen.findByText(`快团团 改库存为 ${sellable}`);
    const other = await backend.as<ListingsView>('DEMO-L02', 'leader', 'linkListing', { skuId: 'HZ2007', storefront: 'qunjielong', shareKind: 'equal' });
    // An equal split of what there is: halves in whole units (an odd unit goes to one of them, by listing id).
    const theirs = other.listings[0]!.count;
    expect([Math.floor(sellable / 2), Math.ceil(sellable / 2)]).toContain(theirs);
    await openApp(PAGES.leaderListings, { as: 'DEMO-L01' });
    expect(await screen.findByText(`快团团 改库存为 ${sellable - theirs}`)).toBeTruthy();
  });

  test('the operator sets how much the storefronts may add up to on the settings page, and the leader\'s numbers follow', async () => {
    const sellable = await sellableOf('HZ2007');
    for (const code of ['DEMO-L01', 'DEMO-L02']) await backend.as(code, 'leader', 'linkListing', { skuId: 'HZ2007', storefront: 'ktt', shareKind: 'ratio', ratio: 0.6 });
    await openApp(PAGES.settings, { as: 'DEMO-OP' });
    await screen.findByText('保存设置');
    expect((screen.getByLabelText('各店铺合计最多显示') as HTMLInputElement).value).toBe('100');
    fill('各店铺合计最多显示', '120');
    fill('需重新改库存的变动', '8');
    fireEvent.click(screen.getByText('保存设置'));
    expect(await screen.findByText('已保存')).toBeTruthy();
    expect((await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings')).settings.storefronts).toEqual({ allocationTotal: 1.2, retypeAboveUnits: 8 });
    // 60% each inside 120%: each shows its share in whole units, together never past floor(120%) (the spare unit of the rounding goes to one of them).
    const mine = await backend.as<ListingsView>('DEMO-L01', 'leader', 'listings', {});
    const theirs = await backend.as<ListingsView>('DEMO-L02', 'leader', 'listings', {});
    const [a, b] = [mine.listings[0]!.count, theirs.listings[0]!.count];
    expect(a + b).toBe(Math.floor(1.2 * sellable));
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
    expect(Math.max(a, b)).toBeLessThanOrEqual(Math.ceil(0.6 * sellable));
    expect(mine.retypeAboveUnits).toBe(8);
  });
});
