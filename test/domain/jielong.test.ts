import fc from 'fast-check';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import {
  type CatalogueEntry, type JielongItem, type JielongParse, CUSTOMER_LABEL_MAX, JIELONG_REASONS, jielongToOrderLines, parseJielong,
} from '../../cloudfunctions/src/domain/jielong';
import { JIELONG_CATALOGUE } from '../fixtures/jielong/catalogue';

const FIXTURES = join(__dirname, '../fixtures/jielong');
const parse = (text: string): JielongParse => parseJielong(text, JIELONG_CATALOGUE);
/** The items of the first customer, reduced to what the cart needs. */
const itemsOf = (text: string): Array<[string, number] | ['?', number, string[]]> =>
  (parse(text).customers[0]?.items ?? []).map((it) => (it.kind === 'matched' ? [it.skuId, it.qty] : ['?', it.qty, it.candidates]));
const only = (text: string): JielongItem => {
  const items = parse(text).customers[0]?.items ?? [];
  expect(items).toHaveLength(1);
  return items[0] as JielongItem;
};

describe('pasted lists (fixtures)', () => {
  const pastes = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).sort();

  it('has at least thirty real-looking pastes, each with its expected parse', () => {
    expect(pastes.length).toBeGreaterThanOrEqual(30);
    for (const f of pastes) expect(readdirSync(FIXTURES)).toContain(f.replace(/\.txt$/, '.json'));
  });

  it('keeps the bytes that make the messy cases messy', () => {
    const raw = (f: string): string => readFileSync(join(FIXTURES, f), 'utf8');
    expect(raw('03-windows-crlf.txt')).toContain('\r\n');
    expect(raw('04-bom-trailing-spaces.txt').charCodeAt(0)).toBe(0xfeff);
    expect(raw('04-bom-trailing-spaces.txt')).toMatch(/ {2}\n/);
    expect(raw('21-mixed-line-endings.txt')).toMatch(/\r(?!\n)/);
    expect(raw('20-invisible-characters.txt')).toMatch(/[\u200b\u2060\u2005\u00a0\u3000\u00ad]/);
    expect(raw('05-emoji-nicknames.txt')).toMatch(/\p{Extended_Pictographic}/u);
    expect(raw('06-fullwidth-digits.txt')).toMatch(/[０-９]/);
  });

  it.each(pastes)('%s', (f) => {
    const text = readFileSync(join(FIXTURES, f), 'utf8');
    const expected = JSON.parse(readFileSync(join(FIXTURES, f.replace(/\.txt$/, '.json')), 'utf8')) as JielongParse;
    expect(parse(text)).toEqual(expected);
  });
});

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

