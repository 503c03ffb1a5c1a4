// bench/reserve: single-unit reservations on one hot SKU, in process, through the
// SQLite adapter, beside a same-run baseline: a raw better-sqlite3 loop of the same
// conditional decrement plus a ledger insert. Run: npm run bench:reserve [-- N]
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerEntry, Order } from '../cloudfunctions/src/domain/model';
import { orderIdFor } from '../cloudfunctions/src/domain/order';
import { SqliteStore } from '../cloudfunctions/src/storage/sqlite/sqlite-store';
import { orderLine, record } from '../test/fixtures/catalogue';

const N = Number(process.argv[2] ?? 20_000);
const CLIENTS = 64;
const SKU = 'HOT-1';

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'hz-bench-'));
}

/** One hot SKU with `units` sellable, stored as the adapter stores it. */
function stockRow(db: Database.Database, units: number): void {
  db.prepare('INSERT INTO inventory (sku_id, sellable, committed, version, doc) VALUES (?, ?, 0, 1, ?)')
    .run(SKU, units, JSON.stringify(record(SKU, 'S', units)));
}

function baseline(synchronous: string): number {
  const dir = freshDir();
  // The same tables the adapter uses, created by the adapter's migrations, then closed.
  new SqliteStore({ filename: join(dir, 'b.db'), synchronous: synchronous as 'FULL' | 'NORMAL' }).db.close();
  const db = new Database(join(dir, 'b.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  stockRow(db, N);
  const take = db.prepare('UPDATE inventory SET sellable = sellable - 1, committed = committed + 1, version = version + 1 WHERE sku_id = ? AND sellable >= 1');
  const log = db.prepare('INSERT INTO ledger (id, sku_id, at, doc) VALUES (?, ?, ?, ?)');
  const once = db.transaction((i: number) => {
    if (take.run(SKU).changes !== 1) throw new Error('oversold');
    log.run(`l${i}`, SKU, i, JSON.stringify({ id: `l${i}`, skuId: SKU, kind: 'reserve', at: i, by: 'b', refId: `o${i}`, qty: 1 }));
  });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) once(i);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return N / secs;
}

function orderFor(i: number): { order: Order; ledger: LedgerEntry[] } {
  const id = orderIdFor('L1', `bench-${i}`);
  const order: Order = {
    id, leaderId: 'L1', idempotencyKey: `bench-${i}`, requestHash: `${SKU}×1`, status: 'placed', placedAt: i, short: [],
    lines: [orderLine({ id: `${id}_1`, orderId: id, leaderId: 'L1', skuId: SKU, supplierId: 'S', placedAt: i })],
  };
  return { order, ledger: [{ id: `l${i}`, skuId: SKU, kind: 'reserve', at: i, by: 'L1', refId: id, qty: 1 }] };
}

async function adapter(synchronous: 'FULL' | 'NORMAL'): Promise<number> {
  const dir = freshDir();
  const store = new SqliteStore({ filename: join(dir, 'a.db'), synchronous });
  stockRow(store.db, N);
  const totals = new Map([[SKU, 1]]);
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < N) {
      const { order, ledger } = orderFor(next++);
      if ((await store.reserve(order, totals, ledger)).kind !== 'placed') throw new Error('refused with stock left');
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const [rec] = await store.listInventory([SKU]);
  if (rec!.sellable !== 0 || rec!.committed !== N) throw new Error(`ended with sellable ${rec!.sellable}, committed ${rec!.committed}`);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return N / secs;
}

async function main(): Promise<void> {
  console.log(`bench/reserve: ${N} single-unit reservations on one SKU, ${CLIENTS} concurrent in-process clients, WAL file in ${tmpdir()}`);
  console.log('synchronous | adapter (order+lines+ledger) ops/s | baseline (decrement+ledger) ops/s | adapter/baseline');
  for (const mode of ['FULL', 'NORMAL'] as const) {
    const base = baseline(mode);
    const ours = await adapter(mode);
    console.log(`${mode.padEnd(11)} | ${ours.toFixed(0).padStart(34)} | ${base.toFixed(0).padStart(33)} | ${(ours / base).toFixed(2)}`);
  }
}

void main();
