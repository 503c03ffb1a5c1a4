// Alerts, subscription consents and flags on the cloud database (the rest of the
// adapter is cloud-store.ts and cloud-waves.ts; all pass test/storage/contract.ts).
//
// Each operation is one document at a time, so none needs a transaction:
// - addAlerts inserts each alert under its own id as _id, stamped with a token of
//   this call (hidden from readers). One batch add first; when it fails (a duplicate
//   stops it part-way, and which ones landed is not said) each alert is added on its
//   own, and then every alert is read back: the ones carrying this call's token are the
//   ones stored now. Reading back also covers an add whose answer was lost, which an
//   "insert, and on error see whether it exists" would count as a duplicate;
// - markAlertsRead is one multi-document conditional update: the person's alerts
//   among the ids that have no readAt yet, so readAt stays at the first time and other
//   people's alerts are never touched;
// - recordDelivery pushes onto the alert's `deliveries` array: concurrent deliveries
//   all land (no read-modify-write);
// - a resolution is one document under its event as _id, added once (the first stands)
//   and never updated: the alerts it resolves are left as they were raised;
// - a consent count is one document per person and template. takeConsent is the
//   conditional decrement `where({_id, remaining: _.gte(1)})` + `_.inc(-1)`: the
//   service runs each update atomically, so concurrent takes never pass zero.
//   addConsents increments, and creates the document (add, unique _id) when there is
//   none yet; of two concurrent creations one add fails and goes back to increment;
// - setFlag is a compare-and-set: from null it is an add under the flag's _id (one
//   creator wins; like addAlerts, a token read back says whose add it was), otherwise
//   an update conditional on the expected fields. Like tasks, the update bumps a
//   hidden revision, so a flip to the same value still counts as applied (the service
//   counts changed documents).
import { inParallel } from '../../runtime/parallel';
import { randomUUID } from 'node:crypto';
import type { Alert, AlertResolution, Delivery } from '../../domain/alerts';
import type { FlagState } from '../port';
import { type CloudAccess, type Collection, IN_CHUNK, PAGE, PARALLEL_WRITES } from './cloud-access';
import { type Doc, byString, chunks, plain } from './cloud-sdk';

/** The token of the addAlerts call that stored an alert. */
const ALERT_HIDDEN = ['addedBy'] as const;
const FLAG_HIDDEN = ['revision', 'addedBy'] as const;

/** Alerts are plain data: optional fields left undefined are dropped, so a stored alert reads back as it was given. */
const defined = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** One document per person and template; both parts escaped, so the _id never mixes them up. */
const consentId = (userId: string, templateId: string): string => `${encodeURIComponent(userId)}|${encodeURIComponent(templateId)}`;

export class CloudAlerts {
  constructor(private readonly a: CloudAccess) {}

  // ---- alerts

  async addAlerts(alerts: Alert[]): Promise<Alert[]> {
    // A second alert with an id already in this call is a duplicate, as it is on SQLite.
    const seen = new Set<string>();
    const unique = alerts.filter((x) => !seen.has(x.id) && seen.add(x.id));
    if (unique.length === 0) return [];
    const token = randomUUID();
    const docs = unique.map((x) => ({ ...defined(x), _id: x.id, addedBy: token }));
    try {
      await this.a.run(() => this.a.col('alerts').add({ data: docs }));
      return unique;
    } catch {
      // Some exist already (or the batch failed part-way): one by one, then decide by reading.
    }
    const errors = new Map<string, unknown>();
    await inParallel(docs, PARALLEL_WRITES, async (d) => {
      try {
        await this.a.run(() => this.a.col('alerts').add({ data: d }));
      } catch (e) {
        errors.set(d._id, e);
      }
    });
    const stored = new Map((await this.a.readByIds('alerts', unique.map((x) => x.id))).map((d) => [String(d._id), d]));
    for (const x of unique) {
      // Neither ours nor anyone's: the add failed for another reason than a duplicate.
      if (!stored.has(x.id)) throw errors.get(x.id) ?? new Error(`alert ${x.id} was not stored`);
    }
    return unique.filter((x) => stored.get(x.id)!.addedBy === token);
  }

  /** Newest first: at descending, then id descending (the service keeps no insertion order to break ties with). */
  async listAlerts(userId: string, limit: number): Promise<Alert[]> {
    const out: Doc[] = [];
    while (out.length < limit) {
      const want = Math.min(PAGE, limit - out.length);
      const { data } = await this.a.run(() => this.a.col('alerts').where({ userId })
        .orderBy('at', 'desc').orderBy('_id', 'desc').skip(out.length).limit(want).get());
      out.push(...data);
      if (data.length < want) break;
    }
    return out.map((d) => plain<Alert>(d, ALERT_HIDDEN));
  }

