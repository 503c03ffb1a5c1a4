// 接龙 aliases in the app (issue 16), against the real handlers: the operator's 别名 box on the
// SKU page, and the order page's "以后'苹果'都是这个商品？" after a leader picks a candidate.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { JielongView } from '@/services/types';
import { aliasesOf } from '@/stores/operator/catalogue';
import { fill, openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

const fieldOf = (label: string): HTMLElement => screen.getByLabelText(label).closest('.hz-field') as HTMLElement;

describe('the SKU page\'s 别名', () => {
  test('splits at commas and 顿号, keeps each word as typed, and shows them again', async () => {
    expect(aliasesOf(' 冰糖心，苹果、 阿克苏苹果,;')).toEqual(['冰糖心', '苹果', '阿克苏苹果']);
    expect(aliasesOf('  ')).toBeUndefined();

    const { router } = await openApp(PAGES.skuEdit, { as: 'DEMO-OP', params: { id: 'HZ2007' } });
    await screen.findByText('编辑 阿克苏冰糖心苹果');
    fill('别名', '苹果、冰糖心苹果，阿克苏');
    fireEvent.click(screen.getByText('保存'));
    // Aliases move no sellable: no effect to confirm, it saves.
    await waitFor(() => expect(router.current).toBe(PAGES.skus));
    expect((await backend.deps.store.getSkus(['HZ2007']))[0]?.aliases).toEqual(['苹果', '冰糖心苹果', '阿克苏']);

    await openApp(PAGES.skuEdit, { as: 'DEMO-OP', params: { id: 'HZ2007' } });
    await screen.findByText('编辑 阿克苏冰糖心苹果');
    expect((screen.getByLabelText('别名') as HTMLInputElement).value).toBe('苹果、冰糖心苹果、阿克苏');
    // Any leader's list now reads 苹果 as this SKU.
    const parsed = await backend.as<JielongView>('DEMO-L01', 'leader', 'parseJielong', { text: '1. 王五 苹果 1份' });
    expect(parsed.parse.customers[0]?.items).toEqual([{ kind: 'matched', text: '苹果 1份', skuId: 'HZ2007', qty: 1 }]);
  });

  test('a repeated alias is named at the box by the server, and nothing is saved', async () => {
    await openApp(PAGES.skuEdit, { as: 'DEMO-OP', params: { id: 'HZ2007' } });
    await screen.findByText('编辑 阿克苏冰糖心苹果');
    fill('别名', '苹果、苹果');
    fireEvent.click(screen.getByText('保存'));
    expect(await within(fieldOf('别名')).findByText('别名“苹果”重复了')).toBeTruthy();
    expect((await backend.deps.store.getSkus(['HZ2007']))[0]?.aliases).toBeUndefined();
  });
});

async function pasteAndParse(text: string) {
  fireEvent.click(screen.getByText('粘贴接龙'));
  fireEvent.change(screen.getByLabelText('接龙内容'), { target: { value: text } });
  fireEvent.click(screen.getByText('识别接龙'));
  await screen.findByText(/^识别出 /);
}
const rowOf = (customer: string): HTMLElement => screen.getByText(customer).closest('.hz-jl-item') as HTMLElement;
const APPLE = '阿克苏冰糖心苹果 5斤装 果径80mm+';

describe('the 接龙 page offers to remember a choice', () => {
  test('"以后“苹果”都是这个商品？" — 记住 makes the next list match it, for this leader only', async () => {
    await openApp(PAGES.order, { as: 'DEMO-L01' });
    await screen.findByText('订单里还没有商品');
    await pasteAndParse('1. 王五 苹果 1份');
    // No offer before a choice.
    expect(screen.queryByText(/都是这个商品？$/)).toBeNull();
    fireEvent.click(within(rowOf('1号 王五')).getByText(APPLE));
    expect(within(rowOf('1号 王五')).getByText('以后“苹果”都是这个商品？')).toBeTruthy();
    fireEvent.click(within(rowOf('1号 王五')).getByText('记住'));
    expect(await within(rowOf('1号 王五')).findByText(`已记住：以后接龙里的“苹果”就是 ${APPLE}`)).toBeTruthy();

    const mine = await backend.as<Array<{ word: string; skuId: string }>>('DEMO-L01', 'leader', 'myAliases', {});
    expect(mine.map((a) => [a.word, a.skuId])).toEqual([['苹果', 'HZ2007']]);
    // The same list again: matched without asking.
    fireEvent.click(screen.getByText('重新粘贴'));
    fireEvent.click(screen.getByText('识别接龙'));
    expect(await screen.findByText('识别出 1 项：1 项已对上商品')).toBeTruthy();
    expect(within(rowOf('1号 王五')).getByText(`${APPLE} × 1`)).toBeTruthy();
    // Another leader is still asked.
    const other = await backend.as<JielongView>('DEMO-L02', 'leader', 'parseJielong', { text: '1. 王五 苹果 1份' });
    expect(other.parse.customers[0]?.items[0]).toMatchObject({ kind: 'unmatched' });
  });

  test('不用 remembers nothing; the choice still goes into the cart', async () => {
    await openApp(PAGES.order, { as: 'DEMO-L01' });
    await screen.findByText('订单里还没有商品');
    await pasteAndParse('1. 王五 苹果 1份');
    fireEvent.click(within(rowOf('1号 王五')).getByText(APPLE));
    fireEvent.click(within(rowOf('1号 王五')).getByText('不用'));
    expect(screen.queryByText(/都是这个商品？$/)).toBeNull();
    expect(within(rowOf('1号 王五')).getByText(`改为：${APPLE} × 1`)).toBeTruthy();
    expect(await backend.as<unknown[]>('DEMO-L01', 'leader', 'myAliases', {})).toEqual([]);
    fireEvent.click(document.querySelector('.hz-jl-add') as HTMLElement);
    expect(await screen.findByText('已从接龙加入 1 行，请核对后提交')).toBeTruthy();
  });
});

describe('记住的叫法', () => {
  test('lists the words this leader taught, and 忘掉 makes the word ask again', async () => {
    await backend.as('DEMO-L01', 'leader', 'teachAlias', { word: '苹果', skuId: 'HZ2007' });
    await openApp(PAGES.order, { as: 'DEMO-L01' });
    await screen.findByText('订单里还没有商品');
    fireEvent.click(screen.getByText('粘贴接龙'));
    fireEvent.click(screen.getByText(/^记住的叫法/));
    const row = (await screen.findByText(`“苹果” → ${APPLE}`)).closest('.hz-jl-alias') as HTMLElement;
    fireEvent.click(within(row).getByText('忘掉'));
    expect(await screen.findByText('还没有记住的叫法：选商品时点“记住”即可')).toBeTruthy();
    // Appended, not deleted: the history keeps both entries.
    expect((await backend.deps.store.listLeaderAliases({})).map((e) => [e.word, e.skuId ?? null])).toEqual([['苹果', 'HZ2007'], ['苹果', null]]);
    await pasteAndParse('1. 王五 苹果 1份');
    expect(within(rowOf('1号 王五')).getByText('有多个商品符合，请选择')).toBeTruthy();
  });
});

describe('团长教的叫法 on the SKU page', () => {
  test("shows the words leaders taught for this SKU, with who taught them, and none of another SKU's", async () => {
    await backend.as('DEMO-L01', 'leader', 'teachAlias', { word: '苹果', skuId: 'HZ2007' });
    await backend.as('DEMO-L02', 'leader', 'teachAlias', { word: '冰糖心', skuId: 'HZ2007' });
    await backend.as('DEMO-L02', 'leader', 'teachAlias', { word: '脐橙', skuId: 'HZ2001' });
    await openApp(PAGES.skuEdit, { as: 'DEMO-OP', params: { id: 'HZ2007' } });
    await screen.findByText('团长教的叫法');
    const words = Array.from(document.querySelectorAll('.hz-op-leader-word')).map((e) => e.textContent);
    expect(words).toEqual(['“苹果” · 王姐', '“冰糖心” · 小刘']);
  });
});
