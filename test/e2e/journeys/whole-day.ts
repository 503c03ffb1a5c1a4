// Issue 4 in the browser, the whole day with the server's clock driven by the test:
// a leader pastes the group's 接龙 list and orders; cutoff closes the waves; the
// supplier confirms with a shortage (cut from the latest-placed line); the leader puts
// the short line right with a substitute, reserved like any order.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { type Session, expectText } from './session';

/** 2026-11-26 at h:m in Shanghai. */
export const shanghai = (h: number, m = 0): number => Date.UTC(2026, 10, 26, h - 8, m);

async function advanceTo(s: Session, to: number): Promise<void> {
  const res = await fetch(`${s.product.url}/api/_test/advance`, {
    method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify({ to }),
  });
  const body = (await res.json()) as { ok: boolean };
  expect(body.ok).toBe(true);
}

export function wholeDay(session: () => Session): void {
  it('a leader pastes the group\'s 接龙 list, corrects what did not match, and orders', async () => {
    const s = session();
    const { page } = s;
    // Another group ordered oranges this morning, before ours.
    await advanceTo(s, shanghai(10));
    expect((await s.api('leader', 'placeOrder', { idempotencyKey: 'other-group-morning', lines: [{ skuId: 'HZ2001', qty: 3, customer: '8号 老周' }] }, 'DEMO-L02')).ok).toBe(true);
    await advanceTo(s, shanghai(20, 30));

    await s.signInAs('王姐');
    await page.getByText(/^去下单/).click();
    await page.locator('.hz-jl-open:visible').click();
    await page.locator('textarea[aria-label="接龙内容"]:visible').fill('#接龙\n11月26日 阳光小区 团购 截单22:00\n1. 张三 脐橙5斤×2\n2. 李四🍓 草莓 1份\n3. 王五 榴莲 2份\n');
    await page.locator('.hz-jl-parse:visible').click();
    const preview = page.locator('.hz-jl-preview:visible');
    await preview.locator('.hz-jl-matched').first().waitFor();
    expect(await preview.locator('.hz-jl-matched').count()).toBe(2);
    const durian = preview.locator('.hz-jl-unmatched').filter({ hasText: '王五' });
    await durian.locator('.hz-jl-skip').click(); // we do not sell durian: left out on purpose, not dropped silently
    await preview.locator('.hz-jl-add').click();
    const oranges = page.locator('.hz-cart-line:visible').filter({ hasText: '赣南脐橙' });
    await oranges.waitFor();
    expect(await oranges.getByPlaceholder('接龙号/昵称（选填）').inputValue()).toBe('1号 张三');
    await page.locator('.hz-submit-order:visible').click();
    await page.locator('.hz-placed:visible').getByText(/^下单成功/).waitFor();
  }, 90_000);

  it('cutoff closes the day into waves; the supplier confirms what it really has, and the shortage is cut from the latest line', async () => {
    const s = session();
    const { page } = s;
    await advanceTo(s, shanghai(22, 0)); // the scheduler's cutoff job runs on the way
    await s.switchUser('果园老李');
    await page.locator('.hz-link-waves:visible').click();
    await page.locator('.hz-wave-card:visible').first().click();
    const oranges = page.locator('.hz-pick-row:visible').filter({ hasText: '赣南脐橙' }).filter({ hasText: '5斤装' });
    await expectText(oranges.locator('.hz-pick-total-number'), '5');
    await page.locator('.hz-rule-text:visible').getByText('缺货时从最晚下单的订单行开始扣减').waitFor();
    const shipBox = oranges.locator('input[aria-label$="可发数量"]');
    await shipBox.fill('3');
    await shipBox.blur();
    await page.locator('.hz-confirm-wave:visible').click();
    // The consequence is named before anything is done.
    const ask = page.locator('.hz-wave-ask:visible');
    await ask.getByText(/^缺 2 件（1 个商品）：从最晚下单的订单开始扣减/).waitFor();
    await ask.getByText('确认提交').click();
    await page.locator('.hz-wave-status:visible').getByText('已确认').waitFor();
    await oranges.getByText('缺 2 件', { exact: true }).waitFor();
    // 张三's 2 oranges (placed last) were cut: 王姐 packs none of them.
    await oranges.locator('.hz-pick-leader').filter({ hasText: '王姐' }).getByText('订 2 · 缺 2 · 应发 0 件').waitFor();
    await oranges.getByText(/^已扣减：1号 张三/).waitFor();
  }, 90_000);

  it('the packer exports the pick list after the shortage: per leader where it goes and what to pack', async () => {
    const { page } = session();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.hz-export:visible').click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(await download.path()) as never);
    const sheet = book.getWorksheet('王姐 阳光小区');
    expect(sheet).toBeDefined();
    const rows = sheet!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows).toContainEqual(['自提点', '阳光小区 3号楼 便利店']);
    expect(rows).toContainEqual(['电话', '13800001001']);
    const oranges = rows.find((r) => r[0] === '1号 张三' && String(r[2]).includes('赣南脐橙'))!;
    expect(oranges.slice(-3)).toEqual([2, 2, 0]);
    expect(oranges[5]).toBe('HZ2001');
    const byLeader = book.getWorksheet('按团长分拣')!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(byLeader.find((r) => r[0] === '王姐' && r[3] === 'HZ2001')?.slice(-3)).toEqual([2, 2, 0]);
    expect(byLeader.find((r) => r[0] === '小刘' && r[3] === 'HZ2001')?.slice(-3)).toEqual([3, 0, 3]);
    // One sheet per leader, printable on A4.
    expect(sheet!.pageSetup.paperSize).toBe(9);
  }, 60_000);

  it('the leader of the short line picks a substitute, reserved at once, and the task is closed', async () => {
    const s = session();
    const { page } = s;
    await s.switchUser('王姐');
    await page.locator('.hz-link-tasks:visible').click();
    const task = page.locator('.hz-task--open:visible').filter({ hasText: '1号 张三' });
    await task.waitFor();
    const open = await s.api<Array<{ substitutes: Array<{ skuId: string }> }>>('leader', 'tasks', { status: 'open' }, 'DEMO-L01');
    const top = open.ok ? open.data[0]!.substitutes[0]!.skuId : '';
    const before = await s.sellable(top);
    await task.locator('.hz-sub-choose').first().click(); // the top-ranked substitute
    // Nothing is ordered until the leader confirms what it does.
    const ask = page.locator('.nut-dialog:visible');
    await ask.getByText(/现在下单并占用库存，随下一个波次发出/).waitFor();
    expect(await s.sellable(top)).toBe(before);
    await ask.getByText('确认换货').click();
    await page.locator('.hz-task-outcome:visible').first().waitFor();
    expect(await s.sellable(top)).toBe(before - 2);
    const tasks = await s.api<Array<{ status: string; outcome?: string; substituteSkuId?: string }>>('leader', 'tasks', {}, 'DEMO-L01');
    expect(tasks.ok && tasks.data.map((t) => [t.status, t.outcome, t.substituteSkuId])).toEqual([['resolved', 'substitute', top]]);
    const lines = await s.api<Array<{ lines: Array<{ skuId: string; qty: number; customer?: string }> }>>('leader', 'myOrders', {}, 'DEMO-L01');
    expect(lines.ok && lines.data.flatMap((d) => d.lines).some((l) => l.skuId === top && l.qty === 2 && l.customer === '1号 张三')).toBe(true);
  }, 90_000);
}
