// Line events (issue 14): a supplier who asked for them (webhook.lines) hears of each
// order line placed, changed or cancelled, by the same signed webhook as waves. They are
// read from the ledger — written with the order, append-only — rather than added beside
// an order's writes: placing an order costs nothing more, and a crash between any two
// writes loses none (an entry found again is the same event, added once).
//
// Each tick reads each such supplier's entries from its mark less a settling margin (an
// order's entries carry the time it started and land a moment later, or a sweep later),
// adds the events not known yet, and moves the mark on. Sized in database calls: per
// supplier and page, one read of entries, one of known events, one add and one mark.
// The wave event at cutoff still carries every line, so an entry that lands after the
// margin is late news, never a lost order.
import { newLineEvent } from '../domain/webhook';
import type { WebhookEvent } from '../domain/webhook';
import type { Deps } from '../handlers/action';
import { fits } from '../runtime/budget';

/** How late an entry may land and still be found. */
export const LINE_EVENTS_SETTLE_MS = 15 * 60_000;
const PAGE_SIZE = 200;
const PAGE_RESERVE_MS = 1_000;

export const lineEventsMark = (supplierId: string): string => `lineEvents:${supplierId}`;

/** Add the line events found since each supplier's mark; answers how many were added. */
export async function enqueueLineEvents(deps: Deps): Promise<number> {
  const hearing = (await deps.store.listSuppliers()).filter((s) => s.webhook?.lines);
  if (hearing.length === 0) return 0;
  const skus = await deps.store.listSkus();
  let added = 0;
  for (const supplier of hearing) {
    if (!fits(PAGE_RESERVE_MS)) break;
    added += await enqueueFor(deps, supplier.id, skus.filter((k) => k.supplierId === supplier.id).map((k) => k.id));
  }
  return added;
}

async function enqueueFor(deps: Deps, supplierId: string, skuIds: string[]): Promise<number> {
  const { store, clock } = deps;
  const name = lineEventsMark(supplierId);
  const [mark, now] = [await store.getJobRun(name), clock.now()];
  // The first tick after lines were asked for starts the record: the past is in the waves already sent.
  if (mark === null || skuIds.length === 0) {
    await store.recordJobRun(name, now);
    return 0;
  }
  let since = mark - LINE_EVENTS_SETTLE_MS;
  let added = 0;
  while (fits(PAGE_RESERVE_MS)) {
    const entries = await store.listLedgerSince(skuIds, since, PAGE_SIZE);
    const events = entries.map((e) => newLineEvent(supplierId, e, now)).filter((e): e is WebhookEvent => e !== null);
    const known = events.length > 0 ? await store.knownWebhookEvents(events.map((e) => e.id)) : new Set<string>();
    const fresh = events.filter((e) => !known.has(e.id));
    if (fresh.length > 0) await store.addWebhookEvents(fresh);
    added += fresh.length;
    const complete = entries.length < PAGE_SIZE;
    const last = entries.at(-1);
    await store.recordJobRun(name, complete || !last ? now : last.at);
    if (complete || !last) break;
    // A page all of one moment (one order of more SKUs than a page) would be read again for
    // ever: step past it; its entries beyond the page reach the supplier with the wave.
    since = last.at === since ? since + 1 : last.at;
  }
  return added;
}
