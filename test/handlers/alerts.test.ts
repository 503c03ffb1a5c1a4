// Alerts as people receive them self-hosted: in the inbox, once per event, and on a
// 企业微信 group robot where a team set one up (a local HTTP receiver stands in for
// qyapi.weixin.qq.com and answers as its documentation says).
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboxView, IntakeResult, PlaceOrderResult } from '../../cloudfunctions/src/contract/api';
import { remindCutoff, remindOverAgeCounts, remindReports } from '../../cloudfunctions/src/jobs/reminders';
import { closeDueWaves, escalateOverdueWaves } from '../../cloudfunctions/src/jobs/waves';
import { JOBS, runJobs } from '../../cloudfunctions/src/jobs/schedule';
import { withDeadline } from '../../cloudfunctions/src/runtime/budget';
import { postWecomText } from '../../cloudfunctions/src/notify/notifier';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { applyReport } from '../../cloudfunctions/src/handlers/report-apply';
import { anchorOf, figureAt } from '../../cloudfunctions/src/domain/stock-figure';
import { report as reportOf, sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
let s: TestServer;
let tokens: Record<string, string>;
let robot: Server;
let robotUrl: string;
const robotMessages: Array<{ path: string; body: { msgtype: string; text: { content: string } } }> = [];

beforeAll(async () => {
  robot = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      robotMessages.push({ path: req.url ?? '', body: JSON.parse(body) });
      const bad = req.url?.includes('key=revoked');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(bad ? { errcode: 93000, errmsg: 'invalid webhook url' } : { errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((r) => robot.listen(0, '127.0.0.1', r));
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send?key=`;
});
afterAll(() => new Promise<void>((r) => robot.close(() => r())));

beforeEach(async () => {
  robotMessages.length = 0;
  s = await startTestServer({ notifier: { wecom: postWecomText } });
  s.clock.set(at(26, 8));
  await s.store.upsertSuppliers(suppliers.map((x) => (x.id === 'sup-fruit' ? { ...x, wecomWebhook: `${robotUrl}fruit-team` } : x)));
  await s.store.upsertSkus([sku('A001', 'sup-fruit', { name: '赣南脐橙', spec: '5斤装', warningLine: 10 }), sku('A002', 'sup-fruit', { name: '沃柑', spec: '5斤装' }), sku('B001', 'sup-eggs', { name: '土鸡蛋', category: '蛋类' })]);
  await s.store.upsertUsers(users);
  tokens = Object.fromEntries(await Promise.all(users.map(async (u) => [u.id, await s.signIn(u.inviteCode)] as const)));
});
afterEach(() => s.close());

const inbox = async (userId: string): Promise<InboxView> => {
  const res = await s.call<InboxView>('account', 'inbox', {}, tokens[userId]);
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
};
const kinds = async (userId: string) => (await inbox(userId)).alerts.map((a) => a.kind);
let key = 0;
const order = (leader: string, lines: Array<[string, number]>) =>
  s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: `alert-order-${++key}`, lines: lines.map(([skuId, qty]) => ({ skuId, qty })) }, tokens[leader]);
const report = (supplierUser: string, lines: Array<[string, number]>) =>
  s.call<IntakeResult>('supplier', 'submitReport', { lines: lines.map(([skuId, onHand]) => ({ skuId, onHand })) }, tokens[supplierUser]);

describe('low stock', () => {
  it('alerts the operator and the supplier once when sellable falls to the warning line, and again only after it rose above', async () => {
    await report('u-sup-fruit', [['A001', 25]]); // 20 sellable
    expect(await kinds('u-op')).toEqual([]);
    await order('u-leader-1', [['A001', 10]]); // 10: at the line
    expect(await kinds('u-op')).toEqual(['lowStock']);
    expect(await kinds('u-sup-fruit')).toEqual(['lowStock']);
    expect(await kinds('u-sup-eggs')).toEqual([]);
    expect(await kinds('u-leader-1')).toEqual([]);
    await order('u-leader-2', [['A001', 5]]); // still below: nothing new
    expect((await inbox('u-op')).alerts.length).toBe(1);
    s.clock.advance(3_600_000);
    await report('u-sup-fruit', [['A001', 40]]); // 40 − 8 buffer − 15 held = 17: above the line, re-armed
    await order('u-leader-1', [['A001', 5]]); // 12: still above
    expect((await inbox('u-op')).alerts.length).toBe(1);
    await order('u-leader-1', [['A001', 2]]); // 10: at the line again, a new alert
    expect((await inbox('u-op')).alerts.map((a) => a.kind)).toEqual(['lowStock', 'lowStock']);
    const [latest] = (await inbox('u-sup-fruit')).alerts;
    expect(latest).toMatchObject({ title: '库存预警', read: false, link: '/pages/stock/history/index?skuId=A001', sentBy: ['企业微信群'] });
    expect(latest!.body).toMatch(/^赣南脐橙（5斤装）可售只剩 \d+ 件，已到预警线 10$/);
  });

  it('sends the supplier team\'s group robot a text message, and records a robot that refused', async () => {
    await report('u-sup-fruit', [['A001', 12]]);
    expect(robotMessages.map((m) => [m.path.endsWith('fruit-team'), m.body.msgtype, m.body.text.content])).toEqual([[true, 'text', '【库存预警】赣南脐橙（5斤装）可售只剩 9 件，已到预警线 10']]);
    await s.store.upsertSuppliers([{ ...suppliers[0]!, wecomWebhook: `${robotUrl}revoked` }]);
    await report('u-sup-fruit', [['A002', 12]]); // A002 has the default line 10 too
    const alert = (await s.store.listAlerts('u-sup-fruit', 1))[0]!;
    expect(alert.deliveries).toMatchObject([{ channel: 'wecom', status: 'failed', detail: '93000 invalid webhook url' }]);
  });
});

describe('the inbox', () => {
  it('shows newest first, counts unread and marks read', async () => {
    await report('u-sup-fruit', [['A001', 12]]);
    s.clock.advance(60_000);
    await report('u-sup-fruit', [['A002', 12]]);
    const box = await inbox('u-op');
    expect([box.unread, box.alerts.map((a) => a.body.slice(0, 4))]).toEqual([2, ['沃柑（5', '赣南脐橙']]);
    expect(box.consents).toEqual([]); // self-hosted: no subscription messages
    await s.call('account', 'markRead', { ids: [box.alerts[1]!.id] }, tokens['u-op']);
    expect((await inbox('u-op')).unread).toBe(1);
  });
});

describe('jump held, waves and shortages', () => {
  it('tells the supplier and the operator a count is held', async () => {
    await report('u-sup-fruit', [['A001', 30]]);
    await report('u-sup-fruit', [['A001', 300]]);
    expect(await kinds('u-sup-fruit')).toEqual(['jumpHeld']);
    // Each opens where that person acts on it: the supplier's report page, the operator's held reports.
    expect((await inbox('u-sup-fruit')).alerts[0]!.link).toBe('/pages/supplier/report/index');
    expect((await inbox('u-op')).alerts[0]!.link).toBe('/pages/operator/held/index');
    expect((await inbox('u-op')).alerts[0]!.body).toBe('赣南果园直供 的报数变动较大，已暂扣待确认：赣南脐橙 30→300');
  });

  it('the same SKUs jumping again (a system pulled every few minutes) wait in the inbox, not pushed again; other SKUs jumping are', async () => {
    await report('u-sup-fruit', [['A001', 30], ['A002', 40]]);
    await report('u-sup-fruit', [['A001', 300]]);
    s.clock.advance(5 * 60_000);
    const again = await report('u-sup-fruit', [['A001', 310]]);
    const held = again.ok && again.data.status === 'held' ? again.data.held : undefined;
    expect(held?.replaced).toBeDefined();
    const pushed = () => robotMessages.filter((m) => m.body.text.content.startsWith('【报数待确认】')).length;
    expect(pushed()).toBe(1);
    // The inbox keeps both: the first says it was replaced, the second waits.
    expect(await kinds('u-sup-fruit')).toEqual(['jumpHeld', 'jumpHeld']);
    expect((await inbox('u-op')).alerts[0]!.body).toBe('赣南果园直供 的报数变动较大，已暂扣待确认：赣南脐橙 30→310');
    s.clock.advance(5 * 60_000);
    await report('u-sup-fruit', [['A001', 320], ['A002', 400]]);
    expect(pushed()).toBe(2);
  });

  it('tells the supplier its wave waits at cutoff (once), the operator when it is overdue, and each leader of a short line', async () => {
    await report('u-sup-fruit', [['A001', 100]]);
    await order('u-leader-1', [['A001', 3]]);
    s.clock.set(at(26, 22, 0));
    await closeDueWaves(s.deps);
    await closeDueWaves(s.deps);
    expect(await kinds('u-sup-fruit')).toEqual(['waveToConfirm']);
    s.clock.set(at(26, 23, 0));
    await escalateOverdueWaves(s.deps);
    expect(await kinds('u-op')).toEqual(['waveOverdue']);
    await s.call('operator', 'confirmWaveFor', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 1 }] }, tokens['u-op']);
    const [shortage] = (await inbox('u-leader-1')).alerts;
    expect(shortage).toMatchObject({ kind: 'shortage', link: '/pages/orders/tasks/index' });
    expect(shortage!.body).toBe('赣南脐橙 缺 2 件，请联系顾客选择替代品或退款');
  });
});

describe('timed reminders, with a driven clock', () => {
  it('reminds the supplier 30 minutes before each report, once', async () => {
    s.clock.set(at(26, 7, 30));
    await remindReports(s.deps);
    await remindReports(s.deps);
    expect(await kinds('u-sup-fruit')).toEqual(['reportDue']);
    expect(await kinds('u-sup-eggs')).toEqual(['reportDue']);
    expect(await kinds('u-op')).toEqual([]);
    s.clock.set(at(26, 7, 35));
    await remindReports(s.deps);
    expect((await inbox('u-sup-fruit')).alerts.length).toBe(1);
  });

  it('tells the supplier and the operator when a report is late, unless it came', async () => {
    s.clock.set(at(26, 7, 50));
    await report('u-sup-fruit', [['A001', 100]]);
    s.clock.set(at(26, 8, 30));
    await remindReports(s.deps);
    expect(await kinds('u-sup-fruit')).toEqual([]);
    expect(await kinds('u-sup-eggs')).toEqual(['reportMissed']);
    expect((await inbox('u-op')).alerts.map((a) => a.body)).toEqual(['山里土鸡蛋合作社 11月26日 08:00 的报数还没有提交']);
  });

  it('reminds the leaders who ordered today or still have goods in their cart at 21:30, and nobody else', async () => {
    await report('u-sup-fruit', [['A001', 100]]);
    await order('u-leader-2', [['A001', 1]]);
    await s.call('leader', 'cartChanged', { open: true }, tokens['u-leader-1']); // a cart filled, not yet submitted
    s.clock.set(at(26, 21, 30));
    await remindCutoff(s.deps);
    expect(await kinds('u-leader-2')).toEqual(['cutoffSoon']);
    expect(await kinds('u-leader-1')).toEqual(['cutoffSoon']);
    expect(await kinds('u-op')).toEqual([]);
  });

  it('does not remind a leader whose cart was emptied again', async () => {
    await s.call('leader', 'cartChanged', { open: true }, tokens['u-leader-1']);
    await s.call('leader', 'cartChanged', { open: false }, tokens['u-leader-1']);
    s.clock.set(at(26, 21, 30));
    await remindCutoff(s.deps);
    expect(await kinds('u-leader-1')).toEqual([]);
  });

  it('asks the supplier to count hot SKUs again once their count is older than the tier allows, once per interval, in working hours', async () => {
    await s.store.upsertSkus([
      sku('A001', 'sup-fruit', { name: '赣南脐橙', spec: '5斤装', tierOverride: 'hot' }),
      sku('A002', 'sup-fruit', { name: '沃柑', spec: '5斤装', tierOverride: 'normal' }),
      sku('B001', 'sup-eggs', { name: '土鸡蛋', spec: '30枚', category: '蛋类', tierOverride: 'hot' }),
    ]);
    await report('u-sup-fruit', [['A001', 100], ['A002', 40]]);
    await report('u-sup-eggs', [['B001', 60]]);
    s.clock.set(at(26, 9, 55)); // under two hours: nothing is over age yet
    expect(await remindOverAgeCounts(s.deps)).toBe(0);
    s.clock.set(at(26, 10, 5));
    await remindOverAgeCounts(s.deps);
    await remindOverAgeCounts(s.deps);
    const fruit = (await inbox('u-sup-fruit')).alerts;
    expect(fruit.map((a) => [a.kind, a.body])).toEqual([['countOverAge', '赣南果园直供：赣南脐橙 5斤装（热销，2 小时前）的报数已超过允许的间隔，请重新盘点后报数']]);
    // The co-op's counts come through the WeChat group: the operator is asked to fetch them.
    expect((await inbox('u-op')).alerts.map((a) => a.body)).toEqual(['山里土鸡蛋合作社：土鸡蛋 30枚（热销，2 小时前）的报数已超过允许的间隔，请向供应商要最新库存后代报']);
    expect(await kinds('u-sup-eggs')).toEqual([]);

    await report('u-sup-fruit', [['A001', 95]]); // 10:05, counted again
    s.clock.set(at(26, 12, 5));
    await remindOverAgeCounts(s.deps);
    expect((await inbox('u-sup-fruit')).alerts.length).toBe(1);
    expect((await inbox('u-op')).alerts.length).toBe(2); // the eggs, still not counted, in the next interval
    s.clock.set(at(26, 21, 30)); // after hours: nobody is asked to count a warehouse
    expect(await remindOverAgeCounts(s.deps)).toBe(0);
  });

  it('hears from an API supplier only through its pushes: a silent interface reminds the operators and widens the buffer; an unchanged push confirms the count', async () => {
    const erp = { id: 'sup-erp', name: '鲜丰冷链仓', level: 'api' as const, reportTimes: ['08:00', '20:00'], basis: 'available' as const };
    const milk = sku('C001', 'sup-erp', { name: '纯牛奶', spec: '24盒', tierOverride: 'hot' });
    await s.store.upsertSuppliers([erp]);
    await s.store.upsertSkus([milk]);
    await s.store.upsertUsers([{ id: 'u-erp', name: '冷链仓小赵', role: 'supplier', supplierId: 'sup-erp', inviteCode: 'SUP-ERP1' }]);
    tokens['u-erp'] = await s.signIn('SUP-ERP1');
    const settings = { ...DEFAULT_SETTINGS, staleness: true };
    await s.store.saveSettings(settings);
    const push = async (onHand: number) => {
      const pushed = await applyReport(s.deps, { ...reportOf('sup-erp', [['C001', onHand]], s.clock.now()), source: 'api', basis: 'available' }, new Map([[milk.id, milk]]));
      expect(pushed.ok).toBe(true);
    };
    const figure = async () => {
      const [record] = await s.store.listInventory(['C001']);
      return figureAt(anchorOf(record!), record!.committed, { sku: milk, supplier: erp, settings }, s.clock.now());
    };
    await push(90);
    s.clock.set(at(26, 10, 5)); // a hot SKU may go two hours without a count
    expect(await figure()).toMatchObject({ stale: true, staleExtra: 9 });
    await remindOverAgeCounts(s.deps);
    expect((await inbox('u-op')).alerts.map((a) => a.body)).toEqual(['鲜丰冷链仓：纯牛奶 24盒（热销，2 小时前）超过允许的间隔没有收到对方系统的同步，请检查接口，或向供应商要最新库存后代报']);
    expect(await kinds('u-erp')).toEqual([]);

    await push(90); // the ERP's snapshot says nothing moved: that is a count
    expect(await figure()).toMatchObject({ stale: false, staleExtra: 0 });
    s.clock.set(at(26, 12, 0));
    await remindOverAgeCounts(s.deps);
    expect((await inbox('u-op')).alerts.length).toBe(1);
  });

  it('raises nothing of a kind the operator switched off', async () => {
    await s.store.saveSettings({ ...DEFAULT_SETTINGS, alerts: { ...DEFAULT_SETTINGS.alerts, disabled: ['reportDue'] } });
    s.clock.set(at(26, 7, 30));
    await remindReports(s.deps);
    expect(await kinds('u-sup-fruit')).toEqual([]);
  });
});

describe('the scheduler catching up', () => {
  const tick = (t: number) => {
    s.clock.set(t);
    return runJobs(s.deps, JOBS);
  };

  it('a run after the function missed an hour of ticks still sends the reminders that fell in it, each once', async () => {
    await tick(at(26, 7, 0)); // the jobs' marks
    // The 07:30 reminder (30 minutes before 08:00) and the 08:30 "missed" fell in ticks that never ran.
    await tick(at(26, 8, 45));
    expect(await kinds('u-sup-fruit')).toEqual(['reportMissed', 'reportDue']);
    await tick(at(26, 8, 50));
    await tick(at(26, 8, 50)); // the same tick twice
    expect((await inbox('u-sup-fruit')).alerts.length).toBe(2);
  });

  it('a job that failed catches up on its next run; the others ran meanwhile', async () => {
    await tick(at(26, 7, 0));
    const listReports = s.store.listReports.bind(s.store);
    s.store.listReports = async () => {
      throw new Error('database timed out');
    };
    s.clock.set(at(26, 8, 30));
    const failed = await runJobs(s.deps, JOBS);
    expect(failed.remindReports).toEqual({ error: 'Error: database timed out' });
    expect(failed.closeDueWaves).toMatchObject({ waves: [] });
    expect(await s.store.getJobRun('remindReports')).toBe(at(26, 7, 0));
    s.store.listReports = listReports;
    await tick(at(26, 8, 35));
    expect(await kinds('u-sup-eggs')).toEqual(['reportMissed', 'reportDue']);
  });

  it('closes the day before anything else, and leaves what does not fit the call for the next tick', async () => {
    await report('u-sup-fruit', [['A001', 100]]);
    await order('u-leader-1', [['A001', 2]]);
    s.clock.set(at(26, 22, 0));
    const ran: string[] = [];
    // Each job here takes 300 ms, as a slow one on the cloud would.
    const jobs = JOBS.map((job) => ({ ...job, run: async (deps: typeof s.deps, window: { from: number; to: number }) => {
      ran.push(job.name);
      await new Promise((r) => setTimeout(r, 300));
      return job.run(deps, window);
    } }));
    const results = await withDeadline(Date.now() + 5_500, () => runJobs(s.deps, jobs));
    expect(results.closeDueWaves).toMatchObject({ waves: ['sup-fruit_2026-11-26'] });
    // 5.5 s of call, 5 s kept back before each job starts: the first jobs run, the rest wait for the next tick.
    expect(ran[0]).toBe('closeDueWaves');
    expect(ran.length).toBeLessThan(JOBS.length);
    const deferred = Object.entries(results).filter(([, r]) => (r as { deferred?: boolean }).deferred).map(([name]) => name);
    expect(deferred).toEqual(JOBS.slice(ran.length).map((j) => j.name));
    expect(await s.store.getJobRun(deferred[0]!)).toBeNull();
  });
});
