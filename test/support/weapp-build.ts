// One weapp build at a time. Taro empties miniprogram/dist/weapp when a build starts, so
// the jest projects that build it or read it (build, weapp) hold this lock meanwhile: they
// may run at the same time in one `jest` run, each in its own worker process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const WEAPP_DIST = join(ROOT, 'miniprogram/dist/weapp');
const LOCK = join(ROOT, '.tmp/weapp-build.lock');
/** A holder that died (or hung) is not waited for longer than this. */
const STALE_MS = 15 * 60 * 1000;

function holderGone(): boolean {
  try {
    const owner = JSON.parse(readFileSync(join(LOCK, 'owner.json'), 'utf8')) as { pid: number; at: number };
    if (Date.now() - owner.at > STALE_MS) return true;
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    // ESRCH: no such process. A lock without its owner file is being made or removed: wait.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Waits for the lock (mkdir is atomic) and answers its release. */
export async function acquireWeappLock(timeoutMs = 8 * 60 * 1000): Promise<() => void> {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'owner.json'), JSON.stringify({ pid: process.pid, at: Date.now() }));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (holderGone()) rmSync(LOCK, { recursive: true, force: true });
    else if (Date.now() - started > timeoutMs) throw new Error(`waited ${timeoutMs / 1000} s for ${LOCK}`);
    else await new Promise((r) => setTimeout(r, 250));
  }
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), 0);
}

/**
 * Whether dist/weapp predates the app's sources: app.js (written at the end of a build)
 * older than any file under miniprogram/src or the Taro config. A dependency upgrade is
 * not seen; `npm run build:weapp` by hand covers that.
 */
export function weappBuildIsStale(): boolean {
  const appJs = join(WEAPP_DIST, 'app.js');
  if (!existsSync(appJs)) return true;
  const sources = ['miniprogram/src', 'miniprogram/config', 'miniprogram/babel.config.js'].map((p) => newestMtime(join(ROOT, p)));
  return statSync(appJs).mtimeMs < Math.max(...sources);
}

/**
 * `npm run build:weapp`, with `env` over this process's environment (e.g. the
 * HUOZHUN_CLOUD_ENV the build writes into app.js); throws with the build's output when
 * it fails. Hold the lock.
 */
export function buildWeapp(env: NodeJS.ProcessEnv = {}): void {
  const build = spawnSync('npm', ['run', 'build:weapp'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production', ...env } });
  if (build.status !== 0) {
    throw new Error(`npm run build:weapp failed (${build.status}):\n${build.stdout.slice(-4000)}\n${build.stderr.slice(-4000)}`);
  }
}
