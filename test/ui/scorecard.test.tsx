// 供应商考核 on the phone (DESIGN §8a), against the real handlers and SQLite store: a day of
// orders closes into waves, the orchard confirms short and a leader refunds a short line,
// the egg cooperative confirms in full. The operator reads every supplier ranked for the
// week (the numbers the server computed, as 96.5%-style rates and 元), opens one supplier's
// trend, and a supplier sees only its own card.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import { formatYuan } from '@/services/money';
import type { ScorecardRow, TaskView } from '@/services/types';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  cleanup();
  await backend.close();
});

/** 2026-11-26 in Shanghai: 11:00, the 22:00 cutoff; and the next morning at 10:00, when the cards are read. */
const ELEVEN = Date.UTC(2026, 10, 26, 3, 0);
const CUTOFF = Date.UTC(2026, 10, 26, 14, 0);
const NEXT_MORNING = Date.UTC(2026, 10, 27, 2, 0);

const pct = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;

/**
 * 王姐 orders mandarins and eggs, 小刘 mandarins and navel oranges; the day closes. The orchard
 * (S02) ships 3 of 5 mandarins and no oranges, so 小刘's two lines go short; he takes a refund
 * for the oranges. The cooperative (S03) ships its eggs in full.
 */
async function dayWithAShortage(): Promise<void> {
  await backend.as('DEMO-L01', 'leader', 'placeOrder', {
    idempotencyKey: 'wang-sc-0001',
    lines: [
      { skuId: 'HZ2003', qty: 3, customer: '1号 张三' },
      { skuId: 'HZ3001', qty: 2, customer: '2号 李四' },
    ],
  });
  backend.clock.set(ELEVEN);
  await backend.as('DEMO-L02', 'leader', 'placeOrder', {
    idempotencyKey: 'liu-sc-0001',
    lines: [
      { skuId: 'HZ2003', qty: 2, customer: '5号 小王' },
      { skuId: 'HZ2001', qty: 1, customer: '6号 老周' },
    ],
  });
  backend.clock.set(CUTOFF);
  await closeDueWaves(backend.deps);
  await backend.as('DEMO-S02', 'supplier', 'confirmWave', {
    waveId: 'S02_2026-11-26',
    skus: [
      { skuId: 'HZ2003', shipQty: 3 },
      { skuId: 'HZ2001', shipQty: 0 },
    ],
  });
  await backend.as('DEMO-S03', 'supplier', 'confirmWave', { waveId: 'S03_2026-11-26', skus: [{ skuId: 'HZ3001', shipQty: 2 }] });
  const tasks = await backend.as<TaskView[]>('DEMO-L02', 'leader', 'tasks', {});
  const oranges = tasks.find((t) => t.skuId === 'HZ2001')!;
  await backend.as('DEMO-L02', 'leader', 'chooseRefund', { taskId: oranges.id });
  backend.clock.set(NEXT_MORNING);
}

const rowOf = (name: string): HTMLElement => screen.getByText(name, { selector: '.hz-sc-name' }).closest('.hz-sc-row') as HTMLElement;
const metric = (root: HTMLElement, key: string): HTMLElement => root.querySelector(`.hz-sc-metric--${key}`) as HTMLElement;
const valueOf = (root: HTMLElement, key: string): string => metric(root, key).querySelector('.hz-sc-metric-value')!.textContent ?? '';

