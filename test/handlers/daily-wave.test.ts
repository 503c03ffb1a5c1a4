// The day of DESIGN §1 over HTTP, with the clock driven by the test: orders, changes
// before cutoff, cutoff into waves, the supplier's confirmation with a shortage, the
// deadline, and the leader putting the short lines right.
import ExcelJS from 'exceljs';
import type {
  AvailabilityItem, FileDownload, LeaderDayView, PlaceOrderResult, TaskView, WaveSummary, WaveView,
} from '../../cloudfunctions/src/contract/api';
import { closeDueWaves, escalateOverdueWaves } from '../../cloudfunctions/src/jobs/waves';
import type { StockStore } from '../../cloudfunctions/src/storage/port';
import type { Wave } from '../../cloudfunctions/src/domain/model';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m); // Shanghai time
const catalogue = [
  sku('A001', 'sup-fruit', { name: '赣南脐橙', spec: '5斤装', price: 2990 }),
  sku('A002', 'sup-fruit', { name: '沃柑', spec: '5斤装', price: 2990 }),
  sku('A003', 'sup-fruit', { name: '砂糖橘', spec: '3斤装', price: 1590 }),
  sku('A004', 'sup-fruit', { name: '丹东草莓', spec: '2斤', price: 5990 }),
  sku('B001', 'sup-eggs', { name: '土鸡蛋', spec: '30枚', category: '蛋类', price: 3690 }),
];

let s: TestServer;
let fruit: string;
let eggs: string;
let op: string;
let l1: string;
let l2: string;

beforeEach(async () => {
  s = await startTestServer();
  s.clock.set(at(26, 8));
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(catalogue);
  await s.store.upsertUsers(users);
  [fruit, eggs, op, l1, l2] = (await Promise.all(['SUP-FRUIT', 'SUP-EGGS', 'OP-0001', 'LEAD-0001', 'LEAD-0002'].map((c) => s.signIn(c)))) as [string, string, string, string, string];
  await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 50 }, { skuId: 'A002', onHand: 50 }, { skuId: 'A003', onHand: 50 }, { skuId: 'A004', onHand: 50 }] }, fruit);
  await s.call('supplier', 'submitReport', { lines: [{ skuId: 'B001', onHand: 50 }] }, eggs);
});
afterEach(() => s.close());

let keySeq = 0;
const order = (token: string, lines: Array<[string, number, string?]>) => s.call<PlaceOrderResult>('leader', 'placeOrder', {
  idempotencyKey: `day-order-${++keySeq}`, lines: lines.map(([skuId, qty, customer]) => ({ skuId, qty, ...(customer ? { customer } : {}) })),
}, token);
const sellable = async (skuId: string) => (await s.store.listInventory([skuId]))[0]!.sellable;
const placed = (res: Awaited<ReturnType<typeof order>>) => {
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
};

describe('before cutoff', () => {
  it('lets a leader change or cancel a line, releasing its stock at once', async () => {
    const o = placed(await order(l1, [['A001', 5, '1号 张三'], ['A002', 2]]));
    expect(await sellable('A001')).toBe(35);
    const smaller = await s.call('leader', 'changeLine', { lineId: o.lines[0]!.lineId, qty: 2 }, l1);
    expect(smaller.ok).toBe(true);
    expect(await sellable('A001')).toBe(38);
    const bigger = await s.call('leader', 'changeLine', { lineId: o.lines[0]!.lineId, qty: 50 }, l1);
    expect(bigger.ok || bigger.error.code).toBe('INSUFFICIENT_STOCK');
    expect((await s.call('leader', 'cancelLine', { lineId: o.lines[1]!.lineId }, l1)).ok).toBe(true);
    expect(await sellable('A002')).toBe(40);
    const mine = await s.call<LeaderDayView[]>('leader', 'myOrders', {}, l1);
    expect(mine.ok && mine.data[0]!.lines.map((l) => [l.skuId, l.qty, l.statusName, l.changeable])).toEqual([['A001', 2, '已下单', true], ['A002', 2, '已取消', false]]);
  });

  it('keeps one leader\'s lines out of another\'s reach', async () => {
    const o = placed(await order(l1, [['A001', 5]]));
    const res = await s.call('leader', 'cancelLine', { lineId: o.lines[0]!.lineId }, l2);
    expect(res.ok || res.error.code).toBe('NOT_FOUND');
  });

  it('rations a scarce hot SKU so one group cannot drain it', async () => {
    await s.store.upsertSkus([{ ...catalogue[3]!, tierOverride: 'hot' }]);
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A004', onHand: 25 }] }, fruit); // 20 sellable, below 30
    const greedy = await order(l1, [['A004', 7]]);
    expect(greedy.ok || [greedy.error.code, greedy.error.message]).toEqual(['QUOTA_EXCEEDED', '订单未提交：丹东草莓 库存紧张限购，您今天最多还可订 6 件']);
    expect((await order(l1, [['A004', 6]])).ok).toBe(true);
    expect((await order(l1, [['A004', 1]])).ok).toBe(false);
    expect((await order(l2, [['A004', 5]])).ok).toBe(true);
  });
});

