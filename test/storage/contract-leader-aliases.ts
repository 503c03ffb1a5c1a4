// The storage contract's cases for leaders' 接龙 aliases (issue 16), run inside storeContract
// (contract.ts) on every adapter: entries are appended once per place, never changed, and
// listed per leader in the order taught, a removal kept like any other entry.
import type { LeaderAlias, Sku } from '../../cloudfunctions/src/domain/model';
import { currentLeaderAliases, leaderAliasId } from '../../cloudfunctions/src/domain/leader-aliases';
import type { StockStore } from '../../cloudfunctions/src/storage/port';
import { T0, skus } from '../fixtures/catalogue';

const entry = (leaderId: string, seq: number, word: string, skuId?: string): LeaderAlias => ({
  id: leaderAliasId(leaderId, seq), leaderId, seq, word, ...(skuId ? { skuId } : {}), at: T0 + seq * 1000,
});

export function leaderAliasCases(storeOf: () => StockStore): void {
  it('appends leader aliases and lists one leader\'s, or everyone\'s, in the order taught', async () => {
    const store = storeOf();
    expect(await store.listLeaderAliases({ leaderId: 'u-leader-1' })).toEqual([]);
    // Added out of order: the list follows seq, not arrival.
    expect(await store.addLeaderAlias(entry('u-leader-1', 2, '香梨'))).toBe(true);
    expect(await store.addLeaderAlias(entry('u-leader-1', 1, '酒精', 'A001'))).toBe(true);
    expect(await store.addLeaderAlias(entry('u-leader-2', 1, '酒精', 'A002'))).toBe(true);
    expect(await store.addLeaderAlias(entry('u-leader-1', 3, '酒精', 'B001'))).toBe(true);
    expect(await store.listLeaderAliases({ leaderId: 'u-leader-1' })).toEqual([
      entry('u-leader-1', 1, '酒精', 'A001'), entry('u-leader-1', 2, '香梨'), entry('u-leader-1', 3, '酒精', 'B001'),
    ]);
    expect((await store.listLeaderAliases({})).map((e) => e.id)).toEqual([
      'la_u-leader-1_1', 'la_u-leader-1_2', 'la_u-leader-1_3', 'la_u-leader-2_1',
    ]);
    // The latest per leader and word holds; the removal (no skuId) is kept, and drops its word.
    expect(currentLeaderAliases(await store.listLeaderAliases({})).map((e) => [e.leaderId, e.word, e.skuId]))
      .toEqual([['u-leader-1', '酒精', 'B001'], ['u-leader-2', '酒精', 'A002']]);
  });

  it('refuses a second entry in the same place and keeps the first unchanged', async () => {
    const store = storeOf();
    expect(await store.addLeaderAlias(entry('u-leader-1', 1, '酒精', 'A001'))).toBe(true);
    expect(await store.addLeaderAlias({ ...entry('u-leader-1', 1, '晚餐', 'A002'), at: T0 + 99 })).toBe(false);
    expect(await store.listLeaderAliases({ leaderId: 'u-leader-1' })).toEqual([entry('u-leader-1', 1, '酒精', 'A001')]);
  });

  it('keeps an operator\'s aliases on the SKU as written', async () => {
    const store = storeOf();
    const sku: Sku = { ...skus[0]!, aliases: ['酒精', '消毒酒精'] };
    await store.upsertSkus([sku]);
    expect((await store.getSkus([sku.id]))[0]?.aliases).toEqual(['酒精', '消毒酒精']);
    await store.upsertSkus([{ ...sku, aliases: [] }]);
    expect((await store.listSkus()).find((s) => s.id === sku.id)?.aliases).toEqual([]);
  });
}
