// Counts a person could really type: more than this is a slip of the thumb (DESIGN §8).
export const MAX_ON_HAND = 1_000_000;
export const MAX_ORDER_QTY = 9_999;
