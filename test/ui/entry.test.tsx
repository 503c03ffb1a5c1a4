// Counts that reach the operator: entered on a supplier's behalf, imported from a
// spreadsheet, held for a jump; and a SKU's history. All against the real handlers.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { HeldView, IntakeResult, SkuHistory } from '@/services/types';
import { FUNCTIONS } from '../../cloudfunctions/src/handlers/registry';
import { fill, openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});


const EGGS_30 = '散养土鸡蛋 30枚/箱 库存数量';
const EGGS_60 = '散养土鸡蛋 60枚/箱 库存数量';
const DUCK = '新鲜鸭蛋 20枚/盒 库存数量';

const rowOf = (label: string): HTMLElement => screen.getByLabelText(label).closest('.hz-report-row') as HTMLElement;
const dialog = (): HTMLElement => screen.getByText('数量变化很大，请确认').closest('.nut-dialog') as HTMLElement;
const pickSupplier = (name: string): void => {
  fireEvent.click(within(document.querySelector('.hz-supplier-picker') as HTMLElement).getByText(name));
};

const onHandOf = async (skuId: string): Promise<number | undefined> => (await backend.deps.store.listInventory([skuId]))[0]?.onHand;

describe('代报', () => {
  test('numbers from a WeChat group are entered for the supplier with where they came from', async () => {
    await openApp(PAGES.reportFor, { as: 'DEMO-OP' });
    await screen.findByText('代报库存');
    // Rules-level suppliers come first: they are the ones reporting by message.
    const options = Array.from(document.querySelectorAll('.hz-supplier-option-name')).map((n) => n.textContent);
    expect(options[0]).toBe('山里土鸡蛋合作社');

    pickSupplier('山里土鸡蛋合作社');
    await screen.findByLabelText(EGGS_30);
    expect(within(rowOf(EGGS_30)).getByText('上次 100 件 · 14小时前 · 晚报')).toBeTruthy();
    fill(EGGS_30, '90');
    fill(EGGS_60, '30');
    fill('来源说明', '微信群 08:05 张姐');
    expect(screen.getByText('已填 2 项')).toBeTruthy();
    fireEvent.click(screen.getByText('提交代报'));

    expect(await screen.findByText('已代报 · 早报 · 10:00')).toBeTruthy();
    expect(await within(rowOf(EGGS_30)).findByText('上次 90 件 · 刚刚 · 早报')).toBeTruthy();
    // Blank lines were left out, not zeroed.
    expect(await onHandOf('HZ3004')).toBe(40);
    expect([await onHandOf('HZ3001'), await onHandOf('HZ3002')]).toEqual([90, 30]);
    const [report] = await backend.deps.store.listReports('S03', 1);
    expect(report).toMatchObject({ source: 'operator', reportedBy: 'U-OP1', note: '微信群 08:05 张姐' });
  });

  test('nothing filled in is asked for; a jump is held until the operator says it is right', async () => {
    await openApp(PAGES.reportFor, { as: 'DEMO-OP' });
    await screen.findByText('代报库存');
    pickSupplier('山里土鸡蛋合作社');
    await screen.findByLabelText(DUCK);

    fireEvent.click(screen.getByText('提交代报'));
    expect(screen.getByText('请至少填写一个商品的数量')).toBeTruthy();

    fill(DUCK, '400');
    fireEvent.click(screen.getByText('提交代报'));
    await screen.findByText('数量变化很大，请确认');
    expect(within(dialog()).getByText('新鲜鸭蛋 20枚/盒：40 → 400 件')).toBeTruthy();
    expect(await onHandOf('HZ3004')).toBe(40);

    fireEvent.click(within(dialog()).getByText('丢弃'));
    expect(await within(rowOf(DUCK)).findByText('与上次 40 件相差很大，请核对后再提交')).toBeTruthy();
    expect((screen.getByLabelText(DUCK) as HTMLInputElement).value).toBe('400');

    fireEvent.click(screen.getByText('提交代报'));
    await screen.findByText('数量变化很大，请确认');
    fireEvent.click(within(dialog()).getByText('确认无误'));
    expect(await screen.findByText(/^已代报 · /)).toBeTruthy();
    expect(await onHandOf('HZ3004')).toBe(400);
  });

  test('with a jump among other lines, the others take effect at once and the jumped box keeps its number', async () => {
    await openApp(PAGES.reportFor, { as: 'DEMO-OP' });
    await screen.findByText('代报库存');
    pickSupplier('山里土鸡蛋合作社');
    await screen.findByLabelText(DUCK);

    fill(DUCK, '400');
    fill(EGGS_30, '95');
    fireEvent.click(screen.getByText('提交代报'));
    await screen.findByText('数量变化很大，请确认');
    expect(within(dialog()).getByText(/这次报数的其他商品变化不大，已经生效/)).toBeTruthy();
    expect(screen.getByText(/已代报 1 个商品；1 个变化大，待确认/)).toBeTruthy();
    expect([await onHandOf('HZ3004'), await onHandOf('HZ3001')]).toEqual([40, 95]);
    expect((screen.getByLabelText(EGGS_30) as HTMLInputElement).value).toBe('');

    fireEvent.click(within(dialog()).getByText('丢弃'));
    expect(await within(rowOf(DUCK)).findByText('与上次 40 件相差很大，请核对后再提交')).toBeTruthy();
    expect((screen.getByLabelText(DUCK) as HTMLInputElement).value).toBe('400');
    expect([await onHandOf('HZ3004'), await onHandOf('HZ3001')]).toEqual([40, 95]);
  });
});

