// npm run upload:weapp -- --version 1.2.0 [--desc "…"] [--preview [--qr file.jpg]] [--no-build]
// Builds the release mini-program for HUOZHUN_CLOUD_ENV, renders it in WeChat's
// simulator (the render test), checks it, and uploads it with miniprogram-ci as a 开发版
// for the admin to submit (or, --preview, writes a QR code to open it on a phone).
// Needs HUOZHUN_APPID and HUOZHUN_UPLOAD_KEY (the code-upload private key's path).
import { join } from 'node:path';
import { ROOT, checkDeploy } from './check';
import { type Runner, spawnRunner } from './deploy';

export interface UploadArgs {
  version?: string;
  desc?: string;
  preview: boolean;
  qr: string;
  build: boolean;
}

export function parseUploadArgs(argv: string[]): UploadArgs | { error: string } {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const preview = argv.includes('--preview');
  const version = value('--version');
  if (!preview && !version) return { error: '请用 --version 给出版本号，例如 npm run upload:weapp -- --version 1.2.0 --desc "修复报数"' };
  if (version !== undefined && !/^\d+\.\d+\.\d+$/.test(version)) return { error: `版本号 ${version} 的格式不对：应为 数字.数字.数字，例如 1.2.0` };
  return {
    ...(version ? { version } : {}),
    desc: value('--desc') ?? (version ? `货准 ${version}` : '货准预览'),
    preview,
    qr: value('--qr') ?? join(ROOT, '.tmp', 'preview-qr.jpg'),
    build: !argv.includes('--no-build'),
  };
}

/** The slice of miniprogram-ci this uses. */
export interface MiniprogramCi {
  Project: new (options: Record<string, unknown>) => unknown;
  upload(options: Record<string, unknown>): Promise<unknown>;
  preview(options: Record<string, unknown>): Promise<unknown>;
}

export interface UploadOptions {
  root?: string;
  env?: NodeJS.ProcessEnv;
  run?: Runner;
  ci?: MiniprogramCi;
  log?: (line: string) => void;
}

/** Taro's build already is what WeChat runs: no second compilation by the uploader. */
const SETTING = { es6: false, es7: false, minify: false, minifyJS: false, minifyWXML: false, minifyWXSS: false, autoPrefixWXSS: false };

export async function uploadWeapp(args: UploadArgs, options: UploadOptions = {}): Promise<number> {
  const root = options.root ?? ROOT;
  const env = options.env ?? process.env;
  const log = options.log ?? console.log;
  const run = options.run ?? spawnRunner;
  const missing = checkDeploy({ root, env, parts: ['weapp'] }).filter((f) => !f.ok && /HUOZHUN_/.test(f.line));
  if (missing.length > 0) {
    for (const m of missing) log(`✗ ${m.line}`);
    log('没有上传：先设置上面的环境变量。');
    return 1;
  }
  if (args.build) {
    for (const [command, cargs] of [['npm', ['run', 'build:weapp:release']], ['node', ['test/weapp/render-weapp.cjs']]] as const) {
      log(`$ ${command} ${cargs.join(' ')}`);
      const { code } = await run(command, [...cargs]);
      if (code !== 0) {
        log(`✗ ${command === 'npm' ? '构建失败' : '渲染测试没有通过'}，没有上传。`);
        return code;
      }
    }
  }
  const problems = checkDeploy({ root, env, parts: ['weapp'] }).filter((f) => !f.ok);
  if (problems.length > 0) {
    for (const p of problems) log(`✗ ${p.line}`);
    log('没有上传：先改正上面的问题。');
    return 1;
  }
  const ci = options.ci ?? await loadCi(env);
  const project = new ci.Project({
    appid: env.HUOZHUN_APPID!.trim(), type: 'miniProgram', projectPath: join(root, 'miniprogram', 'dist', 'weapp'),
    privateKeyPath: env.HUOZHUN_UPLOAD_KEY!.trim(), ignores: ['node_modules/**/*'],
  });
  if (args.preview) {
    await ci.preview({ project, desc: args.desc, setting: SETTING, qrcodeFormat: 'image', qrcodeOutputDest: args.qr, robot: 1 });
    log(`预览二维码已写入 ${args.qr}，用微信扫码打开`);
  } else {
    await ci.upload({ project, version: args.version, desc: args.desc, setting: SETTING, robot: 1 });
    log(`已上传 ${args.version}：到 微信公众平台 → 版本管理 把这个开发版设为体验版或提交审核`);
  }
  return 0;
}

/** miniprogram-ci itself, or (tests) a stand-in named by HUOZHUN_MINIPROGRAM_CI. */
async function loadCi(env: NodeJS.ProcessEnv): Promise<MiniprogramCi> {
  const mod = (await import(env.HUOZHUN_MINIPROGRAM_CI?.trim() || 'miniprogram-ci')) as MiniprogramCi & { default?: MiniprogramCi };
  return mod.Project ? mod : mod.default!;
}

if (require.main === module) {
  const args = parseUploadArgs(process.argv.slice(2));
  if ('error' in args) {
    console.log(`✗ ${args.error}`);
    process.exit(1);
  }
  uploadWeapp(args).then((code) => process.exit(code), (err) => {
    console.error(`✗ 上传失败：${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
