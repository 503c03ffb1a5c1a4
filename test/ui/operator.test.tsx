// The operator's 工作台, catalogue, suppliers and settings, against the real handlers.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { OperatorSkuView, RuleChangePreview, SettingsView, Supplier } from '@/services/types';
import { refreshStock } from '../../cloudfunctions/src/jobs/refresh-stock';
import { fill, openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});


/** The form field (label, box, error) a label names. */
const fieldOf = (label: string): HTMLElement => screen.getByLabelText(label).closest('.hz-field') as HTMLElement;

const openAsOperator = (start: Parameters<typeof openApp>[0], params?: Record<string, string>) => openApp(start, { as: 'DEMO-OP', params });

describe('工作台', () => {
  test('shows what waits and how much there is, and leads everywhere', async () => {
    await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 850 }] });
    const { router } = await openAsOperator(PAGES.operatorHome);

    await screen.findByText('工作台');
    const stat = (key: string) => document.querySelector(`.hz-stat--${key} .hz-stat-value`)?.textContent;
    expect(stat('held')).toBe('1');
    expect(stat('suppliers')).toBe('3');
    expect(stat('skus')).toBe('30');
    for (const title of ['待确认报数', '代报库存', '导入库存表', '可售库存', '供应商', '商品', '设置']) {
      expect(document.querySelector(`.hz-op-links`)?.textContent).toContain(title);
    }

    fireEvent.click(screen.getByText('可售库存'));
    expect(router.current).toBe(PAGES.availability);
    expect(await screen.findByText('五常稻花香大米')).toBeTruthy();
    // The operator watches; the way back is to the 工作台, not an order button.
    expect(screen.queryByText('加入订单')).toBeNull();
    fireEvent.click(screen.getByText('‹ 工作台'));
    expect(router.current).toBe(PAGES.operatorHome);

    fireEvent.click(await screen.findByText('导入库存表'));
    expect(router.current).toBe(PAGES.importStock);
  });

  test('a leader or supplier is turned away', async () => {
    await openApp(PAGES.operatorHome, { as: 'DEMO-L01' });

    expect(await screen.findByText('此页面仅限运营使用')).toBeTruthy();
    expect(backend.calls.some((c) => c.fn === 'operator')).toBe(false);
  });
});

