// The weekly scorecard digest (考核周报) through the real scheduler on the real SQLite
// store: on Monday morning each supplier's staff get last week's card in the inbox and
// in their 企业微信 group, once; a supplier with nothing to rate gets none; a run out of
// time is finished by the next tick without telling anyone twice.
import type { InboxView, PlaceOrderResult } from '../../cloudfunctions/src/contract/api';
import { JOBS, runDueJobs, runJobs } from '../../cloudfunctions/src/jobs/schedule';
import { closeDueWaves } from '../../cloudfunctions/src/jobs/waves';
import { withDeadline } from '../../cloudfunctions/src/runtime/budget';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
let s: TestServer;
let robot: Array<{ url: string; text: string }>;
let tokens: Record<string, string>;
afterEach(() => s.close());

const digests = async (code: string) => {
  const res = await s.call<InboxView>('account', 'inbox', {}, tokens[code]);
  return res.ok ? res.data.alerts.filter((a) => a.kind === 'scorecardDigest') : [];
};

beforeEach(async () => {
  robot = [];
  s = await startTestServer({ notifier: { wecom: async (url, text) => (robot.push({ url, text }), { ok: true }) } });
  s.clock.set(at(26, 7, 50));
  await s.store.upsertSuppliers([
    ...suppliers.map((x) => (x.id === 'sup-fruit' ? { ...x, wecomWebhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=fruit-team' } : x)),
    // Nobody orders from it and nobody reports for it: nothing to rate.
    { id: 'sup-idle', name: '闲置供应商', level: 'portal', reportTimes: [], basis: 'physical' },
  ]);
  await s.store.upsertSkus([sku('A001', 'sup-fruit', { name: '赣南脐橙' }), sku('B001', 'sup-eggs', { name: '土鸡蛋' })]);
  await s.store.upsertUsers([...users, { id: 'u-sup-idle', name: '闲置', role: 'supplier', supplierId: 'sup-idle', inviteCode: 'SUP-IDLE' }]);
  tokens = Object.fromEntries(await Promise.all(['OP-0001', 'SUP-FRUIT', 'SUP-EGGS', 'SUP-IDLE', 'LEAD-0001'].map(async (c) => [c, await s.signIn(c)] as const)));
  expect((await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 100 }] }, tokens['SUP-FRUIT'])).ok).toBe(true);
  expect((await s.call('operator', 'submitReportFor', { supplierId: 'sup-eggs', lines: [{ skuId: 'B001', onHand: 100 }] }, tokens['OP-0001'])).ok).toBe(true);
  s.clock.set(at(26, 10));
  const placed = await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: 'digest-order', lines: [{ skuId: 'A001', qty: 10 }, { skuId: 'B001', qty: 6 }] }, tokens['LEAD-0001']);
  expect(placed.ok || placed.error.message).toBe(true);
  s.clock.set(at(26, 22, 1));
  await closeDueWaves(s.deps);
  expect((await s.call('supplier', 'confirmWave', { waveId: 'sup-fruit_2026-11-26', skus: [{ skuId: 'A001', shipQty: 10 }] }, tokens['SUP-FRUIT'])).ok).toBe(true);
  expect((await s.call('supplier', 'confirmWave', { waveId: 'sup-eggs_2026-11-26', skus: [{ skuId: 'B001', shipQty: 4 }] }, tokens['SUP-EGGS'])).ok).toBe(true);
  // Nothing was due on the days after the 26th's waves; the clock moves to Sunday night.
  s.clock.set(at(29, 23, 0));
  await runDueJobs(s.deps);
});

it('tells each supplier last week\'s card on Monday at 09:00, once, in the inbox and the group', async () => {
  s.clock.set(at(30, 8, 55));
  await runDueJobs(s.deps);
  expect(await digests('SUP-EGGS')).toEqual([]);

  s.clock.set(at(30, 9, 0));
  await runDueJobs(s.deps);
  const [eggs] = await digests('SUP-EGGS');
  expect(eggs).toMatchObject({ title: '供应商考核周报', link: '/pages/supplier/scorecard/index' });
  expect(eggs!.body).toMatch(/^山里土鸡蛋合作社 11月23日–11月29日 考核：订单满足率 66\.7%（4\/6 件）；足额确认 0\.0%；按时报数 7\.1%（1\/14 次）；按时确认波次 100\.0%；缺货 1 行，影响 1 位顾客，补偿 ¥/);
  const [fruit] = await digests('SUP-FRUIT');
  expect(fruit!.body).toContain('订单满足率 100.0%（10/10 件）');
  expect(fruit!.body).toContain('没有缺货');
  // The fruit farm's group robot got it too; the co-op has no robot.
  expect(robot.filter((r) => r.text.startsWith('【供应商考核周报】')).map((r) => r.url)).toEqual(['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=fruit-team']);
  expect(await digests('SUP-IDLE')).toEqual([]);
  // Operators are not sent suppliers' digests.
  expect(await digests('OP-0001')).toEqual([]);

  // Later ticks and a restart that runs every job again tell nobody twice.
  s.clock.set(at(30, 9, 5));
  await runDueJobs(s.deps);
  await runJobs(s.deps, JOBS.filter((j) => j.name === 'sendScorecardDigests'));
  expect(await digests('SUP-EGGS')).toHaveLength(1);
  expect(robot.filter((r) => r.text.startsWith('【供应商考核周报】'))).toHaveLength(1);
});

it('catches up after a server down at 09:00, and a run out of time is finished next tick', async () => {
  const digestJob = JOBS.filter((j) => j.name === 'sendScorecardDigests');
  s.clock.set(at(30, 11, 0));
  // A call with almost no time left: nothing sent, and the run is not recorded as done.
  const short = await withDeadline(Date.now() + 5_500, () => runJobs(s.deps, digestJob));
  expect(short.sendScorecardDigests).toMatchObject({ unfinished: true });
  expect(await s.store.getJobRun('sendScorecardDigests')).toBeNull();
  expect(await digests('SUP-EGGS')).toEqual([]);

  s.clock.set(at(30, 11, 5));
  await runDueJobs(s.deps);
  expect(await digests('SUP-EGGS')).toHaveLength(1);
  expect(await digests('SUP-FRUIT')).toHaveLength(1);
  expect(await s.store.getJobRun('sendScorecardDigests')).toBe(at(30, 11, 5));
});
