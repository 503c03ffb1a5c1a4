// A stocktake from opening to the ledger, on the real SQLite store over HTTP: counts held
// against the book figure (the last count less what we shipped since), variances that
// need a reason refused confirmation without one, both sides' sign-off, the approved
// count entered as a new count of its moment (a newer count kept), the schedule and the
// alerts, an approval that died half-way finished, and the reconciliation sheet.
import ExcelJS from 'exceljs';
import type { FileDownload, InboxView, PlaceOrderResult, StocktakeSummary, StocktakeView } from '../../cloudfunctions/src/contract/api';
import type { Result } from '../../cloudfunctions/src/domain/errors';
import { approve } from '../../cloudfunctions/src/domain/stocktake';
import { JOBS, runJobs } from '../../cloudfunctions/src/jobs/schedule';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const errorOf = (r: Result<unknown>) => (r.ok ? undefined : r.error);
const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
let s: TestServer;
let op: string;
let fruit: string;

beforeEach(async () => {
  s = await startTestServer();
  s.clock.set(at(26, 8));
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus([
    sku('A001', 'sup-fruit', { name: '赣南脐橙', spec: '5斤装', cost: 5_000, supplierCode: 'QC-5' }), sku('A002', 'sup-fruit', { name: '沃柑', spec: '5斤装' }),
    sku('A003', 'sup-fruit', { name: '旧款', listed: false }), sku('B001', 'sup-eggs', { name: '土鸡蛋', spec: '30枚' }),
  ]);
  await s.store.upsertUsers(users);
  [op, fruit] = await Promise.all([s.signIn('OP-0001'), s.signIn('SUP-FRUIT')]);
  expect((await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 100 }, { skuId: 'A002', onHand: 40 }] }, fruit)).ok).toBe(true);
});
afterEach(() => s.close());

const view = (res: { ok: boolean; data?: unknown; error?: { message: string } }): StocktakeView => {
  if (!res.ok) throw new Error(res.error!.message);
  return res.data as StocktakeView;
};
const inbox = async (token: string, kind: string) => {
  const res = await s.call<InboxView>('account', 'inbox', {}, token);
  return res.ok ? res.data.alerts.filter((a) => a.kind === kind) : [];
};
/** Ten oranges ordered, forwarded at cutoff, confirmed in full and shipped. */
async function shipTenOranges(): Promise<void> {
  const leader = await s.signIn('LEAD-0001');
  const placed = await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: 'stk-order', lines: [{ skuId: 'A001', qty: 10 }] }, leader);
  expect(placed.ok).toBe(true);
  s.clock.set(at(26, 22, 1));
  await closeDueWaves(s.deps);
  const waveId = 'sup-fruit_2026-11-26';
  expect((await s.call('supplier', 'confirmWave', { waveId, skus: [{ skuId: 'A001', shipQty: 10 }] }, fruit)).ok).toBe(true);
  expect((await s.call('supplier', 'shipWave', { waveId }, fruit)).ok).toBe(true);
}

