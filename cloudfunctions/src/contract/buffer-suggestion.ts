// What the buffer-suggestion actions answer (buffers from scorecards). Types only.
import type { BufferSuggestion, SuggestedRatio, SuggestionLimits } from '../domain/buffer-suggestion';
import type { BufferChange, BufferPolicy } from '../domain/model';

/** Sellable now under a suggestion against now, over the SKUs that change. */
export interface BufferEffect { gained: number; heldBack: number; skus: number }

/** A SKU that sold in enough of the supplier's waves to carry a buffer of its own. */
export interface SkuBufferSuggestionRow {
  skuId: string;
  skuName: string;
  /** The policy in force for the SKU now, and whether it is the SKU's own. */
  current: { policy: BufferPolicy; own: boolean };
  suggestion: SuggestedRatio;
  /** The SKU's own policy applying would set. */
  to: BufferPolicy;
  /** This SKU's sellable under the whole plan against now. */
  effect: BufferEffect;
  lastChange?: BufferChange & { byName: string; inForce: boolean };
}

export interface BufferSuggestionRow {
  supplierId: string;
  supplierName: string;
  /** The policy in force for the supplier now, and whether it is the supplier's own. */
  current: { policy: BufferPolicy; own: boolean };
  suggestion: BufferSuggestion;
  /** The policy applying the suggestion would set (the current one with the ratio suggested). */
  to?: BufferPolicy;
  /** Sellable now under the suggestion against now: units gained and held back, over SKUs that change. */
  effect?: BufferEffect;
  /**
   * SKUs whose own waves ask for a ratio other than they would get from the supplier's:
   * applied with the supplier's (the row's effect includes them).
   */
  skus: SkuBufferSuggestionRow[];
  /** The last change applied from a suggestion, who applied it (by name), and whether the supplier's policy is still that one. */
  lastChange?: BufferChange & { byName: string; inForce: boolean };
}

export interface BufferSuggestions {
  limits: SuggestionLimits;
  rows: BufferSuggestionRow[];
}

export interface AppliedBufferChanges {
  applied: BufferChange[];
}
