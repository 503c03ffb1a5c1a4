// Inbox items resolve when their cause is gone: 报数逾期 once the report arrives, 报数待确认
// once the held report is decided. The alert stays as it was raised; the resolution says
// when, and only something somebody did resolves anything.
import type { InboxAlert, InboxView, IntakeResult } from '../../cloudfunctions/src/contract/api';
import { remindReports } from '../../cloudfunctions/src/jobs/reminders';
import { applyReport } from '../../cloudfunctions/src/handlers/report-apply';
import { report as reportOf, skus, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
let s: TestServer;
let tokens: Record<string, string>;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(skus);
  await s.store.upsertUsers(users);
  // Both counted last evening (as the demo's opening counts are: no alerts).
  s.clock.set(at(25, 20));
  for (const [supplierId, skuId] of [['sup-fruit', 'A001'], ['sup-eggs', 'B001']] as const) {
    expect((await applyReport(s.deps, reportOf(supplierId, [[skuId, 30]], at(25, 20)), undefined, { alerts: false })).ok).toBe(true);
  }
  tokens = Object.fromEntries(await Promise.all(users.map(async (u) => [u.id, await s.signIn(u.inviteCode)] as const)));
  // Nobody reported for 08:00: at 08:30 both are overdue.
  s.clock.set(at(26, 8, 35));
  await remindReports(s.deps, { from: at(26, 8, 0), to: at(26, 8, 35) });
});
afterEach(() => s.close());

const inbox = async (userId: string): Promise<InboxAlert[]> => {
  const res = await s.call<InboxView>('account', 'inbox', {}, tokens[userId]);
  if (!res.ok) throw new Error(res.error.message);
  return res.data.alerts;
};
const ofKind = async (userId: string, kind: InboxAlert['kind']) => (await inbox(userId)).filter((a) => a.kind === kind);
const submit = (userId: string, skuId: string, onHand: number) =>
  s.call<IntakeResult>('supplier', 'submitReport', { lines: [{ skuId, onHand }] }, tokens[userId]);

it('报数逾期 is resolved for everyone who got it when the report arrives; the alert itself is unchanged', async () => {
  const [before] = await ofKind('u-op', 'reportMissed').then((a) => a.filter((x) => x.body.startsWith('山里土鸡蛋')));
  expect(before!.resolved).toBeUndefined();
  s.clock.set(at(26, 9, 10));
  expect((await submit('u-sup-eggs', 'B001', 28)).ok).toBe(true);

  const op = await ofKind('u-op', 'reportMissed');
  const eggs = op.find((a) => a.body.startsWith('山里土鸡蛋'))!;
  expect(eggs).toEqual({ ...before, resolved: { at: at(26, 9, 10), note: '已收到报数' } });
  expect(op.find((a) => a.body.startsWith('赣南果园'))!.resolved).toBeUndefined(); // still nobody counted the fruit
  expect((await ofKind('u-sup-eggs', 'reportMissed'))[0]!.resolved).toEqual({ at: at(26, 9, 10), note: '已收到报数' });
  expect((await ofKind('u-sup-eggs', 'reportMissed'))[0]!.read).toBe(false); // resolving is not reading

  s.clock.set(at(26, 9, 40)); // a second report resolves nothing again: the first resolution stands
  await submit('u-sup-eggs', 'B001', 27);
  expect((await ofKind('u-op', 'reportMissed')).find((a) => a.body.startsWith('山里土鸡蛋'))!.resolved!.at).toBe(at(26, 9, 10));
});

it('a report that was on time resolves nothing: no resolution is recorded for an alert never raised', async () => {
  s.clock.set(at(26, 19, 50)); // the evening count, before 20:00
  await submit('u-sup-fruit', 'A001', 25);
  s.clock.set(at(26, 20, 40));
  await remindReports(s.deps, { from: at(26, 20, 0), to: at(26, 20, 40) });
  s.clock.set(at(26, 21, 0));
  await submit('u-sup-fruit', 'A001', 24);
  expect(await s.store.listAlertResolutions(['reportMissed:sup-fruit:2026-11-26:20:00'])).toEqual([]);
  // The morning's was answered by the 19:50 report, and only that one.
  expect(await s.store.listAlertResolutions(['reportMissed:sup-fruit:2026-11-26:08:00'])).toEqual([
    { event: 'reportMissed:sup-fruit:2026-11-26:08:00', at: at(26, 19, 50), by: 'u-sup-fruit', note: '已收到报数' },
  ]);
});

it('报数待确认 is resolved by the decision on the held report, and a held report counts only once confirmed', async () => {
  s.clock.set(at(26, 9, 0));
  const held = await submit('u-sup-eggs', 'B001', 300); // 30 → 300: held for confirmation
  expect(held.ok && held.data.status).toBe('held');
  expect((await ofKind('u-op', 'jumpHeld'))[0]!.resolved).toBeUndefined();
  expect((await ofKind('u-op', 'reportMissed')).find((a) => a.body.startsWith('山里土鸡蛋'))!.resolved).toBeUndefined();

  s.clock.set(at(26, 9, 30));
  const heldId = held.ok && held.data.status === 'held' ? held.data.held.id : '';
  expect((await s.call('operator', 'confirmHeld', { heldId }, tokens['u-op'])).ok).toBe(true);
  expect((await ofKind('u-op', 'jumpHeld'))[0]!.resolved).toEqual({ at: at(26, 9, 30), note: '已确认生效' });
  expect((await ofKind('u-sup-eggs', 'jumpHeld'))[0]!.resolved).toEqual({ at: at(26, 9, 30), note: '已确认生效' });
  expect((await ofKind('u-op', 'reportMissed')).find((a) => a.body.startsWith('山里土鸡蛋'))!.resolved).toEqual({ at: at(26, 9, 30), note: '已收到报数' });

  s.clock.set(at(26, 10, 0));
  const second = await submit('u-sup-fruit', 'A001', 900);
  const secondId = second.ok && second.data.status === 'held' ? second.data.held.id : '';
  expect((await s.call('supplier', 'discardHeld', { heldId: secondId }, tokens['u-sup-fruit'])).ok).toBe(true);
  const fruitHeld = (await ofKind('u-op', 'jumpHeld')).find((a) => a.body.startsWith('赣南果园'))!;
  expect(fruitHeld.resolved).toEqual({ at: at(26, 10, 0), note: '已丢弃' });
  // A discarded count is no report: the fruit's 报数逾期 stays open.
  expect((await ofKind('u-op', 'reportMissed')).find((a) => a.body.startsWith('赣南果园'))!.resolved).toBeUndefined();
});
