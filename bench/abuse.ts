// bench/abuse: what an attacker on the same network costs everyone else. The real
// self-hosted server runs in its own process (demo data, its own data directory); this
// process probes the health route over keep-alive connections, first alone (the
// baseline), then while a separate attacker process sends
//   (a) 2 clients × deeply nested 1 MB JSON bodies, signed in (40 sessions rotated, so
//       the per-session limit does not hide the parser's cost) and signed out;
//   (b) 20 clients × wrong sign-in codes.
// It prints the health route's throughput and p50/p99 beside the baseline, what the
// attackers were answered, and the goal (≥ 80% of baseline throughput, p99 < 50 ms).
// Run: npm run bench:abuse [-- seconds-per-phase]   (default 6)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../test/support/product-process';

const SECONDS = Math.max(2, Number(process.argv[3] ?? process.argv[2] ?? 6));
const ROOT = resolve(__dirname, '..');
const PROBES = 8; // concurrent health probes
const NESTED_BYTES = 1024 * 1024;

interface Answer { status: number; ms: number }

/** One POST or GET on a keep-alive agent; answers the status and the time to the last byte. */
function call(agent: Agent, port: number, method: 'GET' | 'POST', path: string, body?: Buffer, headers: Record<string, string> = {}, from = '127.0.0.1'): Promise<Answer> {
  const started = performance.now();
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, localAddress: from, headers: body ? { 'content-type': 'application/json', 'content-length': String(body.length), ...headers } : headers }, (reply) => {
      reply.resume();
      reply.on('end', () => res({ status: reply.statusCode ?? 0, ms: performance.now() - started }));
    });
    // A server that stops reading a refused body may reset the connection: that is an answer too.
    req.on('error', () => res({ status: -1, ms: performance.now() - started }));
    req.end(body);
  });
}

/** Run `clients` loops of `one` until `until`; answers every answer. */
async function loops(clients: number, until: number, one: (client: number, n: number) => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    for (let n = 0; performance.now() < until; n++) answers.push(await one(client, n));
  }));
  return answers;
}

const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
};

