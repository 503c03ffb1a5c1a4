// Going live, tested offline: nothing here reaches WeChat. The configuration the
// CloudBase CLI reads is generated from functions.ts and checked; the checks name each
// problem; the deploy runs the CLI steps (a stub `tcb` that records its arguments) only
// after the checks pass; the upload refuses without its settings and hands miniprogram-ci
// (a stand-in recording its calls) the release build.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions } from '../../cloudfunctions/build';
import { CLOUDBASERC_PATH, cloudbaseConfig, committedCloudbaserc, renderCloudbaserc, resolvedCloudbaserc } from '../../cloudfunctions/cloudbaserc';
import { BUNDLE_TARGET, CLOUD_RUNTIME, DEPLOYED_FUNCTIONS } from '../../cloudfunctions/functions';
import { INDEXES, type IndexSpec } from '../../cloudfunctions/indexes';
import { buildHash, checkDeploy, checkIndexes, runtimeMatchesBundles } from '../../scripts/deploy/check';
import { deploy, spawnRunner } from '../../scripts/deploy/deploy';
import { parseUploadArgs, uploadWeapp } from '../../scripts/deploy/upload-weapp';

const ENV = { HUOZHUN_CLOUD_ENV: 'huozhun-prod-7g3k5b' };
let root: string;

/** A repo-shaped folder: the committed cloudbaserc.json and freshly built bundles. */
async function builtRoot(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hz-deploy-'));
  writeFileSync(join(dir, 'cloudbaserc.json'), renderCloudbaserc());
  await buildFunctions(join(dir, 'cloudfunctions', 'dist'));
  return dir;
}
const problems = (found: ReturnType<typeof checkDeploy>) => found.filter((f) => !f.ok).map((f) => f.line);