describe('cutoff', () => {
  it('closes the day into one wave per supplier and puts later orders into the next day\'s wave, telling the leader', async () => {
    placed(await order(l1, [['A001', 5], ['B001', 2]]));
    placed(await order(l2, [['A001', 3]]));
    s.clock.set(at(26, 22, 0));
    const late = placed(await order(l2, [['A002', 1]]));
    expect(late.notice).toBe('已过截单时间，订单将进入 11月27日 的波次');
    expect(late.lines[0]!.day).toBe('2026-11-27');
    const run = await closeDueWaves(s.deps);
    expect(run.waves.sort()).toEqual(['sup-eggs_2026-11-26', 'sup-fruit_2026-11-26']);
    const changeAfter = await s.call('leader', 'cancelLine', { lineId: (await s.store.listOrderLines({ waveId: 'sup-fruit_2026-11-26' }))[0]!.id }, l1);
    expect(changeAfter.ok || changeAfter.error.code).toBe('WRONG_STATE');
    const waves = await s.call<WaveSummary[]>('supplier', 'waves', {}, fruit);
    expect(waves.ok && waves.data.map((w) => [w.id, w.statusName, w.units])).toEqual([['sup-fruit_2026-11-26', '待确认', 8]]);
  });

  it('a line that lands in a wave after it closed is forwarded before the supplier\'s answer, and confirmed with it', async () => {
    placed(await order(l1, [['A001', 5]]));
    s.clock.set(at(26, 22, 5));
    await closeDueWaves(s.deps);
    // A placement that began before the cutoff and landed late (on WeChat's cloud it can, within settleMs).
    const late = { ...placed(await order(l2, [['A002', 1]])) };
    const [line] = await s.store.getOrderLines([late.lines[0]!.lineId]);
    await s.store.reserve({ id: 'ord_late', leaderId: 'u-leader-2', idempotencyKey: 'late-one', requestHash: 'x', status: 'placed', placedAt: at(26, 21, 59), short: [], lines: [{ ...line!, id: 'ord_late_1', orderId: 'ord_late', day: '2026-11-26', waveId: 'sup-fruit_2026-11-26', cutoffAt: at(26, 22), placedAt: at(26, 21, 59) }] }, new Map([['A002', 1]]), []);
    const confirmed = await s.call<WaveView>('supplier', 'confirmWave', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 5 }, { skuId: 'A002', shipQty: 1 }] }, fruit);
    expect(confirmed.ok && confirmed.data.rows.map((r) => [r.skuId, r.total])).toEqual([['A001', 5], ['A002', 1]]);
    expect((await s.store.getOrderLines(['ord_late_1']))[0]!.status).toBe('confirmed');
  });

  it('produces the same waves when run twice, or rerun after crashing half-way', async () => {
    placed(await order(l1, [['A001', 5], ['B001', 2]]));
    s.clock.set(at(26, 22, 1));
    // The first run dies after closing one wave (its transaction committed, the rest never ran).
    const crashing: StockStore = Object.create(s.store, {
      closeWaves: { value: async (waves: Wave[]) => { await s.store.closeWaves(waves.slice(0, 1)); throw new Error('function timed out'); } },
    });
    await expect(closeDueWaves({ ...s.deps, store: crashing })).rejects.toThrow('function timed out');
    await closeDueWaves(s.deps);
    const again = await closeDueWaves(s.deps);
    expect(again).toEqual({ waves: [], forwarded: 0, settled: { placed: 0, abandoned: 0 } });
    expect((await s.store.listWaves({})).map((w) => [w.id, w.status]).sort()).toEqual([['sup-eggs_2026-11-26', 'closed'], ['sup-fruit_2026-11-26', 'closed']]);
    expect((await s.store.listOrderLines({ status: ['placed'], cutoffBefore: at(27, 0) }))).toEqual([]);
  });

  it('honours a supplier\'s earlier cutoff', async () => {
    await s.call('operator', 'saveSupplier', { supplier: { ...suppliers[0]!, cutoffTime: '20:00' }, create: false }, op);
    s.clock.set(at(26, 20, 30));
    const o = placed(await order(l1, [['A001', 1], ['B001', 1]]));
    expect(o.lines.map((l) => l.day)).toEqual(['2026-11-27', '2026-11-26']);
  });

  it('tells the leader, per SKU, when what is ordered now closes into a wave', async () => {
    await s.call('operator', 'saveSupplier', { supplier: { ...suppliers[0]!, cutoffTime: '20:00' }, create: false }, op);
    const cutoffs = async () => {
      const res = await s.call<AvailabilityItem[]>('leader', 'availability', {}, l1);
      if (!res.ok) throw new Error(res.error.message);
      return Object.fromEntries(res.data.filter((i) => ['A001', 'B001'].includes(i.skuId)).map((i) => [i.skuId, i.cutoffAt]));
    };
    s.clock.set(at(26, 19, 30));
    expect(await cutoffs()).toEqual({ A001: at(26, 20), B001: at(26, 22) });
    s.clock.set(at(26, 20, 30)); // the orchard has closed: its SKUs now count toward tomorrow's 20:00
    expect(await cutoffs()).toEqual({ A001: at(27, 20), B001: at(26, 22) });
  });
});

