// The deployed cloud functions as WeChat runs them: each built folder's bundle is
// loaded and its `main` called with the event the mini-program sends, with the
// OPENID in the environment where the cloud puts it, and the real wx-server-sdk
// talking to the local cloud database endpoint.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as cloud from 'wx-server-sdk';
import { buildFunctions } from '../../cloudfunctions/build';
import { DEPLOYED_FUNCTIONS } from '../../cloudfunctions/functions';
import type { Result } from '../../cloudfunctions/src/domain/errors';
import type { AvailabilityItem, PlaceOrderResult, WhoAmI } from '../../cloudfunctions/src/contract/api';
import { type CloudDatabase, CloudStore } from '../../cloudfunctions/src/storage/cloud/cloud-store';
import { type CloudEndpoint, pointSdkAt, startCloudEndpoint } from '../cloud-endpoint';
import { skus, suppliers, users } from '../fixtures/catalogue';

// Inside the repo, so the bundles resolve wx-server-sdk from node_modules as the cloud installs it.
const OUT = resolve(__dirname, '../../.tmp/functions-test');
let endpoint: CloudEndpoint;
let restoreEnv: () => void;
let sizes: Array<{ name: string; bytes: number }>;

beforeAll(async () => {
  sizes = await buildFunctions(OUT);
  endpoint = await startCloudEndpoint();
  restoreEnv = pointSdkAt(endpoint.url);
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID';
  process.env.WX_APPID = 'wx-test-app';
  cloud.init({ env: 'huozhun-local' });
  const store = new CloudStore(cloud.database() as unknown as CloudDatabase);
  await store.upsertSuppliers(suppliers);
  await store.upsertSkus(skus);
  await store.upsertUsers(users);
}, 60_000);

afterAll(async () => {
  await endpoint.close();
  restoreEnv();
  delete process.env.WX_CONTEXT_KEYS;
  delete process.env.WX_OPENID;
  rmSync(OUT, { recursive: true, force: true });
});

/** What the cloud lets one scheduler call run (functions.ts), the bound for its test too. */
const SCHEDULER_TIMEOUT_MS = DEPLOYED_FUNCTIONS.find((f) => f.name === 'scheduler')!.timeoutSeconds * 1000;

type Main = (event: unknown) => Promise<Result<unknown>>;
const mains = new Map<string, Main>();
/** Call a deployed function as the given WeChat user. */
async function call<T>(fn: string, openid: string, action: string, payload: unknown = {}): Promise<Result<T>> {
  if (!mains.has(fn)) mains.set(fn, (require(join(OUT, fn, 'index.js')) as { main: Main }).main);
  process.env.WX_OPENID = openid;
  return (await mains.get(fn)!({ action, payload })) as Result<T>;
}

