// bench/import: the 10,000-line spreadsheet of counts, end to end through the real
// code (readStockSheet, mapStockRows, applyReport on the SQLite adapter, a WAL file
// with the server's default synchronous=FULL), beside a same-run baseline: the same
// 10,000 inventory rows inserted with raw better-sqlite3 in one transaction.
// Run: npx tsx bench/import.ts [runs]   (the median of the runs is printed; default 3)
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../cloudfunctions/src/domain/model';
import { mapStockRows } from '../cloudfunctions/src/domain/stock-import';
import type { Deps } from '../cloudfunctions/src/handlers/action';
import { applyReport } from '../cloudfunctions/src/handlers/report-apply';
import { readStockSheet } from '../cloudfunctions/src/import/stock-sheet';
import { newId } from '../cloudfunctions/src/runtime/ids';
import { DiskFiles } from '../cloudfunctions/src/storage/files';
import { SqliteStore } from '../cloudfunctions/src/storage/sqlite/sqlite-store';
import { BULK, T0, bulkCode, bulkQty, bulkSkus, skus, suppliers } from '../test/fixtures/import/catalogue';

const RUNS = Math.max(1, Number(process.argv[2] ?? 3));
const FILE = join(__dirname, '../test/fixtures/import/ten-thousand.csv');

type Row = Record<string, unknown>;

interface EndToEnd {
  read: number;
  map: number;
  apply: number;
  total: number;
  /** The inventory table as the adapter left it: what the baseline inserts again. */
  rows: Row[];
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const freshDir = (): string => mkdtempSync(join(tmpdir(), 'hz-bench-import-'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function seededStore(dir: string): Promise<SqliteStore> {
  const store = new SqliteStore({ filename: join(dir, 'a.db') });
  await store.upsertSuppliers(suppliers);
  await store.upsertSkus([...skus, ...bulkSkus()]);
  return store;
}

/** One import as a handler would run it; catalogue loading counts as part of mapping. */
async function endToEnd(bytes: Uint8Array, fileName: string): Promise<EndToEnd> {
  const dir = freshDir();
  const store = await seededStore(dir);
  // As the server's main.ts wires them, with a fixed clock.
  const deps: Deps = { store, notifier: {}, files: new DiskFiles(join(dir, 'uploads')), clock: { now: () => T0 }, newId, runtime: 'selfhosted', demo: false };

  const t0 = process.hrtime.bigint();
  const read = await readStockSheet(bytes, fileName);
  if (!read.ok) throw new Error(read.error.message);
  const tRead = ms(t0);

  const t1 = process.hrtime.bigint();
  const catalogue = await store.listSkus();
  const { lines, issues } = mapStockRows(read.data.rows, { supplierId: BULK, skus: catalogue });
  if (issues.length > 0 || lines.length !== 10_000) throw new Error(`mapped ${lines.length} lines with ${issues.length} issues`);
  const tMap = ms(t1);

  const t2 = process.hrtime.bigint();
  const report: Report = { id: newId('rep'), supplierId: BULK, source: 'spreadsheet', basis: 'physical', reportedBy: 'u-op', reportedAt: T0, lines };
  const applied = await applyReport(deps, report, new Map(catalogue.map((s) => [s.id, s])));
  if (!applied.ok) throw new Error(applied.error.message);
  const tApply = ms(t2);
  const total = ms(t0);

  const stored = await store.listInventory([bulkCode(4321)]);
  if (stored[0]?.onHand !== bulkQty(4321)) throw new Error(`BK04321 stored ${stored[0]?.onHand}, expected ${bulkQty(4321)}`);
  const rows = store.db.prepare('SELECT * FROM inventory').all() as Row[];
  if (rows.length !== 10_000) throw new Error(`inventory has ${rows.length} rows`);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { read: tRead, map: tMap, apply: tApply, total, rows };
}

/** The same rows, straight into the same table (made by the adapter's own migrations), one transaction. */
function baseline(rows: Row[]): number {
  const dir = freshDir();
  new SqliteStore({ filename: join(dir, 'b.db') }).db.close();
  const db = new Database(join(dir, 'b.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const cols = Object.keys(rows[0]!);
  const put = db.prepare(`INSERT INTO inventory (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
  const t0 = process.hrtime.bigint();
  db.transaction(() => rows.forEach((r) => put.run(r)))();
  const took = ms(t0);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return took;
}

/** The same 10,000 rows as an Excel workbook, to show what reading XLSX costs instead of CSV. */
async function sameRowsAsXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('库存');
  ws.addRow(['商品编码', '库存']);
  for (let i = 1; i <= 10_000; i++) ws.addRow([bulkCode(i), bulkQty(i)]);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

async function main(): Promise<void> {
  const csv = new Uint8Array(readFileSync(FILE));
  const xlsx = await sameRowsAsXlsx();
  console.log(`bench/import: 10,000-line spreadsheet import, SqliteStore on a WAL file (synchronous=FULL) in ${tmpdir()}, median of ${RUNS} run(s)`);

  const runs: Array<{ e2e: EndToEnd; base: number; xlsx: EndToEnd }> = [];
  for (let i = 0; i < RUNS; i++) {
    const e2e = await endToEnd(csv, 'ten-thousand.csv');
    const base = baseline(e2e.rows);
    const viaXlsx = await endToEnd(xlsx, 'ten-thousand.xlsx');
    runs.push({ e2e, base, xlsx: viaXlsx });
  }
  const m = (pick: (r: (typeof runs)[number]) => number): number => median(runs.map(pick));
  const total = m((r) => r.e2e.total);
  const base = m((r) => r.base);
  const f = (x: number): string => `${x.toFixed(1)} ms`;

  console.log(`file: ten-thousand.csv (${(csv.length / 1024).toFixed(0)} KB), same rows as .xlsx (${(xlsx.length / 1024).toFixed(0)} KB)`);
  console.log('phase                         | csv          | xlsx');
  console.log(`read (readStockSheet)         | ${f(m((r) => r.e2e.read)).padStart(12)} | ${f(m((r) => r.xlsx.read)).padStart(12)}`);
  console.log(`map (catalogue + mapStockRows)| ${f(m((r) => r.e2e.map)).padStart(12)} | ${f(m((r) => r.xlsx.map)).padStart(12)}`);
  console.log(`apply (applyReport)           | ${f(m((r) => r.e2e.apply)).padStart(12)} | ${f(m((r) => r.xlsx.apply)).padStart(12)}`);
  console.log(`total                         | ${f(total).padStart(12)} | ${f(m((r) => r.xlsx.total)).padStart(12)}`);
  console.log('');
  console.log('end to end (csv) | baseline (raw insert of the same 10,000 inventory rows, one transaction) | end-to-end/baseline');
  console.log(`${f(total).padStart(16)} | ${f(base).padStart(72)} | ${(total / base).toFixed(1)}×`);
  console.log(`rows per second: end to end ${(10_000 / (total / 1000)).toFixed(0)}, baseline ${(10_000 / (base / 1000)).toFixed(0)}`);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
