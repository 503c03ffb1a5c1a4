// The cloud database adapter (WeChat cloud / CloudBase document database through
// wx-server-sdk). It passes the same contract as the SQLite adapter
// (test/storage/contract.ts), run against a local endpoint that speaks the SDK's
// wire protocol (test/cloud-endpoint).
//
// There is no multi-document atomicity outside transactions, and transactions allow
// only doc() and add() (wx-server-sdk sends where().update() inside one without the
// transaction id). So:
// - a reservation takes stock SKU by SKU with conditional decrements and gives back
//   what it took when a later SKU is short or the order id already exists;
// - while a reservation is between its decrement and its order lines, the inventory
//   document carries a pending marker; a report that reads the record in that window
//   would miss the new lines, so commitReport answers 'conflict' while a marker is
//   live, and the reservation bumps the version only once its lines are stored;
// - a report commits in a transaction of doc() reads and set()/add() writes; it reads
//   its own id on reports first, so a report applied once answers 'duplicate';
// - a refresh writes each SKU in its own such transaction. Because a decrement leaves
//   the version alone until it seals, the version does not tell a refresh that a
//   reservation moved the record since it was read: see unchangedSinceRead;
// - a line change (changeLine) is one transaction of doc() reads and writes: its SKU's
//   record (update(), so the markers of reservations in flight stay), the line, and the
//   ledger entry. A grow checks sellable as read in the transaction, and anything that
//   moves the record or the line meanwhile (a take, give-back or seal, a refresh, a
//   report, a cutoff) makes it conflict, so it runs again from fresh reads: it never
//   takes more than sellable, and the line and the stock move land together or not at
//   all. The version moves with the line, so a report that counted the old quantity
//   recomputes, and a refresh read before it is refused;
// - waves and remediation tasks live in cloud-waves.ts (a confirmation, with its own
//   marker on short SKUs, is described there). A report or refresh that meets a
//   confirmation's marker waits for it, or finishes the confirmation when the marker
//   has gone stale (it died half-way);
// - alerts, subscription consents and flags live in cloud-alerts.ts: one document per
//   operation, conditional updates and adds under a known _id (described there).
// Plumbing shared by these files is in cloud-access.ts; helpers and the slice of the
// SDK used here in cloud-sdk.ts.
import { randomUUID } from 'node:crypto';
import type { Alert, Delivery } from '../../domain/alerts';
import type {
  HeldReport, HeldStatus, InventoryRecord, LedgerEntry, Order, OrderLine, RemediationTask, Report, Session, Settings, SettingsChange,
  SettingsSaved, SettingsVersion, Sku, Supplier, User, Wave, WaveStatus,
} from '../../domain/model';
import { findShortLines } from '../../domain/order';
import { heldUnits } from '../../domain/sellable';
import { UNSAVED_SETTINGS, withDefaults } from '../../domain/settings';
import { afterRelease } from '../../domain/stock-moves';
import type {
  CommitOutcome, FlagState, HeldResolution, InventoryWrite, LineChange, LineChangeOutcome, OrderLineQuery, RefreshWrite, ReserveOutcome, StockStore,
  WaveConfirmation,
} from '../port';
import { CloudAccess, IN_CHUNK, PAGE, PARALLEL_WRITES } from './cloud-access';
import { CloudAlerts } from './cloud-alerts';
import {
  type CloudDatabase, type Doc, type PendingMarker, type WxDatabase,
  byString, chunks, getInTransaction, inParallel, livePending, newestFirst, pause, plain, rollbackQuietly, unfinishedConfirmations,
} from './cloud-sdk';
import { CloudWaves } from './cloud-waves';

export { COLLECTIONS } from './cloud-access';
export type { CloudDatabase, WxDatabase } from './cloud-sdk';

// ---- tuning

const COMMIT_ATTEMPTS = 5;
/** A line change races every reservation of its SKU: more room than a report, which the caller retries anyway. */
const CHANGE_ATTEMPTS = 12;
/** Rounds of a reservation when the re-read after a failed take shows nothing short any more. */
const RESERVE_ROUNDS = 3;

/** Sorted by placement time, then line id (how order lines list). */
const byPlacement = (a: OrderLine, b: OrderLine): number => a.placedAt - b.placedAt || byString<OrderLine>((l) => l.id)(a, b);

