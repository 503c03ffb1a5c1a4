import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import type { AvailabilityItem, JielongCustomer, JielongItem, JielongView, LeaderAliasView } from '../services/types';
import { type AvailabilityStore, matchesQuery } from './availability';
import type { CartStore, IncomingLine } from './cart';

type Unmatched = Extract<JielongItem, { kind: 'unmatched' }>;
type Matched = Extract<JielongItem, { kind: 'matched' }>;

export interface PreviewItem<T extends JielongItem> {
  /** `${lineNo}-${index}`: one item of one pasted line. */
  key: string;
  customer: string;
  lineNo: number;
  item: T;
}

/** An entry a later line replaced: what it said, and what became of it ("已改为2份", "已取消"). */
export interface AmendedEntry {
  lineNo: number;
  customer: string;
  said: string;
  note: string;
  /** The line that changed it. */
  by: number;
}

/** The server keeps 40 characters of a customer label. */
const LABEL_MAX = 40;
/** How many SKUs the "其他商品" search shows at once. */
const SEARCH_SHOWN = 8;

/** "3号 张三", or the nickname alone: the label the server gives matched lines, for the corrected ones too. */
export function customerLabelOf(c: Pick<JielongCustomer, 'seq' | 'nickname'>): string {
  const label = [c.seq !== undefined ? `${c.seq}号` : '', c.nickname].filter(Boolean).join(' ');
  let cut = '';
  for (const ch of label) {
    if (cut.length + ch.length > LABEL_MAX) break;
    cut += ch;
  }
  return cut.trimEnd();
}

const SKIP = '__skip__';

/**
 * A pasted 群接龙 list on its way into the cart: what matched, what needs the leader's
 * choice (never dropped: each is chosen or explicitly left out), what was not an order.
 */
export class JielongStore {
  open = false;
  text = '';
  parsing = false;
  error: string | null = null;
  view: JielongView | null = null;
  /** Per unmatched item: the SKU chosen, or SKIP when the leader leaves it out. */
  choices: Record<string, string> = {};
  /** The item whose "其他商品" search is open, and what was typed there. */
  searching: string | null = null;
  query = '';
  showIgnored = false;
  /** After "加入订单": how many lines went in, and the sold-out ones left out (customer and SKU). */
  added: number | null = null;
  leftOut: string[] = [];
  /**
   * "以后'酒精'都是这个商品？" after a choice for a flagged item: per item, the leader declined
   * ('no'), it is being saved, it was remembered, or the server refused (its message).
   */
  teaching: Record<string, 'no' | 'saving' | 'taught' | { error: string }> = {};
  /** "记住的叫法": the words this leader taught, when the list is open (null: not loaded). */
  aliases: LeaderAliasView[] | null = null;
  aliasesOpen = false;
  aliasError: string | null = null;

  constructor(
    private readonly availability: AvailabilityStore,
    private readonly cart: CartStore,
  ) {
    makeAutoObservable<JielongStore, 'availability' | 'cart'>(this, { availability: false, cart: false });
  }

  private items<K extends JielongItem['kind']>(kind: K): Array<PreviewItem<Extract<JielongItem, { kind: K }>>> {
    const out: Array<PreviewItem<Extract<JielongItem, { kind: K }>>> = [];
    for (const c of this.view?.parse.customers ?? []) {
      // An entry a later line changed, cancelled or repeated is shown struck through (amended), never ordered.
      if (c.supersededBy !== undefined) continue;
      c.items.forEach((item, i) => {
        if (item.kind === kind) out.push({ key: `${c.lineNo}-${i}`, customer: customerLabelOf(c), lineNo: c.lineNo, item: item as Extract<JielongItem, { kind: K }> });
      });
    }
    return out;
  }

  get matched(): Array<PreviewItem<Matched>> {
    return this.items('matched');
  }

  get unmatched(): Array<PreviewItem<Unmatched>> {
    return this.items('unmatched');
  }

  /**
   * Entries a later line of the same customer changed, cancelled or repeated, in the list's
   * order: what they said (struck through on the page) and what became of them.
   */
  get amended(): AmendedEntry[] {
    const customers = this.view?.parse.customers ?? [];
    const byLine = new Map(customers.map((c) => [c.lineNo, c]));
    const said = (items: JielongItem[]): string => items
      .map((it) => (it.kind === 'matched' ? `${this.nameOf(it.skuId)} × ${it.qty}` : `“${it.text}” × ${it.qty}`)).join('，');
    return customers.flatMap((c): AmendedEntry[] => {
      const later = c.supersededBy !== undefined ? byLine.get(c.supersededBy) : undefined;
      if (!later) return [];
      const kind = later.amends?.kind ?? 'change';
      const first = c.items[0];
      const next = later.items[0];
      const sameOne = c.items.length === 1 && later.items.length === 1 && first?.kind === 'matched' && next?.kind === 'matched' && first.skuId === next.skuId;
      const note = kind === 'cancel' ? '已取消'
        : kind === 'repeat' ? `重复，以第${later.lineNo}行为准`
          : sameOne ? `已改为${next.qty}份` : `已改为：${said(later.items)}`;
      return [{ lineNo: c.lineNo, customer: customerLabelOf(c) || `第${c.lineNo}行`, said: said(c.items), note, by: later.lineNo }];
    });
  }

