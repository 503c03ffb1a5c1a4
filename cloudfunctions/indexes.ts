// The cloud database's indexes, each with the query it serves. Without them every
// list filters by scanning its collection, which the service refuses or slows down past a
// function's time once a collection holds a season of orders. The deploy script applies
// them (scripts/deploy.ts, through @cloudbase/manager-node) or prints them as console steps.
import type { Collection } from './src/storage/cloud/cloud-access';

export interface IndexSpec {
  collection: Collection;
  /** Unique per collection; CloudBase names indexes. */
  name: string;
  /** Fields in order, 1 ascending, -1 descending: equality fields first, then the range or sort. */
  keys: Array<[field: string, direction: 1 | -1]>;
  unique?: boolean;
  /** The query it serves, as the adapter makes it. */
  serves: string;
}

export const INDEXES: IndexSpec[] = [
  { collection: 'order_lines', name: 'status_cutoffAt', keys: [['status', 1], ['cutoffAt', 1]], serves: 'the cutoff job: placed lines whose cutoff has passed (listDueWaves)' },
  { collection: 'order_lines', name: 'waveId_status', keys: [['waveId', 1], ['status', 1]], serves: 'a wave\'s lines, forwarding and confirming them (closeWave, confirmWave, wave views)' },
  { collection: 'order_lines', name: 'leaderId_day', keys: [['leaderId', 1], ['day', 1]], serves: 'a leader\'s lines of a day (my orders, the cutoff reminder)' },
  { collection: 'order_lines', name: 'skuId_placedAt', keys: [['skuId', 1], ['placedAt', 1]], serves: 'a SKU\'s lines since a count, and units placed in the velocity window (reports)' },
  { collection: 'order_lines', name: 'orderId', keys: [['orderId', 1]], serves: 'an order\'s lines (replays, my orders)' },
  { collection: 'orders', name: 'status_attemptAt', keys: [['status', 1], ['attemptAt', 1]], serves: 'placements that died half-way (the scheduler\'s sweep)' },
  { collection: 'inventory', name: 'pending_at', keys: [['pending.at', 1]], serves: 'records carrying stale markers (the scheduler\'s sweep)' },
  { collection: 'users', name: 'openid', keys: [['openid', 1]], serves: 'who is calling, by OPENID (every call)' },
  { collection: 'users', name: 'inviteCode', keys: [['inviteCode', 1]], serves: 'signing in with an invite code' },
  { collection: 'skus', name: 'supplierId', keys: [['supplierId', 1]], serves: 'a supplier\'s SKUs (the report page, templates)' },
  { collection: 'ledger', name: 'skuId_at', keys: [['skuId', 1], ['at', 1]], serves: 'a SKU\'s history (SKU history, stocktake) and a supplier\'s line events since a mark' },
  { collection: 'reports', name: 'supplierId_reportedAt', keys: [['supplierId', 1], ['reportedAt', -1]], serves: 'a supplier\'s latest reports (missed-report reminders, history)' },
  { collection: 'reports', name: 'finishedAt_reportedAt', keys: [['finishedAt', 1], ['reportedAt', 1]], serves: 'reports not yet applied whole (the scheduler resumes them)' },
  { collection: 'held_reports', name: 'supplierId_status', keys: [['supplierId', 1], ['status', 1]], serves: 'reports held for a jump, per supplier' },
  { collection: 'alerts', name: 'userId_at', keys: [['userId', 1], ['at', -1]], serves: 'a person\'s inbox, newest first' },
  { collection: 'tasks', name: 'leaderId_status', keys: [['leaderId', 1], ['status', 1]], serves: 'a leader\'s shortage tasks' },
  { collection: 'waves', name: 'supplierId_day', keys: [['supplierId', 1], ['day', -1]], serves: 'a supplier\'s waves, newest day first' },
  { collection: 'waves', name: 'status', keys: [['status', 1]], serves: 'waves still to confirm (the deadline job)' },
  { collection: 'webhook_events', name: 'status_nextAttemptAt', keys: [['status', 1], ['nextAttemptAt', 1]], serves: 'webhook deliveries due now (the scheduler)' },
  { collection: 'webhook_events', name: 'supplierId_createdAt', keys: [['supplierId', 1], ['createdAt', -1]], serves: 'a supplier\'s webhook deliveries, newest first (supplier and operator pages)' },
  { collection: 'partner_nonces', name: 'seenAt', keys: [['seenAt', 1]], serves: 'forgetting nonces older than the signature window (the scheduler)' },
  { collection: 'stocktakes', name: 'supplierId_openedAt', keys: [['supplierId', 1], ['openedAt', -1]], serves: 'a supplier\'s stocktakes, newest first' },
  { collection: 'buffer_changes', name: 'supplierId_at', keys: [['supplierId', 1], ['at', -1]], serves: 'a supplier\'s buffer changes from scorecard suggestions, newest first' },
  { collection: 'stocktakes', name: 'status_openedAt', keys: [['status', 1], ['openedAt', -1]], serves: 'stocktakes waiting on someone (overdue alerts, the operator\'s list)' },
  { collection: 'leader_aliases', name: 'leaderId_seq', keys: [['leaderId', 1], ['seq', 1]], unique: true, serves: 'the words a leader taught the 接龙 matcher, in the order taught (parseJielong, teachAlias)' },
  { collection: 'column_mappings', name: 'supplierId_headerKey', keys: [['supplierId', 1], ['headerKey', 1]], serves: 'a supplier\'s remembered column mapping for a header set (importStock)' },
  { collection: 'listing_entries', name: 'leaderId_listingId_seq', keys: [['leaderId', 1], ['listingId', 1], ['seq', 1]], serves: 'a leader\'s storefront listings and their typed numbers (the listing page)' },
  { collection: 'listing_entries', name: 'skuId_listingId', keys: [['skuId', 1], ['listingId', 1]], serves: 'every listing of a SKU, to share its sellable (allocation)' },
  { collection: 'listing_entries', name: 'listingId_seq', keys: [['listingId', 1], ['seq', 1]], unique: true, serves: 'one listing\'s versions, each place once' },
  { collection: 'listing_pushes', name: 'listingId_seq', keys: [['listingId', 1], ['seq', 1]], unique: true, serves: 'a 微信小店 listing\'s push log, each place once (the stock push, the listing page)' },
  { collection: 'partner_keys', name: 'supplierId_createdAt', keys: [['supplierId', 1], ['createdAt', 1]], serves: 'a supplier\'s partner API keys (the operator\'s key page)' },
];
