import { businessDayOf, cutoffInstant, dayLabel, deadlineInstant } from '../../cloudfunctions/src/domain/business-day';

const shanghai = (d: number, h: number, m: number): number => Date.UTC(2026, 10, d, h - 8, m);

describe('business day', () => {
  it('is today before cutoff and tomorrow from cutoff on, in Shanghai time', () => {
    expect(businessDayOf(shanghai(26, 21, 59), '22:00')).toBe('2026-11-26');
    expect(businessDayOf(shanghai(26, 22, 0), '22:00')).toBe('2026-11-27');
    expect(businessDayOf(shanghai(26, 23, 30), '22:00')).toBe('2026-11-27');
    expect(businessDayOf(shanghai(27, 0, 30), '22:00')).toBe('2026-11-27'); // just after midnight UTC+8
  });

  it('follows a supplier\'s own cutoff', () => {
    expect(businessDayOf(shanghai(26, 20, 30), '20:00')).toBe('2026-11-27');
    expect(businessDayOf(shanghai(26, 20, 30), '22:00')).toBe('2026-11-26');
  });

  it('places cutoff and the confirmation deadline on the clock', () => {
    expect(cutoffInstant('2026-11-26', '22:00')).toBe(shanghai(26, 22, 0));
    expect(deadlineInstant('2026-11-26', '22:00', '23:00')).toBe(shanghai(26, 23, 0));
    expect(deadlineInstant('2026-11-26', '22:00', '07:00')).toBe(shanghai(27, 7, 0)); // the next morning
  });

  it('crosses month ends', () => {
    expect(businessDayOf(Date.UTC(2026, 10, 30, 14, 30), '22:00')).toBe('2026-12-01');
    expect(dayLabel('2026-12-01')).toBe('12月1日');
  });
});
