// Orders on the cloud database: reservations, their recovery, and line changes before
// cutoff (the rest of the adapter is cloud-store.ts).
//
// A reservation cannot be one transaction: transactions take only doc() and add(),
// one round trip each, and a transaction holding a hot SKU's record for the length of a
// 200-line order would make every other order on it wait. So the order document is
// the durable intent, written first, and everything after it can be finished or undone
// by whoever finds it:
// 1. intent: the order is added with every line, its ledger entries, status `taking`
//    and an attempt token. Nothing holds stock yet.
// 2. takes: per SKU, in parallel, one conditional update moves the units from sellable
//    to committed only where sellable covers them (and the leader's ration for the day,
//    kept on the same record, stays within its limit) and pushes a marker {token, order,
//    qty}. The condition leaves out records already carrying the token, so a take
//    repeated after a lost answer takes nothing twice. When a SKU is short, every take
//    is given back (conditional on the marker) and the order is refused.
// 3. taken: status `taken`, conditional on the token. From here the order only moves
//    forward.
// 4. lines and ledger: added under their own ids (a rerun finds them there).
// 5. seal: per SKU the marker is pulled and the version bumped, so a report computed
//    before must recompute.
// 6. placed: status `placed`. Only now is the leader told.
// Whoever meets an unfinished order — a replay of the same submit, a report or refresh
// meeting its marker, the scheduler's sweep — settles it: a `taken` one rolls forward
// (4–6), at any time; a `taking` one is left alone while its attempt may still run
// (DEAD_AFTER_MS); after that it is claimed (a new token, by conditional update), its
// takes are given back, and it is either taken again (a replay before its cutoff) or
// `abandoned` (nothing held, nothing placed; a replay before cutoff may start it again).
// A replay therefore never answers placed for an order whose lines do not exist.
import { randomUUID } from 'node:crypto';
import type { InventoryRecord, LedgerEntry, Order, OrderLine } from '../../domain/model';
import { findShortLines, totalsBySku } from '../../domain/order';
import { afterRelease } from '../../domain/stock-moves';
import { inParallel } from '../../runtime/parallel';
import { inShanghai } from '../../domain/time';
import { fits } from '../../runtime/budget';
import type { LineChange, LineChangeOutcome, ReserveOutcome, SettleReport } from '../port';
import { type CloudAccess, PARALLEL_CALLS } from './cloud-access';
import {
  type Doc, DEAD_AFTER_MS, type PendingMarker, backoffMs, byString, getInTransaction, isLiveReservation, isTransient, markersOf,
  plain, rollbackQuietly, sleep,
} from './cloud-sdk';

type IntentStatus = 'taking' | 'taken' | 'abandoned' | 'placed' | 'refused';

/** The order document while it is an intent; readers never see these fields. */
interface Intent extends Omit<Order, 'status'> {
  status: IntentStatus;
  attempt: string;
  attemptAt: number;
  ledger: LedgerEntry[];
  /** The earliest cutoff of its lines: an attempt may start only before it. */
  closesAt: number;
}
const INTENT_FIELDS = ['attempt', 'attemptAt', 'ledger', 'closesAt'] as const;

/** Rounds of taking when a take failed but the re-read shows nothing short any more. */
const TAKE_ROUNDS = 3;
/** A line change races every reservation of its SKU: more room than a report. */
const CHANGE_ATTEMPTS = 12;
/** How long a replay waits for the attempt it found running before it answers "in progress". */
const IN_PROGRESS_WAIT_MS = 3_000;

const newToken = (orderId: string): string => `${orderId}:${randomUUID()}`;
const lineDays = (order: Pick<Order, 'lines'>): Map<string, string> => new Map(order.lines.map((l) => [l.skuId, l.day]));

/**
 * The record field counting a leader's units of the SKU for a business day (the ration,
 * DESIGN §5 quota). Ids are the system's own, but only letters, digits, _ and - are
 * safe in a field name.
 */