export class CloudStore extends CloudAccess implements StockStore {
  private readonly waves = new CloudWaves(this);
  private readonly alerts = new CloudAlerts(this);

  // ---- people

  async upsertUsers(users: User[]): Promise<void> {
    await this.putAll('users', users);
  }

  async getUser(id: string): Promise<User | null> {
    return this.byId<User>('users', id);
  }

  async listUsers(): Promise<User[]> {
    return (await this.readAll('users')).map((d) => plain<User>(d)).sort(byString((u) => u.id));
  }

  async findUserByOpenid(openid: string): Promise<User | null> {
    return this.first<User>('users', { openid });
  }

  async findUserByInviteCode(code: string): Promise<User | null> {
    return this.first<User>('users', { inviteCode: code });
  }

  async bindOpenid(userId: string, openid: string): Promise<boolean> {
    const user = await this.getUser(userId);
    if (!user) return false;
    const holder = await this.findUserByOpenid(openid);
    if (holder && holder.id !== userId) return false;
    // No unique index on users.openid (users without one would collide on null): a claim
    // document whose _id is the OPENID makes the first binder win between concurrent binds.
    if (!(await this.insertOnce('openid_claims', openid, { userId }))) {
      const claim = await this.rawById('openid_claims', openid);
      if (claim?.userId !== userId) return false;
    }
    await this.run(() => this.col('users').doc(userId).update({ data: { openid } }));
    if (user.openid && user.openid !== openid) {
      // Release the OPENID this user held before, only if the claim is still this user's.
      await this.run(() => this.col('openid_claims').where({ _id: user.openid!, userId }).remove());
    }
    return true;
  }

  async createSession(session: Session): Promise<void> {
    await this.run(() => this.col('sessions').add({ data: { ...session, _id: session.token } }));
  }

  async findSession(token: string): Promise<Session | null> {
    return this.byId<Session>('sessions', token);
  }

  async deleteSession(token: string): Promise<void> {
    await this.run(() => this.col('sessions').doc(token).remove());
  }

  // ---- catalogue and settings

  async upsertSuppliers(suppliers: Supplier[]): Promise<void> {
    await this.putAll('suppliers', suppliers);
  }

  async getSupplier(id: string): Promise<Supplier | null> {
    return this.byId<Supplier>('suppliers', id);
  }

  async listSuppliers(): Promise<Supplier[]> {
    return (await this.readAll('suppliers')).map((d) => plain<Supplier>(d)).sort(byString((s) => s.id));
  }

  async createSupplier(supplier: Supplier): Promise<boolean> {
    return this.insertOnce('suppliers', supplier.id, supplier);
  }

  async upsertSkus(skus: Sku[]): Promise<void> {
    await this.putAll('skus', skus);
  }

  async createSku(sku: Sku): Promise<boolean> {
    return this.insertOnce('skus', sku.id, sku);
  }

  async listSkus(filter: { supplierId?: string } = {}): Promise<Sku[]> {
    const condition = filter.supplierId === undefined ? {} : { supplierId: filter.supplierId };
    return (await this.readAll('skus', condition)).map((d) => plain<Sku>(d)).sort(byString((s) => s.id));
  }

  async getSkus(ids: string[]): Promise<Sku[]> {
    return (await this.readByIds('skus', ids)).map((d) => plain<Sku>(d)).sort(byString((s) => s.id));
  }

  async getSettings(): Promise<Settings> {
    return (await this.currentSettings()).settings;
  }

  async currentSettings(): Promise<SettingsVersion> {
    const [newest] = await this.listSettingsHistory(1);
    if (newest) return newest;
    // Saved in place by a release before the history: that is version 0's content.
    const legacy = await this.byId<Partial<Settings>>('settings', 'global');
    return legacy ? { ...UNSAVED_SETTINGS, settings: withDefaults(legacy) } : UNSAVED_SETTINGS;
  }

