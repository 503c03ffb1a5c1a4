// 盘点对账 in the browser (DESIGN §8a): the operator opens a stocktake for the fruit farm;
// the supplier finds it from its report page, counts blind (every box empty, no book
// figure), explains the variance that needs it and confirms; the operator approves, and
// the counted figures are the stock a leader sells from.
import { type Session, expectMatch } from './session';

/** The fruit farm's ten listed SKUs, as the supplier counts them: the navel oranges 100 against a book of 120. */
const COUNTS: Record<string, string> = {
  '赣南脐橙 5斤装 果径75-80mm': '100',
  '赣南脐橙 10斤装 果径80-85mm': '40',
  '广西砂糖橘 3斤装': '85',
  '四川沃柑 5斤装': '60',
  '丹东红颜草莓 2斤礼盒': '8',
  '海南贵妃芒 5斤装': '30',
  '阿克苏冰糖心苹果 5斤装 果径80mm+': '70',
  '库尔勒香梨 5斤装': '45',
  '云南蓝莓 125g×4盒': '24',
  '烟台红富士苹果 8斤装': '0',
};

export function stocktake(session: () => Session): void {
  it('the operator opens a stocktake for 赣南果园直供', async () => {
    const s = session();
    const { page } = s;
    await s.signInAs('周晓（运营）');
    await page.locator('.hz-op-link--stocktakes:visible').click();
    const openBox = page.locator('.hz-stk-open:visible');
    await openBox.locator('.hz-supplier-option').filter({ hasText: '赣南果园直供' }).click();
    await openBox.locator('.hz-stk-open-button').click();
    await page.locator('.hz-stk:visible .hz-page-title').filter({ hasText: '赣南果园直供 · 盘点对账' }).waitFor();
  }, 90_000);

  it('the supplier counts blind, explains the short oranges and confirms', async () => {
    const s = session();
    const { page } = s;
    await s.switchUser('果园老李');
    const link = page.locator('.hz-link-stocktakes:visible');
    await link.locator('.hz-stocktakes-badge').filter({ hasText: '1 待盘点' }).waitFor();
    await link.click();
    await page.locator('.hz-stk-card:visible').first().click();
    await page.getByText(/请清点仓库里每个商品的实物件数/).first().waitFor();

    // Blind: every box empty, no book figure anywhere on the page.
    const boxes = Object.keys(COUNTS).map((name) => page.locator(`input[aria-label="${name} 实盘数"]:visible`));
    for (const box of boxes) await box.waitFor();
    expect(await page.locator('.hz-stk-count-row:visible').count()).toBe(10);
    expect(await Promise.all(boxes.map((b) => b.inputValue()))).toEqual(Array(10).fill(''));
    expect(await page.locator('.hz-stk-book:visible, .hz-stk-figure:visible').count()).toBe(0);
    expect(await page.getByText('120', { exact: true }).locator('visible=true').count()).toBe(0); // the oranges' book

    for (const [name, count] of Object.entries(COUNTS)) {
      const box = page.locator(`input[aria-label="${name} 实盘数"]:visible`);
      await box.fill(count);
      expect(await box.inputValue()).toBe(count);
    }
    await page.getByText('已填 10/10 项').locator('visible=true').waitFor();
    await page.locator('.hz-stk-submit:visible').click();

    // Now each count stands beside its book figure; the oranges are short and need a reason.
    const orange = page.locator('.hz-stk-row:visible').filter({ hasText: '赣南脐橙' }).filter({ hasText: '5斤装' });
    await orange.locator('.hz-stk-book').waitFor();
    expect(await page.locator('.hz-stk-count-row:visible').count()).toBe(0);
    expect(await page.locator('.hz-stk-row:visible').count()).toBe(10);
    expect(await page.locator('.hz-stk-row:visible .hz-stk-variance').count()).toBe(10);
    await expectMatch(orange.locator('.hz-stk-counted .hz-stk-figure-value'), /^100$/);
    await expectMatch(orange.locator('.hz-stk-variance .hz-stk-figure-value'), /^-\d/);
    await orange.getByText('差异原因（必选）').waitFor();
    await orange.locator('.hz-stk-chip').filter({ hasText: '损坏' }).click();
    await orange.locator('.hz-stk-chip--active').filter({ hasText: '损坏' }).waitFor();
    // Any other line the estimate put off the threshold is explained the same way.
    const needs = page.locator('.hz-stk-row--needs:visible');
    for (let i = 0; i < await needs.count(); i++) {
      const row = needs.nth(i);
      if (!(await row.locator('.hz-stk-chip--active').count())) await row.locator('.hz-stk-chip').filter({ hasText: '损坏' }).click();
    }

    await page.locator('.hz-stk-confirm:visible').click();
    const ask = page.locator('.nut-dialog:visible').filter({ hasText: '确认盘点？' });
    await ask.locator('.nut-button').filter({ hasText: '确认盘点' }).click();
    await page.getByText('已确认，等待运营审核。').locator('visible=true').waitFor();
  }, 120_000);

  it('the operator approves, and the counted 100 oranges are the stock', async () => {
    const s = session();
    const { page } = s;
    await s.switchUser('周晓（运营）');
    await page.locator('.hz-op-link--stocktakes:visible').click();
    await page.locator('.hz-stk-card:visible').filter({ hasText: '赣南果园直供' }).first().click();
    await page.getByText('供应商已确认，请核对差异和原因后审核。').locator('visible=true').waitFor();
    await page.locator('.hz-stk-approve:visible').click();
    const ask = page.locator('.nut-dialog:visible').filter({ hasText: '审核通过？' });
    await ask.getByText(/这 10 个商品的实盘数将成为新的库存数/).waitFor();
    await ask.locator('.nut-button').filter({ hasText: '审核通过并入账' }).click();
    await page.getByText('已审核通过，实盘数已作为新的库存数入账。').locator('visible=true').waitFor();

    const items = await s.api<Array<{ skuId: string; onHand: number; sellable: number }>>('leader', 'availability', {}, 'DEMO-OP');
    if (!items.ok) throw new Error(items.error.message);
    expect(items.data.find((i) => i.skuId === 'HZ2001')?.onHand).toBe(100);
    expect(await s.sellable('HZ2001')).toBe(80); // 100 − 20% buffer

    // And a leader sells from it.
    await s.switchUser('王姐');
    await expectMatch(s.card('赣南脐橙', '5斤装').locator('.hz-item-formula'), /仓库 100 件/);
  }, 90_000);
}