describe('deployed cloud functions', () => {
  it('builds one folder per function with its bundle, a package.json naming wx-server-sdk, and config.json', () => {
    for (const fn of DEPLOYED_FUNCTIONS) {
      const dir = join(OUT, fn.name);
      expect(existsSync(join(dir, 'index.js'))).toBe(true);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      expect(pkg).toMatchObject({ main: 'index.js', dependencies: { 'wx-server-sdk': '4.0.2' } });
      expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toHaveProperty('permissions.openapi');
      // The SDK is installed by the cloud, never bundled.
      expect(readFileSync(join(dir, 'index.js'), 'utf8')).toContain('require("wx-server-sdk")');
    }
    console.log(sizes.map((s) => `${s.name} ${(s.bytes / 1024).toFixed(1)} KB`).join(', '));
  });

  it('knows nobody by an unbound OPENID, and binds one with an invite code', async () => {
    const before = await call<WhoAmI>('account', 'oLEADER1', 'whoami');
    expect(before.ok && before.data).toEqual({ user: null, runtime: 'wechat', demo: false });
    const bound = await call('account', 'oLEADER1', 'signIn', { inviteCode: 'LEAD-0001' });
    expect(bound.ok).toBe(true);
    const after = await call<WhoAmI>('account', 'oLEADER1', 'whoami');
    expect(after.ok && after.data.user?.id).toBe('u-leader-1');
    const again = await call('account', 'oLEADER1', 'signIn', { inviteCode: 'LEAD-0001' });
    expect(again.ok).toBe(true);
    // A leaked invite code cannot move the identity to another WeChat.
    const stolen = await call('account', 'oSOMEONE', 'signIn', { inviteCode: 'LEAD-0001' });
    expect(stolen.ok || stolen.error.code).toBe('INVITE_USED');
    const thief = await call<WhoAmI>('account', 'oSOMEONE', 'whoami');
    expect(thief.ok && thief.data.user).toBeNull();
  });

  it('carries a supplier\'s report to a leader\'s sellable and reserves an order', async () => {
    await call('account', 'oFRUIT', 'signIn', { inviteCode: 'SUP-FRUIT' });
    await call('account', 'oLEADER2', 'signIn', { inviteCode: 'LEAD-0002' });
    const reported = await call('supplier', 'oFRUIT', 'submitReport', { lines: [{ skuId: 'A001', onHand: 30 }] });
    expect(reported.ok).toBe(true);
    const foreign = await call('supplier', 'oFRUIT', 'submitReport', { lines: [{ skuId: 'B001', onHand: 30 }] });
    expect(foreign.ok || foreign.error.code).toBe('NOT_YOUR_SKU');

    const placed = await call<PlaceOrderResult>('leader', 'oLEADER2', 'placeOrder', { idempotencyKey: 'wx-order-001', lines: [{ skuId: 'A001', qty: 4 }] });
    expect(placed.ok).toBe(true);
    const again = await call<PlaceOrderResult>('leader', 'oLEADER2', 'placeOrder', { idempotencyKey: 'wx-order-001', lines: [{ skuId: 'A001', qty: 4 }] });
    expect(again.ok && again.data.replayed).toBe(true);
    const refused = await call('leader', 'oLEADER2', 'placeOrder', { idempotencyKey: 'wx-order-002', lines: [{ skuId: 'A001', qty: 21 }] });
    expect(refused.ok || refused.error.message).toBe('库存不足，整单未提交：赣南脐橙 需要 21 件，可售 20 件');

    const items = await call<AvailabilityItem[]>('leader', 'oLEADER2', 'availability');
    expect(items.ok && items.data.find((i) => i.skuId === 'A001')).toMatchObject({ onHand: 30, buffer: 6, committed: 4, sellable: 20 });
  });

  it('runs the scheduler only from its timer trigger; a mini-program user calling it by name is refused', async () => {
    const scheduler = (require(join(OUT, 'scheduler', 'index.js')) as { main: (event: unknown) => Promise<Record<string, unknown>> }).main;
    process.env.WX_OPENID = 'oLEADER2';
    expect(await scheduler({ Type: 'Timer', TriggerName: 'tick' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await scheduler({ action: 'anything' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    delete process.env.WX_OPENID;
    expect(await scheduler({})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const ran = await scheduler({ Type: 'Timer', TriggerName: 'tick', Time: '2026-12-03T14:05:00Z' });
    expect(Object.keys(ran)).toEqual(['closeDueWaves', 'escalateOverdueWaves', 'remindCutoff', 'remindReports', 'resumeReports', 'remindOverAgeCounts', 'askRecounts', 'alertListingRetypes', 'pushListingStock', 'runStocktakes', 'refreshStock', 'pullStock', 'forgetOldNonces', 'enqueueLineEvents', 'deliverWebhooks']);
    expect(Object.values(ran).some((r) => typeof r === 'object' && r !== null && 'error' in r)).toBe(false);
    // One tick runs every job over the local endpoint (hundreds of SDK calls): seconds on a
    // loaded machine. It plans to finish by half its function's timeout, as on the cloud;
    // the test allows the whole timeout, plus the bundle's first load.
  }, SCHEDULER_TIMEOUT_MS + 15_000);

  it('refuses a caller whose OPENID is bound to nobody', async () => {
    const res = await call('leader', 'oSTRANGER', 'availability');
    expect(res.ok || res.error.code).toBe('UNAUTHENTICATED');
  });

  it('an operator\'s 停用 stops a WeChat user at once, by OPENID, and 启用 lets them back', async () => {
    await call('account', 'oOPERATOR', 'signIn', { inviteCode: 'OP-0001' });
    await call('account', 'oLEADER1', 'signIn', { inviteCode: 'LEAD-0001' });
    expect((await call('leader', 'oLEADER1', 'myOrders')).ok).toBe(true);
    expect(await call('operator', 'oOPERATOR', 'setPersonEnabled', { userId: 'u-leader-1', enabled: false })).toMatchObject({ ok: true });
    expect(await call('leader', 'oLEADER1', 'myOrders')).toMatchObject({ ok: false, error: { code: 'ACCOUNT_DISABLED' } });
    expect(await call<WhoAmI>('account', 'oLEADER1', 'whoami')).toMatchObject({ ok: true, data: { user: null } });
    expect(await call('operator', 'oOPERATOR', 'setPersonEnabled', { userId: 'u-leader-1', enabled: true })).toMatchObject({ ok: true });
    expect((await call('leader', 'oLEADER1', 'myOrders')).ok).toBe(true);
  });
});

describe('the first operator on a fresh cloud environment', () => {
  it('the account function\'s bootstrap code (set by the deploy) makes the first WeChat user who enters it the operator, once', async () => {
    endpoint.reset();
    process.env.HUOZHUN_BOOTSTRAP_CODE = 'first-operator-code-2026';
    let account: Main | undefined;
    // A fresh instance reads its environment, as a newly deployed function does.
    jest.isolateModules(() => {
      account = (require(join(OUT, 'account', 'index.js')) as { main: Main }).main;
    });
    const as = (openid: string, action: string, payload: unknown = {}) => {
      process.env.WX_OPENID = openid;
      return account!({ action, payload });
    };
    const first = await as('oFIRST-OP', 'signIn', { inviteCode: 'FIRST-OPERATOR-CODE-2026' });
    expect(first.ok && (first.data as { user: { role: string } }).user.role).toBe('operator');
    expect(await as('oFIRST-OP', 'whoami')).toMatchObject({ ok: true, data: { user: { role: 'operator' } } });
    expect(await as('oSECOND', 'signIn', { inviteCode: 'first-operator-code-2026' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    delete process.env.HUOZHUN_BOOTSTRAP_CODE;
  });
});
