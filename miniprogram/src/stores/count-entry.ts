// What the supplier's report page, the operator's entry on a supplier's behalf and the
// spreadsheet import share: count lines as typed, errors at their line, held reports.
import { type Result, callFunction } from '../services/api';
import { readWholeNumber } from '../services/numbers';
import type { HeldLineView, HeldView, IntakeResult, Issue } from '../services/types';

/** `lines[3].onHand` → 3: which submitted line an issue names. */
const LINE_PATH = /^lines\[(\d+)\]/;

/** At the line itself "第4行的" is noise: the message is already next to it. */
export const withoutLinePrefix = (message: string): string => message.replace(/^第\d+行的?/, '');

export interface CountLine {
  skuId: string;
  onHand: number;
  sameAsLast?: true;
}

/**
 * The boxes as lines. A blank box could mean "none" or "not counted": with `blank: 'ask'`
 * it is an error at its line (never taken as zero); with `blank: 'skip'` the SKU is left out.
 * A box that is not a whole number ("3.5", "3件") is an error at its line, never rounded.
 */
export function collectLines(skuIds: string[], drafts: Record<string, string>, blank: 'ask' | 'skip'): { lines: CountLine[]; errors: Record<string, string>; skipped: number } {
  const lines: CountLine[] = [];
  const errors: Record<string, string> = {};
  let skipped = 0;
  for (const skuId of skuIds) {
    const text = (drafts[skuId] ?? '').trim();
    if (text === '') {
      if (blank === 'ask') errors[skuId] = '请填写库存数量（没有货请填 0）';
      else skipped += 1;
      continue;
    }
    const count = readWholeNumber(text);
    if (count.ok) lines.push({ skuId, onHand: count.value });
    else errors[skuId] = count.message;
  }
  return { lines, errors, skipped };
}

/** Issues of a refused report at the SKU they name (by index into what was sent); the rest unplaced. */
export function issuesBySku(issues: Issue[] | undefined, sent: CountLine[]): { errors: Record<string, string>; unplaced: string[] } {
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of issues ?? []) {
    const index = LINE_PATH.exec(issue.path)?.[1];
    const skuId = index === undefined ? undefined : sent[Number(index)]?.skuId;
    if (!skuId) {
      unplaced.push(issue.message);
      continue;
    }
    const message = withoutLinePrefix(issue.message);
    errors[skuId] = errors[skuId] ? `${errors[skuId]}；${message}` : message;
  }
  return { errors, unplaced };
}

/** A stepper press: one more or less, never below zero; a blank box starts from the last count. */
export function stepped(text: string, delta: number, last: number | null): string {
  if (text.trim() === '') return String(Math.max(0, (last ?? 0) + delta));
  const typed = readWholeNumber(text);
  // A box that does not read as a whole number ("3.5") stays as typed: its error says why.
  return typed.ok ? String(Math.max(0, typed.value + delta)) : text;
}

export const jumpedLines = (held: HeldView): HeldLineView[] => held.lines.filter((l) => l.jump);

/** "赣南脐橙 5斤装：30 → 300 件", and when counted again since: "（之后已重新报数，确认时不再生效）" */
export const jumpText = (line: HeldLineView): string =>
  `${[line.name, line.spec].filter(Boolean).join(' ')}：${line.last ?? '—'} → ${line.onHand} 件${line.recountedSince ? '（之后已重新报数，确认时不再生效）' : ''}`;

/** At a jumped line after "返回修改": what to check. */
export const jumpHint = (line: HeldLineView): string => `与上次 ${line.last ?? '—'} 件相差很大，请核对后再提交`;

export type HeldCaller = 'supplier' | 'operator';

/** Confirm or discard a held report, as the supplier or as the operator. */
export const heldActions = (fn: HeldCaller) => ({
  confirm: (heldId: string): Promise<Result<IntakeResult>> => callFunction<IntakeResult>(fn, 'confirmHeld', { heldId }),
  discard: (heldId: string): Promise<Result<HeldView>> => callFunction<HeldView>(fn, 'discardHeld', { heldId }),
});
