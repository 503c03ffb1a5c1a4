// Issue 12 item 8 in the browser: the words on every visible button and tag are readable
// against what is actually behind them (WCAG AA, 4.5:1), on the leader's, the supplier's
// and the operator's pages as Chromium draws them — NutUI's theme, Taro's H5 <button> and the
// app's own classes together. Also item 7: a leader typing more than is sellable is told
// so beside the box, and nothing is changed or ordered until the leader chooses.
import type { Page } from 'playwright-core';
import type { Session } from './session';

/** 2026-11-26 at h:m in Shanghai. */
const at = (h: number, m = 0): number => Date.UTC(2026, 10, 26, h - 8, m);

async function advanceTo(s: Session, to: number): Promise<void> {
  const res = await fetch(`${s.product.url}/api/_test/advance`, {
    method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify({ to }),
  });
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
}

export const AA = 4.5;

/** What the page measured for one piece of text that fails AA. */
interface Unreadable {
  text: string;
  where: string;
  color: string;
  background: string;
  ratio: number;
}

/**
 * Every visible button and tag: each piece of its text, its colour (with the opacity of
 * the element and its ancestors) over its effective background (the translucent layers
 * behind it composited down to the first opaque one; for a gradient, its worst stop).
 */
export function measure(page: Page): Promise<{ checked: string[]; bad: Unreadable[] }> {
  return page.evaluate((aa) => {
    type Rgba = [number, number, number, number];
    const parse = (css: string): Rgba[] =>
      [...css.matchAll(/rgba?\(([^)]+)\)/g)].map((m) => {
        const [r, g, b, a] = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
        return [r!, g!, b!, a ?? 1];
      });
    const over = (top: Rgba, under: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    const luminance = ([r, g, b]: Rgba): number => {
      const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (a: Rgba, b: Rgba): number => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    const hex = (c: Rgba) => `#${c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

    /** The backgrounds behind an element: each candidate is one way the layers may look (gradient stops). */
    const backgroundsOf = (el: Element): Rgba[] => {
      const layers: Rgba[][] = [];
      for (let node: Element | null = el; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        const image = style.backgroundImage.includes('gradient') ? parse(style.backgroundImage) : [];
        const colour = parse(style.backgroundColor)[0] ?? [0, 0, 0, 0];
        if (image.length > 0) layers.push(image);
        else if (colour[3] > 0) layers.push([colour]);
        if ((image.length > 0 && image.every((c) => c[3] >= 1)) || colour[3] >= 1) break;
      }
      let candidates: Rgba[] = [[255, 255, 255, 1]];
      for (const layer of layers.reverse()) candidates = layer.flatMap((c) => candidates.map((under) => over(c, under)));
      return candidates;
    };
    const opacityOf = (el: Element): number => {
      let o = 1;
      for (let node: Element | null = el; node; node = node.parentElement) o *= Number(getComputedStyle(node).opacity);
      return o;
    };
    const visible = (el: Element): boolean => {
      const style = getComputedStyle(el);
      return el.getClientRects().length > 0 && style.visibility !== 'hidden' && Number(style.opacity) > 0;
    };
    const hasOwnText = (el: Element): boolean =>
      Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');

    const found: Unreadable[] = [];
    const checked: string[] = [];
    // Buttons, tags, links, chips and tabs; the words that say what is wrong or short beside a box; muted notes.
    const roots = document.querySelectorAll('.nut-button, .nut-tag, button, [role="button"], .hz-link, .hz-cat, .hz-tab, .hz-field-error, .hz-field-warning, .hz-short-text, .hz-pick-short, .hz-pick-cut-line, .hz-muted');
    for (const root of Array.from(roots)) {
      if (!visible(root)) continue;
      for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
        if (!hasOwnText(el) || !visible(el)) continue;
        const [colour] = parse(getComputedStyle(el).color);
        if (!colour) continue;
        checked.push((el.textContent ?? '').trim());
        for (const background of backgroundsOf(el)) {
          const text = over([colour[0], colour[1], colour[2], colour[3] * opacityOf(el)], background);
          const r = ratio(text, background);
          if (r < aa) {
            found.push({
              text: (el.textContent ?? '').trim().slice(0, 30), where: String(root.className).slice(0, 120),
              color: hex(text), background: hex(background), ratio: Math.round(r * 100) / 100,
            });
          }
        }
      }
    }
    return { checked, bad: found };
  }, AA);
}

/** Every button and tag on the page reads at AA; those named were among them (the check saw them). */
async function expectReadable(page: Page, what: string, seen: string[] = []): Promise<void> {
  await page.waitForTimeout(300);
  const { checked, bad } = await measure(page);
  expect({ page: what, bad }).toEqual({ page: what, bad: [] });
  for (const text of seen) expect({ page: what, seen: checked.some((c) => c.includes(text)) }).toEqual({ page: what, seen: true });
}

/** One row whose description has less than (nearly) the card's width. */
interface Narrow {
  row: string;
  /** The description's column, and the description itself, as a share of the row's inner width. */
  column: number;
  description: number;
  lines: number;
}

/**
 * Issue 12 item 15: each row's description (NutUI Cell's, beside a "›" or a count) has the
 * row's width to itself, not the half NutUI gives its extra. For every visible row: the
 * column holding title and description, as a share of the row's inner width; and a
 * description that wraps must fill that width too. Answers every row measured and the narrow ones.
 */
export function measureDescriptions(page: Page, rows: string, least: number): Promise<{ measured: Array<{ row: string; column: number }>; narrow: Narrow[] }> {
  return page.evaluate(({ rows, least }) => {
    const measured: Array<{ row: string; column: number }> = [];
    const narrow: Narrow[] = [];
    for (const row of Array.from(document.querySelectorAll(rows))) {
      if (row.getClientRects().length === 0) continue;
      const column = row.querySelector('.nut-cell-left');
      const description = row.querySelector('.nut-cell-description');
      if (!column || !description) continue;
      const style = getComputedStyle(row);
      const inner = row.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const share = (el: Element) => Math.round((el.getBoundingClientRect().width / inner) * 100) / 100;
      const lineHeight = parseFloat(getComputedStyle(description).lineHeight) || 20;
      const lines = Math.round(description.getBoundingClientRect().height / lineHeight);
      const name = (row.querySelector('.nut-cell-title')?.textContent ?? '').trim();
      measured.push({ row: name, column: share(column) });
      if (share(column) < least || (lines > 1 && share(description) < least)) {
        narrow.push({ row: name, column: share(column), description: share(description), lines });
      }
    }
    return { measured, narrow };
  }, { rows, least });
}

async function open(s: Session, path: string, ready: string): Promise<void> {
  // A fresh load of the page (a hash change alone is not always followed by Taro's router).
  await s.page.goto(`${s.product.url}/#${path}`);
  await s.page.reload();
  try {
    await s.page.locator(`${ready}:visible`).first().waitFor();
  } catch (e) {
    throw new Error(`${path}: no ${ready} on ${s.page.url()}:\n${(await s.page.locator('body').innerText()).slice(0, 600)}`, { cause: e });
  }
}

export function contrastAndQuantities(session: () => Session): void {
  it('a leader typing more than is sellable is told so beside the box; nothing changes or is ordered until the leader chooses', async () => {
    const s = session();
    const { page } = s;
    await advanceTo(s, at(10));
    await s.signInAs('王姐');
    const sellable = await s.sellable('HZ2005');
    await s.card('丹东红颜草莓', '2斤礼盒').getByText('加入订单').click();
    await page.getByText(/^去下单/).click();
    const line = page.locator('.hz-cart-line:visible').filter({ hasText: '丹东红颜草莓' });
    const box = line.locator('.hz-qty input');
    await box.fill('100');
    await box.blur();

    await line.getByText(`可售只有 ${sellable} 件`).waitFor();
    expect(await box.inputValue()).toBe('100');
    const submit = page.locator('.hz-submit-order:visible');
    expect((await submit.innerText()).trim()).toBe('还有 1 行要改');
    await submit.click({ force: true });
    await page.waitForTimeout(500);
    expect(await s.sellable('HZ2005')).toBe(sellable);
    expect(await page.locator('.hz-placed:visible').count()).toBe(0);
    await expectReadable(page, '提交订单（数量超出可售）', ['还有 1 行要改', '改为可售数量', `可售只有 ${sellable} 件`, '删除']);

    // A decimal is refused the same way, never rounded.
    await box.fill('3.5');
    await box.blur();
    await line.getByText('请填整数件数，不能有小数（3.5）').waitFor();
    expect(await box.inputValue()).toBe('3.5');

    await box.fill('100');
    await line.getByText('改为可售数量').click();
    expect(await box.inputValue()).toBe(String(sellable));
    await submit.getByText('提交订单').waitFor();
  }, 90_000);

  it('the leader\'s pages: every visible button and tag reads at 4.5:1', async () => {
    const s = session();
    const { page } = s;
    await open(s, '/pages/leader/availability/index', '.hz-item');
    await page.locator('.hz-soldout-toggle:visible').click();
    await expectReadable(page, '可售库存', ['加入订单', '售罄', '全部 30']);

    // 店铺库存 (from the link bar): a 快团团 listing with the number to type, 复制, 已改 and 取消关联.
    const linked = await s.api('leader', 'linkListing', { skuId: 'HZ2001', storefront: 'ktt', shareKind: 'equal' }, 'DEMO-L01');
    expect(linked.ok).toBe(true);
    const availabilityStatuses: number[] = [];
    const noteAvailability = (r: import('playwright-core').Response) => {
      if (r.url().endsWith('/api/leader') && r.request().postData()?.includes('"availability"')) availabilityStatuses.push(r.status());
    };
    page.on('response', noteAvailability);
    await page.locator('.hz-link-listings:visible').click();
    await page.locator('.hz-listing:visible').first().waitFor();
    await expectReadable(page, '店铺库存', ['复制', '已改', '取消关联']);
    // Back on 可售库存 it asks again; nothing changed, so the server answers 304 and the page shows what it had.
    await page.goBack();
    await page.locator('.hz-item:visible').first().waitFor();
    for (const until = Date.now() + 10_000; !availabilityStatuses.includes(304) && Date.now() < until;) await page.waitForTimeout(100);
    expect(availabilityStatuses).toContain(304);
    page.off('response', noteAvailability);
    await expectReadable(page, '可售库存（304 之后）', ['加入订单']);

    // A refusal: 移除此商品 and the refusal's words (another leader took the last strawberries).
    await open(s, '/pages/leader/order/index', '.hz-cart-line');
    const strawberries = await s.sellable('HZ2005');
    const taken = await s.api('leader', 'placeOrder', { idempotencyKey: 'contrast-other-0001', lines: [{ skuId: 'HZ2005', qty: strawberries }] }, 'DEMO-L02');
    expect(taken.ok).toBe(true);
    await page.locator('.hz-submit-order:visible').click();
    await page.locator('.hz-cart-line:visible').getByText('移除此商品').waitFor();
    await expectReadable(page, '提交订单（库存不足）', ['移除此商品', '库存不足：可售 0 件']);
    await page.locator('.hz-cart-line:visible').getByText('移除此商品').click();

    // A placed order in 我的订单, and the cancel confirmation.
    expect((await s.api('leader', 'placeOrder', {
      idempotencyKey: 'contrast-wang-0001', lines: [{ skuId: 'HZ2001', qty: 4, customer: '3号 王阿姨' }, { skuId: 'HZ1001', qty: 2 }],
    }, 'DEMO-L01')).ok).toBe(true);
    await open(s, '/pages/orders/mine/index', '.hz-my-line');
    await expectReadable(page, '我的订单', ['改数量', '取消', '已下单']);
    const first = page.locator('.hz-my-line:visible').first();
    await first.locator('.hz-cancel-line').click();
    await first.locator('.hz-cancel-confirm').waitFor();
    await expectReadable(page, '我的订单（取消确认）', ['确认取消', '不取消']);
    await first.getByText('不取消').click();

    // After cutoff the supplier is short: 缺货处理, and the refund's confirmation.
    await advanceTo(s, at(22));
    const confirmed = await s.api('supplier', 'confirmWave', {
      waveId: 'S02_2026-11-26', skus: [{ skuId: 'HZ2001', shipQty: 1 }, { skuId: 'HZ2005', shipQty: strawberries }],
    }, 'DEMO-S02');
    expect(confirmed.ok || confirmed.error).toBe(true);
    await open(s, '/pages/orders/tasks/index', '.hz-task--open');
    await expectReadable(page, '缺货处理', ['选这个替代品', '退款+优惠券', '记录已联系']);
    await page.locator('.hz-task-refund-button:visible').click();
    await page.locator('.nut-dialog:visible').getByText('确认退款？').waitFor();
    await expectReadable(page, '缺货处理（退款确认）', ['再想想']);
    await page.locator('.nut-dialog:visible').getByText('再想想').click();
    await open(s, '/pages/orders/mine/index', '.hz-my-line');
    await expectReadable(page, '我的订单（缺货）', ['缺 3 件']);
  }, 120_000);

  it('the supplier\'s pages: the report (a typed box, 与上次相同) and the wave after a shortage read at 4.5:1', async () => {
    const s = session();
    const { page } = s;
    await s.switchUser('果园老李');
    await open(s, '/pages/supplier/report/index', '.hz-report-row');
    const oranges = page.locator('.hz-report-row:visible').filter({ hasText: '赣南脐橙' }).first();
    await oranges.locator('input').fill('1');
    await page.locator('.hz-report-row:visible').filter({ hasText: '广西砂糖橘' }).locator('.hz-same-as-last').click();
    await expectReadable(page, '报数', ['提交报数', '全部与上次相同', '与上次相同', '历史']);
    await open(s, '/pages/wave/detail/index?waveId=S02_2026-11-26', '.hz-pick-row');
    await expectReadable(page, '拣货单（已确认）', ['标记已发货', '按商品', '按团长发货', '已确认']);
    await page.locator('.hz-tab:visible').filter({ hasText: '按团长发货' }).click();
    await expectReadable(page, '按团长发货', ['按团长发货', '自提点']);
    // Back where the phone can be handed on (切换身份).
    await open(s, '/pages/supplier/report/index', '.hz-report-row');
  }, 90_000);

  it('the operator\'s pages: every visible button and tag reads at 4.5:1, 已逾期 included', async () => {
    const s = session();
    const { page } = s;
    // 鲜丰冷链仓 has not confirmed 王姐's rice by its 23:00 deadline.
    await advanceTo(s, at(23, 5));
    await s.switchUser('周晓（运营）');
    await open(s, '/pages/operator/waves/index', '.hz-wave-card');
    await page.locator('.hz-overdue-tag:visible').first().waitFor();
    await expectReadable(page, '波次（运营）', ['已逾期']);
    // The home's links: each description has (nearly) the whole row, beside its "›" or count.
    await open(s, '/pages/operator/home/index', '.hz-op-link');
    await page.waitForTimeout(300);
    const widths = await measureDescriptions(page, '.hz-op-link', 0.8);
    expect(widths.measured.length).toBeGreaterThanOrEqual(10);
    expect(widths.narrow).toEqual([]);
    for (const [path, ready, name] of [
      ['/pages/operator/home/index', '.hz-stat', '工作台'],
      ['/pages/operator/skus/index', '.hz-card', '商品'],
      ['/pages/operator/suppliers/index', '.hz-card', '供应商'],
      ['/pages/operator/people/index', '.hz-card', '人员'],
      ['/pages/operator/settings/index', '.nut-button', '规则设置'],
      ['/pages/operator/tasks/index', '.hz-card', '缺货任务'],
      ['/pages/inbox/index', '.hz-page', '消息'],
      ['/pages/leader/availability/index', '.hz-item', '可售库存（运营）'],
    ] as const) {
      await open(s, path, ready);
      await expectReadable(page, name);
    }
  }, 120_000);
}
