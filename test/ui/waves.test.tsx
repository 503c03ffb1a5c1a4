// The day after cutoff: the supplier's pick list and confirmation with a shortage, the
// leader's shortage tasks, and the operator confirming an overdue wave on the supplier's behalf.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { AvailabilityItem, TaskView, WaveSummary } from '@/services/types';
import { closeDueWaves, escalateOverdueWaves } from '../../cloudfunctions/src/jobs/waves';
import { openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

const HOUR = 60 * 60 * 1000;
/** 2026-11-26 in Shanghai: 11:00, the 22:00 cutoff, and 23:05 (past the 23:00 deadline). */
const ELEVEN = Date.UTC(2026, 10, 26, 3, 0);
const CUTOFF = Date.UTC(2026, 10, 26, 14, 0);
const PAST_DEADLINE = Date.UTC(2026, 10, 26, 15, 5);

async function sellable(skuId: string): Promise<number> {
  const items = await backend.as<AvailabilityItem[]>('DEMO-L03', 'leader', 'availability');
  return items.find((i) => i.skuId === skuId)!.sellable;
}

/** 王姐 orders at 10:00, 小刘 at 11:00 (so 小刘's lines are the latest), then the day closes at 22:00. */
async function dayOfOrders() {
  await backend.as('DEMO-L01', 'leader', 'placeOrder', { idempotencyKey: 'wang-day-0001', lines: [{ skuId: 'HZ2003', qty: 3, customer: '1号 张三' }] });
  backend.clock.set(ELEVEN);
  await backend.as('DEMO-L02', 'leader', 'placeOrder', {
    idempotencyKey: 'liu-day-0001',
    lines: [
      { skuId: 'HZ2003', qty: 2, customer: '5号 小王' },
      { skuId: 'HZ2001', qty: 1, customer: '6号 老周' },
    ],
  });
  backend.clock.set(CUTOFF);
  await closeDueWaves(backend.deps);
}

const rowOf = (name: string): HTMLElement => screen.getByText(name).closest('.hz-pick-row') as HTMLElement;
const shipBox = (row: HTMLElement, label: string): HTMLInputElement => within(row).getByLabelText(`${label} 可发数量`) as HTMLInputElement;

test('the supplier opens the wave from the report page, confirms with a shortage, exports and ships', async () => {
  await dayOfOrders();
  const { router } = await openApp(PAGES.report, { as: 'DEMO-S02' });

  fireEvent.click(await screen.findByText('1 待确认'));
  expect(router.current).toBe(PAGES.waves);
  const card = (await screen.findByText('11月26日 波次')).closest('.hz-wave-card') as HTMLElement;
  expect(within(card).getByText('请在 23:00 前确认 · 还剩 1小时')).toBeTruthy();
  expect(within(card).getByText('2 个商品 · 共 6 件 · 22:00 截单')).toBeTruthy();
  fireEvent.click(card);
  expect(router.current).toBe(PAGES.wave);

  expect(await screen.findByText('11月26日 波次 · 拣货单')).toBeTruthy();
  expect(screen.getByText('请在 23:00 前确认')).toBeTruthy();
  // The rule that decides whose lines go short, beside the form.
  expect(screen.getByText('缺货时从最晚下单的订单行开始扣减')).toBeTruthy();
  const mandarins = rowOf('广西砂糖橘');
  expect(within(mandarins).getByText('5')).toBeTruthy();
  expect(within(mandarins).getByText('王姐 · 阳光小区')).toBeTruthy();
  expect(within(mandarins).getByText('小刘 · 翠苑一区')).toBeTruthy();
  // Every SKU starts in full.
  expect(shipBox(mandarins, '广西砂糖橘 3斤装').value).toBe('5');
  expect(screen.getByText('全部可发')).toBeTruthy();

  fireEvent.click(within(mandarins).getByLabelText('广西砂糖橘 3斤装 可发数量 减一'));
  fireEvent.click(within(mandarins).getByLabelText('广西砂糖橘 3斤装 可发数量 减一'));
  fireEvent.input(shipBox(rowOf('赣南脐橙'), '赣南脐橙 5斤装 果径75-80mm'), { target: { value: '0' } });
  expect(within(rowOf('广西砂糖橘')).getByText('缺 2 件')).toBeTruthy();
  expect(screen.getByText('缺 3 件（2 个商品）')).toBeTruthy();

  fireEvent.click(screen.getByText('导出 XLSX'));
  await waitFor(() => expect(backend.downloads.map((d) => d.fileName)).toEqual(['赣南果园直供-11月26日-拣货单.xlsx']));

  // One tap does not confirm: the consequence is named first, and 再看看 sends nothing.
  fireEvent.click(screen.getByText('确认可发数量'));
  const ask = () => screen.getByText('确认可发数量？').closest('.nut-dialog') as HTMLElement;
  expect(within(ask()).getByText('缺 3 件（2 个商品）：从最晚下单的订单开始扣减，被扣减的团长会收到缺货处理任务。确认后不能修改。')).toBeTruthy();
  fireEvent.click(within(ask()).getByText('再看看'));
  expect(backend.calls.some((c) => c.action === 'confirmWave')).toBe(false);
  fireEvent.click(screen.getByText('确认可发数量'));
  fireEvent.click(within(ask()).getByText('确认提交'));
  expect(await screen.findByText('可发 3 件')).toBeTruthy();
  expect(within(rowOf('广西砂糖橘')).getByText('缺 2 件')).toBeTruthy();
  expect(within(rowOf('赣南脐橙')).getByText('可发 0 件')).toBeTruthy();
  expect(screen.queryByLabelText('广西砂糖橘 3斤装 可发数量')).toBeNull();
  // The pick list now says what to pack: 小刘's 2 mandarins were both cut, 王姐's 3 go.
  const leaderLine = (row: HTMLElement, who: string) => within(row).getByText(who).closest('.hz-pick-leader') as HTMLElement;
  expect(leaderLine(rowOf('广西砂糖橘'), '王姐 · 阳光小区').textContent).toContain('3 件');
  expect(leaderLine(rowOf('广西砂糖橘'), '小刘 · 翠苑一区').textContent).toContain('订 2 · 缺 2 · 应发 0 件');
  expect(within(rowOf('广西砂糖橘')).getByText(/^已扣减：5号 小王.* · 小刘 缺 2 件$/)).toBeTruthy();
  // 按团长发货: one parcel per leader, with where it goes.
  fireEvent.click(screen.getByText('按团长发货（2）'));
  const wang = screen.getByText('王姐 · 阳光小区').closest('.hz-leader-pack') as HTMLElement;
  expect(within(wang).getByText('应发 3 件')).toBeTruthy();
  expect(within(wang).getByText('自提点 阳光小区 3号楼 便利店 · 电话 13800001001')).toBeTruthy();
  const liuPack = screen.getByText('小刘 · 翠苑一区').closest('.hz-leader-pack') as HTMLElement;
  expect(within(liuPack).getByText('应发 0 件')).toBeTruthy();
  expect(within(liuPack).getByText('订购 3 件，缺货扣减 3 件')).toBeTruthy();
  fireEvent.click(screen.getByText('按商品'));

  fireEvent.click(screen.getByText('标记已发货'));
  const shipAsk = screen.getByText('标记已发货？').closest('.nut-dialog') as HTMLElement;
  expect(within(shipAsk).getByText('3 件将标记为已发货，团长的订单显示“已发货”。标记后不能撤回，请在货已送出后再标记。')).toBeTruthy();
  fireEvent.click(within(shipAsk).getByText('确认已发货'));
  await waitFor(() => expect(document.querySelector('.hz-wave-status')?.textContent).toBe('已发货'));
  const [wave] = await backend.as<WaveSummary[]>('DEMO-S02', 'supplier', 'waves', {});
  expect(wave).toMatchObject({ status: 'shipped', confirmedOnBehalf: false });

  // The latest-placed lines went short: 小刘's, not 王姐's.
  const liu = await backend.as<TaskView[]>('DEMO-L02', 'leader', 'tasks', {});
  expect(liu.map((t) => [t.customer, t.skuId, t.shortQty]).sort()).toEqual([
    ['5号 小王', 'HZ2003', 2],
    ['6号 老周', 'HZ2001', 1],
  ]);
  expect(await backend.as<TaskView[]>('DEMO-L01', 'leader', 'tasks', {})).toEqual([]);
});

test('a box left blank or over the order is named at its row, nothing sent', async () => {
  await dayOfOrders();
  await openApp(PAGES.wave, { as: 'DEMO-S02', params: { waveId: 'S02_2026-11-26' } });
  await screen.findByText('11月26日 波次 · 拣货单');

  fireEvent.input(shipBox(rowOf('广西砂糖橘'), '广西砂糖橘 3斤装'), { target: { value: '' } });
  fireEvent.input(shipBox(rowOf('赣南脐橙'), '赣南脐橙 5斤装 果径75-80mm'), { target: { value: '7' } });
  fireEvent.click(screen.getByText('确认可发数量'));

  expect(within(rowOf('广西砂糖橘')).getByText('请填写可发件数（整数）')).toBeTruthy();
  expect(within(rowOf('赣南脐橙')).getByText('最多 1 件（订购数量）')).toBeTruthy();
  expect(screen.getByText('有 2 个商品需要修改')).toBeTruthy();
  expect(backend.calls.some((c) => c.action === 'confirmWave')).toBe(false);
});

test('the leader settles the short lines: a substitute (its stock drops) and a refund with a coupon', async () => {
  await dayOfOrders();
  await backend.as('DEMO-S02', 'supplier', 'confirmWave', {
    waveId: 'S02_2026-11-26',
    skus: [
      { skuId: 'HZ2003', shipQty: 3 },
      { skuId: 'HZ2001', shipQty: 0 },
    ],
  });
  backend.clock.set(CUTOFF + HOUR / 2);
  const tangerines = await sellable('HZ2004');
  const { router } = await openApp(PAGES.availability, { as: 'DEMO-L02' });

  const link = await waitFor(() => {
    const badge = document.querySelector('.hz-tasks-badge');
    if (badge?.textContent !== '2') throw new Error('no badge yet');
    return badge;
  });
  fireEvent.click(link);
  expect(router.current).toBe(PAGES.leaderTasks);
  expect(await screen.findByText('缺货处理（2）')).toBeTruthy();

  const task = (customer: string) => screen.getAllByText(customer).map((n) => n.closest('.hz-task')).find(Boolean) as HTMLElement;
  const mandarin = task('5号 小王');
  expect(within(mandarin).getByText('广西砂糖橘 3斤装 缺 2 件')).toBeTruthy();
  expect(within(mandarin).getByText('11月26日 · 已等 30分钟')).toBeTruthy();
  // Same category, in stock, not cheaper; the closest price first.
  const subs = Array.from(mandarin.querySelectorAll('.hz-sub-name')).map((n) => n.textContent);
  expect(subs[0]).toBe('1. 四川沃柑 5斤装');
  expect(within(mandarin).getByText(`¥24.90（贵 ¥9.00） · 可售 ${tangerines}`)).toBeTruthy();
  expect(within(mandarin).getByText('退款+优惠券 ¥5.00')).toBeTruthy();

  fireEvent.click(within(mandarin).getAllByText('选这个替代品')[0]!);
  // Nothing is ordered until the confirmation, which names what it does.
  const askSub = screen.getByText('确认换成替代品？').closest('.nut-dialog') as HTMLElement;
  expect(await sellable('HZ2004')).toBe(tangerines);
  fireEvent.click(within(askSub).getByText('确认换货'));
  expect(await screen.findByText('已换成 四川沃柑 5斤装 × 2，随 11月27日 的波次发出；差价 ¥18.00 顾客不用补')).toBeTruthy();
  expect(screen.getByText('缺货处理（1）')).toBeTruthy();
  expect(await sellable('HZ2004')).toBe(tangerines - 2);

  const orange = task('6号 老周');
  fireEvent.click(within(orange).getByText('记录已联系'));
  expect(within(orange).getByText('请写下和顾客说了什么，如“已电话联系，顾客同意换货”')).toBeTruthy();
  fireEvent.input(within(orange).getByLabelText('6号 老周 联系记录'), { target: { value: '已电话联系，顾客要退款' } });
  fireEvent.click(within(orange).getByText('记录已联系'));
  expect(await within(task('6号 老周')).findByText('22:30 已联系：已电话联系，顾客要退款')).toBeTruthy();
  expect(within(task('6号 老周')).getByText('退 1 件的货款 ¥29.90，并送顾客 ¥5.00 优惠券')).toBeTruthy();

  fireEvent.click(within(task('6号 老周')).getByText('退款+优惠券 ¥5.00'));
  fireEvent.click(within(screen.getByText('确认退款？').closest('.nut-dialog') as HTMLElement).getByText('退款 ¥29.90'));
  expect(await screen.findByText('已退款 ¥29.90，送 ¥5.00 优惠券')).toBeTruthy();
  expect(screen.getByText('缺货处理（0）')).toBeTruthy();
  expect(screen.getByText('没有待处理的缺货')).toBeTruthy();
  expect(screen.getByText('已处理（2）')).toBeTruthy();
  const settled = await backend.as<TaskView[]>('DEMO-L02', 'leader', 'tasks', {});
  expect(settled.map((t) => [t.customer, t.outcome, t.couponValue]).sort()).toEqual([
    ['5号 小王', 'substitute', undefined],
    ['6号 老周', 'refund', 500],
  ]);
});

test('the operator sees an overdue wave first, marked red, and confirms it on the supplier’s behalf', async () => {
  await backend.as('DEMO-L01', 'leader', 'placeOrder', {
    idempotencyKey: 'wang-cold-0001',
    lines: [
      { skuId: 'HZ1001', qty: 4, customer: '2号 阿梅' },
      { skuId: 'HZ3001', qty: 2 },
    ],
  });
  backend.clock.set(CUTOFF);
  await closeDueWaves(backend.deps);
  await backend.as('DEMO-S03', 'supplier', 'confirmWave', { waveId: 'S03_2026-11-26', skus: [{ skuId: 'HZ3001', shipQty: 2 }] });
  backend.clock.set(PAST_DEADLINE);
  await escalateOverdueWaves(backend.deps);
  const { router } = await openApp(PAGES.operatorHome, { as: 'DEMO-OP' });

  await screen.findByText('工作台');
  await waitFor(() => expect(document.querySelector('.hz-stat--overdue .hz-stat-value')?.textContent).toBe('1'));
  fireEvent.click(screen.getByText('逾期波次'));
  expect(router.current).toBe(PAGES.operatorWaves);
  expect(await screen.findByText('1 个波次过了确认截止时间仍未确认：请联系供应商，或核实后代为确认')).toBeTruthy();
  const cards = Array.from(document.querySelectorAll('.hz-wave-card'));
  expect(cards[0]?.textContent).toContain('鲜丰冷链仓 · 11月26日 波次');
  expect(cards[0]?.className).toContain('hz-wave-card--overdue');
  expect(within(cards[0] as HTMLElement).getByText('已逾期')).toBeTruthy();
  expect(within(cards[0] as HTMLElement).getByText('请在 23:00 前确认 · 已超时 5分钟')).toBeTruthy();
  expect(cards[1]?.textContent).toContain('山里土鸡蛋合作社');
  expect(within(cards[1] as HTMLElement).queryByText('已逾期')).toBeNull();

  fireEvent.click(cards[0]!);
  expect(router.current).toBe(PAGES.operatorWave);
  expect(await screen.findByText('代供应商确认', { selector: '.hz-banner-title' })).toBeTruthy();
  expect(screen.getByText('请先与 鲜丰冷链仓 核实可发数量；提交后记录为“运营代确认”。')).toBeTruthy();
  expect(screen.getByText(/已超过确认截止时间，运营已收到提醒/)).toBeTruthy();
  // The operator has no export or shipping: those are the supplier's.
  expect(screen.queryByText('导出 XLSX')).toBeNull();

  fireEvent.input(screen.getByLabelText('五常稻花香大米 5kg/袋 可发数量'), { target: { value: '3' } });
  fireEvent.click(screen.getByText('代供应商确认', { selector: '.nut-button *' }));
  const ask = screen.getByText('代供应商确认可发数量？').closest('.nut-dialog') as HTMLElement;
  expect(within(ask).getByText(/^缺 \d+ 件（1 个商品）：从最晚下单的订单开始扣减/)).toBeTruthy();
  fireEvent.click(within(ask).getByText('确认提交'));
  expect(await screen.findByText('运营已代供应商确认')).toBeTruthy();
  expect(screen.getByText('可发 3 件')).toBeTruthy();
  expect(screen.queryByText('标记已发货')).toBeNull();

  const [wave] = (await backend.as<WaveSummary[]>('DEMO-S01', 'supplier', 'waves', {})).filter((w) => w.day === '2026-11-26');
  expect(wave).toMatchObject({ status: 'confirmed', confirmedOnBehalf: true });
  const tasks = await backend.as<TaskView[]>('DEMO-L01', 'leader', 'tasks', {});
  expect(tasks.map((t) => [t.customer, t.skuId, t.shortQty])).toEqual([['2号 阿梅', 'HZ1001', 1]]);

  // Back on the list nothing is overdue any more.
  fireEvent.click(screen.getByText('‹ 波次'));
  await waitFor(() => expect(document.querySelector('.hz-wave-card--overdue')).toBeNull());
});
