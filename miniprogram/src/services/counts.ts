// A count is accepted whole, then applied SKU by SKU; a long one (an import of
// thousands of lines) takes several calls. The page asks again while it shows how far
// it got; if nothing moves (a SKU waits on orders in flight) the server finishes it.
import { type Result, callFunction } from './api';
import type { IntakeResult } from './types';

/** Calls in a row that applied nothing before the page stops asking and leaves the rest to the server. */
const STALLED_CALLS = 3;
const STALL_PAUSE_MS = 500;

export type CountProgress = (applied: number, total: number) => void;

/** Follow an accepted count until it is applied (or stalls), telling the page its progress.
 *  The lines held for a jump are named in the first answer only: they stay on the last one. */
export async function untilApplied(fn: 'supplier' | 'operator', first: Result<IntakeResult>, onProgress?: CountProgress): Promise<Result<IntakeResult>> {
  const held = first.ok && first.data.status !== 'held' ? first.data.held : undefined;
  let result = first;
  let stalled = 0;
  while (result.ok && result.data.status === 'applying' && stalled < STALLED_CALLS) {
    const { reportId, applied, total } = result.data;
    onProgress?.(applied, total);
    const next = await callFunction<IntakeResult>(fn, 'continueReport', { reportId });
    if (!next.ok) return result;
    stalled = next.data.status === 'applying' && next.data.applied <= applied ? stalled + 1 : 0;
    if (stalled > 0) await new Promise((r) => setTimeout(r, STALL_PAUSE_MS));
    result = next;
  }
  if (held && result.ok && result.data.status !== 'held' && !result.data.held) return { ok: true, data: { ...result.data, held } };
  return result;
}

/** What the page says about a count still being applied when it stops asking. */
export const applyingNotice = (applied: number, total: number): string =>
  `已提交：${applied}/${total} 个商品已生效，其余的稍后自动生效`;
