import type { Issue } from './errors';
import { aliasKey } from './jielong';
import type { Sku } from './model';

/** The most aliases one SKU may carry. */
export const MAX_SKU_ALIASES = 20;

/**
 * What a SKU edit must respect beyond its shape: a SKU stays with its supplier (its
 * stock, reports and orders are that supplier's), and a supplier's own code maps to
 * exactly one unified code.
 */
export function skuEditIssues(sku: Sku, existing: Sku | null, supplierSiblings: Sku[]): Issue[] {
  const issues: Issue[] = [];
  if (existing && existing.supplierId !== sku.supplierId) {
    issues.push({ path: 'sku.supplierId', code: 'VALIDATION', message: `商品 ${sku.id} 属于供应商 ${existing.supplierId}，不能改到其他供应商；请新建商品编码` });
  }
  if (sku.supplierCode) {
    const clash = supplierSiblings.find((s) => s.id !== sku.id && s.supplierCode === sku.supplierCode);
    if (clash) issues.push({ path: 'sku.supplierCode', code: 'VALIDATION', message: `供应商商品编码 ${sku.supplierCode} 已对应商品 ${clash.id}（${clash.name}）` });
  }
  // Aliases: each must hold a word the matcher can compare, and none may repeat another of this SKU.
  // Two SKUs may share one: the matcher then asks which is meant.
  const seen = new Map<string, string>();
  (sku.aliases ?? []).forEach((alias, i) => {
    const key = aliasKey(alias);
    const path = `sku.aliases[${i}]`;
    if (key === '') issues.push({ path, code: 'VALIDATION', message: `别名“${alias}”里没有文字` });
    else if (seen.has(key)) issues.push({ path, code: 'VALIDATION', message: seen.get(key) === alias ? `别名“${alias}”重复了` : `别名“${alias}”和“${seen.get(key)}”是同一个词` });
    else seen.set(key, alias);
  });
  return issues;
}
