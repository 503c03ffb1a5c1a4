// Builds each deployed function into cloudfunctions/dist/<name>/: index.js (the shared
// TypeScript bundled by esbuild, wx-server-sdk left external), package.json naming
// wx-server-sdk, and config.json. Run: npm run build:functions
import { build } from 'esbuild';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUNDLE_TARGET, DEPLOYED_FUNCTIONS, type DeployedFunction, WX_SERVER_SDK_VERSION } from './functions';

export const DIST = resolve(__dirname, 'dist');

/** Each function's `main`: the timer's scheduler, the HTTP partner API, or a role's actions. */
function entryOf(fn: DeployedFunction): string {
  const ms = fn.timeoutSeconds * 1000;
  if (fn.name === 'scheduler') return `export const main = require('./src/runtime/wechat-scheduler').wechatScheduler(${ms});`;
  if (fn.name === 'open') return `export const main = require('./src/runtime/wechat-open').wechatOpen(${ms});`;
  return `export const main = require('./src/runtime/wechat').wechatMain(${JSON.stringify(fn.name)}, require('./src/handlers/${fn.name}').${fn.name}, ${ms});`;
}

export async function buildFunctions(outDir = DIST): Promise<Array<{ name: string; bytes: number }>> {
  rmSync(outDir, { recursive: true, force: true });
  const sizes: Array<{ name: string; bytes: number }> = [];
  for (const fn of DEPLOYED_FUNCTIONS) {
    const dir = join(outDir, fn.name);
    mkdirSync(dir, { recursive: true });
    await build({
      stdin: {
        contents: entryOf(fn),
        resolveDir: __dirname,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      // The runtime cloudbaserc.json pins for every function (functions.ts).
      target: BUNDLE_TARGET,
      format: 'cjs',
      minify: true,
      external: ['wx-server-sdk'],
      outfile: join(dir, 'index.js'),
      logLevel: 'warning',
    });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({
      name: fn.name, version: '1.0.0', description: fn.description, main: 'index.js', private: true,
      dependencies: { 'wx-server-sdk': WX_SERVER_SDK_VERSION },
    }, null, 2)}\n`);
    writeFileSync(join(dir, 'config.json'), `${JSON.stringify(fn.config, null, 2)}\n`);
    sizes.push({ name: fn.name, bytes: statSync(join(dir, 'index.js')).size });
  }
  return sizes;
}

if (require.main === module) {
  buildFunctions().then((sizes) => {
    for (const s of sizes) console.log(`cloudfunctions/dist/${s.name}/index.js  ${(s.bytes / 1024).toFixed(1)} KB`);
  }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