  get ignored(): Array<{ lineNo: number; text: string }> {
    return this.view?.parse.ignored ?? [];
  }

  /** The menu the post's header defines ("A：红烧肉 B：清蒸鱼🐟"), which orders by letter or emoji were read by. */
  get menu(): NonNullable<JielongView['parse']['menu']> {
    return this.view?.parse.menu ?? [];
  }

  /** Unmatched items still waiting for a choice. */
  get pending(): number {
    return this.unmatched.filter((u) => !this.choices[u.key]).length;
  }

  /** Every item in the list's order, with the SKU it would go into the cart as (null: left out, or not chosen yet). */
  private get planned(): Array<{ entry: PreviewItem<JielongItem>; skuId: string | null; qty: number }> {
    return [...this.matched, ...this.unmatched]
      .sort((a, b) => a.lineNo - b.lineNo || Number(a.key.split('-')[1]) - Number(b.key.split('-')[1]))
      .map((entry) => {
        const chosen = this.chosenSku(entry.key);
        const skuId = chosen ?? (entry.item.kind === 'matched' && !this.isSkipped(entry.key) ? entry.item.skuId : null);
        // The quantity as the list wrote it: one the cart cannot take (0, 3.5) is marked at its line there.
        return { entry, skuId, qty: entry.item.qty };
      });
  }

  /** A matched item whose SKU has nothing sellable: marked, and left out unless another SKU is chosen for it. */
  isSoldOut(skuId: string): boolean {
    return this.sellableOf(skuId) === 0;
  }

  /** Lines "加入订单" would add: sold-out SKUs are not among them. */
  get ready(): number {
    return this.planned.filter((p) => p.skuId !== null && !this.isSoldOut(p.skuId)).length;
  }

  /** Items marked sold out that would be left out. */
  get soldOutLeft(): number {
    return this.planned.filter((p) => p.skuId !== null && this.isSoldOut(p.skuId)).length;
  }

  chosenSku(key: string): string | null {
    const choice = this.choices[key];
    return choice && choice !== SKIP ? choice : null;
  }

  isSkipped(key: string): boolean {
    return this.choices[key] === SKIP;
  }

  /** "赣南脐橙 5斤装": names the server sent for the SKUs it referred to, else the list's. */
  nameOf(skuId: string): string {
    const listed = this.availability.item(skuId);
    return this.view?.names[skuId] ?? (listed ? `${listed.name} ${listed.spec}`.trim() : skuId);
  }

  sellableOf(skuId: string): number | null {
    return this.availability.item(skuId)?.sellable ?? null;
  }

  toggle(): void {
    this.open = !this.open;
    this.added = null;
    this.leftOut = [];
  }

  setText(text: string): void {
    this.text = text;
    this.error = null;
    this.added = null;
  }

  async parse(): Promise<boolean> {
    const text = this.text.trim();
    if (!text) {
      this.error = '请先粘贴接龙内容';
      return false;
    }
    if (this.parsing) return false;
    this.parsing = true;
    this.error = null;
    this.added = null;
    // The picker shows sellable numbers; make sure they are there.
    const [result] = await Promise.all([
      callFunction<JielongView>('leader', 'parseJielong', { text }),
      this.availability.items.length === 0 ? this.availability.refresh() : Promise.resolve(),
    ]);
    runInAction(() => {
      this.parsing = false;
      if (!result.ok) {
        this.error = result.error.message;
        return;
      }
      this.choices = {};
      this.teaching = {};
      this.searching = null;
      this.showIgnored = false;
      if (result.data.parse.customers.length === 0) {
        this.view = null;
        this.error = '没有识别到订单行，请确认粘贴的是接龙内容';
        return;
      }
      this.view = result.data;
    });
    return result.ok;
  }

  choose(key: string, skuId: string): void {
    this.choices[key] = skuId;
    delete this.teaching[key];
    if (this.searching === key) this.searching = null;
  }

  /** The word choosing a SKU for this flagged item may teach ("酒精" for "酒精 2瓶"), or null. */
  wordOf(key: string): string | null {
    const entry = this.unmatched.find((u) => u.key === key);
    return (entry && this.view?.words?.[entry.item.text]) || null;
  }

