// What must be true before anything goes to WeChat, checked offline: the deploy
// configuration agrees with functions.ts, every function's bundle is built as the
// cloud will run it, the indexes are well formed, the mini-program is a release build
// for the right environment and is the very build that passed the render test, and the
// three settings a deploy needs are there. Each problem is one line that says what to do.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { committedCloudbaserc, renderCloudbaserc } from '../../cloudfunctions/cloudbaserc';
import { BUNDLE_TARGET, CLOUD_RUNTIME, DEPLOYED_FUNCTIONS, WX_SERVER_SDK_VERSION } from '../../cloudfunctions/functions';
import { INDEXES, type IndexSpec } from '../../cloudfunctions/indexes';
import { COLLECTIONS } from '../../cloudfunctions/src/storage/cloud/cloud-access';

export const ROOT = resolve(__dirname, '..', '..');

export interface CheckOptions {
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** What to look at: the functions (deploy) or the mini-program too (upload). */
  parts?: Array<'functions' | 'weapp'>;
}

export interface Finding {
  ok: boolean;
  line: string;
}

const ok = (line: string): Finding => ({ ok: true, line });
const problem = (line: string): Finding => ({ ok: false, line });

/** A CloudBase environment id: letters, digits and dashes, e.g. huozhun-prod-7g3k5b. */
export const ENV_ID = /^[a-z0-9][a-z0-9-]{3,62}$/i;
/** A mini-program AppID. */
export const APP_ID = /^wx[0-9a-f]{16}$/;

export function checkDeploy(options: CheckOptions = {}): Finding[] {
  const root = options.root ?? ROOT;
  const env = options.env ?? process.env;
  const parts = options.parts ?? ['functions', 'weapp'];
  const found: Finding[] = [...settings(env, parts)];
  if (parts.includes('functions')) found.push(...deployConfig(root), runtimeMatchesBundles(), ...bundles(root), ...checkIndexes());
  if (parts.includes('weapp')) found.push(...weapp(root, env));
  return found;
}

function settings(env: NodeJS.ProcessEnv, parts: CheckOptions['parts'] & object): Finding[] {
  const out: Finding[] = [];
  const cloudEnv = env.HUOZHUN_CLOUD_ENV?.trim();
  if (!cloudEnv) out.push(problem('没有设置 HUOZHUN_CLOUD_ENV：填云开发环境 ID（云开发控制台 → 设置 → 环境 ID）'));
  else if (!ENV_ID.test(cloudEnv)) out.push(problem(`HUOZHUN_CLOUD_ENV=${cloudEnv} 不像云开发环境 ID（应只含字母、数字和 -）`));
  else out.push(ok(`云开发环境 ${cloudEnv}`));
  if (!parts.includes('weapp')) return out;
  const appId = env.HUOZHUN_APPID?.trim();
  if (!appId) out.push(problem('没有设置 HUOZHUN_APPID：填小程序 AppID（微信公众平台 → 开发管理 → 开发设置）'));
  else if (!APP_ID.test(appId)) out.push(problem(`HUOZHUN_APPID=${appId} 不像小程序 AppID（wx 开头，共 18 位）`));
  else out.push(ok(`小程序 AppID ${appId}`));
  const key = env.HUOZHUN_UPLOAD_KEY?.trim();
  if (!key) out.push(problem('没有设置 HUOZHUN_UPLOAD_KEY：填代码上传密钥文件的路径（微信公众平台 → 开发管理 → 开发设置 → 小程序代码上传）'));
  else if (!existsSync(key)) out.push(problem(`HUOZHUN_UPLOAD_KEY 指向的文件不存在：${key}`));
  else if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(readFileSync(key, 'utf8'))) out.push(problem(`HUOZHUN_UPLOAD_KEY 不是代码上传密钥（应为 private.*.key 私钥文件）：${key}`));
  else out.push(ok('代码上传密钥已找到'));
  return out;
}

function deployConfig(root: string): Finding[] {
  const committed = committedCloudbaserc(join(root, 'cloudbaserc.json'));
  if (committed === null) return [problem('缺少 cloudbaserc.json：运行 npm run deploy:config 生成')];
  if (committed !== renderCloudbaserc()) return [problem('cloudbaserc.json 与 cloudfunctions/functions.ts 不一致：运行 npm run deploy:config 重新生成并提交')];
  return [ok('cloudbaserc.json 与 functions.ts 一致')];
}

/**
 * The runtime cloudbaserc.json pins (CloudBase's name, e.g. Nodejs18.15) and the Node
 * version esbuild compiles the bundles for (e.g. node18) name the same major version: a
 * bundle built for a newer Node may use what the cloud's runtime lacks, and one built for
 * an older Node wastes nothing but hides that the pin moved.
 */
