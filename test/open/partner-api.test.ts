// The partner API over real HTTP on the self-hosted server: a supplier's system signs
// each request with its key; the server refuses what is unsigned, forged, stale or
// replayed, applies pushes whole or not at all, answers a repeat with its first result,
// and keeps each key to its own supplier's SKUs, orders and waves.
import type { NewPartnerKey, PartnerKeyView, PlaceOrderResult } from '../../cloudfunctions/src/contract/api';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { JOBS, runJobs } from '../../cloudfunctions/src/jobs/schedule';
import { NONCE_KEPT_MS, forgetOldNonces } from '../../cloudfunctions/src/open/authenticate';
import { signedHeaders } from '../../cloudfunctions/src/open/signature';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
const ERP = { id: 'sup-erp', name: '鲜丰冷链仓', level: 'api' as const, reportTimes: ['08:00', '20:00'], basis: 'available' as const };
const OTHER_ERP = { ...ERP, id: 'sup-erp2', name: '北方干货仓' };

let s: TestServer;
let op: string;
let key: NewPartnerKey;

async function makeKey(supplierId: string): Promise<NewPartnerKey> {
  const made = await s.call<NewPartnerKey>('operator', 'createPartnerKey', { supplierId }, op);
  if (!made.ok) throw new Error(made.error.message);
  return made.data;
}

interface Sent { status: number; body: { ok: boolean; data?: any; error?: { code: string; message: string; issues?: Array<{ path: string; message: string }> } } }