  /** Whether to ask "以后'…'都是这个商品？" for this item: a SKU was chosen, the item has a word, nothing answered yet. */
  offersTeaching(key: string): boolean {
    return this.chosenSku(key) !== null && this.wordOf(key) !== null && this.teaching[key] === undefined;
  }

  declineTeaching(key: string): void {
    this.teaching[key] = 'no';
  }

  /** Open or fold "记住的叫法", loading it when opened. */
  async toggleAliases(): Promise<void> {
    this.aliasesOpen = !this.aliasesOpen;
    if (!this.aliasesOpen) return;
    this.aliasError = null;
    const result = await callFunction<LeaderAliasView[]>('leader', 'myAliases', {});
    runInAction(() => {
      if (result.ok) this.aliases = result.data;
      else this.aliasError = result.error.message;
    });
  }

  /** "忘掉": the word asks again in later lists (appended as a removal; leader.removeAlias). */
  async forget(word: string): Promise<boolean> {
    const result = await callFunction<{ word: string; aliases: LeaderAliasView[] }>('leader', 'removeAlias', { word });
    runInAction(() => {
      if (result.ok) {
        this.aliases = result.data.aliases;
        this.aliasError = null;
      } else this.aliasError = result.error.message;
    });
    return result.ok;
  }

  /** "记住": from now on the word means the chosen SKU in this leader's lists (leader.teachAlias). */
  async teach(key: string): Promise<boolean> {
    const skuId = this.chosenSku(key);
    const entry = this.unmatched.find((u) => u.key === key);
    if (!skuId || !entry || this.teaching[key] === 'saving') return false;
    this.teaching[key] = 'saving';
    const result = await callFunction<{ word: string; skuId: string }>('leader', 'teachAlias', { word: entry.item.text, skuId });
    runInAction(() => {
      this.teaching[key] = result.ok ? 'taught' : { error: result.error.message };
      // The folded list is read again when next opened.
      if (result.ok) this.aliases = null;
      if (result.ok && this.aliasesOpen) this.aliasesOpen = false;
    });
    return result.ok;
  }

  skip(key: string): void {
    this.choices[key] = SKIP;
    if (this.searching === key) this.searching = null;
  }

  /** Undo a choice: the item waits again (a word already remembered stays remembered). */
  reopen(key: string): void {
    delete this.choices[key];
    if (this.teaching[key] !== 'taught') delete this.teaching[key];
  }

  openSearch(key: string): void {
    this.searching = this.searching === key ? null : key;
    this.query = '';
  }

  setQuery(text: string): void {
    this.query = text;
  }

  /** Any listed SKU whose name, spec or code contains what was typed (all of them when nothing is). */
  get searchResults(): AvailabilityItem[] {
    return this.availability.items.filter((i) => matchesQuery(i, this.query)).slice(0, SEARCH_SHOWN);
  }

  toggleIgnored(): void {
    this.showIgnored = !this.showIgnored;
  }

  /**
   * Matched and corrected lines into the cart in the list's order, each with its customer;
   * a line whose SKU has nothing sellable stays out and is named. The paste is done with.
   */
  async addToCart(): Promise<boolean> {
    if (!this.view || this.pending > 0 || this.cart.locked) return false;
    const wanted = this.planned.flatMap((p) => (p.skuId ? [{ skuId: p.skuId, qty: p.qty, customer: p.entry.customer }] : []));
    if (wanted.some((w) => !this.availability.item(w.skuId))) await this.availability.refresh();
    const missing = wanted.filter((w) => !this.availability.item(w.skuId));
    if (missing.length > 0) {
      runInAction(() => {
        this.error = `${missing.map((m) => this.nameOf(m.skuId)).join('、')} 已下架，请重新选择`;
      });
      return false;
    }
    const left = wanted.filter((w) => this.isSoldOut(w.skuId));
    const going = wanted.filter((w) => !this.isSoldOut(w.skuId));
    if (going.length === 0) {
      this.error = left.length > 0 ? '这些商品都已售罄，没有可加入的' : '没有要加入的商品';
      return false;
    }
    const incoming: IncomingLine[] = going.map((w) => ({ item: this.availability.item(w.skuId)!, qty: w.qty, customer: w.customer }));
    const count = this.cart.addLines(incoming);
    runInAction(() => {
      this.added = count;
      this.leftOut = left.map((w) => `${w.customer ? `${w.customer} ` : ''}${this.nameOf(w.skuId)}`);
      this.view = null;
      this.text = '';
      this.choices = {};
      this.open = false;
    });
    return true;
  }

  cancel(): void {
    this.view = null;
    this.choices = {};
    this.searching = null;
    this.error = null;
  }
}