describe('the supplier\'s wave', () => {
  beforeEach(async () => {
    placed(await order(l1, [['A001', 4, '1号 张三']]));
    s.clock.set(at(26, 12));
    placed(await order(l2, [['A001', 3, '7号 李四'], ['A002', 2]]));
    s.clock.set(at(26, 21));
    placed(await order(l1, [['A001', 2, '9号 王五']]));
    s.clock.set(at(26, 22));
    await closeDueWaves(s.deps);
  });

  it('shows a pick list with totals and the breakdown per leader, and exports it as XLSX', async () => {
    const view = await s.call<WaveView>('supplier', 'wave', { waveId: 'sup-fruit_2026-11-26' }, fruit);
    expect(view.ok && view.data.rows.map((r) => [r.skuId, r.total, r.byLeader.map((b) => `${b.community}:${b.ordered}`)])).toEqual([
      ['A001', 9, ['阳光小区:6', '翠苑一区:3']], ['A002', 2, ['翠苑一区:2']],
    ]);
    expect(view.ok && view.data.shortageRule).toBe('缺货时从最晚下单的订单行开始扣减');
    const file = await s.call<FileDownload>('supplier', 'exportWave', { waveId: 'sup-fruit_2026-11-26' }, fruit);
    if (!file.ok) throw new Error(file.error.message);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.data.base64, 'base64') as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(['拣货汇总', '按团长分拣', '阳光小区团长 阳光小区', '翠苑团长 翠苑一区']);
    expect((book.getWorksheet('拣货汇总')!.getRow(3).values as unknown[]).slice(1, 8)).toEqual(['A001', '', '赣南脐橙', '5斤装', 9, 0, 9]);
    const other = await s.call('supplier', 'wave', { waveId: 'sup-fruit_2026-11-26' }, eggs);
    expect(other.ok || other.error.code).toBe('NOT_FOUND');
  });

  it('cuts a shortage from the latest-placed lines, frees nothing for sale, and gives each short line to its leader', async () => {
    const before = (await s.store.listInventory(['A001']))[0]!;
    const res = await s.call<WaveView>('supplier', 'confirmWave', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 5 }, { skuId: 'A002', shipQty: 2 }] }, fruit);
    expect(res.ok && res.data.statusName).toBe('已确认');
    const lines = await s.store.listOrderLines({ waveId: 'sup-fruit_2026-11-26', skuIds: ['A001'] });
    expect(lines.map((l) => [l.customer, l.qty, l.shortQty])).toEqual([['1号 张三', 4, 0], ['7号 李四', 3, 2], ['9号 王五', 2, 2]]);
    const after = (await s.store.listInventory(['A001']))[0]!;
    expect([after.onHand, after.committed, after.sellable]).toEqual([before.onHand - 4, before.committed - 4, before.sellable]);
    const t1 = await s.call<TaskView[]>('leader', 'tasks', {}, l1);
    const t2 = await s.call<TaskView[]>('leader', 'tasks', {}, l2);
    expect(t1.ok && t1.data.map((t) => [t.customer, t.name, t.shortQty])).toEqual([['9号 王五', '赣南脐橙', 2]]);
    expect(t2.ok && t2.data.map((t) => [t.customer, t.shortQty])).toEqual([['7号 李四', 2]]);
    // A second tap changes nothing.
    const again = await s.call('supplier', 'confirmWave', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 1 }, { skuId: 'A002', shipQty: 2 }] }, fruit);
    expect(again.ok).toBe(true);
    expect((await s.store.listTasks({})).length).toBe(2);
  });

  it('after a shortage, the pick list and its export say per leader what was ordered, cut and is to pack, line by line', async () => {
    const me = (await s.store.getUser('u-leader-1'))!;
    const saved = await s.call('operator', 'savePerson', {
      person: { id: me.id, name: me.name, role: 'leader', community: me.community, pickupPoint: '3号楼便利店', phone: '138 0013 8000', address: '文三路 88 号' },
    }, op);
    expect(saved.ok).toBe(true);
    const a001 = (await s.store.getSkus(['A001']))[0]!;
    await s.store.upsertSkus([{ ...a001, supplierCode: 'GN-5J-01' }]);
    // 9 oranges ordered, 5 to ship: 王五 (latest, 2) and 李四 (then, 2 of 3) are cut.
    await s.call('supplier', 'confirmWave', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 5 }, { skuId: 'A002', shipQty: 2 }] }, fruit);
    const view = await s.call<WaveView>('supplier', 'wave', { waveId: 'sup-fruit_2026-11-26' }, fruit);
    if (!view.ok) throw new Error(view.error.message);
    const oranges = view.data.rows.find((r) => r.skuId === 'A001')!;
    expect([oranges.ordered, oranges.cut, oranges.toPack, oranges.supplierCode]).toEqual([9, 4, 5, 'GN-5J-01']);
    expect(oranges.byLeader.map((b) => [b.community, b.ordered, b.cut, b.toPack])).toEqual([['阳光小区', 6, 2, 4], ['翠苑一区', 3, 2, 1]]);
    const sunshine = view.data.leaders.find((l) => l.community === '阳光小区')!;
    expect([sunshine.pickupPoint, sunshine.phone, sunshine.address]).toEqual(['3号楼便利店', '138 0013 8000', '文三路 88 号']);
    expect(sunshine.lines.map((l) => [l.customer, l.ordered, l.cut, l.toPack])).toEqual([['1号 张三', 4, 0, 4], ['9号 王五', 2, 2, 0]]);

    const file = await s.call<FileDownload>('supplier', 'exportWave', { waveId: 'sup-fruit_2026-11-26' }, fruit);
    if (!file.ok) throw new Error(file.error.message);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.data.base64, 'base64') as never);
    const values = (sheet: string, row: number) => (book.getWorksheet(sheet)!.getRow(row).values as unknown[]).slice(1);
    // The breakdown per leader: 阳光小区 packs 4 oranges, not the 6 ordered.
    expect(values('按团长分拣', 2)).toEqual(['阳光小区团长', '阳光小区', '3号楼便利店', 'A001', 'GN-5J-01', a001.name, a001.spec, 6, 2, 4]);
    expect(values('拣货汇总', 5)).toEqual(['合计', '', '', '', 11, 4, 7]);
    const sheet = book.getWorksheet('阳光小区团长 阳光小区')!;
    expect(values(sheet.name, 2)).toEqual(['自提点', '3号楼便利店']);
    expect(values(sheet.name, 3)).toEqual(['电话', '138 0013 8000']);
    expect(values(sheet.name, 4)).toEqual(['地址', '文三路 88 号']);
    expect(values(sheet.name, 7)).toEqual(['接龙号/顾客', '订单号', '商品名称', '规格', '供应商编码', '商品编码', '订购', '缺货', '应发']);
    expect(values(sheet.name, 9).slice(0, 1).concat(values(sheet.name, 9).slice(4))).toEqual(['9号 王五', 'GN-5J-01', 'A001', 2, 2, 0]);
    expect(values(sheet.name, 10)).toEqual(['合计', '', '', '', '', '', 6, 2, 4]);
    // Printable on A4, one page wide.
    expect([sheet.pageSetup.paperSize, sheet.pageSetup.orientation, sheet.pageSetup.fitToWidth]).toEqual([9, 'portrait', 1]);
  });

  it('refuses a confirmation that misses a SKU, names one not in the wave, or ships more than ordered', async () => {
    const res = await s.call('supplier', 'confirmWave', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 10 }, { skuId: 'B001', shipQty: 1 }] }, fruit);
    expect(res.ok || res.error.issues?.map((i) => i.path)).toEqual(['sku:A002', 'sku:B001', 'sku:A001']);
    expect((await s.store.getWave('sup-fruit_2026-11-26'))!.status).toBe('closed');
  });

  it('escalates a wave unconfirmed at the deadline; the operator confirms it on the supplier\'s behalf', async () => {
    s.clock.set(at(26, 22, 55));
    expect(await escalateOverdueWaves(s.deps)).toEqual([]);
    s.clock.set(at(26, 23, 0));
    expect(await escalateOverdueWaves(s.deps)).toEqual(['sup-fruit_2026-11-26']);
    expect(await escalateOverdueWaves(s.deps)).toEqual([]);
    const list = await s.call<WaveSummary[]>('operator', 'waves', { status: 'closed' }, op);
    expect(list.ok && list.data.map((w) => [w.id, w.escalated])).toEqual([['sup-fruit_2026-11-26', true]]);
    const res = await s.call<WaveView>('operator', 'confirmWaveFor', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 9 }, { skuId: 'A002', shipQty: 2 }] }, op);
    expect(res.ok && [res.data.statusName, res.data.confirmedOnBehalf]).toEqual(['已确认', true]);
    expect(await s.store.getWave('sup-fruit_2026-11-26')).toMatchObject({ confirmedBy: 'u-op', confirmedOnBehalf: true });
  });

  it('marks a confirmed wave shipped', async () => {
    const early = await s.call('supplier', 'shipWave', { waveId: 'sup-fruit_2026-11-26' }, fruit);
    expect(early.ok || early.error.code).toBe('WRONG_STATE');
    await s.call('supplier', 'confirmWave', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 9 }, { skuId: 'A002', shipQty: 0 }] }, fruit);
    const res = await s.call<WaveView>('supplier', 'shipWave', { waveId: 'sup-fruit_2026-11-26' }, fruit);
    expect(res.ok && res.data.statusName).toBe('已发货');
    const lines = await s.store.listOrderLines({ waveId: 'sup-fruit_2026-11-26' });
    expect(lines.map((l) => [l.skuId, l.status])).toEqual([['A001', 'shipped'], ['A001', 'shipped'], ['A002', 'short'], ['A001', 'shipped']]);
  });
});

