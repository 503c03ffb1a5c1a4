// 接龙 aliases over the handlers on real SQLite (issue 16): the operator's aliases on a SKU
// (saveSku), and a leader teaching a word by choosing a candidate once (teachAlias), which
// then matches in that leader's lists only; removing is appended; the operator reads them.
import type { JielongView, LeaderAliasView } from '../../cloudfunctions/src/contract/api';
import type { Sku } from '../../cloudfunctions/src/domain/model';
import { sku, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';
import { MAX_LEADER_ALIASES } from '../../cloudfunctions/src/handlers/leader-aliases';
import { leaderAliasId } from '../../cloudfunctions/src/domain/leader-aliases';

const CATALOGUE: Sku[] = [
  sku('C001', 'sup-eggs', { name: '75%酒精消毒液', spec: '500ml/瓶', category: '日用' }),
  sku('C002', 'sup-eggs', { name: '酒精消毒湿巾', spec: '80片/包', category: '日用' }),
  sku('C003', 'sup-eggs', { name: '晚餐套餐', spec: '2人份', category: '熟食' }),
  sku('A001', 'sup-fruit', { name: '赣南脐橙', spec: '5斤装' }),
  sku('C009', 'sup-eggs', { name: '医用酒精', spec: '100ml', category: '日用', listed: false }),
];

let s: TestServer;
let op: string;
let lead1: string;
let lead2: string;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(CATALOGUE);
  await s.store.upsertUsers(users);
  [op, lead1, lead2] = (await Promise.all(['OP-0001', 'LEAD-0001', 'LEAD-0002'].map((c) => s.signIn(c)))) as [string, string, string];
});
afterEach(() => s.close());

async function parse(token: string, text: string): Promise<JielongView> {
  const res = await s.call<JielongView>('leader', 'parseJielong', { text }, token);
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
}
const itemsOf = (v: JielongView) => v.parse.customers.flatMap((c) => c.items);

describe('the operator sets aliases on a SKU', () => {
  const edit = (over: Partial<Sku>) => ({ sku: { ...CATALOGUE[0]!, ...over }, create: false });

  it('keeps them trimmed and matches them for every leader', async () => {
    const saved = await s.call<Sku>('operator', 'saveSku', edit({ aliases: [' 酒精 ', '消毒酒精'] }), op);
    expect(saved.ok && saved.data.aliases).toEqual(['酒精', '消毒酒精']);
    expect((await s.store.getSkus(['C001']))[0]?.aliases).toEqual(['酒精', '消毒酒精']);
    for (const token of [lead1, lead2]) {
      expect(itemsOf(await parse(token, '1. 王姐 酒精 2瓶'))).toEqual([{ kind: 'matched', text: '酒精 2瓶', skuId: 'C001', qty: 2 }]);
    }
  });

  it('refuses an empty, too long, wordless or repeated alias, naming which one', async () => {
    const empty = await s.call('operator', 'saveSku', edit({ aliases: ['酒精', ' '] }), op);
    expect(!empty.ok && empty.error.issues).toEqual([expect.objectContaining({ path: 'sku.aliases[1]' })]);
    expect(!empty.ok && empty.error.message).toContain('别名');
    const long = await s.call('operator', 'saveSku', edit({ aliases: ['酒'.repeat(21)] }), op);
    expect(!long.ok && long.error.issues?.[0]).toMatchObject({ path: 'sku.aliases[0]', message: expect.stringContaining('最多 20 个字符') });
    const digits = await s.call('operator', 'saveSku', edit({ aliases: ['75%'] }), op);
    expect(!digits.ok && digits.error.issues?.[0]).toMatchObject({ path: 'sku.aliases[0]', message: '别名“75%”里没有文字' });
    const twice = await s.call('operator', 'saveSku', edit({ aliases: ['酒精', '酒精'] }), op);
    expect(!twice.ok && twice.error.issues?.[0]).toMatchObject({ path: 'sku.aliases[1]', message: '别名“酒精”重复了' });
    const same = await s.call('operator', 'saveSku', edit({ aliases: ['酒精', '75%酒精'] }), op);
    expect(!same.ok && same.error.issues?.[0]).toMatchObject({ path: 'sku.aliases[1]', message: '别名“75%酒精”和“酒精”是同一个词' });
    expect((await s.store.getSkus(['C001']))[0]?.aliases).toBeUndefined();
  });

  it('lets two SKUs share one, and then the word is a question with both', async () => {
    await s.call('operator', 'saveSku', edit({ aliases: ['酒精'] }), op);
    const wipes = await s.call('operator', 'saveSku', { sku: { ...CATALOGUE[1]!, aliases: ['酒精'] }, create: false }, op);
    expect(wipes.ok).toBe(true);
    expect(itemsOf(await parse(lead1, '1. 王姐 酒精 2'))).toEqual([
      { kind: 'unmatched', text: '酒精 2', qty: 2, reason: '有多个商品符合，请选择', candidates: ['C001', 'C002'] },
    ]);
  });
});

