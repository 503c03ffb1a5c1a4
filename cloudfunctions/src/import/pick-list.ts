// The supplier's pick list as a spreadsheet a warehouse ships 一件代发 from: totals per
// SKU, the breakdown per leader, and one A4 sheet per leader (pickup point, phone,
// address; each line's customer and codes; what the shortage cut).
import type ExcelJS from 'exceljs';
import { newWorkbook } from './workbook';
import type { LeaderPackView, PackCountView, WaveView } from '../contract/api';

const COUNT_HEADERS = ['订购', '缺货', '应发'] as const;
const counts = (c: PackCountView): number[] => [c.ordered, c.cut, c.toPack];
/** A cut line stands out on paper too. */
const CUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE699' } };

export async function pickListXlsx(view: WaveView): Promise<Uint8Array> {
  const book = await newWorkbook();
  addTotals(book, view);
  addByLeader(book, view);
  const names = new Set(['拣货汇总', '按团长分拣']);
  for (const leader of view.leaders) addLeaderSheet(book, view, leader, sheetName(leader, names));
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function addTotals(book: ExcelJS.Workbook, view: WaveView): void {
  const sheet = book.addWorksheet('拣货汇总', { pageSetup: a4() });
  sheet.addRow([`${view.supplierName} ${view.label} 波次拣货单（${view.statusName}）`]).font = { bold: true, size: 14 };
  bold(sheet.addRow(['商品编码', '供应商编码', '商品名称', '规格', ...COUNT_HEADERS]));
  for (const row of view.rows) markCut(sheet.addRow([row.skuId, row.supplierCode ?? '', row.name, row.spec, ...counts(row)]), row.cut);
  bold(sheet.addRow(['合计', '', '', '', ...counts(sum(view.rows))]));
  widths(sheet, [14, 14, 24, 16, 8, 8, 8]);
}

function addByLeader(book: ExcelJS.Workbook, view: WaveView): void {
  const sheet = book.addWorksheet('按团长分拣', { pageSetup: a4() });
  bold(sheet.addRow(['团长', '小区', '自提点', '商品编码', '供应商编码', '商品名称', '规格', ...COUNT_HEADERS]));
  // The pick list's own per-leader counts, leader by leader, with where each one goes.
  for (const leader of view.leaders) {
    for (const row of view.rows) {
      const b = row.byLeader.find((x) => x.leaderId === leader.leaderId);
      if (!b) continue;
      markCut(sheet.addRow([leader.leaderName, leader.community, leader.pickupPoint ?? '', row.skuId, row.supplierCode ?? '', row.name, row.spec, ...counts(b)]), b.cut);
    }
  }
  widths(sheet, [10, 12, 18, 12, 12, 22, 14, 6, 6, 6]);
}

/** One leader's parcel, printable on A4: where it goes, then every line with whose it is. */
function addLeaderSheet(book: ExcelJS.Workbook, view: WaveView, leader: LeaderPackView, name: string): void {
  const sheet = book.addWorksheet(name, { pageSetup: { ...a4(), printTitlesRow: '7:7' } });
  sheet.addRow([`${view.supplierName} ${view.label} 发货单 · ${leader.leaderName}（${leader.community}）`]).font = { bold: true, size: 14 };
  sheet.addRow(['自提点', leader.pickupPoint ?? '（未填写）']);
  sheet.addRow(['电话', leader.phone ?? '（未填写）']);
  sheet.addRow(['地址', leader.address ?? '（未填写）']);
  sheet.addRow(['件数', `应发 ${leader.toPack} 件${leader.cut > 0 ? `（订购 ${leader.ordered} 件，缺货 ${leader.cut} 件）` : ''}`]);
  sheet.addRow([]);
  bold(sheet.addRow(['接龙号/顾客', '订单号', '商品名称', '规格', '供应商编码', '商品编码', ...COUNT_HEADERS]));
  for (const l of leader.lines) {
    markCut(sheet.addRow([l.customer ?? '', l.orderNo ?? '', l.name, l.spec, l.supplierCode ?? '', l.skuId, ...counts(l)]), l.cut);
  }
  bold(sheet.addRow(['合计', '', '', '', '', '', ...counts(leader)]));
  widths(sheet, [16, 11, 22, 14, 12, 11, 6, 6, 6]);
}

/** A sheet name Excel accepts (≤ 31 characters, none of []:*?/\) and unique in the book. */
function sheetName(leader: LeaderPackView, taken: Set<string>): string {
  const base = `${leader.leaderName} ${leader.community}`.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 28) || leader.leaderId.slice(0, 28);
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}(${n})`;
  taken.add(name);
  return name;
}

const a4 = (): Partial<ExcelJS.PageSetup> => ({
  paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
});

const sum = (rows: PackCountView[]): PackCountView =>
  rows.reduce((t, r) => ({ ordered: t.ordered + r.ordered, cut: t.cut + r.cut, toPack: t.toPack + r.toPack }), { ordered: 0, cut: 0, toPack: 0 });

function bold(row: ExcelJS.Row): void {
  row.font = { bold: true };
}

function markCut(row: ExcelJS.Row, cut: number): void {
  if (cut > 0) row.eachCell((cell) => { cell.fill = CUT_FILL; });
}

function widths(sheet: ExcelJS.Worksheet, list: number[]): void {
  sheet.columns.forEach((c, i) => { c.width = list[i]; });
}
