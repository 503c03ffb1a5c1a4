// Issue 5 in the browser: a leader's order takes a SKU down to its warning line and
// the supplier finds the alert in the inbox.
import type { Session } from './session';

export function lowStockInbox(session: () => Session): void {
  it('stock falls below the warning line after an order and the supplier\'s inbox shows the alert', async () => {
    const s = session();
    const { page } = s;
    // 安慕希: 36 on hand, 8 held back → 28 sellable; an order of 18 leaves 10, the warning line.
    await s.signInAs('陈阿姨');
    await s.card('伊利安慕希原味酸奶', '205g×12瓶').getByText('加入订单').click();
    await page.getByText(/^去下单/).click();
    const line = page.locator('.hz-cart-line:visible').filter({ hasText: '安慕希' });
    const qty = line.locator('.hz-qty input');
    await qty.fill('18');
    await qty.blur();
    await page.locator('.hz-submit-order:visible').click();
    await page.locator('.hz-placed:visible').getByText(/^下单成功/).waitFor();
    expect(await s.sellable('HZ1004')).toBe(10);

    await s.switchUser('冷链仓小赵');
    await page.locator('.hz-inbox-badge:visible').waitFor();
    await page.locator('.hz-inbox-entry:visible').click();
    const alert = page.locator('.hz-alert--lowStock:visible').first();
    await alert.getByText('伊利安慕希原味酸奶（205g×12瓶）可售只剩 10 件，已到预警线 10').waitFor();
    expect(await alert.evaluate((el) => el.classList.contains('hz-alert--unread'))).toBe(true);
  }, 90_000);
}
