import { reportSlotLabel } from '../../cloudfunctions/src/domain/freshness';
import { parseClockTime } from '../../cloudfunctions/src/domain/time';

// Shanghai is UTC+8: 08:05 there is 00:05 UTC.
const shanghai = (h: number, m: number): number => Date.UTC(2026, 10, 26, h - 8, m);
const schedule = ['08:00', '20:00'];

describe('report slot label', () => {
  it('calls a count near 08:00 the morning report and near 20:00 the evening report', () => {
    expect(reportSlotLabel(shanghai(8, 5), 'form', schedule)).toBe('早报');
    expect(reportSlotLabel(shanghai(7, 10), 'form', schedule)).toBe('早报');
    expect(reportSlotLabel(shanghai(19, 40), 'form', schedule)).toBe('晚报');
    expect(reportSlotLabel(shanghai(22, 30), 'spreadsheet', schedule)).toBe('晚报');
  });

  it('calls a count far from every scheduled time an extra report', () => {
    expect(reportSlotLabel(shanghai(14, 0), 'form', schedule)).toBe('临时报');
  });

  it('calls an API push real-time', () => {
    expect(reportSlotLabel(shanghai(14, 0), 'api', schedule)).toBe('接口推送');
  });

  it('works in Shanghai time whatever the machine\'s zone', () => {
    expect(reportSlotLabel(Date.UTC(2026, 10, 26, 0, 0), 'form', schedule)).toBe('早报'); // 08:00 +08
  });

  it('parses HH:mm and rejects anything else', () => {
    expect(parseClockTime('08:00')).toBe(480);
    expect(parseClockTime('23:59')).toBe(1439);
    expect(parseClockTime('24:00')).toBeUndefined();
    expect(parseClockTime('8:00')).toBeUndefined();
  });
});
