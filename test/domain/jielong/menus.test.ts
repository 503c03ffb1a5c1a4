// Header menus (issue 16): a lettered or numbered menu before the chain is a menu, never
// customers; its keys and the emoji it gives one dish order that dish; anything undecided is asked.
import fc from 'fast-check';
import { type JielongItem, type JielongParse, parseJielong } from '../../../cloudfunctions/src/domain/jielong';
import { SHAPES_CATALOGUE } from '../../fixtures/jielong/shapes/catalogue';

const parse = (text: string): JielongParse => parseJielong(text, SHAPES_CATALOGUE);
const short = (it: JielongItem): unknown => (it.kind === 'matched' ? [it.skuId, it.qty] : ['?', it.qty, it.candidates]);
/** The items of the customer on line `lineNo`. */
const at = (p: JielongParse, lineNo: number): unknown[] => (p.customers.find((c) => c.lineNo === lineNo)?.items ?? []).map(short);

const LETTERED = 'A：红烧肉🥩 B：清蒸鲈鱼🐟 C：酸菜鱼\nD：糖醋排骨 E：凉拌木耳';

describe('recognising the menu', () => {
  it('reads several lettered dishes on a line, maps each through the matcher, and keeps the lines as not orders', () => {
    const p = parse(`${LETTERED}\n1. 王姐 B`);
    expect(p.menu?.map((e) => [e.key, e.text, e.skuId ?? e.candidates])).toEqual([
      ['A', '红烧肉', 'HZ6001'], ['B', '清蒸鲈鱼', 'HZ6002'], ['C', '酸菜鱼', 'HZ6003'], ['D', '糖醋排骨', ['HZ6004', 'HZ6005']], ['E', '凉拌木耳', []],
    ]);
    expect(p.menu?.[0]?.emoji).toEqual(['🥩']);
    expect(p.ignored.map((l) => l.lineNo)).toEqual([1, 2]);
    expect(p.customers.map((c) => c.lineNo)).toEqual([3]);
  });

  it('reads a numbered menu, several on a line or one per line under a heading, and the chain numbered again from 1', () => {
    const p = parse('1.凉拌黄瓜 2.拍蒜木耳 3.夫妻肺片\n4.口水鸡 5.卤牛肉\n接龙：\n1. 小王 口水鸡\n2. 丽丽 5号');
    expect(p.menu?.map((e) => e.key)).toEqual(['1', '2', '3', '4', '5']);
    expect(p.customers.map((c) => [c.seq, c.nickname])).toEqual([[1, '小王'], [2, '丽丽']]);
    expect(at(p, 5)).toEqual([['HZ6008', 1]]);
    const headed = parse('今日菜单：\n1. 口水鸡\n2. 卤牛肉\n接龙：\n1. 阿杰 2号');
    expect(headed.menu?.map((e) => e.skuId)).toEqual(['HZ6007', 'HZ6008']);
    expect(at(headed, 5)).toEqual([['HZ6008', 1]]);
  });

  it('reads "A 红烧肉" with only a space as a menu when B follows, and as a customer called A when it stands alone', () => {
    const p = parse('A 红烧肉\nB 酸菜鱼\n1. 王姐 B');
    expect(p.menu?.map((e) => [e.key, e.skuId])).toEqual([['A', 'HZ6001'], ['B', 'HZ6003']]);
    expect(p.customers.map((c) => c.items.map(short))).toEqual([[['HZ6003', 1]]]);
    expect(parse('A 红烧肉\n1. 王姐 酸菜鱼').customers.map((c) => c.nickname)).toEqual(['A', '王姐']);
  });

  it('does not take a customer line or a numbered item line for a menu', () => {
    expect(parse('1. 王姐 口水鸡\n2. 李四 卤牛肉').menu).toBeUndefined();
    expect(parse('1. 王 HZ6007 2 卤牛肉 1').customers).toHaveLength(1);
    // Without a heading or a price, dishes numbered one per line are what they always were: lines naming products.
    expect(parse('1. 口水鸡\n2. 卤牛肉').menu).toBeUndefined();
  });
});

