// How the self-hosted server starts, as `npm run serve` runs it: the demo keeps to this
// machine, and real use refuses a data directory whose demo people could still sign in.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signedHeaders } from '../../cloudfunctions/src/open/signature';
import { freePort } from '../support/product-process';

const ROOT = resolve(__dirname, '../..');
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hz-start-'));
});
/** Servers still running when a test ends (it failed half-way): stopped, so jest can exit. */
const running = new Set<() => Promise<void>>();
afterEach(async () => {
  await Promise.all([...running].map((stop) => stop()));
  running.clear();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Start the server; resolves when it says it started, or it exits. */
async function serve(env: Record<string, string>): Promise<{ port: number; log: () => string; exitCode: () => number | null; stop(): Promise<void> }> {
  const port = await freePort();
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HUOZHUN_') && k !== 'HOST'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'cloudfunctions/src/server/main.ts'], {
    cwd: ROOT, env: { ...clean, PORT: String(port), HUOZHUN_DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    running.delete(stop);
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  running.add(stop);
  const started = Date.now();
  while (!out.includes('货准已启动') && child.exitCode === null && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
  // The banner's later lines (demo mode, the partner key) are printed after the address and
  // may arrive in a later chunk: wait until the output has been quiet a moment.
  for (let seen = -1, waited = 0; seen !== out.length && waited < 3_000; waited += 200) {
    seen = out.length;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port, log: () => out, exitCode: () => child.exitCode, stop,
  };
}

/** This machine's address on its network (not loopback), if it has one. */
const LAN = Object.values(networkInterfaces()).flat().find((i) => i?.family === 'IPv4' && !i.internal)?.address;

/** A TCP connection to host:port: accepted, refused, or whatever else went wrong. */
const knock = (host: string, port: number): Promise<string> => new Promise((done) => {
  const socket = connect({ host, port });
  socket.setTimeout(5_000, () => { socket.destroy(); done('timeout'); });
  socket.once('connect', () => { socket.destroy(); done('accepted'); });
  socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'refused' : `error ${e.code}`));
});
const health = async (host: string, port: number) => (await fetch(`http://${host}:${port}/api/health`)).status;

it('the demo listens on this machine only and says so; real use refuses its people until told to remove them', async () => {
  const demo = await serve({});
  expect(demo.log()).toContain('演示模式：只有本机可以访问');
  expect(demo.log()).toContain(`http://127.0.0.1:${demo.port}/`);
  // What it really listens on, not only what it says: this machine answers.
  expect(await health('127.0.0.1', demo.port)).toBe(200);
  await demo.stop();

  const refused = await serve({ HUOZHUN_DEMO: '0' });
  await new Promise((r) => setTimeout(r, 200));
  expect(refused.exitCode()).toBe(1);
  expect(refused.log()).toContain('数据目录里还有 7 位演示人员（他们的邀请码是公开的）');
  expect(refused.log()).toContain('HUOZHUN_REMOVE_DEMO=1');

  const real = await serve({ HUOZHUN_DEMO: '0', HUOZHUN_REMOVE_DEMO: '1' });
  expect(real.log()).toContain('已停用 7 位演示人员');
  const res = await fetch(`http://127.0.0.1:${real.port}/api/account`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'signIn', payload: { inviteCode: 'DEMO-OP' } }),
  });
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ACCOUNT_DISABLED');
  expect(real.log()).toContain('还没有运营账号');
  await real.stop();
}, 120_000);

