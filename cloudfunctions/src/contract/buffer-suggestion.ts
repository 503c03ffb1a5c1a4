// What the buffer-suggestion actions answer (buffers from scorecards). Types only.
import type { BufferSuggestion, SuggestionLimits } from '../domain/buffer-suggestion';
import type { BufferChange, BufferPolicy } from '../domain/model';

export interface BufferSuggestionRow {
  supplierId: string;
  supplierName: string;
  /** The policy in force for the supplier now, and whether it is the supplier's own. */
  current: { policy: BufferPolicy; own: boolean };
  suggestion: BufferSuggestion;
  /** The policy applying the suggestion would set (the current one with the ratio suggested). */
  to?: BufferPolicy;
  /** Sellable now under the suggestion against now: units gained and held back, over SKUs that change. */
  effect?: { gained: number; heldBack: number; skus: number };
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
