// 店铺库存待改 (issue 18): every tick, each linked listing on a storefront the leader types by
// hand (快团团, 群接龙 …) whose count to show has moved by more than the setting since the
// leader last typed one is told to its leader, once per typed number: the event's key is
// the listing and the entry of that 已改, so ticks after it add nothing until the leader
// types again. A listing never typed is not alerted (its page shows the number to type).
import { ALERT_PAGES, type AlertEvent } from '../domain/alerts';
import { STOREFRONT_NAMES, foldListings, retypeText, typedByHand } from '../domain/listings';
import { needsRetype } from '../domain/allocation';
import type { Deps } from '../handlers/action';
import { raiseAlerts } from '../handlers/alerting';
import { allocationsFor } from '../handlers/listing-counts';

export interface RetypeRun {
  /** Listings typed by hand that were looked at. */
  examined: number;
  /** Alerts raised now (none for a move already told). */
  raised: number;
}

export async function alertListingRetypes(deps: Deps): Promise<RetypeRun> {
  const { store, clock } = deps;
  const settings = await store.getSettings();
  if (settings.alerts.disabled.includes('listingRetype')) return { examined: 0, raised: 0 };
  const typed = foldListings(await store.listListingEntries({})).filter((l) => !l.unlinked && typedByHand(l.storefront) && l.lastTyped);
  if (typed.length === 0) return { examined: 0, raised: 0 };
  const now = clock.now();
  const allocations = await allocationsFor(store, settings, now, typed.map((l) => l.skuId));
  const skus = new Map((await store.getSkus([...new Set(typed.map((l) => l.skuId))])).map((s) => [s.id, s]));
  const events: AlertEvent[] = [];
  for (const l of typed) {
    const count = allocations.get(l.skuId)?.counts.get(l.id)?.count ?? 0;
    const last = l.lastTyped!;
    if (!needsRetype(count, last.count, settings.storefronts.retypeAboveUnits)) continue;
    const sku = skus.get(l.skuId);
    const name = sku ? `${sku.name} ${sku.spec}`.trim() : l.skuId;
    const text = retypeText(l.storefront, count);
    events.push({
      kind: 'listingRetype', key: `${l.id}:${last.seq}`, recipients: [l.leaderId],
      title: `${STOREFRONT_NAMES[l.storefront]}库存要改了：${name}`,
      body: `${name}（${l.title ?? STOREFRONT_NAMES[l.storefront]}）现在应显示 ${count} 件，上次改的是 ${last.count} 件。请在${STOREFRONT_NAMES[l.storefront]}把库存改为 ${count}，改好后在「店铺商品」页点“已改”。`,
      link: ALERT_PAGES.leaderListings,
      fields: { subject: name, detail: text, time: now, quantity: count, status: '库存待改' },
    });
  }
  return { examined: typed.length, raised: (await raiseAlerts(deps, events)).length };
}
