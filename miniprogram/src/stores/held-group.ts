// One card per supplier for its held reports (issue 12, item 6). The server keeps every
// held report on its own (each line keeps its own report time); the supplier's report page
// and the operator's held page show them together and decide them together.
import type { ClientError, Result } from '../services/api';
import { formatTime } from '../services/format';
import type { HeldLineView, HeldView, IntakeResult } from '../services/types';

/** What a shown line replaced: an older held report (the server's `replaced`), or an older waiting line of the same SKU. */
export interface HeldReplaced {
  reportedBy: string;
  reportedAt: number;
  /** The older line's SKU and number, when it is a line of a report still waiting. */
  line?: HeldLineView;
}

/** One held report's part of the card: its own time, who, how, and its lines not shadowed by a newer one. */
export interface HeldBlock {
  held: HeldView;
  lines: HeldLineView[];
  replaced: HeldReplaced[];
}

export interface HeldGroup {
  supplierId: string;
  supplierName: string;
  /** Every waiting held report of the supplier, newest first: what 确认无误 / 丢弃 act on. */
  reports: HeldView[];
  /** The blocks with a line to show, newest first. */
  blocks: HeldBlock[];
  /** SKUs waiting (newest line per SKU, not counted again since). */
  lineCount: number;
  reportedAt: number;
}

const newestFirst = (a: HeldView, b: HeldView): number => b.reportedAt - a.reportedAt;

/** The waiting held reports grouped per supplier, newest group first; within a group the newest line of each SKU. */
export function groupHeld(list: HeldView[]): HeldGroup[] {
  const bySupplier = new Map<string, HeldView[]>();
  for (const held of list) bySupplier.set(held.supplierId, [...(bySupplier.get(held.supplierId) ?? []), held]);
  const groups: HeldGroup[] = [];
  for (const [supplierId, reports] of bySupplier) {
    const sorted = [...reports].sort(newestFirst);
    const newest = sorted[0]!;
    const shownBy = new Map<string, HeldBlock>();
    const blocks: HeldBlock[] = [];
    for (const held of sorted) {
      const block: HeldBlock = { held, lines: [], replaced: held.replaced ? [{ ...held.replaced }] : [] };
      for (const line of held.lines) {
        const newer = shownBy.get(line.skuId);
        if (newer) newer.replaced.push({ reportedBy: held.reportedBy, reportedAt: held.reportedAt, line });
        else {
          shownBy.set(line.skuId, block);
          block.lines.push(line);
        }
      }
      blocks.push(block);
    }
    groups.push({
      supplierId,
      supplierName: newest.supplierName,
      reports: sorted,
      blocks: blocks.filter((b) => b.lines.length > 0),
      lineCount: blocks.flatMap((b) => b.lines).filter((l) => !l.recountedSince).length,
      reportedAt: newest.reportedAt,
    });
  }
  return groups.sort((a, b) => b.reportedAt - a.reportedAt);
}

/** "已替换 10:00 果园老李 的待确认报数", with the older number when it is a line still waiting. */
export function replacedText(replaced: HeldReplaced, now: number): string {
  const line = replaced.line ? `（${[replaced.line.name, replaced.line.spec].filter(Boolean).join(' ')} ${replaced.line.onHand} 件）` : '';
  return `已替换 ${formatTime(replaced.reportedAt, now)} ${replaced.reportedBy} 的待确认报数${line}`;
}

/** The SKUs of held reports still to decide, once each: "广西砂糖橘 3斤装、赣南脐橙 5斤装" (none counted again since, none in `except`). */
export function heldSkuNames(reports: HeldView[], except: ReadonlySet<string> = new Set()): string {
  const names = new Map<string, string>();
  for (const held of [...reports].sort(newestFirst)) {
    for (const line of held.lines) {
      if (!line.recountedSince && !except.has(line.skuId) && !names.has(line.skuId)) names.set(line.skuId, [line.name, line.spec].filter(Boolean).join(' '));
    }
  }
  return [...names.values()].join('、');
}

