// Entries over several lines (issue 16): a name line and its item lines, or items first and
// the name after, are one customer; items nobody can be given are asked, never ordered.
import fc from 'fast-check';
import { type JielongItem, type JielongParse, JIELONG_REASONS } from '../../../cloudfunctions/src/domain/jielong';
import { parse } from './helpers';

const short = (it: JielongItem): unknown => (it.kind === 'matched' ? [it.skuId, it.qty] : ['?', it.qty, it.candidates]);
const rows = (p: JielongParse): unknown[] => p.customers.map((c) => [c.lineNo, c.moreLines, c.seq, c.nickname, c.items.map(short)]);

describe('entries over several lines', () => {
  it('gives the item lines under a name line to that name', () => {
    const p = parse('#接龙\n1. 王姐\n脐橙5斤 2份\n砂糖橘 1份\n2. 李四 3栋1202\n蓝莓2盒\n3. 钱哥');
    expect(rows(p)).toEqual([
      [2, [3, 4], 1, '王姐', [['HZ2001', 2], ['HZ2003', 1]]],
      [5, [6], 2, '李四 3栋1202', [['HZ2009', 2]]],
      [7, undefined, 3, '钱哥', [['?', 1, []]]],
    ]);
  });

  it('gives a name line after a numbered entry without a name to that entry', () => {
    const p = parse('#接龙\n1. 脐橙5斤×2 砂糖橘1份\n—— 王姐 3栋502\n2. 蓝莓2盒\n@小周');
    expect(rows(p)).toEqual([[2, [3], 1, '王姐 3栋502', [['HZ2001', 2], ['HZ2003', 1]]], [4, [5], 2, '小周', [['HZ2009', 2]]]]);
    expect(p.ignored.map((l) => l.lineNo)).toEqual([1]);
  });

  it('continues the customer above with an item line that has no name or number', () => {
    expect(rows(parse('1. 张姐 脐橙5斤\n   砂糖橘 2份\n2. 小林 蓝莓2盒'))).toEqual([
      [1, [2], 1, '张姐', [['HZ2001', 1], ['HZ2003', 2]]], [3, undefined, 2, '小林', [['HZ2009', 2]]],
    ]);
  });

  it('makes a name line followed by an item line one customer once the chain has started', () => {
    expect(rows(parse('1. 张姐 脐橙5斤\n截单啦\n小王\n蓝莓2盒'))).toEqual([
      [1, undefined, 1, '张姐', [['HZ2001', 1]]], [3, [4], undefined, '小王', [['HZ2009', 2]]],
    ]);
  });

  it('keeps "+1" on its own line as someone else, not part of the entry above', () => {
    expect(rows(parse('1. 王姐 脐橙5斤\n+1')).map((r) => (r as unknown[]).slice(0, 4))).toEqual([[1, undefined, 1, '王姐'], [2, undefined, undefined, '']]);
  });

  it('asks about items that nobody can be given, and does not take a notice for a name', () => {
    const p = parse('1. 张姐 脐橙5斤\n截单啦，没接上的私聊\n蓝莓2盒');
    expect(p.customers[1]).toEqual({
      lineNo: 3, nickname: '', items: [{ kind: 'unmatched', text: '蓝莓2盒', qty: 2, reason: JIELONG_REASONS.noCustomer, candidates: ['HZ2009'] }],
    });
    expect(parse('1. 脐橙5斤\n谢谢团长').customers[0]).toMatchObject({ nickname: '' });
  });
});

describe('generated lists of entries over several lines', () => {
  const PHRASES: Array<[text: string, skuId: string, qty: number]> = [
    ['脐橙5斤 2份', 'HZ2001', 2], ['砂糖橘 1份', 'HZ2003', 1], ['蓝莓2盒', 'HZ2009', 2], ['沃柑5斤×3', 'HZ2004', 3], ['鹌鹑蛋 1盒', 'HZ3005', 1],
    ['鸡蛋30枚 1箱', 'HZ3001', 1], ['冰糖心苹果 2份', 'HZ2007', 2], ['巴沙鱼柳 1袋', 'HZ1010', 1],
  ];
  const NAMES = ['王姐', '李四 3栋1202', '赵阿姨', '小明妈妈', '阿强', '刘 7-2-301', '陈老师', '小周'];
  const arb = fc.uniqueArray(fc.record({
    name: fc.constantFrom(...NAMES),
    shape: fc.constantFrom('one', 'nameFirst', 'itemsFirst', 'continued'),
    items: fc.array(fc.constantFrom(...PHRASES), { minLength: 1, maxLength: 3 }),
  }), { minLength: 1, maxLength: NAMES.length, selector: (c) => c.name });

  it('groups each entry into one customer with all its items, whatever shape it is written in', () => {
    fc.assert(fc.property(arb, (entries) => {
      const lines = ['#接龙', '截单时间 20:00'];
      entries.forEach((e, i) => {
        const seq = `${i + 1}. `;
        const [first, ...rest] = e.items.map((x) => x[0]);
        if (e.shape === 'one') lines.push(`${seq}${e.name} ${e.items.map((x) => x[0]).join('，')}`);
        else if (e.shape === 'nameFirst') lines.push(`${seq}${e.name}`, ...e.items.map((x) => x[0]));
        else if (e.shape === 'itemsFirst') lines.push(`${seq}${e.items.map((x) => x[0]).join(' ')}`, e.name);
        else lines.push(`${seq}${e.name} ${first ?? ''}`, ...rest.map((x) => `   ${x}`));
      });
      const p = parse(lines.join('\n'));
      expect(p.customers.map((c) => [c.seq, c.nickname, c.items.map(short)])).toEqual(entries.map((e, i) => [i + 1, e.name, e.items.map(([, id, n]) => [id, n])]));
      expect(p.ignored.map((l) => l.lineNo)).toEqual([1, 2]);
    }), { seed: 42, numRuns: 300 });
  });
});
