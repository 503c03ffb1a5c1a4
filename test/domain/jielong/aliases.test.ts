// Aliases (issue 16, "product words in another place"): the operator's other words for a SKU,
// and the words a leader taught by choosing a candidate once. An alias is a whole product word;
// the leader's own outranks the operator's; one word for two SKUs is a question, never a guess.
import { type CatalogueEntry, type JielongItem, JIELONG_REASONS, aliasKey, aliasWordOf, parseJielong } from '../../../cloudfunctions/src/domain/jielong';
import { JIELONG_CATALOGUE } from '../../fixtures/jielong/catalogue';

const EXTRA: CatalogueEntry[] = [
  { skuId: 'HZ4001', name: '75%酒精消毒液', spec: '500ml/瓶' },
  { skuId: 'HZ4002', name: '酒精消毒湿巾', spec: '80片/包' },
  { skuId: 'HZ4003', name: '晚餐套餐', spec: '2人份' },
  { skuId: 'HZ4004', name: '优质青皮核桃', spec: '2斤装' },
];
const base = [...JIELONG_CATALOGUE, ...EXTRA];

/** The catalogue with aliases added to some SKUs. */
function withAliases(operator: Record<string, string[]>, leader: Record<string, string[]> = {}): CatalogueEntry[] {
  return base.map((e) => ({
    ...e,
    ...(operator[e.skuId] ? { aliases: operator[e.skuId] } : {}),
    ...(leader[e.skuId] ? { leaderAliases: leader[e.skuId] } : {}),
  }));
}

const items = (text: string, catalogue: CatalogueEntry[]): JielongItem[] => parseJielong(text, catalogue).customers.flatMap((c) => c.items);
const one = (text: string, catalogue: CatalogueEntry[]): JielongItem => {
  const all = items(text, catalogue);
  expect(all).toHaveLength(1);
  return all[0] as JielongItem;
};

describe('without aliases these words do not name one SKU', () => {
  it('a short form at the start or middle of the name, or a name with extra words, is not matched', () => {
    expect(one('1. 王姐 酒精 2瓶', base)).toMatchObject({ kind: 'unmatched' });
    expect(one('2. 李 晚餐 1份', base)).toMatchObject({ kind: 'unmatched' });
  });
});

describe("an operator's aliases", () => {
  const catalogue = withAliases({ HZ4001: ['酒精', '消毒酒精'], HZ4003: ['晚餐'], HZ4004: ['核桃'], HZ2008: ['梨'] });

  it('name their SKU when they are the whole product word, with the count read as before', () => {
    expect(one('1. 王姐 酒精 2瓶', catalogue)).toEqual({ kind: 'matched', text: '酒精 2瓶', skuId: 'HZ4001', qty: 2 });
    expect(one('2. 李 晚餐1份', catalogue)).toEqual({ kind: 'matched', text: '晚餐1份', skuId: 'HZ4003', qty: 1 });
    expect(one('3. 陈 核桃×3', catalogue)).toEqual({ kind: 'matched', text: '核桃×3', skuId: 'HZ4004', qty: 3 });
    expect(one('4. 赵 要消毒酒精 1', catalogue)).toMatchObject({ kind: 'matched', skuId: 'HZ4001', qty: 1 });
  });

  it('match after normalising, as names do (full-width, case, emoji)', () => {
    expect(one('1. 王姐 酒精２瓶', catalogue)).toMatchObject({ kind: 'matched', skuId: 'HZ4001', qty: 2 });
    expect(one('1. 王 ab酒精 1', withAliases({ HZ4001: ['ＡＢ酒精'] }))).toMatchObject({ kind: 'matched', skuId: 'HZ4001' });
    expect(aliasKey(' 75%酒精 ')).toBe('酒精');
  });

  it('are found beside other items and after a glued nickname', () => {
    expect(items('1. 王姐 酒精2瓶 脐橙5斤装1份', catalogue).map((i) => (i.kind === 'matched' ? [i.skuId, i.qty] : i.reason)))
      .toEqual([['HZ4001', 2], ['HZ2001', 1]]);
    expect(parseJielong('5. 小美晚餐2份', catalogue).customers[0]).toMatchObject({ nickname: '小美', items: [{ kind: 'matched', skuId: 'HZ4003', qty: 2 }] });
  });

  it('are exact words: a longer or different word is not the alias', () => {
    // 酒精湿巾 is not 酒精: it stays a question about the SKUs its words are close to, never 75%酒精消毒液 silently.
    const wipes = one('1. 王 酒精湿巾 1包', catalogue);
    expect(wipes.kind === 'matched' ? wipes.skuId : 'flagged').not.toBe('HZ4001');
    expect(one('2. 李 晚饭 1份', catalogue)).toMatchObject({ kind: 'unmatched' });
  });

  it('of one character count only standing alone, never inside a nickname', () => {
    expect(one('1. 王 梨*2', catalogue)).toEqual({ kind: 'matched', text: '梨*2', skuId: 'HZ2008', qty: 2 });
    const c = parseJielong('2. 梨花 脐橙5斤装 1份', catalogue).customers[0];
    expect(c).toMatchObject({ nickname: '梨花', items: [{ kind: 'matched', skuId: 'HZ2001', qty: 1 }] });
  });

  it('used by two SKUs make the word a question with both as candidates, never a guess', () => {
    const shared = withAliases({ HZ4001: ['酒精'], HZ4002: ['酒精'] });
    expect(one('1. 王姐 酒精 2', shared)).toEqual({
      kind: 'unmatched', text: '酒精 2', qty: 2, reason: JIELONG_REASONS.ambiguous, candidates: ['HZ4001', 'HZ4002'],
    });
    // A SKU whose name the word plainly is (新鲜鸭蛋) ties with the alias too.
    const named = [...withAliases({ HZ4001: ['鸭蛋'] })];
    expect(one('2. 李 鸭蛋 1', named)).toMatchObject({ kind: 'unmatched', reason: JIELONG_REASONS.ambiguous });
    expect((one('2. 李 鸭蛋 1', named) as Extract<JielongItem, { kind: 'unmatched' }>).candidates).toContain('HZ4001');
  });

  it('never override an explicit unified code', () => {
    expect(items('1. 王 HZ4002 2 酒精 1', catalogue).map((i) => (i.kind === 'matched' ? [i.skuId, i.qty] : i.reason)))
      .toEqual([['HZ4002', 2], ['HZ4001', 1]]);
    const hz = withAliases({ HZ4001: ['hz'] });
    expect(one('1. 王 HZ4002 x2', hz)).toMatchObject({ kind: 'matched', skuId: 'HZ4002', qty: 2 });
  });
});