describe('商品', () => {
  test('the list filters by supplier and searches name or code, with costs and figures', async () => {
    await openAsOperator(PAGES.skus);

    expect(await screen.findByText('商品（30）')).toBeTruthy();
    fireEvent.click(within(document.querySelector('.hz-supplier-picker') as HTMLElement).getByText('山里土鸡蛋合作社'));
    expect(screen.getByText('显示 10 个')).toBeTruthy();
    expect(screen.queryByText('五常稻花香大米')).toBeNull();
    fill('搜索商品', '鸭蛋');
    expect(screen.getByText('显示 2 个')).toBeTruthy();
    fill('搜索商品', 'hz3009');
    expect(screen.getByText('老母鸡')).toBeTruthy();
    const card = screen.getByText('老母鸡').closest('.hz-sku-card') as HTMLElement;
    const hen = (await backend.as<OperatorSkuView[]>('DEMO-OP', 'operator', 'listSkus', {})).find((s) => s.id === 'HZ3009')!;
    expect(within(card).getByText(`售价 ¥98.00 · 成本 ¥${(hen.cost! / 100).toFixed(2)} · 预警线 10`)).toBeTruthy();
  });

  test('a new SKU is saved in fen and listed; a taken code is refused at its field', async () => {
    const { router } = await openAsOperator(PAGES.skus);
    await screen.findByText('商品（30）');
    fireEvent.click(within(document.querySelector('.hz-supplier-picker') as HTMLElement).getByText('赣南果园直供'));
    fireEvent.click(screen.getByText('新建商品'));
    expect(router.current).toBe(PAGES.skuEdit);
    await screen.findByText('新建商品');

    fill('商品编码', 'HZ2001');
    fill('名称', '赣南脐橙');
    fill('规格', '5斤装 礼盒');
    fill('品类', '水果');
    fill('售价', '39.9');
    fill('成本价', '26');
    fill('供应商商品编码', 'GZ-LH');
    fireEvent.click(screen.getByText('热销'));
    fireEvent.click(screen.getByText('保存'));

    expect(await within(fieldOf('商品编码')).findByText('商品编码已存在')).toBeTruthy();
    expect(screen.getByText('未保存：1 项需要修改')).toBeTruthy();
    expect(router.current).toBe(PAGES.skuEdit);

    fill('商品编码', 'HZ2011');
    expect(within(fieldOf('商品编码')).queryByText('商品编码已存在')).toBeNull();
    fireEvent.click(screen.getByText('保存'));

    await waitFor(() => expect(router.current).toBe(PAGES.skus));
    expect(await screen.findByText('5斤装 礼盒')).toBeTruthy();
    const saved = (await backend.as<OperatorSkuView[]>('DEMO-OP', 'operator', 'listSkus', {})).find((s) => s.id === 'HZ2011');
    expect(saved).toMatchObject({ supplierId: 'S02', price: 3990, cost: 2600, supplierCode: 'GZ-LH', tierOverride: 'hot', listed: true, warningLine: 10 });
    expect(saved?.bufferPolicy).toBeUndefined();
  });

  test('money that cannot be fen is caught before sending; a bad code is named by the server', async () => {
    await openAsOperator(PAGES.skuEdit, { supplierId: 'S03' });
    await screen.findByText('新建商品');

    fill('商品编码', '鸡蛋 01');
    fill('名称', '土鸡蛋');
    fill('品类', '蛋禽');
    fill('售价', '12.345');
    fireEvent.click(screen.getByText('保存'));
    expect(within(fieldOf('售价')).getByText('金额最多两位小数')).toBeTruthy();
    expect(backend.calls.some((c) => c.action === 'saveSku')).toBe(false);

    fill('售价', '12.3');
    fireEvent.click(screen.getByText('保存'));
    expect(await within(fieldOf('商品编码')).findByText('格式不对')).toBeTruthy();
  });

  test('a SKU sold by weight keeps its unit and step; a step the server refuses is named at its box', async () => {
    const { router } = await openAsOperator(PAGES.skuEdit, { supplierId: 'S02' });
    await screen.findByText('新建商品');
    fill('商品编码', 'HZ2090');
    fill('名称', '散装砂糖橘');
    fill('品类', '水果');
    fill('售价', '6.8');
    fireEvent.click(within(screen.getByText('售卖单位').closest('.hz-field') as HTMLElement).getByText('斤'));
    fill('数量步长', '0');
    fireEvent.click(screen.getByText('保存'));
    expect(await within(fieldOf('数量步长')).findByText(/不能小于/)).toBeTruthy();
    expect(await backend.deps.store.getSkus(['HZ2090'])).toEqual([]);

    fill('数量步长', '0.5');
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(router.current).toBe(PAGES.skus));
    expect((await backend.deps.store.getSkus(['HZ2090']))[0]).toMatchObject({ saleUnit: '斤', saleStep: 0.5 });

    await openAsOperator(PAGES.skuEdit, { id: 'HZ2090' });
    await screen.findByText('编辑 散装砂糖橘');
    expect((screen.getByLabelText('数量步长') as HTMLInputElement).value).toBe('0.5');
  });

  test('editing keeps the code and supplier fixed and saves the buffer policy', async () => {
    const { router } = await openAsOperator(PAGES.skuEdit, { id: 'HZ3001' });
    await screen.findByText('编辑 散养土鸡蛋');

    expect((screen.getByLabelText('商品编码') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('山里土鸡蛋合作社')).toBeTruthy();
    fill('按现货比例', '25');
    fill('固定件数', '4');
    fireEvent.click(screen.getByText('下架'));
    fireEvent.click(screen.getByText('保存'));
    // Taken off sale: its whole sellable goes, and the page says so before saving.
    const sellable = (await backend.deps.store.listInventory(['HZ3001']))[0]!.sellable;
    const dialog = (await screen.findByText(`将影响 1 个商品，可售合计减少 ${sellable} 件`)).closest('.hz-rule-effect') as HTMLElement;
    expect(within(dialog).getByText(`散养土鸡蛋 30枚/箱：可售 ${sellable} → 0（-${sellable}）`)).toBeTruthy();
    fireEvent.click(within(dialog).getByText('确认保存'));

    await waitFor(() => expect(router.current).toBe(PAGES.skus));
    const saved = (await backend.as<OperatorSkuView[]>('DEMO-OP', 'operator', 'listSkus', {})).find((s) => s.id === 'HZ3001');
    expect(saved).toMatchObject({ bufferPolicy: { ratio: 0.25, fixed: 4 }, listed: false, price: 3690 });
  });
});

