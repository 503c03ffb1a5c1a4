// Words leaders teach the 接龙 matcher (issue 16): a leader who picks a SKU for a flagged item
// ("酒精") may say "以后'酒精'都是这个商品", and the word matches that SKU in that leader's
// lists from then on. Entries are appended (teaching again or removing adds an entry; the
// latest per word holds); the operator can read every leader's.
import * as z from 'zod';
import { type Result, fail, failWithIssues, ok } from '../domain/errors';
import { ALIAS_MAX, aliasWordOf } from '../domain/jielong';
import { currentLeaderAliases, leaderAliasId } from '../domain/leader-aliases';
import type { LeaderAlias, Sku } from '../domain/model';
import type { LeaderAliasView } from '../contract/api';
import type { StockStore } from '../storage/port';
import { type SignedInContext, action } from './action';
import { skuIdSchema } from './validation';

/** Tries when another of the leader's phones took the next place between our read and our add. */
const ADD_ATTEMPTS = 5;
/** Words one leader may keep taught: every parse of their lists reads them all. */
export const MAX_LEADER_ALIASES = 300;

const wordInput = z.string().trim().min(1).max(40);

/** The word as the matcher keeps it, or the issue naming the field. */
function wordOf(text: string): Result<string> {
  const word = aliasWordOf(text);
  if (word === '') return failWithIssues('VALIDATION', '没有记住', [{ path: 'word', message: `“${text}”里没有可记住的商品说法（只有数量、单位或编码）` }]);
  if (word.length > ALIAS_MAX) return failWithIssues('VALIDATION', '没有记住', [{ path: 'word', message: `商品说法最多 ${ALIAS_MAX} 个字` }]);
  return ok(word);
}

/** Every listed SKU name, for views. */
const skuName = (sku: Sku | undefined, id: string): string => (sku ? `${sku.name} ${sku.spec}`.trim() : id);

async function views(store: StockStore, aliases: LeaderAlias[]): Promise<LeaderAliasView[]> {
  const ids = [...new Set(aliases.map((a) => a.skuId as string))];
  const [skus, users] = await Promise.all([ids.length > 0 ? store.getSkus(ids) : Promise.resolve([]), store.listUsers()]);
  const skuById = new Map(skus.map((s) => [s.id, s]));
  const names = new Map(users.map((u) => [u.id, u.name]));
  return aliases.map((a) => ({
    leaderId: a.leaderId, leaderName: names.get(a.leaderId) ?? a.leaderId, word: a.word, skuId: a.skuId as string,
    name: skuName(skuById.get(a.skuId as string), a.skuId as string), at: a.at,
  }));
}

/** Append the leader's next entry (its place is the next seq), again if another took that place first. */
async function append(ctx: SignedInContext, word: string, skuId: string | undefined): Promise<Result<LeaderAlias[]>> {
  const { store, clock } = ctx.deps;
  for (let attempt = 0; attempt < ADD_ATTEMPTS; attempt++) {
    const entries = await store.listLeaderAliases({ leaderId: ctx.caller.id });
    const current = currentLeaderAliases(entries);
    if (skuId && current.length >= MAX_LEADER_ALIASES && !current.some((a) => a.word === word)) {
      return failWithIssues('VALIDATION', '没有记住', [{ path: 'word', message: `最多记住 ${MAX_LEADER_ALIASES} 个叫法，请先在“记住的叫法”里忘掉一些不再用的` }]);
    }
    const seq = entries.reduce((max, e) => Math.max(max, e.seq), 0) + 1;
    const entry: LeaderAlias = { id: leaderAliasId(ctx.caller.id, seq), leaderId: ctx.caller.id, seq, word, ...(skuId ? { skuId } : {}), at: clock.now() };
    if (await store.addLeaderAlias(entry)) return ok(currentLeaderAliases([...entries, entry]));
  }
  return fail('CONFLICT', '同时有其他修改，请再试一次');
}

/** The caller's aliases in force, for the page. */
async function mine(ctx: SignedInContext): Promise<LeaderAliasView[]> {
  return views(ctx.deps.store, currentLeaderAliases(await ctx.deps.store.listLeaderAliases({ leaderId: ctx.caller.id })));
}

export const leaderAliases = {
  /**
   * "以后'酒精'都是这个商品": the product word of a 接龙 item (its text, or the word alone) means
   * this SKU in the caller's lists from now on. Teaching a word again replaces what it meant.
   */
  teachAlias: action(['leader'], z.object({ word: wordInput, skuId: skuIdSchema }), async (ctx, input) => {
    const word = wordOf(input.word);
    if (!word.ok) return word;
    const [sku] = await ctx.deps.store.getSkus([input.skuId]);
    if (!sku || !sku.listed) {
      return failWithIssues('NOT_FOUND', '没有记住', [{ path: 'skuId', message: `商品 ${input.skuId} 不存在或已下架` }]);
    }
    const appended = await append(ctx, word.data, sku.id);
    if (!appended.ok) return appended;
    return ok({ word: word.data, skuId: sku.id, aliases: await mine(ctx) });
  }),

  /** Forget a word the caller taught: appended as a removal, the earlier entries kept. */
  removeAlias: action(['leader'], z.object({ word: wordInput }), async (ctx, input) => {
    const word = wordOf(input.word);
    if (!word.ok) return word;
    const current = currentLeaderAliases(await ctx.deps.store.listLeaderAliases({ leaderId: ctx.caller.id }));
    if (!current.some((a) => a.word === word.data)) {
      return failWithIssues('NOT_FOUND', '没有可取消的', [{ path: 'word', message: `没有记住过“${word.data}”` }]);
    }
    const appended = await append(ctx, word.data, undefined);
    if (!appended.ok) return appended;
    return ok({ word: word.data, aliases: await mine(ctx) });
  }),

  /** The words the caller taught, in force, in the order taught. */
  myAliases: action(['leader'], z.object({}), async (ctx) => ok(await mine(ctx))),
};

export const operatorLeaderAliases = {
  /** Every leader's taught words in force (or one leader's), with what each means. */
  leaderAliases: action(['operator'], z.object({ leaderId: z.string().trim().min(1).max(64).optional() }), async (ctx, input) => {
    const entries = await ctx.deps.store.listLeaderAliases(input.leaderId ? { leaderId: input.leaderId } : {});
    return ok(await views(ctx.deps.store, currentLeaderAliases(entries)));
  }),
};

/** The caller's own words per SKU, to merge into the catalogue its 接龙 list is read against. */
export async function leaderAliasesBySku(store: StockStore, leaderId: string): Promise<Map<string, string[]>> {
  const bySku = new Map<string, string[]>();
  for (const a of currentLeaderAliases(await store.listLeaderAliases({ leaderId }))) {
    const list = bySku.get(a.skuId as string) ?? [];
    list.push(a.word);
    bySku.set(a.skuId as string, list);
  }
  return bySku;
}