describe('ordering from the menu', () => {
  it.each<[string, unknown[]]>([
    ['王姐 B', [['HZ6002', 1]]], ['王姐 B2', [['HZ6002', 2]]], ['王姐B2', [['HZ6002', 2]]], ['王姐 b×3', [['HZ6002', 3]]],
    ['王姐 A+C', [['HZ6001', 1], ['HZ6003', 1]]], ['王姐 A 1份 C 2份', [['HZ6001', 1], ['HZ6003', 2]]], ['B🐟', [['HZ6002', 1]]],
    ['王姐 🐟×2', [['HZ6002', 2]]], ['小红🐟×2', [['HZ6002', 2]]], ['王姐 A 红烧肉', [['HZ6001', 1]]], ['王姐 A套餐 2份', [['HZ6001', 2]]],
  ])('"%s"', (line, items) => {
    expect(at(parse(`${LETTERED}\n1. ${line}`), 3)).toEqual(items);
  });

  it('asks when the dish matches several SKUs or none, or the letter and what is written beside it disagree', () => {
    const p = parse(`${LETTERED}\n1. 老周 D\n2. 小红 E\n3. 小丁 B 红烧肉\n4. 丁丁 A🐟\n5. 豆豆 🐟🐟`);
    expect(p.customers.map((c) => c.items.map(short))).toEqual([
      [['?', 1, ['HZ6004', 'HZ6005']]], [['?', 1, []]], [['?', 1, ['HZ6002', 'HZ6001']]], [['?', 1, ['HZ6001', 'HZ6002']]], [['?', 1, ['HZ6002']]],
    ]);
    expect(p.customers[0]?.items[0]).toMatchObject({ text: 'D', reason: '菜单D（糖醋排骨）有多个商品符合，请选择' });
    expect(p.customers[1]?.items[0]).toMatchObject({ reason: '菜单E（凉拌木耳）没有找到对应商品' });
  });

  it('keeps a letter that is part of a nickname, or not on the menu, out of the order', () => {
    const p = parse(`${LETTERED}\n1. 陈陈 F\n2. 小A 酸菜鱼\n3. Amy 酸菜鱼\n4. C罗 红烧肉`);
    expect(p.customers.map((c) => [c.nickname, c.items.map(short)])).toEqual([
      ['陈陈 F', [['?', 1, []]]], ['小A', [['HZ6003', 1]]], ['Amy', [['HZ6003', 1]]], ['C罗', [['HZ6001', 1]]],
    ]);
  });
});

describe('emoji the menu defines', () => {
  const MENU = '🍞 全麦吐司 18元/条\n🥐 黄油可颂 25元/4个\n🧀 芝士蛋糕 32元/盒';

  it('orders the dish an emoji stands for, and strips it where it decorates a nickname', () => {
    const p = parse(`${MENU}\n1. 🌸小雨🌸 🍞×2\n2. 可可 🥐1 🧀1\n3. 🍞面包控 全麦吐司1条\n4. 小鱼🧀 芝士蛋糕`);
    expect(p.menu?.map((e) => [e.emoji, e.text, e.skuId])).toEqual([[['🍞'], '全麦吐司', 'HZ6101'], [['🥐'], '黄油可颂', 'HZ6102'], [['🧀'], '芝士蛋糕', 'HZ6103']]);
    expect(p.customers.map((c) => [c.nickname, c.items.map(short)])).toEqual([
      ['小雨', [['HZ6101', 2]]], ['可可', [['HZ6102', 1], ['HZ6103', 1]]], ['面包控', [['HZ6101', 1]]], ['小鱼', [['HZ6103', 1]]],
    ]);
  });

  it('takes an emoji opening the line before a nickname, or "N号" followed by words, for no order', () => {
    const p = parse(`${MENU}\n1. 🍞 小麦 芝士蛋糕\n2. 🍞×2`);
    expect(p.customers.map((c) => [c.nickname, c.items.map(short)])).toEqual([['小麦', [['HZ6103', 1]]], ['', [['HZ6101', 2]]]]);
    const n = parse('1.口水鸡 2.卤牛肉 3.夫妻肺片\n1. 王姐 口水鸡 2号自提\n2. 李 3号楼 卤牛肉');
    expect(n.customers.map((c) => c.items.map(short))).toEqual([[['HZ6007', 1]], [['HZ6008', 1]]]);
  });

  it('gives no meaning to an emoji two dishes share, or one the menu does not use', () => {
    // "王姐 🔥×2" is then a count without a product: a question between the menu's dishes.
    const p = parse('🔥A：红烧肉 🔥B：酸菜鱼\n1. 王姐 🔥×2\n2. 🍞小李 红烧肉');
    expect(p.menu?.every((e) => e.emoji?.includes('🔥'))).toBe(true);
    expect(p.customers.map((c) => [c.nickname, c.items.map(short)])).toEqual([['王姐', [['?', 2, ['HZ6001', 'HZ6003']]]], ['小李', [['HZ6001', 1]]]]);
  });
});

