// npm run seed -- --file 货准初始数据.xlsx [--target local|cloud]   (or --template out.xlsx)
// Creates the suppliers, SKUs and people of a workbook through the product's own
// handlers, as the installation's first operator, and writes everyone's invite code
// next to the file. local: the self-hosted data directory (HUOZHUN_DATA_DIR, default
// ./data). cloud: the WeChat cloud environment HUOZHUN_CLOUD_ENV, with Tencent Cloud API
// keys in TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY.
import ExcelJS from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Deps } from '../cloudfunctions/src/handlers/action';
import { systemClock } from '../cloudfunctions/src/runtime/clock';
import { newId } from '../cloudfunctions/src/runtime/ids';
import { DiskFiles } from '../cloudfunctions/src/storage/files';
import type { StockStore } from '../cloudfunctions/src/storage/port';
import { SeedStopped, type SeedOutcome, seedCatalogue } from './seed/apply';
import { type SheetIssue, readCatalogue, writeTemplate } from './seed/catalogue-sheet';

const ROLE_NAMES = { operator: '运营', supplier: '供应商', leader: '团长' } as const;

export const issueLine = (i: SheetIssue): string => `「${i.sheet}」${i.row > 0 ? `第 ${i.row} 行` : ''}${i.column ? ` ${i.column}` : ''}：${i.message}`;

/** The invite codes, as a CSV an operator can open in Excel (UTF-8 with BOM). */
export const invitesCsv = (outcome: SeedOutcome): string =>
  `\uFEFF姓名,角色,所属,邀请码\r\n${outcome.invites.map((p) => [p.name, ROLE_NAMES[p.role], p.supplierId ?? p.community ?? '', p.inviteCode].join(',')).join('\r\n')}\r\n`;

export async function seedFile(file: string, store: StockStore, log: (line: string) => void = console.log): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (err) {
    log(`✗ 读不了 ${file}：${err instanceof Error ? err.message : String(err)}（需要 .xlsx 文件）`);
    return 1;
  }
  const { catalogue, issues } = readCatalogue(workbook);
  if (issues.length > 0) return refused(issues, log);
  const operator = (await store.listUsers()).find((u) => u.role === 'operator');
  if (!operator) {
    log('✗ 还没有运营账号：先用引导码（HUOZHUN_BOOTSTRAP_CODE）登录一次，成为第一位运营，再导入。');
    return 1;
  }
  const deps: Deps = { store, files: new DiskFiles(join(dirname(file), '.uploads')), notifier: {}, clock: systemClock, newId, runtime: 'selfhosted', demo: false };
  let outcome: SeedOutcome;
  try {
    outcome = await seedCatalogue(deps, catalogue, operator);
  } catch (err) {
    if (!(err instanceof SeedStopped)) throw err;
    outcome = err.outcome;
  }
  if (outcome.issues.length > 0) return refused(outcome.issues, log);
  const { created: c, updated: u } = outcome;
  log(`✓ 供应商 新建 ${c.suppliers}、更新 ${u.suppliers}；商品 新建 ${c.skus}、更新 ${u.skus}；人员 新建 ${c.people}、更新 ${u.people}`);
  const out = join(dirname(file), `${basename(file, extname(file))}-邀请码.csv`);
  writeFileSync(out, invitesCsv(outcome));
  log(`邀请码已写入 ${out}（每人凭自己的邀请码在小程序里登录一次）`);
  return 0;
}

function refused(issues: SheetIssue[], log: (line: string) => void): number {
  for (const i of issues) log(`✗ ${issueLine(i)}`);
  log(`${issues.length} 处需要改正，没有导入任何数据。`);
  return 1;
}

async function openStore(target: string): Promise<StockStore> {
  if (target === 'cloud') {
    const missing = ['HUOZHUN_CLOUD_ENV', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'].filter((v) => !process.env[v]);
    if (missing.length > 0) throw new Error(`导入云开发环境需要设置 ${missing.join('、')}`);
    const cloud = await import('wx-server-sdk');
    const { CloudStore } = await import('../cloudfunctions/src/storage/cloud/cloud-store');
    cloud.init({ env: process.env.HUOZHUN_CLOUD_ENV! });
    return new CloudStore(cloud.database());
  }
  const { SqliteStore } = await import('../cloudfunctions/src/storage/sqlite/sqlite-store');
  const dir = resolve(process.env.HUOZHUN_DATA_DIR ?? 'data');
  mkdirSync(dir, { recursive: true });
  return new SqliteStore({ filename: join(dir, 'huozhun.db') });
}

async function main(argv: string[]): Promise<number> {
  const value = (flag: string): string | undefined => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const template = value('--template');
  if (template) {
    const wb = new ExcelJS.Workbook();
    writeTemplate(wb);
    await wb.xlsx.writeFile(template);
    console.log(`模板已写入 ${template}`);
    return 0;
  }
  const file = value('--file');
  if (!file) {
    console.log('✗ 请用 --file 指定要导入的 .xlsx（没有的话先 npm run seed -- --template 货准初始数据.xlsx 生成模板）');
    return 1;
  }
  const store = await openStore(value('--target') ?? 'local');
  try {
    return await seedFile(resolve(file), store);
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
    console.error(`✗ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
