// 缓冲建议 on the phone (buffers from scorecards, issue 15), against the real handlers and
// SQLite store: twelve days of counts, orders, cutoffs and confirmations in the demo world
// — the orchard (S02) always ships in full, the egg co-op (S03) cuts its eggs twice, the
// cold store (S01) has no wave. The operator reads each supplier's suggestion and why,
// and the SKUs with their own (the co-op's quail eggs, never cut; at 90% coverage its
// eggs, cut twice), changes the coverage, applies two with one confirmation and sees the
// change in force; a suggestion that changed meanwhile applies nothing.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { AvailabilityItem, BufferSuggestions } from '@/services/types';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { fill, openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

/** Day d of November 2026 at h:m in Shanghai. */
const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
const day = (d: number): string => `2026-11-${String(d).padStart(2, '0')}`;

const ORCHARD = ['HZ2001', 'HZ2003'];
const EGGS = ['HZ3001', 'HZ3005'];
/** The days the co-op ships only this many of HZ3001's 20. */
const EGG_CUTS: Record<number, number> = { 4: 10, 9: 12 };

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend(at(1, 7));
  await backend.deps.store.saveSettings({ ...DEFAULT_SETTINGS, projection: false });
  for (let d = 1; d <= 12; d++) await aDay(d, EGG_CUTS[d]);
  // The next morning, before the counts.
  backend.clock.set(at(13, 7, 30));
});

afterEach(async () => {
  cleanup();
  await backend.close();
});

/** Counts at 08:00, 王姐 orders 20 of each at 10:00, the 22:00 cutoff, both confirm (the co-op cutting HZ3001 to `eggCut`) and ship. */
async function aDay(d: number, eggCut?: number): Promise<void> {
  backend.clock.set(at(d, 8));
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: ORCHARD.map((skuId) => ({ skuId, onHand: 100 })) });
  await backend.as('DEMO-OP', 'operator', 'submitReportFor', { supplierId: 'S03', lines: EGGS.map((skuId) => ({ skuId, onHand: 100 })) });
  backend.clock.set(at(d, 10));
  await backend.as('DEMO-L01', 'leader', 'placeOrder', { idempotencyKey: `buffers-${d}`, lines: [...ORCHARD, ...EGGS].map((skuId) => ({ skuId, qty: 20 })) });
  backend.clock.set(at(d, 22, 1));
  await closeDueWaves(backend.deps);
  await backend.as('DEMO-S02', 'supplier', 'confirmWave', { waveId: `S02_${day(d)}`, skus: ORCHARD.map((skuId) => ({ skuId, shipQty: 20 })) });
  await backend.as('DEMO-S03', 'supplier', 'confirmWave', { waveId: `S03_${day(d)}`, skus: EGGS.map((skuId) => ({ skuId, shipQty: skuId === 'HZ3001' ? (eggCut ?? 20) : 20 })) });
  backend.clock.set(at(d, 23));
  await backend.as('DEMO-S02', 'supplier', 'shipWave', { waveId: `S02_${day(d)}` });
  await backend.as('DEMO-S03', 'supplier', 'shipWave', { waveId: `S03_${day(d)}` });
}

const rowOf = (name: string): HTMLElement => screen.getByText(name, { selector: '.hz-buf-name' }).closest('.hz-buf-row') as HTMLElement;
const textOf = (root: HTMLElement, selector: string): string | null => root.querySelector(selector)?.textContent ?? null;
const ratios = (root: HTMLElement): string[] => Array.from(root.querySelectorAll('.hz-buf-ratio')).map((r) => Array.from(r.children).map((c) => c.textContent).join(' '));
const sellable = async (): Promise<number> => {
  const items = await backend.as<AvailabilityItem[]>('DEMO-L01', 'leader', 'availability', {});
  return items.filter((i) => i.skuId.startsWith('HZ2') || i.skuId.startsWith('HZ3')).reduce((n, i) => n + i.sellable, 0);
};
const lastCall = (action: string) => backend.calls.filter((c) => c.action === action).pop();