/** Codes that say a held report no longer waits (replaced by a newer count, discarded or decided by someone else). */
const GONE = new Set<ClientError['code']>(['SUPERSEDED', 'NOT_FOUND', 'CONFLICT']);

export interface GroupDecision<T> {
  /** Decided here, with the server's answer. */
  done: Array<{ held: HeldView; data: T }>;
  /** No longer waiting when asked (a newer count replaced it, or someone else decided it). */
  gone: Array<{ held: HeldView; error: ClientError }>;
  /** The call that failed: the sequence stopped there. */
  failed?: { held: HeldView; error: ClientError };
  /** Still waiting: the failed one and those not asked after it. */
  left: HeldView[];
}

/**
 * 确认无误 / 丢弃 on a card: each waiting held report of the supplier in turn, newest first
 * (a confirmed newer line makes the older one of its SKU "counted since", never applied over it).
 * Stops at the first failure; what is left still waits.
 */
export async function decideGroup<T>(reports: HeldView[], send: (heldId: string) => Promise<Result<T>>): Promise<GroupDecision<T>> {
  const sorted = [...reports].sort(newestFirst);
  const decision: GroupDecision<T> = { done: [], gone: [], left: [] };
  for (const [i, held] of sorted.entries()) {
    const result = await send(held.id);
    if (result.ok) decision.done.push({ held, data: result.data });
    else if (GONE.has(result.error.code)) decision.gone.push({ held, error: result.error });
    else {
      decision.failed = { held, error: result.error };
      decision.left = sorted.slice(i);
      break;
    }
  }
  return decision;
}

/**
 * "网络不可用；仍待确认：广西砂糖橘 3斤装" — said on both pages when a card's decision stops part way.
 * After confirming, an older line of a SKU just confirmed no longer waits (it was counted since);
 * after discarding, it does.
 */
export function stillWaitingText(decision: GroupDecision<unknown>, decided: 'confirm' | 'discard'): string {
  if (!decision.failed) return '';
  const confirmed = new Set(decided === 'confirm' ? decision.done.flatMap((d) => d.held.lines.map((l) => l.skuId)) : []);
  return `${decision.failed.error.message}；仍待确认：${heldSkuNames(decision.left, confirmed)}`;
}

export interface HeldOutcome {
  kind: 'success' | 'error';
  title: string;
  detail: string;
}

/** What a card's 确认无误 did, in the same words on the supplier's and the operator's pages. */
export function confirmOutcome(supplierName: string, decision: GroupDecision<IntakeResult>): HeldOutcome {
  if (decision.failed) return { kind: 'error', title: '确认未成功', detail: stillWaitingText(decision, 'confirm') };
  if (decision.done.length === 0) return { kind: 'error', title: '确认未成功', detail: decision.gone[0]?.error.message ?? '' };
  let applied = 0;
  let later = 0;
  for (const { data } of decision.done) {
    if (data.status === 'applied') applied += data.receipt.lines.length;
    else if (data.status === 'applying') later += data.total;
  }
  const parts = [
    applied > 0 ? `${applied} 个商品已按这次报数更新` : '',
    later > 0 ? `${later} 个商品已确认，稍后自动生效` : '',
    decision.gone.length > 0 ? `${heldSkuNames(decision.gone.map((g) => g.held))} 之后已有新的报数，不再生效` : '',
  ].filter(Boolean);
  return { kind: 'success', title: `已确认 · ${supplierName}`, detail: parts.join('；') || '已确认' };
}

/** What a card's 丢弃 did. */
export function discardOutcome(supplierName: string, decision: GroupDecision<unknown>): HeldOutcome {
  if (decision.failed) return { kind: 'error', title: '丢弃未成功', detail: stillWaitingText(decision, 'discard') };
  return { kind: 'success', title: `已丢弃 · ${supplierName}`, detail: '这次报数不会生效，库存保持上次的数字' };
}