describe('供应商', () => {
  test('lists suppliers with level, schedule and counts; edits one; a bad time is named at its field', async () => {
    const { router } = await openAsOperator(PAGES.suppliers);
    await screen.findByText('供应商（3）');
    const card = screen.getByText('山里土鸡蛋合作社').closest('.hz-supplier-card') as HTMLElement;
    expect(within(card).getByText('群消息代报')).toBeTruthy();
    expect(within(card).getByText('S03 · 张姐 138-0000-0303')).toBeTruthy();

    fireEvent.click(card);
    expect(router.current).toBe(PAGES.supplierEdit);
    await screen.findByText('编辑 山里土鸡蛋合作社');
    expect((screen.getByLabelText('按现货比例') as HTMLInputElement).value).toBe('30');

    fill('报数时间', '07:30 25:00');
    fireEvent.click(screen.getByText('保存'));
    expect(await within(fieldOf('报数时间')).findByText('格式不对')).toBeTruthy();

    fill('报数时间', '7:30，19:30');
    fill('倍数', '2');
    fireEvent.click(screen.getByText('保存'));
    expect(await within(fieldOf('至少相差')).findByText('倍数和件数要一起填，或都不填')).toBeTruthy();
    fill('至少相差', '10');
    fireEvent.click(screen.getByText('保存'));

    await waitFor(() => expect(router.current).toBe(PAGES.suppliers));
    const saved = await backend.deps.store.getSupplier('S03');
    expect(saved).toMatchObject<Partial<Supplier>>({ reportTimes: ['07:30', '19:30'], jumpThreshold: { ratio: 2, minUnits: 10 }, bufferPolicy: { ratio: 0.3, fixed: 3 } });
  });

  test('a supplier\'s buffer change shows what it does to its SKUs\' sellable before it is saved', async () => {
    const coop = (await backend.deps.store.getSupplier('S03'))!;
    const wider = { ...coop, bufferPolicy: { ...coop.bufferPolicy, ratio: 0.6 } };
    const expected = await backend.as<RuleChangePreview>('DEMO-OP', 'operator', 'previewSupplier', { supplier: wider });
    expect(expected.skus).toBeGreaterThan(0);
    const { router } = await openAsOperator(PAGES.suppliers);
    fireEvent.click((await screen.findByText('山里土鸡蛋合作社')).closest('.hz-supplier-card') as HTMLElement);
    await screen.findByText('编辑 山里土鸡蛋合作社');

    fill('按现货比例', '60');
    fireEvent.click(screen.getByText('保存'));
    const drop = expected.sellableBefore - expected.sellableAfter;
    const dialog = (await screen.findByText(`将影响 ${expected.skus} 个商品，可售合计减少 ${drop} 件`)).closest('.hz-rule-effect') as HTMLElement;
    expect((await backend.deps.store.getSupplier('S03'))?.bufferPolicy?.ratio).toBe(0.3);
    fireEvent.click(within(dialog).getByText('确认保存'));

    await waitFor(() => expect(router.current).toBe(PAGES.suppliers));
    expect((await backend.deps.store.getSupplier('S03'))?.bufferPolicy?.ratio).toBe(0.6);
  });

  test('a supplier with counts older than their tier allows is marked for chasing', async () => {
    // The co-op's eggs sell fast: marked hot, last evening's count (14 hours old) is over age.
    const eggs = (await backend.deps.store.listSkus()).find((k) => k.id === 'HZ3001')!;
    await backend.deps.store.upsertSkus([{ ...eggs, tierOverride: 'hot' }]);
    await refreshStock(backend.deps);
    await openAsOperator(PAGES.operatorHome);
    await screen.findByText('工作台');
    expect(document.querySelector('.hz-stat--overAge.hz-stat--alert .hz-stat-value')?.textContent).toBe('1');
    fireEvent.click(screen.getByText('报数超龄商品'));
    await screen.findByText('供应商（3）');

    const coop = screen.getByText('山里土鸡蛋合作社').closest('.hz-supplier-card') as HTMLElement;
    expect(within(coop).getByText('1 个商品报数超龄')).toBeTruthy();
    const orchard = screen.getByText('赣南果园直供').closest('.hz-supplier-card') as HTMLElement;
    expect(within(orchard).queryByText(/报数超龄/)).toBeNull();
  });

  test('a new supplier is created', async () => {
    const { router } = await openAsOperator(PAGES.suppliers);
    await screen.findByText('供应商（3）');
    fireEvent.click(screen.getByText('新建供应商'));
    await screen.findByText('新建供应商');

    fill('供应商编码', 'S04');
    fill('名称', '东北大米直发');
    fireEvent.click(screen.getByText('小程序报数'));
    fireEvent.click(screen.getByText('保存'));

    await waitFor(() => expect(router.current).toBe(PAGES.suppliers));
    expect(await screen.findByText('供应商（4）')).toBeTruthy();
    expect(await backend.deps.store.getSupplier('S04')).toEqual({ id: 'S04', name: '东北大米直发', level: 'portal', reportTimes: ['08:00', '20:00'], basis: 'physical' });
  });
});