describe('代报: a message that says nothing changed', () => {
  test('与上次相同 sends the last count as a confirmation, and the count says so', async () => {
    await openApp(PAGES.reportFor, { as: 'DEMO-OP' });
    await screen.findByText('代报库存');
    pickSupplier('山里土鸡蛋合作社');
    await screen.findByLabelText(DUCK);

    fireEvent.click(within(rowOf(DUCK)).getByText('与上次相同'));
    expect((screen.getByLabelText(DUCK) as HTMLInputElement).value).toBe('40');
    fill(EGGS_30, '95');
    fireEvent.click(screen.getByText('提交代报'));

    expect(await within(rowOf(DUCK)).findByText('上次 40 件 · 刚刚 · 早报 · 与上次相同')).toBeTruthy();
    expect(within(rowOf(EGGS_30)).getByText('上次 95 件 · 刚刚 · 早报')).toBeTruthy();
    const sent = backend.calls.find((c) => c.action === 'submitReportFor')!.payload as { lines: unknown[] };
    expect(sent.lines).toEqual([{ skuId: 'HZ3001', onHand: 95 }, { skuId: 'HZ3004', onHand: 40, sameAsLast: true }]);
  });
});

describe('待确认报数', () => {
  test('lists each held report with supplier, who, when and the jumped lines; confirm applies, discard drops', async () => {
    const oranges = await backend.as<IntakeResult>('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2001', onHand: 600 }, { skuId: 'HZ2002', onHand: 38 }] });
    backend.clock.advance(10 * 60 * 1000);
    const eggs = await backend.as<IntakeResult>('DEMO-OP', 'operator', 'submitReportFor', { supplierId: 'S03', lines: [{ skuId: 'HZ3005', onHand: 5 }], note: '微信群 10:08 张姐' });
    // The oranges' second line was within the threshold and took effect; only the jump waits.
    expect([oranges.status, eggs.status]).toEqual(['applied', 'held']);
    expect(await onHandOf('HZ2002')).toBe(38);
    await openApp(PAGES.held, { as: 'DEMO-OP' });

    expect(await screen.findByText('待确认报数（2）')).toBeTruthy();
    const orchard = screen.getByText('赣南果园直供').closest('.hz-held-card') as HTMLElement;
    expect(within(orchard).getByText('果园老李 · 10:00 · 小程序报数')).toBeTruthy();
    expect(within(orchard).getByText('赣南脐橙 5斤装 果径75-80mm：120 → 600 件')).toBeTruthy();
    expect(within(orchard).getByText('同次报数的其他商品变化不大，已经生效')).toBeTruthy();
    const coop = screen.getByText('山里土鸡蛋合作社').closest('.hz-held-card') as HTMLElement;
    expect(within(coop).getByText('周晓（运营） · 10:10 · 运营代报 · 微信群 10:08 张姐')).toBeTruthy();
    expect(within(coop).getByText('鹌鹑蛋 50枚/盒：65 → 5 件')).toBeTruthy();

    fireEvent.click(within(orchard).getByText('确认无误'));
    expect(await screen.findByText('已确认 · 赣南果园直供')).toBeTruthy();
    expect(screen.getByText('1 个商品已按这次报数更新')).toBeTruthy();
    expect([await onHandOf('HZ2001'), await onHandOf('HZ2002')]).toEqual([600, 38]);

    fireEvent.click(within(screen.getByText('山里土鸡蛋合作社').closest('.hz-held-card') as HTMLElement).getByText('丢弃'));
    expect(await screen.findByText('已丢弃 · 山里土鸡蛋合作社')).toBeTruthy();
    expect(screen.getByText('没有待确认的报数')).toBeTruthy();
    expect(await onHandOf('HZ3005')).toBe(65);
    const all = await backend.as<HeldView[]>('DEMO-OP', 'operator', 'listHeld', {});
    expect(all.map((h) => [h.supplierName, h.status, h.resolvedBy]).sort()).toEqual([
      ['山里土鸡蛋合作社', 'discarded', '周晓（运营）'],
      ['赣南果园直供', 'confirmed', '周晓（运营）'],
    ]);
  });

  test('one card per supplier: its waiting lines each under its own time, the newest per SKU, what it replaced; one 确认无误 decides them all', async () => {
    // 砂糖橘 and 沃柑 jump at 10:00; 砂糖橘 jumps again at 10:10 (the older report still waits for 沃柑); eggs jump at 10:20.
    await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 850 }, { skuId: 'HZ2004', onHand: 900 }] });
    backend.clock.advance(10 * 60 * 1000);
    await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 870 }] });
    backend.clock.advance(10 * 60 * 1000);
    await backend.as('DEMO-OP', 'operator', 'submitReportFor', { supplierId: 'S03', lines: [{ skuId: 'HZ3005', onHand: 5 }] });
    await openApp(PAGES.held, { as: 'DEMO-OP' });

    expect(await screen.findByText('待确认报数（2）')).toBeTruthy();
    const cards = Array.from(document.querySelectorAll('.hz-held-card')) as HTMLElement[];
    expect(cards.map((c) => c.querySelector('.hz-held-card-title')?.textContent)).toEqual(['山里土鸡蛋合作社', '赣南果园直供']);
    const orchard = cards[1]!;
    expect(within(orchard).getByText('2 个商品与上次相差很大，确认无误后才会更新库存')).toBeTruthy();
    expect(within(orchard).getByText('果园老李 · 10:10 · 小程序报数')).toBeTruthy();
    expect(within(orchard).getByText('果园老李 · 10:00 · 小程序报数')).toBeTruthy();
    expect(within(orchard).getByText('广西砂糖橘 3斤装：85 → 870 件')).toBeTruthy();
    expect(within(orchard).queryByText('广西砂糖橘 3斤装：85 → 850 件')).toBeNull();
    expect(within(orchard).getByText('已替换 10:00 果园老李 的待确认报数（广西砂糖橘 3斤装 850 件）')).toBeTruthy();
    expect(within(orchard).getByText('四川沃柑 5斤装：60 → 900 件')).toBeTruthy();
    expect(within(orchard).getAllByText('确认无误')).toHaveLength(1);
    expect(within(orchard).getAllByText('丢弃')).toHaveLength(1);

    fireEvent.click(within(orchard).getByText('确认无误'));

    expect(await screen.findByText('已确认 · 赣南果园直供')).toBeTruthy();
    expect(screen.getByText('2 个商品已按这次报数更新')).toBeTruthy();
    expect([await onHandOf('HZ2003'), await onHandOf('HZ2004')]).toEqual([870, 900]);
    expect(document.querySelectorAll('.hz-held-card')).toHaveLength(1);
    // The server kept each report on its own, each decided in turn.
    const all = await backend.as<HeldView[]>('DEMO-OP', 'operator', 'listHeld', {});
    const orchards = all.filter((h) => h.supplierId === 'S02').sort((a, b) => a.reportedAt - b.reportedAt);
    expect(orchards.map((h) => [h.status, h.lines.length])).toEqual([['confirmed', 2], ['confirmed', 1]]);
  });

  test('a card whose 丢弃 stops part way says which lines still wait, on the card as on the supplier\'s page', async () => {
    await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 850 }] });
    backend.clock.advance(10 * 60 * 1000);
    await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2004', onHand: 900 }] });
    await openApp(PAGES.held, { as: 'DEMO-OP' });
    const card = (await screen.findByText('赣南果园直供')).closest('.hz-held-card') as HTMLElement;
    backend.dropNextRequest('operator', 'discardHeld', 1);

    fireEvent.click(within(card).getByText('丢弃'));

    expect(await screen.findByText('丢弃未成功')).toBeTruthy();
    expect(screen.getByText('网络不给力，请检查网络后重试；仍待确认：广西砂糖橘 3斤装')).toBeTruthy();
    const left = (await screen.findByText('赣南果园直供')).closest('.hz-held-card') as HTMLElement;
    expect(within(left).getByText('丢弃未成功：网络不给力，请检查网络后重试；仍待确认：广西砂糖橘 3斤装')).toBeTruthy();
    expect(within(left).getByText('广西砂糖橘 3斤装：85 → 850 件')).toBeTruthy();
    expect(within(left).queryByText('四川沃柑 5斤装：60 → 900 件')).toBeNull();
    const all = await backend.as<HeldView[]>('DEMO-OP', 'operator', 'listHeld', {});
    expect(all.map((h) => h.status).sort()).toEqual(['discarded', 'held']);
  });

  test('a report the supplier already replaced says so and leaves the list', async () => {
    await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2001', onHand: 600 }] });
    await openApp(PAGES.held, { as: 'DEMO-OP' });
    const card = (await screen.findByText('赣南果园直供')).closest('.hz-held-card') as HTMLElement;
    backend.clock.advance(60 * 1000);
    await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2001', onHand: 110 }] });

    fireEvent.click(within(card).getByText('确认无误'));

    expect(await screen.findByText('确认未成功')).toBeTruthy();
    expect(screen.getByText('之后已有新的报数，这次报数不再生效')).toBeTruthy();
    expect(await screen.findByText('没有待确认的报数')).toBeTruthy();
    expect(await onHandOf('HZ2001')).toBe(110);
  });
});

