// The availability answer is computed once per change (issue 17) and a polling page gets
// 304 while it has not changed — but never a stale answer: an order, a report, a SKU taken
// off sale, a write from another connection to the same database and a passed cutoff each
// show at the very next call.
import Database from 'better-sqlite3';
import type { AvailabilityItem, PlaceOrderResult } from '../../cloudfunctions/src/contract/api';
import { skus, suppliers, users } from '../fixtures/catalogue';
import { type TestServer, startTestServer } from '../support/http-server';

let s: TestServer;
let leader: string;

beforeEach(async () => {
  s = await startTestServer();
  await s.store.upsertSuppliers(suppliers);
  await s.store.upsertSkus(skus);
  await s.store.upsertUsers(users);
  await s.call('supplier', 'submitReport', { lines: [{ skuId: 'A001', onHand: 63 }, { skuId: 'A002', onHand: 40 }] }, await s.signIn('SUP-FRUIT'));
  leader = await s.signIn('LEAD-0001');
});
afterEach(() => s.close());

const ask = (tag?: string) => fetch(`${s.url}/api/leader`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${leader}`, ...(tag ? { 'if-none-match': tag } : {}) },
  body: JSON.stringify({ action: 'availability', payload: {} }),
});
const sellableIn = async (res: Response, skuId: string): Promise<number | undefined> =>
  ((await res.json()) as { data: AvailabilityItem[] }).data.find((i) => i.skuId === skuId)?.sellable;

it('tags the answer and answers 304 with no body while nothing changed; an order changes it at once', async () => {
  const first = await ask();
  const tag = first.headers.get('etag')!;
  expect(tag).toMatch(/^W\/"[\w-]+"$/);
  expect(await sellableIn(first, 'A001')).toBe(50);
  const same = await ask(tag);
  expect([same.status, await same.text()]).toEqual([304, '']);
  const placed = await s.call<PlaceOrderResult>('leader', 'placeOrder', { idempotencyKey: 'cache-0001', lines: [{ skuId: 'A001', qty: 3 }] }, leader);
  expect(placed.ok).toBe(true);
  const after = await ask(tag);
  expect(after.status).toBe(200);
  expect(after.headers.get('etag')).not.toBe(tag);
  expect(await sellableIn(after, 'A001')).toBe(47);
});

it('reads If-None-Match as HTTP does: a list of tags, strong or weak, or *', async () => {
  const tag = (await ask()).headers.get('etag')!;
  const strong = tag.replace(/^W\//, '');
  for (const header of [`"older", ${tag}`, `${strong}`, '*', ` "a" ,${strong} `]) expect([header, (await ask(header)).status]).toEqual([header, 304]);
  for (const header of ['"older"', 'W/"older", "other"']) expect([header, (await ask(header)).status]).toEqual([header, 200]);
});

it('a SKU taken off sale, a write from another connection and a passed cutoff each show at the next call', async () => {
  expect(await sellableIn(await ask(), 'A002')).toBeDefined();
  await s.store.upsertSkus([{ ...(await s.store.getSkus(['A002']))[0]!, listed: false }]);
  expect(await sellableIn(await ask(), 'A002')).toBeUndefined();

  // Another process on the same database file (a second server, a script): seen through the version it bumped.
  const other = new Database(s.dbFile);
  other.prepare("UPDATE inventory SET sellable = 12, doc = json_set(doc, '$.sellable', 12) WHERE sku_id = 'A001'").run();
  other.close();
  expect(await sellableIn(await ask(), 'A001')).toBe(12);

  const before = ((await (await ask()).json()) as { data: AvailabilityItem[] }).data[0]!.cutoffAt;
  s.clock.set(before + 60_000);
  const later = ((await (await ask()).json()) as { data: AvailabilityItem[] }).data[0]!.cutoffAt;
  expect(later).toBeGreaterThan(before);
});
