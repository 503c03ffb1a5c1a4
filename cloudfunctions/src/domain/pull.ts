// Pulling stock from a supplier's system (DESIGN §4 level `api`, the seed's "每半小时从中间
// 系统拉取一次" with frequency by priority): when a supplier is due, how long to back off
// after failures, and how a fetched page reads as items. No I/O here.
import type { InventoryRecord, Tier } from './model';
import type { StockItem } from './partner-stock';

/** How often SKUs of each tier want a fresh count from the source, in minutes. */
export const DEFAULT_PULL_MINUTES: Record<Tier, number> = { hot: 5, normal: 30, longTail: 720 };
/** Failures in a row after which operators hear and the supplier's counts read as estimated. */
export const PULL_FAILURES_ALERT = 3;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 60 * 60_000;

/**
 * Where the counts come from:
 * - `json`: any JSON endpoint, read by dotted paths the operator sets (items, code,
 *   quantity, and the field holding the next page's cursor, sent back as `cursorParam`);
 * - `sheet`: a CSV/XLSX URL, read by the same sheet reader as an upload;
 * - `jushuitan`: a 聚水潭-style paged inventory query (POST {page_index, page_size};
 *   data.inventorys[] with sku_id and qty, data.has_next), as a supplier's proxy serves it.
 */
export type PullSource = PullSchedule & (
  | { system: 'json'; url: string; items: string; code: string; quantity: string; nextCursor?: string; cursorParam?: string }
  | { system: 'sheet'; url: string }
  | { system: 'jushuitan'; url: string; pageSize?: number });

/** When a source is pulled: each tier's interval, and the calls a day its system answers. */
export interface PullSchedule {
  everyMinutes?: Partial<Record<Tier, number>>;
  /**
   * The system's own daily limit, as its documentation states: pulls are spread so the
   * day's calls last the day (at least 24 h ÷ this apart), instead of spending them by
   * morning and meeting HTTP 429 for the rest of it.
   */
  callsPerDay?: number;
}

const DAY_MS = 24 * 60 * 60_000;

/** Whether the system's daily limit leaves room for a call now: the last one at least a day's share ago. */
export const withinCallBudget = (now: number, health: PullHealth, callsPerDay?: number): boolean =>
  callsPerDay === undefined || health.lastAttemptAt === undefined || now - health.lastAttemptAt >= DAY_MS / callsPerDay;

/** The last pulls of one supplier, as its health line shows them (上次成功, 延迟, 最近错误). */
export interface PullHealth {
  supplierId: string;
  lastAttemptAt?: number;
  lastSuccessAt?: number;
  /** How long the last successful pull took, ms. */
  lastLatencyMs?: number;
  lastError?: { at: number; message: string };
  failuresInRow: number;
  /** A pull asked for out of turn (sales ran ahead of a count): due once, backoff permitting. */
  requestedAt?: number;
}

export const emptyHealth = (supplierId: string): PullHealth => ({ supplierId, failuresInRow: 0 });

/** After n failures in a row, wait 1, 2, 4 … minutes, at most an hour. */
export const backoffMs = (failures: number): number => (failures <= 0 ? 0 : Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1)));

/** The most urgent tier among the supplier's SKUs: a low-stock SKU is pulled as hot. */
export function urgentMinutes(records: readonly InventoryRecord[], lowStock: (r: InventoryRecord) => boolean, every: Partial<Record<Tier, number>> = {}): number | null {
  const minutes = { ...DEFAULT_PULL_MINUTES, ...every };
  let least: number | null = null;
  for (const r of records) {
    const m = lowStock(r) ? minutes.hot : minutes[r.tier];
    if (least === null || m < least) least = m;
  }
  return least;
}

/**
 * Due when the oldest count that its tier wants fresh is older than that tier's interval
 * (or nothing was ever counted), and any backoff after failures has passed.
 */
export function pullDue(now: number, records: readonly InventoryRecord[], health: PullHealth, lowStock: (r: InventoryRecord) => boolean, schedule: PullSchedule = {}): boolean {
  const every = schedule.everyMinutes;
  if (health.lastAttemptAt !== undefined && health.failuresInRow > 0 && now - health.lastAttemptAt < backoffMs(health.failuresInRow)) return false;
  // Out-of-turn asks spend a call too: the system's limit holds for every call.
  if (!withinCallBudget(now, health, schedule.callsPerDay)) return false;
  if (health.requestedAt !== undefined && (health.lastAttemptAt === undefined || health.requestedAt > health.lastAttemptAt)) return true;
  if (records.length === 0) return health.lastSuccessAt === undefined || now - health.lastSuccessAt >= DEFAULT_PULL_MINUTES.normal * 60_000;
  const minutes = { ...DEFAULT_PULL_MINUTES, ...every };
  return records.some((r) => now - Math.max(r.reportedAt, health.lastSuccessAt ?? 0) >= (lowStock(r) ? minutes.hot : minutes[r.tier]) * 60_000);
}

/** Pull this supplier at the next tick, unless its pulls are failing (then people must hear instead). */
export function requestedPull(health: PullHealth, now: number): PullHealth | null {
  return health.failuresInRow >= PULL_FAILURES_ALERT ? null : { ...health, requestedAt: now };
}

/** Suppliers whose last pulls failed often enough that their counts read as estimated. */
export const pullsFailing = (healths: readonly PullHealth[]): Set<string> =>
  new Set(healths.filter((h) => h.failuresInRow >= PULL_FAILURES_ALERT).map((h) => h.supplierId));

export const pullSucceeded = (health: PullHealth, at: number, latencyMs: number): PullHealth =>
  ({ ...health, lastAttemptAt: at, lastSuccessAt: at, lastLatencyMs: latencyMs, failuresInRow: 0 });

export const pullFailed = (health: PullHealth, at: number, message: string): PullHealth =>
  ({ ...health, lastAttemptAt: at, lastError: { at, message }, failuresInRow: health.failuresInRow + 1 });

/** A value at a dotted path ("data.list"), or undefined. */
export function at(value: unknown, path: string): unknown {
  return path.split('.').filter(Boolean).reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

export interface PulledPage {
  items: StockItem[];
  /** The next page's cursor (json) or true for "there is a next page" (jushuitan). */
  next?: string | true;
}

/** One fetched page as items, or why it cannot be read (named so the health line can say it). */
export function readPage(source: Exclude<PullSource, { system: 'sheet' }>, body: unknown): PulledPage | string {
  const list = source.system === 'json' ? at(body, source.items) : at(body, 'data.inventorys');
  if (!Array.isArray(list)) return `返回内容里没有商品列表（${source.system === 'json' ? source.items : 'data.inventorys'}）`;
  const codeField = source.system === 'json' ? source.code : 'sku_id';
  const qtyField = source.system === 'json' ? source.quantity : 'qty';
  const items: StockItem[] = [];
  for (const [i, row] of list.entries()) {
    const code = at(row, codeField);
    const quantity = at(row, qtyField);
    if (typeof code !== 'string' && typeof code !== 'number') return `第 ${i + 1} 项没有商品编码（${codeField}）`;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0) return `第 ${i + 1} 项（${code}）的数量不是非负整数（${qtyField}：${JSON.stringify(quantity)}）`;
    items.push({ code: String(code), quantity });
  }
  if (source.system === 'jushuitan') return at(body, 'data.has_next') === true ? { items, next: true } : { items };
  const next = source.nextCursor ? at(body, source.nextCursor) : undefined;
  return typeof next === 'string' && next !== '' ? { items, next } : { items };
}
