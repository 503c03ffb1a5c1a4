// The supplier's pick list as a spreadsheet: totals per SKU, then the breakdown per
// leader (community) for packing.
import type ExcelJS from 'exceljs';
import { newWorkbook } from './workbook';
import type { WaveView } from '../contract/api';

export async function pickListXlsx(view: WaveView): Promise<Uint8Array> {
  const book = await newWorkbook();
  const totals = book.addWorksheet('拣货汇总');
  totals.addRow([`${view.supplierName} ${view.label} 波次拣货单`]);
  totals.addRow(['商品编码', '商品名称', '规格', '订购件数', '可发件数']);
  for (const row of view.rows) totals.addRow([row.skuId, row.name, row.spec, row.total, row.shipQty ?? '']);
  totals.columns.forEach((c, i) => { c.width = [14, 24, 16, 10, 10][i]; });

  const byLeader = book.addWorksheet('按团长分拣');
  byLeader.addRow(['团长', '小区', '商品编码', '商品名称', '规格', '件数']);
  const rows = view.rows.flatMap((r) => r.byLeader.map((b) => [b.leaderName, b.community, r.skuId, r.name, r.spec, b.qty] as const));
  rows.sort((a, b) => a[1].localeCompare(b[1], 'zh') || a[2].localeCompare(b[2]));
  for (const row of rows) byLeader.addRow([...row]);
  byLeader.columns.forEach((c, i) => { c.width = [12, 14, 14, 24, 16, 8][i]; });
  return new Uint8Array(await book.xlsx.writeBuffer());
}