describe('quantity versus spec', () => {
  it.each<[string, string, number]>([
    ['脐橙5斤×2', 'HZ2001', 2], ['脐橙5斤x2', 'HZ2001', 2], ['脐橙5斤X2', 'HZ2001', 2], ['脐橙5斤*2', 'HZ2001', 2],
    ['脐橙5斤✖2', 'HZ2001', 2], ['脐橙5斤✖️2', 'HZ2001', 2], ['脐橙5斤「x2」', 'HZ2001', 2], ['脐橙5斤「×2」', 'HZ2001', 2],
    ['脐橙5斤「2份」', 'HZ2001', 2], ['脐橙5斤(x2)', 'HZ2001', 2], ['脐橙5斤（×2）', 'HZ2001', 2], ['脐橙5斤 2份', 'HZ2001', 2],
    ['脐橙5斤2件', 'HZ2001', 2], ['脐橙5斤 2', 'HZ2001', 2], ['脐橙5斤 ２份', 'HZ2001', 2], ['脐橙5斤 两份', 'HZ2001', 2],
    ['脐橙5斤 x 3', 'HZ2001', 3], ['脐橙5斤', 'HZ2001', 1], ['脐橙10斤', 'HZ2002', 1], ['脐橙10斤装 三份', 'HZ2002', 3],
    ['土鸡蛋30枚 2', 'HZ3001', 2], ['鸡蛋30枚 1份', 'HZ3001', 1], ['鸡蛋60枚 2箱', 'HZ3002', 2], ['鸡蛋60枚一箱', 'HZ3002', 1],
    ['鹌鹑蛋三盒', 'HZ3005', 3], ['砂糖橘 3斤x1', 'HZ2003', 1], ['蓝莓 2盒', 'HZ2009', 2], ['芒果 十份', 'HZ2006', 10],
    ['大米5kg×2', 'HZ1001', 2], ['大米5kgx2', 'HZ1001', 2], ['大米10斤', 'HZ1001', 1], ['大米10kg 俩袋', 'HZ1011', 2],
    ['牛奶2箱', 'HZ1003', 2], ['牛奶24盒', 'HZ1003', 1], ['花生油 5L', 'HZ1002', 1], ['农夫山泉 两箱', 'HZ1005', 2],
    ['鸡蛋30', 'HZ3001', 1], ['脐橙10', 'HZ2002', 1], ['草莓2', 'HZ2005', 2], ['苹果8斤 1份', 'HZ2010', 1],
  ])('%s → %s ×%d', (item, skuId, qty) => {
    expect(only(`1. 张三 ${item}`)).toMatchObject({ kind: 'matched', skuId, qty });
  });

  it('reads a weight, a volume or an egg count as the spec: it never multiplies the quantity', () => {
    // 6斤 of a 3斤 box is not "two boxes": no SKU has 6斤, so the leader decides.
    expect(only('1. 张三 砂糖橘6斤')).toMatchObject({ kind: 'unmatched', qty: 1, candidates: ['HZ2003'] });
    expect(only('1. 张三 苹果6斤')).toMatchObject({ kind: 'unmatched', qty: 1, reason: '没有这个规格（6斤），请确认', candidates: ['HZ2007', 'HZ2010'] });
  });

  it('applies "1份" after an item to that item, not to the one before', () => {
    expect(itemsOf('1. 张三 脐橙5斤×2 鸡蛋30枚 1份')).toEqual([['HZ2001', 2], ['HZ3001', 1]]);
    expect(itemsOf('1. 张三 脐橙5斤 鸡蛋30枚 3份')).toEqual([['HZ2001', 1], ['HZ3001', 3]]);
  });

  it('gives "各N份" to every item on the line that has no count of its own', () => {
    expect(itemsOf('1. 吴 脐橙5斤 砂糖橘 各2份')).toEqual([['HZ2001', 2], ['HZ2003', 2]]);
    expect(itemsOf('1. 何 咸鸭蛋和皮蛋各两盒')).toEqual([['HZ3003', 2], ['HZ3006', 2]]);
    expect(itemsOf('1. 冯 沃柑5斤 芒果 各两份 香梨 1份')).toEqual([['HZ2004', 2], ['HZ2006', 2], ['HZ2008', 1]]);
  });

  it('flags a count written twice differently, zero, a fraction or an absurd number', () => {
    expect(only('1. 王 脐橙5斤×2 3份')).toMatchObject({ kind: 'unmatched', reason: '数量写了不止一个（2、3），请确认', candidates: ['HZ2001'] });
    expect(only('1. 王 脐橙5斤×2 2份')).toMatchObject({ kind: 'matched', qty: 2 });
    expect(only('1. 李 砂糖橘 x0')).toMatchObject({ kind: 'unmatched', qty: 0, candidates: ['HZ2003'] });
    expect(only('1. 赵 蓝莓 1.5盒')).toMatchObject({ kind: 'unmatched', qty: 1.5 });
    expect(only('1. 张 沃柑5斤 ×100')).toMatchObject({ kind: 'unmatched', reason: '数量100太大，请确认', candidates: ['HZ2004'] });
  });

  it('does not read a price as a quantity', () => {
    expect(only('1. 张三 脐橙5斤×2 59.8元')).toMatchObject({ kind: 'matched', skuId: 'HZ2001', qty: 2 });
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

describe('matching to the catalogue', () => {
  it('takes a unified code exactly, in any case, and names an unknown one', () => {
    expect(itemsOf('1. 陈 HZ2001 ×3 hz3001*2 HZ-2003 2')).toEqual([['HZ2001', 3], ['HZ3001', 2], ['HZ2003', 2]]);
    expect(only('1. 郭 HZ9999 x1')).toMatchObject({ kind: 'unmatched', reason: '商品编码 HZ9999 不存在', candidates: [] });
  });

  it('finds a product by a distinctive part of its name', () => {
    expect(itemsOf('1. 王 脐橙5斤 冰糖心 红富士 安慕希 金龙鱼 生抽 虾仁 鱼柳 香梨 芒果 矿泉水 饺子')).toEqual([
      ['HZ2001', 1], ['HZ2007', 1], ['HZ2010', 1], ['HZ1004', 1], ['HZ1002', 1], ['HZ1006', 1], ['HZ1009', 1], ['HZ1010', 1],
      ['HZ2008', 1], ['HZ2006', 1], ['HZ1005', 1], ['?', 1, ['HZ1007', 'HZ1012']],
    ]);
  });

  it('prefers the plain product over one whose name adds a different kind', () => {
    // 鸡蛋30枚: 散养土鸡蛋 only adds how it is raised; 乌鸡蛋 (also 30枚) is another egg.
    expect(only('1. 张 鸡蛋30枚')).toMatchObject({ kind: 'matched', skuId: 'HZ3001' });
    expect(only('1. 张 鸭蛋')).toMatchObject({ kind: 'matched', skuId: 'HZ3004' });
    expect(only('1. 张 咸鸭蛋')).toMatchObject({ kind: 'matched', skuId: 'HZ3003' });
    expect(only('1. 张 乌鸡蛋')).toMatchObject({ kind: 'matched', skuId: 'HZ3007' });
    expect(only('1. 张 土鸡')).toMatchObject({ kind: 'matched', skuId: 'HZ3008' });
  });

  it('never guesses between variants that fit equally well', () => {
    for (const [line, candidates] of [
      ['脐橙', ['HZ2001', 'HZ2002']], ['鸡蛋', ['HZ3001', 'HZ3002']], ['苹果', ['HZ2007', 'HZ2010']], ['沃柑', ['HZ2004', 'HZ2012']],
      ['大米', ['HZ1001', 'HZ1011']], ['水饺', ['HZ1007', 'HZ1012']], ['橙子', ['HZ2001', 'HZ2002']],
    ] as const) {
      expect(only(`1. 小王 ${line} 1份`)).toEqual({ kind: 'unmatched', text: `${line} 1份`, qty: 1, reason: JIELONG_REASONS.ambiguous, candidates });
    }
  });

  it('keeps typos and things we do not sell unmatched, offering what is close', () => {
    expect(only('1. 王姐 香焦2斤')).toEqual({ kind: 'unmatched', text: '香焦2斤', qty: 1, reason: JIELONG_REASONS.noMatch, candidates: [] });
    expect(only('1. 老李 沙糖橘 1份')).toMatchObject({ kind: 'unmatched', reason: JIELONG_REASONS.partial, candidates: ['HZ2003'] });
    expect(only('1. 大伟 苹果醋 2瓶')).toMatchObject({ kind: 'unmatched', qty: 2, candidates: ['HZ2007', 'HZ2010'] });
    expect(only('1. 美美 鸡蛋糕')).toMatchObject({ kind: 'unmatched', reason: JIELONG_REASONS.partial });
    expect(only('1. 王 梨*2')).toMatchObject({ kind: 'unmatched', qty: 2, candidates: ['HZ2008'] });
  });

  it('does not depend on catalogue order for what it matches (no tie is broken by position)', () => {
    const text = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(FIXTURES, f), 'utf8')).join('\n');
    const summary = (p: JielongParse): unknown[] => p.customers.flatMap((c) => c.items.map((it) =>
      (it.kind === 'matched' ? [c.lineNo, it.skuId, it.qty] : [c.lineNo, it.reason, it.candidates.length < 5 ? [...it.candidates].sort() : '5+'])));
    const baseline = summary(parseJielong(text, JIELONG_CATALOGUE));
    fc.assert(fc.property(fc.shuffledSubarray(JIELONG_CATALOGUE, { minLength: JIELONG_CATALOGUE.length }), (shuffled) => {
      expect(summary(parseJielong(text, shuffled))).toEqual(baseline);
    }), { numRuns: 15 });
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

  it('refuses to order a line that was cancelled or changed mid-chain', () => {
    expect(only('4. 钱七 鸡蛋30枚 取消')).toEqual({ kind: 'unmatched', text: '鸡蛋30枚', qty: 1, reason: '写了“取消”，请确认', candidates: ['HZ3001'] });
    expect(only('3. 王五 沃柑5斤 1份 改成2份')).toMatchObject({ kind: 'unmatched', reason: '写了“改成2份”，请确认', candidates: ['HZ2004'] });
  });

  it('offers the line above for "同上" and "+1", without ordering it', () => {
    const c = parse('1. 王姐 脐橙5斤 砂糖橘\n2. 王姐老公 同上\n3. 小刘 +1').customers;
    expect(c[1]).toMatchObject({ nickname: '王姐老公', items: [{ kind: 'unmatched', reason: JIELONG_REASONS.sameAsAbove, candidates: ['HZ2001', 'HZ2003'] }] });
    expect(c[2]).toMatchObject({ nickname: '小刘', items: [{ kind: 'unmatched', candidates: ['HZ2001', 'HZ2003'] }] });
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

describe('jielongToOrderLines', () => {
  it('turns matched items into cart lines labelled with the chain number and nickname', () => {
    const p = parse('1. 张三 脐橙5斤×2 鸡蛋30枚\n赵六 沃柑5斤 2份\n3. 王 苹果\n4. 鸡蛋60枚');
    expect(jielongToOrderLines(p)).toEqual({
      lines: [
        { skuId: 'HZ2001', qty: 2, customer: '1号 张三' },
        { skuId: 'HZ3001', qty: 1, customer: '1号 张三' },
        { skuId: 'HZ2004', qty: 2, customer: '赵六' },
        { skuId: 'HZ3002', qty: 1, customer: '4号' },
      ],
      unmatched: 1,
    });
  });

  it('keeps the label within what the order API stores', () => {
    const long = '超'.repeat(60);
    expect(jielongToOrderLines(parse(`123. ${long} 脐橙5斤`)).lines[0]?.customer).toBe(`123号 ${'超'.repeat(CUSTOMER_LABEL_MAX - 5)}`);
    // Counted as the API counts (UTF-16), never splitting a character outside the BMP.
    const rare = '𠀀'.repeat(30);
    const label = jielongToOrderLines(parse(`1. ${rare} 脐橙5斤`)).lines[0]?.customer ?? '';
    expect(label.length).toBeLessThanOrEqual(CUSTOMER_LABEL_MAX);
    expect(label).toBe(`1号 ${'𠀀'.repeat(18)}`);
  });
});

// ---------------------------------------------------------------------------
// Properties.

/** Ways a customer writes one product, each naming exactly one SKU. */
const PHRASES: Array<[skuId: string, phrase: string]> = [
  ['HZ2001', '脐橙5斤'], ['HZ2001', '赣南脐橙5斤装'], ['HZ2001', '橙子5斤'], ['HZ2002', '脐橙10斤'], ['HZ2003', '砂糖橘'],
  ['HZ2003', '砂糖桔3斤'], ['HZ2004', '沃柑5斤'], ['HZ2012', '沃柑9斤'], ['HZ2005', '草莓'], ['HZ2005', '丹东草莓'],
  ['HZ2006', '芒果'], ['HZ2007', '苹果5斤'], ['HZ2007', '冰糖心苹果'], ['HZ2010', '苹果8斤'], ['HZ2010', '红富士'],
  ['HZ2008', '香梨'], ['HZ2009', '蓝莓'], ['HZ2011', '葡萄'], ['HZ3001', '鸡蛋30枚'], ['HZ3001', '土鸡蛋30枚'],
  ['HZ3002', '鸡蛋60枚'], ['HZ3003', '咸鸭蛋'], ['HZ3004', '新鲜鸭蛋'], ['HZ3005', '鹌鹑蛋'], ['HZ3006', '皮蛋'],
  ['HZ3006', '松花蛋'], ['HZ3007', '乌鸡蛋'], ['HZ3008', '土鸡'], ['HZ3009', '老母鸡'], ['HZ3010', '鸡蛋礼盒'],
  ['HZ1001', '大米5kg'], ['HZ1001', '五常大米10斤'], ['HZ1011', '大米10kg'], ['HZ1002', '花生油'], ['HZ1002', '金龙鱼'],
  ['HZ1003', '纯牛奶'], ['HZ1004', '安慕希'], ['HZ1005', '矿泉水'], ['HZ1005', '农夫山泉'], ['HZ1006', '生抽'],
  ['HZ1007', '思念水饺'], ['HZ1008', '汤圆'], ['HZ1009', '虾仁'], ['HZ1010', '巴沙鱼'], ['HZ2001', 'HZ2001'], ['HZ3003', 'hz3003'],
];
const FULL_WIDTH = (n: number): string => [...String(n)].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
const CN = ['', '一', '两', '三', '四', '五', '六', '七', '八', '九'];
/** Ways of writing a count of n after a product ('' means the default of one). */
const qtyWritings = (n: number): string[] => [
  `×${n}`, `x${n}`, `X${n}`, `*${n}`, `✖${n}`, `「x${n}」`, `「×${n}」`, `「${n}份」`, `(x${n})`, `（×${n}）`, ` ${n}份`, `${n}件`, ` ${n}`,
  ` ×${FULL_WIDTH(n)}`, ` ${CN[n]}份`, ...(n === 1 ? [''] : []),
];
const NICKNAMES: Array<[written: string, expected: string]> = [
  ['张三', '张三'], ['李姐', '李姐'], ['王阿姨', '王阿姨'], ['小明妈妈', '小明妈妈'], ['Lily', 'Lily'], ['🌸小美🌸', '小美'],
  ['3栋1202 李姐', '3栋1202 李姐'], ['阿强👍🏻', '阿强'], ['可乐妈妈[玫瑰]', '可乐妈妈'], ['陈', '陈'],
];
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const numbering = (n: number): string[] => [
  `${n}. `, `${n}、`, `${FULL_WIDTH(n)}．`, `${n}) `, `（${n}）`, `#${n} `, `${n} `, ...(n <= 20 ? [`${CIRCLED[n - 1]}`] : []),
];

const itemArb = fc.record({
  phrase: fc.constantFrom(...PHRASES),
  qty: fc.integer({ min: 1, max: 9 }),
  pick: fc.nat(),
});
const customerArb = fc.record({
  nick: fc.constantFrom(...NICKNAMES),
  items: fc.array(itemArb, { minLength: 1, maxLength: 4 }),
  seps: fc.array(fc.constantFrom(' ', '，', ',', '、', '；', ' + ', '和'), { minLength: 4, maxLength: 4 }),
  numbered: fc.boolean(),
  style: fc.nat(),
  colon: fc.boolean(),
});

type Customer = typeof customerArb extends fc.Arbitrary<infer T> ? T : never;

function writeChain(customers: Customer[]): { text: string; lines: string[] } {
  const lines = ['#接龙', '12月1日 阳光小区 团购 截单22:00', ''];
  customers.forEach((c, i) => {
    const seq = i + 1;
    const styles = numbering(seq);
    const head = c.numbered ? (styles[c.style % styles.length] ?? '') : '';
    const items = c.items.map((it, k) => {
      const writings = qtyWritings(it.qty);
      return `${it.phrase[1]}${writings[it.pick % writings.length] ?? ''}${k < c.items.length - 1 ? c.seps[k] : ''}`;
    });
    lines.push(`${head}${c.nick[0]}${c.colon ? '：' : ' '}${items.join('')}`);
  });
  lines.push('截单时间 22:00，请按时付款');
  return { text: lines.join('\n'), lines };
}

describe('properties', () => {
  it('reads back every generated chain exactly: numbers, nicknames, products and counts', () => {
    fc.assert(fc.property(fc.array(customerArb, { minLength: 1, maxLength: 12 }), (customers) => {
      const { text } = writeChain(customers);
      const p = parse(text);
      expect(p.customers.map((c) => ({ seq: c.seq, nickname: c.nickname, items: c.items.map((it) => (it.kind === 'matched' ? [it.skuId, it.qty] : it)) })))
        .toEqual(customers.map((c, i) => ({
          seq: c.numbered ? i + 1 : undefined,
          nickname: c.nick[1],
          items: c.items.map((it) => [it.phrase[0], it.qty]),
        })));
      expect(p.ignored.map((x) => x.lineNo)).toEqual([1, 2, customers.length + 4]);
    }), { numRuns: 300 });
  });

  it('is not moved by emoji, stickers or invisible characters dropped anywhere into a line', () => {
    const noise = fc.constantFrom('🍊', '🌸', '❤️', '👍🏻', '🇨🇳', '✨', '[玫瑰]', '[红包]', '\u200b', '\u2060', '\u200d', '\ufe0f');
    fc.assert(fc.property(customerArb, fc.array(fc.tuple(fc.nat(), noise), { maxLength: 6 }), (customer, inserts) => {
      const { lines } = writeChain([customer]);
      const line = lines[3] ?? '';
      const chars = [...line];
      for (const [at, n] of inserts) chars.splice(at % (chars.length + 1), 0, n);
      const clean = parse(line).customers;
      const noisy = parse(chars.join('')).customers;
      expect(noisy.map((c) => ({ ...c, items: c.items.map((it) => ({ ...it, text: it.text.replace(/\[(玫瑰|红包)\]/g, '') })) }))).toEqual(clean);
    }), { numRuns: 300 });
  });

  it('accounts for every visible line exactly once, whatever is pasted, and never throws', () => {
    const fragment = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.constantFrom('#接龙', '1. 张三 脐橙5斤×2', '② 李四 鸡蛋', '截单22:00', '🎉', '[红包]', '（3）', 'HZ2001 x', '×', '各两份', '同上', '+1',
        '\u200b', '１２．', '5斤', '脐橙鸡蛋', '和', '「x2」', '改成', '取消', '¥29.9', '   '),
    );
    const line = fc.array(fragment, { maxLength: 5 }).map((parts) => parts.join(' '));
    fc.assert(fc.property(fc.array(line, { maxLength: 20 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
      const text = lines.join(eol);
      const p = parse(text);
      const seen = [...p.customers.map((c) => c.lineNo), ...p.ignored.map((i) => i.lineNo)].sort((a, b) => a - b);
      expect(new Set(seen).size).toBe(seen.length);
      // A line is only left out when there is nothing visible on it.
      const physical = text.split(/\r\n|\r|\n/);
      physical.forEach((l, i) => {
        if (!seen.includes(i + 1)) expect(l.replace(/[\s\u200b-\u200f\u2060-\u206f\ufeff]/gu, '')).toBe('');
      });
      const ids = new Set(JIELONG_CATALOGUE.map((c) => c.skuId));
      for (const c of p.customers) {
        expect(c.items.length).toBeGreaterThan(0);
        for (const it of c.items) {
          expect(Number.isFinite(it.qty)).toBe(true);
          if (it.kind === 'matched') {
            expect(ids.has(it.skuId)).toBe(true);
            expect(Number.isInteger(it.qty) && it.qty >= 1).toBe(true);
          } else {
            for (const id of it.candidates) expect(ids.has(id)).toBe(true);
            expect(it.reason).not.toBe('');
          }
        }
      }
      const cart = jielongToOrderLines(p);
      expect(cart.lines.length + cart.unmatched).toBe(p.customers.reduce((n, c) => n + c.items.length, 0));
      for (const l of cart.lines) expect(l.customer.length).toBeLessThanOrEqual(CUSTOMER_LABEL_MAX);
    }), { numRuns: 300 });
  });

  it('reads LF, CRLF, CR and a leading BOM alike', () => {
    fc.assert(fc.property(fc.array(customerArb, { minLength: 1, maxLength: 6 }), (customers) => {
      const { lines } = writeChain(customers);
      const lf = parse(lines.join('\n'));
      expect(parse(lines.join('\r\n'))).toEqual(lf);
      expect(parse(lines.join('\r'))).toEqual(lf);
      expect(parse(`\ufeff${lines.join('\r\n')}`)).toEqual(lf);
      expect(parse(lines.map((l) => `${l}  \t`).join('\n'))).toEqual(lf);
    }), { numRuns: 100 });
  });

  it('parses a long paste quickly', () => {
    const customers = fc.sample(customerArb, { numRuns: 1000, seed: 42 });
    const { text } = writeChain(customers);
    const started = performance.now();
    const p = parse(text);
    expect(p.customers).toHaveLength(1000);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

// A catalogue entry is plain data: the parser must not mutate it.
it('leaves the catalogue untouched', () => {
  const copy: CatalogueEntry[] = JSON.parse(JSON.stringify(JIELONG_CATALOGUE)) as CatalogueEntry[];
  parse('1. 张三 脐橙5斤×2');
  expect(JIELONG_CATALOGUE).toEqual(copy);
});