describe("a leader's own aliases", () => {
  it('name the SKU the leader taught', () => {
    expect(one('1. 王姐 酒精 2份', withAliases({}, { HZ4002: ['酒精'] }))).toMatchObject({ kind: 'matched', skuId: 'HZ4002', qty: 2 });
  });

  it("outrank an operator's alias of the same word, and settle a word two SKUs share", () => {
    expect(one('1. 王姐 酒精 2份', withAliases({ HZ4001: ['酒精'] }, { HZ4002: ['酒精'] }))).toMatchObject({ kind: 'matched', skuId: 'HZ4002' });
    expect(one('1. 王姐 酒精 2瓶', withAliases({ HZ4001: ['酒精'], HZ4002: ['酒精'] }, { HZ4001: ['酒精'] }))).toMatchObject({ kind: 'matched', skuId: 'HZ4001' });
  });

  it('outrank what the name matcher would pick, and turn a tie between variants into the taught one', () => {
    expect(one('1. 小王 脐橙 1份', withAliases({}, { HZ2002: ['脐橙'] }))).toMatchObject({ kind: 'matched', skuId: 'HZ2002', qty: 1 });
    // …but the spec written still has the last word: no 5斤 variant is the taught one.
    expect(one('1. 小王 脐橙5斤装 1份', withAliases({}, { HZ2002: ['脐橙'] }))).toMatchObject({ kind: 'unmatched' });
  });

  it('never override an explicit unified code', () => {
    expect(one('1. 王 HZ4002×2', withAliases({}, { HZ4001: ['酒精'] }))).toMatchObject({ kind: 'matched', skuId: 'HZ4002', qty: 2 });
  });

  it("are that leader's only: another leader's catalogue (without them) still asks", () => {
    expect(one('1. 王姐 酒精 2瓶', withAliases({}, {}))).toMatchObject({ kind: 'unmatched' });
  });

  it('keep the rules of the SKU they name: a per-斤 SKU still wants a weight', () => {
    const weighed = base.map((e) => (e.skuId === 'HZ4004' ? { ...e, saleUnit: '斤', leaderAliases: ['核桃'] } : e));
    expect(one('1. 陈 核桃3斤', weighed)).toMatchObject({ kind: 'matched', skuId: 'HZ4004', qty: 3 });
    expect(one('1. 陈 核桃 3', weighed)).toMatchObject({ kind: 'unmatched', candidates: ['HZ4004'] });
  });
});

describe('the word a leader may teach from a flagged item', () => {
  it('is the product word without counts, units, codes or filler', () => {
    expect(aliasWordOf('酒精 2瓶')).toBe('酒精');
    expect(aliasWordOf('要晚餐×2')).toBe('晚餐');
    expect(aliasWordOf('核桃3斤')).toBe('核桃');
    expect(aliasWordOf('ＡＢ酒精２瓶')).toBe('ab酒精');
    expect(aliasWordOf('HZ4001 2')).toBe('');
    expect(aliasWordOf('3')).toBe('');
    expect(aliasWordOf('酒精 大瓶')).toBe('');
  });

  it('taught back, names the SKU for that item text', () => {
    for (const text of ['酒精 2瓶', '要晚餐×2', '消毒液3瓶']) {
      const word = aliasWordOf(text);
      const catalogue = withAliases({}, { HZ4001: [word] });
      expect(one(`1. 王 ${text}`, catalogue)).toMatchObject({ kind: 'matched', skuId: 'HZ4001' });
    }
  });
});
