import type { AvailabilityItem, PlaceOrderResult, ShortageDetails } from '../../cloudfunctions/src/contract/api';
import { sku, skus, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let leader: string;
let leader2: string;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus([...skus, sku('A003', 'sup-fruit', { name: '下架的梨', listed: false })]);
  await s.store.upsertUsers(users);
  const fruit = await s.signIn('SUP-FRUIT');
  const eggs = await s.signIn('SUP-EGGS');
  // A001: 50 on hand → 40 sellable; A002: 5 → 4; B001 (rules supplier 30% / fixed 2): 20 → 14.
  await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 50 }, { skuId: 'A002', onHand: 5 }] }, fruit);
  await s.call('supplier', 'submitReport', { lines: [{ skuId: 'B001', onHand: 20 }] }, eggs);
  leader = await s.signIn('LEAD-0001');
  leader2 = await s.signIn('LEAD-0002');
});
afterEach(() => s.close());

const sellable = async (): Promise<Record<string, number>> => {
  const res = await s.call<AvailabilityItem[]>('leader', 'availability', {}, leader);
  if (!res.ok) throw new Error(res.error.message);
  return Object.fromEntries(res.data.map((i) => [i.skuId, i.sellable]));
};

const place = (payload: unknown, token = leader) => s.call<PlaceOrderResult>('leader', 'placeOrder', payload, token);

