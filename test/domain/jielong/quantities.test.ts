import { type JielongItem, JIELONG_REASONS, parseJielong } from '../../../cloudfunctions/src/domain/jielong';
import { WEIGHED_CATALOGUE } from '../../fixtures/jielong/weighed/catalogue';
import { JIELONG_CATALOGUE } from '../../fixtures/jielong/catalogue';
import { itemsOf, only, parse } from './helpers';

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

describe('sold by weight, and Chinese numerals and halves', () => {
  const weighed = (item: string): JielongItem[] => parseJielong(`1. 张三 ${item}`, WEIGHED_CATALOGUE).customers[0]?.items ?? [];
  const one = (item: string): JielongItem => {
    const items = weighed(item);
    expect(items).toHaveLength(1);
    return items[0] as JielongItem;
  };

  it.each<[string, string, number]>([
    ['富士苹果3斤', 'HZ4001', 3], ['散称苹果 两斤', 'HZ4001', 2], ['小番茄 俩斤', 'HZ4002', 2], ['小番茄3斤', 'HZ4002', 3],
    ['五花肉一斤', 'HZ4003', 1], ['五花肉 十斤', 'HZ4003', 10], ['五花肉1kg', 'HZ4003', 2], ['五花肉 1000g', 'HZ4003', 2],
    ['红薯2公斤', 'HZ4004', 2], ['红薯 4斤', 'HZ4004', 2], ['小黄姜 三斤', 'HZ4005', 3], ['黑木耳 三袋', 'HZ4006', 3],
    ['土豆 两箱', 'HZ4007', 2], ['土豆5斤', 'HZ4007', 1],
  ])('%s → %s ×%d', (item, skuId, qty) => {
    expect(one(item)).toMatchObject({ kind: 'matched', skuId, qty });
  });

  it('takes a weight as the quantity of a SKU sold by the 斤, and as a question for a packed one', () => {
    // 3斤 of a box sold as 5斤装 is not "0.6 boxes" nor "3 boxes": the leader decides.
    expect(one('土豆3斤')).toMatchObject({ kind: 'unmatched', qty: 1, reason: '没有这个规格（3斤），请确认', candidates: ['HZ4007'] });
    // 苹果3斤: only the apple sold by the 斤 can be 3斤; 苹果5斤 could be a 5斤装 box or five 斤.
    expect(one('苹果3斤')).toMatchObject({ kind: 'matched', skuId: 'HZ4001', qty: 3 });
    expect(one('苹果5斤')).toMatchObject({ kind: 'unmatched', reason: JIELONG_REASONS.ambiguous, candidates: ['HZ2007', 'HZ4001'] });
  });

  it('reads halves (半斤, 一斤半, 3斤半) and refuses to round them into an order', () => {
    for (const [item, qty] of [['五花肉半斤', 0.5], ['五花肉一斤半', 1.5], ['五花肉3斤半', 3.5], ['五花肉 1.5斤', 1.5]] as const) {
      expect(one(item)).toEqual({ kind: 'unmatched', text: item.replace(/^五花肉 /, '五花肉 '), qty, reason: '按斤售卖的商品暂不支持小数数量', candidates: ['HZ4003'] });
    }
  });

  it('flags a weight that is not a whole number of the SKU\'s steps, and a fraction of a piece', () => {
    expect(one('小番茄 半斤')).toMatchObject({ kind: 'unmatched', qty: 0.5, reason: '0.5斤不是1斤的整数倍，请确认', candidates: ['HZ4002'] });
    expect(one('五花肉1.2斤')).toMatchObject({ kind: 'unmatched', qty: 1.2, reason: '1.2斤不是0.5斤的整数倍，请确认' });
    expect(one('黑木耳 半袋')).toMatchObject({ kind: 'unmatched', qty: 0.5, reason: '数量0.5不对，请确认', candidates: ['HZ4006'] });
    expect(one('土豆 一箱半')).toMatchObject({ kind: 'unmatched', qty: 1.5, candidates: ['HZ4007'] });
  });

  it('asks how much when a SKU sold by weight is given a count, or two amounts', () => {
    expect(one('小番茄 2份')).toMatchObject({ kind: 'unmatched', qty: 2, reason: '按斤售卖，请写明几斤（写的是2份）', candidates: ['HZ4002'] });
    expect(one('小番茄')).toMatchObject({ kind: 'unmatched', qty: 1, reason: '按斤售卖，请写明几斤', candidates: ['HZ4002'] });
    expect(one('小番茄3斤×2')).toMatchObject({ kind: 'unmatched', reason: '数量写了不止一个（3斤、×2），请确认', candidates: ['HZ4002'] });
    expect(one('五花肉2-3斤')).toMatchObject({ kind: 'unmatched', candidates: ['HZ4003'] });
  });

  it('reads Chinese numerals everywhere a count is written', () => {
    expect(only('1. 张三 蓝莓 三份')).toMatchObject({ kind: 'matched', skuId: 'HZ2009', qty: 3 });
    expect(only('1. 张三 蓝莓 俩盒')).toMatchObject({ kind: 'matched', skuId: 'HZ2009', qty: 2 });
    expect(only('1. 张三 蓝莓 x两')).toMatchObject({ kind: 'matched', skuId: 'HZ2009', qty: 2 });
    expect(only('1. 张三 农夫山泉 十二箱')).toMatchObject({ kind: 'matched', skuId: 'HZ1005', qty: 12 });
    expect(only('1. 张三 鸡蛋30枚 二十份')).toMatchObject({ kind: 'matched', skuId: 'HZ3001', qty: 20 });
    expect(only('1. 张三 蓝莓 半盒')).toMatchObject({ kind: 'unmatched', qty: 0.5 });
    // A numeral standing alone counts; inside a word (三全, 五常, 老三) it is part of the word.
    expect(only('1. 张三 芒果 仨')).toMatchObject({ kind: 'matched', skuId: 'HZ2006', qty: 3 });
    expect(only('1. 老三 汤圆 两袋')).toMatchObject({ kind: 'matched', skuId: 'HZ1008', qty: 2 });
    expect(parse('1. 老三 三全汤圆 两袋').customers[0]).toMatchObject({ nickname: '老三', items: [{ kind: 'matched', skuId: 'HZ1008', qty: 2 }] });
  });

  it('asks when a weight could be boxes as well as 斤 ("苹果10斤": two 5斤 boxes, or ten 斤?)', () => {
    expect(one('苹果 10斤')).toMatchObject({ kind: 'unmatched', reason: JIELONG_REASONS.ambiguous, candidates: ['HZ2007', 'HZ4001'] });
    expect(one('散称苹果 10斤')).toMatchObject({ kind: 'matched', skuId: 'HZ4001', qty: 10 });
  });

  it('leaves SKUs without a sale unit exactly as before: weights describe the pack', () => {
    expect(only('1. 张三 砂糖橘3斤')).toMatchObject({ kind: 'matched', skuId: 'HZ2003', qty: 1 });
  });
});

