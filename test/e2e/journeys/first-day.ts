// Issue 2, as people use it: the real `npm start` (H5 build + self-hosted server on
// SQLite with demo data) in Debian's Chromium at phone width.
//   1. A supplier signs in with a demo identity, sees its SKUs with the last count,
//      enters the morning count and submits.
//   2. A leader sees each SKU's sellable (20% buffer, minus committed) and its freshness.
//   3. The leader orders several SKUs; sellable drops at once; an order another leader
//      outran is refused whole, naming the short line; a submit whose answer was lost
//      on the network is retried with the same key and reserves nothing twice.
import type { Locator } from 'playwright-core';
import { type Session, expectMatch, expectText } from './session';

/** Type the number into a line's quantity box. */
async function setQty(line: Locator, qty: number): Promise<void> {
  const input = line.locator('.hz-qty input');
  await input.fill(String(qty));
  await input.blur();
  expect(await input.inputValue()).toBe(String(qty));
}

export function firstDay(session: () => Session): void {
  it('a supplier reports the morning count from the phone', async () => {
    const { page } = session();
    await session().signInAs('果园老李');
    const row = page.locator('.hz-report-row').filter({ hasText: '赣南脐橙' }).filter({ hasText: '5斤装' });
    await row.getByText(/上次 120 件/).waitFor();
    // The boxes start empty beside the last count: nothing is sent that nobody counted.
    expect(await row.locator('input').inputValue()).toBe('');
    // The demo's opening counts are from last evening's 20:00 report: 4 to 28 hours ago.
    const mandarins = page.locator('.hz-report-row').filter({ hasText: '广西砂糖橘' }).locator('.hz-report-last');
    const lastEvening = /^上次 \d+ 件 · \d+(小时|天)前 · 晚报$/;
    await expectMatch(mandarins, lastEvening);
    await row.locator('input').fill('100');
    await page.locator('.hz-report-row').filter({ hasText: '丹东红颜草莓' }).locator('input').fill('20');
    await page.getByText(/^已填 2\/\d+ 项$/).waitFor();
    await page.getByText('提交报数').click();
    await page.getByText(/已报送/).waitFor();
    await row.getByText(/上次 100 件/).waitFor();
    // An untouched row keeps last evening's time: it was not stamped 刚刚.
    await expectMatch(mandarins, lastEvening);
  }, 60_000);

  it('a leader sees sellable after the buffer, and how fresh the count is', async () => {
    const s = session();
    await s.switchUser('王姐');
    const oranges = s.card('赣南脐橙', '5斤装');
    await expectText(oranges.locator('.hz-sellable'), '80'); // 100 − 20% buffer
    await expectMatch(oranges.locator('.hz-item-formula'), /仓库 100 件 · 防超卖预留 20 件 · 已订未发 0 件/);
    await expectMatch(oranges.locator('.hz-freshness'), /^(刚刚|\d+分钟前) · (早报|晚报|临时报)/);
    await expectText(s.card('丹东红颜草莓', '2斤礼盒').locator('.hz-sellable'), '16');
    // Sold out: folded at the end of the list until asked for.
    await s.page.locator('.hz-soldout-toggle:visible').click();
    await s.card('烟台红富士苹果', '8斤装').getByText('售罄').waitFor();
    await s.page.locator('.hz-soldout-toggle:visible').click();
  }, 60_000);

  it('an order of several SKUs takes stock at once', async () => {
    const s = session();
    const { page } = s;
    await s.card('赣南脐橙', '5斤装').getByText('加入订单').click();
    await s.card('广西砂糖橘', '3斤装').getByText('加入订单').click();
    await page.getByText(/^去下单/).click();
    const oranges = page.locator('.hz-cart-line').filter({ hasText: '赣南脐橙' });
    await oranges.getByPlaceholder('接龙号/昵称（选填）').fill('12号 张阿姨');
    await setQty(oranges, 3);
    await page.getByText('提交订单').click();
    await page.locator('.hz-placed').getByText(/^下单成功/).waitFor();
    expect(await s.sellable('HZ2001')).toBe(77);
    await page.getByText('去选货').click();
    await expectText(s.card('赣南脐橙', '5斤装').locator('.hz-sellable'), '77');
  }, 60_000);

  it('an order another leader outran is refused whole, naming the short line', async () => {
    const s = session();
    const { page } = s;
    await s.card('丹东红颜草莓', '2斤礼盒').getByText('加入订单').click();
    await s.card('赣南脐橙', '5斤装').getByText('加入订单').click();
    await page.getByText(/^去下单/).click();
    const strawberries = page.locator('.hz-cart-line').filter({ hasText: '丹东红颜草莓' });
    await setQty(strawberries, 12);
    // Meanwhile another leader takes 10 of the 16 strawberries.
    const taken = await s.api('leader', 'placeOrder', { idempotencyKey: 'other-leader-0001', lines: [{ skuId: 'HZ2005', qty: 10 }] }, 'DEMO-L02');
    expect(taken.ok).toBe(true);
    await page.getByText('提交订单').click();
    await strawberries.getByText('库存不足：可售 6 件').waitFor();
    await page.getByText(/库存不足，整单未提交/).waitFor();
    expect(await s.sellable('HZ2001')).toBe(77);
    expect(await s.sellable('HZ2005')).toBe(6);
  }, 60_000);

  it('a submit whose answer is lost is retried with the same key and reserves nothing twice', async () => {
    const s = session();
    const { page } = s;
    await page.locator('.hz-cart-line').filter({ hasText: '丹东红颜草莓' }).getByText('改为可售数量').click();
    let dropped = false;
    await page.route('**/api/leader', async (route) => {
      const body = route.request().postDataJSON() as { action?: string };
      if (body.action === 'placeOrder' && !dropped) {
        dropped = true;
        await route.fetch(); // the server takes the order…
        await route.abort('connectionreset'); // …and the phone never hears back
        return;
      }
      await route.continue();
    });
    await page.getByText('提交订单').click();
    await page.getByText('重新提交', { exact: true }).waitFor();
    expect(await s.sellable('HZ2005')).toBe(0);
    await page.getByText('重新提交', { exact: true }).click();
    await page.locator('.hz-placed').getByText(/只下了一次/).waitFor();
    expect(await s.sellable('HZ2005')).toBe(0);
    expect(await s.sellable('HZ2001')).toBe(76);
    await page.unroute('**/api/leader');
  }, 60_000);
}
