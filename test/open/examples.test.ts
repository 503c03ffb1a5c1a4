// The signing examples on the developer's page, run as a supplier's developer would run
// them (curl + openssl, Node, Python) against a real server: each must push its count.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NewPartnerKey } from '../../cloudfunctions/src/contract/api';
import { CURL_EXAMPLE, NODE_EXAMPLE, PYTHON_EXAMPLE } from '../../cloudfunctions/src/open/examples';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const run = promisify(execFile);
const has = async (command: string): Promise<boolean> => run('sh', ['-c', `command -v ${command}`]).then(() => true, () => false);

let s: TestServer;
let key: NewPartnerKey;
let dir: string;

beforeAll(async () => {
  s = await startTestServer();
  // The examples stamp the machine's own time: the server's clock must agree.
  s.clock.set(Date.now());
  await s.store.upsertSuppliers([...suppliers, { id: 'sup-erp', name: '鲜丰冷链仓', level: 'api', reportTimes: ['08:00'], basis: 'available' }]);
  await s.store.upsertSkus([sku('C001', 'sup-erp'), sku('C002', 'sup-erp', { supplierCode: 'YOG-12' }), sku('C003', 'sup-erp')]);
  await s.store.upsertUsers(users);
  const made = await s.call<NewPartnerKey>('operator', 'createPartnerKey', { supplierId: 'sup-erp' }, await s.signIn('OP-0001'));
  if (!made.ok) throw new Error(made.error.message);
  key = made.data;
  dir = mkdtempSync(join(tmpdir(), 'hz-examples-'));
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runExample(file: string, text: string, command: string, code: string): Promise<unknown> {
  writeFileSync(join(dir, file), text);
  const { stdout } = await run(command, [join(dir, file)], { env: { ...process.env, HZ_BASE: s.url, HZ_KEY: key.id, HZ_SECRET: key.secret, HZ_CODE: code } });
  return JSON.parse(stdout);
}
const onHand = async (skuId: string) => (await s.store.listInventory([skuId]))[0]?.onHand;

it('the Node example pushes its count', async () => {
  expect(await runExample('push.mjs', NODE_EXAMPLE, process.execPath, 'C001')).toMatchObject({ ok: true, data: { status: 'applied', applied: 1 } });
  expect(await onHand('C001')).toBe(120);
});

it('the curl + openssl example pushes its count (by the supplier\'s own code)', async () => {
  if (!(await has('curl')) || !(await has('openssl'))) return console.warn('curl or openssl missing: the curl example was not run');
  expect(await runExample('push.sh', CURL_EXAMPLE, 'bash', 'YOG-12')).toMatchObject({ ok: true, data: { status: 'applied' } });
  expect(await onHand('C002')).toBe(120);
});

it('the Python example pushes its count', async () => {
  if (!(await has('python3'))) return console.warn('python3 missing: the Python example was not run');
  expect(await runExample('push.py', PYTHON_EXAMPLE, 'python3', 'C003')).toMatchObject({ ok: true, data: { status: 'applied' } });
  expect(await onHand('C003')).toBe(120);
});