test('the operator reads each supplier\'s suggestion and why, changes the coverage, and applies two with one confirmation', async () => {
  const server = await backend.as<BufferSuggestions>('DEMO-OP', 'operator', 'bufferSuggestions', {});
  const byId = Object.fromEntries(server.rows.map((r) => [r.supplierId, r]));
  expect(byId.S02).toMatchObject({ current: { policy: { ratio: 0.2 }, own: false }, suggestion: { status: 'suggested', ratio: 0.05, bounded: 'min', waves: 12, observations: 24, short: 0, covered: 1 } });
  expect(byId.S03).toMatchObject({ current: { policy: { ratio: 0.3, fixed: 3 }, own: true }, suggestion: { status: 'suggested', ratio: 0.4, bounded: 'max', observations: 24, short: 2 } });
  expect(byId.S01!.suggestion).toEqual({ status: 'insufficient', observations: 0, needed: 20 });
  const orchardEffect = byId.S02!.effect!;
  expect(orchardEffect.gained).toBeGreaterThan(0);
  expect(orchardEffect.heldBack).toBe(0);
  const eggsEffect = byId.S03!.effect!;
  expect(eggsEffect.heldBack).toBeGreaterThan(0);
  // Pooled, the co-op needs its upper limit; its quail eggs were never cut and get their own 5%.
  expect(byId.S03!.skus.map((k) => [k.skuId, k.skuName, k.suggestion.ratio, k.suggestion.observations, k.suggestion.short])).toEqual([['HZ3005', '鹌鹑蛋 50枚/盒', 0.05, 12, 0]]);
  const quailEffect = byId.S03!.skus[0]!.effect;
  expect(quailEffect.gained).toBeGreaterThan(0);
  expect(eggsEffect.gained).toBe(quailEffect.gained);
  expect(byId.S02!.skus).toEqual([]);

  // From 供应商考核, like the trend and the settlement.
  const { router } = await openApp(PAGES.operatorScorecards, { as: 'DEMO-OP' });
  fireEvent.click(await screen.findByText('缓冲建议：按各供应商的实际可发调整缓冲 ›'));
  expect(router.current).toBe(PAGES.operatorBuffers);
  await screen.findByText('赣南果园直供', { selector: '.hz-buf-name' });
  expect(lastCall('bufferSuggestions')!.payload).toEqual({ minRatio: 0.05, maxRatio: 0.4, coverage: 0.95 });
  expect(screen.getByText(/（最近 28 个波次，至少 20 个商品·波次）。在至少 10 个波次里有销量的商品，按它自己的波次单独给出缓冲。/)).toBeTruthy();

  const orchard = rowOf('赣南果园直供');
  expect(ratios(orchard)).toEqual(['当前缓冲 20% 全局', '建议 5% 下限']);
  expect(textOf(orchard, '.hz-buf-reason')).toBe('基于最近 12 个波次 24 个商品·波次，其中缺货 0 次；覆盖 100%；到达下限');
  expect(textOf(orchard, '.hz-buf-effect')).toBe(`现在应用：可售 +${orchardEffect.gained} 件，涉及 ${orchardEffect.skus} 个商品`);
  expect(within(orchard).getByRole('checkbox').getAttribute('aria-checked')).toBe('false');
  expect(textOf(orchard, '.hz-buf-last')).toBeNull();

  // Two of 24 SKU-waves cut far below what we believed (needing 88% and 90%): 95% must cover one, so the upper limit.
  const eggs = rowOf('山里土鸡蛋合作社');
  expect(ratios(eggs)).toEqual(['当前缓冲 30% 自有', '建议 40% 上限']);
  expect(textOf(eggs, '.hz-buf-extras')).toBe('另有固定 3 件，取最大');
  expect(textOf(eggs, '.hz-buf-reason')).toBe('基于最近 12 个波次 24 个商品·波次，其中缺货 2 次；覆盖 91.7%；到达上限');
  expect(textOf(eggs, '.hz-buf-effect')).toBe(`现在应用：可售 +${eggsEffect.gained} / −${eggsEffect.heldBack} 件，涉及 ${eggsEffect.skus} 个商品`);
  expect(textOf(eggs, '.hz-buf-skus-head')).toBe('1 个商品按自己的波次单独设缓冲，与供应商比例一起应用：');
  expect(textOf(eggs, '.hz-buf-sku-name')).toBe('鹌鹑蛋 50枚/盒');
  expect(textOf(eggs, '.hz-buf-sku-change')).toBe(`30% → 5%（12 个波次，缺货 0 次）· 可售 +${quailEffect.gained} 件`);
  expect(textOf(orchard, '.hz-buf-skus')).toBeNull();

  const cold = rowOf('鲜丰冷链仓');
  expect(within(cold).getByText('数据不足')).toBeTruthy();
  expect(textOf(cold, '.hz-buf-insufficient')).toBe('数据不足（还需 20 个商品·波次）：已有 0 个，至少 20 个才给建议');
  expect(within(cold).queryByRole('checkbox')).toBeNull();
  expect(textOf(document.body, '.hz-buf-chosen')).toBe('勾选要调整的供应商');
  expect((screen.getByText('应用所选建议').closest('.nut-button') as HTMLElement).className).toContain('disabled');

  // A limit typed wrong is named at its box and asks nothing.
  const asked = backend.calls.length;
  fill('覆盖率', '40');
  fireEvent.click(screen.getByText('重新计算'));
  expect(await screen.findByText('请填 50–100 的整数（%）')).toBeTruthy();
  expect(backend.calls.length).toBe(asked);

  // At 90% both cuts may be let go: the co-op's buffer goes to the lower limit.
  fill('覆盖率', '90');
  fireEvent.click(screen.getByText('重新计算'));
  await waitFor(() => expect(lastCall('bufferSuggestions')!.payload).toEqual({ minRatio: 0.05, maxRatio: 0.4, coverage: 0.9 }));
  await waitFor(() => expect(ratios(rowOf('山里土鸡蛋合作社'))).toEqual(['当前缓冲 30% 自有', '建议 5% 下限']));
  const at90 = await backend.as<BufferSuggestions>('DEMO-OP', 'operator', 'bufferSuggestions', { coverage: 0.9 });
  const eggsRowAt90 = at90.rows.find((r) => r.supplierId === 'S03')!;
  const eggsAt90 = eggsRowAt90.effect!;
  expect(eggsAt90.gained).toBeGreaterThan(0);
  // Pooled at 90% both cuts are let go, but the eggs that were cut twice in their own twelve waves keep the upper limit.
  expect(eggsRowAt90.skus.map((k) => [k.skuId, k.suggestion.ratio, k.suggestion.bounded, k.suggestion.short])).toEqual([['HZ3001', 0.4, 'max', 2]]);
  const layEffect = eggsRowAt90.skus[0]!.effect;
  expect(layEffect.heldBack).toBeGreaterThan(0);
  expect(eggsAt90.heldBack).toBe(layEffect.heldBack);
  expect(textOf(rowOf('山里土鸡蛋合作社'), '.hz-buf-sku-change')).toBe(`30% → 40%（12 个波次，缺货 2 次，到达上限）· 可售 −${layEffect.heldBack} 件`);
  expect(textOf(rowOf('山里土鸡蛋合作社'), '.hz-buf-reason')).toBe('基于最近 12 个波次 24 个商品·波次，其中缺货 2 次；覆盖 91.7%；到达下限');
  expect(textOf(rowOf('山里土鸡蛋合作社'), '.hz-buf-effect')).toBe(`现在应用：可售 +${eggsAt90.gained} / −${eggsAt90.heldBack} 件，涉及 ${eggsAt90.skus} 个商品`);

  // Both chosen: one confirmation naming how many and the total, 再看看 applies nothing.
  fireEvent.click(within(rowOf('赣南果园直供')).getByRole('checkbox'));
  fireEvent.click(within(rowOf('山里土鸡蛋合作社')).getByRole('checkbox'));
  const gained = orchardEffect.gained + eggsAt90.gained;
  const heldBack = eggsAt90.heldBack;
  const skus = orchardEffect.skus + eggsAt90.skus;
  expect(textOf(document.body, '.hz-buf-chosen')).toBe(`已选 2 个 · 可售 +${gained} / −${heldBack} 件`);
  fireEvent.click(screen.getByText('应用所选建议'));
  expect(await screen.findByText('应用所选建议？')).toBeTruthy();
  expect(screen.getByText(`将为 2 个供应商应用建议的缓冲比例：赣南果园直供：20% → 5%；山里土鸡蛋合作社：30% → 5%，另 1 个商品单独设缓冲（散养土鸡蛋 30枚/箱 40%）。合计可售 +${gained} / −${heldBack} 件（涉及 ${skus} 个商品），团长马上看到新的可售数量。`)).toBeTruthy();
  fireEvent.click(screen.getByText('再看看'));
  await waitFor(() => expect(screen.queryByText('应用所选建议？')).toBeNull());
  expect(lastCall('applyBufferSuggestions')).toBeUndefined();

  const before = await sellable();
  fireEvent.click(screen.getByText('应用所选建议'));
  fireEvent.click(await screen.findByText('确认应用'));
  expect(await screen.findByText(`已应用 2 个供应商的建议：可售 +${gained} / −${heldBack} 件`)).toBeTruthy();
  expect(lastCall('applyBufferSuggestions')!.payload).toEqual({
    minRatio: 0.05, maxRatio: 0.4, coverage: 0.9,
    suppliers: [{ supplierId: 'S02', ratio: 0.05, skus: [] }, { supplierId: 'S03', ratio: 0.05, skus: [{ skuId: 'HZ3001', ratio: 0.4 }] }],
  });
  // What leaders see now moved by what the page said.
  expect((await sellable()) - before).toBe(gained - heldBack);
  expect((await backend.deps.store.getSkus(['HZ3001']))[0]?.bufferPolicy).toEqual({ ratio: 0.4, fixed: 3 });

  // Reloaded: each change in force, who applied it and when; nothing left to choose.
  await waitFor(() => expect(ratios(rowOf('赣南果园直供'))).toEqual(['当前缓冲 5% 自有', '建议 5% 下限']));
  expect(within(rowOf('赣南果园直供')).getByText('与建议一致')).toBeTruthy();
  expect(textOf(rowOf('赣南果园直供'), '.hz-buf-last')).toBe('上次调整：周晓（运营） · 07:30 · 全局 → 5% · 已生效');
  expect(textOf(rowOf('山里土鸡蛋合作社'), '.hz-buf-last')).toBe('上次调整：周晓（运营） · 07:30 · 30% → 5% · 已生效');
  expect(textOf(rowOf('山里土鸡蛋合作社'), '.hz-buf-extras')).toBe('另有固定 3 件，取最大');
  expect(within(rowOf('山里土鸡蛋合作社')).getByText('与建议一致')).toBeTruthy();
  expect(document.querySelectorAll('.hz-buf-sku')).toHaveLength(0);
  expect(document.querySelectorAll('.hz-buf-row [role="checkbox"]')).toHaveLength(0);
  expect(screen.queryByText('应用所选建议')).toBeNull();
  expect((await backend.deps.store.getSupplier('S02'))?.bufferPolicy).toEqual({ ratio: 0.05 });

  // Someone sets the co-op's buffer by hand afterwards: the change shown is no longer in force.
  await backend.deps.store.upsertSuppliers([{ ...(await backend.deps.store.getSupplier('S03'))!, bufferPolicy: { ratio: 0.25 } }]);
  fireEvent.click(screen.getByText('重新计算'));
  await waitFor(() => expect(textOf(rowOf('山里土鸡蛋合作社'), '.hz-buf-last')).toBe('上次调整：周晓（运营） · 07:30 · 30% → 5% · 未生效'));
  expect(ratios(rowOf('山里土鸡蛋合作社'))).toEqual(['当前缓冲 25% 自有', '建议 5% 下限']);

  fireEvent.click(screen.getByText('‹ 供应商考核'));
  expect(router.current).toBe(PAGES.operatorScorecards);
});

