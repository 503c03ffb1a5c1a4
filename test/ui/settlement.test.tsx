// 结算规则 and 结算单 on the phone, against the real handlers and SQLite store: the operator
// writes rules on the settings page (added, edited, one removed, saved as a settings
// version), then reads a supplier's settlement on its scorecard page and exports the sheet.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import ExcelJS from 'exceljs';
import { PAGES } from '@/services/nav';
import { formatYuan } from '@/services/money';
import type { SettingsChangeView, SettingsView, SettlementRule, SettlementView } from '@/services/types';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { fill, openApp } from './support/app';
import { type Backend, startBackend } from './support/backend';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  cleanup();
  await backend.close();
});

const rule = (n: number): HTMLElement => screen.getByText(`规则 ${n}`, { selector: '.hz-settle-rule-name' }).closest('.hz-settle-rule') as HTMLElement;
const fieldError = (label: string): string | null => screen.getByLabelText(label).closest('.hz-field')!.querySelector('.hz-field-error')?.textContent ?? null;

test('the operator adds, edits and removes settlement rules on the settings page and saves them as a new version', async () => {
  const { settings: before } = await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings');
  await openApp(PAGES.settings, { as: 'DEMO-OP' });
  expect(await screen.findByText('还没有结算规则，应付不作调整')).toBeTruthy();

  // Rule 1: the new rule's defaults (订单满足率 below 95%, deduct), its share left to fill.
  fireEvent.click(screen.getByText('添加规则'));
  expect(rule(1).querySelector('.hz-chip--active')!.textContent).toBe('订单满足率');
  expect((screen.getByLabelText('规则 1 阈值') as HTMLInputElement).value).toBe('95');
  // Saving with the share blank is refused at that box, nothing sent.
  fireEvent.click(screen.getByText('保存设置'));
  await waitFor(() => expect(fieldError('规则 1 应付的')).toBe('请填写'));
  expect(backend.calls.some((c) => c.action === 'saveSettings')).toBe(false);
  fill('规则 1 应付的', '5');

  // Rule 2, to be removed; rule 3: 报数及时率 at least 99% → a 1% bonus.
  fireEvent.click(screen.getByText('添加规则'));
  fireEvent.click(within(rule(2)).getByText('确认及时率'));
  fill('规则 2 应付的', '3');
  fireEvent.click(screen.getByText('添加规则'));
  fireEvent.click(within(rule(3)).getByText('报数及时率'));
  fireEvent.click(within(rule(3)).getByText('达到'));
  fireEvent.click(within(rule(3)).getByText('奖励'));
  fill('规则 3 阈值', '99.5');
  fill('规则 3 应付的', '1');
  fireEvent.click(within(rule(2)).getByText('删除'));
  // Rule 3 moved up to 2, as typed.
  expect(document.querySelectorAll('.hz-settle-rule')).toHaveLength(2);
  expect(rule(2).querySelector('.hz-chip--active')!.textContent).toBe('报数及时率');
  expect((screen.getByLabelText('规则 2 阈值') as HTMLInputElement).value).toBe('99.5');

  // A threshold over 100% is the server's to refuse: named at that rule's box, in percent.
  fill('规则 2 阈值', '150');
  fireEvent.click(screen.getByText('保存设置'));
  await waitFor(() => expect(fieldError('规则 2 阈值')).toBe('不能大于 100%'));
  fill('规则 2 阈值', '99.5');
  fireEvent.click(screen.getByText('保存设置'));
  expect(await screen.findByText('已保存')).toBeTruthy();

  const after = await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings');
  const rules: SettlementRule[] = [
    { metric: 'fillRate', when: 'below', threshold: 0.95, adjust: 'deduct', adjustShare: 0.05 },
    { metric: 'reportingRate', when: 'atLeast', threshold: 0.995, adjust: 'bonus', adjustShare: 0.01 },
  ];
  expect(after).toMatchObject({ version: 1, settings: { ...before, settlement: { rules } } });
  const [change] = await backend.as<SettingsChangeView[]>('DEMO-OP', 'operator', 'settingsHistory');
  expect(change!.changed).toEqual(['结算规则']);
  expect(await screen.findByText('改了：结算规则')).toBeTruthy();
});

