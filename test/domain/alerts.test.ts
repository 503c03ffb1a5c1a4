import fc from 'fast-check';
import { alertsFor, lowStockTransition, templateData, templateTime, templateValue } from '../../cloudfunctions/src/domain/alerts';
import { occurrencesIn, reportedFor } from '../../cloudfunctions/src/domain/reminders';

const at = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);

describe('template values cut to WeChat\'s limits', () => {
  it('cuts a thing to 20 characters, counting Chinese characters as one each', () => {
    const long = '山里土鸡蛋合作社散养土鸡蛋三十枚装礼盒特惠团购';
    const v = templateValue('thing1', long);
    expect([...v].length).toBe(20);
    expect(v.endsWith('…')).toBe(true);
    expect(templateValue('thing2', '赣南脐橙')).toBe('赣南脐橙');
  });

  it('keeps a phrase to five Chinese characters and nothing else', () => {
    expect(templateValue('phrase3', '库存紧张!!')).toBe('库存紧张');
    expect([...templateValue('phrase3', '库存紧张请尽快补货')].length).toBe(5);
  });

  it('formats times as WeChat expects, in Shanghai time', () => {
    expect(templateValue('time4', at(26, 22, 0))).toBe('2026年11月26日 22:00');
    expect(templateTime(at(27, 7, 5))).toBe('2026年11月27日 07:05');
  });

  it('keeps numbers numeric and at most 32 digits, strings to printable ASCII', () => {
    expect(templateValue('number5', 12)).toBe('12');
    expect(templateValue('number5', '1'.repeat(40)).length).toBe(32);
    expect(templateValue('character_string6', 'HZ2001 赣南')).toBe('HZ2001');
    expect(templateValue('amount7', 2990)).toBe('¥29.90');
  });

  it('never sends an empty thing', () => {
    expect(templateValue('thing1', '')).toBe('-');
  });

  it('never exceeds a thing\'s limit whatever the text (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => {
      expect([...templateValue('thing1', text)].length).toBeLessThanOrEqual(20);
      expect([...templateValue('phrase2', text)].length).toBeLessThanOrEqual(5);
    }));
  });

  it('fills a template by the configured mapping', () => {
    const data = templateData({ thing1: 'subject', number2: 'quantity', time3: 'time', phrase4: 'status' },
      { subject: '赣南脐橙 5斤装', detail: '', time: at(26, 9), quantity: 3, status: '库存紧张' });
    expect(data).toEqual({ thing1: { value: '赣南脐橙 5斤装' }, number2: { value: '3' }, time3: { value: '2026年11月26日 09:00' }, phrase4: { value: '库存紧张' } });
  });
});

describe('alerts per person', () => {
  it('give each recipient one alert per event, with the event in its id', () => {
    const alerts = alertsFor({ kind: 'lowStock', key: 'A001:0', recipients: ['u1', 'u2', 'u1'], title: 't', body: 'b', link: '/x', fields: { subject: 's', detail: 'd', time: 0, status: 's' } }, 5);
    expect(alerts.map((a) => a.id)).toEqual(['lowStock:A001:0:u1', 'lowStock:A001:0:u2']);
  });
});

describe('low-stock hysteresis', () => {
  it('fires once on the way down and re-arms only above the line', () => {
    expect(lowStockTransition(true, 10, 10)).toBe('fire');
    expect(lowStockTransition(false, 4, 10)).toBe('none');
    expect(lowStockTransition(false, 10, 10)).toBe('none');
    expect(lowStockTransition(false, 11, 10)).toBe('rearm');
    expect(lowStockTransition(true, 50, 10)).toBe('none');
  });

  it('never fires twice without rising above the line in between (property)', () => {
    fc.assert(fc.property(fc.array(fc.nat(30), { maxLength: 60 }), (path) => {
      let armed = true;
      let fires = 0;
      let aboveSinceFire = true;
      for (const sellable of path) {
        const step = lowStockTransition(armed, sellable, 10);
        if (step === 'fire') {
          expect(aboveSinceFire).toBe(true);
          fires += 1;
          armed = false;
          aboveSinceFire = false;
        } else if (step === 'rearm') armed = true;
        if (sellable > 10) aboveSinceFire = true;
      }
      expect(fires).toBeLessThanOrEqual(path.length);
    }));
  });
});

describe('reminder times', () => {
  const tick = (h: number, m: number) => ({ from: at(26, h, m) - 5 * 60_000, to: at(26, h, m) });

  it('finds the report due 30 minutes before each scheduled report in exactly one tick', () => {
    expect(occurrencesIn(['08:00', '20:00'], tick(7, 30), -30).map((o) => [o.day, o.time])).toEqual([['2026-11-26', '08:00']]);
    expect(occurrencesIn(['08:00', '20:00'], tick(7, 35), -30)).toEqual([]);
    expect(occurrencesIn(['08:00', '20:00'], tick(19, 30), -30).map((o) => o.time)).toEqual(['20:00']);
  });

  it('crosses midnight', () => {
    expect(occurrencesIn(['00:10'], { from: at(26, 23, 50), to: at(26, 23, 55) }, -15).map((o) => o.day)).toEqual(['2026-11-27']);
  });

  it('counts a report as made for a slot when it came up to three hours early', () => {
    const [slot] = occurrencesIn(['08:00'], tick(8, 30), 30);
    expect(reportedFor(slot!, at(26, 7, 40))).toBe(true);
    expect(reportedFor(slot!, at(26, 4, 59))).toBe(false);
    expect(reportedFor(slot!, undefined)).toBe(false);
  });
});
