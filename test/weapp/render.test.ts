// The weapp WeChat runs, rendered before upload (test/weapp/render-weapp.cjs): a plain Node
// process, because the bundle must load through Node's own require, not Jest's transform.
// Builds first only when dist/weapp is missing or older than the sources.
import { spawn } from 'node:child_process';
import { ROOT, acquireWeappLock, buildWeapp, weappBuildIsStale } from '../support/weapp-build';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let release: (() => void) | undefined;

beforeAll(async () => {
  // Held until the render is done: the build test's rebuild would empty dist/weapp under it.
  release = await acquireWeappLock();
  if (weappBuildIsStale()) buildWeapp();
}, 300_000);

afterAll(() => release?.());

test('the built weapp renders in miniprogram-simulate and the three roles’ journeys work', async () => {
  const started = Date.now();
  const { code, stdout, stderr } = await run(process.execPath, ['test/weapp/render-weapp.cjs']);
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) throw new Error(`render-weapp.cjs printed no result (exit ${code}):\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`);
  const { passed, checks } = JSON.parse(line) as { passed: boolean; checks: Check[] };
  console.log(`weapp render: ${checks.filter((c) => c.ok).length}/${checks.length} checks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  expect(checks.filter((c) => !c.ok)).toEqual([]);
  expect(passed).toBe(true);
  expect(code).toBe(0);
}, 240_000);
