// 盘点对账 on the phone (DESIGN §8a), against the real handlers and SQLite store: an
// operator opens a stocktake, the supplier counts blind (no book figure, no last count,
// every box empty), explains the variances that need it and confirms, and the operator
// approves, after which the counted figures are the stock. Returning and cancelling need
// a note. The schedule on a supplier's page and the thresholds in settings are saved.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { Settings, StocktakeView } from '@/services/types';
import { fill, openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  cleanup();
  await backend.close();
});

/** The fruit farm's ten listed SKUs, as the supplier counts them: the demo's opening counts, except the navel oranges. */
const COUNTS: Record<string, string> = {
  '赣南脐橙 5斤装 果径75-80mm': '100',
  '赣南脐橙 10斤装 果径80-85mm': '40',
  '广西砂糖橘 3斤装': '８５', // typed on a full-width keyboard
  '四川沃柑 5斤装': '60',
  '丹东红颜草莓 2斤礼盒': '8',
  '海南贵妃芒 5斤装': '30',
  '阿克苏冰糖心苹果 5斤装 果径80mm+': '70',
  '库尔勒香梨 5斤装': '45',
  '云南蓝莓 125g×4盒': '24',
  '烟台红富士苹果 8斤装': '0',
};

/** A button on the page itself (a dialog may carry the same words). */
const tap = (selector: string): void => {
  fireEvent.click(document.querySelector(selector) as HTMLElement);
};
const dialog = (title: string): HTMLElement => screen.getByText(title).closest('.nut-dialog') as HTMLElement;
const rows = (name: string): HTMLElement[] => screen.getAllByText(name, { selector: '.hz-sku-name' })
  .map((n) => n.closest('.hz-stk-row') as HTMLElement);

/** The operator opens one for the fruit farm from the list page; its id. */
async function openForFruitFarm(): Promise<string> {
  const { router } = await openApp(PAGES.operatorStocktake, { as: 'DEMO-OP' });
  expect(await screen.findByText('还没有盘点')).toBeTruthy();
  const openBox = document.querySelector('.hz-stk-open') as HTMLElement;
  fireEvent.click(within(openBox).getByText('赣南果园直供'));
  fireEvent.click(within(openBox).getByText('发起盘点', { selector: '.nut-button-children' }));
  await waitFor(() => expect(router.current).toBe(PAGES.operatorStocktake));
  await waitFor(() => expect(router.params().id).toBeDefined());
  const id = router.params().id!;
  expect(await screen.findByText('赣南果园直供 · 盘点对账')).toBeTruthy();
  cleanup();
  return id;
}