describe('generated menus and chains', () => {
  const DISHES: Array<[name: string, skuId: string]> = [
    ['红烧肉', 'HZ6001'], ['清蒸鲈鱼', 'HZ6002'], ['酸菜鱼', 'HZ6003'], ['口水鸡', 'HZ6007'], ['卤牛肉', 'HZ6008'], ['夫妻肺片', 'HZ6009'],
  ];
  const EMOJI = ['🐟', '🥩', '🍗', '🐮', '🌶', '🍲'];
  const NICKS = ['王姐', '李四', '张阿姨', '小明妈妈', '阿强', '3栋502 刘', '🌸小美🌸'];
  const QTY: Array<[written: string, n: number]> = [['', 1], ['x2', 2], ['×3', 3], [' 2份', 2], ['*2', 2]];

  const arb = fc.record({
    count: fc.integer({ min: 2, max: 6 }),
    oneLine: fc.boolean(),
    priced: fc.boolean(),
    emoji: fc.boolean(),
    // Different people: the same name twice is a change of the first entry (amendments.ts).
    customers: fc.uniqueArray(fc.record({
      nick: fc.constantFrom(...NICKS),
      items: fc.array(fc.record({ dish: fc.nat(), how: fc.constantFrom('letter', 'lower', 'emoji', 'name', 'glued'), qty: fc.constantFrom(...QTY) }), { minLength: 1, maxLength: 3 }),
      sep: fc.constantFrom(' ', '+', '，'),
    }), { minLength: 1, maxLength: NICKS.length, selector: (c) => c.nick }),
  });

  it('reads back every order written by letter, emoji or name, with its count', () => {
    fc.assert(fc.property(arb, ({ count, oneLine, priced, emoji, customers }) => {
      const dishes = DISHES.slice(0, count);
      const key = (i: number): string => String.fromCharCode(65 + i);
      const entries = dishes.map(([name], i) => `${key(i)}：${name}${emoji ? EMOJI[i] : ''}${priced ? ` ${20 + i}元` : ''}`);
      const lines = ['【私房菜接龙】', ...(oneLine ? [entries.join(' ')] : entries), '——————'];
      const expected: unknown[] = [];
      customers.forEach((c, n) => {
        const written = c.items.map((it) => {
          const i = it.dish % count;
          const how = it.how === 'emoji' && !emoji ? 'letter' : it.how;
          const ref = how === 'letter' || how === 'glued' ? key(i) : how === 'lower' ? key(i).toLowerCase() : how === 'emoji' ? EMOJI[i] : (dishes[i] as [string, string])[0];
          // A count glued to a letter: "B2".
          const qty = how === 'glued' && it.qty[0] === '' ? ['', 1] as const : it.qty;
          return { text: `${ref}${how === 'glued' ? qty[0].trim() : qty[0]}`, sku: (dishes[i] as [string, string])[1], n: qty[1] };
        });
        // "红烧肉 A" side by side is one item, the dish and its letter: a space separates only refs.
        const sep = c.sep === ' ' && c.items.some((it) => it.how === 'name') ? '，' : c.sep;
        lines.push(`${n + 1}. ${c.nick} ${written.map((w) => w.text).join(sep)}`);
        expected.push(written.map((w) => [w.sku, w.n]));
      });
      const p = parse(lines.join('\n'));
      expect(p.menu?.map((e) => e.skuId)).toEqual(dishes.map(([, id]) => id));
      expect(p.customers.map((c) => c.items.map(short))).toEqual(expected);
    }), { seed: 42, numRuns: 300 });
  });
});
