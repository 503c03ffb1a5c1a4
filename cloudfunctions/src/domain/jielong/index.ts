// A 群接龙 list, as a leader copies it out of WeChat, turned into customer lines
// matched to SKUs (issue 4). Pure: text in, parse out. The parser never guesses:
// a line that looks like an order but cannot be pinned to exactly one SKU becomes
// an `unmatched` item with its candidates, and every other line with visible text
// lands in `ignored`, so the leader sees everything that was pasted.
//
// The parser is split by stage: text.ts (normalising a line), quantities.ts (numbers,
// Chinese numerals, units), matching.ts (words to SKUs), items.ts (one item),
// amendments.ts (cancellations, edits, 同上), lines-and-entries.ts (which lines are
// customers and how they split), cart.ts (cart lines). This file is the public API.

export type { CatalogueEntry, JielongCustomer, JielongItem, JielongParse } from './types';
export { CUSTOMER_LABEL_MAX, JIELONG_REASONS } from './types';
export { parseJielong } from './lines-and-entries';
export { customerLabel, jielongToOrderLines } from './cart';

// Matching helpers for other parsers of what people type (a supplier's group message):
// the same normalising, numbers and product matching, so the same flags-never-guess rules hold.
export { normalise, type Norm } from './text';
export { numberValue, scanGroups, type Group } from './quantities';
export { aliasKey, aliasWordOf, ALIAS_MAX } from './aliases';
export { prepare, findAnchors, candidateSkus, scoreSku, byRank, type Prepared, type PreparedSku, type Anchor, type Scored } from './matching';
