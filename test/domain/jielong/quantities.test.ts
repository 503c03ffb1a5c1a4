import { itemsOf, only } from './helpers';

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