async function send(method: 'GET' | 'POST', path: string, body: unknown, headers: Record<string, string>): Promise<Sent> {
  const raw = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${s.url}/api/open/v1${path}`, { method, headers, ...(raw === undefined ? {} : { body: raw }) });
  return { status: res.status, body: await res.json() };
}

/** A request signed with `k`, as a supplier's system sends it. */
const signed = (method: 'GET' | 'POST', path: string, body?: unknown, k: { id: string; secret: string } = key, nowMs = s.clock.now()) => {
  const raw = body === undefined ? '' : JSON.stringify(body);
  return send(method, path, method === 'GET' ? undefined : raw, signedHeaders(k.id, k.secret, raw, nowMs));
};
const push = (body: unknown, k?: { id: string; secret: string }) => signed('POST', '/stock', body, k);
const onHand = async (skuId: string) => (await s.store.listInventory([skuId]))[0]?.onHand;

beforeEach(async () => {
  s = await startTestServer();
  s.clock.set(at(26, 8));
  await s.store.upsertSuppliers([...suppliers, ERP, OTHER_ERP]);
  await s.store.upsertSkus([
    sku('C001', 'sup-erp', { name: '纯牛奶', spec: '24盒', supplierCode: 'MILK-24' }),
    sku('C002', 'sup-erp', { name: '酸奶', spec: '12杯' }),
    sku('D001', 'sup-erp2', { name: '红枣', spec: '500g' }),
  ]);
  await s.store.upsertUsers([...users, { ...users[3]!, id: 'u-leader-1', pickupPoint: '阳光小区3号门', phone: '13800000001', address: '杭州市阳光路1号' }]);
  op = await s.signIn('OP-0001');
  key = await makeKey('sup-erp');
});
afterEach(() => s.close());

describe('signing', () => {
  it('accepts a signed snapshot, by our code or the supplier\'s own, and the count is the supplier system\'s', async () => {
    const res = await push({ requestId: 'erp-1', mode: 'snapshot', items: [{ code: 'MILK-24', quantity: 120 }, { code: 'C002', quantity: 30 }] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ requestId: 'erp-1', status: 'applied', items: 2, applied: 2, held: [] });
    expect([await onHand('C001'), await onHand('C002')]).toEqual([120, 30]);
    const [report] = await s.store.listReports('sup-erp', 1);
    expect(report).toMatchObject({ source: 'api', reportedBy: `api:${key.id}`, basis: 'available', request: { id: 'erp-1' } });
  });

  it('refuses with 401 and a code: no headers, unknown key, wrong signature, an altered body, a stale clock, a reused nonce, a revoked key', async () => {
    const body = JSON.stringify({ requestId: 'erp-2', mode: 'snapshot', items: [{ code: 'C001', quantity: 5 }] });
    const code = (r: Sent) => [r.status, r.body.error?.code];
    expect(code(await send('POST', '/stock', body, { 'content-type': 'application/json' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(code(await send('POST', '/stock', body, signedHeaders('hzk_nobody', key.secret, body, s.clock.now())))).toEqual([401, 'KEY_UNKNOWN']);
    expect(code(await send('POST', '/stock', body, signedHeaders(key.id, 'not-the-secret', body, s.clock.now())))).toEqual([401, 'SIGNATURE_INVALID']);
    const altered = body.replace('"quantity":5', '"quantity":500');
    expect(code(await send('POST', '/stock', altered, signedHeaders(key.id, key.secret, body, s.clock.now())))).toEqual([401, 'SIGNATURE_INVALID']);
    expect(code(await send('POST', '/stock', body, signedHeaders(key.id, key.secret, body, s.clock.now() - 301_000)))).toEqual([401, 'TIMESTAMP_OUT_OF_WINDOW']);
    expect(code(await send('POST', '/stock', body, signedHeaders(key.id, key.secret, body, s.clock.now() + 301_000)))).toEqual([401, 'TIMESTAMP_OUT_OF_WINDOW']);
    const once = signedHeaders(key.id, key.secret, body, s.clock.now());
    expect((await send('POST', '/stock', body, once)).status).toBe(200);
    expect(code(await send('POST', '/stock', body, once))).toEqual([401, 'NONCE_REUSED']);
    expect(code(await send('POST', '/stock', body, { ...signedHeaders(key.id, key.secret, body, s.clock.now(), 'short') }))).toEqual([401, 'UNAUTHENTICATED']);
    await s.call('operator', 'revokePartnerKey', { keyId: key.id }, op);
    expect(code(await push(JSON.parse(body)))).toEqual([401, 'KEY_UNKNOWN']);
    // None of the refused ones counted anything.
    expect(await onHand('C001')).toBe(5);
  });

  it('forgets a nonce only once no request could replay it: the stale timestamp refuses it then', async () => {
    const body = JSON.stringify({ requestId: 'erp-nonce', mode: 'snapshot', items: [{ code: 'C001', quantity: 6 }] });
    const once = signedHeaders(key.id, key.secret, body, s.clock.now());
    expect((await send('POST', '/stock', body, once)).status).toBe(200);
    s.clock.advance(290_000);
    expect(await forgetOldNonces(s.deps)).toBe(0);
    expect((await send('POST', '/stock', body, once)).body.error?.code).toBe('NONCE_REUSED');
    s.clock.advance(NONCE_KEPT_MS - 290_000 + 1000);
    const ran = await runJobs(s.deps, JOBS);
    expect(ran.forgetOldNonces).toBeGreaterThanOrEqual(1);
    const replay = await send('POST', '/stock', body, once);
    expect([replay.status, replay.body.error?.code]).toEqual([401, 'TIMESTAMP_OUT_OF_WINDOW']);
  });

  it('keeps two keys alive while the supplier switches over, a third refused, and never shows a secret again', async () => {
    s.clock.advance(1000);
    const next = await makeKey('sup-erp');
    expect((await push({ requestId: 'old-key', mode: 'snapshot', items: [{ code: 'C001', quantity: 10 }] })).status).toBe(200);
    expect((await push({ requestId: 'new-key', mode: 'snapshot', items: [{ code: 'C001', quantity: 11 }] }, next)).status).toBe(200);
    const third = await s.call('operator', 'createPartnerKey', { supplierId: 'sup-erp' }, op);
    expect(third.ok || third.error.code).toBe('CONFLICT');
    const listed = await s.call<PartnerKeyView[]>('operator', 'listPartnerKeys', { supplierId: 'sup-erp' }, op);
    expect(listed.ok && listed.data.map((k) => k.id)).toEqual([key.id, next.id]);
    expect(JSON.stringify(listed)).not.toContain(key.secret);
    const portal = await s.call('operator', 'createPartnerKey', { supplierId: 'sup-fruit' }, op);
    expect(portal.ok || portal.error.code).toBe('WRONG_STATE');
    const supplierTries = await s.call('operator', 'createPartnerKey', { supplierId: 'sup-erp' }, await s.signIn('SUP-FRUIT'));
    expect(supplierTries.ok || supplierTries.error.code).toBe('FORBIDDEN');
  });
});

describe('pushing stock', () => {
  it('answers a repeat of a request id with the first result and applies nothing twice; another body under it is refused', async () => {
    const body = { requestId: 'erp-3', mode: 'snapshot', items: [{ code: 'C001', quantity: 40 }] };
    const first = await push(body);
    s.clock.advance(60_000);
    const again = await push(body);
    expect(again.body.data).toMatchObject({ reportId: first.body.data.reportId, status: 'applied', replayed: true });
    expect((await s.store.listLedger('C001')).filter((e) => e.kind === 'report')).toHaveLength(1);
    const changed = await push({ ...body, items: [{ code: 'C001', quantity: 41 }] });
    expect([changed.status, changed.body.error?.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await onHand('C001')).toBe(40);
  });

  it('applies a push whole or not at all, naming every bad item by its place', async () => {
    await push({ requestId: 'base', mode: 'snapshot', items: [{ code: 'C001', quantity: 40 }] });
    const bad = await push({ requestId: 'erp-4', mode: 'delta', items: [
      { code: 'C001', quantity: 50, op: 'sub' }, { code: 'NOPE', quantity: 1, op: 'set' }, { code: 'C002', quantity: 3, op: 'add' }, { code: 'C001', quantity: 1, op: 'set' }, { code: 'D001', quantity: 1, op: 'set' },
    ] });
    expect(bad.status).toBe(422);
    expect(bad.body.error!.issues!.map((i) => i.path)).toEqual(['items[0].quantity', 'items[1].code', 'items[2].quantity', 'items[3].code', 'items[4].code']);
    expect(bad.body.error!.issues![0]!.message).toContain('扣减 50 后库存为负（当前记录 40）');
    expect(bad.body.error!.issues![4]!.message).toContain('属于其他供应商');
    expect(await onHand('C001')).toBe(40);
    const malformed = await push({ requestId: 'erp-5', mode: 'snapshot', items: [{ code: 'C001', quantity: -1 }] });
    expect([malformed.status, malformed.body.error?.issues?.[0]?.path]).toEqual([422, 'items[0].quantity']);
  });

  it('turns changes into counts: add and sub from the last count, set as given', async () => {
    await push({ requestId: 'base', mode: 'snapshot', items: [{ code: 'C001', quantity: 40 }, { code: 'C002', quantity: 30 }] });
    const delta = await push({ requestId: 'erp-6', mode: 'delta', items: [{ code: 'C001', quantity: 5, op: 'sub' }, { code: 'C002', quantity: 8, op: 'add' }] });
    expect(delta.body.data).toMatchObject({ status: 'applied', applied: 2 });
    expect([await onHand('C001'), await onHand('C002')]).toEqual([35, 38]);
    const snapshotOp = await push({ requestId: 'erp-7', mode: 'snapshot', items: [{ code: 'C001', quantity: 5, op: 'add' }] });
    expect(snapshotOp.body.error?.issues?.[0]?.path).toBe('items[0].op');
  });

  it('holds only the lines that jump, unless the operator exempts the supplier\'s system', async () => {
    await push({ requestId: 'base', mode: 'snapshot', items: [{ code: 'C001', quantity: 40 }, { code: 'C002', quantity: 30 }] });
    const jumped = await push({ requestId: 'erp-8', mode: 'snapshot', items: [{ code: 'MILK-24', quantity: 400 }, { code: 'C002', quantity: 28 }] });
    expect(jumped.body.data).toMatchObject({ status: 'applied', applied: 1, held: [{ code: 'MILK-24', skuId: 'C001', quantity: 400, last: 40 }] });
    expect([await onHand('C001'), await onHand('C002')]).toEqual([40, 28]);
    // The repeat says the same, held part included.
    expect((await push({ requestId: 'erp-8', mode: 'snapshot', items: [{ code: 'MILK-24', quantity: 400 }, { code: 'C002', quantity: 28 }] })).body.data)
      .toMatchObject({ replayed: true, held: [{ code: 'MILK-24', quantity: 400 }] });

    const saved = await s.call('operator', 'saveSupplier', { supplier: { ...ERP, apiJumpExempt: true }, create: false }, op);
    expect(saved.ok).toBe(true);
    const exempt = await push({ requestId: 'erp-9', mode: 'snapshot', items: [{ code: 'C002', quantity: 300 }] });
    expect(exempt.body.data).toMatchObject({ status: 'applied', held: [] });
    expect(await onHand('C002')).toBe(300);
  });
});

describe('orders and waves', () => {
  async function forwardedWave(): Promise<string> {
    await push({ requestId: 'base', mode: 'snapshot', items: [{ code: 'C001', quantity: 100 }, { code: 'C002', quantity: 100 }] });
    await s.call('operator', 'saveSupplier', { supplier: { ...OTHER_ERP }, create: false }, op);
    const leader = await s.signIn('LEAD-0001');
    for (const [i, qty] of [[1, 3], [2, 2]] as const) {
      const placed = await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: `erp-order-${i}`, lines: [{ skuId: 'C001', qty, customer: `${i} 王阿姨` }, { skuId: 'C002', qty: 1 }] }, leader);
      expect(placed.ok).toBe(true);
      s.clock.advance(60_000);
    }
    s.clock.set(at(26, 22, 1));
    await closeDueWaves(s.deps);
    return 'sup-erp_2026-11-26';
  }

  it('lists the forwarded lines with the leader\'s pickup point, paged, and only the key\'s own supplier\'s', async () => {
    const waveId = await forwardedWave();
    const all = await signed('GET', '/orders');
    expect(all.status).toBe(200);
    expect(all.body.data.lines).toHaveLength(4);
    expect(all.body.data.lines[0]).toMatchObject({ waveId, day: '2026-11-26', status: 'forwarded', leader: { name: '阳光小区团长', pickupPoint: '阳光小区3号门', phone: '13800000001' } });
    expect(all.body.data.lines.find((l: { skuId: string; quantity: number }) => l.skuId === 'C001' && l.quantity === 3)).toMatchObject({ supplierCode: 'MILK-24', customer: '1 王阿姨' });
    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await signed('GET', `/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...page.body.data.lines.map((l: { lineId: string }) => l.lineId));
      cursor = page.body.data.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.body.data.lines.map((l: { lineId: string }) => l.lineId));
    const other = await makeKey('sup-erp2');
    expect((await signed('GET', '/orders', undefined, other)).body.data.lines).toEqual([]);
    expect((await signed('POST', `/waves/${waveId}/confirm`, { lines: [] }, other)).status).toBe(422);
    expect((await signed('POST', `/waves/${waveId}/ship`, undefined, other)).body.error?.code).toBe('NOT_FOUND');
  });

  it('confirms a wave line by line, cutting exactly the lines the system says, then ships it', async () => {
    const waveId = await forwardedWave();
    const lines = (await signed('GET', '/orders')).body.data.lines as Array<{ lineId: string; skuId: string; quantity: number }>;
    const early = await signed('POST', `/waves/${waveId}/ship`);
    expect([early.status, early.body.error?.code]).toEqual([409, 'WRONG_STATE']);
    const partial = await signed('POST', `/waves/${waveId}/confirm`, { lines: lines.slice(1).map((l) => ({ lineId: l.lineId, shippable: l.quantity + 1 })) });
    expect(partial.status).toBe(422);
    expect(partial.body.error!.issues!.map((i) => i.message)).toEqual([
      ...lines.slice(1).map((l, i) => `lines[${i}]：可发数量不能超过订购的 ${l.quantity} 件`), `订单行 ${lines[0]!.lineId} 还没给出可发数量`,
    ]);
    // The earlier-placed line of 3 is the one cut, which the per-SKU rule (latest first) would not choose.
    const cut = lines.find((l) => l.skuId === 'C001' && l.quantity === 3)!;
    const confirmed = await signed('POST', `/waves/${waveId}/confirm`, { lines: lines.map((l) => ({ lineId: l.lineId, shippable: l === cut ? 1 : l.quantity })) });
    expect(confirmed.body.data).toMatchObject({ waveId, status: 'confirmed', lines: 4, shortLines: 1 });
    const [stored] = await s.store.getOrderLines([cut.lineId]);
    expect(stored).toMatchObject({ shortQty: 2, status: 'short' });
    expect((await s.store.listTasks({ leaderId: 'u-leader-1' })).map((t) => [t.lineId, t.shortQty])).toEqual([[cut.lineId, 2]]);
    const shipped = await signed('POST', `/waves/${waveId}/ship`);
    expect(shipped.body.data).toMatchObject({ status: 'shipped' });
    expect((await signed('GET', '/orders?status=shipped')).body.data.lines).toHaveLength(4);
  });
});

describe('the developer\'s page', () => {
  it('serves the OpenAPI document from the same schemas and a Chinese page with the examples', async () => {
    const doc = await (await fetch(`${s.url}/api/open/v1/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/stock', '/orders', '/waves/{waveId}/confirm', '/waves/{waveId}/ship']);
    expect(doc.components.schemas.StockPush.required).toEqual(['requestId', 'mode', 'items']);
    expect(doc.components.schemas.StockPush.properties.items.items.properties.op.enum).toEqual(['set', 'add', 'sub']);
    const page = await fetch(`${s.url}/api/open/v1/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('货准 供应商接口');
    expect(html).toContain('openssl dgst -sha256 -hmac');
  });
});
