import dayjs from 'dayjs';
import fc from 'fast-check';
import { TZ, inShanghai } from '../../cloudfunctions/src/domain/time';
import { businessDayOf, cutoffInstant } from '../../cloudfunctions/src/domain/business-day';

describe('Shanghai time', () => {
  it('agrees with the IANA zone Asia/Shanghai at any instant of 2020–2035 (property)', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), (ms) => {
      expect(inShanghai(ms).format('YYYY-MM-DD HH:mm:ss')).toBe(dayjs(ms).tz(TZ).format('YYYY-MM-DD HH:mm:ss'));
    }), { numRuns: 2000 });
  });

  it("sets wall-clock hours in Shanghai, whatever the machine's zone", () => {
    expect(cutoffInstant('2026-11-26', '22:00')).toBe(Date.UTC(2026, 10, 26, 14, 0));
    expect(businessDayOf(Date.UTC(2026, 10, 26, 15, 59), '00:30')).toBe('2026-11-27');
  });
});