describe('leader.placeOrder over HTTP', () => {
  it('reserves several SKUs at once and sellable drops immediately', async () => {
    expect(await sellable()).toEqual({ A001: 40, A002: 4, B001: 14 });
    const res = await place({ idempotencyKey: 'cart-20261126-a', lines: [{ skuId: 'A001', qty: 3, customer: '1号 张三' }, { skuId: 'B001', qty: 2 }, { skuId: 'A001', qty: 1, customer: '2号 李四' }] });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.replayed).toBe(false);
    expect(res.data.lines.map(({ lineId: _, ...l }) => l)).toEqual([
      { skuId: 'A001', name: '赣南脐橙', qty: 3, customer: '1号 张三', day: '2026-11-26' },
      { skuId: 'B001', name: '土鸡蛋', qty: 2, day: '2026-11-26' },
      { skuId: 'A001', name: '赣南脐橙', qty: 1, customer: '2号 李四', day: '2026-11-26' },
    ]);
    expect(res.data.notice).toBeUndefined();
    expect(await sellable()).toEqual({ A001: 36, A002: 4, B001: 12 });
  });

  it('refuses an order whole when any line is short, naming every short line and what is still sellable', async () => {
    const res = await place({ idempotencyKey: 'cart-short-1', lines: [{ skuId: 'A001', qty: 2 }, { skuId: 'A002', qty: 5 }, { skuId: 'B001', qty: 15 }] });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('INSUFFICIENT_STOCK');
    expect(res.error.message).toBe('库存不足，整单未提交：砂糖橘 需要 5 件，可售 4 件；土鸡蛋 需要 15 件，可售 14 件');
    expect((res.error.details as ShortageDetails).short).toEqual([
      { skuId: 'A002', name: '砂糖橘', requested: 5, sellable: 4 },
      { skuId: 'B001', name: '土鸡蛋', requested: 15, sellable: 14 },
    ]);
    expect(await sellable()).toEqual({ A001: 40, A002: 4, B001: 14 });
  });

  it('answers a retried submit with the first result and reserves nothing twice', async () => {
    const payload = { idempotencyKey: 'flaky-net-77', lines: [{ skuId: 'A002', qty: 3 }] };
    const first = await place(payload);
    const retries = await Promise.all([place(payload), place(payload), place(payload)]);
    expect(first.ok && first.data.replayed).toBe(false);
    for (const r of retries) {
      expect(r.ok).toBe(true);
      if (r.ok && first.ok) expect(r.data).toEqual({ ...first.data, replayed: true });
    }
    expect((await sellable()).A002).toBe(1);
  });

  it('answers concurrent first submits with the same key with one order', async () => {
    const payload = { idempotencyKey: 'double-tap-01', lines: [{ skuId: 'A001', qty: 4 }] };
    const results = await Promise.all(Array.from({ length: 5 }, () => place(payload)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => r.ok && r.data.orderId)).size).toBe(1);
    expect((await sellable()).A001).toBe(36);
  });

  it('answers a retried refused submit with the same refusal', async () => {
    const payload = { idempotencyKey: 'refused-0001', lines: [{ skuId: 'A002', qty: 9 }] };
    const first = await place(payload);
    const again = await place(payload);
    expect(again).toEqual(first);
  });

  it('refuses a key reused for a different order', async () => {
    await place({ idempotencyKey: 'reused-key-1', lines: [{ skuId: 'A001', qty: 1 }] });
    const res = await place({ idempotencyKey: 'reused-key-1', lines: [{ skuId: 'A001', qty: 2 }] });
    expect(res.ok || [res.error.code, res.error.issues?.[0]?.path]).toEqual(['IDEMPOTENCY_KEY_REUSED', 'idempotencyKey']);
    expect((await sellable()).A001).toBe(39);
  });

  it('keeps each leader\'s keys apart', async () => {
    const a = await place({ idempotencyKey: 'same-key-001', lines: [{ skuId: 'A001', qty: 1 }] }, leader);
    const b = await place({ idempotencyKey: 'same-key-001', lines: [{ skuId: 'A001', qty: 1 }] }, leader2);
    expect(a.ok && b.ok && a.data.orderId !== b.data.orderId).toBe(true);
    expect((await sellable()).A001).toBe(38);
  });

  const badOrders: Array<[string, unknown, string, RegExp]> = [
    ['a zero quantity', { idempotencyKey: 'bad-order-01', lines: [{ skuId: 'A001', qty: 0 }] }, 'lines[0].qty', /第1行的数量不能小于 1/],
    ['a negative quantity', { idempotencyKey: 'bad-order-02', lines: [{ skuId: 'A001', qty: -3 }] }, 'lines[0].qty', /不能小于 1/],
    ['a fractional quantity', { idempotencyKey: 'bad-order-03', lines: [{ skuId: 'A001', qty: 1.5 }] }, 'lines[0].qty', /第1行的数量必须是整数/],
    ['a huge quantity', { idempotencyKey: 'bad-order-04', lines: [{ skuId: 'A001', qty: 1e9 }] }, 'lines[0].qty', /第1行的数量不能大于 9999/],
    ['an unknown SKU', { idempotencyKey: 'bad-order-05', lines: [{ skuId: 'A001', qty: 1 }, { skuId: 'GHOST', qty: 1 }] }, 'lines[1].skuId', /第2行商品编码 GHOST 不存在/],
    ['a delisted SKU', { idempotencyKey: 'bad-order-06', lines: [{ skuId: 'A003', qty: 1 }] }, 'lines[0].skuId', /第1行商品 下架的梨 已下架/],
    ['a missing key', { lines: [{ skuId: 'A001', qty: 1 }] }, 'idempotencyKey', /缺少提交编号/],
    ['a malformed key', { idempotencyKey: 'x', lines: [{ skuId: 'A001', qty: 1 }] }, 'idempotencyKey', /提交编号格式不对/],
    ['no lines', { idempotencyKey: 'bad-order-09', lines: [] }, 'lines', /明细至少要有 1 项/],
  ];

  it.each(badOrders)('refuses %s with an error naming the field, and reserves nothing', async (_what, payload, path, message) => {
    const res = await place(payload);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.issues?.map((i) => i.path)).toContain(path);
    expect(res.error.message).toMatch(message);
    expect(await sellable()).toEqual({ A001: 40, A002: 4, B001: 14 });
    expect(await s.store.listOrderLines({ skuIds: ['A001', 'A002', 'A003', 'B001'] })).toEqual([]);
  });

  it('lets only leaders order', async () => {
    const op = await s.signIn('OP-0001');
    const res = await place({ idempotencyKey: 'operator-01', lines: [{ skuId: 'A001', qty: 1 }] }, op);
    expect(res.ok || res.error.code).toBe('FORBIDDEN');
  });

  it('200 concurrent single-unit orders from the network against 50 sellable: 50 accepted, 150 refused', async () => {
    const fruit = await s.signIn('SUP-FRUIT');
    await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 63 }] }, fruit); // 63 − ceil(12.6) = 50
    expect((await sellable()).A001).toBe(50);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      place({ idempotencyKey: `rush-${String(i).padStart(4, '0')}`, lines: [{ skuId: 'A001', qty: 1 }] }, i % 2 ? leader : leader2)));
    expect(results.filter((r) => r.ok).length).toBe(50);
    expect(results.filter((r) => !r.ok && r.error.code === 'INSUFFICIENT_STOCK').length).toBe(150);
    expect((await sellable()).A001).toBe(0);
    expect((await s.store.listOrderLines({ skuIds: ['A001'], heldSince: 0 })).length).toBe(50);
  }, 60_000);
});
