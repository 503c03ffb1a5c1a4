import { JIELONG_REASONS } from '../../../cloudfunctions/src/domain/jielong';
import { only, parse } from './helpers';

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
