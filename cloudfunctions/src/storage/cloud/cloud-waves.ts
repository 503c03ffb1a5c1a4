// Waves and remediation tasks on the cloud database (the rest of the adapter is
// cloud-store.ts; both pass test/storage/contract.ts).
//
// Closing, escalating and shipping are conditional updates that only move things
// forward, so a rerun after a crash finishes what the first run began:
// - closeWave inserts the wave under its own _id (a second insert finds it), then moves
//   the wave's placed lines past their cutoff to `forwarded` in one multi-document
//   update (`status: 'placed'` in the condition forwards each line once);
// - escalateWave sets escalatedAt only where it is absent and the wave `closed`;
// - shipWave ships the lines first and the wave last, so a wave marked shipped has
//   all its lines shipped.
//
// Confirming cannot be one transaction: a wave holds hundreds of lines, transactions
// allow only doc() and add() (one round trip per document) and live 30 s. It is a
// resumable sequence instead, with the confirmation kept on the wave document:
// 1. claim: `confirming` is set on the wave while it is `closed` and has none. From
//    then on every call, a rerun or a concurrent one, finishes that stored
//    confirmation (a rerun that brings a different one finishes the first). The wave
//    reads `closed` until step 5; `confirming` is hidden from readers;
// 2. shortages: per short SKU one small transaction reads the ledger entry by its
//    (deterministic) id and, only if it is absent, applies afterShortage to the
//    inventory record, pushes a confirmation marker onto it and adds the entry: each
//    SKU's shortage lands exactly once, together with its marker;
// 3. lines: each short line `forwarded` → `short` (conditional on `forwarded`), then,
//    only once all of those are done, every line still `forwarded` → `confirmed` in one
//    multi-document update;
// 4. unmark: pull the marker from the short SKUs and bump their versions;
// 5. the wave → `confirmed` (conditional on `closed`), dropping `confirming`.
// Steps 2 to 5 are idempotent, so any number of finishers may run them at once.
// Why the marker (steps 2 to 4): a report recounts committed from the lines. Between
// the shortage and the last short line, a recount would count the lines not yet
// marked in full although the shortage already took their units out. So while the
// marker is there commitReport answers 'conflict', the refresh job skips the SKU, and
// the version bump of step 4 makes anything read before it recompute. Shortage before
// lines (not after) so that a recount slipping past would be wrong only on the safe
// side (committed too high, nothing oversold). None slips past, though: a report's or
// a refresh's set() never runs over a confirmation's marker, and one that has gone
// stale (its confirmation died) is finished by whoever meets it (finishConfirmation).
import { inParallel } from '../../runtime/parallel';
import type { InventoryRecord, LedgerEntry, RemediationTask, Wave, WaveStatus } from '../../domain/model';
import { afterShortage } from '../../domain/stock-moves';
import type { DueWave, WaveConfirmation } from '../port';
import { type CloudAccess, PARALLEL_WRITES } from './cloud-access';
import {
  type Doc, type PendingMarker, byString, confirmationToken, getInTransaction, plain, rollbackQuietly,
} from './cloud-sdk';

const SHORTAGE_ATTEMPTS = 12;
const CLAIM_ROUNDS = 3;

/** Fields the adapter keeps on a document beside the model's, hidden from readers. */
const WAVE_HIDDEN = ['confirming'] as const;
const TASK_HIDDEN = ['revision'] as const;

/** A confirmation as the wave document keeps it while it is being applied. */
interface StoredConfirmation {
  by: string;
  at: number;
  onBehalf: boolean;
  shipQty: Record<string, number>;
  /** Absent on a confirmation kept before it was recorded. */
  shortBySku?: Record<string, number>;
  /** Short lines only; an array, since line ids are not safe as field names. */
  shorts: Array<{ lineId: string; qty: number }>;
  ledger: LedgerEntry[];
}

const stored = (c: WaveConfirmation): StoredConfirmation => ({
  by: c.by, at: c.at, onBehalf: c.onBehalf, shipQty: c.shipQty, shortBySku: c.shortBySku, ledger: c.ledger,
  shorts: Object.entries(c.shortByLine).filter(([, qty]) => qty > 0).map(([lineId, qty]) => ({ lineId, qty })),
});