describe('SKU 历史', () => {
  test('charts on-hand and sellable over time and lists every count with who, when and how', async () => {
    backend.clock.advance(60 * 60 * 1000);
    await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2001', onHand: 100 }] });
    await backend.as('DEMO-L01', 'leader', 'placeOrder', { idempotencyKey: 'history-test-1', lines: [{ skuId: 'HZ2001', qty: 3 }] });
    backend.clock.advance(60 * 60 * 1000);
    await backend.as('DEMO-OP', 'operator', 'submitReportFor', { supplierId: 'S02', lines: [{ skuId: 'HZ2001', onHand: 90 }], note: '电话 12:00' });
    const server = await backend.as<SkuHistory>('DEMO-OP', 'operator', 'skuHistory', { skuId: 'HZ2001' });
    await openApp(PAGES.skuHistory, { as: 'DEMO-OP', params: { skuId: 'HZ2001' } });

    expect(await screen.findByText('赣南脐橙 5斤装 果径75-80mm')).toBeTruthy();
    expect(screen.getByText('HZ2001 · 赣南果园直供')).toBeTruthy();
    expect(screen.getByText(`${server.points.length} 次变动`)).toBeTruthy();
    const last = server.points[server.points.length - 1]!;
    expect(screen.getByText(`现货 ${last.onHand}`)).toBeTruthy();
    expect(screen.getByText(`可售 ${last.sellable}`)).toBeTruthy();
    // Taro's H5 Image wraps the <img> in a box that carries the label.
    const chart = screen.getByLabelText('赣南脐橙 现货与可售走势').querySelector('img') as HTMLImageElement;
    const src = chart.getAttribute('src') ?? '';
    expect(src.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const svg = Buffer.from(src.slice('data:image/svg+xml;base64,'.length), 'base64').toString('utf8');
    expect(svg.match(/<path /g)).toHaveLength(2);

    expect(screen.getByText(`报数记录（${server.events.length}）`)).toBeTruthy();
    const events = Array.from(document.querySelectorAll('.hz-event')).map((e) => e.textContent);
    expect(events[0]).toContain('12:00');
    expect(events[0]).toContain('报数生效');
    expect(events[0]).toContain('90 件');
    expect(events[0]).toContain('周晓（运营） · 运营代报');
    expect(events[1]).toContain('果园老李 · 小程序报数');
    expect(events[1]).toContain('100 件');
  });

  test('a supplier sees its own SKU’s history, and not another supplier’s', async () => {
    await openApp(PAGES.skuHistory, { as: 'DEMO-S02', params: { skuId: 'HZ1001' } });
    expect(await screen.findByText('历史加载失败')).toBeTruthy();
    expect(screen.getByText('商品 HZ1001 不存在')).toBeTruthy();
  });
});

/** The lead wires `operator.importStock`; until then this suite has nothing to drive. */
const hasImport = 'importStock' in FUNCTIONS.operator;
const describeImport = hasImport ? describe : describe.skip;

async function chooseFile(name: string, text: string): Promise<void> {
  const input = document.querySelector('input.hz-file-input') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([text], name, { type: 'text/csv' })] } });
  await screen.findByText(new RegExp(`^${name.replace('.', '\\.')} · `));
}