describe('a leader teaches a word by choosing a candidate', () => {
  it('offers the word of a flagged item, and once taught matches it for that leader only', async () => {
    const before = await parse(lead1, '1. 王姐 晚餐 2份');
    expect(itemsOf(before)[0]).toMatchObject({ kind: 'unmatched', text: '晚餐 2份' });
    expect(before.words).toEqual({ '晚餐 2份': '晚餐' });

    const taught = await s.call<{ word: string; skuId: string; aliases: LeaderAliasView[] }>('leader', 'teachAlias', { word: '晚餐 2份', skuId: 'C003' }, lead1);
    expect(taught.ok && taught.data).toMatchObject({
      word: '晚餐', skuId: 'C003', aliases: [{ leaderId: 'u-leader-1', leaderName: '阳光小区团长', word: '晚餐', skuId: 'C003', name: '晚餐套餐 2人份' }],
    });
    expect(itemsOf(await parse(lead1, '1. 王姐 晚餐 2份\n2. 李 晚餐×1'))).toEqual([
      { kind: 'matched', text: '晚餐 2份', skuId: 'C003', qty: 2 }, { kind: 'matched', text: '晚餐×1', skuId: 'C003', qty: 1 },
    ]);
    // Another leader's lists are read as before.
    expect(itemsOf(await parse(lead2, '1. 王姐 晚餐 2份'))[0]).toMatchObject({ kind: 'unmatched' });
  });

  it("outranks the operator's alias for that leader, and teaching again replaces the meaning", async () => {
    await s.call('operator', 'saveSku', { sku: { ...CATALOGUE[0]!, aliases: ['酒精'] }, create: false }, op);
    await s.call('leader', 'teachAlias', { word: '酒精', skuId: 'C002' }, lead1);
    expect(itemsOf(await parse(lead1, '1. 王 酒精 1'))[0]).toMatchObject({ kind: 'matched', skuId: 'C002' });
    expect(itemsOf(await parse(lead2, '1. 王 酒精 1'))[0]).toMatchObject({ kind: 'matched', skuId: 'C001' });
    await s.call('leader', 'teachAlias', { word: '酒精', skuId: 'C001' }, lead1);
    expect(itemsOf(await parse(lead1, '1. 王 酒精 1'))[0]).toMatchObject({ kind: 'matched', skuId: 'C001' });
    const mine = await s.call<LeaderAliasView[]>('leader', 'myAliases', {}, lead1);
    expect(mine.ok && mine.data.map((a) => [a.word, a.skuId])).toEqual([['酒精', 'C001']]);
  });

  it('never overrides an explicit unified code', async () => {
    await s.call('leader', 'teachAlias', { word: '酒精', skuId: 'C001' }, lead1);
    expect(itemsOf(await parse(lead1, '1. 王 C002×2'))).toEqual([{ kind: 'matched', text: 'C002×2', skuId: 'C002', qty: 2 }]);
  });

  it('removing a word is appended, not deleted: the word asks again, the history stays', async () => {
    await s.call('leader', 'teachAlias', { word: '晚餐', skuId: 'C003' }, lead1);
    const removed = await s.call<{ word: string; aliases: LeaderAliasView[] }>('leader', 'removeAlias', { word: '晚餐' }, lead1);
    expect(removed.ok && removed.data).toEqual({ word: '晚餐', aliases: [] });
    expect(itemsOf(await parse(lead1, '1. 王姐 晚餐 2份'))[0]).toMatchObject({ kind: 'unmatched' });
    expect((await s.store.listLeaderAliases({ leaderId: 'u-leader-1' })).map((e) => [e.seq, e.word, e.skuId ?? null]))
      .toEqual([[1, '晚餐', 'C003'], [2, '晚餐', null]]);
    const again = await s.call('leader', 'removeAlias', { word: '晚餐' }, lead1);
    expect(!again.ok && again.error.code).toBe('NOT_FOUND');
    expect(!again.ok && again.error.issues?.[0]).toMatchObject({ path: 'word', message: '没有记住过“晚餐”' });
  });

  it('refuses a word with nothing to remember, an unknown or unlisted SKU, naming the field', async () => {
    const digits = await s.call('leader', 'teachAlias', { word: '2份', skuId: 'C003' }, lead1);
    expect(!digits.ok && digits.error.code).toBe('VALIDATION');
    expect(!digits.ok && digits.error.issues?.[0]?.path).toBe('word');
    const blank = await s.call('leader', 'teachAlias', { word: '  ', skuId: 'C003' }, lead1);
    expect(!blank.ok && blank.error.message).toContain('商品说法');
    for (const skuId of ['NOPE', 'C009']) {
      const res = await s.call('leader', 'teachAlias', { word: '酒精', skuId }, lead1);
      expect(!res.ok && res.error.code).toBe('NOT_FOUND');
      expect(!res.ok && res.error.issues?.[0]?.path).toBe('skuId');
    }
    const missing = await s.call('leader', 'teachAlias', { word: '酒精' }, lead1);
    expect(!missing.ok && missing.error.message).toContain('商品编码');
    expect(await s.store.listLeaderAliases({})).toEqual([]);
  });

  it('keeps at most MAX_LEADER_ALIASES words per leader: a new word past it is refused at word; teaching a kept word again, or after forgetting one, works', async () => {
    const at = s.clock.now();
    // Words as the matcher keeps them: letters only (digits would be read as quantities).
    const wordNo = (n: number) => `词${String.fromCharCode(0x4e00 + n)}`;
    for (let seq = 1; seq <= MAX_LEADER_ALIASES; seq++) {
      await s.store.addLeaderAlias({ id: leaderAliasId('u-leader-1', seq), leaderId: 'u-leader-1', seq, word: wordNo(seq), skuId: 'C003', at });
    }
    const refused = await s.call('leader', 'teachAlias', { word: '晚餐', skuId: 'C003' }, lead1);
    expect(!refused.ok && [refused.error.code, refused.error.issues]).toEqual(['VALIDATION', [{ path: 'word', message: `最多记住 ${MAX_LEADER_ALIASES} 个叫法，请先在“记住的叫法”里忘掉一些不再用的` }]]);
    expect(await s.store.listLeaderAliases({ leaderId: 'u-leader-1' })).toHaveLength(MAX_LEADER_ALIASES);
    // Another leader is not held by this one's words.
    expect((await s.call('leader', 'teachAlias', { word: '晚餐', skuId: 'C003' }, lead2)).ok).toBe(true);
    // A kept word may change its meaning; forgetting one frees a place.
    expect((await s.call('leader', 'teachAlias', { word: wordNo(1), skuId: 'C001' }, lead1)).ok).toBe(true);
    expect((await s.call('leader', 'removeAlias', { word: wordNo(2) }, lead1)).ok).toBe(true);
    expect((await s.call('leader', 'teachAlias', { word: '晚餐', skuId: 'C003' }, lead1)).ok).toBe(true);
  });

  it('two teachings at once both land, each in its own place', async () => {
    await Promise.all([
      s.call('leader', 'teachAlias', { word: '晚餐', skuId: 'C003' }, lead1),
      s.call('leader', 'teachAlias', { word: '酒精', skuId: 'C001' }, lead1),
    ]);
    expect((await s.store.listLeaderAliases({ leaderId: 'u-leader-1' })).map((e) => e.seq)).toEqual([1, 2]);
  });
});

