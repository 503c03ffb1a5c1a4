// Buffers from scorecards, as an operator would use them: once a week (Monday 09:00, with
// the digest) the operator opens 缓冲建议 and applies every suggestion that differs from
// the supplier's buffer now, with each SKU's own (unless the policy says not), through the
// product's own handlers. What a suggestion rests on — what we believed on hand at each
// wave's close, what the supplier confirmed — is the product's too, so the simulator only
// decides when the operator looks.
import { DEFAULT_SUGGESTION_LIMITS } from '../cloudfunctions/src/domain/buffer-suggestion';
import { applyBufferSuggestions, bufferSuggestions, samePolicy } from '../cloudfunctions/src/handlers/buffer-suggestions';
import type { Replay } from './replay';
import { timed } from './tally';

/** The hour of the operator's weekly review. */
const REVIEW_HOUR = 9;
const DAYS_PER_WEEK = 7;

export async function reviewBuffers(r: Replay, step: number): Promise<void> {
  const review = r.policy.scorecardBuffers;
  if (!review) return;
  const day = Math.floor(step / r.stepsPerDay);
  const reviewStep = Math.round((REVIEW_HOUR * r.stepsPerDay) / 24);
  if (step % r.stepsPerDay !== reviewStep || day % (review.everyDays ?? DAYS_PER_WEEK) !== 0) return;
  const limits = { ...review.limits };
  const { rows, limits: used } = await timed(r.tally, 'bufferSuggestions', () => bufferSuggestions(r.deps, {
    minRatio: limits.minRatio ?? 0.05, maxRatio: limits.maxRatio ?? 0.4, coverage: limits.coverage ?? 0.95,
    minSkuObservations: limits.minSkuObservations ?? DEFAULT_SUGGESTION_LIMITS.minSkuObservations,
  }));
  const withSkus = review.skus ?? true;
  const chosen = rows.flatMap((row) => {
    if (row.suggestion.status !== 'suggested' || !row.to) return [];
    const skus = withSkus ? row.skus.map((k) => ({ skuId: k.skuId, ratio: k.suggestion.ratio })) : [];
    return !samePolicy(row.current.policy, row.to) || skus.length > 0 ? [{ supplierId: row.supplierId, ratio: row.suggestion.ratio, skus }] : [];
  });
  if (chosen.length === 0) return;
  const res = await timed(r.tally, 'applyBufferSuggestions', () => applyBufferSuggestions(r.deps, 'operator', {
    minRatio: used.minRatio, maxRatio: used.maxRatio, coverage: used.coverage, minSkuObservations: used.minSkuObservations, suppliers: chosen,
  }));
  if (!res.ok) throw new Error(`applyBufferSuggestions: ${res.error.message}`);
  r.tally.activity.buffersApplied += res.data.applied.length;
}