  /**
   * The next version's _id is the lock: two saves from the same version both try to add
   * it, and the service lets one. Without an expected version, a loser tries the next.
   */
  async saveSettings(settings: Settings, change: SettingsChange = { by: 'system', at: 0 }): Promise<SettingsSaved> {
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      const current = await this.currentSettings();
      if (change.expectedVersion !== undefined && change.expectedVersion !== current.version) return { saved: false, current };
      const version = current.version + 1;
      if (await this.insertOnce('settings_history', settingsVersionId(version), { version, by: change.by, at: change.at, settings })) return { saved: true, version };
      if (change.expectedVersion !== undefined) return { saved: false, current: await this.currentSettings() };
    }
    throw new Error('settings: too many concurrent saves');
  }

  async listSettingsHistory(limit: number): Promise<SettingsVersion[]> {
    const { data } = await this.run(() => this.col('settings_history').orderBy('_id', 'desc').limit(limit).get());
    return data.map((d) => {
      const v = plain<SettingsVersion>(d);
      return { ...v, settings: withDefaults(v.settings) };
    });
  }

  // ---- stock

  async listInventory(skuIds?: string[]): Promise<InventoryRecord[]> {
    const docs = skuIds === undefined ? await this.readAll('inventory') : await this.readByIds('inventory', skuIds);
    return docs.map((d) => plain<InventoryRecord>(d, ['pending'])).sort(byString((r) => r.skuId));
  }

  async listOrderLines(query: OrderLineQuery): Promise<OrderLine[]> {
    const { skuIds, heldSince, placedSince, waveId, leaderId, day, status, cutoffBefore } = query;
    const condition: Doc = {};
    if (waveId !== undefined) condition.waveId = waveId;
    if (leaderId !== undefined) condition.leaderId = leaderId;
    if (day !== undefined) condition.day = day;
    if (cutoffBefore !== undefined) condition.cutoffAt = this._.lte(cutoffBefore);
    if (placedSince !== undefined) condition.placedAt = this._.gte(placedSince);
    if (heldSince !== undefined) {
      // Never shipped (no field, or null), or shipped at or after heldSince. The only
      // field-level or() here: the SDK hoists it to a top-level $or, and would merge two.
      condition.shippedAt = this._.or(this._.exists(false), this._.eq(null), this._.gte(heldSince));
    }
    // A cancelled line never held stock: with heldSince, one status condition says both.
    const statuses = status === undefined ? undefined : status.filter((s) => heldSince === undefined || s !== 'cancelled');
    if (statuses !== undefined) condition.status = this._.in([...new Set(statuses)]);
    else if (heldSince !== undefined) condition.status = this._.neq('cancelled');
    if (skuIds === undefined && Object.keys(condition).length === 0) throw new Error('listOrderLines needs at least one condition');
    if (statuses?.length === 0) return [];

    const docs = skuIds === undefined
      ? await this.readAll('order_lines', condition)
      : (await Promise.all(chunks([...new Set(skuIds)], IN_CHUNK).map((chunk) =>
        this.readAll('order_lines', { ...condition, skuId: this._.in(chunk) })))).flat();
    const heldThen = (l: OrderLine): boolean =>
      heldUnits(l) > 0 && (l.shippedAt === undefined || l.shippedAt === null || l.shippedAt >= heldSince!);
    return docs
      .map((d) => plain<OrderLine>(d))
      // shortQty < qty compares two fields, which a plain query cannot express: filter here.
      .filter((l) => heldSince === undefined || heldThen(l))
      .sort(byPlacement);
  }

  async getOrderLines(ids: string[]): Promise<OrderLine[]> {
    return (await this.readByIds('order_lines', ids)).map((d) => plain<OrderLine>(d)).sort(byString((l) => l.id));
  }

  async commitReport(report: Report, writes: InventoryWrite[], ledger: LedgerEntry[]): Promise<CommitOutcome> {
    try {
      return await this.retryConflicts(COMMIT_ATTEMPTS, () => this.commitReportOnce(report, writes, ledger), () => 'conflict' as const);
    } catch (e) {
      // A concurrent commit of the same report stored it first and our add() met its _id
      // (the service may say so with a duplicate-key error, whose code the SDK hides):
      // decide by reading. Also covers our own commit whose answer was lost.
      if (await this.rawById('reports', report.id)) return 'duplicate';
      throw e;
    }
  }

  private async commitReportOnce(report: Report, writes: InventoryWrite[], ledger: LedgerEntry[]): Promise<CommitOutcome> {
    const tx = await this.db.startTransaction();
    try {
      // Read in the transaction: a concurrent commit of this id makes ours conflict, and the retry lands here.
      if (await getInTransaction(tx, 'reports', report.id)) {
        await rollbackQuietly(tx);
        return 'duplicate';
      }
      const now = Date.now();
      for (const w of writes) {
        const current = await getInTransaction(tx, 'inventory', w.record.skuId);
        const stale = ((current?.version as number | undefined) ?? 0) !== w.expectedVersion;
        if (stale || livePending(current, now)) {
          await rollbackQuietly(tx);
          // A reservation in flight finishes within milliseconds: let it before the caller recomputes.
          if (!stale) await pause(2);
          return 'conflict';
        }
        if (unfinishedConfirmations(current).length > 0) {
          await rollbackQuietly(tx);
          await this.finishConfirmations(current!, w.record.skuId);
          return 'conflict';
        }
      }
      // set() replaces the whole document, which also clears markers of dead reservations
      // (none of an unfinished confirmation: those were finished above).
      for (const w of writes) await tx.collection('inventory').doc(w.record.skuId).set({ data: w.record });
      await tx.collection('reports').add({ data: { ...report, _id: report.id } });
      for (const e of ledger) await tx.collection('ledger').add({ data: { ...e, _id: e.id } });
      await tx.commit();
      return 'committed';
    } catch (e) {
      await rollbackQuietly(tx);
      throw e;
    }
  }

  /** Newest first: reportedAt descending, then id descending. */
  async listReports(supplierId: string, limit: number): Promise<Report[]> {
    const out: Doc[] = [];
    while (out.length < limit) {
      const want = Math.min(PAGE, limit - out.length);
      const { data } = await this.run(() => this.col('reports').where({ supplierId })
        .orderBy('reportedAt', 'desc').orderBy('_id', 'desc').skip(out.length).limit(want).get());
      out.push(...data);
      if (data.length < want) break;
    }
    return out.map((d) => plain<Report>(d));
  }

  async commitRefresh(writes: RefreshWrite[]): Promise<string[]> {
    const conflicted = new Set<string>();
    await inParallel(writes, PARALLEL_WRITES, async (w) => {
      if (!(await this.refreshOne(w))) conflicted.add(w.record.skuId);
    });
    return writes.map((w) => w.record.skuId).filter((skuId) => conflicted.has(skuId));
  }

  /** One SKU's refresh in its own transaction, retried on a transaction conflict; false when the record moved. */
  private async refreshOne(w: RefreshWrite): Promise<boolean> {
    return this.retryConflicts(COMMIT_ATTEMPTS, () => this.refreshOnce(w), () => false);
  }

  /** Confirmations that marked this record and died (their markers went stale): finish them. */
  private async finishConfirmations(current: Doc, skuId: string): Promise<void> {
    for (const waveId of unfinishedConfirmations(current)) await this.waves.finishConfirmation(waveId, skuId);
  }

  private async refreshOnce(w: RefreshWrite): Promise<boolean> {
    const tx = await this.db.startTransaction();
    try {
      const current = await getInTransaction(tx, 'inventory', w.record.skuId);
      const now = Date.now();
      if (!unchangedSinceRead(current, w, now)) {
        await rollbackQuietly(tx);
        // A reservation in flight finishes within milliseconds: let it before the job re-reads.
        if (livePending(current, now)) await pause(2);
        else if (current) await this.finishConfirmations(current, w.record.skuId);
        return false;
      }
      // A take that lands after this read makes the set() or the commit conflict (the transaction read the document).
      await tx.collection('inventory').doc(w.record.skuId).set({ data: w.record });
      if (w.ledger) await tx.collection('ledger').add({ data: { ...w.ledger, _id: w.ledger.id } });
      await tx.commit();
      return true;
    } catch (e) {
      await rollbackQuietly(tx);
      throw e;
    }
  }

  // ---- held reports

  async holdReport(held: HeldReport): Promise<void> {
    if (!(await this.insertOnce('held_reports', held.id, held))) throw new Error(`held report ${held.id} already exists`);
  }

  async getHeldReport(id: string): Promise<HeldReport | null> {
    return this.byId<HeldReport>('held_reports', id);
  }

  /** Newest first: heldAt descending, then id descending. Held reports are few: sorted here. */
  async listHeldReports(filter: { supplierId?: string; status?: HeldStatus }): Promise<HeldReport[]> {
    const condition: Doc = {};
    if (filter.supplierId !== undefined) condition.supplierId = filter.supplierId;
    if (filter.status !== undefined) condition.status = filter.status;
    return (await this.readAll('held_reports', condition))
      .map((d) => plain<HeldReport>(d))
      .sort(newestFirst((h) => h.heldAt, (h) => h.id));
  }

  /** One conditional update: of two resolutions racing, exactly one finds the report still held. */
  async resolveHeldReport(id: string, resolution: HeldResolution): Promise<boolean> {
    const { stats } = await this.run(() => this.col('held_reports').where({ _id: id, status: 'held' }).update({
      data: { status: resolution.status, resolvedBy: resolution.by, resolvedAt: resolution.at },
    }));
    return stats.updated === 1;
  }

  // ---- reservations

  async reserve(order: Order, totals: ReadonlyMap<string, number>, ledger: LedgerEntry[]): Promise<ReserveOutcome> {
    const existing = await this.readOrder(order.id);
    if (existing) return { kind: 'duplicate', order: existing };
    // One global order of SKUs: two orders never each hold the other's first SKU.
    const skuIds = [...totals.keys()].sort();
    const token = `${order.id}:${randomUUID()}`;
    let taken: Array<[string, number]> = [];
    for (let round = 1; ; round++) {
      taken = [];
      let failed: string | undefined;
      try {
        for (const skuId of skuIds) {
          const qty = totals.get(skuId)!;
          if (!(await this.take(skuId, qty, token))) {
            failed = skuId;
            break;
          }
          taken.push([skuId, qty]);
        }
      } catch (e) {
        await this.giveBack(taken, token);
        throw e;
      }
      if (failed === undefined) break;
      await this.giveBack(taken, token);
      const sellable = new Map((await this.listInventory(skuIds)).map((r) => [r.skuId, r.sellable]));
      const short = findShortLines(totals, sellable);
      if (short.length > 0) return { kind: 'short', short };
      if (round >= RESERVE_ROUNDS) return { kind: 'short', short: [{ skuId: failed, requested: totals.get(failed)!, sellable: sellable.get(failed) ?? 0 }] };
      // Stock came back between the failed take and the re-read (a cancellation, a report): go again.
    }

    let inserted: boolean;
    try {
      inserted = await this.insertOnce('orders', order.id, order);
    } catch (e) {
      await this.giveBack(taken, token);
      throw e;
    }
    if (!inserted) {
      // A concurrent or retried submit stored this order first: it holds its own units.
      await this.giveBack(taken, token);
      return { kind: 'duplicate', order: (await this.readOrder(order.id)) ?? order };
    }
    await this.insertAll('order_lines', order.lines);
    await this.insertAll('ledger', ledger);
    await this.seal(taken, token);
    return { kind: 'placed', order };
  }

  /** The conditional decrement: takes `qty` only where sellable covers it. */
  private async take(skuId: string, qty: number, token: string): Promise<boolean> {
    const marker: PendingMarker = { token, at: Date.now() };
    const { stats } = await this.run(() => this.col('inventory').where({ _id: skuId, sellable: this._.gte(qty) }).update({
      data: { sellable: this._.inc(-qty), committed: this._.inc(qty), pending: this._.push(marker) },
    }));
    return stats.updated === 1;
  }

  /**
   * Undo takes. Conditional on the marker, which the same update removes, so a retry
   * never gives back twice; a report that replaced the record meanwhile already
   * recomputed committed without these units, and the update then does nothing.
   */
  private async giveBack(taken: ReadonlyArray<[string, number]>, token: string): Promise<void> {
    await Promise.all(taken.map(([skuId, qty]) => this.retry(() =>
      this.col('inventory').where({ _id: skuId, 'pending.token': token }).update({
        data: { sellable: this._.inc(qty), committed: this._.inc(-qty), pending: this._.pull({ token }) },
      }))));
  }

  /** The order and its lines are stored: bump the version (reports computed before now must recompute) and drop the marker. */
  private async seal(taken: ReadonlyArray<[string, number]>, token: string): Promise<void> {
    await Promise.all(taken.map(([skuId]) => this.retry(() =>
      this.col('inventory').where({ _id: skuId, 'pending.token': token }).update({
        data: { version: this._.inc(1), pending: this._.pull({ token }) },
      }))));
  }

  async recordRefusal(order: Order): Promise<Order> {
    if (!(await this.insertOnce('orders', order.id, order))) return (await this.readOrder(order.id)) ?? order;
    await this.insertAll('order_lines', order.lines);
    return order;
  }

  async getOrder(id: string): Promise<Order | null> {
    return this.readOrder(id);
  }

  /**
   * The order document keeps its lines as placed, so an order reads whole even while
   * its line documents are still being written; line documents, once there, carry
   * the current status.
   */
  private async readOrder(id: string): Promise<Order | null> {
    const head = await this.rawById('orders', id);
    if (!head) return null;
    const order = plain<Order>(head);
    const current = new Map((await this.readAll('order_lines', { orderId: id })).map((d) => [String(d._id), plain<OrderLine>(d)]));
    const lines = order.lines.map((l) => current.get(l.id) ?? l);
    const known = new Set(lines.map((l) => l.id));
    lines.push(...[...current.values()].filter((l) => !known.has(l.id)).sort(byString((l) => l.id)));
    return { ...order, lines };
  }

  // ---- line changes before cutoff

  async changeLine(change: LineChange): Promise<LineChangeOutcome> {
    // Outside the transaction: the line's SKU (which never changes), and a quick answer for a line already gone.
    const seen = await this.rawById('order_lines', change.lineId);
    if (!seen || seen.status !== 'placed' || seen.qty !== change.expectedQty) return { kind: 'gone' };
    try {
      return await this.retryConflicts(CHANGE_ATTEMPTS, () => this.changeLineOnce(change, String(seen.skuId)), (e) => {
        throw e;
      });
    } catch (e) {
      // The commit may have landed with its answer lost: the ledger entry says so.
      if (await this.rawById('ledger', change.ledger.id)) {
        const [line] = await this.getOrderLines([change.lineId]);
        if (line) return { kind: 'changed', line };
      }
      throw e;
    }
  }

  /**
   * One transaction: the SKU's record, then the line as the leader saw it, then the
   * ledger entry. A take, give-back, seal, refresh, report or cutoff that touches either
   * document after this reads it makes the write or the commit conflict (retried from
   * fresh reads). The record is read and written first, back to back: on the service a
   * take that comes after the write waits for the commit, so the window in which takes
   * make this conflict is one round trip.
   */
  private async changeLineOnce(change: LineChange, skuId: string): Promise<LineChangeOutcome> {
    const delta = change.newQty - change.expectedQty;
    const tx = await this.db.startTransaction();
    try {
      const current = await getInTransaction(tx, 'inventory', skuId);
      const record = current ? plain<InventoryRecord>(current, ['pending']) : null;
      if (delta > 0 && (record?.sellable ?? 0) < delta) {
        await rollbackQuietly(tx);
        return { kind: 'short', sellable: record?.sellable ?? 0 };
      }
      if (record && delta !== 0) {
        const next = delta > 0
          ? { ...record, sellable: record.sellable - delta, committed: record.committed + delta, version: record.version + 1 }
          : afterRelease(record, -delta);
        // update(), not set(): the markers of reservations in flight stay.
        await tx.collection('inventory').doc(skuId).update({
          data: { sellable: next.sellable, committed: next.committed, version: next.version },
        });
      }
      const lineDoc = await getInTransaction(tx, 'order_lines', change.lineId);
      if (!lineDoc || lineDoc.status !== 'placed' || lineDoc.qty !== change.expectedQty) {
        await rollbackQuietly(tx);
        return { kind: 'gone' };
      }
      const line = plain<OrderLine>(lineDoc);
      const changed: OrderLine = change.newQty === 0
        ? { ...line, status: 'cancelled', cancelledAt: change.at }
        : { ...line, qty: change.newQty };
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

  // ---- waves and remediation (cloud-waves.ts)

  closeWave(wave: Wave): Promise<{ wave: Wave; forwarded: number }> {
    return this.waves.closeWave(wave);
  }

  getWave(id: string): Promise<Wave | null> {
    return this.waves.getWave(id);
  }

  listWaves(filter: { supplierId?: string; status?: WaveStatus; day?: string }): Promise<Wave[]> {
    return this.waves.listWaves(filter);
  }

  escalateWave(id: string, at: number): Promise<boolean> {
    return this.waves.escalateWave(id, at);
  }

  confirmWave(confirmation: WaveConfirmation): Promise<boolean> {
    return this.waves.confirmWave(confirmation);
  }

  shipWave(waveId: string, at: number): Promise<boolean> {
    return this.waves.shipWave(waveId, at);
  }

  createTasks(tasks: RemediationTask[]): Promise<void> {
    return this.waves.createTasks(tasks);
  }

  getTask(id: string): Promise<RemediationTask | null> {
    return this.waves.getTask(id);
  }

  listTasks(filter: { leaderId?: string; status?: RemediationTask['status'] }): Promise<RemediationTask[]> {
    return this.waves.listTasks(filter);
  }

  updateTask(id: string, expectedStatus: RemediationTask['status'], patch: Partial<RemediationTask>): Promise<boolean> {
    return this.waves.updateTask(id, expectedStatus, patch);
  }

  // ---- alerts, consents and flags (cloud-alerts.ts)

  addAlerts(alerts: Alert[]): Promise<Alert[]> {
    return this.alerts.addAlerts(alerts);
  }

  listAlerts(userId: string, limit: number): Promise<Alert[]> {
    return this.alerts.listAlerts(userId, limit);
  }

  markAlertsRead(userId: string, ids: string[], at: number): Promise<void> {
    return this.alerts.markAlertsRead(userId, ids, at);
  }

  recordDelivery(alertId: string, delivery: Delivery): Promise<void> {
    return this.alerts.recordDelivery(alertId, delivery);
  }

  addConsents(userId: string, templateId: string, count: number): Promise<number> {
    return this.alerts.addConsents(userId, templateId, count);
  }

  takeConsent(userId: string, templateId: string): Promise<boolean> {
    return this.alerts.takeConsent(userId, templateId);
  }

  clearConsents(userId: string, templateId: string): Promise<void> {
    return this.alerts.clearConsents(userId, templateId);
  }

  listConsents(userId: string): Promise<Array<{ templateId: string; remaining: number }>> {
    return this.alerts.listConsents(userId);
  }

  getFlag(id: string): Promise<FlagState | null> {
    return this.alerts.getFlag(id);
  }

  setFlag(id: string, expected: FlagState | null, next: FlagState): Promise<boolean> {
    return this.alerts.setFlag(id, expected, next);
  }

  /** Oldest first (by time, then id); from `since` when given. */
  async listLedger(skuId: string, since?: number): Promise<LedgerEntry[]> {
    const condition: Doc = since === undefined ? { skuId } : { skuId, at: this._.gte(since) };
    return (await this.readAll('ledger', condition))
      .map((d) => plain<LedgerEntry>(d))
      .sort((a, b) => a.at - b.at || byString<LedgerEntry>((e) => e.id)(a, b));
  }

  async close(): Promise<void> {
    // The SDK holds no connection of its own to close.
  }
}

/**
 * Whether a refresh may replace `current`: it is as the refresh read it. The version
 * alone cannot say so here. A reservation's conditional decrement moves sellable and
 * committed at once but bumps the version only when it seals, so a refresh computed
 * before a take, written by version alone, would put the old sellable back: oversell.
 * Every change a reservation makes is one of:
 * - take: committed += n, pushes a live pending marker (version unchanged);
 * - give-back: committed -= n, pulls that marker (version unchanged);
 * - seal: version + 1, pulls that marker.
 * With no live marker now, every take since the read either sealed (the version moved)
 * or gave back. Those taken after the read cancel out; one already in flight at the read
 * and given back since leaves committed lower than read. The refresh carries committed
 * over from what it read (refresh-stock.ts), so `committed` equal to the write's, with
 * the version equal and no live marker, means sellable and committed are as read. (A
 * refresh that recomputed committed would need another witness of what it read.)
 * A line change and a confirmation's shortage bump the version with every change they
 * make; a confirmation's marker also holds the refresh off until its lines are marked.
 */
function unchangedSinceRead(current: Doc | null, w: RefreshWrite, now: number): boolean {
  if (!current) return w.expectedVersion === 0;
  return current.version === w.expectedVersion && current.committed === w.record.committed && !livePending(current, now)
    && unfinishedConfirmations(current).length === 0;
}

/** Zero-padded, so the _id order is the version order. */
const settingsVersionId = (version: number): string => `v${String(version).padStart(10, '0')}`;
