import { formatAgo, formatFreshness, formatTime, formatYuan } from '@/services/format';

// 2026-11-26 10:00 in Shanghai.
const NOW = Date.UTC(2026, 10, 26, 2, 0, 0);
const MIN = 60 * 1000;
const HOUR = 60 * MIN;

test.each([
  [0, '刚刚'],
  [59 * 1000, '刚刚'],
  [-30 * 1000, '刚刚'],
  [MIN, '1分钟前'],
  [3 * MIN + 20 * 1000, '3分钟前'],
  [59 * MIN, '59分钟前'],
  [HOUR, '1小时前'],
  [14 * HOUR, '14小时前'],
  [23 * HOUR + 59 * MIN, '23小时前'],
  [24 * HOUR, '1天前'],
  [3 * 24 * HOUR + 5 * HOUR, '3天前'],
])('%d ms ago reads %s', (ago, text) => {
  expect(formatAgo(NOW - ago, NOW)).toBe(text);
});

test('days count Shanghai calendar days, whatever the machine’s zone', () => {
  // 2026-11-24 23:30 Shanghai, seen on 11-26 10:00: two calendar days back.
  expect(formatAgo(Date.UTC(2026, 10, 24, 15, 30), NOW)).toBe('2天前');
});

test('freshness joins the age and the report slot, or says it was never counted', () => {
  expect(formatFreshness({ reportedAt: NOW - 3 * MIN, slot: '早报', source: 'form', projected: false, stale: false, tier: 'normal' }, NOW)).toBe('3分钟前 · 早报');
  expect(formatFreshness(null, NOW)).toBe('未报数');
});

test('times are Shanghai wall-clock times', () => {
  expect(formatTime(NOW, NOW)).toBe('10:00');
  expect(formatTime(Date.UTC(2026, 10, 25, 12, 0), NOW)).toBe('11月25日 20:00');
  expect(formatYuan(2990)).toBe('¥29.90');
});