describe('设置', () => {
  test('saves every field it shows and keeps the ones it does not', async () => {
    const { settings: before } = await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings');
    await openAsOperator(PAGES.settings);
    await screen.findByText('保存设置');

    expect((screen.getByLabelText('按现货比例') as HTMLInputElement).value).toBe(String(Math.round((before.bufferPolicy.ratio ?? 0) * 100)));
    fill('按日均销量', '30');
    fill('默认预警线', '12');
    fill('热销最长报数间隔', '3');
    fireEvent.click(screen.getByLabelText('按其他渠道销量预估现货'));
    fireEvent.click(screen.getByText('保存设置'));

    expect(await screen.findByText('已保存')).toBeTruthy();
    const { settings: after } = await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings');
    expect(after).toEqual({
      ...before,
      bufferPolicy: { ...before.bufferPolicy, velocityFraction: 0.3 },
      warningLine: 12,
      tiers: { ...before.tiers, maxReportAgeHours: { ...before.tiers.maxReportAgeHours, hot: 3 } },
      projection: !before.projection,
    });
  });

  test('a save over another operator\'s change is refused, keeps what was typed, and the latest can be loaded', async () => {
    await openAsOperator(PAGES.settings);
    await screen.findByText('正在使用默认设置，还没有人修改过');
    // Meanwhile, on another phone, the cutoff moves to 21:30.
    const { settings } = await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings');
    await backend.as('DEMO-OP', 'operator', 'saveSettings', { settings: { ...settings, cutoffTime: '21:30' }, expectedVersion: 0 });

    fill('默认预警线', '12');
    fireEvent.click(screen.getByText('保存设置'));
    expect(await screen.findByText(/^设置已被周晓（运营）在 .* 修改，你的修改没有保存/)).toBeTruthy();
    expect((screen.getByLabelText('默认预警线') as HTMLInputElement).value).toBe('12');
    expect((await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings')).settings.warningLine).toBe(settings.warningLine);

    fireEvent.click(screen.getByText('载入最新设置（放弃我这次的修改）'));
    await waitFor(() => expect((screen.getByLabelText('截单时间') as HTMLInputElement).value).toBe('21:30'));
    expect(screen.getByText(/^第 1 版 · 周晓（运营） 于/)).toBeTruthy();
    expect(screen.getByText('改了：截单时间')).toBeTruthy();

    fill('默认预警线', '12');
    fireEvent.click(screen.getByText('保存设置'));
    expect(await screen.findByText('已保存')).toBeTruthy();
    expect(await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings')).toMatchObject({ version: 2, settings: { warningLine: 12, cutoffTime: '21:30' } });
    expect(await screen.findByText('改了：预警线')).toBeTruthy();
    expect(screen.getByText(/^第 2 版 · 周晓（运营） 于/)).toBeTruthy();
  });

  test('a buffer change shows what it does to sellable first; 返回修改 saves nothing, 确认保存 saves', async () => {
    const { settings: before } = await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings');
    const wider = { ...before, bufferPolicy: { ...before.bufferPolicy, ratio: 0.5 } };
    const expected = await backend.as<RuleChangePreview>('DEMO-OP', 'operator', 'previewSettings', { settings: wider });
    expect(expected.skus).toBeGreaterThan(5);
    const sellableOf = async (skuId: string) => (await backend.deps.store.listInventory([skuId]))[0]?.sellable;
    const [top] = expected.largest;
    await openAsOperator(PAGES.settings);
    await screen.findByText('保存设置');

    fill('按现货比例', '50');
    fireEvent.click(screen.getByText('保存设置'));
    const drop = expected.sellableBefore - expected.sellableAfter;
    const dialog = (await screen.findByText(`将影响 ${expected.skus} 个商品，可售合计减少 ${drop} 件`)).closest('.hz-rule-effect') as HTMLElement;
    expect(within(dialog).getByText(`${top!.name} ${top!.spec}：可售 ${top!.before} → ${top!.after}（${top!.after - top!.before}）`)).toBeTruthy();
    expect(dialog.querySelectorAll('.hz-rule-effect-line')).toHaveLength(5);
    expect(within(dialog).getByText(`另有 ${expected.skus - 5} 个商品变化较小`)).toBeTruthy();
    expect((await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings')).version).toBe(0);
    expect(await sellableOf(top!.skuId)).toBe(top!.before);

    fireEvent.click(within(dialog).getByText('返回修改'));
    await waitFor(() => expect(screen.queryByText(/^将影响/)).toBeNull());
    expect((screen.getByLabelText('按现货比例') as HTMLInputElement).value).toBe('50');
    expect((await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings')).version).toBe(0);

    fireEvent.click(screen.getByText('保存设置'));
    fireEvent.click(await screen.findByText('确认保存'));
    expect(await screen.findByText('已保存')).toBeTruthy();
    expect(await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings')).toMatchObject({ version: 1, settings: wider });
    await waitFor(async () => expect(await sellableOf(top!.skuId)).toBe(top!.after));
  });

  test('a value the server refuses is shown at its field, in the field’s own unit', async () => {
    const { settings: before } = await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings');
    await openAsOperator(PAGES.settings);
    await screen.findByText('保存设置');

    fill('热销最长报数间隔', '0.1');
    fill('按现货比例', '150');
    fireEvent.click(screen.getByText('保存设置'));

    expect(await within(fieldOf('热销最长报数间隔')).findByText('不能小于 0.25')).toBeTruthy();
    expect(within(fieldOf('按现货比例')).getByText('不能大于 100%')).toBeTruthy();
    expect(screen.getByText('未保存：2 项需要修改')).toBeTruthy();
    expect((await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings')).settings).toEqual(before);

    fill('默认预警线', '');
    expect(within(fieldOf('热销最长报数间隔')).getByText('不能小于 0.25')).toBeTruthy();
    fireEvent.click(screen.getByText('保存设置'));
    expect(within(fieldOf('默认预警线')).getByText('请填写')).toBeTruthy();
  });
});