test('the operator reads a supplier\'s 结算单 on its scorecard page and exports it', async () => {
  // A day: 王姐 orders 5 mandarins; the orchard (S02) confirms 3 of them.
  await backend.as('DEMO-L01', 'leader', 'placeOrder', { idempotencyKey: 'wang-settle-1', lines: [{ skuId: 'HZ2003', qty: 5, customer: '1号 张三' }] });
  backend.clock.set(Date.UTC(2026, 10, 26, 14, 0));
  await closeDueWaves(backend.deps);
  await backend.as('DEMO-S02', 'supplier', 'confirmWave', { waveId: 'S02_2026-11-26', skus: [{ skuId: 'HZ2003', shipQty: 3 }] });
  backend.clock.set(Date.UTC(2026, 10, 27, 2, 0));
  const { settings } = await backend.as<SettingsView>('DEMO-OP', 'operator', 'getSettings');
  await backend.as('DEMO-OP', 'operator', 'saveSettings', {
    settings: {
      ...settings,
      settlement: { rules: [{ metric: 'fillRate', when: 'below', threshold: 0.95, adjust: 'deduct', adjustShare: 0.05 }, { metric: 'confirmationRate', when: 'atLeast', threshold: 1, adjust: 'bonus', adjustShare: 0.01 }, { metric: 'reminderAnsweredRate', when: 'below', threshold: 0.5, adjust: 'deduct', adjustShare: 0.01 }] },
    },
    expectedVersion: 0,
  });
  const server = await backend.as<SettlementView>('DEMO-OP', 'operator', 'settlement', { supplierId: 'S02', period: 'week' });
  expect(server.settlement.outcomes.map((o) => o.met)).toEqual([true, true, null]);

  await openApp(PAGES.operatorScorecards, { as: 'DEMO-OP', params: { supplierId: 'S02' } });
  // Last week first (the last one finished): no waves, nothing owed.
  const card = (await screen.findByText('结算单')).closest('.hz-settle') as HTMLElement;
  await waitFor(() => expect(card.querySelector('.hz-settle-net')?.textContent).toBe('¥0.00'));
  expect(backend.calls.filter((c) => c.action === 'settlement').pop()!.payload).toEqual({ supplierId: 'S02', period: 'week', day: '2026-11-20' });

  fireEvent.click(within(card).getByText('本周'));
  await waitFor(() => expect(card.querySelector('.hz-settle-net')?.textContent).toBe(formatYuan(server.settlement.net)));
  expect(within(card).getByText(`${server.period.label} · 本期尚未结束 · 设置第 1 版的结算规则`)).toBeTruthy();
  expect(card.querySelector('.hz-settle-payable')!.textContent).toBe(formatYuan(server.payable.total));
  expect(within(card).getByText('应付（3 件 × 成本价）')).toBeTruthy();
  const outcomes = Array.from(card.querySelectorAll('.hz-settle-outcome')).map((o) => o.textContent);
  const [fillRule, confirmRule] = server.settlement.outcomes;
  expect(outcomes).toEqual([
    `1. 订单满足率低于 95% → 扣减应付的 5%本期 60% · 满足条件 ${formatYuan(fillRule!.adjustment)}`,
    `2. 确认及时率达到 100% → 奖励应付的 1%本期 100% · 满足条件 +${formatYuan(confirmRule!.adjustment)}`,
    '3. 超龄提醒一小时内补报率低于 50% → 扣减应付的 1%本期 — · 无可考核数据，不适用',
  ]);
  expect(card.querySelector('.hz-settle-adjustment')!.textContent).toBe(formatYuan(server.settlement.adjustment));

  fireEvent.click(within(card).getByText('导出结算单'));
  await waitFor(() => expect(backend.downloads).toHaveLength(1));
  expect(await screen.findByText('已下载 赣南果园直供-结算单-2026-11-23至2026-11-29.xlsx')).toBeTruthy();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(backend.downloads[0]!.base64, 'base64') as unknown as ArrayBuffer);
  const rows = (book.getWorksheet('结算单')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
  expect(rows.find((r) => r[0] === '实付')![5]).toBe(server.settlement.net / 100);
  expect(backend.calls.filter((c) => c.action === 'exportSettlement').pop()!.payload).toEqual({ supplierId: 'S02', period: 'week', day: '2026-11-27' });
});
