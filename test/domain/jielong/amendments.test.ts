import fc from 'fast-check';
import { type JielongParse, JIELONG_REASONS, jielongToOrderLines } from '../../../cloudfunctions/src/domain/jielong';
import { identityOf, relation } from '../../../cloudfunctions/src/domain/jielong/amendments';
import { only, parse } from './helpers';

/** Each customer line as [lineNo, what it amends, superseded by, items as the cart sees them]. */
const entries = (p: JielongParse): Array<[number, string, number | null, string[]]> => p.customers.map((c) => [
  c.lineNo,
  c.amends ? `${c.amends.kind}:${c.amends.lineNo}` : '',
  c.supersededBy ?? null,
  c.items.map((it) => (it.kind === 'matched' ? `${it.skuId}×${it.qty}` : `?${it.candidates.join('/')}`)),
]);
const cart = (text: string): Array<[string, number]> => jielongToOrderLines(parse(text)).lines.map((l) => [l.skuId, l.qty]);

describe('cancellations, edits and 同上', () => {

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

describe('who a customer is', () => {
  it('reads one room however it is written, and the name beside it', () => {
    for (const n of ['3-2-501', '3号楼2单元501', '3栋2单元501', '3#2-501', '3幢2单元501室', '３－２－５０１']) expect(identityOf(n)).toEqual({ room: '3-2-501', name: '' });
    expect(identityOf('5栋1202 陈')).toEqual({ room: '5-1202', name: '陈' });
    expect(identityOf('王阿姨')).toEqual({ room: null, name: '王阿姨' });
    expect(identityOf('Lily')).toEqual({ room: null, name: 'lily' });
    expect(identityOf('501 小何')).toEqual({ room: '501', name: '小何' });
    // A building or a unit alone is not a room: two 陈 in building 12 are not one customer by it.
    expect(identityOf('12号楼2单元 陈')).toEqual({ room: null, name: '12号楼2单元陈' });
    expect(identityOf('7栋 刘阿姨')).toEqual({ room: null, name: '7栋刘阿姨' });
  });

  it('is sure only when the room or the name agrees and nothing disagrees', () => {
    const r = (a: string, b: string): string => relation(identityOf(a), identityOf(b));
    expect(r('3-2-501 张三', '3号楼2单元501 张三')).toBe('same');
    expect(r('3-2-501', '3栋2单元501 张三')).toBe('same');
    expect(r('张三', '张三')).toBe('same');
    expect(r('3-2-501 张三', '7-1-302 张三')).toBe('maybe');
    expect(r('3-2-501 张三', '3-2-501 张三老公')).toBe('maybe');
    expect(r('3-2-501 张三', '3-2-502 李四')).toBe('none');
    expect(r('张三', '李四')).toBe('none');
  });
});

describe('a customer writing again', () => {
  it('takes "改成2份", "改3" and "鸡蛋改成两份" as changes of the earlier entry, which is kept and not ordered', () => {
    const text = ['1. 张三 脐橙5斤 1份', '2. 李四 沃柑5斤 1份', '3. 王五 苹果5斤 1份 鸡蛋30枚 1份', '张三 改成2份', '李四：改3', '王五 鸡蛋改成两份'].join('\n');
    expect(entries(parse(text))).toEqual([
      [1, '', 4, ['HZ2001×1']],
      [2, '', 5, ['HZ2004×1']],
      [3, '', 6, ['HZ2007×1', 'HZ3001×1']],
      [4, 'change:1', null, ['HZ2001×2']],
      [5, 'change:2', null, ['HZ2004×3']],
      [6, 'change:3', null, ['HZ2007×1', 'HZ3001×2']],
    ]);
    expect(cart(text)).toEqual([['HZ2001', 2], ['HZ2004', 3], ['HZ2007', 1], ['HZ3001', 2]]);
    // What the customer wrote stays as written on the amendment.
    expect(parse(text).customers[3]?.items[0]).toMatchObject({ text: '改成2份' });
  });

  it('takes "取消", "不要了" and "鸡蛋不要了" as cancelling the entry, or the item named', () => {
    const text = ['1. 张三 脐橙5斤 1份', '2. 李四 沃柑5斤 1份', '3. 王五 苹果5斤 1份 鸡蛋30枚 1份', '张三 取消', '李四不要了', '王五 鸡蛋不要了'].join('\n');
    expect(entries(parse(text))).toEqual([
      [1, '', 4, ['HZ2001×1']],
      [2, '', 5, ['HZ2004×1']],
      [3, '', 6, ['HZ2007×1', 'HZ3001×1']],
      [4, 'cancel:1', null, []],
      [5, 'cancel:2', null, []],
      [6, 'change:3', null, ['HZ2007×1']],
    ]);
    expect(cart(text)).toEqual([['HZ2007', 1]]);
  });

  it('takes "改成蓝莓3盒" as the new items of the entry', () => {
    expect(cart('4. 赵六 香梨 2份\n5. 赵六 改成蓝莓3盒')).toEqual([['HZ2009', 3]]);
  });

  it('asks when the change does not say which item, or the count is not one the SKU takes', () => {
    const p = parse('1. 王五 苹果5斤 1份 鸡蛋30枚 1份\n王五 改成2份');
    expect(p.customers[1]).toMatchObject({ items: [{ kind: 'unmatched', reason: '写了“改成”，不确定改的是第1行的哪一项，请确认', candidates: ['HZ2007', 'HZ3001'] }] });
    expect(p.customers[1]?.amends).toBeUndefined();
    // Unsure: the earlier entry stays in effect until the leader decides.
    expect(cart('1. 王五 苹果5斤 1份 鸡蛋30枚 1份\n王五 改成2份')).toEqual([['HZ2007', 1], ['HZ3001', 1]]);
    expect(parse('1. 张三 脐橙5斤 1份\n张三 改成0份').customers[1]?.items[0]).toMatchObject({ kind: 'unmatched', reason: '改成0不对，请确认', candidates: ['HZ2001'] });
  });

  it('reads an entry written again as a change when it holds all the earlier items, a repeat when it is the same', () => {
    const text = ['1. 张三 脐橙5斤 1份', '2. 李四 砂糖橘 2份', '3. 王姐 鸡蛋30枚×1', '4. 张三 脐橙5斤 2份', '5. 李四 砂糖橘 2份', '6. 王姐 鸡蛋30枚×1 蓝莓2盒'].join('\n');
    expect(entries(parse(text)).slice(3)).toEqual([
      [4, 'change:1', null, ['HZ2001×2']],
      [5, 'repeat:2', null, ['HZ2003×2']],
      [6, 'change:3', null, ['HZ3001×1', 'HZ2009×2']],
    ]);
    expect(cart(text)).toEqual([['HZ2001', 2], ['HZ2003', 2], ['HZ3001', 1], ['HZ2009', 2]]);
  });

  it('asks, never merges, when it may be another person or another order', () => {
    const p = parse(['1. 3-2-501 张三 脐橙5斤 1份', '2. 7-1-302 张三 沃柑5斤 1份', '3. 李四 草莓 1份', '4. 李四 再来一份香梨'].join('\n'));
    expect(p.customers.map((c) => [c.supersededBy, c.amends])).toEqual([[undefined, undefined], [undefined, undefined], [undefined, undefined], [undefined, undefined]]);
    expect(p.customers[1]?.items[0]).toMatchObject({ kind: 'unmatched', reason: '可能和第1行（3-2-501 张三）是同一人，请确认', candidates: ['HZ2004'] });
    expect(p.customers[3]?.items[0]).toMatchObject({ kind: 'unmatched', reason: '第3行也是“李四”，是改单还是另下一单？请确认', candidates: ['HZ2008'] });
  });

  it('keeps room numbers out of quantities, and follows one room written two ways', () => {
    const text = '1. 3-2-501 脐橙5斤×1\n2. 3号楼2单元501 脐橙5斤×2';
    expect(entries(parse(text))).toEqual([[1, '', 2, ['HZ2001×1']], [2, 'change:1', null, ['HZ2001×2']]]);
  });

  it('leaves a note that only looks like an amendment as it was', () => {
    const p = parse('#接龙 截单前可以修改，不要了请说取消\n1. 张三 脐橙5斤 1份');
    expect(p.ignored.map((l) => l.lineNo)).toEqual([1]);
    expect(entries(p)).toEqual([[2, '', null, ['HZ2001×1']]]);
  });
});

describe('properties', () => {
  const PEOPLE = ['张三', '李四', '王五', '赵六', '钱七', '3-2-501 孙八', '12栋801 周九', 'Lily'];
  const ITEMS = ['脐橙5斤', '砂糖橘', '沃柑5斤', '草莓', '蓝莓', '香梨', '土鸡蛋30枚'];
  const chain = fc.uniqueArray(fc.record({ who: fc.constantFrom(...PEOPLE), item: fc.constantFrom(...ITEMS), qty: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 8, selector: (e) => e.who })
    .map((es) => es.map((e, i) => `${i + 1}. ${e.who} ${e.item} ${e.qty}份`));

  it('orders a chain pasted twice, or a longer copy pasted after it, as the last copy alone', () => {
    fc.assert(fc.property(chain, fc.nat(), (lines, cut) => {
      const head = lines.slice(0, 1 + (cut % lines.length));
      const once = cart(['#接龙', ...lines].join('\n'));
      expect(cart(['#接龙', ...lines, '', '#接龙', ...lines].join('\n'))).toEqual(once);
      expect(cart(['#接龙', ...head, '', '#接龙', ...lines].join('\n'))).toEqual(once);
    }), { seed: 42, numRuns: 200 });
  });

  it('never orders a superseded entry, and every superseded entry names a later line that amends it', () => {
    const extra = fc.array(fc.tuple(fc.constantFrom(...PEOPLE), fc.constantFrom('改成2份', '改3', '取消', '不要了', '蓝莓 1盒', '脐橙5斤 4份')), { maxLength: 5 });
    fc.assert(fc.property(chain, extra, (lines, more) => {
      const p = parse(['#接龙', ...lines, ...more.map(([who, what]) => `${who} ${what}`)].join('\n'));
      const byLine = new Map(p.customers.map((c) => [c.lineNo, c]));
      for (const c of p.customers) {
        if (c.supersededBy === undefined) continue;
        expect(byLine.get(c.supersededBy)?.amends?.lineNo).toBe(c.lineNo);
      }
      const effective = p.customers.filter((c) => c.supersededBy === undefined).flatMap((c) => c.items).filter((it) => it.kind === 'matched').length;
      expect(jielongToOrderLines(p).lines).toHaveLength(effective);
    }), { seed: 42, numRuns: 200 });
  });
});