test('the operator reads every supplier ranked for the week, with the numbers the server computed, and opens one supplier\'s trend', async () => {
  await dayWithAShortage();
  const server = await backend.as<ScorecardRow[]>('DEMO-OP', 'operator', 'scorecards', { period: 'week' });
  expect(server.map((r) => r.supplierId)).toEqual(['S03', 'S02', 'S01']);
  const orchard = server.find((r) => r.supplierId === 'S02')!;
  expect([orchard.accuracy.fullLines, orchard.accuracy.lines, orchard.fill.filled, orchard.fill.ordered, orchard.shortage.lines, orchard.shortage.customers]).toEqual([1, 3, 3, 6, 2, 2]);
  expect(orchard.shortage.cost).toBeGreaterThan(0);

  const { router } = await openApp(PAGES.operatorHome, { as: 'DEMO-OP' });
  fireEvent.click(await screen.findByText('供应商考核'));
  expect(router.current).toBe(PAGES.operatorScorecards);

  // Best first: the cooperative filled everything, the orchard half, the cold store had no wave.
  await screen.findByText('赣南果园直供', { selector: '.hz-sc-name' });
  expect(Array.from(document.querySelectorAll('.hz-sc-row')).map((r) => [r.querySelector('.hz-sc-rank')!.textContent, r.querySelector('.hz-sc-name')!.textContent])).toEqual([
    ['1', '山里土鸡蛋合作社'],
    ['2', '赣南果园直供'],
    ['3', '鲜丰冷链仓'],
  ]);
  expect(screen.getByText(orchard.period.label)).toBeTruthy();
  const row = rowOf('赣南果园直供');
  expect(valueOf(row, 'accuracy')).toBe(pct(orchard.accuracy.fullShare!));
  expect(valueOf(row, 'accuracy')).toBe('33.3%');
  expect(within(metric(row, 'accuracy')).getByText(/^足量确认 1\/3 行/)).toBeTruthy();
  expect(valueOf(row, 'fill')).toBe('50%');
  expect(within(metric(row, 'fill')).getByText('可发 3/6 件')).toBeTruthy();
  expect(valueOf(row, 'reporting')).toBe(pct(orchard.reporting.rate!));
  expect(within(metric(row, 'reporting')).getByText(`按时 ${orchard.reporting.onTime}/${orchard.reporting.due} 次`)).toBeTruthy();
  expect(valueOf(row, 'confirmation')).toBe('100%');
  expect(valueOf(row, 'shortage')).toBe(`2 行 · 2 位顾客 · ${formatYuan(orchard.shortage.cost)}`);
  expect(within(metric(row, 'shortage')).getByText(`缺 3 件 · 退款 ${formatYuan(orchard.shortage.refunds)} · 优惠券 ${formatYuan(orchard.shortage.coupons)} · 替换差价 ¥0.00`)).toBeTruthy();
  // The egg cooperative: everything in full, no shortage.
  const eggs = rowOf('山里土鸡蛋合作社');
  expect([valueOf(eggs, 'accuracy'), valueOf(eggs, 'fill'), valueOf(eggs, 'shortage')]).toEqual(['100%', '100%', '0 行 · 0 位顾客 · ¥0.00']);
  // Nothing to rate is empty, not perfect.
  const cold = rowOf('鲜丰冷链仓');
  expect([valueOf(cold, 'accuracy'), valueOf(cold, 'fill'), valueOf(cold, 'confirmation')]).toEqual(['—', '—', '—']);
  expect(within(cold).getByText('本期无波次 ›')).toBeTruthy();

  // Last week had no waves at all: said so, the rows still there for the reports.
  fireEvent.click(screen.getByText('上周'));
  expect(await screen.findByText('上周还没有波次')).toBeTruthy();
  expect(valueOf(rowOf('赣南果园直供'), 'fill')).toBe('—');
  const lastWeek = backend.calls.filter((c) => c.action === 'scorecards').pop()!;
  expect(lastWeek.payload).toEqual({ period: 'week', day: '2026-11-20' });
  fireEvent.click(screen.getByText('本月'));
  await waitFor(() => expect(document.querySelector('.hz-sc-period')?.textContent).toBe('2026年11月'));
  expect(valueOf(rowOf('赣南果园直供'), 'fill')).toBe('50%');
  fireEvent.click(screen.getByText('本周'));
  await screen.findByText(orchard.period.label);

  // The orchard's trend: the server's six weeks, a chart per metric, this week's card on top.
  fireEvent.click(rowOf('赣南果园直供'));
  expect(router.current).toBe(PAGES.operatorScorecards);
  expect(router.params()).toEqual({ supplierId: 'S02' });
  expect(await screen.findByText('赣南果园直供 · 考核走势')).toBeTruthy();
  const trend = await backend.as<ScorecardRow[]>('DEMO-OP', 'operator', 'scorecard', { supplierId: 'S02', period: 'week' });
  expect(trend).toHaveLength(6);
  const charts = Array.from(document.querySelectorAll('.hz-sc-chart')) as HTMLElement[];
  expect(charts.map((c) => c.getAttribute('aria-label')!.split('走势：')[0])).toEqual(['库存准确率', '订单满足率', '报数及时率', '确认及时率', '缺货行数', '缺货补救成本（元）']);
  // Taro's H5 Image wraps the <img> in a box that carries the label.
  const svgOf = (chart: HTMLElement): string => {
    const src = chart.querySelector('img')!.getAttribute('src') ?? '';
    expect(src.startsWith('data:image/svg+xml;base64,')).toBe(true);
    return Buffer.from(src.slice('data:image/svg+xml;base64,'.length), 'base64').toString('utf8');
  };
  // One bar per week with a fill rate to show (this one), a dash for the others.
  const fillSvg = svgOf(charts[1]!);
  expect(fillSvg.match(/<rect [^>]*rx="2"/g)).toHaveLength(trend.filter((r) => r.fill.rate !== null).length);
  expect(fillSvg).toContain('>50%</text>');
  expect(fillSvg).toContain('>11/23</text>');
  const fill = charts[1]!.getAttribute('aria-label')!;
  expect(fill).toBe(`订单满足率走势：${trend.map((r) => `${r.period.label} ${r.fill.rate === null ? '—' : pct(r.fill.rate)}`).join('，')}`);
  expect(fill.endsWith(`${orchard.period.label} 50%`)).toBe(true);
  expect(charts[5]!.getAttribute('aria-label')!.endsWith(`${orchard.period.label} ${formatYuan(orchard.shortage.cost)}`)).toBe(true);
  const current = document.querySelector('.hz-sc-current') as HTMLElement;
  expect(within(current).getByText(orchard.period.label)).toBeTruthy();
  expect(valueOf(current, 'accuracy')).toBe('33.3%');

  // By month: the server's months, November last.
  fireEvent.click(screen.getByText('按月'));
  await waitFor(() => expect(document.querySelector('.hz-sc-current .hz-sc-period')?.textContent).toBe('2026年11月'));
  expect(backend.calls.filter((c) => c.action === 'scorecard').pop()!.payload).toEqual({ period: 'month', count: 6, supplierId: 'S02' });

  // ‹ goes back to the table.
  fireEvent.click(document.querySelector('.hz-backbar-link') as HTMLElement);
  expect(router.params()).toEqual({});
  expect(await screen.findByText('赣南果园直供', { selector: '.hz-sc-name' })).toBeTruthy();
});

