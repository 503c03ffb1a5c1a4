// The product named only in the title of a single-product 接龙 (issue 16): entries that carry
// only a quantity are that SKU when the header names exactly one; otherwise they are asked.
import { type JielongItem, type JielongParse, JIELONG_REASONS, parseJielong } from '../../../cloudfunctions/src/domain/jielong';
import { SHAPES_CATALOGUE } from '../../fixtures/jielong/shapes/catalogue';

const parse = (text: string): JielongParse => parseJielong(text, SHAPES_CATALOGUE);
const short = (it: JielongItem): unknown => (it.kind === 'matched' ? [it.skuId, it.qty] : ['?', it.qty, it.candidates]);
const rows = (p: JielongParse): unknown[] => p.customers.map((c) => [c.nickname, c.items.map(short)]);

describe('a title naming one SKU', () => {
  it('gives entries with only a count that SKU, with the nickname before the count', () => {
    expect(rows(parse('【广西百香果团购】\n1. 小李 2箱\n2. 王姐 1\n3. 3栋502 刘 x2\n4. 阿花 两箱\n5. 陈 1箱 谢谢团长'))).toEqual([
      ['小李', [['HZ7001', 2]]], ['王姐', [['HZ7001', 1]]], ['3栋502 刘', [['HZ7001', 2]]], ['阿花', [['HZ7001', 2]]], ['陈', [['HZ7001', 1]]],
    ]);
  });

  it('still reads an entry that names a product, and asks when two words come before the count', () => {
    const p = parse('百香果团购 明天到货\n1. 晓晓 百香果3箱\n2. 张三 香蕉 2斤\n3. 小周 脐橙5斤');
    expect(rows(p)).toEqual([['晓晓', [['HZ7001', 3]]], ['张三 香蕉', [['?', 1, ['HZ7001']]]], ['小周', [['HZ2001', 1]]]]);
  });

  it('holds the count against the SKU as any item: a unit it is not sold in is asked', () => {
    expect(rows(parse('广西百香果团购\n1. 小李 3包'))).toEqual([['小李', [['?', 3, ['HZ7001']]]]]);
  });
});

describe('a title naming several SKUs or none', () => {
  it('asks between the SKUs the header names', () => {
    const p = parse('🍎苹果团购🍎 今晚9点截单\n1. 小张 1箱');
    expect(p.customers[0]?.items).toEqual([{ kind: 'unmatched', text: '1箱', qty: 1, reason: JIELONG_REASONS.titleAmbiguous, candidates: ['HZ2007', 'HZ2010'] }]);
  });

  it('names the title word it could not find', () => {
    expect(parse('#接龙 东魁杨梅团购\n1. 小美 2份').customers[0]?.items).toEqual([
      { kind: 'unmatched', text: '2份', qty: 2, reason: '只写了数量，标题里的“东魁杨梅”没有找到对应商品', candidates: [] },
    ]);
  });

  it('changes nothing without a product in the header: a place or a kind of shop is not one', () => {
    const before = parse('1. 王姐 1');
    expect(before.customers[0]).toMatchObject({ nickname: '王姐 1', items: [{ kind: 'unmatched', reason: JIELONG_REASONS.noItem }] });
    expect(parse('阳光小区团购\n1. 王姐 1').customers).toEqual(before.customers.map((c) => ({ ...c, lineNo: 2 })));
    expect(parse('水果团 截单20:00\n1. 王姐 1').customers).toEqual(before.customers.map((c) => ({ ...c, lineNo: 2 })));
  });
});

describe('what the title reading leaves alone', () => {
  it('asks about a bare number over 9, which may be a room, and reads nothing from the example line', () => {
    expect(parse('广西百香果团购\n1. 王姐 12').customers[0]?.items[0]).toMatchObject({ kind: 'unmatched', qty: 12, candidates: ['HZ7001'] });
    expect(parse('#接龙\n例：1. 张三 口水鸡×2\n1. 王姐 2份').customers[0]?.items[0]).toMatchObject({ kind: 'unmatched', candidates: [] });
  });
});