export const rationField = (leaderId: string, day: string): string =>
  `rations.${leaderId.replace(/[^A-Za-z0-9_-]/g, (c) => `~${c.charCodeAt(0).toString(16)}`)}_${day.replace(/-/g, '')}`;

/** The leader's units of the SKU for the day, as the record counts them. */
export const rationOf = (doc: Doc | null, leaderId: string, day: string): number =>
  ((doc?.rations as Record<string, number> | undefined)?.[rationField(leaderId, day).slice('rations.'.length)]) ?? 0;

/** Rations of business days before yesterday count nothing any more: a recount drops them. */
export function currentRations(doc: Doc | null, now: number): Record<string, number> {
  const kept: Record<string, number> = {};
  const oldest = inShanghai(now).subtract(1, 'day').format('YYYYMMDD');
  const rations = (doc?.rations ?? {}) as Record<string, number>;
  for (const [key, units] of Object.entries(rations)) if (key.slice(-8) >= oldest) kept[key] = units;
  return kept;
}

export interface OrderOptions {
  inProgressWaitMs?: number;
}

export class CloudOrders {
  constructor(private readonly a: CloudAccess, private readonly options: OrderOptions = {}) {}

  // ---- reservations

  async reserve(order: Order, totals: ReadonlyMap<string, number>, ledger: LedgerEntry[], rations: ReadonlyMap<string, number> = new Map()): Promise<ReserveOutcome> {
    const intent: Intent = {
      ...order, status: 'taking', attempt: newToken(order.id), attemptAt: this.a.now(), ledger,
      closesAt: Math.min(...order.lines.map((l) => l.cutoffAt)),
    };
    const waitUntil = Date.now() + (this.options.inProgressWaitMs ?? IN_PROGRESS_WAIT_MS);
    for (let look = 1; ; look++) {
      if (await this.a.insertOnce('orders', order.id, intent)) return this.attempt(intent, totals, rations);
      const found = await this.a.rawById('orders', order.id);
      if (!found) throw new Error(`order ${order.id} could neither be added nor read`);
      // Our own add, whose answer was lost.
      if (found.attempt === intent.attempt) return this.attempt(intent, totals, rations);
      // The same key with other lines: never carry on someone else's order for this request.
      if (found.requestHash !== intent.requestHash) return { kind: 'duplicate', order: plain<Order>(found, INTENT_FIELDS) };
      const outcome = await this.resume(found as unknown as Intent, rations, true);
      if (outcome) return outcome;
      // Another attempt is running: give it a moment, then look again.
      const wait = backoffMs(look);
      if (Date.now() + wait > waitUntil || !fits(wait + 1_000)) return { kind: 'inProgress' };
      await sleep(wait);
    }
  }

  /**
   * Carry on with an order found unfinished (or answer a finished one). `rerun`: take
   * its stock again if its attempt died before its cutoff (a replay may; a sweep or a
   * recount never does). Undefined: an attempt is running right now.
   */
  private async resume(found: Intent, rations: ReadonlyMap<string, number>, rerun: boolean): Promise<ReserveOutcome | undefined> {
    if (found.status === 'placed' || found.status === 'refused') return { kind: 'duplicate', order: (await this.readOrder(found.id))! };
    if (found.status === 'taken') return { kind: 'duplicate', order: await this.rollForward(found) };
    if (found.status === 'taking' && this.a.now() - found.attemptAt < DEAD_AFTER_MS) return undefined;
    // Dead while taking, or abandoned: claim it, so nobody else works on it meanwhile.
    const claimed: Intent = { ...found, status: 'taking', attempt: newToken(found.id), attemptAt: this.a.now() };
    if (!(await this.move(found, { status: 'taking', attempt: claimed.attempt, attemptAt: claimed.attemptAt }))) return undefined;
    if (found.status === 'taking') await this.giveBack(found, found.attempt);
    if (!rerun || this.a.now() >= found.closesAt) {
      await this.finishAs(claimed, 'abandoned', {});
      return { kind: 'interrupted' };
    }
    return this.attempt(claimed, totalsBySku(found.lines), rations);
  }

