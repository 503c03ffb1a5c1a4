// What every browser journey needs: a running product, a phone-width page on it,
// and a side door to the same HTTP API for what another person does meanwhile.
import type { Locator, Page } from 'playwright-core';
import type { Result } from '../../../cloudfunctions/src/domain/errors';
import type { AvailabilityItem } from '../../../cloudfunctions/src/contract/api';
import { type PhoneBrowser, openPhone } from '../../support/browser';
import type { ProductProcess } from '../../support/product-process';

export class Session {
  page!: Page;
  private phone!: PhoneBrowser;
  private tokens = new Map<string, string>();

  constructor(readonly product: ProductProcess) {}

  async open(): Promise<void> {
    this.phone = await openPhone();
    this.page = await this.phone.context.newPage();
    this.page.setDefaultTimeout(15_000);
  }

  async close(): Promise<void> {
    await this.phone?.close();
  }

  async api<T>(fn: string, action: string, payload: unknown, inviteCode?: string): Promise<Result<T>> {
    const token = inviteCode ? await this.tokenFor(inviteCode) : undefined;
    const res = await fetch(`${this.product.url}/api/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ action, payload }),
    });
    return (await res.json()) as Result<T>;
  }

  private async tokenFor(inviteCode: string): Promise<string> {
    if (!this.tokens.has(inviteCode)) {
      const res = await this.api<{ token: string }>('account', 'signIn', { inviteCode });
      if (!res.ok) throw new Error(res.error.message);
      this.tokens.set(inviteCode, res.data.token);
    }
    return this.tokens.get(inviteCode)!;
  }

  async sellable(skuId: string): Promise<number> {
    const items = await this.api<AvailabilityItem[]>('leader', 'availability', {}, 'DEMO-OP');
    if (!items.ok) throw new Error(items.error.message);
    return items.data.find((i) => i.skuId === skuId)!.sellable;
  }

  /** The availability card of one SKU (name + spec identify a variant), on the visible page. */
  card(name: string, spec: string): Locator {
    return this.page.locator('.hz-item:visible').filter({ hasText: name }).filter({ hasText: spec });
  }

  async signInAs(name: string): Promise<void> {
    await this.page.goto(this.product.url);
    await this.page.getByText(name, { exact: true }).click();
    await this.signedIn(name);
  }

  /** Signing in is a call and then a relaunch: wait for the person's own home, or a later goto races it. */
  private async signedIn(name: string): Promise<void> {
    await this.page.locator('.hz-userbar-name:visible').filter({ hasText: `${name} · ` }).first().waitFor();
  }

  /** Hand the phone to someone else: from a top-level page its 切换身份, else a fresh start. */
  async switchUser(name: string): Promise<void> {
    const switcher = this.page.locator('.hz-userbar-switch:visible');
    if (await switcher.count()) {
      await switcher.click();
      await this.page.getByText('演示账号').waitFor();
      await this.page.getByText(name, { exact: true }).click();
      await this.signedIn(name);
      return;
    }
    await this.page.evaluate(() => localStorage.clear());
    await this.signInAs(name);
  }
}

export async function expectText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
  expect((await locator.first().innerText()).trim()).toBe(text);
}

export async function expectMatch(locator: Locator, pattern: RegExp): Promise<void> {
  await locator.first().waitFor();
  expect((await locator.first().innerText()).trim()).toMatch(pattern);
}
