// raiseAlerts under a function's deadline (runtime/budget.ts): every alert lands in the
// inbox first; sends go out side by side while the call has time for another, and stop
// before its deadline, the rest left in the inbox (not sent, no consent spent), so a
// cutoff reminder to hundreds of leaders never runs a function past its timeout.
import type { AlertEvent } from '../../cloudfunctions/src/domain/alerts';
import type { SubscribeTemplate, User } from '../../cloudfunctions/src/domain/model';
import { DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import type { Deps } from '../../cloudfunctions/src/handlers/action';
import { raiseAlerts } from '../../cloudfunctions/src/handlers/alerting';
import type { SubscribeMessage } from '../../cloudfunctions/src/notify/notifier';
import { withDeadline } from '../../cloudfunctions/src/runtime/budget';
import { SqliteStore } from '../../cloudfunctions/src/storage/sqlite/sqlite-store';

const TPL = 'TPL-CUTOFF';
const template: SubscribeTemplate = { kind: 'cutoffSoon', templateId: TPL, data: { thing1: 'subject', time2: 'time', phrase3: 'status' } };
const LEADERS = 80;
/** What one send takes here: WeChat on a slow day. */
const SEND_MS = 400;
const leaders: User[] = Array.from({ length: LEADERS }, (_, i) => ({
  id: `u-leader-${i}`, name: `团长${i}`, role: 'leader', community: `小区${i}`, inviteCode: `LEAD-${i}`, openid: `o-leader-${i}`,
}));

let store: SqliteStore;
let sent: string[];
let deps: Deps;
const now = Date.UTC(2026, 10, 26, 13, 30);

beforeEach(async () => {
  store = new SqliteStore({ filename: ':memory:' });
  sent = [];
  deps = {
    store, files: {} as Deps['files'], clock: { now: () => now }, newId: (p) => `${p}-${Math.random().toString(36).slice(2)}`, runtime: 'wechat', demo: false,
    notifier: {
      subscribe: async (message: SubscribeMessage) => {
        await new Promise((r) => setTimeout(r, SEND_MS));
        sent.push(message.touser);
        return { ok: true };
      },
    },
  };
  await store.upsertUsers(leaders);
  await store.saveSettings({ ...DEFAULT_SETTINGS, alerts: { ...DEFAULT_SETTINGS.alerts, subscribeTemplates: [template] } });
  for (const u of leaders) await store.addConsents(u.id, TPL, 1);
});
afterEach(() => store.close());

const reminder: AlertEvent = {
  kind: 'cutoffSoon', key: '2026-11-26', recipients: leaders.map((u) => u.id), title: '截单提醒', body: '今天 22:00 截单',
  link: '/pages/leader/order/index', fields: { subject: '今日截单', detail: '22:00 截单', time: now, status: '即将截单' },
};
const remaining = async (userId: string) => (await store.listConsents(userId)).find((c) => c.templateId === TPL)?.remaining ?? 0;

it('stops sending before the call\'s deadline; every alert is in the inbox, the unsent ones with their consent kept', async () => {
  const started = Date.now();
  const deadline = started + 4_500;
  const raised = await withDeadline(deadline, () => raiseAlerts(deps, [reminder], []));
  const ended = Date.now();
  expect(raised.length).toBe(LEADERS);
  // 16 at a time, 400 ms each, none started with under 3 s left: a few rounds went, not all five.
  expect(sent.length).toBeGreaterThanOrEqual(16);
  expect(sent.length).toBeLessThan(LEADERS);
  expect(ended).toBeLessThan(deadline);
  const alerts = await Promise.all(leaders.map(async (u) => ({ u, alerts: await store.listAlerts(u.id, 10) })));
  expect(alerts.every((a) => a.alerts.length === 1)).toBe(true);
  const reached = new Set(sent);
  for (const { u, alerts: [alert] } of alerts) {
    if (reached.has(u.openid!)) {
      expect([alert!.deliveries.map((d) => [d.channel, d.status]), await remaining(u.id)]).toEqual([[['subscribe', 'sent']], 0]);
    } else {
      expect([alert!.deliveries, await remaining(u.id)]).toEqual([[], 1]);
    }
  }
});

it('with time enough, every alert is sent', async () => {
  await withDeadline(Date.now() + 20_000, () => raiseAlerts(deps, [reminder], []));
  expect(sent.length).toBe(LEADERS);
});
