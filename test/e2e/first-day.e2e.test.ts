// The foundation, as people use it: the real `npm start` (H5 build + self-hosted server
// on SQLite with demo data) driven in Debian's Chromium at phone width.
//   1. A supplier signs in with a demo identity, sees its SKUs with the last count,
//      enters the morning count and submits.
//   2. A leader sees each SKU's sellable (20% buffer, minus committed) and its freshness.
//   3. The leader orders several SKUs; sellable drops at once; an order another leader
//      outran is refused whole, naming the short line; a submit whose answer was lost
//      on the network is retried with the same key and reserves nothing twice.
import type { Page } from 'playwright-core';
import type { Result } from '../../cloudfunctions/src/domain/errors';
import type { AvailabilityItem } from '../../cloudfunctions/src/handlers/api-types';
import { type PhoneBrowser, openPhone } from '../support/browser';
import { type ProductProcess, startProduct } from '../support/product-process';

let product: ProductProcess;
let phone: PhoneBrowser;
let page: Page;

beforeAll(async () => {
  product = await startProduct('start');
  phone = await openPhone();
  page = await phone.context.newPage();
  page.setDefaultTimeout(15_000);
}, 300_000);

afterAll(async () => {
  await phone?.close();
  await product?.stop();
});

async function api<T>(fn: string, action: string, payload: unknown, token?: string): Promise<Result<T>> {
  const res = await fetch(`${product.url}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ action, payload }),
  });
  return (await res.json()) as Result<T>;
}

async function sellableViaApi(skuId: string): Promise<number> {
  const signIn = await api<{ token: string }>('account', 'signIn', { inviteCode: 'DEMO-OP' });
  if (!signIn.ok) throw new Error(signIn.error.message);
  const items = await api<AvailabilityItem[]>('leader', 'availability', {}, signIn.data.token);
  if (!items.ok) throw new Error(items.error.message);
  return items.data.find((i) => i.skuId === skuId)!.sellable;
}

/** The availability card of one SKU (name + spec identify a variant). */
const card = (name: string, spec: string) => page.locator('.hz-item').filter({ hasText: name }).filter({ hasText: spec });

async function signInAs(name: string): Promise<void> {
  await page.goto(product.url);
  await page.getByText(name, { exact: true }).click();
}

async function switchUser(): Promise<void> {
  await page.getByText('切换身份').click();
  await page.getByText('演示账号').waitFor();
}

describe('first day on the self-hosted product', () => {
  it('a supplier reports the morning count from the phone', async () => {
    await signInAs('果园老李');
    const row = page.locator('.hz-report-row').filter({ hasText: '赣南脐橙' }).filter({ hasText: '5斤装' });
    await row.getByText('上次 120 件').waitFor();
    await row.locator('input').fill('100');
    const strawberries = page.locator('.hz-report-row').filter({ hasText: '丹东红颜草莓' });
    await strawberries.locator('input').fill('20');
    await page.getByText('提交报数').click();
    await page.getByText(/已报送/).waitFor();
    await row.getByText('上次 100 件').waitFor();
  }, 60_000);

  it('a leader sees sellable after the buffer, and how fresh the count is', async () => {
    await switchUser();
    await page.getByText('王姐', { exact: true }).click();
    const oranges = card('赣南脐橙', '5斤装');
    await expectText(oranges.locator('.hz-sellable'), '80'); // 100 − 20% buffer
    await expectText(oranges.locator('.hz-item-formula'), '现货 100 − 安全库存 20 − 已占用 0');
    await expectMatch(oranges.locator('.hz-freshness'), /^(刚刚|\d+分钟前) · (早报|晚报|临时报)$/);
    await expectText(card('丹东红颜草莓', '2斤礼盒').locator('.hz-sellable'), '16');
    await card('烟台红富士苹果', '8斤装').getByText('售罄').waitFor();
  }, 60_000);

  it('an order of several SKUs takes stock at once', async () => {
    await card('赣南脐橙', '5斤装').getByText('加入订单').click();
    await card('广西砂糖橘', '3斤装').getByText('加入订单').click();
    await page.getByText(/^去下单/).click();
    const oranges = page.locator('.hz-cart-line').filter({ hasText: '赣南脐橙' });
    await oranges.getByPlaceholder('接龙号/昵称（选填）').fill('12号 张阿姨');
    await setQty(oranges, 3);
    await page.getByText('提交订单').click();
    await page.locator('.hz-placed').getByText(/^下单成功/).waitFor();
    expect(await sellableViaApi('HZ2001')).toBe(77);
    await page.getByText('去选货').click();
    await expectText(card('赣南脐橙', '5斤装').locator('.hz-sellable'), '77');
  }, 60_000);

  it('an order another leader outran is refused whole, naming the short line', async () => {
    await card('丹东红颜草莓', '2斤礼盒').getByText('加入订单').click();
    await card('赣南脐橙', '5斤装').getByText('加入订单').click();
    await page.getByText(/^去下单/).click();
    const strawberries = page.locator('.hz-cart-line').filter({ hasText: '丹东红颜草莓' });
    await setQty(strawberries, 12);
    // Meanwhile another leader takes 10 of the 16 strawberries.
    const other = await api<{ token: string }>('account', 'signIn', { inviteCode: 'DEMO-L02' });
    const taken = await api('leader', 'placeOrder', { idempotencyKey: 'other-leader-0001', lines: [{ skuId: 'HZ2005', qty: 10 }] }, other.ok ? other.data.token : '');
    expect(taken.ok).toBe(true);
    await page.getByText('提交订单').click();
    await strawberries.getByText('库存不足：可售 6 件').waitFor();
    await page.getByText(/库存不足，整单未提交/).waitFor();
    // Nothing of the refused order was reserved, oranges included.
    expect(await sellableViaApi('HZ2001')).toBe(77);
    expect(await sellableViaApi('HZ2005')).toBe(6);
  }, 60_000);

  it('a submit whose answer is lost is retried with the same key and reserves nothing twice', async () => {
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
    expect(await sellableViaApi('HZ2005')).toBe(0);
    await page.getByText('重新提交', { exact: true }).click();
    await page.locator('.hz-placed').getByText(/只下了一次/).waitFor();
    expect(await sellableViaApi('HZ2005')).toBe(0);
    expect(await sellableViaApi('HZ2001')).toBe(76);
    await page.unroute('**/api/leader');
  }, 60_000);
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
  expect((await locator.first().innerText()).trim()).toBe(text);
}

async function expectMatch(locator: ReturnType<Page['locator']>, pattern: RegExp): Promise<void> {
  await locator.first().waitFor();
  expect((await locator.first().innerText()).trim()).toMatch(pattern);
}

/** NutUI's stepper: type the number into its input. */
async function setQty(line: ReturnType<Page['locator']>, qty: number): Promise<void> {
  const input = line.locator('.hz-qty input');
  await input.fill(String(qty));
  await input.blur();
  expect(await input.inputValue()).toBe(String(qty));
}