  async markAlertsRead(userId: string, ids: string[], at: number): Promise<void> {
    const _ = this.a._;
    for (const chunk of chunks([...new Set(ids)], IN_CHUNK)) {
      await this.a.updateAll('alerts', { _id: _.in(chunk), userId, readAt: _.exists(false) }, { readAt: at });
    }
  }

  async recordDelivery(alertId: string, delivery: Delivery): Promise<void> {
    await this.a.run(() => this.a.col('alerts').where({ _id: alertId }).update({ data: { deliveries: this.a._.push(defined(delivery)) } }));
  }

  // ---- resolutions: one document per event under the event as _id, added once, never updated

  async addAlertResolutions(resolutions: AlertResolution[]): Promise<void> {
    await inParallel(resolutions, PARALLEL_WRITES, (r) => this.a.retry(() => this.a.insertOnce('alert_resolutions', r.event, defined(r))));
  }

  async listAlertResolutions(events: string[]): Promise<AlertResolution[]> {
    return (await this.a.readByIds('alert_resolutions', events)).map((d) => plain<AlertResolution>(d));
  }

  // ---- consents

  async addConsents(userId: string, templateId: string, count: number): Promise<number> {
    const id = consentId(userId, templateId);
    if (count !== 0) {
      for (;;) {
        const { stats } = await this.a.run(() => this.a.col('consents').where({ _id: id }).update({ data: { remaining: this.a._.inc(count) } }));
        if (stats.updated === 1) break;
        // No document yet: create it with the count (a concurrent creator wins the _id, and this goes round to increment).
        if (await this.create('consents', id, { userId, templateId, remaining: Math.max(0, count) })) break;
      }
    } else if (!(await this.a.rawById('consents', id))) {
      await this.create('consents', id, { userId, templateId, remaining: 0 });
    }
    return Number((await this.a.rawById('consents', id))?.remaining ?? 0);
  }

  /** The conditional decrement: of any number of concurrent takes, only as many as there are consents succeed. */
  async takeConsent(userId: string, templateId: string): Promise<boolean> {
    const { stats } = await this.a.run(() => this.a.col('consents')
      .where({ _id: consentId(userId, templateId), remaining: this.a._.gte(1) }).update({ data: { remaining: this.a._.inc(-1) } }));
    return stats.updated === 1;
  }

  async clearConsents(userId: string, templateId: string): Promise<void> {
    await this.a.run(() => this.a.col('consents').where({ _id: consentId(userId, templateId) }).update({ data: { remaining: 0 } }));
  }

  /** By template id. */
  async listConsents(userId: string): Promise<Array<{ templateId: string; remaining: number }>> {
    return (await this.a.readAll('consents', { userId }))
      .map((d) => ({ templateId: String(d.templateId), remaining: Number(d.remaining) }))
      .sort(byString((c) => c.templateId));
  }

  // ---- flags

  async getFlag(id: string): Promise<FlagState | null> {
    const doc = await this.a.byId<FlagState>('flags', id, FLAG_HIDDEN);
    return doc ? { on: doc.on, cycle: doc.cycle } : null;
  }

  async setFlag(id: string, expected: FlagState | null, next: FlagState): Promise<boolean> {
    const state = { on: next.on, cycle: next.cycle };
    if (expected === null) return this.create('flags', id, { ...state, revision: 0 });
    const { stats } = await this.a.run(() => this.a.col('flags').where({ _id: id, on: expected.on, cycle: expected.cycle }).update({
      data: { ...state, revision: this.a._.inc(1) },
    }));
    return stats.updated === 1;
  }

  /**
   * Insert under `id` unless a document has it: true only for the caller whose add
   * stored it. Decided by reading back this call's token, so an add that landed with
   * its answer lost still counts as ours.
   */
  private async create(coll: Collection, id: string, data: Doc): Promise<boolean> {
    const token = randomUUID();
    try {
      await this.a.run(() => this.a.col(coll).add({ data: { ...data, _id: id, addedBy: token } }));
      return true;
    } catch (e) {
      const doc = await this.a.rawById(coll, id);
      if (!doc) throw e;
      return doc.addedBy === token;
    }
  }
}
