// Every timed job catches up when the server starts late, restarts, or a trigger never
// fired: the morning's 报数逾期 is raised at 10:30 all the same, and only once.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { InboxView, IntakeResult } from '../../cloudfunctions/src/contract/api';
import { type ScheduledJob, runDueJobs } from '../../cloudfunctions/src/jobs/schedule';
import { report as reportOf, skus, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';
import { freePort } from '../support/product-process';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);

describe('a scheduler that starts late', () => {
  let s: TestServer;
  let tokens: Record<string, string>;
  beforeEach(async () => {
    s = await startTestServer();
    s.clock.set(at(25, 20, 0));
    await s.store.upsertSuppliers(suppliers);
    await s.store.upsertSkus(skus);
    await s.store.upsertUsers(users);
    // Both counted last evening; only the fruit supplier counts this morning.
    await s.store.saveReport(reportOf('sup-fruit', [['A001', 30]], at(25, 20, 0)));
    await s.store.saveReport(reportOf('sup-eggs', [['B001', 30]], at(25, 20, 0)));
    tokens = Object.fromEntries(await Promise.all(users.map(async (u) => [u.id, await s.signIn(u.inviteCode)] as const)));
    s.clock.set(at(26, 7, 50));
    const sent = await s.call<IntakeResult>('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 28 }] }, tokens['u-sup-fruit']);
    expect(sent.ok).toBe(true);
  });
  afterEach(() => s.close());

  const missed = async (userId: string): Promise<string[]> => {
    const res = await s.call<InboxView>('account', 'inbox', {}, tokens[userId]);
    if (!res.ok) throw new Error(res.error.message);
    return res.data.alerts.filter((a) => a.kind === 'reportMissed').map((a) => a.body);
  };

  const kinds = async (userId: string): Promise<string[]> => {
    const res = await s.call<InboxView>('account', 'inbox', {}, tokens[userId]);
    if (!res.ok) throw new Error(res.error.message);
    return res.data.alerts.map((a) => a.kind);
  };

  it('started at 07:55 still reminds of the 08:00 report, but not a supplier who already counted', async () => {
    s.clock.set(at(26, 7, 55));
    await runDueJobs(s.deps);
    expect(await kinds('u-sup-eggs')).toEqual(['reportDue']);
    expect(await kinds('u-sup-fruit')).toEqual([]);
  });

  it('started for the first time at 10:30, raises the missed morning report once; a restart raises nothing again', async () => {
    s.clock.set(at(26, 10, 30));
    await runDueJobs(s.deps);
    expect(await missed('u-op')).toEqual(['山里土鸡蛋合作社 11月26日 08:00 的报数还没有提交']);
    expect(await missed('u-sup-eggs')).toHaveLength(1);
    expect(await missed('u-sup-fruit')).toEqual([]); // counted at 07:50
    // The 07:30 "report due" reminder is caught up too, but not for whoever already counted.
    expect(await kinds('u-sup-eggs')).toEqual(['reportMissed', 'reportDue']);
    expect(await kinds('u-sup-fruit')).toEqual([]);

    s.clock.set(at(26, 10, 31)); // restarted a minute later
    await runDueJobs(s.deps);
    s.clock.set(at(26, 10, 35)); // and its first tick
    await runDueJobs(s.deps);
    expect(await missed('u-op')).toHaveLength(1);
  });

  it('a job whose tick never came runs on the next one, over what it missed, and not again after', async () => {
    const windows: Array<[number, number]> = [];
    const daily: ScheduledJob = { name: 'nightly', cron: '0 0 22 * * *', run: async (_deps, w) => windows.push([w.from, w.to]) };
    s.clock.set(at(26, 21, 55));
    await runDueJobs(s.deps, [daily]); // not yet its time
    s.clock.set(at(26, 22, 10)); // the 22:00 and 22:05 triggers never fired
    await runDueJobs(s.deps, [daily]);
    s.clock.set(at(26, 22, 15));
    await runDueJobs(s.deps, [daily]);
    expect(windows).toEqual([[at(26, 0, 0), at(26, 22, 10)]]);
  });
});

// The real `npm run serve` on the test clock: the start itself catches up.
describe('the self-hosted server', () => {
  const ROOT = resolve(__dirname, '../..');
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hz-late-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function serve(startAt: number): Promise<{ port: number; stop(): Promise<void> }> {
    const port = await freePort();
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HUOZHUN_') && k !== 'HOST'));
    const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'cloudfunctions/src/server/main.ts'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...clean, PORT: String(port), HUOZHUN_DATA_DIR: dataDir, HUOZHUN_TEST_CLOCK: '1', HUOZHUN_TEST_START: String(startAt) },
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const started = Date.now();
    while (!out.includes('货准已启动') && child.exitCode === null && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
    if (!out.includes('货准已启动')) throw new Error(`server did not start:\n${out}`);
    return { port, stop: async () => { child.kill('SIGTERM'); await exited; } };
  }

  async function operatorMissed(port: number): Promise<string[]> {
    const post = async (fn: string, action: string, payload: unknown, token?: string) => (await (await fetch(`http://127.0.0.1:${port}/api/${fn}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ action, payload }),
    })).json()) as { ok: boolean; data: { token: string } & InboxView };
    const { data: { token } } = await post('account', 'signIn', { inviteCode: 'DEMO-OP' });
    return (await post('account', 'inbox', {}, token)).data.alerts.filter((a) => a.kind === 'reportMissed').map((a) => a.body).sort();
  }

  it('started at 10:30 names every supplier who has not reported since last evening; started again, it names them once', async () => {
    const first = await serve(at(26, 10, 30));
    const named = await operatorMissed(first.port);
    await first.stop();
    expect(named).toEqual([
      '山里土鸡蛋合作社 11月26日 08:00 的报数还没有提交', '赣南果园直供 11月26日 08:00 的报数还没有提交', '鲜丰冷链仓 11月26日 08:00 的报数还没有提交',
    ].sort());
    const again = await serve(at(26, 10, 40));
    expect(await operatorMissed(again.port)).toEqual(named);
    await again.stop();
  }, 120_000);
});