beforeAll(async () => {
  root = await builtRoot();
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the deploy configuration', () => {
  it('the committed cloudbaserc.json is exactly what functions.ts generates (run npm run deploy:config after a change)', () => {
    expect(committedCloudbaserc(CLOUDBASERC_PATH)).toBe(renderCloudbaserc());
  });

  it('pins every function\'s runtime, timeout, memory and dependency install, and the scheduler\'s timer', () => {
    const fns = cloudbaseConfig().functions as Array<Record<string, unknown>>;
    expect(fns.map((f) => [f.name, f.runtime, f.timeout, f.installDependency])).toEqual(
      DEPLOYED_FUNCTIONS.map((d) => [d.name, CLOUD_RUNTIME, d.timeoutSeconds, true]));
    expect(fns.find((f) => f.name === 'scheduler')!.triggers).toEqual([{ name: 'tick', type: 'timer', config: '0 */5 * * * * *' }]);
    expect(fns.every((f) => (f.timeout as number) >= 1 && (f.timeout as number) <= 60)).toBe(true);
  });

  it('fills in the deploying machine\'s values, and leaves an unset bootstrap code empty (the bootstrap stays off)', () => {
    const resolved = JSON.parse(resolvedCloudbaserc({ ...ENV, HUOZHUN_BOOTSTRAP_CODE: 'a"b-code-123456' })) as { envId: string; functions: Array<{ envVariables?: Record<string, string> }> };
    expect(resolved.envId).toBe(ENV.HUOZHUN_CLOUD_ENV);
    expect(resolved.functions[0]!.envVariables).toEqual({ HUOZHUN_BOOTSTRAP_CODE: 'a"b-code-123456' });
    expect(JSON.parse(resolvedCloudbaserc(ENV)).functions[0].envVariables).toEqual({ HUOZHUN_BOOTSTRAP_CODE: '' });
  });

  it('the README\'s go-live steps give each function\'s timeout as functions.ts does, and name the partner API\'s HTTP step', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## WeChat: go live'), readme.indexOf('\n## ', readme.indexOf('## WeChat: go live') + 1));
    const stated = [...section.matchAll(/`([a-z]+)` (\d+) s\b/g)].map((m) => [m[1], Number(m[2])]);
    expect(stated).toEqual(DEPLOYED_FUNCTIONS.map((f) => [f.name, f.timeoutSeconds]));
    for (const fn of DEPLOYED_FUNCTIONS.filter((f) => f.httpPath)) expect(section).toContain(`tcb service create -p ${fn.httpPath} -f ${fn.name}`);
    // A count of indexes goes stale with the next one added: the README names the file instead.
    expect(section).not.toMatch(/\d+ indexes/);
    const notRun = section.slice(section.indexOf('**What was not run against WeChat**'));
    expect(notRun).toContain('`tcb service create`');
    expect(notRun).toContain('`npm run seed -- --target cloud`');
  });

  it('declares each index once, on a collection the adapter uses, with the query it serves', () => {
    expect(problems(checkDeploy({ root, env: ENV, parts: ['functions'] }))).toEqual([]);
    expect(new Set(INDEXES.map((i) => `${i.collection}.${i.name}`)).size).toBe(INDEXES.length);
    expect(INDEXES.every((i) => i.serves.length > 0 && i.keys.length > 0)).toBe(true);
  });

  it('refuses an index on a collection the adapter does not use, one declared twice, and one without fields', () => {
    const ix = (collection: string, name: string, keys: IndexSpec['keys'] = [['status', 1]]) => ({ collection, name, keys, serves: 'a query' }) as IndexSpec;
    const found = checkIndexes([ix('order_lines', 'status'), ix('orderlines', 'status'), ix('order_lines', 'status', [['day', 1]]), ix('waves', 'none', [])]);
    expect(found.map((f) => [f.ok, f.line])).toEqual([
      [false, '索引 orderlines.status：没有这个集合'],
      [false, '索引 order_lines.status 重复'],
      [false, '索引 waves.none 没有字段'],
    ]);
    // The same name on another collection is another index.
    expect(checkIndexes([ix('order_lines', 'status'), ix('waves', 'status')])).toEqual([{ ok: true, line: '数据库索引 2 个，定义无误' }]);
  });

  it('builds the bundles for the Node version the runtime pins, and refuses a pair that disagree', () => {
    expect(runtimeMatchesBundles()).toEqual({ ok: true, line: `云函数运行时 ${CLOUD_RUNTIME}，包按 ${BUNDLE_TARGET} 构建` });
    expect([CLOUD_RUNTIME, BUNDLE_TARGET]).toEqual(['Nodejs18.15', 'node18']);
    expect(runtimeMatchesBundles('Nodejs16.13', 'node18')).toEqual({ ok: false, line: expect.stringContaining('不是同一个 Node 版本') });
    expect(runtimeMatchesBundles('Nodejs18.15', 'node20')).toEqual({ ok: false, line: expect.stringContaining('不是同一个 Node 版本') });
    expect(runtimeMatchesBundles('Nodejs20.x', 'node20').ok).toBe(false);
    expect(runtimeMatchesBundles('Nodejs18.15', 'es2022').ok).toBe(false);
    expect(runtimeMatchesBundles('Nodejs20.19', 'node20.19').ok).toBe(true);
  });
});

