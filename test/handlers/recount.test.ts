// Recount when sales run ahead, on the real SQLite store with a driven clock: our units
// placed since a count held against a share of it; the supplier who reports in the app
// is asked, the operators for the others; once per ask, again after a new count.
import type { AlertKindView, InboxView, IntakeResult, PlaceOrderResult, SettingsView } from '../../cloudfunctions/src/contract/api';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import type { Settings } from '../../cloudfunctions/src/domain/model';
import { applyReport } from '../../cloudfunctions/src/handlers/report-apply';
import { askRecounts } from '../../cloudfunctions/src/jobs/recount';
import { pullStock as pullStockOnce } from '../../cloudfunctions/src/jobs/pull-stock';
import { JOBS, runJobs } from '../../cloudfunctions/src/jobs/schedule';
import { withDeadline } from '../../cloudfunctions/src/runtime/budget';
import { report as reportOf, sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
let s: TestServer;
let tokens: Record<string, string>;

const erp = { id: 'sup-erp', name: '鲜丰冷链仓', level: 'api' as const, reportTimes: ['08:00', '20:00'], basis: 'available' as const };
const milk = sku('C001', 'sup-erp', { name: '纯牛奶', spec: '24盒' });

beforeEach(async () => {
  s = await startTestServer();
  s.clock.set(at(26, 8));
  await s.store.upsertSuppliers([...suppliers, erp]);
  await s.store.upsertSkus([
    sku('A001', 'sup-fruit', { name: '赣南脐橙', spec: '5斤装' }), sku('A002', 'sup-fruit', { name: '沃柑', spec: '5斤装' }),
    sku('B001', 'sup-eggs', { name: '土鸡蛋', spec: '30枚', category: '蛋类' }), milk,
  ]);
  await s.store.upsertUsers([...users, { id: 'u-erp', name: '冷链仓小赵', role: 'supplier', supplierId: 'sup-erp', inviteCode: 'SUP-ERP1' }]);
  tokens = Object.fromEntries(await Promise.all([...users.map((u) => u.inviteCode), 'SUP-ERP1'].map(async (code, i) => [[...users.map((u) => u.id), 'u-erp'][i]!, await s.signIn(code)] as const)));
});
afterEach(() => s.close());

const inbox = async (userId: string): Promise<InboxView['alerts']> => {
  const res = await s.call<InboxView>('account', 'inbox', {}, tokens[userId]);
  if (!res.ok) throw new Error(res.error.message);
  return res.data.alerts;
};
const recountBodies = async (userId: string) => (await inbox(userId)).filter((a) => a.kind === 'recountDue').map((a) => a.body);
let key = 0;
const order = async (lines: Array<[string, number]>) => {
  const res = await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: `recount-order-${++key}`, lines: lines.map(([skuId, qty]) => ({ skuId, qty })) }, tokens['u-leader-1']);
  expect(res.ok || res.error.message).toBe(true);
};
const report = async (userId: string, lines: Array<[string, number]>) => {
  const res = await s.call<IntakeResult>('supplier', 'submitReport', { lines: lines.map(([skuId, onHand]) => ({ skuId, onHand })) }, tokens[userId]);
  expect(res.ok).toBe(true);
};
const saveAlerts = (alerts: Partial<Settings['alerts']>) =>
  s.call<SettingsView>('operator', 'saveSettings', { settings: { ...DEFAULT_SETTINGS, alerts: { ...DEFAULT_SETTINGS.alerts, ...alerts } } }, tokens['u-op']);

