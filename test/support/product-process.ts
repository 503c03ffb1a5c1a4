// Runs the real `npm start` (H5 build + self-hosted server) in its own process group
// on a free port and a fresh data directory, and stops the whole group afterwards.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ProductProcess {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => res(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The self-hosted server itself as the child (node with tsx's loader, no npm or wrapper
 * process, so a signal such as SIGKILL reaches it) on `port` and an existing data
 * directory, without demo data; resolves once it says it started.
 */
export async function startServerProcess(dataDir: string, port: number, timeoutMs = 90_000, nodeArgs: readonly string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'cloudfunctions/src/server/main.ts'], {
    cwd: resolve(__dirname, '../..'), env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', HUOZHUN_DATA_DIR: dataDir, HUOZHUN_DEMO: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += String(d)));
  child.stderr!.on('data', (d) => (log += String(d)));
  const started = Date.now();
  while (!log.includes('货准已启动')) {
    if (child.exitCode !== null || Date.now() - started > timeoutMs) throw new Error(`the server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

export async function startProduct(script = 'start', env: Record<string, string> = {}, timeoutMs = 240_000): Promise<ProductProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'huozhun-e2e-'));
  let log = '';
  const child: ChildProcess = spawn('npm', ['run', script], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', HUOZHUN_DATA_DIR: dataDir, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += String(d)));
  child.stderr!.on('data', (d) => (log += String(d)));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => { timer = setTimeout(r, 10_000); })]);
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const started = Date.now();
  while (!log.includes('货准已启动')) {
    if (child.exitCode !== null) throw new Error(`npm ${script} exited early:\n${log}`);
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`npm ${script} did not start within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url: `http://127.0.0.1:${port}`, output: () => log, stop };
}