  /** Steps 2 and 3, then forward: the takes of one attempt, all or none. */
  private async attempt(intent: Intent, totals: ReadonlyMap<string, number>, rations: ReadonlyMap<string, number>): Promise<ReserveOutcome> {
    for (let round = 1; ; round++) {
      const failed = await this.takeAll(intent, totals, rations);
      if (failed.length === 0) break;
      const docs = new Map((await this.a.readByIds('inventory', [...totals.keys()])).map((d) => [String(d._id), d]));
      const short = findShortLines(totals, new Map([...docs].map(([id, d]) => [id, d.sellable as number])));
      const days = lineDays(intent);
      const overRation = [...rations].filter(([skuId, ration]) =>
        rationOf(docs.get(skuId) ?? null, intent.leaderId, days.get(skuId)!) + (totals.get(skuId) ?? 0) > ration).map(([skuId]) => skuId);
      const shortNow = short.length > 0 ? short
        : overRation.length === 0 && round >= TAKE_ROUNDS
          ? failed.map((skuId) => ({ skuId, requested: totals.get(skuId)!, sellable: (docs.get(skuId)?.sellable as number | undefined) ?? 0 }))
          : [];
      if (shortNow.length > 0) {
        await this.finishAs(intent, 'refused', { short: shortNow, lines: [] });
        return { kind: 'short', short: shortNow };
      }
      if (overRation.length > 0) {
        await this.finishAs(intent, 'abandoned', {});
        return { kind: 'rationed', skuIds: overRation };
      }
      // Stock came back between the failed take and the re-read (a cancellation, a report): go again.
    }
    await this.markTaken(intent);
    return { kind: 'placed', order: await this.rollForward({ ...intent, status: 'taken' }) };
  }

  /** Step 3. If the move cannot be told to have landed, undo the takes rather than leave them for minutes. */
  private async markTaken(intent: Intent): Promise<void> {
    let moved: boolean;
    try {
      moved = await this.move(intent, { status: 'taken' });
    } catch (e) {
      const now = await this.a.rawById('orders', intent.id);
      if (now?.status === 'taken' && now.attempt === intent.attempt) return;
      if (now?.status === 'taking' && now.attempt === intent.attempt) await this.undo(intent);
      throw e;
    }
    if (!moved) throw new Error(`order ${intent.id} was claimed by another call while taking stock`);
  }

  /** An attempt failed half-way: give its takes back and abandon it, so a replay may start again at once. */
  private async undo(intent: Intent): Promise<void> {
    await this.giveBack(intent, intent.attempt);
    await this.finishAs(intent, 'abandoned', {});
  }

  /** Takes every SKU; when any is refused, gives back the ones taken and answers the refused. */
  private async takeAll(intent: Intent, totals: ReadonlyMap<string, number>, rations: ReadonlyMap<string, number>): Promise<string[]> {
    const refused: string[] = [];
    const days = lineDays(intent);
    try {
      await inParallel([...totals.keys()].sort(), PARALLEL_CALLS, async (skuId) => {
        if (!(await this.take(intent, skuId, totals.get(skuId)!, days.get(skuId)!, rations.get(skuId)))) refused.push(skuId);
      });
    } catch (e) {
      // A take we cannot tell about. Give back what this attempt holds and abandon it; a
      // take that lands late leaves a marker of an attempt that is over, which the sweep
      // gives back once it is stale (settleMarkers).
      await this.undo(intent).catch(() => undefined);
      throw e;
    }
    if (refused.length > 0) await this.giveBack(intent, intent.attempt);
    return refused;
  }

