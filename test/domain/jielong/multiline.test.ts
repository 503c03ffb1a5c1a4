// Entries over several lines (issue 16): a name line and its item lines, or items first and
// the name after, are one customer; items nobody can be given are asked, never ordered.
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
