// What a leader reads after placing and after a shortage (issue 12 items 10 and 11): short
// order numbers per leader and day, and what became of a short line in 我的订单.
import type { LeaderDayView, LeaderLineView, PlaceOrderResult, TaskView } from '../../cloudfunctions/src/contract/api';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m); // Shanghai time
const catalogue = [
  sku('A001', 'sup-fruit', { name: '赣南脐橙', spec: '5斤装', price: 2990 }),
  sku('A002', 'sup-fruit', { name: '沃柑', spec: '5斤装', price: 2990 }),
  sku('A004', 'sup-fruit', { name: '丹东草莓', spec: '2斤', price: 5990 }),
];

let s: TestServer;
let fruit: string;
let l1: string;
let l2: string;

beforeEach(async () => {
  s = await startTestServer();
  s.clock.set(at(26, 8));
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(catalogue);
  await s.store.upsertUsers(users);
  [fruit, l1, l2] = (await Promise.all(['SUP-FRUIT', 'LEAD-0001', 'LEAD-0002'].map((c) => s.signIn(c)))) as [string, string, string];
  await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 50 }, { skuId: 'A002', onHand: 50 }, { skuId: 'A004', onHand: 50 }] }, fruit);
});
afterEach(() => s.close());

let keySeq = 0;
const place = async (token: string, lines: Array<[string, number, string?]>, key = `leader-day-${++keySeq}`): Promise<PlaceOrderResult> => {
  const res = await s.call<PlaceOrderResult>('leader', 'placeOrder', {
    idempotencyKey: key, lines: lines.map(([skuId, qty, customer]) => ({ skuId, qty, ...(customer ? { customer } : {}) })),
  }, token);
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
};
const myLines = async (token: string): Promise<LeaderLineView[]> => {
  const res = await s.call<LeaderDayView[]>('leader', 'myOrders', {}, token);
  if (!res.ok) throw new Error(res.error.message);
  return res.data.flatMap((d) => d.lines);
};

describe('order numbers', () => {
  it('numbers each leader\'s orders of a day from 0001, answers a retry with the same number, and starts again the next day', async () => {
    expect((await place(l1, [['A001', 1]], 'same-key-0001')).orderNo).toBe('1126-0001');
    expect((await place(l1, [['A002', 1]])).orderNo).toBe('1126-0002');
    expect((await place(l2, [['A001', 1]])).orderNo).toBe('1126-0001');
    const replay = await place(l1, [['A001', 1]], 'same-key-0001');
    expect([replay.replayed, replay.orderNo]).toEqual([true, '1126-0001']);
    // The internal id stays as it was: derived from the leader and the phone's key.
    expect(replay.orderId).toBe('ord_u-leader-1_same-key-0001');
    s.clock.set(at(27, 9));
    expect((await place(l1, [['A001', 1]])).orderNo).toBe('1127-0001');
  });

  it('gives concurrent orders of one leader different numbers', async () => {
    const placed = await Promise.all(Array.from({ length: 8 }, () => place(l1, [['A001', 1]])));
    expect(placed.map((p) => p.orderNo).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `1126-000${i + 1}`));
  });

  it('shows the number on every line in 我的订单', async () => {
    await place(l1, [['A001', 1, '1号 张三'], ['A002', 2, '2号 李四']]);
    await place(l1, [['A004', 1]]);
    expect((await myLines(l1)).map((l) => [l.skuId, l.orderNo])).toEqual([['A001', '1126-0001'], ['A002', '1126-0001'], ['A004', '1126-0002']]);
  });
});

describe('a short line in 我的订单', () => {
  let task: TaskView;
  beforeEach(async () => {
    await place(l1, [['A001', 4, '3号 王阿姨']]);
    s.clock.set(at(26, 22));
    await closeDueWaves(s.deps);
    await s.call('supplier', 'confirmWave', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 1 }] }, fruit);
    [task] = (await s.call<TaskView[]>('leader', 'tasks', {}, l1) as { data: TaskView[] }).data as [TaskView];
  });
  const orangeLine = async () => (await myLines(l1)).find((l) => l.skuId === 'A001')!;

  it('is open until the leader settles it', async () => {
    expect((await orangeLine()).remedy).toEqual({ status: 'open' });
  });

  it('after a refund names the amount for the short units and the coupon', async () => {
    const res = await s.call<TaskView>('leader', 'chooseRefund', { taskId: task.id }, l1);
    expect(res.ok && res.data.refundAmount).toBe(3 * 2990);
    expect((await orangeLine()).remedy).toEqual({ status: 'resolved', outcome: 'refund', refundAmount: 3 * 2990, couponValue: 500 });
  });

  it('after a dearer substitute names it, the difference the customer does not pay, and the later wave it ships with', async () => {
    s.clock.set(at(27, 8));
    const res = await s.call<TaskView>('leader', 'chooseSubstitute', { taskId: task.id, skuId: 'A004' }, l1);
    expect(res.ok && [res.data.substituteName, res.data.priceDifference, res.data.substituteDayLabel]).toEqual(['丹东草莓 2斤', 3 * 3000, '11月27日']);
    expect((await orangeLine()).remedy).toEqual({
      status: 'resolved', outcome: 'substitute', substituteName: '丹东草莓 2斤', priceDifference: 3 * 3000, substituteDayLabel: '11月27日',
    });
    // The substitute is an order of its own, with its own number, on the day its wave closes.
    const sub = (await myLines(l1)).find((l) => l.skuId === 'A004')!;
    expect([sub.qty, sub.customer, sub.orderNo]).toEqual([3, '3号 王阿姨', '1127-0001']);
  });
});
