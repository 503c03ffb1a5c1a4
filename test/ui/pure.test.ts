// The pure helpers the pages lean on: money, form fields, the chart, slot titles, formulas.
import { base64Utf8, niceMax, stockChartSvg, svgDataUri } from '@/services/chart';
import { FieldReader, asPercentComplaint, complaintOf, numberText, parseNumber, placeIssues } from '@/services/fields';
import { formulaText, slotWithTime } from '@/services/format';
import { fenToYuanText, formatYuan, parseYuan } from '@/services/money';
import { collectLines, issuesBySku, jumpText, stepped } from '@/stores/count-entry';
import { linesOf } from '@/stores/operator/importer';
import { parseTimes } from '@/stores/operator/suppliers';

// 2026-11-26 10:00 in Shanghai.
const NOW = Date.UTC(2026, 10, 26, 2, 0, 0);
const HOUR = 3_600_000;

describe('money', () => {
  test.each([
    ['29.9', 2990],
    ['29.90', 2990],
    ['0.07', 7],
    ['.5', 50],
    ['30', 3000],
    ['¥1,299.00', 129900],
    ['12元', 1200],
    ['', undefined],
  ])('%s 元 is %s fen', (text, fen) => {
    expect(parseYuan(text)).toEqual({ ok: true, value: fen });
  });

  test.each([
    ['12.345', '金额最多两位小数'],
    ['-1', '金额不能是负数'],
    ['abc', '请填写金额，如 29.90'],
    ['1.2.3', '请填写金额，如 29.90'],
  ])('%s is refused: %s', (text, message) => {
    expect(parseYuan(text)).toEqual({ ok: false, message });
  });

  test('fen shows as 元 both ways', () => {
    expect(formatYuan(2990)).toBe('¥29.90');
    expect(formatYuan(-50)).toBe('-¥0.50');
    expect(fenToYuanText(2990)).toBe('29.90');
    expect(fenToYuanText(undefined)).toBe('');
    for (const fen of [0, 1, 7, 99, 2990, 123456]) expect(parseYuan(fenToYuanText(fen))).toEqual({ ok: true, value: fen });
  });
});

