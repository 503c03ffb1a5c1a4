// The 接龙 parse as the rest of the system sees it: the catalogue it reads against,
// the customers and items it answers, the reasons an item is left for the leader.

export interface CatalogueEntry {
  skuId: string;
  name: string;
  spec: string;
  /**
   * What one unit of quantity is (件, 份, 盒, 箱, 斤, kg …). A weight (斤, 公斤/kg, 克/g) makes a
   * weight the customer writes the quantity; otherwise (or absent) weights describe the pack.
   */
  saleUnit?: string;
  /** Quantities are whole multiples of this (0.5 for half a 斤; absent: 1). */
  saleStep?: number;
  /** The operator's other words for this SKU ("酒精" for 75%酒精消毒液), for every leader. */
  aliases?: string[];
  /** Words the leader whose list this is taught for this SKU: outrank the operator's, for that leader only. */
  leaderAliases?: string[];
}

export type JielongItem =
  | { kind: 'matched'; text: string; skuId: string; qty: number }
  | { kind: 'unmatched'; text: string; qty: number; reason: string; candidates: string[] };

export interface JielongCustomer {
  /** 1-based line number in the pasted text. */
  lineNo: number;
  /** The 接龙 number when the line has one. */
  seq?: number;
  /** As written, trimmed, without emoji ('' when none). */
  nickname: string;
  items: JielongItem[];
  /** The entry's other lines, when it runs over several (a name line and its item lines). */
  moreLines?: number[];
  /**
   * This entry changes an earlier entry of the same customer (its line number): 'change'
   * (a new count or items, or the same entry written again longer), 'cancel' (withdrawn;
   * no items), 'repeat' (the same entry pasted again). Absent: a new entry.
   */
  amends?: { lineNo: number; kind: 'change' | 'cancel' | 'repeat' };
  /** A later entry (its line number) changed, cancelled or repeated this one: kept to show, never ordered. */
  supersededBy?: number;
}

export interface JielongParse {
  customers: JielongCustomer[];
  /** Lines with visible text that are not orders (header, notes, menu, footer). */
  ignored: Array<{ lineNo: number; text: string }>;
  /** The menu the post's header defines ("A：红烧肉 B：清蒸鱼🐟"), when it has one. Its lines are also in `ignored`. */
  menu?: JielongMenuEntry[];
}

/** One dish of a header menu: what customers may write for it ("B", "🐟"), and the SKU it is, if exactly one. */
export interface JielongMenuEntry {
  lineNo: number;
  /** The menu letter or number ("A", "3"), upper-case; absent for a line that only an emoji or price marks. */
  key?: string;
  /** Emoji written beside the dish that name it and nothing else in the menu. */
  emoji?: string[];
  /** The dish as written, without the key, the emoji and the price. */
  text: string;
  /** The one SKU the dish matches; absent when it matches none or several. */
  skuId?: string;
  /** Absent skuId: the SKUs it might be, and why it is not decided. */
  candidates?: string[];
  reason?: string;
}

export const JIELONG_REASONS = {
  noMatch: '没有找到对应商品',
  partial: '商品名对不上，请确认',
  ambiguous: '有多个商品符合，请选择',
  noItem: '这一行没有写商品',
  sameAsAbove: '写的是“同上”，请选择商品',
  titleAmbiguous: '只写了数量，标题里不止一个商品，请选择',
  noCustomer: '没写是谁的（没有名字也没有序号），请确认',
} as const;

/** A customer label longer than this is cut: the order API keeps 40 characters. */
export const CUSTOMER_LABEL_MAX = 40;
