import type { Sku } from './model';

export interface SubstituteCandidate {
  sku: Sku;
  sellable: number;
}

/**
 * Substitutes for a short SKU (DESIGN §3): same category, enough in stock now, price
 * equal or higher; closest price first, then more stock, then code.
 */
export function rankSubstitutes(short: Sku, needed: number, candidates: SubstituteCandidate[]): SubstituteCandidate[] {
  return candidates
    .filter((c) => c.sku.id !== short.id && c.sku.listed && c.sku.category === short.category && c.sku.price >= short.price && c.sellable >= needed)
    .sort((a, b) => a.sku.price - b.sku.price || b.sellable - a.sellable || a.sku.id.localeCompare(b.sku.id));
}
