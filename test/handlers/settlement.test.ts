// Settlement on the real SQLite store: a day's orders, one supplier confirming in full and
// one short, the operator's rules saved as a settings version, then each supplier's
// settlement read and exported as a sheet (read back with exceljs).
import ExcelJS from 'exceljs';
import type { FileDownload, PlaceOrderResult, SettingsView, SettlementView } from '../../cloudfunctions/src/contract/api';
import type { SettlementRule } from '../../cloudfunctions/src/domain/model';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
let s: TestServer;
afterEach(() => s.close());

const RULES: SettlementRule[] = [
  { metric: 'fillRate', when: 'below', threshold: 0.95, adjust: 'deduct', adjustShare: 0.05 },
  { metric: 'reportingRate', when: 'atLeast', threshold: 0.99, adjust: 'bonus', adjustShare: 0.02 },
  { metric: 'reminderAnsweredRate', when: 'below', threshold: 0.5, adjust: 'deduct', adjustShare: 0.01 },
  { metric: 'confirmationRate', when: 'atLeast', threshold: 1, adjust: 'bonus', adjustShare: 0.01 },
];

function data<T>(result: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

async function aWeek(): Promise<Record<'op' | 'fruit' | 'eggs', string>> {
  s = await startTestServer();
  s.clock.set(at(26, 7, 50));
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus([
    sku('A001', 'sup-fruit', { name: '赣南脐橙', spec: '5斤装', cost: 1_250 }),
    sku('B001', 'sup-eggs', { name: '土鸡蛋', spec: '30枚', cost: 800 }),
    sku('B002', 'sup-eggs', { name: '鸭蛋', spec: '20枚' }),
  ]);
  await s.store.upsertUsers(users);
  const [op = '', fruit = '', eggs = '', leader = ''] = await Promise.all(['OP-0001', 'SUP-FRUIT', 'SUP-EGGS', 'LEAD-0001'].map((c) => s.signIn(c)));
  data(await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 100 }] }, fruit));
  data(await s.call('operator', 'submitReportFor', { supplierId: 'sup-eggs', lines: [{ skuId: 'B001', onHand: 100 }, { skuId: 'B002', onHand: 50 }] }, op));
  s.clock.set(at(26, 10));
  data(await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: 'settle-1', lines: [{ skuId: 'A001', qty: 10 }, { skuId: 'B001', qty: 6 }, { skuId: 'B002', qty: 3 }] }, leader));
  s.clock.set(at(26, 22, 1));
  await closeDueWaves(s.deps);
  data(await s.call('supplier', 'confirmWave', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 10 }] }, fruit));
  data(await s.call('supplier', 'confirmWave', { waveId: 'sup-eggs_2026-11-26', skus: [{ skuId: 'B001', shipQty: 4 }, { skuId: 'B002', shipQty: 3 }] }, eggs));
  s.clock.set(at(30, 12));
  return { op, fruit, eggs };
}

