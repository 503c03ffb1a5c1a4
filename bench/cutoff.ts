// bench/cutoff: the cutoff job closing waves over 100,000 order lines (40 suppliers,
// 200 leaders) through the SQLite adapter, beside a same-run baseline: a plain
// grouped query over the same rows. Run: npm run bench:cutoff [-- lines]
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../cloudfunctions/src/handlers/action';
import { closeDueWaves } from '../cloudfunctions/src/jobs/waves';
import { ManualClock } from '../cloudfunctions/src/runtime/clock';
import { newId } from '../cloudfunctions/src/runtime/ids';
import { DiskFiles } from '../cloudfunctions/src/storage/files';
import { SqliteStore } from '../cloudfunctions/src/storage/sqlite/sqlite-store';
import { CUTOFF0, DAY0, T0, orderLine } from '../test/fixtures/catalogue';

const LINES = Number(process.argv[2] ?? 100_000);
const SUPPLIERS = 40;
const LEADERS = 200;

/** The same rows in the adapter's own tables, written directly so setup is not what is timed. */
function seedLines(filename: string): void {
  new SqliteStore({ filename }).db.close(); // migrations
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  const put = db.prepare(`INSERT INTO order_lines (id, order_id, sku_id, status, placed_at, shipped_at, holds_stock, leader_id, day, wave_id, cutoff_at, doc)
    VALUES (?, ?, ?, 'placed', ?, NULL, 1, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < LINES; i++) {
      const supplierId = `S${i % SUPPLIERS}`;
      const line = orderLine({
        id: `l${i}`, orderId: `o${Math.floor(i / 3)}`, leaderId: `L${i % LEADERS}`, skuId: `${supplierId}-K${i % 25}`, supplierId,
        waveId: `${supplierId}_${DAY0}`, qty: 1 + (i % 4), placedAt: T0 + i,
      });
      put.run(line.id, line.orderId, line.skuId, line.placedAt, line.leaderId, line.day, line.waveId, line.cutoffAt, JSON.stringify(line));
    }
  })();
  db.close();
}

function baseline(filename: string): { ms: number; waves: number } {
  const db = new Database(filename, { readonly: true });
  const t0 = process.hrtime.bigint();
  const rows = db.prepare("SELECT wave_id, COUNT(*) AS lines, SUM(json_extract(doc, '$.qty')) AS units FROM order_lines WHERE status = 'placed' AND cutoff_at <= ? GROUP BY wave_id").all(CUTOFF0);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  db.close();
  return { ms, waves: rows.length };
}

async function cutoff(filename: string, dir: string): Promise<{ ms: number; waves: number; forwarded: number }> {
  const store = new SqliteStore({ filename });
  const deps: Deps = { store, notifier: {}, files: new DiskFiles(join(dir, 'uploads')), clock: new ManualClock(CUTOFF0), newId, runtime: 'selfhosted', demo: false };
  const t0 = process.hrtime.bigint();
  const run = await closeDueWaves(deps);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const again = await closeDueWaves(deps);
  if (again.forwarded !== 0) throw new Error('a second run forwarded lines again');
  await store.close();
  return { ms, waves: run.waves.length, forwarded: run.forwarded };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hz-bench-cutoff-'));
  const a = join(dir, 'a.db');
  const b = join(dir, 'b.db');
  seedLines(a);
  seedLines(b);
  const base = baseline(b);
  const ours = await cutoff(a, dir);
  if (ours.forwarded !== LINES || ours.waves !== base.waves) throw new Error(`closed ${ours.waves} waves / ${ours.forwarded} lines, expected ${base.waves} / ${LINES}`);
  console.log(`bench/cutoff: ${LINES} placed lines, ${SUPPLIERS} suppliers, ${LEADERS} leaders, SQLite WAL (synchronous=FULL) in ${tmpdir()}`);
  console.log('what                                              | time (ms) | lines/s');
  console.log(`cutoff job (closeDueWaves: ${ours.waves} waves in one transaction) | ${ours.ms.toFixed(0).padStart(9)} | ${(LINES / (ours.ms / 1000)).toFixed(0)}`);
  console.log(`baseline (one grouped query over the same rows)   | ${base.ms.toFixed(0).padStart(9)} | ${(LINES / (base.ms / 1000)).toFixed(0)}`);
  console.log(`ratio (cutoff / baseline): ${(ours.ms / base.ms).toFixed(1)}×`);
  rmSync(dir, { recursive: true, force: true });
}

void main();