  /** The conditional decrement (step 2). */
  private async take(intent: Intent, skuId: string, qty: number, day: string, ration: number | undefined): Promise<boolean> {
    const _ = this.a._;
    const field = rationField(intent.leaderId, day);
    const condition: Doc = { _id: skuId, sellable: _.gte(qty), 'pending.token': _.neq(intent.attempt) };
    if (ration !== undefined) condition[field] = _.or(_.exists(false), _.lte(ration - qty));
    const marker: PendingMarker = { token: intent.attempt, at: this.a.now(), order: intent.id, qty };
    const update = () => this.a.col('inventory').where(condition).update({
      data: { sellable: _.inc(-qty), committed: _.inc(qty), pending: _.push(marker), [field]: _.inc(qty) },
    });
    let answer: { stats: { updated: number } };
    let repeated = false;
    try {
      answer = await this.a.run(update);
    } catch (e) {
      if (!isTransient(e)) throw e;
      repeated = true;
      answer = await this.a.retry(update);
    }
    if (answer.stats.updated === 1) return true;
    // Refused — or taken by the first try, whose answer was lost: the marker says which.
    return repeated && markersOf(await this.a.rawById('inventory', skuId)).some((m) => m.token === intent.attempt);
  }

  /**
   * Undo an attempt's takes, each conditional on its marker (which the same update
   * pulls), so a repeat gives nothing back twice, and a SKU it never took is left alone.
   */
  private async giveBack(order: Pick<Intent, 'leaderId' | 'lines'>, token: string): Promise<void> {
    const _ = this.a._;
    const totals = totalsBySku(order.lines);
    const days = lineDays(order);
    await inParallel([...totals.keys()], PARALLEL_CALLS, (skuId) => this.a.retry(() => {
      const qty = totals.get(skuId)!;
      return this.a.col('inventory').where({ _id: skuId, 'pending.token': token }).update({
        data: { sellable: _.inc(qty), committed: _.inc(-qty), pending: _.pull({ token }), [rationField(order.leaderId!, days.get(skuId)!)]: _.inc(-qty) },
      });
    }));
  }

  /** Steps 4 to 6: idempotent, so a replay, a sweep and a recount may all run it at once. */
  private async rollForward(intent: Intent): Promise<Order> {
    const _ = this.a._;
    await this.a.insertAll('order_lines', intent.lines);
    await this.a.insertAll('ledger', intent.ledger);
    await inParallel([...new Set(intent.lines.map((l) => l.skuId))], PARALLEL_CALLS, (skuId) => this.a.retry(() =>
      this.a.col('inventory').where({ _id: skuId, 'pending.token': intent.attempt }).update({
        data: { version: _.inc(1), pending: _.pull({ token: intent.attempt }) },
      })));
    await this.finishAs(intent, 'placed', {}, 'taken');
    return (await this.readOrder(intent.id))!;
  }

  /** Move an intent on (`data` names its next status), only from the status and attempt it was read with. */
  private async move(from: Intent, data: { status: IntentStatus; attempt?: string; attemptAt?: number }): Promise<boolean> {
    const { stats } = await this.a.retry(() => this.a.col('orders').where({ _id: from.id, status: from.status, attempt: from.attempt }).update({ data }));
    if (stats.updated === 1) return true;
    // A repeat after a lost answer finds the move made: the document says so.
    const now = await this.a.rawById('orders', from.id);
    return now?.status === data.status && now.attempt === (data.attempt ?? from.attempt);
  }