const withoutUndefined = (o: object): Doc => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export class CloudWaves {
  constructor(private readonly a: CloudAccess) {}

  // ---- waves

  /** One group per wave over the placed lines past their cutoff: the service totals them, the lines stay where they are. */
  async listDueWaves(cutoffBefore: number): Promise<DueWave[]> {
    const _ = this.a._;
    const groups = await this.a.aggregateAll('order_lines', (p) => p
      .match({ status: 'placed', cutoffAt: _.lte(cutoffBefore) })
      .group({ _id: '$waveId', supplierId: { $first: '$supplierId' }, day: { $first: '$day' }, cutoffAt: { $min: '$cutoffAt' } }));
    return groups.map((g) => ({ waveId: String(g._id), supplierId: String(g.supplierId), day: String(g.day), cutoffAt: Number(g.cutoffAt) }));
  }

  async closeWave(wave: Wave): Promise<{ wave: Wave; forwarded: number }> {
    await this.a.insertOnce('waves', wave.id, withoutUndefined(wave));
    const raw = (await this.a.rawById('waves', wave.id))!;
    const current = plain<Wave>(raw, WAVE_HIDDEN);
    // A wave claimed for confirmation, or confirmed, takes no more lines: its pick list has been answered.
    if (current.status !== 'closed' || raw.confirming) return { wave: current, forwarded: 0 };
    const _ = this.a._;
    const forwarded = await this.a.updateAll('order_lines',
      { waveId: wave.id, status: 'placed', cutoffAt: _.lte(wave.closedAt) },
      { status: 'forwarded', forwardedAt: wave.closedAt });
    return { wave: current, forwarded };
  }

  async getWave(id: string): Promise<Wave | null> {
    return this.a.byId<Wave>('waves', id, WAVE_HIDDEN);
  }

  /** Newest day first, then by id. Waves are one per supplier per day: sorted here. */
  async listWaves(filter: { supplierId?: string; status?: WaveStatus; day?: string }): Promise<Wave[]> {
    const docs = await this.a.readAll('waves', withoutUndefined({ supplierId: filter.supplierId, status: filter.status, day: filter.day }));
    return docs.map((d) => plain<Wave>(d, WAVE_HIDDEN)).sort((x, y) => byString<Wave>((w) => w.day)(y, x) || byString<Wave>((w) => w.id)(x, y));
  }

  /** One conditional update: of two escalations racing, one finds the field still absent. */
  async escalateWave(id: string, at: number): Promise<boolean> {
    const { stats } = await this.a.run(() => this.a.col('waves')
      .where({ _id: id, status: 'closed', escalatedAt: this.a._.exists(false) }).update({ data: { escalatedAt: at } }));
    return stats.updated === 1;
  }

  async confirmWave(c: WaveConfirmation): Promise<boolean> {
    const _ = this.a._;
    for (let round = 1; ; round++) {
      const wave = await this.a.rawById('waves', c.waveId);
      if (!wave || wave.status !== 'closed') return false;
      if (wave.confirming) {
        // Interrupted (or running right now): finish the confirmation that was claimed first.
        await this.finish(c.waveId, wave.confirming as StoredConfirmation);
        return true;
      }
      const mine = stored(c);
      const { stats } = await this.a.run(() => this.a.col('waves')
        .where({ _id: c.waveId, status: 'closed', confirming: _.exists(false) }).update({ data: { confirming: _.set(mine) } }));
      if (stats.updated === 1) {
        await this.finish(c.waveId, mine);
        return true;
      }
      if (round >= CLAIM_ROUNDS) throw new Error(`wave ${c.waveId} could not be claimed for confirmation`);
    }
  }

  /**
   * A report or refresh met this wave's confirmation marker on `skuId` after the
   * marker went stale: the confirmation died half-way. Finish it (or, if it did
   * finish, drop the leftover marker) so the record can be recounted.
   */
  async finishConfirmation(waveId: string, skuId: string): Promise<void> {
    const wave = await this.a.rawById('waves', waveId);
    if (wave?.status === 'closed' && wave.confirming) await this.finish(waveId, wave.confirming as StoredConfirmation);
    else await this.unmark(waveId, [skuId]);
  }

  /** Steps 2 to 5 of the header; each is idempotent, so any number of callers may run them. */
  private async finish(waveId: string, c: StoredConfirmation): Promise<void> {
    const _ = this.a._;
    await inParallel(c.ledger, PARALLEL_WRITES, (entry) => this.applyShortage(waveId, entry));
    await inParallel(c.shorts, PARALLEL_WRITES, ({ lineId, qty }) => this.a.retry(() => this.a.run(() => this.a.col('order_lines')
      .where({ _id: lineId, waveId, status: 'forwarded' }).update({ data: { status: 'short', shortQty: qty, confirmedAt: c.at } }))));
    // Only after every short line is marked: this takes whatever is still forwarded.
    await this.a.updateAll('order_lines', { waveId, status: 'forwarded' }, { status: 'confirmed', shortQty: 0, confirmedAt: c.at });
    await this.unmark(waveId, c.ledger.map((e) => e.skuId));
    await this.a.run(() => this.a.col('waves').where({ _id: waveId, status: 'closed' }).update({
      data: {
        status: 'confirmed', confirmedAt: c.at, confirmedBy: c.by, confirmedOnBehalf: c.onBehalf, shipQty: _.set(c.shipQty), ...(c.shortBySku ? { shortBySku: _.set(c.shortBySku) } : {}), confirming: _.remove(),
      },
    }));
  }

  /** A SKU's shortage, once: the ledger entry's id says whether it landed already. */
  private async applyShortage(waveId: string, entry: LedgerEntry): Promise<void> {
    try {
      await this.a.retryConflicts(SHORTAGE_ATTEMPTS, () => this.applyShortageOnce(waveId, entry), (e) => {
        throw e;
      });
    } catch (e) {
      // A concurrent finisher added the entry first (a duplicate _id, whose code the SDK
      // hides), or our commit landed with its answer lost: either way it is applied.
      if (await this.a.rawById('ledger', entry.id)) return;
      throw e;
    }
  }

  private async applyShortageOnce(waveId: string, entry: LedgerEntry): Promise<void> {
    const tx = await this.a.db.startTransaction();
    try {
      if (await getInTransaction(tx, 'ledger', entry.id)) {
        await rollbackQuietly(tx);
        return;
      }
      const current = await getInTransaction(tx, 'inventory', entry.skuId);
      if (current) {
        const next = afterShortage(plain<InventoryRecord>(current, ['pending']), entry.qty);
        const marker: PendingMarker = { token: confirmationToken(waveId), at: this.a.now(), wave: waveId };
        // update(), not set(): the markers of reservations in flight stay.
        await tx.collection('inventory').doc(entry.skuId).update({
          data: {
            onHand: next.onHand, projectedOnHand: next.projectedOnHand, committed: next.committed, buffer: next.buffer,
            sellable: next.sellable, version: next.version, pending: this.a._.push(marker),
          },
        });
      }
      await tx.collection('ledger').add({ data: { ...entry, _id: entry.id } });
      await tx.commit();
    } catch (e) {
      await rollbackQuietly(tx);
      throw e;
    }
  }

  /** Step 4: the short lines are marked; anything that read these records before must recompute. */
  private async unmark(waveId: string, skuIds: string[]): Promise<void> {
    if (skuIds.length === 0) return;
    const token = confirmationToken(waveId);
    const _ = this.a._;
    await this.a.updateAll('inventory', { _id: _.in([...new Set(skuIds)]), 'pending.token': token }, { pending: _.pull({ token }), version: _.inc(1) });
  }

  async shipWave(waveId: string, at: number): Promise<boolean> {
    const wave = await this.a.rawById('waves', waveId);
    if (wave?.status !== 'confirmed') return false;
    await this.a.updateAll('order_lines', { waveId, status: 'confirmed' }, { status: 'shipped', shippedAt: at });
    // A short line ships only what was not short: one wholly short has nothing to ship.
    const short = (await this.a.readAll('order_lines', { waveId, status: 'short' }))
      .filter((d) => (d.shortQty as number) < (d.qty as number));
    await inParallel(short, PARALLEL_WRITES, (d) => this.a.retry(() => this.a.run(() => this.a.col('order_lines')
      .where({ _id: d._id, status: 'short' }).update({ data: { status: 'shipped', shippedAt: at } }))));
    const { stats } = await this.a.run(() => this.a.col('waves')
      .where({ _id: waveId, status: 'confirmed' }).update({ data: { status: 'shipped', shippedAt: at } }));
    return stats.updated === 1;
  }

  // ---- remediation tasks

  async createTasks(tasks: RemediationTask[]): Promise<void> {
    await this.a.insertAll('tasks', tasks.map((t) => ({ ...withoutUndefined(t), id: t.id })));
  }

  async getTask(id: string): Promise<RemediationTask | null> {
    return this.a.byId<RemediationTask>('tasks', id, TASK_HIDDEN);
  }

  /** Oldest first: openedAt, then id. */
  async listTasks(filter: { leaderId?: string; status?: RemediationTask['status']; waveIds?: string[] }): Promise<RemediationTask[]> {
    if (filter.waveIds?.length === 0) return [];
    const condition = withoutUndefined({ leaderId: filter.leaderId, status: filter.status, waveId: filter.waveIds ? this.a._.in(filter.waveIds) : undefined });
    return (await this.a.readAll('tasks', condition))
      .map((d) => plain<RemediationTask>(d, TASK_HIDDEN))
      .sort((x, y) => x.openedAt - y.openedAt || byString<RemediationTask>((t) => t.id)(x, y));
  }

  /**
   * One conditional update on the status. It also bumps a hidden revision, so a patch
   * that changes nothing still counts as applied (the service counts changed documents).
   */
  async updateTask(id: string, expectedStatus: RemediationTask['status'], patch: Partial<RemediationTask>): Promise<boolean> {
    const { id: ignored, ...fields } = patch;
    const { stats } = await this.a.run(() => this.a.col('tasks').where({ _id: id, status: expectedStatus }).update({
      data: { ...withoutUndefined(fields), revision: this.a._.inc(1) },
    }));
    return stats.updated === 1;
  }
}