describe('a stocktake from opening to approval', () => {
  test('the supplier counts blind, explains what is off, confirms; the operator approves and the counts become the stock', async () => {
    const id = await openForFruitFarm();

    // The supplier finds it from the report page: a badge on the link, then the list.
    const { router } = await openApp(PAGES.report, { as: 'DEMO-S02' });
    const link = (await screen.findByText('盘点对账')).closest('.hz-link-stocktakes') as HTMLElement;
    expect(await within(link).findByText('1 待盘点')).toBeTruthy();
    fireEvent.click(link);
    expect(router.current).toBe(PAGES.supplierStocktake);
    fireEvent.click((await screen.findByText(/盘点$/, { selector: '.hz-stk-card-title' })).closest('.hz-stk-card') as HTMLElement);
    expect(router.params()).toEqual({ id });

    // Blind: every box empty, no book figure on screen.
    expect(await screen.findByText(/请清点仓库里每个商品的实物件数/)).toBeTruthy();
    const boxes = Object.keys(COUNTS).map((name) => screen.getByLabelText(`${name} 实盘数`) as HTMLInputElement);
    expect(boxes.map((b) => b.value)).toEqual(Array(10).fill(''));
    expect(document.querySelector('.hz-stk-book, .hz-stk-figure')).toBeNull();
    expect(screen.queryByText('120')).toBeNull();

    // Two left blank and one decimal: refused, named, nothing sent.
    fill('赣南脐橙 5斤装 果径75-80mm 实盘数', '100');
    fill('四川沃柑 5斤装 实盘数', '3.5');
    fireEvent.click(screen.getByText('提交盘点'));
    expect(screen.getByText(/还有 8 个商品没有填写实盘数/)).toBeTruthy();
    expect(screen.getByText(/1 个商品的数量有误/)).toBeTruthy();
    expect(backend.calls.some((c) => c.action === 'submitStocktake')).toBe(false);

    for (const [name, count] of Object.entries(COUNTS)) fill(`${name} 实盘数`, count);
    expect(screen.getByText('已填 10/10 项')).toBeTruthy();
    fireEvent.click(screen.getByText('提交盘点'));
    expect(await screen.findByText('已提交盘点')).toBeTruthy();

    // Now each count stands beside its book figure; the oranges are 20 short and need a reason.
    const sent = backend.calls.find((c) => c.action === 'submitStocktake')!.payload as { lines: Array<{ skuId: string; counted: number }> };
    expect(sent.lines.find((l) => l.skuId === 'HZ2003')?.counted).toBe(85);
    const counted = await backend.as<StocktakeView>('DEMO-OP', 'operator', 'stocktake', { stocktakeId: id });
    const orange = counted.lines.find((l) => l.skuId === 'HZ2001')!;
    expect(orange).toMatchObject({ counted: 100, needsReason: true });
    expect(orange.variance).toBeLessThan(-2);
    const [orangeRow] = rows('赣南脐橙');
    expect(within(orangeRow!).getByText('差异原因（必选）')).toBeTruthy();
    expect(within(orangeRow!).getByText(`${orange.variance} 件`, { exact: false })).toBeTruthy();

    // Confirming without the reason is refused at its line.
    tap('.hz-stk-confirm');
    fireEvent.click(within(dialog('确认盘点？')).getByText('确认盘点', { selector: '.nut-button *, .nut-button' }));
    expect(await within(orangeRow!).findByText(/请选择原因/)).toBeTruthy();

    // Every line that needs one gets 损坏; then the confirmation goes through.
    for (const line of counted.lines.filter((l) => l.needsReason)) {
      const [r] = rows(line.name).filter((el) => within(el).queryByText(line.spec, { exact: false, selector: '.hz-sku-spec' }));
      fireEvent.click(within(r!).getByText('损坏'));
    }
    tap('.hz-stk-confirm');
    fireEvent.click(within(dialog('确认盘点？')).getByText('确认盘点', { selector: '.nut-button *, .nut-button' }));
    expect(await screen.findByText('已确认，等待运营审核。')).toBeTruthy();
    expect((await backend.as<StocktakeView>('DEMO-OP', 'operator', 'stocktake', { stocktakeId: id })).lines.find((l) => l.skuId === 'HZ2001')).toMatchObject({ reason: 'damaged' });
    cleanup();

    // The operator approves from the home page's badge.
    const op = await openApp(PAGES.operatorHome, { as: 'DEMO-OP' });
    const home = (await screen.findByText('盘点对账', { selector: '.hz-op-link-title' })).closest('.hz-op-link') as HTMLElement;
    expect(await within(home).findByText('1')).toBeTruthy();
    fireEvent.click(home);
    expect(op.router.current).toBe(PAGES.operatorStocktake);
    fireEvent.click((await screen.findByText(/赣南果园直供 · /, { selector: '.hz-stk-card-title' })).closest('.hz-stk-card') as HTMLElement);
    expect(await screen.findByText('供应商已确认，请核对差异和原因后审核。')).toBeTruthy();
    expect(screen.getByText('差异按原因')).toBeTruthy();
    expect(screen.getByText(/^损坏 · /)).toBeTruthy();
    tap('.hz-stk-approve');
    expect(within(dialog('审核通过？')).getByText(/这 10 个商品的实盘数将成为新的库存数/)).toBeTruthy();
    fireEvent.click(within(dialog('审核通过？')).getByText('审核通过并入账'));
    expect(await screen.findByText('已审核，实盘数已入账')).toBeTruthy();
    expect(screen.getByText('已审核通过，实盘数已作为新的库存数入账。')).toBeTruthy();

    const stock = await backend.deps.store.listInventory(['HZ2001', 'HZ2003', 'HZ2010']);
    expect(Object.fromEntries(stock.map((r) => [r.skuId, r.onHand]))).toEqual({ HZ2001: 100, HZ2003: 85, HZ2010: 0 });
  });

  test('returning for a recount and cancelling each need a note, which the history keeps', async () => {
    const id = await openForFruitFarm();
    const lines = Object.entries(COUNTS).map(([, v], i) => ({ skuId: `HZ20${String(i + 1).padStart(2, '0')}`, counted: Number(v.replace('８５', '85')) }));
    await backend.as('DEMO-S02', 'supplier', 'submitStocktake', { stocktakeId: id, lines });

    await openApp(PAGES.operatorStocktake, { as: 'DEMO-OP', params: { id } });
    expect(await screen.findByText('等待供应商确认盘点；差异原因可以代为填写。')).toBeTruthy();
    tap('.hz-stk-return');
    const ask = dialog('退回重盘？');
    fireEvent.click(within(ask).getAllByText('退回重盘').find((n) => n.closest('.nut-button'))!);
    expect(await within(ask).findByText('请写明退回的原因，供应商会看到')).toBeTruthy();
    expect(backend.calls.some((c) => c.action === 'returnStocktake')).toBe(false);
    fill('退回原因', '脐橙数量存疑，请复点');
    fireEvent.click(within(ask).getAllByText('退回重盘').find((n) => n.closest('.nut-button'))!);
    expect(await screen.findByText('已退回，等待供应商重新盘点')).toBeTruthy();
    expect(screen.getByText('脐橙数量存疑，请复点')).toBeTruthy();
    expect((await backend.as<StocktakeView>('DEMO-OP', 'operator', 'stocktake', { stocktakeId: id })).status).toBe('open');

    tap('.hz-stk-cancel');
    const cancel = dialog('取消这次盘点？');
    fill('取消原因', '换季清点，下周再盘');
    fireEvent.click(within(cancel).getAllByText('取消盘点').find((n) => n.closest('.nut-button'))!);
    expect(await screen.findByText('已取消这次盘点')).toBeTruthy();
    expect((await backend.as<StocktakeView>('DEMO-OP', 'operator', 'stocktake', { stocktakeId: id })).status).toBe('cancelled');
    // Nothing was entered as stock.
    expect((await backend.deps.store.listInventory(['HZ2001']))[0]?.onHand).toBe(120);
  });
});