describe('the operator reads leaders\' aliases', () => {
  it("lists every leader's words in force, or one leader's", async () => {
    await s.call('leader', 'teachAlias', { word: '晚餐', skuId: 'C003' }, lead1);
    await s.call('leader', 'teachAlias', { word: '酒精', skuId: 'C001' }, lead2);
    await s.call('leader', 'teachAlias', { word: '脐橙', skuId: 'A001' }, lead1);
    await s.call('leader', 'removeAlias', { word: '脐橙' }, lead1);
    const all = await s.call<LeaderAliasView[]>('operator', 'leaderAliases', {}, op);
    expect(all.ok && all.data.map((a) => [a.leaderName, a.word, a.name])).toEqual([
      ['阳光小区团长', '晚餐', '晚餐套餐 2人份'], ['翠苑团长', '酒精', '75%酒精消毒液 500ml/瓶'],
    ]);
    const one = await s.call<LeaderAliasView[]>('operator', 'leaderAliases', { leaderId: 'u-leader-2' }, op);
    expect(one.ok && one.data.map((a) => a.word)).toEqual(['酒精']);
  });

  it('is the operator\'s: a leader cannot read them, nor an operator teach', async () => {
    const res = await s.call('operator', 'leaderAliases', {}, lead1);
    expect(!res.ok && res.error.code).toBe('FORBIDDEN');
    const teach = await s.call('leader', 'teachAlias', { word: '酒精', skuId: 'C001' }, op);
    expect(!teach.ok && teach.error.code).toBe('FORBIDDEN');
  });
});
