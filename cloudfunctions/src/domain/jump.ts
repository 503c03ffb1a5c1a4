import type { Jump, JumpThreshold, ReportLine } from './model';

/**
 * A count that moved more than `ratio`× either way and by at least `minUnits` from
 * the last one is a jump: a typo or a real event, and either way a person confirms it.
 * A SKU's first count is never a jump.
 */
export function isJump(last: number | undefined, next: number, threshold: JumpThreshold): boolean {
  if (last === undefined) return false;
  if (Math.abs(next - last) < threshold.minUnits) return false;
  return next > last * threshold.ratio || next * threshold.ratio < last;
}

export function findJumps(lines: ReportLine[], lastCount: ReadonlyMap<string, number>, threshold: JumpThreshold): Jump[] {
  return lines
    .filter((line) => isJump(lastCount.get(line.skuId), line.onHand, threshold))
    .map((line) => ({ skuId: line.skuId, last: lastCount.get(line.skuId)!, next: line.onHand }));
}