describe('units that choose the pack (issue 16)', () => {
  const SNACKS = [
    ...JIELONG_CATALOGUE,
    { skuId: 'S1', name: '卫龙辣条', spec: '106g/包' },
    { skuId: 'S2', name: '卫龙辣条', spec: '106g×20包/箱' },
    { skuId: 'S3', name: '乐事薯片', spec: '70g×12包/箱' },
    { skuId: 'S4', name: '纯棉四件套', spec: '1.8m床' },
    { skuId: 'S5', name: '鲜榨橙汁', spec: '1L', saleUnit: '瓶' },
  ];
  const item = (line: string): unknown => {
    const it = parseJielong(`1. 张三 ${line}`, SNACKS).customers[0]?.items[0];
    return it?.kind === 'matched' ? [it.skuId, it.qty] : ['?', it?.qty, it?.candidates, it?.reason];
  };

  it('chooses the SKU sold in the unit written over the one sold in another', () => {
    expect(item('辣条四包')).toEqual(['S1', 4]);
    expect(item('辣条1箱')).toEqual(['S2', 1]);
    expect(item('辣条 2份')).toEqual(['?', 2, ['S1', 'S2'], JIELONG_REASONS.ambiguous]);
  });

  it('asks when the only SKU is sold in another unit: never four boxes for four packets', () => {
    expect(item('薯片四包')).toEqual(['?', 4, ['S3'], '按箱卖，写的是四包，请确认']);
    expect(item('橙汁 2箱')).toEqual(['?', 2, ['S5'], '按瓶卖，写的是2箱，请确认']);
    expect(item('薯片 1箱')).toEqual(['S3', 1]);
    expect(item('橙汁 2瓶')).toEqual(['S5', 2]);
  });

  it('asks about a count of what a big pack holds: four bottles are not four cases of 24', () => {
    expect(item('农夫山泉 4瓶')).toEqual(['?', 4, ['HZ1005'], '一份是550ml×24瓶，写的是4瓶，请确认']);
    expect(item('牛奶 2盒')).toEqual(['?', 2, ['HZ1003'], '一份是250ml×24盒，写的是2盒，请确认']);
    expect(item('农夫山泉 24瓶')).toEqual(['HZ1005', 1]);
    // A pack of four: "蓝莓2盒" is two packs, as the lists have it.
    expect(item('蓝莓2盒')).toEqual(['HZ2009', 2]);
  });

  it('asks when a count is both a box of one SKU and a number of packets of another', () => {
    expect(item('辣条20包')).toEqual(['?', 1, ['S1', 'S2'], JIELONG_REASONS.ambiguous]);
  });

  it('reads spec numbers written with the product as spec, not as a count', () => {
    expect(item('矿泉水550ml*24瓶 2箱')).toEqual(['HZ1005', 2]);
    expect(item('矿泉水550ml×24瓶')).toEqual(['HZ1005', 1]);
    expect(item('牛奶250ml*24盒 3箱')).toEqual(['HZ1003', 3]);
  });

  it('reads 四件套 as the product, not as four pieces', () => {
    expect(item('四件套')).toEqual(['S4', 1]);
    expect(item('纯棉四件套 两套')).toEqual(['S4', 2]);
    // Without such a SKU it is never an order of four of something.
    expect(parseJielong('1. 张三 四件套', JIELONG_CATALOGUE).customers[0]?.items[0]).toMatchObject({ kind: 'unmatched' });
  });
});
