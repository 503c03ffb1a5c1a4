// npm run deploy [-- --dry-run]: build the cloud functions, check them (refusing to
// start when anything is wrong), then deploy each with the CloudBase CLI (`tcb`, or the
// command in HUOZHUN_TCB), create the scheduler's timer trigger, and apply the database
// indexes (through @cloudbase/manager-node when it is installed and Tencent Cloud keys
// are set; otherwise printed as console steps). `--dry-run` prints the commands only.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunctions } from '../../cloudfunctions/build';
import { resolvedCloudbaserc } from '../../cloudfunctions/cloudbaserc';
import { DEPLOYED_FUNCTIONS } from '../../cloudfunctions/functions';
import { INDEXES, type IndexSpec } from '../../cloudfunctions/indexes';
import { ROOT, checkDeploy } from './check';

export interface Runner {
  (command: string, args: string[]): Promise<{ code: number; output: string }>;
}

export interface DeployOptions {
  root?: string;
  env?: NodeJS.ProcessEnv;
  run?: Runner;
  log?: (line: string) => void;
  dryRun?: boolean;
  /** Applies indexes; undefined when @cloudbase/manager-node cannot (the steps are printed instead). */
  indexes?: IndexApplier;
  build?: () => Promise<unknown>;
}

export interface IndexApplier {
  /** Creates the index unless one by its name exists; answers whether it was created. */
  apply(index: IndexSpec): Promise<'created' | 'exists'>;
}

/** Runs a command, its output passed through and kept. */
export const spawnRunner: Runner = (command, args) => new Promise((resolvePromise) => {
  const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'], shell: process.platform === 'win32' });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d; process.stdout.write(d); });
  child.stderr.on('data', (d: Buffer) => { output += d; process.stderr.write(d); });
  child.on('error', (err) => resolvePromise({ code: 127, output: String(err) }));
  child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
});

/** The whole deploy; answers 0 when everything was deployed (or, dry, would be). */
export async function deploy(options: DeployOptions = {}): Promise<number> {
  const root = options.root ?? ROOT;
  const env = options.env ?? process.env;
  const log = options.log ?? console.log;
  const run = options.run ?? spawnRunner;
  await (options.build ?? (() => buildFunctions()))();
  const problems = checkDeploy({ root, env, parts: ['functions'] }).filter((f) => !f.ok);
  if (problems.length > 0) {
    for (const p of problems) log(`✗ ${p.line}`);
    log('部署没有开始：先改正上面的问题（npm run deploy:check 可以再查一次）。');
    return 1;
  }
  const envId = env.HUOZHUN_CLOUD_ENV!.trim();
  const configFile = join(root, '.tmp', 'cloudbaserc.deploy.json');
  mkdirSync(join(root, '.tmp'), { recursive: true });
  // The committed template with this machine's values in: the env id, the bootstrap code.
  writeFileSync(configFile, resolvedCloudbaserc(env));
  const tcb = env.HUOZHUN_TCB?.trim() || 'tcb';
  const steps: Array<[string, string[]]> = [];
  for (const fn of DEPLOYED_FUNCTIONS) {
    steps.push([tcb, ['fn', 'deploy', fn.name, '--config-file', configFile, '-e', envId, '--force']]);
    if (fn.config.triggers?.length) steps.push([tcb, ['fn', 'trigger', 'create', fn.name, '--config-file', configFile, '-e', envId]]);
    // The partner API answers over HTTP: CloudBase's HTTP access service routes its path to the function.
    if (fn.httpPath) steps.push([tcb, ['service', 'create', '-p', fn.httpPath, '-f', fn.name, '-e', envId]]);
  }
  for (const [command, args] of steps) {
    log(`$ ${command} ${args.join(' ')}`);
    if (options.dryRun) continue;
    const { code } = await run(command, args);
    if (code !== 0) {
      log(`✗ 上一步失败（退出码 ${code}），部署停在这里。已部署的函数不受影响，改正后重新运行 npm run deploy 即可（每一步都可以重复执行）。`);
      return code;
    }
  }
  await applyIndexes(options.indexes, log, options.dryRun === true);
  log('\n还需要在控制台完成：订阅消息模板（微信公众平台 → 订阅消息）和用户隐私保护指引，见 README。');
  return 0;
}

async function applyIndexes(applier: IndexApplier | undefined, log: (line: string) => void, dryRun: boolean): Promise<void> {
  if (!applier || dryRun) {
    log(`\n数据库索引（${INDEXES.length} 个）${dryRun ? '将会创建' : '请在 云开发控制台 → 数据库 → 集合 → 索引管理 中添加'}：`);
    for (const ix of INDEXES) log(`  ${ix.collection}：${ix.name}（${ix.keys.map(([f, d]) => `${f} ${d === 1 ? '升序' : '降序'}`).join('，')}${ix.unique ? '，唯一' : ''}）— ${ix.serves}`);
    return;
  }
  for (const ix of INDEXES) log(`${(await applier.apply(ix)) === 'created' ? '✓ 已创建' : '= 已存在'} 索引 ${ix.collection}.${ix.name}`);
}

/** @cloudbase/manager-node, when installed and given keys: CloudBase's own management API. */
export async function managerIndexes(env: NodeJS.ProcessEnv): Promise<IndexApplier | undefined> {
  if (!env.TENCENTCLOUD_SECRETID || !env.TENCENTCLOUD_SECRETKEY) return undefined;
  let CloudBase: new (o: object) => { database: ManagerDatabase };
  try {
    // Optional: not a dependency of the project (it is large); install it to apply indexes by script.
    CloudBase = (await import('@cloudbase/manager-node' as string)).default as typeof CloudBase;
  } catch {
    return undefined;
  }
  const db = new CloudBase({ secretId: env.TENCENTCLOUD_SECRETID, secretKey: env.TENCENTCLOUD_SECRETKEY, envId: env.HUOZHUN_CLOUD_ENV }).database;
  return {
    async apply(ix) {
      await db.createCollectionIfNotExists(ix.collection);
      if ((await db.checkIndexExists(ix.collection, ix.name)).Exists) return 'exists';
      await db.updateCollection(ix.collection, {
        CreateIndexes: [{
          IndexName: ix.name,
          MgoKeySchema: { MgoIsUnique: ix.unique === true, MgoIndexKeys: ix.keys.map(([Name, d]) => ({ Name, Direction: String(d) })) },
        }],
      });
      return 'created';
    },
  };
}

interface ManagerDatabase {
  createCollectionIfNotExists(name: string): Promise<unknown>;
  checkIndexExists(collection: string, index: string): Promise<{ Exists: boolean }>;
  updateCollection(collection: string, info: object): Promise<unknown>;
}

if (require.main === module) {
  const dryRun = process.argv.includes('--dry-run');
  managerIndexes(process.env)
    .then((indexes) => deploy({ dryRun, ...(indexes ? { indexes } : {}) }))
    .then((code) => process.exit(code))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
