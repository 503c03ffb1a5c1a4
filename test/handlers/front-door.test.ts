// The self-hosted server's front door, as an attacker on the same network would try it:
// what it answers (status and one Chinese body shape everywhere), what it refuses before
// reading a body, how it counts wrong codes and floods, and what it never serves.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_BODY_LIMIT, UPLOAD_LIMIT } from '../../cloudfunctions/src/server/app';
import { nestsDeeperThan } from '../../cloudfunctions/src/server/json-guard';
import { SignInGuard } from '../../cloudfunctions/src/server/sign-in-guard';
import { RefusalBrake } from '../../cloudfunctions/src/server/refusal-brake';
import type { DiskFiles } from '../../cloudfunctions/src/storage/files';
import { suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let dir: string;
afterEach(async () => {
  // Tests of a guard alone start no server.
  await s?.close();
  s = undefined as unknown as TestServer;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const post = async (path: string, body: string | Buffer, headers: Record<string, string> = {}) => {
  const res = await fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, body: await res.json().catch(() => null) as { ok: boolean; error?: { code: string; message: string } } | null, headers: res.headers };
};
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  dir = mkdtempSync(join(tmpdir(), 'hz-door-'));
  mkdirSync(join(dir, 'h5'));
  writeFileSync(join(dir, 'h5', 'index.html'), '<p>货准</p>');
  writeFileSync(join(dir, 'h5', '.env'), 'SECRET=1');
  mkdirSync(join(dir, 'reports'));
  writeFileSync(join(dir, 'reports', 'simulation.html'), '<p>report</p>');
  s = await startTestServer({ ...options, server: { staticDir: join(dir, 'h5'), reportsDir: join(dir, 'reports'), ...options.server } });
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertUsers(users);
}

describe('what the server answers', () => {
  beforeEach(() => start());

  it('every refusal is the same Result, in Chinese, with the status it means', async () => {
    const leader = await s.signIn('LEAD-0001');
    const cases = await Promise.all([
      post('/api/leader', JSON.stringify({ action: 'availability' })),
      post('/api/operator', JSON.stringify({ action: 'listPeople' }), auth(leader)),
      post('/api/leader', JSON.stringify({ action: 'noSuchThing' }), auth(leader)),
      post('/api/leader', JSON.stringify({ action: 'placeOrder', payload: { idempotencyKey: 'x' } }), auth(leader)),
      post('/api/leader', '{"action": ', auth(leader)),
      post('/api/leader', 'action=availability', { ...auth(leader), 'content-type': 'application/x-www-form-urlencoded' }),
      post('/api/nowhere', '{}'),
    ]);
    expect(cases.map((c) => [c.status, c.body?.error?.code])).toEqual([
      [401, 'UNAUTHENTICATED'], [403, 'FORBIDDEN'], [404, 'UNKNOWN_ACTION'], [422, 'VALIDATION'], [400, 'BAD_REQUEST'], [415, 'UNSUPPORTED_MEDIA_TYPE'], [404, 'UNKNOWN_ACTION'],
    ]);
    for (const c of cases) expect(c.body?.error?.message).toMatch(/[\u4e00-\u9fa5]/);
    const missing = await fetch(`${s.url}/no/such/page`);
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([404, 'NOT_FOUND']);
  });

  /** The one refusal body: `{ok: false, error: {code, message, …}, now}` and nothing else beside it. */
  const expectRefusal = (res: Awaited<ReturnType<typeof post>>, status: number, code: string) => {
    expect([res.status, res.body?.error?.code]).toEqual([status, code]);
    expect(Object.keys(res.body ?? {}).sort()).toEqual(['error', 'now', 'ok']);
    expect(res.body).toMatchObject({ ok: false, now: s.clock.now() });
    expect(['code', 'message', 'issues', 'details']).toEqual(expect.arrayContaining(Object.keys(res.body!.error!)));
    expect(res.body!.error!.message).toMatch(/[\u4e00-\u9fa5]/);
  };

  it('a stale settings save answers 409 CONFLICT and a failing store 500 INTERNAL, in the same Result body', async () => {
    const op = await s.signIn('OP-0001');
    const current = await post('/api/operator', JSON.stringify({ action: 'getSettings' }), auth(op));
    const { settings, version } = (current.body as unknown as { data: { settings: unknown; version: number } }).data;
    // Before anything was saved, a version nobody saved is a conflict (it was a TypeError: INTERNAL).
    expectRefusal(await post('/api/operator', JSON.stringify({ action: 'saveSettings', payload: { settings, expectedVersion: version + 3 } }), auth(op)), 409, 'CONFLICT');
    expect((await post('/api/operator', JSON.stringify({ action: 'saveSettings', payload: { settings, expectedVersion: version } }), auth(op))).status).toBe(200);
    // Another tab saved from the same version: its save is refused, naming who saved first.
    const stale = await post('/api/operator', JSON.stringify({ action: 'saveSettings', payload: { settings, expectedVersion: version } }), auth(op));
    expectRefusal(stale, 409, 'CONFLICT');
    expect(stale.body?.error?.message).toContain('你的修改没有保存');

    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = jest.spyOn(s.store, 'listUsers').mockRejectedValueOnce(new Error('SQLITE_IOERR: disk I/O error'));
    const crashed = await post('/api/operator', JSON.stringify({ action: 'listPeople' }), auth(op));
    expectRefusal(crashed, 500, 'INTERNAL');
    expect(crashed.body?.error?.message).toBe('系统出错了，请稍后重试');
    expect(JSON.stringify(crashed.body)).not.toContain('SQLITE'); // the detail goes to the log, not the phone
    expect(errors).toHaveBeenCalledWith('[operator.listPeople]', expect.objectContaining({ message: 'SQLITE_IOERR: disk I/O error' }));
    broken.mockRestore();
    errors.mockRestore();
    expect((await post('/api/operator', JSON.stringify({ action: 'listPeople' }), auth(op))).status).toBe(200);
  });

  it('a function name from the prototype chain is no function, and nothing is logged as a crash', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const leader = await s.signIn('LEAD-0001');
    for (const fn of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await post(`/api/${fn}`, JSON.stringify({ action: 'keys' }), auth(leader));
      expect([fn, res.status, res.body?.error?.code]).toEqual([fn, 404, 'UNKNOWN_ACTION']);
    }
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('refuses a caller without a session before reading the body: a broken body answers 401, not 400', async () => {
    const res = await post('/api/supplier', '{"this is": not json at all'.padEnd(100_000, ' '));
    expect([res.status, res.body?.error?.code]).toEqual([401, 'UNAUTHENTICATED']);
    const upload = await post('/api/upload', Buffer.alloc(5 * 1024 * 1024), { 'content-type': 'application/octet-stream' });
    expect([upload.status, upload.body?.error?.code]).toEqual([401, 'UNAUTHENTICATED']);
    const supplierUpload = await post('/api/upload', Buffer.alloc(1024), { 'content-type': 'application/octet-stream', ...auth(await s.signIn('SUP-FRUIT')) });
    expect([supplierUpload.status, supplierUpload.body?.error?.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('sizes bodies by the largest real request, and refuses deep nesting before parsing it', async () => {
    const op = await s.signIn('OP-0001');
    const largest = JSON.stringify({ action: 'submitReportFor', payload: { supplierId: 'sup-fruit', lines: Array.from({ length: 20_000 }, () => ({ skuId: 'X'.repeat(64), onHand: 1_000_000 })) } });
    expect(largest.length).toBeLessThan(API_BODY_LIMIT);
    expect(largest.length).toBeGreaterThan(API_BODY_LIMIT * 0.85);
    const fits = await post('/api/operator', largest, auth(op));
    expect(fits.body?.error?.code).toBe('UNKNOWN_SKU'); // read, parsed, and answered by the handler
    const tooBig = await post('/api/operator', ' '.repeat(API_BODY_LIMIT + 1), auth(op));
    expect([tooBig.status, tooBig.body?.error?.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const nested = await post('/api/operator', deep, auth(op));
    expect([nested.status, nested.body?.error?.code]).toEqual([400, 'BAD_REQUEST']);
    expect(nested.body?.error?.message).toBe('请求内容嵌套太深');
    const anonymousBig = await post('/api/account', JSON.stringify({ action: 'signIn', payload: { inviteCode: 'x'.repeat(200_000) } }));
    expect(anonymousBig.status).toBe(413);
  });

  it('streams an operator\'s upload to disk, up to its limit', async () => {
    const op = await s.signIn('OP-0001');
    const ok = await post('/api/upload', Buffer.from('商品编码,库存\nA001,5\n'), { 'content-type': 'application/octet-stream', ...auth(op) });
    expect(ok.status).toBe(200);
    const fileId = (ok.body as unknown as { data: { fileId: string } }).data.fileId;
    expect(Buffer.from((await s.deps.files.read(fileId))!).toString()).toBe('商品编码,库存\nA001,5\n');
    const big = await post('/api/upload', Buffer.alloc(UPLOAD_LIMIT + 1), { 'content-type': 'application/octet-stream', ...auth(op) });
    expect(big.status).toBe(413);
  });

  it('raw bytes are read only by the upload route: sent anywhere else they are refused unread and nothing reaches the disk', async () => {
    const staging = join((s.deps.files as DiskFiles).dir, '.incoming');
    const leader = await s.signIn('LEAD-0001');
    const bytes = { 'content-type': 'application/octet-stream' };
    const anonymous = await post('/api/account', Buffer.alloc(3 * 1024 * 1024), bytes);
    expect([anonymous.status, anonymous.body?.error?.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const signedIn = await post('/api/leader', Buffer.alloc(3 * 1024 * 1024), { ...bytes, ...auth(leader) });
    expect([signedIn.status, signedIn.body?.error?.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const partner = await post('/api/open/v1/stock', Buffer.alloc(1024 * 1024), bytes);
    expect(partner.status).toBeGreaterThanOrEqual(400);
    expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
  });

  it('sends security headers, never dot-files, and the simulator report to operators only', async () => {
    const page = await fetch(`${s.url}/`);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect((await fetch(`${s.url}/.env`)).status).toBe(404);
    expect((await fetch(`${s.url}/reports/simulation.html`)).status).toBe(401);
    expect((await fetch(`${s.url}/reports/simulation.html`, { headers: auth(await s.signIn('LEAD-0001')) })).status).toBe(403);
    const report = await fetch(`${s.url}/reports/simulation.html`, { headers: auth(await s.signIn('OP-0001')) });
    expect([report.status, await report.text()]).toEqual([200, '<p>report</p>']);
  });
});

describe('wrong codes and floods', () => {
  it('locks sign-in from an address after 10 wrong codes, saying when to try again, and lets it in after', async () => {
    let now = Date.UTC(2026, 11, 3, 2);
    await start({ server: { signInGuard: new SignInGuard(undefined, () => now) } });
    for (let i = 0; i < 10; i++) expect((await post('/api/account', JSON.stringify({ action: 'signIn', payload: { inviteCode: `WRONG-${i}` } }))).status).toBe(404);
    const locked = await post('/api/account', JSON.stringify({ action: 'signIn', payload: { inviteCode: 'LEAD-0001' } }));
    expect([locked.status, locked.body?.error?.code, locked.body?.error?.message]).toEqual([429, 'RATE_LIMITED', '登录尝试次数太多，请 15 分钟后再试']);
    now += 16 * 60_000;
    expect((await post('/api/account', JSON.stringify({ action: 'signIn', payload: { inviteCode: 'LEAD-0001' } }))).status).toBe(200);
  });

  it('guesses at one code prefix are locked whoever sends them', () => {
    let now = 0;
    const guard = new SignInGuard({ failures: 3, windowMs: 60_000, lockMs: 60_000 }, () => now);
    guard.fail(['ip:1', 'code:LEAD']);
    guard.fail(['ip:2', 'code:LEAD']);
    guard.fail(['ip:3', 'code:LEAD']);
    expect([guard.lockedFor(['ip:4', 'code:LEAD']), guard.lockedFor(['ip:4', 'code:SUP-'])]).toEqual([60_000, 0]);
    now += 61_000;
    expect(guard.lockedFor(['ip:4', 'code:LEAD'])).toBe(0);
  });

  /** A sign-in sent from `address`: over loopback every request comes from 127.0.0.1, so injected with its address. */
  const signInFrom = async (address: string, inviteCode: string) => {
    const res = await s.app.inject({ method: 'POST', url: '/api/account', remoteAddress: address, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ action: 'signIn', payload: { inviteCode } }) });
    return { status: res.statusCode, body: res.json() as { ok: boolean; error?: { code: string; message: string } } };
  };

  it('10 wrong codes sharing a prefix, each from another address, lock that prefix for everyone (even its right code), not other prefixes', async () => {
    let now = Date.UTC(2026, 11, 3, 2);
    await start({ server: { signInGuard: new SignInGuard(undefined, () => now) } });
    // Someone walking LEAD-9000, lead-9001 … from ten machines: no address reaches its own limit.
    for (let i = 0; i < 10; i++) {
      const code = `${i % 2 ? 'lead' : 'LEAD'}-90${String(i).padStart(2, '0')}`;
      expect([code, (await signInFrom(`10.0.0.${i + 1}`, code)).status]).toEqual([code, 404]);
    }
    const locked = await signInFrom('10.0.1.1', 'LEAD-0001');
    expect([locked.status, locked.body]).toEqual([429, { ok: false, error: { code: 'RATE_LIMITED', message: '登录尝试次数太多，请 15 分钟后再试' }, now: expect.any(Number) }]);
    expect((await signInFrom('10.0.0.1', ' lead-0001 ')).status).toBe(429);
    // The same fresh address with another prefix is not locked: the lock was the prefix's, not the address's.
    expect((await signInFrom('10.0.1.1', 'SUP-FRUIT')).status).toBe(200);
    // Nine from ten addresses lock nothing.
    for (let i = 0; i < 9; i++) expect((await signInFrom(`10.0.2.${i + 1}`, `OP-X${i}`)).status).toBe(404);
    expect((await signInFrom('10.0.2.99', 'OP-0001')).status).toBe(200);
    now += 16 * 60_000;
    expect((await signInFrom('10.0.1.1', 'LEAD-0001')).status).toBe(200);
  });

  it('answers more than 120 requests a minute to /api/account from one address with 429 and a Chinese message; other addresses go on', async () => {
    await start();
    const whoami = (address: string) => s.app.inject({ method: 'POST', url: '/api/account', remoteAddress: address, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ action: 'whoami' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) statuses.push((await whoami('10.0.3.1')).statusCode);
    expect(statuses).toEqual(Array(120).fill(200));
    const over = await whoami('10.0.3.1');
    expect(over.statusCode).toBe(429);
    expect(over.json()).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^请求太频繁，请 \d+ 秒后再试$/) }, now: expect.any(Number) });
    expect((await whoami('10.0.3.2')).statusCode).toBe(200);
  });

  it('limits a session\'s requests per minute, in the same Result shape', async () => {
    await start({ server: { rateLimits: { anonymousPerMinute: 100, perSessionPerMinute: 5 } } });
    const leader = await s.signIn('LEAD-0001');
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await post('/api/leader', JSON.stringify({ action: 'myOrders' }), auth(leader)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers[5]!.body).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringContaining('请求太频繁') } });
  });

  it('an address that keeps earning refusals gets each next one late, on a closed connection; its good requests are not held', async () => {
    await start({ server: { refusalBrake: new RefusalBrake({ free: 3, windowMs: 60_000, delayMs: 600 }) } });
    const leader = await s.signIn('LEAD-0001');
    for (let i = 0; i < 3; i++) expect((await post('/api/leader', '{}', auth('hz_dead'))).headers.get('connection')).not.toBe('close');
    const order: string[] = [];
    const started = Date.now();
    const held = post('/api/leader', '{}', auth('hz_dead')).then((r) => { order.push('refusal'); return [r.status, r.headers.get('connection'), Date.now() - started]; });
    const good = post('/api/leader', JSON.stringify({ action: 'myOrders' }), auth(leader)).then((r) => { order.push('signed-in call'); return r.status; });
    const health = fetch(`${s.url}/api/health`).then((r) => { order.push('health'); return r.status; });
    expect(await Promise.all([good, health])).toEqual([200, 200]);
    const [status, connection, took] = (await held) as [number, string, number];
    expect([status, connection]).toEqual([401, 'close']);
    expect(took).toBeGreaterThanOrEqual(590);
    expect(order[2]).toBe('refusal');
  });

  it('counts nesting cheaply, strings with brackets in them not included', () => {
    expect(nestsDeeperThan('{"a":[1,{"b":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}]}')).toBe(false);
    expect(nestsDeeperThan('['.repeat(33))).toBe(true);
    expect(nestsDeeperThan('"\\\\"' + '['.repeat(10))).toBe(false);
  });
});
