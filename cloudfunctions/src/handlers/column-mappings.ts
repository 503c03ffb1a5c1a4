// Stock files whose headers the dictionary does not know (issue 16): the operator maps the
// columns by hand on the import page; the mapping is remembered per supplier and header
// set (appended, latest wins) and used by itself next time ("按上次的列对应导入").
import * as z from 'zod';
import { type AppError, type Result, ok } from '../domain/errors';
import { type MappedColumns, headerKey } from '../domain/column-mapping';
import type { Supplier } from '../domain/model';
import type { StockSheet } from '../domain/stock-import';
import { readStockSheet } from '../import/stock-sheet';
import type { ImportResult } from '../contract/api';
import type { Deps } from './action';

const header = z.string().trim().min(1).max(60);

/** The columns as the page sends them: header texts of the file. */
export const mappingInput = z.object({ codeColumn: header.optional(), supplierCodeColumn: header.optional(), qtyColumn: header });

export const mappedOf = (m: z.infer<typeof mappingInput>): MappedColumns => ({
  qty: m.qtyColumn, ...(m.codeColumn ? { code: m.codeColumn } : {}), ...(m.supplierCodeColumn ? { supplierCode: m.supplierCodeColumn } : {}),
});

/** Refusals a hand mapping can answer: the headers are there, we just do not know them. */
const MAPPABLE = new Set(['NO_HEADER', 'NO_QTY_COLUMN', 'NO_CODE_COLUMN']);

const describe = (c: MappedColumns): string =>
  [c.code ? `编码「${c.code}」` : '', c.supplierCode ? `供应商编码「${c.supplierCode}」` : '', `库存「${c.qty}」`].filter(Boolean).join('、');

/**
 * The sheet read by the dictionary, by a mapping given now (kept for the supplier), or by the
 * mapping remembered for this header set. A refusal the operator can answer by mapping says
 * so (`details.canMap`, with the headers found and the near misses).
 */
export async function readWithMapping(
  deps: Deps, supplier: Supplier, bytes: Uint8Array, fileName: string, given: MappedColumns | undefined, by: string,
): Promise<Result<{ sheet: StockSheet; mapping?: NonNullable<ImportResult['mapping']> }>> {
  const { store, clock, newId } = deps;
  if (given) {
    const sheet = await readStockSheet(bytes, fileName, { basis: supplier.basis, mapping: given });
    if (!sheet.ok) return sheet;
    await store.addColumnMapping({ id: newId('cm'), supplierId: supplier.id, headerKey: headerKey(sheet.data.headers ?? []), columns: given, by, at: clock.now() });
    const notes = [...sheet.data.notes, `已记住${supplier.name}的列对应：下次表头相同的表格会自动按它导入`];
    return ok({ sheet: { ...sheet.data, notes }, mapping: { columns: given, source: 'manual' } });
  }
  const sheet = await readStockSheet(bytes, fileName, { basis: supplier.basis });
  if (sheet.ok) return ok({ sheet: sheet.data });
  const details = (sheet.error.details ?? {}) as { problem?: string; headers?: string[] };
  if (!details.problem || !MAPPABLE.has(details.problem) || !details.headers?.length) return sheet;
  const remembered = await store.latestColumnMapping(supplier.id, headerKey(details.headers));
  if (remembered) {
    const again = await readStockSheet(bytes, fileName, { basis: supplier.basis, mapping: remembered.columns });
    if (again.ok) {
      const notes = [`按上次的列对应导入（${describe(remembered.columns)}）`, ...again.data.notes.filter((n) => !n.startsWith('按列对应读取'))];
      return ok({ sheet: { ...again.data, notes }, mapping: { columns: remembered.columns, source: 'remembered' } });
    }
  }
  const error: AppError = { ...sheet.error, details: { ...details, canMap: true } };
  return { ok: false, error };
}