describe('a stocktake', () => {
  it('goes from a blind count against the book figure, through reasons and both sign-offs, into the ledger as a new count', async () => {
    await shipTenOranges();
    s.clock.set(at(27, 9));
    const opened = view(await s.call('operator', 'openStocktake', { supplierId: 'sup-fruit' }, op));
    expect(opened).toMatchObject({ status: 'open', statusName: '待盘点', supplierName: '赣南果园直供' });
    // The supplier sees every listed SKU to count, with nothing to copy from.
    expect(opened.lines.map((l) => [l.skuId, l.counted, l.book])).toEqual([['A001', undefined, undefined], ['A002', undefined, undefined]]);
    expect(await inbox(fruit, 'stocktakeDue')).toHaveLength(1);
    expect(errorOf(await s.call('operator', 'openStocktake', { supplierId: 'sup-fruit' }, op))?.code).toBe('CONFLICT');

    const missing = await s.call('supplier', 'submitStocktake', { stocktakeId: opened.id, lines: [{ skuId: 'A001', counted: 85 }, { skuId: 'B001', counted: 3 }] }, fruit);
    expect(missing.ok).toBe(false);
    expect(errorOf(missing)?.issues?.map((i) => [i.path, i.message])).toEqual([
      ['lines[1].skuId', '第2行 B001 不是这家供应商在售的商品'], ['lines', '还有 1 个商品没有盘点：沃柑 5斤装'],
    ]);
    s.clock.set(at(27, 9, 30));
    const counted = view(await s.call('supplier', 'submitStocktake', { stocktakeId: opened.id, lines: [{ skuId: 'A001', counted: 85 }, { skuId: 'A002', counted: 39 }] }, fruit));
    const orange = counted.lines.find((l) => l.skuId === 'A001')!;
    expect(orange).toMatchObject({ counted: 85, variance: -5, varianceValue: -25_000, needsReason: true, book: { countedOnHand: 100, shippedSince: 10, soldElsewhere: 0, book: 90 } });
    expect(counted.lines.find((l) => l.skuId === 'A002')).toMatchObject({ variance: -1, needsReason: false });
    expect(counted.totals).toMatchObject({ book: 130, counted: 124, variance: -6, absVariance: 6, value: -25_000 });

    const unexplained = await s.call('supplier', 'confirmStocktake', { stocktakeId: opened.id }, fruit);
    expect(errorOf(unexplained)?.issues).toEqual([{ path: 'lines[0].reason', message: '赣南脐橙 5斤装 盘点差异 -5 件，请选择原因' }]);
    const other = await s.call('supplier', 'explainStocktake', { stocktakeId: opened.id, lines: [{ skuId: 'A001', reason: 'other' }] }, fruit);
    expect(other.ok).toBe(true);
    expect(errorOf(await s.call('supplier', 'confirmStocktake', { stocktakeId: opened.id }, fruit))?.issues?.map((i) => i.path)).toEqual(['lines[0].note']);
    view(await s.call('supplier', 'explainStocktake', { stocktakeId: opened.id, lines: [{ skuId: 'A001', reason: 'damaged', note: '运输压坏 5 箱' }] }, fruit));
    // The operator cannot approve what the supplier has not confirmed.
    expect(errorOf(await s.call('operator', 'approveStocktake', { stocktakeId: opened.id }, op))).toMatchObject({ code: 'WRONG_STATE', message: '供应商还没有确认这次盘点，不能审核' });
    const confirmed = view(await s.call('supplier', 'confirmStocktake', { stocktakeId: opened.id }, fruit));
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedByName: '果园老李' });
    // ¥250 short is more than the ¥200 the operators want to hear of.
    expect((await inbox(op, 'stocktakeVariance')).map((a) => a.body)).toEqual(['赣南果园直供：盘点 2 个商品有差异，合计短少 ¥250.00，已由供应商确认，请核对原因后审核']);
    expect(confirmed.byReason).toEqual([
      { reason: 'damaged', reasonName: '损坏', lines: 1, units: -5, value: -25_000 },
      { reason: 'none', reasonName: '未说明（在允许范围内）', lines: 1, units: -1, value: 0 },
    ]);

    s.clock.set(at(27, 11));
    const approved = view(await s.call('operator', 'approveStocktake', { stocktakeId: opened.id }, op));
    expect(approved).toMatchObject({ status: 'approved', approvedByName: '运营小王', applied: { reportId: `rep_${opened.id}`, newerCounts: [] } });
    const [a1, a2] = await s.store.listInventory(['A001', 'A002']);
    expect([a1, a2].map((r) => [r!.onHand, r!.reportSource, r!.reportedAt, r!.basis])).toEqual([[85, 'stocktake', at(27, 9, 30), 'physical'], [39, 'stocktake', at(27, 9, 30), 'physical']]);
    const ledger = (await s.store.listLedger('A001')).filter((e) => e.kind === 'report');
    expect(ledger.at(-1)).toMatchObject({ source: 'stocktake', qty: 85, refId: `rep_${opened.id}`, by: 'u-op' });
    expect(approved.history.map((e) => e.actionName)).toEqual(['发起盘点', '录入盘点数', '填写差异原因', '填写差异原因', '供应商确认', '运营审核通过', '盘点数入账']);

    // Approved is final: nothing in it changes, on either side.
    for (const [fn, action, payload, token] of [
      ['supplier', 'submitStocktake', { stocktakeId: opened.id, lines: [{ skuId: 'A001', counted: 1 }, { skuId: 'A002', counted: 1 }] }, fruit],
      ['supplier', 'explainStocktake', { stocktakeId: opened.id, lines: [{ skuId: 'A001', reason: 'lost' }] }, fruit],
      ['operator', 'returnStocktake', { stocktakeId: opened.id, note: '重来' }, op],
      ['operator', 'cancelStocktake', { stocktakeId: opened.id, note: '不要了' }, op],
    ] as const) expect(errorOf(await s.call(fn, action, payload, token))?.code).toBe('WRONG_STATE');
    expect((await s.store.getStocktake(opened.id))!.version).toBe(approved.history.length);
  });

  it('keeps a count made after the stocktake\'s own, and a supplier sees only its own stocktakes', async () => {
    const opened = view(await s.call('operator', 'openStocktake', { supplierId: 'sup-fruit' }, op));
    s.clock.set(at(26, 9));
    view(await s.call('supplier', 'submitStocktake', { stocktakeId: opened.id, lines: [{ skuId: 'A001', counted: 100 }, { skuId: 'A002', counted: 40 }] }, fruit));
    view(await s.call('supplier', 'confirmStocktake', { stocktakeId: opened.id }, fruit));
    s.clock.set(at(26, 10));
    expect((await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A002', onHand: 44 }] }, fruit)).ok).toBe(true);
    const approved = view(await s.call('operator', 'approveStocktake', { stocktakeId: opened.id }, op));
    expect(approved.applied?.newerCounts).toEqual(['A002']);
    expect((await s.store.listInventory(['A002']))[0]).toMatchObject({ onHand: 44, reportSource: 'form' });
    expect(approved.history.at(-1)).toMatchObject({ actionName: '盘点数入账', note: '1 个商品盘点后已有新报数，以新报数为准' });

    const eggs = await s.signIn('SUP-EGGS');
    expect(errorOf(await s.call('supplier', 'stocktake', { stocktakeId: opened.id }, eggs))?.code).toBe('NOT_FOUND');
    expect(errorOf(await s.call('supplier', 'confirmStocktake', { stocktakeId: opened.id }, eggs))?.code).toBe('NOT_FOUND');
    const own = await s.call<StocktakeSummary[]>('supplier', 'stocktakes', {}, eggs);
    expect(own.ok && own.data).toEqual([]);
  });

  it('is sent back for a recount with a note, keeping the first count in its history', async () => {
    const opened = view(await s.call('operator', 'openStocktake', { supplierId: 'sup-fruit' }, op));
    view(await s.call('operator', 'countStocktakeFor', { stocktakeId: opened.id, lines: [{ skuId: 'A001', counted: 60, reason: 'entryError' }, { skuId: 'A002', counted: 40 }] }, op));
    const returned = view(await s.call('operator', 'returnStocktake', { stocktakeId: opened.id, note: '脐橙差 40 箱不可能，请复盘' }, op));
    expect(returned).toMatchObject({ status: 'open' });
    expect(returned.history.at(-1)).toMatchObject({ actionName: '退回重盘', byName: '运营小王', note: '脐橙差 40 箱不可能，请复盘' });
    const recounted = view(await s.call('supplier', 'submitStocktake', { stocktakeId: opened.id, lines: [{ skuId: 'A001', counted: 99 }, { skuId: 'A002', counted: 40 }] }, fruit));
    expect(recounted.lines.find((l) => l.skuId === 'A001')).toMatchObject({ counted: 99, needsReason: false });
    const kept = (await s.store.getStocktake(opened.id))!.history.filter((e) => e.action === 'counted').map((e) => e.lines!.find((l) => l.skuId === 'A001')!.counted);
    expect(kept).toEqual([60, 99]);
    expect(errorOf(await s.call('operator', 'returnStocktake', { stocktakeId: opened.id, note: '' }, op))?.issues?.map((i) => i.path)).toEqual(['note']);
  });

  it('opens on its schedule once, reminds the operators once per late stage, and finishes an approval that died before its count went in', async () => {
    await s.store.upsertSuppliers([{ ...suppliers[0]!, stocktake: { every: 'fortnight', weekday: 4, time: '09:00', from: '2026-11-26' } }]);
    s.clock.set(at(26, 9, 5));
    const ran = await runJobs(s.deps, JOBS);
    expect(ran.runStocktakes).toMatchObject({ opened: ['stk_sup-fruit_2026-11-26'] });
    s.clock.set(at(26, 9, 10));
    expect((await runJobs(s.deps, JOBS)).runStocktakes).toMatchObject({ opened: [], overdue: 0 });
    // A day on, nobody has counted: the operators hear, once.
    s.clock.set(at(27, 9, 15));
    expect((await runJobs(s.deps, JOBS)).runStocktakes).toMatchObject({ overdue: 1 });
    expect((await runJobs(s.deps, JOBS)).runStocktakes).toMatchObject({ overdue: 0 });
    expect((await inbox(op, 'stocktakeOverdue')).map((a) => a.body)).toEqual(['赣南果园直供：盘点 stk_sup-fruit_2026-11-26 已过期限，供应商还没有提交盘点数']);

    const id = 'stk_sup-fruit_2026-11-26';
    view(await s.call('supplier', 'submitStocktake', { stocktakeId: id, lines: [{ skuId: 'A001', counted: 100 }, { skuId: 'A002', counted: 41 }] }, fruit));
    const confirmed = (await s.store.getStocktake(view(await s.call('supplier', 'confirmStocktake', { stocktakeId: id }, fruit)).id))!;
    // The approval is stored, and the call dies before the count is entered.
    const approved = approve(confirmed, 'u-op', s.clock.now());
    expect(approved.ok && (await s.store.saveStocktake(approved.data, confirmed.version))).toBe(true);
    s.clock.advance(2 * 60_000);
    expect((await runJobs(s.deps, JOBS)).runStocktakes).toMatchObject({ applied: 1 });
    expect((await s.store.getStocktake(id))!.applied).toMatchObject({ reportId: `rep_${id}` });
    expect((await s.store.listInventory(['A002']))[0]).toMatchObject({ onHand: 41, reportSource: 'stocktake' });
    s.clock.set(Date.UTC(2026, 11, 3, 1, 5)); // 2026-12-03 09:05: a Thursday, but not its week
    expect((await runJobs(s.deps, JOBS)).runStocktakes).toMatchObject({ opened: [], skipped: [] });
    s.clock.set(Date.UTC(2026, 11, 10, 1, 5)); // 2026-12-10 09:05, two weeks on: the next one opens
    expect((await runJobs(s.deps, JOBS)).runStocktakes).toMatchObject({ opened: ['stk_sup-fruit_2026-12-10'] });
  });

  it('exports a reconciliation sheet a person can sign: one row per SKU, totals, reasons and both signatures', async () => {
    await shipTenOranges();
    s.clock.set(at(27, 9));
    const opened = view(await s.call('operator', 'openStocktake', { supplierId: 'sup-fruit' }, op));
    view(await s.call('supplier', 'submitStocktake', { stocktakeId: opened.id, lines: [{ skuId: 'A001', counted: 85, reason: 'lost', note: '少了 5 箱' }, { skuId: 'A002', counted: 40 }] }, fruit));
    view(await s.call('supplier', 'confirmStocktake', { stocktakeId: opened.id }, fruit));
    const file = await s.call<FileDownload>('operator', 'exportStocktake', { stocktakeId: opened.id }, op);
    if (!file.ok) throw new Error(file.error.message);
    expect(file.data.fileName).toBe(`赣南果园直供-盘点对账-${opened.id}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.data.base64, 'base64') as unknown as ArrayBuffer);
    const rows = (book.getWorksheet('盘点对账')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows.find((r) => r[0] === 'A001')).toEqual(['A001', 'QC-5', '赣南脐橙', '5斤装', 100, '2026-11-26 08:00', 10, 0, 90, 85, -5, -250, '丢失', '少了 5 箱']);
    expect(rows.find((r) => r[0] === '合计')!.slice(8, 12)).toEqual([130, 125, -5, -250]);
    expect(rows.find((r) => r[0] === '供应商确认')!.slice(0, 2)).toEqual(['供应商确认', '果园老李']);
    expect(rows.find((r) => r[0] === '运营审核')!.slice(0, 2)).toEqual(['运营审核', '（未审核）']);
    const fromSupplier = await s.call<FileDownload>('supplier', 'exportStocktake', { stocktakeId: opened.id }, fruit);
    expect(fromSupplier.ok).toBe(true);
  });
});