it('the demo API supplier\'s system signs with the printed key; real use retires that public key', async () => {
  const body = JSON.stringify({ requestId: 'demo-erp-1', mode: 'snapshot', items: [{ code: 'HZ1001', quantity: 50 }] });
  const pushWithDemoKey = async (port: number) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/open/v1/stock`, { method: 'POST', headers: signedHeaders('demo-s01', 'demo-secret-s01', body, Date.now()), body });
    return ((await res.json()) as { ok: boolean; error?: { code: string } });
  };
  const demo = await serve({});
  expect(demo.log()).toContain('密钥 ID demo-s01  密钥 demo-secret-s01');
  expect(await pushWithDemoKey(demo.port)).toMatchObject({ ok: true });
  await demo.stop();

  const real = await serve({ HUOZHUN_DEMO: '0', HUOZHUN_REMOVE_DEMO: '1' });
  expect(real.log()).toContain('已停用演示供应商接口密钥 demo-s01');
  expect(real.log()).not.toContain('demo-secret-s01');
  expect(await pushWithDemoKey(real.port)).toMatchObject({ ok: false, error: { code: 'KEY_UNKNOWN' } });
  await real.stop();
}, 120_000);

it('real use on a fresh data directory: the first person entering HUOZHUN_BOOTSTRAP_CODE becomes the operator, then the code opens nothing', async () => {
  const CODE = 'Huozhun-Start-2026';
  const post = async (port: number, fn: string, action: string, payload: unknown, token?: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ action, payload }),
    });
    return (await res.json()) as { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string } };
  };
  const fresh = await serve({ HUOZHUN_DEMO: '0', HUOZHUN_BOOTSTRAP_CODE: CODE });
  expect(fresh.log()).toContain('货准已启动');
  // Said just after the start line.
  for (let i = 0; i < 50 && !fresh.log().includes('还没有运营账号'); i++) await new Promise((r) => setTimeout(r, 100));
  expect(fresh.log()).toContain('还没有运营账号：在登录页输入 HUOZHUN_BOOTSTRAP_CODE 的值');
  const first = await post(fresh.port, 'account', 'signIn', { inviteCode: CODE.toLowerCase() });
  expect(first).toMatchObject({ ok: true, data: { user: { role: 'operator' }, token: expect.any(String) } });
  const token = first.data!.token as string;
  expect(await post(fresh.port, 'account', 'whoami', {}, token)).toMatchObject({ ok: true, data: { user: { role: 'operator' } } });
  // The operator can start inviting people.
  expect(await post(fresh.port, 'operator', 'savePerson', { person: { name: '李团长', role: 'leader', community: '阳光小区' } }, token)).toMatchObject({ ok: true });
  expect(await post(fresh.port, 'account', 'signIn', { inviteCode: CODE })).toMatchObject({ ok: false, error: { message: expect.stringContaining('引导码已经用过了') } });
  await fresh.stop();

  // Restarted with the code still set: the operator's session holds, the code opens nothing, and the log no longer asks for it.
  const again = await serve({ HUOZHUN_DEMO: '0', HUOZHUN_BOOTSTRAP_CODE: CODE });
  expect(await post(again.port, 'account', 'whoami', {}, token)).toMatchObject({ ok: true, data: { user: { role: 'operator' } } });
  expect((await post(again.port, 'account', 'signIn', { inviteCode: CODE })).ok).toBe(false);
  await again.stop();
  // Looked at once the server has answered and stopped: the start's last line was written by then.
  expect(again.log()).toContain('收到 SIGTERM');
  expect(again.log()).not.toContain('还没有运营账号');
}, 120_000);

// The half that needs the machine's own network address: skipped (and named so) only on a machine without one.
(LAN ? it : it.skip)(`the demo refuses connections on the network address (${LAN ?? 'none: this machine has no non-loopback IPv4, not checked'}); HOST=0.0.0.0 answers there`, async () => {
  const demo = await serve({});
  expect(await health('127.0.0.1', demo.port)).toBe(200);
  expect(await knock(LAN!, demo.port)).toBe('refused');
  await demo.stop();

  const open = await serve({ HOST: '0.0.0.0' });
  expect(open.log()).toContain('演示模式：登录页列出演示人员，已按 HOST=0.0.0.0 对外开放');
  expect(await knock(LAN!, open.port)).toBe('accepted');
  expect(await health(LAN!, open.port)).toBe(200);
  expect(await health('127.0.0.1', open.port)).toBe(200);
  await open.stop();
}, 120_000);

it('HUOZHUN_SESSION_IDLE_DAYS and HUOZHUN_SESSION_MAX_DAYS change when a session ends', async () => {
  // Fractions of a day on a driven clock: idle 2.4 h, longest life 6 h (the defaults are 30 and 180 days).
  const T0 = Date.UTC(2026, 10, 26, 2);
  const HOUR = 3_600_000;
  const s = await serve({ HUOZHUN_TEST_CLOCK: '1', HUOZHUN_TEST_START: String(T0), HUOZHUN_SESSION_IDLE_DAYS: '0.1', HUOZHUN_SESSION_MAX_DAYS: '0.25' });
  const post = async (path: string, body: unknown, token?: string) => (await (await fetch(`http://127.0.0.1:${s.port}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
  })).json()) as { ok: boolean; data?: { token?: string; user?: { name: string } | null } };
  const at = (ms: number) => post('/api/_test/advance', { to: T0 + ms });
  const who = async (token: string) => (await post('/api/account', { action: 'whoami', payload: {} }, token)).data?.user?.name ?? null;
  const signIn = async () => (await post('/api/account', { action: 'signIn', payload: { inviteCode: 'DEMO-L01' } })).data!.token!;

  // Used every 2 hours it is never idle for 2.4: it still ends at 6 hours old.
  const used = await signIn();
  for (const h of [2, 4, 6]) {
    await at(h * HOUR);
    expect([h, await who(used)]).toEqual([h, '王姐']);
  }
  await at(6 * HOUR + 60_000);
  expect(await who(used)).toBeNull();

  // Left alone 2.5 hours: ended long before 30 days.
  const left = await signIn();
  await at(8 * HOUR);
  expect(await who(left)).toBe('王姐');
  await at(10 * HOUR + 31 * 60_000);
  expect(await who(left)).toBeNull();
  await s.stop();
}, 120_000);

it('refuses a session setting that is not a number of days, naming it', async () => {
  const bad = await serve({ HUOZHUN_SESSION_IDLE_DAYS: '三十' });
  await bad.stop();
  expect(bad.exitCode()).toBe(1);
  expect(bad.log()).toContain('HUOZHUN_SESSION_IDLE_DAYS 应为正数（天），现在是 "三十"');
}, 60_000);
