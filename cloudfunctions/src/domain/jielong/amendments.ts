// Stage: what a customer changes after writing an entry: a cancellation, an edit, a
// "同上" that points at the line above. None of them is ordered as written.

import type { JielongItem } from './types';
import { cleanText, tokenize } from './text';

export const CANCEL_RE = /取消|不要了|退掉|退了|撤销|删掉|删除/;
export const EDIT_RE = /改成|改为|更改|修改|改一下|更正/;
export const SAME_RE = /^(?:同上|同楼上|同前|跟上|跟楼上|跟上面一样|和上面一样|一样)$/;

/** A customer who cancelled or changed their line mid-chain: show it, never order it as is. */
export function flagAmendment(items: JielongItem[], s: string, orig: string[], contentStart: number, end: number): JielongItem[] {
  const content = s.slice(contentStart, end);
  const flag = CANCEL_RE.exec(content) ?? EDIT_RE.exec(content);
  if (!flag) return items;
  const at = contentStart + flag.index;
  const tok = tokenize(s, contentStart, end, []).find((x) => x.start <= at && x.end > at);
  const reason = `写了“${tok ? cleanText(orig, tok.start, tok.end) : flag[0]}”，请确认`;
  return items.map((it): JielongItem => (it.kind === 'matched'
    ? { kind: 'unmatched', text: it.text, qty: it.qty, reason, candidates: [it.skuId] }
    : { ...it, reason }));
}
