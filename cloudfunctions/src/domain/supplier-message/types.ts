// What a supplier's group message reads as: the lines, their flags and why.

export interface MessageSku {
  skuId: string;
  name: string;
  spec: string;
  /** The supplier's own code: a message may name a SKU by it. */
  supplierCode?: string;
  /** The operator's other words for the SKU (Sku.aliases). */
  aliases?: string[];
}

export type MessageLine =
  | { kind: 'matched'; lineNo: number; text: string; skuId: string; onHand: number }
  /** `onHand` when the number is sound and only the product needs choosing. */
  | { kind: 'flagged'; lineNo: number; text: string; reason: string; candidates: string[]; onHand?: number };

export interface SupplierMessageParse {
  lines: MessageLine[];
  /** Text that names no product and no count (greetings, headers, remarks). */
  ignored: Array<{ lineNo: number; text: string }>;
}

export const MESSAGE_REASONS = {
  noMatch: '没有找到这个供应商的对应商品',
  ambiguous: '有多个商品符合，请选择',
  partial: '商品名对不上，请确认',
  noCount: '没有写数量',
  approximate: '写的是大概的数，请确认',
  notWhole: '数量不是整件，请确认',
  unreadable: '数量看不懂，请确认',
  negative: '数量前有减号，请确认',
  tooLarge: '数量太大，请确认',
  severalNumbers: '写了不止一个数，请确认',
  delta: '写的是增减或卖出，不是现有库存',
  incoming: '说的是要到的货，不是现有库存',
  unchanged: '写的是“没变”，请用“与上次相同”',
  duplicate: '同一商品写了不止一次，请确认',
} as const;

/** More than this is read as a slip (a phone number, an order number). */
export const MAX_COUNT = 100_000;