describe('npm run deploy:check', () => {
  it('names each missing setting in one line', () => {
    expect(problems(checkDeploy({ root, env: {}, parts: ['functions', 'weapp'] })).slice(0, 3)).toEqual([
      expect.stringContaining('HUOZHUN_CLOUD_ENV'), expect.stringContaining('HUOZHUN_APPID'), expect.stringContaining('HUOZHUN_UPLOAD_KEY'),
    ]);
    expect(problems(checkDeploy({ root, env: { HUOZHUN_CLOUD_ENV: 'not an id!' }, parts: ['functions'] }))).toEqual([expect.stringContaining('不像云开发环境 ID')]);
  });

  it('never passes a mini-program build while HUOZHUN_CLOUD_ENV is unset (a development build names no environment)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hz-weapp-'));
    const dist = join(dir, 'miniprogram/dist/weapp');
    mkdirSync(dist, { recursive: true });
    // What `npm run build:weapp` without the variable writes: cloud.init naming no environment.
    writeFileSync(join(dist, 'app.js'), 'cloud.init({traceUser:!0})');
    writeFileSync(join(dist, 'sitemap.json'), '{}');
    mkdirSync(join(dir, '.tmp'));
    writeFileSync(join(dir, '.tmp/weapp-render.json'), JSON.stringify({ buildHash: buildHash(dist) }));
    const found = checkDeploy({ root: dir, env: {}, parts: ['weapp'] });
    expect(problems(found)).toContain('不知道小程序构建对应哪个云开发环境：设置 HUOZHUN_CLOUD_ENV 后运行 npm run build:weapp:release');
    expect(found.filter((f) => f.ok && f.line.includes('小程序'))).toEqual([]);
    expect(found.some((f) => f.line.includes('undefined'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a stale configuration, a bundle carrying the SDK, and a function whose permissions differ', async () => {
    const dir = await builtRoot();
    writeFileSync(join(dir, 'cloudbaserc.json'), renderCloudbaserc().replace('"timeout": 20', '"timeout": 3'));
    writeFileSync(join(dir, 'cloudfunctions/dist/leader/index.js'), `${readFileSync(join(dir, 'cloudfunctions/dist/leader/index.js'), 'utf8')}\n// @cloudbase/node-sdk`);
    writeFileSync(join(dir, 'cloudfunctions/dist/supplier/config.json'), JSON.stringify({ permissions: { openapi: [] } }));
    rmSync(join(dir, 'cloudfunctions/dist/scheduler'), { recursive: true });
    expect(problems(checkDeploy({ root: dir, env: ENV, parts: ['functions'] }))).toEqual([
      expect.stringContaining('cloudbaserc.json 与 cloudfunctions/functions.ts 不一致'),
      expect.stringContaining('云函数 supplier 的 config.json'),
      expect.stringContaining('云函数 leader 把 wx-server-sdk 打进了包里'),
      expect.stringContaining('云函数 scheduler 没有构建'),
    ]);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('refuses a mini-program not built for the environment, or not the build that passed the render test', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hz-weapp-'));
    const dist = join(dir, 'miniprogram/dist/weapp');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'app.js'), 'cloud.init({env:"huozhun-test-1"})');
    writeFileSync(join(dist, 'sitemap.json'), '{}');
    const key = join(dir, 'private.key');
    writeFileSync(key, '-----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----\n');
    const env = { ...ENV, HUOZHUN_APPID: 'wx0123456789abcdef', HUOZHUN_UPLOAD_KEY: key };
    expect(problems(checkDeploy({ root: dir, env, parts: ['weapp'] }))).toEqual([
      expect.stringContaining('不是为环境 huozhun-prod-7g3k5b 构建的发布版'), expect.stringContaining('没有通过渲染测试'),
    ]);
    writeFileSync(join(dist, 'app.js'), 'cloud.init({env:"huozhun-prod-7g3k5b"})');
    mkdirSync(join(dir, '.tmp'));
    writeFileSync(join(dir, '.tmp/weapp-render.json'), JSON.stringify({ buildHash: buildHash(dist) }));
    expect(problems(checkDeploy({ root: dir, env, parts: ['weapp'] }))).toEqual([]);
    writeFileSync(join(dist, 'app.js'), 'cloud.init({env:"huozhun-prod-7g3k5b"}); /* rebuilt */');
    expect(problems(checkDeploy({ root: dir, env, parts: ['weapp'] }))).toEqual([expect.stringContaining('渲染测试通过的是另一个构建')]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('npm run deploy', () => {
  const recorder = () => {
    const calls: string[][] = [];
    return { calls, run: async (command: string, args: string[]) => { calls.push([command, ...args]); return { code: 0, output: '' }; } };
  };

  it('runs nothing while a check fails', async () => {
    const r = recorder();
    const log: string[] = [];
    expect(await deploy({ root, env: {}, run: r.run, log: (l) => log.push(l), build: async () => undefined })).toBe(1);
    expect(r.calls).toEqual([]);
    expect(log.join('\n')).toContain('部署没有开始');
  });

  it('deploys every function with the resolved configuration, creates the timer trigger and the partner API\'s HTTP path, and applies every index', async () => {
    const r = recorder();
    const applied: IndexSpec[] = [];
    const code = await deploy({
      root, env: { ...ENV, HUOZHUN_BOOTSTRAP_CODE: 'first-operator-code' }, run: r.run, log: () => undefined, build: async () => undefined,
      indexes: { apply: async (ix) => { applied.push(ix); return 'created'; } },
    });
    expect(code).toBe(0);
    const configFile = join(root, '.tmp/cloudbaserc.deploy.json');
    // Each function's deploy, then (right after it) its timer trigger or HTTP path.
    const deployOf = (name: string) => ['tcb', 'fn', 'deploy', name, '--config-file', configFile, '-e', ENV.HUOZHUN_CLOUD_ENV, '--force'];
    expect(r.calls).toEqual([
      ...['account', 'supplier', 'leader', 'operator'].map(deployOf),
      deployOf('open'),
      ['tcb', 'service', 'create', '-p', '/api/open/v1', '-f', 'open', '-e', ENV.HUOZHUN_CLOUD_ENV],
      deployOf('scheduler'),
      ['tcb', 'fn', 'trigger', 'create', 'scheduler', '--config-file', configFile, '-e', ENV.HUOZHUN_CLOUD_ENV],
    ]);
    const written = JSON.parse(readFileSync(configFile, 'utf8')) as { envId: string; functions: Array<{ envVariables?: Record<string, string> }> };
    expect([written.envId, written.functions[0]!.envVariables]).toEqual([ENV.HUOZHUN_CLOUD_ENV, { HUOZHUN_BOOTSTRAP_CODE: 'first-operator-code' }]);
    expect(applied).toEqual(INDEXES);
  });

  it('stops at a failing step, and prints the indexes as console steps when it cannot apply them', async () => {
    let n = 0;
    const log: string[] = [];
    const run = async () => ({ code: ++n === 2 ? 3 : 0, output: '' });
    expect(await deploy({ root, env: ENV, run, log: (l) => log.push(l), build: async () => undefined })).toBe(3);
    expect(n).toBe(2);
    expect(log.join('\n')).toContain('部署停在这里');
    const dry: string[] = [];
    expect(await deploy({ root, env: ENV, dryRun: true, log: (l) => dry.push(l), build: async () => undefined })).toBe(0);
    expect(dry.filter((l) => l.startsWith('$ tcb fn deploy')).length).toBe(DEPLOYED_FUNCTIONS.length);
    expect(dry.join('\n')).toContain('order_lines：status_cutoffAt（status 升序，cutoffAt 升序）');
  });

  it('calls a real CLI binary with those arguments (a stub tcb that records them)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hz-tcb-'));
    const stub = join(dir, 'tcb');
    writeFileSync(stub, `#!/usr/bin/env node\nrequire('fs').appendFileSync(${JSON.stringify(join(dir, 'calls.txt'))}, process.argv.slice(2).join(' ') + '\\n');\n`);
    chmodSync(stub, 0o755);
    const code = await deploy({ root, env: { ...ENV, HUOZHUN_TCB: stub }, run: spawnRunner, log: () => undefined, build: async () => undefined });
    expect(code).toBe(0);
    const lines = readFileSync(join(dir, 'calls.txt'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(`fn deploy account --config-file ${join(root, '.tmp/cloudbaserc.deploy.json')} -e ${ENV.HUOZHUN_CLOUD_ENV} --force`);
    expect(lines.length).toBe(DEPLOYED_FUNCTIONS.length + 2); // with the timer trigger and the HTTP path
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('npm run upload:weapp', () => {
  it('wants a version number, in the form WeChat takes', () => {
    expect(parseUploadArgs([])).toEqual({ error: expect.stringContaining('--version') });
    expect(parseUploadArgs(['--version', 'v2'])).toEqual({ error: expect.stringContaining('数字.数字.数字') });
    expect(parseUploadArgs(['--version', '1.2.0', '--desc', '报数改版'])).toMatchObject({ version: '1.2.0', desc: '报数改版', preview: false, build: true });
  });

  it('refuses without the AppID and the upload key, naming each, and uploads nothing', async () => {
    const log: string[] = [];
    const ci = { Project: jest.fn(), upload: jest.fn(), preview: jest.fn() };
    const args = parseUploadArgs(['--version', '1.2.0']) as Exclude<ReturnType<typeof parseUploadArgs>, { error: string }>;
    expect(await uploadWeapp(args, { env: ENV, ci, log: (l) => log.push(l) })).toBe(1);
    expect(log).toEqual([expect.stringContaining('HUOZHUN_APPID'), expect.stringContaining('HUOZHUN_UPLOAD_KEY'), '没有上传：先设置上面的环境变量。']);
    expect(ci.upload).not.toHaveBeenCalled();
  });

  /** A root whose release build passed the render test, and the settings an upload needs. */
  const releasedRoot = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hz-upload-'));
    const dist = join(dir, 'miniprogram/dist/weapp');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'app.js'), `cloud.init({env:${JSON.stringify(ENV.HUOZHUN_CLOUD_ENV)}})`);
    writeFileSync(join(dist, 'sitemap.json'), '{}');
    mkdirSync(join(dir, '.tmp'));
    writeFileSync(join(dir, '.tmp/weapp-render.json'), JSON.stringify({ buildHash: buildHash(dist) }));
    const key = join(dir, 'private.wx0123456789abcdef.key');
    writeFileSync(key, '-----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----\n');
    return { dir, dist, env: { ...ENV, HUOZHUN_APPID: 'wx0123456789abcdef', HUOZHUN_UPLOAD_KEY: key } };
  };
  const ciRecorder = () => {
    const calls: Array<[string, Record<string, unknown>]> = [];
    return {
      calls,
      ci: {
        Project: class { constructor(o: Record<string, unknown>) { calls.push(['Project', o]); } },
        upload: async (o: Record<string, unknown>) => { calls.push(['upload', { version: o.version, desc: o.desc }]); },
        preview: async (o: Record<string, unknown>) => { calls.push(['preview', { qrcodeFormat: o.qrcodeFormat, qrcodeOutputDest: o.qrcodeOutputDest }]); },
      },
    };
  };

  it('builds the release, renders it, checks it, and uploads exactly that build (miniprogram-ci stand-in)', async () => {
    const { dir, dist, env } = releasedRoot();
    const { calls, ci } = ciRecorder();
    const steps: string[] = [];
    // The build and the render test are the repo's own (tested elsewhere): here they are asked for in order.
    const run = async (command: string, args: string[]) => { steps.push([command, ...args].join(' ')); return { code: 0, output: '' }; };
    const args = parseUploadArgs(['--version', '1.2.0', '--desc', '报数改版']) as Exclude<ReturnType<typeof parseUploadArgs>, { error: string }>;
    expect(await uploadWeapp(args, { root: dir, env, ci, run, log: () => undefined })).toBe(0);
    expect(steps).toEqual(['npm run build:weapp:release', 'node test/weapp/render-weapp.cjs']);
    expect(calls).toEqual([
      ['Project', { appid: 'wx0123456789abcdef', type: 'miniProgram', projectPath: dist, privateKeyPath: env.HUOZHUN_UPLOAD_KEY, ignores: ['node_modules/**/*'] }],
      ['upload', { version: '1.2.0', desc: '报数改版' }],
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads nothing when the build fails or the build on disk is not the one that passed (and previews write a QR code)', async () => {
    const { dir, dist, env } = releasedRoot();
    const { calls, ci } = ciRecorder();
    const args = parseUploadArgs(['--version', '1.2.0']) as Exclude<ReturnType<typeof parseUploadArgs>, { error: string }>;
    expect(await uploadWeapp(args, { root: dir, env, ci, run: async () => ({ code: 2, output: '' }), log: () => undefined })).toBe(2);
    writeFileSync(join(dist, 'app.js'), `cloud.init({env:${JSON.stringify(ENV.HUOZHUN_CLOUD_ENV)}}); /* rebuilt */`);
    expect(await uploadWeapp({ ...args, build: false }, { root: dir, env, ci, log: () => undefined })).toBe(1);
    expect(calls).toEqual([]);
    writeFileSync(join(dir, '.tmp/weapp-render.json'), JSON.stringify({ buildHash: buildHash(dist) }));
    const preview = parseUploadArgs(['--preview', '--qr', join(dir, 'qr.jpg'), '--no-build']) as Exclude<ReturnType<typeof parseUploadArgs>, { error: string }>;
    expect(await uploadWeapp(preview, { root: dir, env, ci, log: () => undefined })).toBe(0);
    expect(calls.at(-1)).toEqual(['preview', { qrcodeFormat: 'image', qrcodeOutputDest: join(dir, 'qr.jpg') }]);
    rmSync(dir, { recursive: true, force: true });
  });
});