describe('remediation', () => {
  beforeEach(async () => {
    placed(await order(l1, [['A001', 4, '3号 王阿姨']]));
    s.clock.set(at(26, 22));
    await closeDueWaves(s.deps);
    await s.call('supplier', 'confirmWave', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 1 }] }, fruit);
  });

  it('offers substitutes of the same category, in stock, priced equal or higher, closest first, with the refund coupon', async () => {
    const tasks = await s.call<TaskView[]>('leader', 'tasks', { status: 'open' }, l1);
    expect(tasks.ok && tasks.data[0]).toMatchObject({ shortQty: 3, customer: '3号 王阿姨', couponOffer: DEFAULT_SETTINGS.couponValue });
    expect(tasks.ok && tasks.data[0]!.substitutes.map((x) => x.skuId)).toEqual(['A002', 'A004']);
  });

  it('reserves the chosen substitute like any order, once, and closes the task', async () => {
    const [task] = (await s.call<TaskView[]>('leader', 'tasks', {}, l1) as { data: TaskView[] }).data;
    const before = await sellable('A002');
    const chosen = await s.call<TaskView>('leader', 'chooseSubstitute', { taskId: task!.id, skuId: 'A002' }, l1);
    expect(chosen.ok && [chosen.data.status, chosen.data.outcome, chosen.data.substituteSkuId]).toEqual(['resolved', 'substitute', 'A002']);
    expect(await sellable('A002')).toBe(before - 3);
    const again = await s.call('leader', 'chooseSubstitute', { taskId: task!.id, skuId: 'A002' }, l1);
    expect(again.ok || again.error.code).toBe('WRONG_STATE');
    expect(await sellable('A002')).toBe(before - 3);
    const subLines = await s.store.listOrderLines({ leaderId: 'u-leader-1', skuIds: ['A002'] });
    expect(subLines.map((l) => [l.qty, l.customer, l.day])).toEqual([[3, '3号 王阿姨', '2026-11-27']]);
  });

  it('records contact, then a refund with the coupon; the operator sees how long tasks stay open', async () => {
    const [task] = (await s.call<TaskView[]>('leader', 'tasks', {}, l1) as { data: TaskView[] }).data;
    s.clock.set(at(27, 7, 30));
    const ops = await s.call<TaskView[]>('operator', 'tasks', { status: 'open' }, op);
    expect(ops.ok && ops.data.map((t) => [t.leaderName, t.openForMs])).toEqual([['阳光小区团长', 9.5 * 3_600_000]]);
    const contacted = await s.call<TaskView>('leader', 'recordContact', { taskId: task!.id, note: '已电话联系，顾客同意退款' }, l1);
    expect(contacted.ok && [contacted.data.status, contacted.data.contactNote]).toEqual(['open', '已电话联系，顾客同意退款']);
    const refunded = await s.call<TaskView>('leader', 'chooseRefund', { taskId: task!.id }, l1);
    expect(refunded.ok && [refunded.data.outcome, refunded.data.couponValue, refunded.data.status]).toEqual(['refund', 500, 'resolved']);
    const open = await s.call<TaskView[]>('operator', 'tasks', { status: 'open' }, op);
    expect(open.ok && open.data).toEqual([]);
  });

  it('refuses a substitute that does not qualify', async () => {
    const [task] = (await s.call<TaskView[]>('leader', 'tasks', {}, l1) as { data: TaskView[] }).data;
    const res = await s.call('leader', 'chooseSubstitute', { taskId: task!.id, skuId: 'A003' }, l1); // cheaper
    expect(res.ok || res.error.issues?.[0]?.path).toBe('skuId');
  });
});