  /** End an intent: placed, refused or abandoned, its intent fields dropped (abandoned keeps them, to be claimed again). */
  private async finishAs(intent: Intent, status: 'placed' | 'refused' | 'abandoned', fields: Partial<Order>, fromStatus: IntentStatus = 'taking'): Promise<void> {
    const _ = this.a._;
    const drop = status === 'abandoned' ? {} : Object.fromEntries(INTENT_FIELDS.map((f) => [f, _.remove()]));
    const replaced = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, _.set(v)]));
    const { stats } = await this.a.retry(() => this.a.col('orders').where({ _id: intent.id, status: fromStatus, attempt: intent.attempt })
      .update({ data: { ...replaced, ...drop, status } }));
    if (stats.updated === 1) return;
    const now = await this.a.rawById('orders', intent.id);
    if (now?.status !== status) throw new Error(`order ${intent.id} moved on while it was being ${status}`);
  }

  /** Units the leader holds per SKU for the day, from the rations kept on the records. */
  async rationHeld(leaderId: string, day: string, skuIds: string[]): Promise<Map<string, number>> {
    const docs = await this.a.readByIds('inventory', skuIds, [rationField(leaderId, day)]);
    const held = new Map(skuIds.map((id) => [id, 0]));
    for (const d of docs) held.set(String(d._id), rationOf(d, leaderId, day));
    return held;
  }

  /** The scheduler's sweep: every placement older than the stale mark is settled. */
  async settleOrders(): Promise<SettleReport> {
    const _ = this.a._;
    const stale = await this.a.readAll('orders', { status: _.in(['taking', 'taken']), attemptAt: _.lte(this.a.now() - DEAD_AFTER_MS) });
    const report: SettleReport = { placed: 0, abandoned: 0 };
    await inParallel(stale, PARALLEL_CALLS, async (doc) => {
      const outcome = await this.resume(doc as unknown as Intent, new Map(), false);
      if (outcome?.kind === 'duplicate' && outcome.order.status === 'placed') report.placed++;
      if (outcome?.kind === 'interrupted') report.abandoned++;
    });
    // Markers no order attempt owns any more (a take that landed after its attempt gave up).
    const marked = await this.a.readAll('inventory', { 'pending.at': _.lte(this.a.now() - DEAD_AFTER_MS) });
    for (const doc of marked) await this.settleMarkers(doc);
    return report;
  }

  /**
   * A record carries reservation markers gone stale (a recount met them, or the sweep
   * did): settle each. A marker of an order's current attempt settles the order (its
   * lines are written, or its units come back); any other — an attempt that is over,
   * whose take landed after it gave up — is given back on its own.
   */
  async settleMarkers(doc: Doc): Promise<void> {
    const now = this.a.now();
    const stale = markersOf(doc).filter((m) => m.wave === undefined && !isLiveReservation(m, now));
    for (const marker of stale) {
      const order = marker.order === undefined ? null : await this.a.rawById('orders', marker.order);
      if (order && (order.status === 'taking' || order.status === 'taken') && order.attempt === marker.token) {
        await this.resume(order as unknown as Intent, new Map(), false);
      } else {
        await this.giveBackMarker(String(doc._id), marker, order as unknown as Intent | null);
      }
    }
  }

  private async giveBackMarker(skuId: string, marker: PendingMarker, order: Intent | null): Promise<void> {
    const _ = this.a._;
    const data: Doc = { pending: _.pull({ token: marker.token }) };
    // A marker from before markers carried their units: nothing to give back but the mark.
    if (marker.qty !== undefined) {
      Object.assign(data, { sellable: _.inc(marker.qty), committed: _.inc(-marker.qty) });
      const day = order?.lines.find((l) => l.skuId === skuId)?.day;
      if (order && day) data[rationField(order.leaderId, day)] = _.inc(-marker.qty);
    }
    await this.a.retry(() => this.a.col('inventory').where({ _id: skuId, 'pending.token': marker.token }).update({ data }));
  }

  // ---- reading orders

  async recordRefusal(order: Order): Promise<Order> {
    if (!(await this.a.insertOnce('orders', order.id, order))) return (await this.readOrder(order.id)) ?? order;
    await this.a.insertAll('order_lines', order.lines);
    return order;
  }

  /** A placed or refused order; one taken but not yet placed is finished first. */
  async getOrder(id: string): Promise<Order | null> {
    const head = await this.a.rawById('orders', id);
    if (head?.status === 'taken') return this.rollForward(head as unknown as Intent);
    return this.readOrder(id);
  }

  /**
   * The order document keeps its lines as placed; line documents, once there, carry
   * the current status. An unfinished placement reads as no order.
   */
  private async readOrder(id: string): Promise<Order | null> {
    const head = await this.a.rawById('orders', id);
    if (!head || (head.status !== 'placed' && head.status !== 'refused')) return null;
    const order = plain<Order>(head, INTENT_FIELDS);
    const current = new Map((await this.a.readAll('order_lines', { orderId: id })).map((d) => [String(d._id), plain<OrderLine>(d)]));
    const lines = order.lines.map((l) => current.get(l.id) ?? l);
    const known = new Set(lines.map((l) => l.id));
    lines.push(...[...current.values()].filter((l) => !known.has(l.id)).sort(byString((l) => l.id)));
    return { ...order, lines };
  }

  // ---- line changes before cutoff

  async changeLine(change: LineChange): Promise<LineChangeOutcome> {
    // Outside the transaction: the line's SKU and day (which never change), and a quick answer for a line already gone.
    const seen = await this.a.rawById('order_lines', change.lineId);
    if (!seen || seen.status !== 'placed' || seen.qty !== change.expectedQty) return (await this.changedAlready(change)) ?? { kind: 'gone' };
    try {
      return await this.a.retryConflicts(CHANGE_ATTEMPTS, () => this.changeLineOnce(change, plain<OrderLine>(seen)), (e) => {
        throw e;
      });
    } catch (e) {
      const landed = await this.changedAlready(change);
      if (landed) return landed;
      throw e;
    }
  }

  /** The commit may have landed with its answer lost: its ledger entry says so. */
  private async changedAlready(change: LineChange): Promise<LineChangeOutcome | undefined> {
    if (!(await this.a.rawById('ledger', change.ledger.id))) return undefined;
    const line = await this.a.byId<OrderLine>('order_lines', change.lineId);
    return line ? { kind: 'changed', line } : undefined;
  }

  /**
   * One transaction: the SKU's record, then the line as the leader saw it, then the
   * ledger entry. A take, give-back, seal, refresh, report or cutoff that touches either
   * document after this reads it makes the write or the commit conflict (retried from
   * fresh reads); on the service a take that comes after the record's write waits for
   * the commit, so the window in which takes make this conflict is one round trip.
   */
  private async changeLineOnce(change: LineChange, seen: OrderLine): Promise<LineChangeOutcome> {
    const delta = change.newQty - change.expectedQty;
    const field = rationField(seen.leaderId, seen.day);
    const tx = await this.a.db.startTransaction();
    try {
      const current = await getInTransaction(tx, 'inventory', seen.skuId);
      const record = current ? plain<InventoryRecord>(current, ['pending', 'rations']) : null;
      if (delta > 0 && (record?.sellable ?? 0) < delta) {
        await rollbackQuietly(tx);
        return { kind: 'short', sellable: record?.sellable ?? 0 };
      }
      const held = rationOf(current, seen.leaderId, seen.day);
      if (delta > 0 && change.ration !== undefined && held + delta > change.ration) {
        await rollbackQuietly(tx);
        return { kind: 'rationed', left: Math.max(0, change.ration - held) };
      }
      if (record && delta !== 0) {
        const next = delta > 0
          ? { ...record, sellable: record.sellable - delta, committed: record.committed + delta, version: record.version + 1 }
          : afterRelease(record, -delta);
        // update(), not set(): the markers of reservations in flight stay.
        await tx.collection('inventory').doc(seen.skuId).update({
          data: { sellable: next.sellable, committed: next.committed, version: next.version, [field]: Math.max(0, held + delta) },
        });
      }
      const lineDoc = await getInTransaction(tx, 'order_lines', change.lineId);
      if (!lineDoc || lineDoc.status !== 'placed' || lineDoc.qty !== change.expectedQty) {
        await rollbackQuietly(tx);
        return { kind: 'gone' };
      }
      const line = plain<OrderLine>(lineDoc);
      const changed: OrderLine = change.newQty === 0 ? { ...line, status: 'cancelled', cancelledAt: change.at } : { ...line, qty: change.newQty };
      await tx.collection('order_lines').doc(change.lineId).update({
        data: change.newQty === 0 ? { status: 'cancelled', cancelledAt: change.at } : { qty: change.newQty },
      });
      await tx.collection('ledger').add({ data: { ...change.ledger, _id: change.ledger.id } });
      await tx.commit();
      return { kind: 'changed', line: changed };
    } catch (e) {
      await rollbackQuietly(tx);
      throw e;
    }
  }
}