it('settles a supplier\'s week by the rules of the settings version in force, and exports the sheet', async () => {
  const { op, eggs } = await aWeek();
  const current = data(await s.call<SettingsView>('operator', 'getSettings', {}, op));
  // Before any rule: the payable stands, version 0 named.
  const bare = data(await s.call<SettlementView>('operator', 'settlement', { supplierId: 'sup-eggs', period: 'week', day: '2026-11-26' }, op));
  expect(bare).toMatchObject({ rulesVersion: 0, settlement: { payable: 3_200, adjustment: 0, net: 3_200, outcomes: [] } });

  data(await s.call<SettingsView>('operator', 'saveSettings', { settings: { ...current.settings, settlement: { rules: RULES } }, expectedVersion: 0 }, op));
  const view = data(await s.call<SettlementView>('operator', 'settlement', { supplierId: 'sup-eggs', period: 'week', day: '2026-11-26' }, op));
  // Eggs: 4 of 6 土鸡蛋 at ¥8 and 3 鸭蛋 without a cost price; fill 7/9; one report on time
  // of 14; a rules-level supplier is not reminded itself (nothing to rate); confirmed in time.
  expect(view).toMatchObject({ supplierName: '山里土鸡蛋合作社', period: { from: '2026-11-23', to: '2026-11-29' }, periodOpen: false, rulesVersion: 1, rulesSavedBy: '运营小王' });
  expect(view.payable).toEqual({
    total: 3_200, units: 7, uncostedUnits: 3,
    lines: [{ skuId: 'B001', name: '土鸡蛋', spec: '30枚', units: 4, cost: 800, amount: 3_200 }, { skuId: 'B002', name: '鸭蛋', spec: '20枚', units: 3 }],
  });
  expect(view.settlement.outcomes.map((o) => [o.metricName, o.value, o.met, o.adjustment])).toEqual([
    ['订单满足率', 7 / 9, true, -160],
    ['报数及时率', 1 / 14, false, 0],
    ['超龄提醒一小时内补报率', null, null, 0],
    ['确认及时率', 1, true, 32],
  ]);
  expect(view.settlement).toMatchObject({ payable: 3_200, adjustment: -128, net: 3_072, capped: false });
  // The fruit farm shipped in full: fill 100%, no deduction, the on-time confirmation bonus.
  const fruit = data(await s.call<SettlementView>('operator', 'settlement', { supplierId: 'sup-fruit', period: 'week', day: '2026-11-26' }, op));
  expect(fruit.settlement).toMatchObject({ payable: 12_500, adjustment: 125, net: 12_625 });

  const file = data(await s.call<FileDownload>('operator', 'exportSettlement', { supplierId: 'sup-eggs', period: 'week', day: '2026-11-26' }, op));
  expect(file.fileName).toBe('山里土鸡蛋合作社-结算单-2026-11-23至2026-11-29.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
  const rows = (book.getWorksheet('结算单')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
  const row = (first: string): unknown[] => rows.find((r) => r[0] === first) ?? [];
  expect(rows[0]![0]).toBe('山里土鸡蛋合作社 结算单（11月23日–11月29日）');
  expect(row('供应商')).toEqual(['供应商', '山里土鸡蛋合作社（sup-eggs）']);
  expect(row('结算期间')[1]).toBe('2026-11-23 至 2026-11-29（按周）');
  expect(row('结算规则版本')[1]).toMatch(/^设置第 1 版（运营小王 2026-11-30 12:00 保存）$/);
  expect(row('订单满足率').slice(0, 4)).toEqual(['订单满足率', '', 7 / 9, '可发 7/9 件']);
  expect(row('超龄提醒一小时内补报率')[2]).toBe('—（无可考核数据）');
  expect(row('B001')).toEqual(['B001', '土鸡蛋', '30枚', 4, 8, 32]);
  expect(row('B002')).toEqual(['B002', '鸭蛋', '20枚', 3, '未设成本价', '']);
  expect(row('应付合计')).toEqual(['应付合计', '', '', 7, '', 32]);
  expect(rows.some((r) => String(r[0]).includes('3 件商品未设成本价，未计入应付'))).toBe(true);
  expect(row('规则 1')).toEqual(['规则 1', '订单满足率低于 95% → 扣减应付的 5%', 7 / 9, '满足条件', '', -1.6]);
  expect(row('规则 2').slice(2, 6)).toEqual([1 / 14, '未满足', '', 0]);
  expect(row('规则 3').slice(2, 6)).toEqual(['—（无可考核数据）', '无可考核数据，不适用', '', 0]);
  expect(row('规则 4').slice(3, 6)).toEqual(['满足条件', '', 0.32]);
  expect(row('应付')[5]).toBe(32);
  expect(row('奖惩合计')[5]).toBe(-1.28);
  expect(row('实付')[5]).toBe(30.72);
  expect(row('供应商确认')[0]).toBe('供应商确认');

  // The supplier reads its card, not the settlement; a supplier that does not exist is named.
  expect((await s.call('supplier', 'settlement', { period: 'week' }, eggs)).ok).toBe(false);
  const missing = await s.call('operator', 'exportSettlement', { supplierId: 'sup-none' }, op);
  expect(missing.ok || [missing.error.code, missing.error.issues?.map((i) => i.path)]).toEqual(['NOT_FOUND', ['supplierId']]);
});

it('refuses a rule that cannot be applied, naming it in Chinese', async () => {
  const { op } = await aWeek();
  const current = data(await s.call<SettingsView>('operator', 'getSettings', {}, op));
  const bad = await s.call('operator', 'saveSettings', {
    settings: { ...current.settings, settlement: { rules: [RULES[0], { ...RULES[1], threshold: 1.5 }, { ...RULES[2], adjustShare: 0 }] } }, expectedVersion: 0,
  }, op);
  if (bad.ok) throw new Error('saved');
  expect(bad.error.issues?.map((i) => i.path)).toEqual(['settings.settlement.rules[1].threshold', 'settings.settlement.rules[2].adjustShare']);
  expect(bad.error.message).toContain('阈值');
  expect(bad.error.message).not.toMatch(/[A-Za-z]{2,}/);
});
