// bench/propagation: how long a supplier's new count takes to reach a leader — from
// the supplier's submitReport to the leader's next availability answer showing it —
// through the real self-hosted server (fastify, SQLite file at synchronous=FULL, the
// demo world), beside a same-run baseline: the leader's availability answer alone.
// On the phone add the page's own wait: an open availability page asks again every
// 60 s, or at once on pull-down. Run: npm run bench:propagation [-- reports]  (default 300)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AvailabilityItem } from '../cloudfunctions/src/contract/api';
import type { Deps } from '../cloudfunctions/src/handlers/action';
import { systemClock } from '../cloudfunctions/src/runtime/clock';
import { newId } from '../cloudfunctions/src/runtime/ids';
import { buildServer } from '../cloudfunctions/src/server/app';
import { seedDemo } from '../cloudfunctions/src/server/seed';
import { DiskFiles } from '../cloudfunctions/src/storage/files';
import { SqliteStore } from '../cloudfunctions/src/storage/sqlite/sqlite-store';

const REPORTS = Math.max(10, Number(process.argv[2] ?? 300));
const SKU = 'HZ2001'; // 赣南脐橙 5斤装, the portal supplier's

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'huozhun-propagation-'));
  const store = new SqliteStore({ filename: join(dir, 'huozhun.db') });
  const files = new DiskFiles(join(dir, 'uploads'));
  const deps: Deps = { store, files, notifier: {}, clock: systemClock, newId, runtime: 'selfhosted', demo: true };
  await seedDemo(deps);
  const app = await buildServer({ deps, uploads: files });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const call = async <T>(fn: string, action: string, payload: unknown, token?: string): Promise<T> => {
    const res = await fetch(`${url}/api/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ action, payload }),
    });
    const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
    if (!body.ok) throw new Error(`${fn}.${action}: ${body.error?.message}`);
    return body.data as T;
  };
  const signIn = async (inviteCode: string) => (await call<{ token: string }>('account', 'signIn', { inviteCode })).token;
  const [supplier, leader] = [await signIn('DEMO-S02'), await signIn('DEMO-L01')];
  const onHandSeen = async (): Promise<number> => (await call<AvailabilityItem[]>('leader', 'availability', {}, leader)).find((i) => i.skuId === SKU)!.onHand;

  const propagation: number[] = [];
  const fetchAlone: number[] = [];
  for (let i = 0; i < REPORTS; i++) {
    // Small steps up and down: never a jump the guard would hold.
    const count = 100 + (i % 2);
    const t0 = performance.now();
    await call('supplier', 'submitReport', { lines: [{ skuId: SKU, onHand: count }] }, supplier);
    if ((await onHandSeen()) !== count) throw new Error(`report ${i} did not show`);
    propagation.push(performance.now() - t0);
    const t1 = performance.now();
    await onHandSeen();
    fetchAlone.push(performance.now() - t1);
  }
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  console.log(`bench/propagation: ${REPORTS} reports of one SKU through the self-hosted HTTP API (demo world, 30 SKUs, SQLite synchronous=FULL)`);
  const row = (label: string, xs: number[]) => `${label.padEnd(40)} | ${pct(xs, 0.5).toFixed(1).padStart(9)} | ${pct(xs, 0.95).toFixed(1).padStart(6)}`;
  console.log(`${''.padEnd(40)} | median ms | p95 ms`);
  console.log(row("report → leader's next answer shows it", propagation));
  console.log(row('baseline: availability answer alone', fetchAlone));
  console.log(`${'ratio (median)'.padEnd(40)} | ${(pct(propagation, 0.5) / pct(fetchAlone, 0.5)).toFixed(2)}×`);
  console.log('On a phone: plus up to 60 s while the availability page stays open (it asks again each minute), or none on pull-down.');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
