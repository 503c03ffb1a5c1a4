// Builds the mini-program as WeChat would receive it and checks the package:
// the four pages are registered and the main package stays under WeChat's 2 MB limit.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const DIST = join(ROOT, 'miniprogram/dist/weapp');
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;

const PAGES = ['pages/login/index', 'pages/supplier/report/index', 'pages/leader/availability/index', 'pages/leader/order/index'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(() => {
  const build = spawnSync('npm', ['run', 'build:weapp'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) {
    throw new Error(`npm run build:weapp failed (${build.status}):\n${build.stdout.slice(-4000)}\n${build.stderr.slice(-4000)}`);
  }
}, 300_000);

test('app.json registers the four pages and turns on cloud', () => {
  const app = JSON.parse(readFileSync(join(DIST, 'app.json'), 'utf8')) as { pages: string[]; cloud?: boolean };
  expect(app.pages).toEqual(PAGES);
  expect(app.cloud).toBe(true);
  for (const page of PAGES) {
    for (const ext of ['js', 'json', 'wxml', 'wxss']) expect(existsSync(join(DIST, `${page}.${ext}`))).toBe(true);
  }
});

test('the main package is under 2 MB', () => {
  // No subpackages yet: everything under dist/weapp is the main package.
  const bytes = filesUnder(DIST).reduce((sum, file) => sum + statSync(file).size, 0);
  console.log(`weapp main package: ${(bytes / 1024).toFixed(1)} KB (limit ${MAIN_PACKAGE_LIMIT / 1024} KB)`);
  expect(bytes).toBeGreaterThan(0);
  expect(bytes).toBeLessThan(MAIN_PACKAGE_LIMIT);
});
