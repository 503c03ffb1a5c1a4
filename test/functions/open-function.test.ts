// The deployed `open` function as CloudBase's HTTP access service runs it: its bundle is
// loaded and `main` called with integrated-request events, the real wx-server-sdk
// talking to the local cloud database endpoint. Only a signed HTTP event counts stock.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as cloud from 'wx-server-sdk';
import { buildFunctions } from '../../cloudfunctions/build';
import { signedHeaders } from '../../cloudfunctions/src/open/signature';
import { type CloudDatabase, CloudStore } from '../../cloudfunctions/src/storage/cloud/cloud-store';
import { type CloudEndpoint, pointSdkAt, startCloudEndpoint } from '../cloud-endpoint';
import { sku } from '../fixtures/catalogue';

const OUT = resolve(__dirname, '../../.tmp/functions-open-test');
const KEY = { id: 'hzk_cloudtest', supplierId: 'sup-erp', secret: 'cloud-test-secret', createdAt: 0, createdBy: 'u-op' };
let endpoint: CloudEndpoint;
let restoreEnv: () => void;
let store: CloudStore;
type Main = (event: unknown) => Promise<{ statusCode?: number; headers?: Record<string, string>; body?: string; ok?: boolean; error?: { code: string } }>;
let main: Main;

beforeAll(async () => {
  await buildFunctions(OUT);
  endpoint = await startCloudEndpoint();
  restoreEnv = pointSdkAt(endpoint.url);
  cloud.init({ env: 'huozhun-local' });
  store = new CloudStore(cloud.database() as unknown as CloudDatabase);
  await store.upsertSuppliers([{ id: 'sup-erp', name: '鲜丰冷链仓', level: 'api', reportTimes: ['08:00'], basis: 'available' }]);
  await store.upsertSkus([sku('C001', 'sup-erp', { supplierCode: 'MILK-24' })]);
  await store.savePartnerKey(KEY);
  main = (require(join(OUT, 'open', 'index.js')) as { main: Main }).main;
}, 60_000);

afterAll(async () => {
  await endpoint.close();
  restoreEnv();
  rmSync(OUT, { recursive: true, force: true });
});

const event = (body: string, headers: Record<string, string>, base64 = false) => ({
  path: '/api/open/v1/stock', httpMethod: 'POST', headers, queryStringParameters: {},
  body: base64 ? Buffer.from(body).toString('base64') : body, isBase64Encoded: base64, requestContext: { envId: 'huozhun-local' },
});

it('counts a signed push, base64 body or not, answering an integrated response; a repeat answers the first', async () => {
  const body = JSON.stringify({ requestId: 'cloud-1', mode: 'snapshot', items: [{ code: 'MILK-24', quantity: 77 }] });
  const res = await main(event(body, signedHeaders(KEY.id, KEY.secret, body, Date.now()), true));
  expect(res.statusCode).toBe(200);
  expect(res.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
  expect(JSON.parse(res.body!)).toMatchObject({ ok: true, data: { status: 'applied', applied: 1 } });
  expect((await store.listInventory(['C001']))[0]?.onHand).toBe(77);
  const again = await main(event(body, signedHeaders(KEY.id, KEY.secret, body, Date.now())));
  expect(JSON.parse(again.body!)).toMatchObject({ ok: true, data: { replayed: true } });
});

it('refuses a wrong signature with 401, and a mini-program calling it by name', async () => {
  const body = JSON.stringify({ requestId: 'cloud-2', mode: 'snapshot', items: [{ code: 'C001', quantity: 5 }] });
  const forged = await main(event(body, signedHeaders(KEY.id, 'guessed', body, Date.now())));
  expect([forged.statusCode, JSON.parse(forged.body!).error.code]).toEqual([401, 'SIGNATURE_INVALID']);
  expect(await main({ action: 'pushStock', payload: JSON.parse(body) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect((await store.listInventory(['C001']))[0]?.onHand).toBe(77);
});