describeImport('导入库存表', () => {
  test('template, upload with progress, then applied: the counts a leader sees change', async () => {
    await openApp(PAGES.importStock, { as: 'DEMO-OP' });
    await screen.findByText('导入库存表');
    expect((screen.getByText('上传并导入').closest('.nut-button') as HTMLElement).className).toContain('disabled');
    pickSupplier('山里土鸡蛋合作社');

    fireEvent.click(screen.getByText('下载 CSV 模板'));
    await waitFor(() => expect(backend.downloads).toHaveLength(1));
    const template = Buffer.from(backend.downloads[0]!.base64, 'base64').toString('utf8');
    expect(backend.downloads[0]!.fileName).toBe('山里土鸡蛋合作社-库存报数模板.csv');
    // Fill the count column of the first three rows, drop the rest (not counted).
    const [header, ...rows] = template.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    const filled = [header, `${rows[0]}90`, `${rows[1]}33`, `${rows[2]}48`].join('\r\n');

    await chooseFile('鸡蛋库存.csv', filled);
    fill('来源说明', '张姐微信发来的表格');
    fireEvent.click(screen.getByText('上传并导入'));

    expect(await screen.findByText(/^导入成功 · /)).toBeTruthy();
    expect(screen.getByText(/^表格共 3 行，3 个商品已更新/)).toBeTruthy();
    expect(backend.uploads.map((u) => [u.name, u.progress])).toEqual([['鸡蛋库存.csv', [0.25, 0.5, 1]]]);
    expect([await onHandOf('HZ3001'), await onHandOf('HZ3002'), await onHandOf('HZ3003'), await onHandOf('HZ3004')]).toEqual([90, 33, 48, 40]);
    const [report] = await backend.deps.store.listReports('S03', 1);
    expect(report).toMatchObject({ source: 'spreadsheet', note: '张姐微信发来的表格' });
  });

  test('shows the progress, then 校验中…', async () => {
    await openApp(PAGES.importStock, { as: 'DEMO-OP' });
    await screen.findByText('导入库存表');
    pickSupplier('山里土鸡蛋合作社');
    await chooseFile('eggs.csv', '商品编码,库存\r\nHZ3001,95\r\n');

    fireEvent.click(screen.getByText('上传并导入'));
    expect(await screen.findByText(/^上传中… \d+%$/)).toBeTruthy();
    expect(await screen.findByText('校验中…')).toBeTruthy();
    expect(await screen.findByText(/^导入成功/)).toBeTruthy();
  });

  test('every bad line is listed with its line number and nothing is applied', async () => {
    await openApp(PAGES.importStock, { as: 'DEMO-OP' });
    await screen.findByText('导入库存表');
    pickSupplier('山里土鸡蛋合作社');
    await chooseFile('bad.csv', ['商品编码,库存', 'HZ3001,90', 'HZ3002,-1', 'HZ9999,5', 'HZ3003,十二', 'HZ2001,5'].join('\r\n'));

    fireEvent.click(screen.getByText('上传并导入'));

    expect(await screen.findByText('有 4 行有误，没有导入任何数据')).toBeTruthy();
    const lines = Array.from(document.querySelectorAll('.hz-bad-line')).map((n) => n.textContent ?? '');
    expect(lines).toHaveLength(4);
    expect(lines.map((l) => /^第(\d+)行/.exec(l)?.[1])).toEqual(['3', '4', '5', '6']);
    expect(await onHandOf('HZ3001')).toBe(100);
  });

  test('a file with both 实际库存数 and 可用数: the page says which column was read', async () => {
    await openApp(PAGES.importStock, { as: 'DEMO-OP' });
    await screen.findByText('导入库存表');
    pickSupplier('山里土鸡蛋合作社');
    await chooseFile('聚水潭库存.csv', '商品编码,名称,实际库存数,订单占有数,可用数\r\nHZ3001,土鸡蛋,95,10,85\r\n');
    fireEvent.click(screen.getByText('上传并导入'));

    expect(await screen.findByText(/^导入成功/)).toBeTruthy();
    expect(screen.getByText(/^库存数量读取的是 C列「实际库存数」.*没有读取 D列「订单占有数」、E列「可用数」$/)).toBeTruthy();
    expect(await onHandOf('HZ3001')).toBe(95);
  });

  test('an order export is refused as stock, saying so, and nothing changes', async () => {
    await openApp(PAGES.importStock, { as: 'DEMO-OP' });
    await screen.findByText('导入库存表');
    pickSupplier('山里土鸡蛋合作社');
    await chooseFile('orders.csv', '跟团号,下单人,支付时间,商品编码,数量,收货人,联系电话\r\n1,王姐,2026-11-25 20:01,HZ3001,2,王姐,138\r\n');
    fireEvent.click(screen.getByText('上传并导入'));

    expect(await screen.findByText(/^这是订单导出（有跟团号、下单人等列），不是库存表/)).toBeTruthy();
    expect(await onHandOf('HZ3001')).toBe(100);
  });

  test('a file where every line jumps is held whole; 放弃导入 keeps the old counts', async () => {
    await openApp(PAGES.importStock, { as: 'DEMO-OP' });
    await screen.findByText('导入库存表');
    pickSupplier('山里土鸡蛋合作社');
    await chooseFile('jump.csv', '商品编码,库存\r\nHZ3001,900\r\n');
    fireEvent.click(screen.getByText('上传并导入'));

    await screen.findByText('数量变化很大，请确认');
    expect(within(dialog()).getByText('散养土鸡蛋 30枚/箱：100 → 900 件')).toBeTruthy();
    expect(await onHandOf('HZ3001')).toBe(100);
    fireEvent.click(within(dialog()).getByText('放弃导入'));
    expect(await screen.findByText('已放弃这次导入')).toBeTruthy();
    expect(await onHandOf('HZ3001')).toBe(100);
  });

  test('a jump in the file waits alone: the other lines take effect, 确认无误 or 放弃导入 settles the jump', async () => {
    await openApp(PAGES.importStock, { as: 'DEMO-OP' });
    await screen.findByText('导入库存表');
    pickSupplier('山里土鸡蛋合作社');
    await chooseFile('jump.csv', '商品编码,库存\r\nHZ3001,900\r\nHZ3002,30\r\n');
    fireEvent.click(screen.getByText('上传并导入'));

    await waitFor(() => expect(within(dialog()).getByText('散养土鸡蛋 30枚/箱：100 → 900 件')).toBeTruthy());
    expect(screen.getByText(/^导入成功/)).toBeTruthy();
    expect(screen.getByText('另有 1 个商品变化很大，等待确认，确认无误后才会生效')).toBeTruthy();
    expect([await onHandOf('HZ3001'), await onHandOf('HZ3002')]).toEqual([100, 30]);
    fireEvent.click(within(dialog()).getByText('放弃导入'));
    expect(await screen.findByText('另有 1 个变化很大的商品已放弃，保持上次的数字')).toBeTruthy();
    expect([await onHandOf('HZ3001'), await onHandOf('HZ3002')]).toEqual([100, 30]);

    await chooseFile('jump.csv', '商品编码,库存\r\nHZ3001,900\r\nHZ3002,30\r\n');
    fireEvent.click(screen.getByText('上传并导入'));
    await waitFor(() => expect(within(dialog()).getByText('散养土鸡蛋 30枚/箱：100 → 900 件')).toBeTruthy());
    fireEvent.click(within(dialog()).getByText('确认无误'));
    expect(await screen.findByText('另有 1 个变化很大的商品已确认生效')).toBeTruthy();
    expect([await onHandOf('HZ3001'), await onHandOf('HZ3002')]).toEqual([900, 30]);
  });

});