export function runtimeMatchesBundles(runtime: string = CLOUD_RUNTIME, target: string = BUNDLE_TARGET): Finding {
  const runtimeMajor = /^Nodejs(\d+)(\.\d+)*$/.exec(runtime)?.[1];
  const targetMajor = /^node(\d+)(\.\d+)*$/.exec(target)?.[1];
  if (runtimeMajor === undefined) return problem(`云函数运行时 ${runtime} 不是 CloudBase 的 Node.js 运行时名称（如 Nodejs18.15）：改 cloudfunctions/functions.ts 的 CLOUD_RUNTIME`);
  if (targetMajor === undefined) return problem(`云函数构建目标 ${target} 不是 esbuild 的 Node 目标（如 node18）：改 cloudfunctions/functions.ts 的 BUNDLE_TARGET`);
  if (runtimeMajor !== targetMajor) return problem(`云函数运行时 ${runtime} 与构建目标 ${target} 不是同一个 Node 版本：让 functions.ts 的 CLOUD_RUNTIME 与 BUNDLE_TARGET 一致`);
  return ok(`云函数运行时 ${runtime}，包按 ${target} 构建`);
}

function bundles(root: string): Finding[] {
  const out: Finding[] = [];
  for (const fn of DEPLOYED_FUNCTIONS) {
    const dir = join(root, 'cloudfunctions', 'dist', fn.name);
    const index = join(dir, 'index.js');
    if (!existsSync(index)) {
      out.push(problem(`云函数 ${fn.name} 没有构建：运行 npm run build:functions`));
      continue;
    }
    const code = readFileSync(index, 'utf8');
    const pkg = readJson(join(dir, 'package.json')) as { dependencies?: Record<string, string> } | null;
    const config = readJson(join(dir, 'config.json'));
    if (!code.includes('require("wx-server-sdk")')) out.push(problem(`云函数 ${fn.name} 的 index.js 没有把 wx-server-sdk 留给云端安装`));
    else if (code.includes('@cloudbase/node-sdk') || code.includes('tcb-admin-node')) out.push(problem(`云函数 ${fn.name} 把 wx-server-sdk 打进了包里`));
    else if (pkg?.dependencies?.['wx-server-sdk'] !== WX_SERVER_SDK_VERSION) out.push(problem(`云函数 ${fn.name} 的 package.json 应依赖 wx-server-sdk ${WX_SERVER_SDK_VERSION}`));
    else if (JSON.stringify(config) !== JSON.stringify(fn.config)) out.push(problem(`云函数 ${fn.name} 的 config.json（权限、触发器）与 functions.ts 不一致：运行 npm run build:functions`));
    else if (newestSource(root) > statSync(index).mtimeMs) out.push(problem(`云函数 ${fn.name} 的包比源码旧：运行 npm run build:functions`));
    else out.push(ok(`云函数 ${fn.name}：已构建，wx-server-sdk ${WX_SERVER_SDK_VERSION} 由云端安装，权限与触发器一致`));
  }
  return out;
}

/** The indexes file: each index on a collection the adapter uses, named once, with fields. */
export function checkIndexes(list: readonly IndexSpec[] = INDEXES): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const ix of list) {
    const id = `${ix.collection}.${ix.name}`;
    if (!(COLLECTIONS as readonly string[]).includes(ix.collection)) out.push(problem(`索引 ${id}：没有这个集合`));
    else if (seen.has(id)) out.push(problem(`索引 ${id} 重复`));
    else if (ix.keys.length === 0) out.push(problem(`索引 ${id} 没有字段`));
    seen.add(id);
  }
  if (out.length === 0) out.push(ok(`数据库索引 ${list.length} 个，定义无误`));
  return out;
}

function weapp(root: string, env: NodeJS.ProcessEnv): Finding[] {
  const dist = join(root, 'miniprogram', 'dist', 'weapp');
  const app = join(dist, 'app.js');
  if (!existsSync(app)) return [problem('小程序没有构建：运行 npm run build:weapp:release')];
  const out: Finding[] = [];
  const cloudEnv = env.HUOZHUN_CLOUD_ENV?.trim();
  // Without the id there is no knowing which environment the build calls (a development
  // build names none): never a pass.
  if (!cloudEnv) out.push(problem('不知道小程序构建对应哪个云开发环境：设置 HUOZHUN_CLOUD_ENV 后运行 npm run build:weapp:release'));
  else if (!readFileSync(app, 'utf8').includes(JSON.stringify(cloudEnv))) {
    out.push(problem(`小程序不是为环境 ${cloudEnv} 构建的发布版：运行 npm run build:weapp:release`));
  }
  if (!existsSync(join(dist, 'sitemap.json'))) out.push(problem('小程序缺少 sitemap.json：重新构建'));
  const passed = readJson(join(root, '.tmp', 'weapp-render.json')) as { buildHash?: string } | null;
  if (!passed) out.push(problem('这个小程序构建没有通过渲染测试：运行 npm test（或 npx jest --selectProjects weapp）'));
  else if (passed.buildHash !== buildHash(dist)) out.push(problem('渲染测试通过的是另一个构建：构建之后重新运行渲染测试'));
  if (out.length === 0) out.push(ok(`小程序发布版已构建（环境 ${cloudEnv}），并通过渲染测试`));
  return out;
}

/**
 * A build's fingerprint, as the render test recorded it when it passed: one
 * implementation, shared with the plain-Node render script.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { buildHash } = require('../weapp-build-hash.cjs') as { buildHash(dir: string): string };

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/** The newest modification time of the functions' sources. */
function newestSource(root: string): number {
  let newest = 0;
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) newest = Math.max(newest, st.mtimeMs);
    }
  };
  walk(join(root, 'cloudfunctions', 'src'));
  return newest;
}
