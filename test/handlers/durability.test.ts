// The load and crash tests issue 17 keeps green while the server is made fast:
// a thousand concurrent single-unit orders over the network never sell more than there
// is, and the self-hosted server killed with SIGKILL in the middle of an order load
// loses no order it acknowledged and leaves no order half taken.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlaceOrderResult } from '../../cloudfunctions/src/contract/api';
import type { Result } from '../../cloudfunctions/src/domain/errors';
import type { User } from '../../cloudfunctions/src/domain/model';
import { hashToken } from '../../cloudfunctions/src/handlers/sessions';
import { SqliteStore } from '../../cloudfunctions/src/storage/sqlite/sqlite-store';
import { record, skus, suppliers, users } from '../fixtures/catalogue';
import { startTestServer } from '../support/http-server';
import { freePort, startServerProcess } from '../support/product-process';

describe('orders under load', () => {
  it('1,000 concurrent single-unit orders from the network on 50 units: exactly 50 placed, 950 refused, nothing oversold', async () => {
    const s = await startTestServer({ server: { rateLimits: { anonymousPerMinute: 100_000, perSessionPerMinute: 100_000 } } });
    try {
      await s.store.upsertSuppliers(suppliers);
      await s.store.upsertSkus(skus);
      await s.store.upsertUsers(users);
      const fruit = await s.signIn('SUP-FRUIT');
      await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 63 }] }, fruit); // 63 − ceil(12.6) = 50 sellable
      expect((await s.store.listInventory(['A001']))[0]!.sellable).toBe(50);
      const leaders = [await s.signIn('LEAD-0001'), await s.signIn('LEAD-0002')];
      const results = await Promise.all(Array.from({ length: 1_000 }, (_, i) =>
        s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: `rush-${String(i).padStart(5, '0')}`, lines: [{ skuId: 'A001', qty: 1 }] }, leaders[i % 2])));
      expect(results.filter((r) => r.ok).length).toBe(50);
      expect(results.filter((r) => !r.ok && r.error.code === 'INSUFFICIENT_STOCK').length).toBe(950);
      const [a001] = await s.store.listInventory(['A001']);
      expect([a001!.sellable, a001!.committed]).toEqual([0, 50]);
      expect((await s.store.listOrderLines({ skuIds: ['A001'], heldSince: 0 })).length).toBe(50);
    } finally {
      await s.close();
    }
  }, 120_000);
});

const UNITS = 100_000;
const LEADERS = 50;

/** Two SKUs with plenty, 50 leaders signed in: written before the server starts. */
async function seed(filename: string): Promise<string[]> {
  const store = new SqliteStore({ filename });
  await store.upsertSuppliers(suppliers);
  await store.upsertSkus(skus);
  const put = store.db.prepare('INSERT INTO inventory (sku_id, sellable, committed, version, doc) VALUES (?, ?, 0, 1, ?)');
  for (const skuId of ['A001', 'A002']) put.run(skuId, UNITS, JSON.stringify(record(skuId, 'sup-fruit', UNITS)));
  const now = Date.now();
  const leaders: User[] = Array.from({ length: LEADERS }, (_, i) => ({ id: `u-load-${i}`, name: `团长${i}`, role: 'leader', community: `小区${i}`, inviteCode: `LOAD-${i}`, inviteUsedAt: now }));
  await store.upsertUsers(leaders);
  const tokens = leaders.map(() => randomBytes(24).toString('hex'));
  for (const [i, token] of tokens.entries()) await store.createSession({ tokenHash: hashToken(token), userId: leaders[i]!.id, createdAt: now, lastUsedAt: now });
  await store.close();
  return tokens;
}

/** The server itself as the child (node with tsx's loader, no wrapper process): SIGKILL reaches it. */
async function serve(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  return { url: `http://127.0.0.1:${port}`, child: await startServerProcess(dataDir, port) };
}

const placeOrder = async (url: string, token: string, key: string): Promise<Result<PlaceOrderResult>> => {
  const res = await fetch(`${url}/api/leader`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ action: 'placeOrder', payload: { idempotencyKey: key, lines: [{ skuId: 'A001', qty: 1 }, { skuId: 'A002', qty: 2 }] } }),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as Result<PlaceOrderResult>;
};

describe('the self-hosted server killed in the middle of an order load', () => {
  it('loses no acknowledged order and leaves no order half taken; after a restart every acknowledged order answers as placed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'huozhun-kill-'));
    const filename = join(dataDir, 'huozhun.db');
    let child: ChildProcess | undefined;
    try {
      const tokens = await seed(filename);
      const first = await serve(dataDir);
      child = first.child;
      const acknowledged: Array<{ token: string; key: string; orderId: string }> = [];
      let dead = false;
      let next = 0;
      // 100 clients, each sending its next order when the last one is answered, until the server dies.
      const client = async (c: number): Promise<void> => {
        while (!dead) {
          const token = tokens[c % tokens.length]!;
          const key = `kill-${String(next++).padStart(6, '0')}`;
          try {
            const r = await placeOrder(first.url, token, key);
            if (r.ok) acknowledged.push({ token, key, orderId: r.data.orderId });
          } catch {
            return; // the connection died with the server: this order was never acknowledged
          }
        }
      };
      const clients = Array.from({ length: 100 }, (_, c) => client(c));
      // Kill it once it has acknowledged a few hundred orders, with a hundred more in flight.
      while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 20));
      first.child.kill('SIGKILL');
      dead = true;
      await new Promise<void>((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r() : first.child.once('exit', () => r())));
      await Promise.all(clients);
      expect(acknowledged.length).toBeGreaterThanOrEqual(300);

      // What the file holds after the kill: every acknowledged order, whole; no order taken in part.
      const store = new SqliteStore({ filename });
      try {
        for (const a of acknowledged) {
          const o = await store.getOrder(a.orderId);
          expect([a.orderId, o?.status, o?.lines.map((l) => [l.skuId, l.qty, l.status])]).toEqual([a.orderId, 'placed', [['A001', 1, 'placed'], ['A002', 2, 'placed']]]);
        }
        const lines = await store.listOrderLines({ skuIds: ['A001', 'A002'], heldSince: 0 });
        const placedOrders = (store.db.prepare("SELECT COUNT(*) AS n FROM orders WHERE status = 'placed'").get() as { n: number }).n;
        expect(lines.length).toBe(placedOrders * 2);
        const [a001, a002] = await store.listInventory(['A001', 'A002']);
        expect([a001!.committed, a002!.committed]).toEqual([placedOrders, placedOrders * 2]);
        // The ledger moved with the lines and the stock: one reserve entry per order and SKU, no more, no fewer.
        const reserved = async (skuId: string) => (await store.listLedger(skuId)).filter((e) => e.kind === 'reserve').reduce((n, e) => n + e.qty, 0);
        expect([await reserved('A001'), await reserved('A002')]).toEqual([placedOrders, placedOrders * 2]);
        expect(placedOrders).toBeGreaterThanOrEqual(acknowledged.length);
      } finally {
        await store.close();
      }

      // Restarted on the same directory: each acknowledged submit, sent again, is answered as the order it placed.
      const second = await serve(dataDir);
      child = second.child;
      for (const a of acknowledged) {
        const again = await placeOrder(second.url, a.token, a.key);
        expect(again.ok && [again.data.orderId, again.data.replayed]).toEqual([a.orderId, true]);
      }
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((r) => child!.once('exit', () => r()));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
