// The storage contract's cases for hand-mapped stock-file columns (issue 16), run inside
// storeContract (contract.ts) on every adapter: appended, never changed, and the latest
// per supplier and header set read back — other suppliers' and other header sets' apart.
import { type ColumnMapping, headerKey } from '../../cloudfunctions/src/domain/column-mapping';
import type { StockStore } from '../../cloudfunctions/src/storage/port';
import { T0 } from '../fixtures/catalogue';

const KEY = headerKey(['货品代码', '品名', '结存']);
const mapping = (id: string, supplierId: string, at: number, qty: string, key = KEY): ColumnMapping => ({
  id, supplierId, headerKey: key, columns: { code: '货品代码', qty }, by: 'u-op', at,
});

export function columnMappingCases(storeOf: () => StockStore): void {
  it('keeps column mappings appended and answers the latest for a supplier and header set', async () => {
    const store = storeOf();
    expect(await store.latestColumnMapping('sup-fruit', KEY)).toBeNull();
    await store.addColumnMapping(mapping('cm_2', 'sup-fruit', T0 + 2000, '结存'));
    await store.addColumnMapping(mapping('cm_1', 'sup-fruit', T0 + 1000, '品名'));
    await store.addColumnMapping(mapping('cm_3', 'sup-eggs', T0 + 3000, '品名'));
    await store.addColumnMapping(mapping('cm_4', 'sup-fruit', T0 + 4000, '品名', headerKey(['编号', '数'])));
    // Latest by time, not by arrival; another supplier's and another header set's stay apart.
    expect(await store.latestColumnMapping('sup-fruit', KEY)).toEqual(mapping('cm_2', 'sup-fruit', T0 + 2000, '结存'));
    expect((await store.latestColumnMapping('sup-eggs', KEY))?.id).toBe('cm_3');
    expect((await store.latestColumnMapping('sup-fruit', headerKey(['数', '编号'])))?.id).toBe('cm_4');
    // A newer mapping wins; an id added again changes nothing (append-only).
    await store.addColumnMapping(mapping('cm_5', 'sup-fruit', T0 + 5000, '品名'));
    await store.addColumnMapping(mapping('cm_5', 'sup-fruit', T0 + 9000, '结存'));
    expect(await store.latestColumnMapping('sup-fruit', KEY)).toEqual(mapping('cm_5', 'sup-fruit', T0 + 5000, '品名'));
  });
}
