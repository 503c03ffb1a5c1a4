// Spreadsheets of counts for rules-level suppliers (DESIGN §4): every bad line named,
// nothing applied while any line is bad, then the count enters like any other.
import * as z from 'zod';
import { fail, failWithIssues, ok } from '../domain/errors';
import { mapStockRows } from '../domain/stock-import';
import { readStockSheet } from '../import/stock-sheet';
import { stockTemplateCsv, stockTemplateXlsx, templateFileName } from '../import/stock-template';
import { action } from './action';
import type { FileDownload, ImportResult } from '../contract/api';
import { receiveCount } from './count-intake';
import { intakeView } from './lookups';
import { XLSX_TYPE } from '../import/workbook';
import { mappedOf, mappingInput, readWithMapping } from './column-mappings';


export const stockImport = {
  importStock: action(['operator'], z.object({
    supplierId: z.string().min(1).max(32),
    fileId: z.string().min(1).max(300),
    fileName: z.string().trim().min(1).max(120),
    note: z.string().trim().max(100).optional(),
    /** Columns mapped by hand (header texts) for a file whose headers were not recognised; remembered for the supplier. */
    mapping: mappingInput.optional(),
  }), async (ctx, input) => {
    const { store, files } = ctx.deps;
    const supplier = await store.getSupplier(input.supplierId);
    if (!supplier) return fail('NOT_FOUND', `供应商 ${input.supplierId} 不存在`);
    const bytes = await files.read(input.fileId);
    if (!bytes) return fail('NOT_FOUND', '找不到上传的文件，请重新上传', { issues: [{ path: 'fileId', message: '文件不存在' }] });
    // The supplier's basis picks between a physical and an available column (聚水潭 实际库存数 / 可用数);
    // a hand mapping, or the one remembered for this header set, reads headers the dictionary does not know.
    const read = await readWithMapping(ctx.deps, supplier, bytes, input.fileName, input.mapping ? mappedOf(input.mapping) : undefined, ctx.caller.id);
    if (!read.ok) return read;
    const { sheet, mapping } = read.data;
    const { lines, issues } = mapStockRows(sheet.rows, { supplierId: input.supplierId, skus: await store.listSkus() });
    if (issues.length > 0) return failWithIssues(issues[0]!.code ?? 'VALIDATION', `${input.fileName} 未导入，请改正后重新上传`, issues);
    if (lines.length === 0) return fail('BAD_FILE', `${input.fileName} 里没有填写任何库存数量`);
    const intake = await receiveCount(ctx.deps, {
      supplierId: input.supplierId, source: 'spreadsheet', by: ctx.caller.id, lines, note: input.note ?? `导入 ${input.fileName}`,
    });
    if (!intake.ok) return intake;
    const result: ImportResult = { intake: await intakeView(store, intake.data), lineCount: lines.length };
    if (sheet.notes.length > 0) result.notes = sheet.notes;
    if (mapping) result.mapping = mapping;
    return ok(result);
  }),

  /** A template listing the supplier's SKUs with an empty count column. */
  stockTemplate: action(['operator'], z.object({ supplierId: z.string().min(1).max(32), format: z.enum(['xlsx', 'csv']) }), async (ctx, input) => {
    const { store } = ctx.deps;
    const supplier = await store.getSupplier(input.supplierId);
    if (!supplier) return fail('NOT_FOUND', `供应商 ${input.supplierId} 不存在`);
    const skus = (await store.listSkus({ supplierId: supplier.id })).filter((s) => s.listed);
    const download: FileDownload = input.format === 'xlsx'
      ? { fileName: templateFileName(supplier, 'xlsx'), contentType: XLSX_TYPE, base64: Buffer.from(await stockTemplateXlsx(supplier, skus)).toString('base64') }
      : { fileName: templateFileName(supplier, 'csv'), contentType: 'text/csv; charset=utf-8', base64: Buffer.from(stockTemplateCsv(supplier, skus), 'utf8').toString('base64') };
    return ok(download);
  }),
};
