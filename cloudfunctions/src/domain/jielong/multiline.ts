// Stage: entries over several lines. A name line followed by item lines ("1. 王姐" then
// "脐橙5斤 2份"), items first and the name after ("1. 脐橙5斤×2" then "王姐 3栋502"), or an
// item line continuing the customer above: grouped into one customer. Items that cannot be
// given to anyone are flagged, never ordered without a customer.

import { type JielongCustomer, type JielongItem, type JielongParse, JIELONG_REASONS } from './types';
import { isLetter, normalise } from './text';

const NOT_NAME_RE = /接龙|截单|截止|团购|开团|拼团|付款|支付|转账|收款|到货|自提|提货|配送|发货|送货|包邮|运费|合计|共计|总计|统计|汇总|价格|通知|公告|提示|须知|规则|下单|商品|产品|链接|小程序|大家|各位|谢谢|感谢|辛苦|麻烦|请|时间|备注|说明|注意|以下|以上|取消|改成|改为|同上|放在|门口|明天|今天|[¥$]|\d\s*元|\d{1,2}:\d{2}|\d{1,2}月\d{1,2}|^(?:例|格式|好的|收到|[哈呀啊哦噢嗯啦吧了])/;

/** An ignored line that is only a customer's name (and maybe their room): "王姐 3栋502", "—— 李四". */
export function looksLikeName(text: string): string | null {
  const trim = (x: string): string => x.replace(/^[\s\-—~·.。:：,，@]+|[\s\-—~·.。:：,，]+$/g, '').replace(/\s+/g, ' ');
  const norm = normalise(text);
  const name = trim(norm.s);
  if (name === '' || [...name].length > 20 || ![...name].some(isLetter) || NOT_NAME_RE.test(name)) return null;
  return trim(norm.orig.join(''));
}

const isPlaceholder = (items: JielongItem[]): boolean => items.length === 1 && items[0]?.kind === 'unmatched' && items[0].reason === JIELONG_REASONS.noItem;

/** A nameless, unnumbered line's items: nobody to give them to. */
function orphaned(items: JielongItem[]): JielongItem[] {
  return items.map((it): JielongItem => (it.kind === 'matched'
    ? { kind: 'unmatched', text: it.text, qty: it.qty, reason: JIELONG_REASONS.noCustomer, candidates: [it.skuId] }
    : it));
}

export class EntryGrouper {
  /** The customer a following line may continue or name. */
  private open: JielongCustomer | null = null;
  /** Items of `open` before they were flagged for having no customer, restored when a name follows. */
  private unflagged: JielongItem[] | null = null;
  /** A name-only line just before, which a nameless item line makes a customer. */
  private pending: { lineNo: number; name: string } | null = null;

  constructor(private readonly parse: JielongParse) {}

  customer(c: JielongCustomer, chainStarted: boolean): void {
    // "+1" or "同上" on its own line is someone else wanting the same: never part of the entry above.
    const nameless = c.seq === undefined && c.nickname === '' && !isPlaceholder(c.items)
      && !c.items.every((it) => it.kind === 'unmatched' && it.reason === JIELONG_REASONS.sameAsAbove);
    if (!nameless || !chainStarted) {
      this.parse.customers.push(c);
      this.open = c;
      this.unflagged = null;
      this.pending = null;
      return;
    }
    if (this.open) {
      // Item lines under a name line, or continuing the customer above.
      this.open.moreLines = [...(this.open.moreLines ?? []), c.lineNo];
      if (isPlaceholder(this.open.items)) this.open.items = [...c.items];
      else if (this.unflagged) { this.unflagged.push(...c.items); this.open.items.push(...orphaned(c.items)); } else this.open.items.push(...c.items);
      return;
    }
    if (this.pending) {
      const { lineNo, name } = this.pending;
      const at = this.parse.ignored.findIndex((l) => l.lineNo === lineNo);
      if (at >= 0) this.parse.ignored.splice(at, 1);
      const named: JielongCustomer = { lineNo, nickname: name, items: c.items, moreLines: [c.lineNo] };
      this.parse.customers.push(named);
      this.open = named;
      this.pending = null;
      return;
    }
    this.unflagged = [...c.items];
    const flagged = { ...c, items: orphaned(c.items) };
    this.parse.customers.push(flagged);
    this.open = flagged;
  }

  ignored(lineNo: number, text: string, chainStarted: boolean): void {
    const name = chainStarted ? looksLikeName(text) : null;
    const open = this.open;
    if (name && open && open.nickname === '' && !isPlaceholder(open.items)) {
      // Items first, the name after.
      open.nickname = name;
      open.moreLines = [...(open.moreLines ?? []), lineNo];
      if (this.unflagged) open.items = this.unflagged;
      this.open = null;
      this.unflagged = null;
      return;
    }
    this.parse.ignored.push({ lineNo, text });
    this.open = null;
    this.unflagged = null;
    this.pending = name ? { lineNo, name } : null;
  }
}
