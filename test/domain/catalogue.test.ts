import { skuEditIssues } from '../../cloudfunctions/src/domain/catalogue';
import { withDefaults, DEFAULT_SETTINGS } from '../../cloudfunctions/src/domain/settings';
import { sku } from '../fixtures/catalogue';

describe('SKU edits', () => {
  const siblings = [sku('A001', 'S1', { supplierCode: 'GZ-01', name: '脐橙' }), sku('A002', 'S1', { supplierCode: 'GZ-02' })];

  it('keeps a SKU with its supplier', () => {
    const issues = skuEditIssues(sku('A001', 'S2'), siblings[0]!, []);
    expect(issues.map((i) => i.path)).toEqual(['sku.supplierId']);
  });

  it('maps a supplier\'s own code to one unified code only', () => {
    const issues = skuEditIssues(sku('A003', 'S1', { supplierCode: 'GZ-01' }), null, siblings);
    expect(issues.map((i) => i.message)).toEqual(['供应商商品编码 GZ-01 已对应商品 A001（脐橙）']);
    expect(skuEditIssues(sku('A001', 'S1', { supplierCode: 'GZ-01' }), siblings[0]!, siblings)).toEqual([]);
  });
});

describe('settings from an older release', () => {
  it('take the default of every field they lack', () => {
    expect(withDefaults({ warningLine: 3 })).toEqual({ ...DEFAULT_SETTINGS, warningLine: 3 });
    expect(withDefaults(null)).toEqual(DEFAULT_SETTINGS);
    expect(withDefaults({ tiers: { maxReportAgeHours: { hot: 1 } } } as never).tiers.maxReportAgeHours).toEqual({ hot: 1, normal: 12, longTail: 36 });
  });
});