test('a suggestion that changed since the page showed it applies nothing, says 建议已变化 and reloads; a failed load offers 重试', async () => {
  backend.dropNextRequest('operator', 'bufferSuggestions');
  const { router } = await openApp(PAGES.operatorHome, { as: 'DEMO-OP' });
  fireEvent.click(await screen.findByText('缓冲建议'));
  expect(router.current).toBe(PAGES.operatorBuffers);
  expect(await screen.findByText('缓冲建议加载失败')).toBeTruthy();
  fireEvent.click(screen.getByText('重试'));
  await screen.findByText('山里土鸡蛋合作社', { selector: '.hz-buf-name' });

  fill('覆盖率', '90');
  fireEvent.click(screen.getByText('重新计算'));
  await waitFor(() => expect(ratios(rowOf('山里土鸡蛋合作社'))).toEqual(['当前缓冲 30% 自有', '建议 5% 下限']));
  fireEvent.click(within(rowOf('山里土鸡蛋合作社')).getByRole('checkbox'));

  // Meanwhile the co-op counts again and cuts a third time: at 90% one of three cuts must be covered now.
  await aDay(13, 5);
  const now = await backend.as<BufferSuggestions>('DEMO-OP', 'operator', 'bufferSuggestions', { coverage: 0.9 });
  expect(now.rows.find((r) => r.supplierId === 'S03')!.suggestion).toMatchObject({ ratio: 0.4, bounded: 'max', short: 3 });

  fireEvent.click(screen.getByText('应用所选建议'));
  expect(await screen.findByText(/^将为 1 个供应商应用建议的缓冲比例：山里土鸡蛋合作社：30% → 5%，另 1 个商品单独设缓冲（散养土鸡蛋 30枚\/箱 40%）。/)).toBeTruthy();
  fireEvent.click(screen.getByText('确认应用'));
  expect(await screen.findByText('建议已变化，未应用：山里土鸡蛋合作社 的建议已变化，请刷新后再确认。已重新计算，请看过后再选')).toBeTruthy();
  await waitFor(() => expect(ratios(rowOf('山里土鸡蛋合作社'))).toEqual(['当前缓冲 30% 自有', '建议 40% 上限']));
  expect(textOf(rowOf('山里土鸡蛋合作社'), '.hz-buf-reason')).toBe('基于最近 13 个波次 26 个商品·波次，其中缺货 3 次；覆盖 88.5%；到达上限');
  expect(within(rowOf('山里土鸡蛋合作社')).getByRole('checkbox').getAttribute('aria-checked')).toBe('false');
  expect(textOf(document.body, '.hz-buf-chosen')).toBe('勾选要调整的供应商');
  expect(textOf(rowOf('山里土鸡蛋合作社'), '.hz-buf-last')).toBeNull();
  expect(await backend.deps.store.listBufferChanges({}, 10)).toEqual([]);
  expect((await backend.deps.store.getSupplier('S03'))?.bufferPolicy).toEqual({ ratio: 0.3, fixed: 3 });
  fireEvent.click(screen.getByText('‹ 工作台'));
  expect(router.current).toBe(PAGES.operatorHome);
});
