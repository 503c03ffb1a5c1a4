import { JIELONG_REASONS } from '../../../cloudfunctions/src/domain/jielong';
import { itemsOf, parse } from './helpers';

describe('numbering', () => {
  it.each([
    ['1. 张三 脐橙5斤', 1], ['2、张三 脐橙5斤', 2], ['3．张三 脐橙5斤', 3], ['4) 张三 脐橙5斤', 4], ['（5）张三 脐橙5斤', 5],
    ['(6) 张三 脐橙5斤', 6], ['7 张三 脐橙5斤', 7], ['#8 张三 脐橙5斤', 8], ['９．张三 脐橙5斤', 9], ['１２、张三 脐橙5斤', 12],
    ['① 张三 脐橙5斤', 1], ['⑪张三 脐橙5斤', 11], ['⒊ 张三 脐橙5斤', 3], ['4️⃣ 张三 脐橙5斤', 4], ['【13】张三 脐橙5斤', 13],
  ])('%s → seq %d, nickname 张三', (line, seq) => {
    const c = parse(line).customers[0];
    expect(c).toMatchObject({ lineNo: 1, seq, nickname: '张三' });
    expect(c?.items).toEqual([{ kind: 'matched', text: '脐橙5斤', skuId: 'HZ2001', qty: 1 }]);
  });

  it('does not read a date, a time, a weight or a building as the chain number', () => {
    expect(parse('11.26 阳光小区团购').customers).toEqual([]);
    expect(parse('22:00截单').customers).toEqual([]);
    expect(parse('5斤脐橙 张三').customers[0]?.seq).toBeUndefined();
    expect(parse('3栋 张三 脐橙5斤').customers[0]).toMatchObject({ nickname: '3栋 张三' });
    expect(parse('3栋 张三 脐橙5斤').customers[0]?.seq).toBeUndefined();
  });

  it('keeps a line without a number when it names a product, and says it has none', () => {
    const c = parse('1. 张三 脐橙5斤\n赵六 沃柑5斤 2份\n2. 李四 砂糖橘').customers;
    expect(c.map((x) => [x.lineNo, x.seq, x.nickname])).toEqual([[1, 1, '张三'], [2, undefined, '赵六'], [3, 2, '李四']]);
    expect(c[1]?.items).toEqual([{ kind: 'matched', text: '沃柑5斤 2份', skuId: 'HZ2004', qty: 2 }]);
  });
});

describe('several items per line', () => {
  it.each([' ', '，', ',', '、', '；', ';', '+', ' + ', '和', '／'])('separated by "%s"', (sep) => {
    expect(itemsOf(`1. 张姐 脐橙5斤${sep}砂糖橘${sep}蓝莓2盒`)).toEqual([['HZ2001', 1], ['HZ2003', 1], ['HZ2009', 2]]);
  });

  it('splits products written without any separator', () => {
    expect(itemsOf('1. 蔡 脐橙5斤鸡蛋30枚')).toEqual([['HZ2001', 1], ['HZ3001', 1]]);
    expect(itemsOf('1. 蔡 脐橙5斤×2鸡蛋30枚×3')).toEqual([['HZ2001', 2], ['HZ3001', 3]]);
  });
});

describe('noise', () => {
  it('strips emoji, WeChat stickers and invisible characters from nicknames and items', () => {
    const c = parse('1. 🌸小美[玫瑰]\u200b🌸 脐🍊橙5斤\u2060 [红包]1份').customers[0];
    expect(c).toMatchObject({ nickname: '小美', items: [{ kind: 'matched', text: '脐橙5斤 1份', skuId: 'HZ2001', qty: 1 }] });
    expect(parse('3. @老陈\u2005 沃柑5斤').customers[0]?.nickname).toBe('老陈');
    expect(parse('2. 李四🍊 砂糖橘 3斤x1').customers[0]?.nickname).toBe('李四');
  });

  it('keeps what the customer typed in nickname and item text (full-width stays full-width)', () => {
    expect(parse('４．ＡＭＹ　蓝莓　２盒').customers[0]).toMatchObject({
      seq: 4, nickname: 'ＡＭＹ', items: [{ kind: 'matched', text: '蓝莓 ２盒', skuId: 'HZ2009', qty: 2 }],
    });
  });

  it('shows a line of stickers or emoji as ignored, and skips truly blank lines', () => {
    expect(parse('\n   \n\u200b\n🎉🎉\n[红包][红包]\n').ignored).toEqual([{ lineNo: 4, text: '🎉🎉' }, { lineNo: 5, text: '[红包][红包]' }]);
  });
});

describe('which lines are customers', () => {
  it('ignores the header, the example, the menu and the footer, and keeps their text for the leader', () => {
    const p = parse([
      '#接龙', '11月26日 阳光小区 团购 截单22:00', '今日团购：赣南脐橙5斤装 29.9元', '1. 赣南脐橙 5斤装 ¥29.9',
      '例：1. 张三 脐橙5斤×2', '1. 王姐 脐橙5斤', '截单时间 22:00，请按时付款',
    ].join('\n'));
    expect(p.customers.map((c) => c.lineNo)).toEqual([6]);
    expect(p.ignored.map((i) => i.lineNo)).toEqual([1, 2, 3, 4, 5, 7]);
    expect(p.ignored[6 - 5]?.text).toBe('11月26日 阳光小区 团购 截单22:00');
  });

  it('makes a numbered line that names nothing a customer to be completed', () => {
    expect(parse('4. 刘姐').customers[0]).toEqual({
      lineNo: 1, seq: 4, nickname: '刘姐', items: [{ kind: 'unmatched', text: '', qty: 1, reason: JIELONG_REASONS.noItem, candidates: [] }],
    });
    expect(parse('3. 张三 香焦 2斤').customers[0]).toMatchObject({ nickname: '张三', items: [{ kind: 'unmatched', text: '香焦 2斤' }] });
  });
});

describe('nickname', () => {
  it.each([
    ['1. 张三 脐橙5斤', '张三'], ['1.王阿姨土鸡蛋30枚*2', '王阿姨'], ['1. 张三：脐橙5斤', '张三'], ['1. 3栋1202 李姐 脐橙5斤', '3栋1202 李姐'],
    ['1. 脐橙5斤', ''], ['1. 🍊橙子妈妈 沃柑5斤', '橙子妈妈'], ['1. 阳光灿烂 葡萄', '阳光灿烂'], ['1. 小明 妈妈 蓝莓', '小明 妈妈'],
  ])('%s → "%s"', (line, nickname) => {
    expect(parse(line).customers[0]?.nickname).toBe(nickname);
  });
});
