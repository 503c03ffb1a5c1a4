// Stock files with headers we do not know: the refusal shows the headers found and the
// near misses, the operator maps the columns by hand, and the mapping is remembered per
// supplier and header set for next time — on the real SQLite store, over HTTP.
import type { ImportResult } from '../../cloudfunctions/src/contract/api';
import { EGGS, VEG, skus, suppliers } from '../fixtures/import/catalogue';
import { csv } from '../fixtures/import/platform-exports';
import { users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let op: string;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(skus);
  await s.store.upsertUsers(users);
  op = await s.signIn('OP-0001');
});
afterEach(() => s.close());

async function importStock(bytes: Uint8Array, supplierId: string, mapping?: Record<string, string>) {
  const res = await fetch(`${s.url}/api/upload`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${op}` }, body: Buffer.from(bytes) });
  const { data } = (await res.json()) as { data: { fileId: string } };
  return s.call<ImportResult>('operator', 'importStock', { supplierId, fileId: data.fileId, fileName: '盘点.csv', ...(mapping ? { mapping } : {}) }, op);
}

/** A small shop system's export: none of its headers is in the dictionary. */
const shopFile = (rows: Array<[string, string, number]>, order: 'abc' | 'cab' = 'abc') => csv([
  order === 'abc' ? ['货品代码', '品名', '结存数'] : ['结存数', '货品代码', '品名'],
  ...rows.map(([code, name, n]) => (order === 'abc' ? [code, name, n] : [n, code, name])),
]);

const onHand = async (): Promise<Record<string, number>> => Object.fromEntries((await s.store.listInventory()).map((r) => [r.skuId, r.onHand]));

describe('hand-mapped columns', () => {
  it('shows the headers found and the near misses, and offers a mapping', async () => {
    const res = await importStock(shopFile([['TJD-30', '土鸡蛋', 40]]), EGGS);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('BAD_FILE');
    expect(res.error.details).toMatchObject({ canMap: true, headers: ['货品代码', '品名', '结存数'] });
    expect(res.error.message).toMatch(/列名是：「货品代码」「品名」「结存数」/);
    expect(await onHand()).toEqual({});
  });

  it('imports by the columns mapped by hand, remembers them for the supplier, and uses them next time by itself', async () => {
    const first = await importStock(shopFile([['TJD-30', '土鸡蛋', 40], ['TJD-60', '土鸡蛋', 12]]), EGGS, { codeColumn: '货品代码', qtyColumn: '结存数' });
    expect(first.ok ? first.data.intake.status : first.error.message).toBe('applied');
    if (!first.ok) return;
    expect(first.data.mapping).toEqual({ columns: { code: '货品代码', qty: '结存数' }, source: 'manual' });
    expect(first.data.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^按列对应读取：编码 A列「货品代码」、库存数量 C列「结存数」/), expect.stringMatching(/^已记住/)]));
    expect(await onHand()).toMatchObject({ EG001: 40, EG002: 12 });

    // The next file has the same headers in another order: read by the remembered mapping.
    s.clock.advance(3600_000);
    const next = await importStock(shopFile([['TJD-30', '土鸡蛋', 35]], 'cab'), EGGS);
    expect(next.ok ? next.data.intake.status : next.error.message).toBe('applied');
    if (!next.ok) return;
    expect(next.data.mapping).toEqual({ columns: { code: '货品代码', qty: '结存数' }, source: 'remembered' });
    expect(next.data.notes![0]).toBe('按上次的列对应导入（编码「货品代码」、库存「结存数」）');
    expect((await onHand()).EG001).toBe(35);

    // Another supplier with the same headers has no mapping of its own.
    const other = await importStock(shopFile([['TD-5', '土豆', 9]]), VEG);
    expect(other.ok || other.error.details).toMatchObject({ canMap: true });
  });

  it('uses the latest mapping for a header set, and refuses a mapping naming a column the file lacks', async () => {
    const wrong = await importStock(shopFile([['TJD-30', '土鸡蛋', 40]]), EGGS, { codeColumn: '货品代码', qtyColumn: '数目' });
    expect(wrong.ok || wrong.error.message).toMatch(/没有同时含有「货品代码」「数目」的表头行/);
    expect(await s.store.latestColumnMapping(EGGS, '品名|结存数|货品代码')).toBeNull();
    const byName = await importStock(csv([['货品代码', '品名', '结存数', '货号'], ['TJD-30', '土鸡蛋', 40, 'TJD-60']]), EGGS, { supplierCodeColumn: '货号', qtyColumn: '结存数' });
    expect(byName.ok ? byName.data.intake.status : byName.error.message).toBe('applied');
    s.clock.advance(1000);
    const remapped = await importStock(csv([['货品代码', '品名', '结存数', '货号'], ['TJD-30', '土鸡蛋', 41, 'TJD-60']]), EGGS, { codeColumn: '货品代码', qtyColumn: '结存数' });
    expect(remapped.ok).toBe(true);
    s.clock.advance(1000);
    const again = await importStock(csv([['货品代码', '品名', '结存数', '货号'], ['TJD-30', '土鸡蛋', 42, 'TJD-60']]), EGGS);
    expect(again.ok && again.data.mapping?.columns).toEqual({ code: '货品代码', qty: '结存数' });
    expect(await onHand()).toMatchObject({ EG001: 42, EG002: 40 });
  });
});
