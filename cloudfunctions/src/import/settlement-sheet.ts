// The settlement sheet (结算单): who and which period, the settings version whose rules
// applied, the scorecard's metrics, the payable by SKU, each rule and its outcome, the
// adjustment and the net. Printable on A4 portrait.
import type ExcelJS from 'exceljs';
import type { SettlementView } from '../contract/api';
import { SETTLEMENT_METRICS } from '../domain/settlement';
import { inShanghai } from '../domain/time';
import { newWorkbook } from './workbook';

const WIDTHS = [14, 36, 12, 12, 14, 14];
const MET_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE699' } };
const PERCENT = '0.0%';
const YUAN = '#,##0.00';

const time = (ms: number): string => inShanghai(ms).format('YYYY-MM-DD HH:mm');
const yuan = (fen: number): number => fen / 100;
const NOTHING = '无可考核数据';

/** What a rule came to, in words. */
export const outcomeText = (met: boolean | null): string => (met === null ? `${NOTHING}，不适用` : met ? '满足条件' : '未满足');

export async function settlementSheetXlsx(view: SettlementView, now: number): Promise<Uint8Array> {
  const book = await newWorkbook();
  const sheet = book.addWorksheet('结算单', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const { card, payable, settlement } = view;
  sheet.addRow([`${view.supplierName} 结算单（${view.period.label}）`]).font = { bold: true, size: 14 };
  sheet.addRow(['供应商', `${view.supplierName}（${view.supplierId}）`]);
  sheet.addRow(['结算期间', `${view.period.from} 至 ${view.period.to}（${view.period.kind === 'week' ? '按周' : '按月'}）${view.periodOpen ? '　本期尚未结束，数字以导出时为准' : ''}`]);
  sheet.addRow(['结算规则版本', view.rulesVersion === 0 ? '默认设置（第 0 版，未设结算规则）' : `设置第 ${view.rulesVersion} 版（${view.rulesSavedBy ?? ''} ${view.rulesSavedAt ? time(view.rulesSavedAt) : ''} 保存）`]);
  sheet.addRow(['导出时间', time(now)]);
  sheet.addRow([]);

  bold(sheet.addRow(['考核指标', '', '本期数值', '明细']));
  const metricRow = (name: string, value: number | null, detail: string): void => {
    const row = sheet.addRow([name, '', value ?? `—（${NOTHING}）`, detail]);
    if (value !== null) row.getCell(3).numFmt = PERCENT;
  };
  metricRow(SETTLEMENT_METRICS.fullShare.name, card.accuracy.fullShare, `足量确认 ${card.accuracy.fullLines}/${card.accuracy.lines} 行`);
  metricRow(SETTLEMENT_METRICS.fillRate.name, card.fill.rate, `可发 ${card.fill.filled}/${card.fill.ordered} 件`);
  metricRow(SETTLEMENT_METRICS.reportingRate.name, card.reporting.rate, `按时 ${card.reporting.onTime}/${card.reporting.due} 次`);
  metricRow(SETTLEMENT_METRICS.reminderAnsweredRate.name, card.reporting.answeredRate, `一小时内补报 ${card.reporting.answered}/${card.reporting.reminded} 次`);
  metricRow(SETTLEMENT_METRICS.confirmationRate.name, card.confirmation.rate, `按时确认 ${card.confirmation.onTime}/${card.confirmation.waves} 个波次，运营代确认 ${card.confirmation.onBehalf}`);
  metricRow(SETTLEMENT_METRICS.stocktakeVarianceShare.name, card.accuracy.stocktakeVarianceShare, `差异绝对值 ${card.accuracy.stocktakeAbsVariance}/账面 ${card.accuracy.stocktakeBook} 件`);
  sheet.addRow(['缺货影响', '', card.shortage.lines, `缺货 ${card.shortage.lines} 行 ${card.shortage.units} 件，影响顾客 ${card.shortage.customers} 位，补救成本 ${yuan(card.shortage.cost).toFixed(2)} 元`]);
  sheet.addRow([]);

  bold(sheet.addRow(['商品编码', '商品名称', '规格', '确认可发（件）', '成本价（元）', '应付金额（元）']));
  for (const line of payable.lines) {
    const row = sheet.addRow([line.skuId, line.name, line.spec, line.units, line.cost === undefined ? '未设成本价' : yuan(line.cost), line.amount === undefined ? '' : yuan(line.amount)]);
    money(row, 5, 6);
  }
  money(bold(sheet.addRow(['应付合计', '', '', payable.units, '', yuan(payable.total)])), 6);
  sheet.addRow([`按本期已确认波次中供应商确认可发的件数 × 商品当前成本价计算${payable.uncostedUnits > 0 ? `；${payable.uncostedUnits} 件商品未设成本价，未计入应付` : ''}`]);
  sheet.addRow([]);

  bold(sheet.addRow(['规则', '内容', '本期数值', '结果', '', '调整金额（元）']));
  if (settlement.outcomes.length === 0) sheet.addRow(['', '未设结算规则，应付不作调整']);
  for (const o of settlement.outcomes) {
    const row = sheet.addRow([`规则 ${o.no}`, o.text, o.value ?? `—（${NOTHING}）`, outcomeText(o.met), '', yuan(o.adjustment)]);
    if (o.value !== null) row.getCell(3).numFmt = PERCENT;
    money(row, 6);
    if (o.met) row.eachCell((c) => { c.fill = MET_FILL; });
  }
  sheet.addRow([]);
  money(bold(sheet.addRow(['应付', '', '', '', '', yuan(payable.total)])), 6);
  money(bold(sheet.addRow(['奖惩合计', '', '', '', '', yuan(settlement.adjustment)])), 6);
  money(bold(sheet.addRow(['实付', '', '', '', '', yuan(settlement.net)])), 6);
  if (settlement.capped) sheet.addRow(['', '扣减合计超过应付，实付按 0 计']);
  sheet.addRow([]);
  bold(sheet.addRow(['签字', '姓名', '日期']));
  sheet.addRow(['供应商确认', '', '']);
  sheet.addRow(['运营审核', '', '']);
  WIDTHS.forEach((w, i) => { sheet.getColumn(i + 1).width = w; });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function bold(row: ExcelJS.Row): ExcelJS.Row {
  row.font = { bold: true };
  return row;
}

function money(row: ExcelJS.Row, ...cols: number[]): ExcelJS.Row {
  for (const c of cols) if (typeof row.getCell(c).value === 'number') row.getCell(c).numFmt = YUAN;
  return row;
}
