// operator.parseSupplierMessage on real SQLite (issue 16): a pasted group message is read against
// that supplier's SKUs only and saves nothing; the operator's submit goes through submitReportFor
// with source `message`, which the SKU's history then shows.
import type { IntakeResult, SkuHistory, SupplierMessageView } from '../../cloudfunctions/src/contract/api';
import { MESSAGE_REASONS } from '../../cloudfunctions/src/domain/supplier-message';
import { skus, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let op: string;
let fruit: string;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus([...skus.map((k) => (k.id === 'A002' ? { ...k, supplierCode: 'GN-002' } : k))]);
  await s.store.upsertUsers(users);
  [op, fruit] = (await Promise.all(['OP-0001', 'SUP-FRUIT'].map((c) => s.signIn(c)))) as [string, string];
});
afterEach(() => s.close());

describe('operator.parseSupplierMessage', () => {
  it("reads a message against the supplier's own SKUs and saves nothing", async () => {
    const res = await s.call<SupplierMessageView>('operator', 'parseSupplierMessage', {
      supplierId: 'sup-fruit', message: '老李：今天库存\n脐橙 ３０件 GN-002：五十\n土鸡蛋 20 香蕉没了',
    }, op);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.lines).toEqual([
      { kind: 'matched', lineNo: 2, text: '脐橙 ３０件', skuId: 'A001', onHand: 30 },
      { kind: 'matched', lineNo: 2, text: 'GN-002：五十', skuId: 'A002', onHand: 50 },
      // Another supplier's eggs and a fruit nobody sells are asked about, never guessed.
      { kind: 'flagged', lineNo: 3, text: '土鸡蛋 20', reason: MESSAGE_REASONS.noMatch, candidates: [] },
      { kind: 'flagged', lineNo: 3, text: '香蕉没了', reason: MESSAGE_REASONS.noMatch, candidates: [] },
    ]);
    expect(res.data.names).toEqual({ A001: '赣南脐橙 5斤装', A002: '砂糖橘 3斤装' });
    expect(await s.store.listInventory(['A001', 'A002'])).toEqual([]);
    expect(await s.store.listReports('sup-fruit', 10)).toEqual([]);
  });

  it('names a supplier that does not exist, and an empty message, in Chinese', async () => {
    const missing = await s.call('operator', 'parseSupplierMessage', { supplierId: 'nope', message: '苹果 30' }, op);
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
    const empty = await s.call('operator', 'parseSupplierMessage', { supplierId: 'sup-fruit', message: '' }, op);
    expect(!empty.ok && empty.error.code).toBe('VALIDATION');
    expect(!empty.ok && empty.error.message).toContain('群消息');
  });

  it('is the operator\'s: a supplier cannot call it', async () => {
    const res = await s.call('operator', 'parseSupplierMessage', { supplierId: 'sup-fruit', message: '脐橙 30' }, fruit);
    expect(res.ok).toBe(false);
  });
});

describe('submitReportFor with source message', () => {
  it('records the report as 群消息 (source message), and a typed one as operator', async () => {
    const sent = await s.call<IntakeResult>('operator', 'submitReportFor', {
      supplierId: 'sup-fruit', lines: [{ skuId: 'A001', onHand: 30 }], note: '微信群 08:05 老李', source: 'message',
    }, op);
    expect(sent.ok && sent.data.status).toBe('applied');
    await s.call<IntakeResult>('operator', 'submitReportFor', { supplierId: 'sup-fruit', lines: [{ skuId: 'A002', onHand: 12 }] }, op);
    const reports = await s.store.listReports('sup-fruit', 10);
    expect(reports.map((r) => [r.lines[0]?.skuId, r.source]).sort()).toEqual([['A001', 'message'], ['A002', 'operator']]);
    const history = await s.call<SkuHistory>('operator', 'skuHistory', { skuId: 'A001' }, op);
    expect(history.ok && history.data.events.map((e) => e.source)).toEqual(['message']);
  });

  it('refuses a source the operator cannot claim, naming the field', async () => {
    const res = await s.call('operator', 'submitReportFor', { supplierId: 'sup-fruit', lines: [{ skuId: 'A001', onHand: 30 }], source: 'api' }, op);
    expect(!res.ok && res.error.code).toBe('VALIDATION');
    expect(!res.ok && res.error.message).toContain('来源');
    expect(await s.store.listReports('sup-fruit', 10)).toEqual([]);
  });
});