describe('盘点计划 and thresholds', () => {
  test('a weekly schedule is saved on the supplier; a bad date is named at its box', async () => {
    const { router } = await openApp(PAGES.supplierEdit, { as: 'DEMO-OP', params: { id: 'S02' } });
    await screen.findByText('编辑 赣南果园直供');
    expect(screen.queryByLabelText('首次盘点日期')).toBeNull();
    fireEvent.click(screen.getByText('每周'));
    fireEvent.click(screen.getByText('周三'));
    fill('盘点时间', '9:30');
    fill('首次盘点日期', '2026-12-7x');
    fireEvent.click(screen.getByText('保存'));
    const dateField = screen.getByLabelText('首次盘点日期').closest('.hz-field') as HTMLElement;
    expect(within(dateField).getByText('请按 2026-12-07 的格式填写日期')).toBeTruthy();
    expect(backend.calls.some((c) => c.action === 'saveSupplier')).toBe(false);

    fill('首次盘点日期', '2026/12/7');
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(router.current).toBe(PAGES.suppliers));
    expect((await backend.deps.store.getSupplier('S02'))?.stocktake).toEqual({ every: 'week', weekday: 3, time: '09:30', from: '2026-12-07' });
  });

  test('the reason thresholds are shown in 件, % and 元 and saved as the server keeps them', async () => {
    await openApp(PAGES.settings, { as: 'DEMO-OP' });
    expect(((await screen.findByLabelText('差异需说明原因的比例')) as HTMLInputElement).value).toBe('5');
    expect((screen.getByLabelText('差异需说明原因的件数') as HTMLInputElement).value).toBe('2');
    expect((screen.getByLabelText('差异金额提醒线') as HTMLInputElement).value).toBe('200.00');
    fill('差异需说明原因的比例', '10');
    fill('差异金额提醒线', '500');
    fireEvent.click(screen.getByText('保存设置'));
    await waitFor(async () => expect((await backend.as<{ settings: Settings }>('DEMO-OP', 'operator', 'getSettings', {})).settings.stocktake).toEqual({ reasonAboveUnits: 2, reasonAboveShare: 0.1, alertAboveValue: 50_000 }));
  });
});