describe('recount when sales run ahead', () => {
  it('asks nobody while sales stay within the share, then the app supplier once, and again only after a new count', async () => {
    await report('u-sup-fruit', [['A001', 100], ['A002', 40]]);
    await order([['A001', 30], ['A002', 5]]); // exactly 30%: not ahead yet
    s.clock.set(at(26, 10));
    expect(await askRecounts(s.deps)).toEqual({ examined: 1, asked: 0, pulled: 0, deferred: 0 });

    await order([['A001', 1]]); // 31 of 100
    s.clock.set(at(26, 10, 5));
    expect(await askRecounts(s.deps)).toMatchObject({ asked: 1 });
    expect(await askRecounts(s.deps)).toMatchObject({ asked: 0 }); // the next tick: the same ask
    expect(await recountBodies('u-sup-fruit')).toEqual(['赣南果园直供：赣南脐橙 5斤装（报 100 件，已售 31 件），上次报数以来售出已超过报数的 30%，请重新盘点后报数']);
    const [alert] = (await inbox('u-sup-fruit')).filter((a) => a.kind === 'recountDue');
    expect(alert).toMatchObject({ title: '销量超比例', link: '/pages/supplier/report/index', fields: { subject: '赣南果园直供', quantity: 1, status: '请重新盘点' } });
    // The supplier reports in the app: the operators are not bothered, nor anyone else.
    expect(await recountBodies('u-op')).toEqual([]);
    expect(await recountBodies('u-sup-eggs')).toEqual([]);

    s.clock.set(at(26, 11));
    await report('u-sup-fruit', [['A001', 150]]); // restocked and counted again: the 31 sold before it no longer count
    await order([['A001', 45]]);
    s.clock.set(at(26, 11, 5));
    expect(await askRecounts(s.deps)).toMatchObject({ asked: 0 });
    await order([['A001', 1], ['A002', 8]]); // 46 of 150, and the mandarins' 13 of 40
    s.clock.set(at(26, 11, 10));
    await askRecounts(s.deps);
    expect(await recountBodies('u-sup-fruit')).toEqual([
      '赣南果园直供：沃柑 5斤装（报 40 件，已售 13 件）、赣南脐橙 5斤装（报 150 件，已售 46 件），上次报数以来售出已超过报数的 30%，请重新盘点后报数',
      '赣南果园直供：赣南脐橙 5斤装（报 100 件，已售 31 件），上次报数以来售出已超过报数的 30%，请重新盘点后报数',
    ]);
  });

  it('tells the operators for a rules-level supplier (代报) and for an API supplier (its system should sync)', async () => {
    await report('u-sup-eggs', [['B001', 100]]);
    const pushed = await applyReport(s.deps, { ...reportOf('sup-erp', [['C001', 50]], s.clock.now()), source: 'api', basis: 'available' }, new Map([[milk.id, milk]]));
    expect(pushed.ok).toBe(true);
    await order([['B001', 40], ['C001', 20]]);
    s.clock.set(at(26, 9));
    expect(await askRecounts(s.deps)).toMatchObject({ examined: 2, asked: 2 });
    const operator = (await inbox('u-op')).filter((a) => a.kind === 'recountDue');
    expect(operator.map((a) => a.body).sort()).toEqual([
      '山里土鸡蛋合作社：土鸡蛋 30枚（报 100 件，已售 40 件），上次报数以来售出已超过报数的 30%，请向供应商要最新库存后代报',
      '鲜丰冷链仓：纯牛奶 24盒（报 50 件，已售 20 件），上次报数以来售出已超过报数的 30%，请让对方系统立即同步库存，或向供应商要最新库存后代报',
    ]);
    expect(operator.map((a) => a.link)).toEqual(['/pages/operator/report-for/index', '/pages/operator/report-for/index']);
    expect(await recountBodies('u-sup-eggs')).toEqual([]);
    expect(await recountBodies('u-erp')).toEqual([]);
  });

  it('follows the share the operator set, and refuses a share that is not one, naming the field', async () => {
    await report('u-sup-fruit', [['A001', 100]]);
    await order([['A001', 40]]);
    const saved = await saveAlerts({ recountSalesShare: 0.5 });
    expect(saved.ok).toBe(true);
    const kinds = await s.call<AlertKindView[]>('operator', 'alertKinds', {}, tokens['u-op']);
    expect(kinds.ok && kinds.data.find((k) => k.kind === 'recountDue')).toMatchObject({ name: '销量超比例', enabled: true, timing: '售出超过报数的 50%，08:00–21:00' });
    s.clock.set(at(26, 10));
    expect(await askRecounts(s.deps)).toMatchObject({ asked: 0 }); // 40 of 100 is within 50%
    await order([['A001', 11]]);
    await askRecounts(s.deps);
    expect(await recountBodies('u-sup-fruit')).toEqual(['赣南果园直供：赣南脐橙 5斤装（报 100 件，已售 51 件），上次报数以来售出已超过报数的 50%，请重新盘点后报数']);

    for (const bad of [1.5, 0, -0.3]) {
      const refused = await saveAlerts({ recountSalesShare: bad });
      expect(refused.ok).toBe(false);
      if (refused.ok) continue;
      expect(refused.error.issues?.map((i) => i.path)).toEqual(['settings.alerts.recountSalesShare']);
      expect(refused.error.message).toContain('重新盘点的销量比例');
    }
    const missing = await s.call('operator', 'saveSettings', { settings: { ...DEFAULT_SETTINGS, alerts: { ...DEFAULT_SETTINGS.alerts, recountSalesShare: undefined } } }, tokens['u-op']);
    expect(missing.ok || missing.error.issues?.map((i) => i.message)).toEqual(['缺少设置的提醒的重新盘点的销量比例']);
    expect((await s.store.getSettings()).alerts.recountSalesShare).toBe(0.5);
  });

  it('asks nobody outside the reminder hours or when switched off, and the scheduler runs it every tick', async () => {
    await report('u-sup-fruit', [['A001', 100]]);
    await order([['A001', 50]]);
    s.clock.set(at(26, 21, 30)); // after hours: the ask waits for the morning
    expect(await askRecounts(s.deps)).toEqual({ examined: 0, asked: 0, pulled: 0, deferred: 0 });
    await saveAlerts({ disabled: ['recountDue'] });
    s.clock.set(at(27, 8, 5));
    expect(await askRecounts(s.deps)).toEqual({ examined: 0, asked: 0, pulled: 0, deferred: 0 });
    await saveAlerts({});
    const ran = await runJobs(s.deps, JOBS);
    expect(ran.askRecounts).toMatchObject({ asked: 1 });
    expect(await recountBodies('u-sup-fruit')).toHaveLength(1);
  });

  it('leaves a supplier it has no time for to a later tick, whole', async () => {
    await report('u-sup-fruit', [['A001', 100]]);
    await report('u-sup-eggs', [['B001', 100]]);
    await order([['A001', 40], ['B001', 40]]);
    s.clock.set(at(26, 9));
    // Less than a sales total's reserve left in the call: nothing read, nothing raised, both left.
    expect(await withDeadline(Date.now() + 500, () => askRecounts(s.deps))).toEqual({ examined: 0, asked: 0, pulled: 0, deferred: 2 });
    expect(await recountBodies('u-sup-fruit')).toEqual([]);
    expect(await askRecounts(s.deps)).toEqual({ examined: 2, asked: 2, pulled: 0, deferred: 0 });
  });

  it('pulls an API supplier whose system serves its stock at once, in the same tick, and tells the operators when its pulls are failing', async () => {
    await s.store.upsertSuppliers([{ ...erp, pull: { system: 'json', url: 'http://erp.example/stock', items: 'list', code: 'code', quantity: 'qty' } }]);
    let stock = 200;
    let up = true;
    const asked: string[] = [];
    const http = (async (url: string) => {
      asked.push(String(url));
      return up ? new Response(JSON.stringify({ list: [{ code: 'C001', qty: stock }] }), { headers: { 'content-type': 'application/json' } }) : new Response('down', { status: 503 });
    }) as typeof fetch;
    const deps = { ...s.deps, http };
    expect((await pullStockOnce(deps)).length).toBe(1); // the first pull: 200 counted
    await order([['C001', 70]]);
    stock = 210; // a delivery came in
    s.clock.set(at(26, 8, 10)); // a normal-tier SKU counted 10 minutes ago is not due a pull by its tier
    asked.length = 0;
    const ran = await runJobs(deps, JOBS);
    expect(ran.askRecounts).toMatchObject({ asked: 0, pulled: 1 });
    expect(asked).toEqual(['http://erp.example/stock']);
    expect((await s.store.listInventory(['C001']))[0]).toMatchObject({ onHand: 210, reportedAt: at(26, 8, 10) });
    expect(await recountBodies('u-op')).toEqual([]);

    // The system goes down: three failed pulls later its counts are estimated and the operators chase them.
    up = false;
    await order([['C001', 64]]);
    for (const minute of [20, 40, 80]) {
      s.clock.set(at(26, 8, minute));
      await s.store.savePullHealth({ ...(await s.store.listPullHealth())[0]!, requestedAt: at(26, 8, minute) });
      await pullStockOnce(deps);
    }
    expect((await s.store.listPullHealth())[0]).toMatchObject({ failuresInRow: 3 });
    s.clock.set(at(26, 9, 30));
    expect(await askRecounts(deps)).toMatchObject({ asked: 1, pulled: 0 });
    expect(await recountBodies('u-op')).toEqual(['鲜丰冷链仓：纯牛奶 24盒（报 210 件，已售 64 件），上次报数以来售出已超过报数的 30%，请让对方系统立即同步库存，或向供应商要最新库存后代报']);
  });
});