const tally = (answers: Answer[]): string => {
  const by = new Map<number, number>();
  for (const a of answers) by.set(a.status, (by.get(a.status) ?? 0) + 1);
  return [...by].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status === -1 ? 'reset' : status}×${n}`).join(' ');
};

// ---- the attacker process: `tsx bench/abuse.ts attack <kind> <port> <seconds> <from> [tokens…]`
// Each phase attacks from its own loopback address (127.0.0.2, .3, .4), so one phase's
// refusals do not spend the next one's allowance.

const nestedBody = (): Buffer => {
  const head = '{"action":"availability","payload":';
  const depth = Math.floor((NESTED_BYTES - head.length - 1) / 2);
  return Buffer.from(`${head}${'['.repeat(depth)}${']'.repeat(depth)}}`);
};

async function attack(kind: string, port: number, seconds: number, from: string, tokens: string[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const until = performance.now() + seconds * 1000;
  let answers: Answer[] = [];
  if (kind === 'nested-signed-in' || kind === 'nested-anonymous') {
    const body = nestedBody();
    answers = await loops(2, until, (client, n) => call(agent, port, 'POST', '/api/leader', body,
      kind === 'nested-signed-in' ? { authorization: `Bearer ${tokens[(client * 7919 + n) % tokens.length]}` } : {}, from));
  } else if (kind === 'wrong-codes') {
    answers = await loops(20, until, (client, n) => call(agent, port, 'POST', '/api/account',
      Buffer.from(JSON.stringify({ action: 'signIn', payload: { inviteCode: `WRONG-${client}-${n}-${Math.random().toString(36).slice(2, 8)}` } })), {}, from));
  }
  process.stdout.write(JSON.stringify({ sent: answers.length, tally: tally(answers) }));
  agent.destroy();
}

// ---- the measuring process

function startServer(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'cloudfunctions/src/server/main.ts'], {
    cwd: ROOT, env: { ...process.env, PORT: String(port), HUOZHUN_DATA_DIR: dataDir, HUOZHUN_DEMO: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += String(d)));
  child.stderr!.on('data', (d) => (log += String(d)));
  return new Promise((res, rej) => {
    const started = Date.now();
    const wait = setInterval(() => {
      if (log.includes('货准已启动')) { clearInterval(wait); res(child); }
      else if (child.exitCode !== null || Date.now() - started > 60_000) { clearInterval(wait); rej(new Error(`the server did not start:\n${log}`)); }
    }, 100);
  });
}

function attacker(kind: string, port: number, from: string, tokens: string[]): { done: Promise<{ sent: number; tally: string }> } {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), __filename, 'attack', kind, String(port), String(SECONDS + 1), from, ...tokens], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  return { done: new Promise((res) => child.once('exit', () => res(JSON.parse(out || '{"sent":0,"tally":""}')))) };
}

/** Health probes for SECONDS after a one-second warm-up (the attacker's start-up is not measured). */
async function probe(agent: Agent, port: number): Promise<{ rps: number; p50: number; p99: number; n: number }> {
  await loops(PROBES, performance.now() + 1000, () => call(agent, port, 'GET', '/api/health'));
  const started = performance.now();
  const answers = await loops(PROBES, started + SECONDS * 1000, () => call(agent, port, 'GET', '/api/health'));
  const ok = answers.filter((a) => a.status === 200);
  return { rps: ok.length / ((performance.now() - started) / 1000), p50: percentile(ok.map((a) => a.ms), 0.5), p99: percentile(ok.map((a) => a.ms), 0.99), n: answers.length };
}

async function signInMany(agent: Agent, port: number, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = Buffer.from(JSON.stringify({ action: 'signIn', payload: { inviteCode: 'DEMO-L01' } }));
    const token = await new Promise<string>((res, rej) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/account', agent, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }, (reply) => {
        let text = '';
        reply.on('data', (d) => (text += String(d)));
        reply.on('end', () => {
          const parsed = JSON.parse(text) as { ok: boolean; data?: { token: string }; error?: { message: string } };
          if (parsed.ok && parsed.data) res(parsed.data.token);
          else rej(new Error(`sign-in refused: ${parsed.error?.message ?? text}`));
        });
      });
      req.on('error', rej);
      req.end(body);
    });
    tokens.push(token);
  }
  return tokens;
}

async function main(): Promise<void> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'hz-abuse-'));
  const server = await startServer(port, dataDir);
  const agent = new Agent({ keepAlive: true, maxSockets: PROBES });
  try {
    const tokens = await signInMany(new Agent({ keepAlive: true }), port, 40);
    console.log(`bench/abuse: the self-hosted server in its own process on 127.0.0.1:${port}; ${PROBES} keep-alive health probes, ${SECONDS} s per phase; attackers in a third process`);
    const baseline = await probe(agent, port);
    const rows: Array<{ name: string; result: typeof baseline; attack?: { sent: number; tally: string } }> = [{ name: 'health alone (baseline)', result: baseline }];
    for (const [kind, name, from] of [
      ['nested-signed-in', '(a) 2 × nested 1 MB, signed in', '127.0.0.2'],
      ['nested-anonymous', '(a) 2 × nested 1 MB, signed out', '127.0.0.3'],
      ['wrong-codes', '(b) 20 × wrong sign-in codes', '127.0.0.4'],
    ] as const) {
      const running = attacker(kind, port, from, tokens);
      const result = await probe(agent, port);
      rows.push({ name, result, attack: await running.done });
    }
    rows.push({ name: 'health alone (again)', result: await probe(agent, port) });

    console.log('\nphase                             | health req/s | vs baseline | p50 ms | p99 ms | goal (≥80%, p99<50ms) | attackers were answered');
    for (const { name, result, attack: a } of rows) {
      const ratio = result.rps / baseline.rps;
      const goal = a ? (ratio >= 0.8 && result.p99 < 50 ? 'met' : 'MISSED') : '';
      console.log(`${name.padEnd(33)} | ${result.rps.toFixed(0).padStart(12)} | ${(ratio * 100).toFixed(0).padStart(10)}% | ${result.p50.toFixed(1).padStart(6)} | ${result.p99.toFixed(1).padStart(6)} | ${goal.padEnd(21)} | ${a ? `${a.sent} requests: ${a.tally}` : ''}`);
    }
  } finally {
    agent.destroy();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'attack') {
  void attack(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]), process.argv[6]!, process.argv.slice(7));
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