describe('form fields', () => {
  test('numbers, integers and percents as typed', () => {
    expect(parseNumber('12')).toEqual({ ok: true, value: 12 });
    expect(parseNumber(' 2.5 ')).toEqual({ ok: true, value: 2.5 });
    expect(parseNumber('')).toEqual({ ok: true, value: undefined });
    expect(parseNumber('', { required: true })).toEqual({ ok: false, message: '请填写' });
    expect(parseNumber('2.5', { integer: true })).toEqual({ ok: false, message: '请填写整数' });
    expect(parseNumber('十')).toEqual({ ok: false, message: '请填写数字' });
    expect(parseNumber('7', { percent: true })).toEqual({ ok: true, value: 0.07 });
    expect(parseNumber('20%', { percent: true })).toEqual({ ok: true, value: 0.2 });
    expect(numberText(0.07, { percent: true })).toBe('7');
    expect(numberText(0.125, { percent: true })).toBe('12.5');
    expect(numberText(undefined)).toBe('');
  });

  test('the server’s message is cut to the complaint at its field; percent bounds read as percent', () => {
    expect(complaintOf('设置的同步优先级的最长报数间隔的hot不能小于 0.25')).toBe('不能小于 0.25');
    expect(complaintOf('商品的编码格式不对')).toBe('格式不对');
    expect(complaintOf('商品的预警线必须是整数')).toBe('必须是整数');
    expect(complaintOf('商品编码已存在')).toBe('商品编码已存在');
    expect(complaintOf('不能大于 5')).toBe('不能大于 5');
    // A schema's own hint says what the value should be.
    expect(complaintOf('供应商的库存拉取设置的地址应为 http:// 或 https:// 开头的地址')).toBe('应为 http:// 或 https:// 开头的地址');
    expect(complaintOf('设置的价格的类型不对（应为数字）')).toBe('类型不对（应为数字）');
    expect(asPercentComplaint('不能大于 1')).toBe('不能大于 100%');
  });

  test('issues land at the field they name, or the nearest one the form shows', () => {
    const placed = placeIssues(
      [
        { path: 'settings.bufferPolicy.ratio', message: '设置的缓冲规则的比例不能大于 1' },
        { path: 'settings.tiers.maxReportAgeHours.hot', message: '…的hot不能小于 0.25' },
        { path: 'settings.tiers.maxReportAgeHours.hot', message: 'second issue at the same field' },
        { path: 'settings.jumpThreshold.extra', message: '设置的跳变阈值含有未知字段：extra' },
        { path: 'fileId', message: '文件不存在' },
      ],
      'settings',
      ['bufferPolicy.ratio', 'tiers.maxReportAgeHours.hot', 'jumpThreshold'],
      ['bufferPolicy.ratio'],
    );
    expect(placed.fields).toEqual({
      'bufferPolicy.ratio': '不能大于 100%',
      'tiers.maxReportAgeHours.hot': '不能小于 0.25',
      jumpThreshold: '设置的跳变阈值含有未知字段：extra',
    });
    expect(placed.other).toEqual(['文件不存在']);
    expect(placeIssues([{ path: 'supplier.reportTimes[1]', message: '供应商的报数时间的第2行格式不对' }], 'supplier', ['reportTimes']).fields).toEqual({ reportTimes: '格式不对' });
  });

  test('a reader collects one error per box', () => {
    const r = new FieldReader({ price: '1.234', name: '  ', fixed: '3' });
    expect(r.money('price', { required: true })).toBeUndefined();
    expect(r.text('name', { required: true })).toBeUndefined();
    expect(r.number('fixed', { integer: true })).toBe(3);
    expect(r.errors).toEqual({ price: '金额最多两位小数', name: '请填写' });
    expect(r.ok).toBe(false);
  });

  test('report times as people type them', () => {
    expect(parseTimes('08:00 20:00')).toEqual(['08:00', '20:00']);
    expect(parseTimes('7:30，19：30')).toEqual(['07:30', '19:30']);
    expect(parseTimes('  ')).toEqual([]);
  });
});

describe('count lines', () => {
  test('blank is asked for or left out, never zero', () => {
    expect(collectLines(['a', 'b', 'c'], { a: '5', b: ' ', c: '0' }, 'ask')).toEqual({ lines: [{ skuId: 'a', onHand: 5 }, { skuId: 'c', onHand: 0 }], errors: { b: '请填写库存数量（没有货请填 0）' }, skipped: 0 });
    expect(collectLines(['a', 'b'], { a: '5' }, 'skip')).toEqual({ lines: [{ skuId: 'a', onHand: 5 }], errors: {}, skipped: 1 });
  });

  test('a box that is not a whole number is named, never rounded or stripped; full-width digits are read', () => {
    const { lines, errors } = collectLines(['a', 'b', 'c', 'd'], { a: '3.5', b: '１２０', c: '-1', d: '3件' }, 'skip');
    expect(lines).toEqual([{ skuId: 'b', onHand: 120 }]);
    expect(errors).toEqual({ a: '请填整数件数，不能有小数（3.5）', c: '不能为负数（-1）', d: '请只填数字（3件）' });
  });

  test('issues find their line by index into what was sent', () => {
    const sent = [{ skuId: 'a', onHand: 1 }, { skuId: 'b', onHand: 2 }];
    expect(issuesBySku([{ path: 'lines[1].onHand', message: '第2行的库存数量不能大于 1000000' }, { path: 'supplierId', message: '供应商不存在' }], sent)).toEqual({
      errors: { b: '库存数量不能大于 1000000' },
      unplaced: ['供应商不存在'],
    });
  });

  test('the stepper starts a blank box from the last count and never goes below zero', () => {
    expect(stepped('10', 1, 3)).toBe('11');
    expect(stepped('', 1, 3)).toBe('4');
    expect(stepped('', -1, null)).toBe('0');
    expect(stepped('0', -1, 5)).toBe('0');
    // Full-width digits step like any others; a box that is not a whole number is left as typed.
    expect(stepped('１２０', 1, 3)).toBe('121');
    expect(stepped('3.5', 1, 3)).toBe('3.5');
  });

  test('a jumped line reads as the change', () => {
    expect(jumpText({ skuId: 'x', name: '赣南脐橙', spec: '5斤装', onHand: 300, last: 30, jump: true })).toBe('赣南脐橙 5斤装：30 → 300 件');
  });

  test('spreadsheet issues sort by line number; other issues are not lines', () => {
    expect(linesOf([{ path: 'line:12', message: '第12行：…' }, { path: 'line:3', message: '第3行：…' }, { path: 'fileId', message: 'x' }])).toEqual([
      { line: 3, message: '第3行：…' },
      { line: 12, message: '第12行：…' },
    ]);
  });
});

