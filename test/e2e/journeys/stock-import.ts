// Issue 3 in the browser: the operator uploads the morning counts a rules-level
// supplier sent to the WeChat group, as a spreadsheet, and a leader sees the new
// sellable counts.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Session, expectText } from './session';

export function stockImport(session: () => Session): void {
  it('the operator imports a spreadsheet for 山里土鸡蛋合作社 and a leader sees the new sellable counts', async () => {
    const s = session();
    const { page } = s;
    // What 张姐 sent this morning, typed into Excel by the operator (Chinese headers, supplier codes).
    const file = join(tmpdir(), `huozhun-e2e-${Date.now()}.csv`);
    writeFileSync(file, '\uFEFF山里土鸡蛋合作社 早报\n商品编码,供应商编码,商品名称,库存\nHZ3001,SL-001,散养土鸡蛋,200\n,SL-007,乌鸡蛋,40\n');
    await s.signInAs('周晓（运营）');
    await page.locator('.hz-op-link--import:visible').click();
    await page.locator('.hz-import .hz-supplier-option').filter({ hasText: '山里土鸡蛋合作社' }).click();
    await page.locator('.hz-import input.hz-file-input').setInputFiles(file);
    await page.locator('.hz-import .hz-file-name').filter({ hasText: 'huozhun-e2e-' }).waitFor();
    await page.locator('.hz-import .hz-upload-button').click();
    await page.locator('.hz-import .hz-import-result.hz-banner--success').waitFor({ timeout: 30_000 });

    await s.switchUser('陈阿姨');
    await expectText(s.card('散养土鸡蛋', '30枚/箱').locator('.hz-sellable'), '140'); // 200 − 30% rules buffer
    await expectText(s.card('乌鸡蛋', '30枚/箱').locator('.hz-sellable'), '28'); // 40 − 12
    expect(await s.sellable('HZ3001')).toBe(140);
  }, 90_000);

  it('names every bad line of a spreadsheet and applies nothing', async () => {
    const s = session();
    const { page } = s;
    const before = await s.sellable('HZ3002');
    const file = join(tmpdir(), `huozhun-e2e-bad-${Date.now()}.csv`);
    writeFileSync(file, '商品编码,库存\nHZ3002,12\nHZ3003,-4\nHZ9999,5\n');
    await s.switchUser('周晓（运营）');
    await page.locator('.hz-op-link--import:visible').click();
    await page.locator('.hz-import .hz-supplier-option').filter({ hasText: '山里土鸡蛋合作社' }).click();
    await page.locator('.hz-import input.hz-file-input').setInputFiles(file);
    await page.locator('.hz-import .hz-upload-button').click();
    await page.locator('.hz-import .hz-import-result.hz-banner--error').waitFor({ timeout: 30_000 });
    const lines = await page.locator('.hz-import .hz-bad-lines .hz-bad-line').allInnerTexts();
    expect(lines.map((l) => l.slice(0, 4))).toEqual(['第3行：', '第4行：']);
    expect(await s.sellable('HZ3002')).toBe(before);
  }, 90_000);
}