describe('pasting a 群接龙 list', () => {
  it('turns matched lines into cart lines with customer labels and keeps unmatched ones for correction', async () => {
    const text = '#接龙\n11月26日 阳光小区 截单22:00\n1. 张三 脐橙5斤×2 鸡蛋 1份\n2、李四🍊 沃柑 x1\n3. 王五 榴莲 2份\n';
    const res = await s.call<import('../../cloudfunctions/src/contract/api').JielongView>('leader', 'parseJielong', { text }, l1);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data.lines).toEqual([
      { skuId: 'A001', qty: 2, customer: '1号 张三' },
      { skuId: 'B001', qty: 1, customer: '1号 张三' },
      { skuId: 'A002', qty: 1, customer: '2号 李四' },
    ]);
    expect(res.data.unmatched).toBe(1);
    const wang = res.data.parse.customers.find((c) => c.nickname === '王五')!;
    expect(wang.items).toMatchObject([{ kind: 'unmatched', text: expect.stringContaining('榴莲'), qty: 2 }]);
    expect(res.data.parse.ignored.map((i) => i.lineNo)).toEqual([1, 2]);
  });

  it('reads the menu in the post header, names its SKUs (ordered or not), and orders the lines written by its letters', async () => {
    const text = '#接龙\nA：脐橙5斤 B：沃柑 C：鸡蛋\n1. 张三 B2\n2. 李四 A';
    const res = await s.call<import('../../cloudfunctions/src/contract/api').JielongView>('leader', 'parseJielong', { text }, l1);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data.lines).toEqual([{ skuId: 'A002', qty: 2, customer: '1号 张三' }, { skuId: 'A001', qty: 1, customer: '2号 李四' }]);
    expect(res.data.parse.menu?.map((m) => [m.key, m.skuId])).toEqual([['A', 'A001'], ['B', 'A002'], ['C', 'B001']]);
    expect(Object.keys(res.data.names).sort()).toEqual(['A001', 'A002', 'B001']);
  });

  it('reads a weight as the quantity of a SKU the operator sells by the 斤, and never rounds a half', async () => {
    const apples = sku('A009', 'sup-fruit', { name: '散称富士苹果', spec: '按斤称', saleUnit: '斤', saleStep: 0.5 });
    const saved = await s.call('operator', 'saveSku', { sku: apples, create: true }, op);
    expect(saved.ok).toBe(true);
    const bad = await s.call('operator', 'saveSku', { sku: { ...apples, saleUnit: '吨' }, create: false }, op);
    expect(bad.ok || bad.error.message).toContain('售卖单位');
    const res = await s.call<import('../../cloudfunctions/src/contract/api').JielongView>('leader', 'parseJielong', { text: '1. 张三 苹果3斤\n2. 李四 苹果一斤半' }, l1);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data.lines).toEqual([{ skuId: 'A009', qty: 3, customer: '1号 张三' }]);
    expect(res.data.parse.customers[1]?.items).toEqual([
      { kind: 'unmatched', text: '苹果一斤半', qty: 1.5, reason: '按斤售卖的商品暂不支持小数数量', candidates: ['A009'] },
    ]);
  });
});
