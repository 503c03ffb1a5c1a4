import type { Issue } from './errors';
import type { Sku } from './model';

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
  return issues;
}
