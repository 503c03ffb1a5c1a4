// How the self-hosted server starts, as `npm run serve` runs it: the demo keeps to this
// machine, and real use refuses a data directory whose demo people could still sign in.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signedHeaders } from '../../cloudfunctions/src/open/signature';
import { freePort } from '../support/product-process';

const ROOT = resolve(__dirname, '../..');
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hz-start-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

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
  const started = Date.now();
  while (!out.includes('货准已启动') && child.exitCode === null && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
  return {
    port, log: () => out, exitCode: () => child.exitCode,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

it('the demo listens on this machine only and says so; real use refuses its people until told to remove them', async () => {
  const demo = await serve({});
  expect(demo.log()).toContain('演示模式：只有本机可以访问');
  expect(demo.log()).toContain(`http://127.0.0.1:${demo.port}/`);
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

it('refuses a session setting that is not a number of days, naming it', async () => {
  const bad = await serve({ HUOZHUN_SESSION_IDLE_DAYS: '三十' });
  await bad.stop();
  expect(bad.exitCode()).toBe(1);
  expect(bad.log()).toContain('HUOZHUN_SESSION_IDLE_DAYS 应为正数（天），现在是 "三十"');
}, 60_000);
