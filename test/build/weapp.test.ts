// Builds the mini-program as WeChat would receive it and checks the package: the main
// pages and the subpackages are registered, and the main package (what every leader and
// supplier downloads first) stays under WeChat's 2 MB limit.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const DIST = join(ROOT, 'miniprogram/dist/weapp');
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;
/** WeChat's limit for one subpackage, and for everything together. */
const SUBPACKAGE_LIMIT = 2 * 1024 * 1024;
const TOTAL_LIMIT = 20 * 1024 * 1024;

const PAGES = ['pages/login/index', 'pages/supplier/report/index', 'pages/leader/availability/index', 'pages/leader/order/index', 'pages/inbox/index'];

const SUBPACKAGES = [
  {
    root: 'pages/operator',
    pages: [
      'home/index', 'suppliers/index', 'supplier-edit/index', 'skus/index', 'sku-edit/index', 'report-for/index', 'import/index', 'held/index', 'settings/index',
      'waves/index', 'wave/index', 'tasks/index', 'people/index', 'person-edit/index',
    ],
  },
  { root: 'pages/stock', pages: ['history/index'] },
  { root: 'pages/orders', pages: ['mine/index', 'tasks/index'] },
  { root: 'pages/wave', pages: ['list/index', 'detail/index'] },
];

interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  cloud?: boolean;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const bytesOf = (files: string[]): number => files.reduce((sum, file) => sum + statSync(file).size, 0);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

let app: AppJson;

beforeAll(() => {
  const build = spawnSync('npm', ['run', 'build:weapp'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) {
    throw new Error(`npm run build:weapp failed (${build.status}):\n${build.stdout.slice(-4000)}\n${build.stderr.slice(-4000)}`);
  }
  app = JSON.parse(readFileSync(join(DIST, 'app.json'), 'utf8')) as AppJson;
}, 300_000);

test('app.json registers the main pages, the subpackages, and turns on cloud', () => {
  expect(app.pages).toEqual(PAGES);
  expect(app.subPackages).toEqual(SUBPACKAGES);
  expect(app.cloud).toBe(true);
  const all = [...PAGES, ...SUBPACKAGES.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))];
  for (const page of all) {
    for (const ext of ['js', 'json', 'wxml', 'wxss']) expect(existsSync(join(DIST, `${page}.${ext}`))).toBe(true);
  }
});

test('the main package is under 2 MB, each subpackage too', () => {
  const all = filesUnder(DIST);
  const roots = (app.subPackages ?? []).map((p) => p.root);
  const inRoot = (file: string, root: string): boolean => relative(DIST, file).split(sep).join('/').startsWith(`${root}/`);
  const main = all.filter((file) => !roots.some((root) => inRoot(file, root)));
  const total = bytesOf(all);
  const mainBytes = bytesOf(main);
  const lines = [`weapp main package: ${kb(mainBytes)} (limit ${MAIN_PACKAGE_LIMIT / 1024} KB)`];
  for (const root of roots) {
    const bytes = bytesOf(all.filter((file) => inRoot(file, root)));
    lines.push(`weapp subpackage ${root}: ${kb(bytes)}`);
    expect(bytes).toBeLessThan(SUBPACKAGE_LIMIT);
  }
  lines.push(`weapp total: ${kb(total)}`);
  console.log(lines.join('\n'));
  expect(mainBytes).toBeGreaterThan(0);
  expect(mainBytes).toBeLessThan(MAIN_PACKAGE_LIMIT);
  expect(total).toBeLessThan(TOTAL_LIMIT);
});

test('the operator’s code stays out of the main package', () => {
  const roots = (app.subPackages ?? []).map((p) => p.root);
  const mainScripts = filesUnder(DIST).filter((file) => file.endsWith('.js') && !roots.some((root) => relative(DIST, file).split(sep).join('/').startsWith(`${root}/`)));
  const text = mainScripts.map((file) => readFileSync(file, 'utf8')).join('\n');
  // Words that only the operator's pages and stores say (as the bundle escapes them).
  for (const word of ['导入库存表', '代报库存', 'stockTemplate', 'submitReportFor', 'saveSettings', 'confirmWaveFor', 'savePerson', '代供应商确认']) {
    const escaped = word.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(text.includes(word) || text.includes(escaped)).toBe(false);
  }
});
