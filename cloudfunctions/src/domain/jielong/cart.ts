// From a parse to what the order path takes: cart lines labelled with the customer.

import { type JielongCustomer, type JielongParse, CUSTOMER_LABEL_MAX } from './types';

/** The customer label an order line carries: "3号 张三", or the nickname alone. */
export function customerLabel(c: Pick<JielongCustomer, 'seq' | 'nickname'>): string {
  const label = [c.seq !== undefined ? `${c.seq}号` : '', c.nickname].filter(Boolean).join(' ');
  // The API counts UTF-16 units; cut on whole characters so a rare character is never split.
  let cut = '';
  for (const ch of label) {
    if (cut.length + ch.length > CUSTOMER_LABEL_MAX) break;
    cut += ch;
  }
  return cut.trimEnd();
}

/**
 * Cart lines from a parse: every matched item of the entries in effect, with how many items
 * still need a decision. An entry a later one changed, cancelled or repeated (supersededBy)
 * is shown, never ordered.
 */
export function jielongToOrderLines(parse: JielongParse): { lines: Array<{ skuId: string; qty: number; customer: string }>; unmatched: number } {
  const lines: Array<{ skuId: string; qty: number; customer: string }> = [];
  let unmatched = 0;
  for (const c of parse.customers) {
    if (c.supersededBy !== undefined) continue;
    for (const item of c.items) {
      if (item.kind === 'matched') lines.push({ skuId: item.skuId, qty: item.qty, customer: customerLabel(c) });
      else unmatched++;
    }
  }
  return { lines, unmatched };
}