describe('what the pages say', () => {
  test('the report due, with its scheduled time', () => {
    expect(slotWithTime('早报', ['20:00', '08:00'])).toBe('早报 · 08:00');
    expect(slotWithTime('晚报', ['08:00', '20:00'])).toBe('晚报 · 20:00');
    expect(slotWithTime('12:00报', ['08:00', '12:00', '20:00'])).toBe('12:00报');
    expect(slotWithTime('临时报', ['08:00', '20:00'])).toBe('临时报');
  });

  test('how sellable was computed, with projection and staleness when they apply', () => {
    const base = { onHand: 76, projectedOnHand: 76, buffer: 15.2, staleExtra: 0, committed: 3, freshness: null };
    expect(formulaText(base)).toBe('现货 76 − 安全库存 15.2 − 已占用 3');
    const freshness = { reportedAt: NOW, slot: '早报', source: 'form' as const, projected: true, stale: true, tier: 'hot' as const };
    expect(formulaText({ ...base, projectedOnHand: 66, buffer: 24, staleExtra: 10, freshness })).toBe('现货 76（预估 66）− 安全库存 24（含过期加宽 10）− 已占用 3');
  });
});

describe('the history chart', () => {
  const points = [
    { at: NOW - 14 * HOUR, onHand: 120, sellable: 96 },
    { at: NOW - 2 * HOUR, onHand: 100, sellable: 80 },
    { at: NOW - HOUR, onHand: 100, sellable: 77 },
  ];

  test('draws two step lines to now, scaled to a round maximum, with times in Shanghai', () => {
    const svg = stockChartSvg(points, { width: 340, height: 160, until: NOW });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="340" height="160"')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('stroke="#1f6feb"');
    expect(svg).toContain('stroke="#1a7f37"');
    // Top of the scale is 200 (the next round number above 120), labels in Shanghai time.
    expect(svg).toContain('>200</text>');
    expect(svg).toContain('>11-25 20:00</text>');
    expect(svg).toContain('>11-26 10:00</text>');
    // The on-hand line starts at the left edge, holds, steps down, and runs to the right edge.
    expect(svg).toMatch(/<path d="M40 61.6H288.6V74H309.3V74H330"/);
    // Plain ASCII, so every image decoder reads it.
    expect(/^[\x20-\x7e]*$/.test(svg)).toBe(true);
  });

  test('one point or none still draws a chart', () => {
    expect(stockChartSvg([{ at: NOW, onHand: 5, sellable: 4 }])).toContain('<path ');
    expect(stockChartSvg([], { until: NOW })).not.toContain('<path ');
  });

  test('round maxima', () => {
    expect([0, 1, 7, 10, 11, 120, 999, 1000].map(niceMax)).toEqual([10, 1, 10, 10, 20, 200, 1000, 1000]);
  });

  test('base64 of UTF-8, as a browser would encode it', () => {
    for (const text of ['', 'a', 'ab', 'abc', '<svg>', '现货 可售', '😀']) {
      expect(base64Utf8(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
    }
    expect(svgDataUri('<svg/>')).toBe(`data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}`);
  });
});
