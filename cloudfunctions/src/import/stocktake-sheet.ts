// The reconciliation sheet (盘点对账表): one row per SKU — book figure and its parts, the
// count, the variance in units and money, the reason — then totals, the variance by
// reason, and both sides' signatures with their times. Printable on A4 landscape.
import type ExcelJS from 'exceljs';
import type { StocktakeView } from '../contract/api';
import { inShanghai } from '../domain/time';
import { newWorkbook } from './workbook';

const HEADERS = ['商品编码', '供应商编码', '商品名称', '规格', '上次报数', '报数时间', '报数后发货', '预估其他渠道售出', '账面数', '实盘数', '差异（件）', '差异金额（元）', '原因', '说明'];
const WIDTHS = [14, 14, 22, 12, 9, 17, 10, 14, 9, 9, 10, 13, 13, 22];
const OFF_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE699' } };

const time = (ms: number | undefined): string => (ms === undefined || ms === 0 ? '' : inShanghai(ms).format('YYYY-MM-DD HH:mm'));
const yuan = (fen: number | undefined): number | string => (fen === undefined ? '' : fen / 100);

export async function stocktakeSheetXlsx(view: StocktakeView): Promise<Uint8Array> {
  const book = await newWorkbook();
  const sheet = book.addWorksheet('盘点对账', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.addRow([`${view.supplierName} 盘点对账表（${view.statusName}）`]).font = { bold: true, size: 14 };
  sheet.addRow([`盘点单号 ${view.id}　发起 ${time(view.openedAt)}　盘点 ${time(view.countedAt)}　${view.reasonRule}`]);
  bold(sheet.addRow(HEADERS));
  for (const line of view.lines) {
    const row = sheet.addRow([
      line.skuId, line.supplierCode ?? '', line.name, line.spec, line.book?.countedOnHand ?? '', time(line.book?.countedAt), line.book?.shippedSince ?? '',
      line.book?.soldElsewhere ?? '', line.book?.book ?? '', line.counted ?? '', line.variance ?? '', yuan(line.varianceValue), line.reasonName ?? '', line.note ?? '',
    ]);
    if (line.variance) row.eachCell((c) => { c.fill = OFF_FILL; });
  }
  bold(sheet.addRow(['合计', '', '', '', '', '', '', '', view.totals.book, view.totals.counted, view.totals.variance, view.totals.value / 100, '', `差异绝对值合计 ${view.totals.absVariance} 件`]));
  sheet.addRow([]);
  bold(sheet.addRow(['差异原因', '商品数', '差异（件）', '差异金额（元）']));
  for (const r of view.byReason) sheet.addRow([r.reasonName, r.lines, r.units, r.value / 100]);
  sheet.addRow([]);
  bold(sheet.addRow(['签字', '姓名', '时间']));
  sheet.addRow(['供应商确认', view.confirmedByName ?? '（未确认）', time(view.confirmedAt)]);
  sheet.addRow(['运营审核', view.approvedByName ?? '（未审核）', time(view.approvedAt)]);
  WIDTHS.forEach((w, i) => { sheet.getColumn(i + 1).width = w; });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function bold(row: ExcelJS.Row): void {
  row.font = { bold: true };
}
