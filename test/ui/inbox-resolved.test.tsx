// An inbox item whose cause is gone shows as resolved, with when; the others stay open.
import { screen, within } from '@testing-library/react';
import { PAGES } from '@/services/nav';
import type { InboxView, IntakeResult } from '@/services/types';
import { runDueJobs } from '../../cloudfunctions/src/jobs/schedule';
import { openApp } from './support/app';
import { type Backend, TEST_NOW, startBackend } from './support/backend';

let backend: Backend;
beforeEach(async () => {
  backend = await startBackend();
});
afterEach(() => backend.close());

const rowOf = (body: string): HTMLElement => screen.getByText(body).closest('.hz-alert') as HTMLElement;

test('报数逾期 shows 已解决 and when once the supplier reported; the suppliers still missing stay open', async () => {
  // 10:00, nobody has counted since last evening: the scheduler names all three.
  await runDueJobs(backend.deps);
  backend.clock.set(TEST_NOW + 12 * 60_000);
  await backend.as('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2009', onHand: 24 }] });

  await openApp(PAGES.inbox, { as: 'DEMO-OP' });

  await screen.findByText('赣南果园直供 11月26日 08:00 的报数还没有提交');
  const reported = rowOf('赣南果园直供 11月26日 08:00 的报数还没有提交');
  expect(reported.className).toContain('hz-alert--resolved');
  expect(within(reported).getByText('已解决 · 已收到报数 · 10:12')).toBeTruthy();
  const missing = rowOf('山里土鸡蛋合作社 11月26日 08:00 的报数还没有提交');
  expect(missing.className).not.toContain('hz-alert--resolved');
  expect(within(missing).queryByText(/已解决/)).toBeNull();
  // The badge counts what still asks for attention: the resolved item is not among them.
  const inbox = await backend.as<InboxView>('DEMO-OP', 'account', 'inbox', {});
  const open = inbox.alerts.filter((a) => !a.read && !a.resolved).length;
  expect(inbox.alerts.some((a) => !a.read && a.resolved)).toBe(true);
  expect(inbox.unread).toBe(open);
});

test('报数待确认 shows 已解决 once the held report is decided', async () => {
  const held = await backend.as<IntakeResult>('DEMO-S02', 'supplier', 'submitReport', { lines: [{ skuId: 'HZ2003', onHand: 850 }] });
  if (held.status !== 'held') throw new Error('expected the jump to be held');
  backend.clock.set(TEST_NOW + 5 * 60_000);
  await backend.as('DEMO-S02', 'supplier', 'discardHeld', { heldId: held.held.id });

  await openApp(PAGES.inbox, { as: 'DEMO-OP' });

  const title = await screen.findByText('报数待确认');
  const row = title.closest('.hz-alert') as HTMLElement;
  expect(row.className).toContain('hz-alert--resolved');
  expect(within(row).getByText('已解决 · 已丢弃 · 10:05')).toBeTruthy();
});
