// Builds the mini-program as WeChat would receive it and checks the package: the main
// pages and the subpackages are registered, and the main package (what every leader and
// supplier downloads first) stays under WeChat's 2 MB limit.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT, WEAPP_DIST, acquireWeappLock, buildWeapp } from '../support/weapp-build';

const DIST = WEAPP_DIST;
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;
/** WeChat's limit for one subpackage, and for everything together. */
const SUBPACKAGE_LIMIT = 2 * 1024 * 1024;
const TOTAL_LIMIT = 20 * 1024 * 1024;
/** The cloud environment the build is given (the caller's own, or a stand-in id). */
const CLOUD_ENV = process.env.HUOZHUN_CLOUD_ENV?.trim() || 'huozhun-build-test';

const PAGES = ['pages/login/index', 'pages/supplier/report/index', 'pages/leader/availability/index', 'pages/leader/order/index', 'pages/inbox/index'];

const SUBPACKAGES = [
  {
    root: 'pages/operator',
    pages: [
      'home/index', 'suppliers/index', 'supplier-edit/index', 'skus/index', 'sku-edit/index', 'report-for/index', 'import/index', 'held/index', 'settings/index',
      'waves/index', 'wave/index', 'tasks/index', 'people/index', 'person-edit/index', 'stocktake/index', 'scorecards/index', 'buffers/index',
    ],
  },
  { root: 'pages/stock', pages: ['history/index'] },
  { root: 'pages/orders', pages: ['mine/index', 'tasks/index'] },
  { root: 'pages/wave', pages: ['list/index', 'detail/index'] },
  { root: 'pages/supplier/stocktake', pages: ['index'] },
  { root: 'pages/supplier/scorecard', pages: ['index'] },
  { root: 'pages/leader/listings', pages: ['index'] },
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
let release: (() => void) | undefined;

beforeAll(async () => {
  // The render test (jest project weapp) reads dist/weapp meanwhile: one of us at a time.
  release = await acquireWeappLock();
  buildWeapp({ HUOZHUN_CLOUD_ENV: CLOUD_ENV });
  app = JSON.parse(readFileSync(join(DIST, 'app.json'), 'utf8')) as AppJson;
}, 600_000);

afterAll(() => release?.());

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

test('app.json points at the sitemap and turns on the privacy check; the sitemap is in the package', () => {
  const raw = app as AppJson & { sitemapLocation?: string; __usePrivacyCheck__?: boolean };
  expect([raw.sitemapLocation, raw.__usePrivacyCheck__]).toEqual(['sitemap.json', true]);
  expect(JSON.parse(readFileSync(join(DIST, 'sitemap.json'), 'utf8')).rules).toEqual([{ action: 'disallow', page: '*' }]);
});

test('app.js calls no compiler helper it does not define (Taro copies config functions into it as compiled)', () => {
  const code = readFileSync(join(DIST, 'app.js'), 'utf8');
  // SWC's helpers are named _snake_case and defined as functions (or vars) where bundled.
  const called = new Set([...code.matchAll(/[^\w$.](_[a-z]+(?:_[a-z]+)*)\(/g)].map((m) => m[1]!));
  const undefinedHelpers = [...called].filter((name) => !new RegExp(`(function\\s+${name}\\b|[\\s,{;](var|let|const)?\\s*${name}\\s*=)`).test(code));
  expect(undefinedHelpers).toEqual([]);
});

test('app.js initialises the cloud with the environment id the build was given', () => {
  const code = readFileSync(join(DIST, 'app.js'), 'utf8');
  // app.ts: cloud.init({ ...{ env: HUOZHUN_CLOUD_ENV }, traceUser: true }), the constant folded in by the build.
  const at = code.indexOf('cloud.init(');
  expect(at).toBeGreaterThan(-1);
  expect(code.slice(at, at + 160)).toContain(`env:${JSON.stringify(CLOUD_ENV)}`);
});

test('a release build without HUOZHUN_CLOUD_ENV stops before writing anything, saying what to set', () => {
  const before = statSync(join(DIST, 'app.js')).mtimeMs;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  delete env.HUOZHUN_CLOUD_ENV;
  const build = spawnSync('npm', ['run', 'build:weapp:release'], { cwd: ROOT, encoding: 'utf8', env });
  expect(build.status).not.toBe(0);
  expect(`${build.stdout}\n${build.stderr}`).toContain('发布版小程序需要设置 HUOZHUN_CLOUD_ENV');
  // Refused while Taro reads its config: the last build is left as it was.
  expect(statSync(join(DIST, 'app.js')).mtimeMs).toBe(before);
}, 120_000);
