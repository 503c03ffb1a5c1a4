// npm run seed: a workbook an operator filled in becomes suppliers, SKUs and people
// through the product's own handlers — on SQLite, and on the cloud database through the
// real wx-server-sdk (where hand-made documents without a proper _id could not sign in).
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignInResult } from '../../cloudfunctions/src/contract/api';
import { dispatch } from '../../cloudfunctions/src/handlers/registry';
import { ManualClock } from '../../cloudfunctions/src/runtime/clock';
import { newId } from '../../cloudfunctions/src/runtime/ids';
import { CloudStore } from '../../cloudfunctions/src/storage/cloud/cloud-store';
import type { StockStore } from '../../cloudfunctions/src/storage/port';
import { SqliteStore } from '../../cloudfunctions/src/storage/sqlite/sqlite-store';
import { SHEETS, writeTemplate, yuanToFen } from '../../scripts/seed/catalogue-sheet';
import { seedFile } from '../../scripts/seed';
import { useLocalCloud } from '../support/cloud-sdk';

const local = useLocalCloud();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hz-seed-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  local.endpoint.reset();
});

const OPERATOR = { id: 'usr-op-1', name: '老周', role: 'operator' as const, inviteCode: 'OPCODE0001' };

/** A workbook as an operator fills in the template (prices as numbers, a code with a leading zero as text). */
async function workbook(rows: { suppliers?: unknown[][]; skus?: unknown[][]; people?: unknown[][] }): Promise<string> {
  const wb = new ExcelJS.Workbook();
  writeTemplate(wb);
  for (const key of ['suppliers', 'skus', 'people'] as const) for (const r of rows[key] ?? []) wb.getWorksheet(SHEETS[key].name)!.addRow(r);
  const file = join(dir, '货准初始数据.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}
const GOOD = {
  suppliers: [['GNGY', '赣南果园直供', '小程序报数', '08:00 20:00', '实物', '李老板 138-0000-0101'], ['STJ', '山里土鸡蛋合作社', '群消息代报', '08:30,19:30', '', '']],
  skus: [
    ['HZ1001', 'GNGY', '赣南脐橙', '5斤装', '水果', 39.9, 25, 'QC-5', 10, '是'],
    ['HZ2001', 'STJ', '土鸡蛋', '30枚', '蛋类', '36.90', '', '00123', '', ''],
  ],
  people: [['李老板', '供应商', 'GNGY', ''], ['王姐', '团长', '', '阳光小区'], ['小周', '运营', '', '']],
};
const log = (lines: string[]) => (l: string) => lines.push(l);

it('creates suppliers, SKUs and people through the handlers, writes the invite codes, and a rerun updates instead of duplicating', async () => {
  const store = new SqliteStore({ filename: ':memory:' });
  await store.upsertUsers([OPERATOR]);
  const file = await workbook(GOOD);
  const lines: string[] = [];
  expect(await seedFile(file, store, log(lines))).toBe(0);
  expect(lines[0]).toBe('✓ 供应商 新建 2、更新 0；商品 新建 2、更新 0；人员 新建 3、更新 0');
  expect((await store.listSuppliers()).map((s) => [s.id, s.level, s.reportTimes, s.basis])).toEqual([
    ['GNGY', 'portal', ['08:00', '20:00'], 'physical'], ['STJ', 'rules', ['08:30', '19:30'], 'physical'],
  ]);
  expect((await store.listSkus()).map((k) => [k.id, k.price, k.cost, k.supplierCode, k.warningLine, k.listed])).toEqual([
    ['HZ1001', 3990, 2500, 'QC-5', 10, true], ['HZ2001', 3690, undefined, '00123', 10, true],
  ]);
  const csv = readFileSync(join(dir, '货准初始数据-邀请码.csv'), 'utf8');
  const wang = (await store.listUsers()).find((u) => u.name === '王姐')!;
  expect(csv).toContain(`王姐,团长,阳光小区,${wang.inviteCode}`);
  expect(await seedFile(file, store, log(lines))).toBe(0);
  expect(lines.at(-2)).toBe('✓ 供应商 新建 0、更新 2；商品 新建 0、更新 2；人员 新建 0、更新 3');
  expect((await store.listUsers()).length).toBe(4);
  expect((await store.listUsers()).find((u) => u.name === '王姐')!.inviteCode).toBe(wang.inviteCode);
});

it('names every bad cell by sheet, row and column, and seeds nothing', async () => {
  const store = new SqliteStore({ filename: ':memory:' });
  await store.upsertUsers([OPERATOR]);
  const file = await workbook({
    suppliers: [['GNGY', '赣南果园直供', '电话报数', '8点', '', '']],
    skus: [['HZ1001', 'GNGY', '赣南脐橙', '5斤装', '水果', 39.999, '', '', '-1', '也许'], ['HZ1002', 'NOPE', '沃柑', '', '水果', 19.9, '', '', '', '']],
    people: [['王姐', '店长', '', '']],
  });
  const lines: string[] = [];
  expect(await seedFile(file, store, log(lines))).toBe(1);
  expect(lines).toEqual([
    '✗ 「供应商」第 2 行 对接方式：「电话报数」应为 接口对接、小程序报数 或 群消息代报',
    '✗ 「供应商」第 2 行 报数时间：「8点」不是 时:分 的时间，例如 08:00',
    '✗ 「商品」第 2 行 售价（元）：「39.999」不是金额（最多两位小数，例如 29.90）',
    '✗ 「商品」第 2 行 预警线：「-1」应为不小于 0 的整数',
    '✗ 「商品」第 2 行 上架：「也许」应为 是 或 否',
    '✗ 「人员」第 2 行 角色：「店长」应为 运营、供应商 或 团长',
    '6 处需要改正，没有导入任何数据。',
  ]);
  expect([await store.listSuppliers(), await store.listSkus(), (await store.listUsers()).length]).toEqual([[], [], 1]);
});

it('refuses before the first operator exists, and reads amounts exactly as typed', async () => {
  const store = new SqliteStore({ filename: ':memory:' });
  const lines: string[] = [];
  expect(await seedFile(await workbook(GOOD), store, log(lines))).toBe(1);
  expect(lines[0]).toContain('还没有运营账号');
  expect([yuanToFen('39.9'), yuanToFen('¥36.90'), yuanToFen('1200'), yuanToFen('0.5'), yuanToFen('3.999'), yuanToFen('1,200'), yuanToFen('-1')])
    .toEqual([3990, 3690, 120000, 50, undefined, undefined, undefined]);
});

it('on the cloud database, a seeded leader signs in with the code from the file and is who the file says', async () => {
  const store: StockStore = new CloudStore(local.db);
  await store.upsertUsers([OPERATOR]);
  expect(await seedFile(await workbook(GOOD), store, () => undefined)).toBe(0);
  const code = (await store.listUsers()).find((u) => u.name === '王姐')!.inviteCode;
  const deps = { store, files: {} as never, notifier: {}, clock: new ManualClock(Date.UTC(2026, 11, 3, 2)), newId, runtime: 'wechat' as const, demo: false };
  const signIn = await dispatch('account', { action: 'signIn', payload: { inviteCode: code } }, { kind: 'openid', openid: 'o-wang' }, deps);
  expect(signIn.ok && (signIn.data as SignInResult).user).toMatchObject({ name: '王姐', role: 'leader', community: '阳光小区' });
  const docs = (await local.db.collection('skus').where({}).get()).data;
  expect(docs.map((d) => [d._id, d.id])).toEqual([['HZ1001', 'HZ1001'], ['HZ2001', 'HZ2001']]);
});
