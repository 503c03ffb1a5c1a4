import fc from 'fast-check';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { type JielongParse, JIELONG_REASONS, parseJielong } from '../../../cloudfunctions/src/domain/jielong';
import { JIELONG_CATALOGUE } from '../../fixtures/jielong/catalogue';
import { FIXTURES, itemsOf, only } from './helpers';

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
    }), { seed: 42, numRuns: 15 });
  });
});