test('before any wave the table says so; a failed load offers 重试', async () => {
  backend.dropNextRequest('operator', 'scorecards');
  await openApp(PAGES.operatorScorecards, { as: 'DEMO-OP' });
  expect(await screen.findByText('考核加载失败')).toBeTruthy();
  fireEvent.click(screen.getByText('重试'));
  expect(await screen.findByText('本周还没有波次')).toBeTruthy();
  expect(document.querySelectorAll('.hz-sc-row')).toHaveLength(3);
});

test('the supplier opens its own card from the report page and sees only its own', async () => {
  await dayWithAShortage();
  const own = await backend.as<ScorecardRow[]>('DEMO-S02', 'supplier', 'scorecard', {});
  const week = own[own.length - 1]!;

  const { router } = await openApp(PAGES.report, { as: 'DEMO-S02' });
  fireEvent.click(await screen.findByText('我的考核'));
  expect(router.current).toBe(PAGES.supplierScorecard);
  expect(await screen.findByText('赣南果园直供 · 我的考核')).toBeTruthy();
  const current = document.querySelector('.hz-sc-current') as HTMLElement;
  expect(within(current).getByText(week.period.label)).toBeTruthy();
  expect([valueOf(current, 'accuracy'), valueOf(current, 'fill'), valueOf(current, 'confirmation')]).toEqual(['33.3%', '50%', '100%']);
  expect(valueOf(current, 'reporting')).toBe(pct(week.reporting.rate!));
  expect(valueOf(current, 'shortage')).toBe(`2 行 · 2 位顾客 · ${formatYuan(week.shortage.cost)}`);
  expect(document.querySelectorAll('.hz-sc-chart')).toHaveLength(6);
  // Its own only: no other supplier named, no supplier chosen in the call.
  expect(screen.queryByText(/山里土鸡蛋合作社|鲜丰冷链仓/)).toBeNull();
  const call = backend.calls.filter((c) => c.action === 'scorecard').pop()!;
  expect([call.fn, call.payload]).toEqual(['supplier', { period: 'week', count: 6 }]);
  // And the operator's table is not for it.
  await expect(backend.as('DEMO-S02', 'operator', 'scorecards', {})).rejects.toThrow();
});

test('a supplier with no waves yet is told so on its card', async () => {
  await openApp(PAGES.supplierScorecard, { as: 'DEMO-S03' });
  expect(await screen.findByText('山里土鸡蛋合作社 · 我的考核')).toBeTruthy();
  expect(screen.getByText('还没有波次')).toBeTruthy();
  expect(valueOf(document.querySelector('.hz-sc-current') as HTMLElement, 'fill')).toBe('—');
});
