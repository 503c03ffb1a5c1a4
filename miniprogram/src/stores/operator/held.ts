import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import { now } from '../../services/clock';
import type { HeldView } from '../../services/types';
import { heldActions } from '../count-entry';
import { type GroupDecision, type HeldGroup, type HeldOutcome, confirmOutcome, decideGroup, discardOutcome, groupHeld } from '../held-group';
import { type LoadStatus, loadInto } from '../loadable';

const actions = heldActions('operator');

/** Reports held for a jump, across suppliers, one card per supplier: the operator confirms or discards each card. */
export class HeldListStore {
  list: HeldView[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  /** The supplier whose card is being decided. */
  resolving: string | null = null;
  /** What the last decision did, shown above the list. */
  outcome: HeldOutcome | null = null;
  /** The supplier whose card the last decision stopped part way on: its card says which lines still wait. */
  stoppedAt: { supplierId: string; text: string } | null = null;
  now = now();

  constructor() {
    makeAutoObservable(this);
  }

  get groups(): HeldGroup[] {
    return groupHeld(this.list);
  }

  load(): Promise<void> {
    return loadInto(
      this,
      () => callFunction<HeldView[]>('operator', 'listHeld', { status: 'held' }),
      (list) => (this.list = [...list].sort((a, b) => b.reportedAt - a.reportedAt)),
      () => (this.now = now()),
    );
  }

  async confirm(group: HeldGroup): Promise<void> {
    await this.decide(group, async () => {
      const decision = await decideGroup(group.reports, actions.confirm);
      return { decision, outcome: confirmOutcome(group.supplierName, decision) };
    });
  }

  async discard(group: HeldGroup): Promise<void> {
    await this.decide(group, async () => {
      const decision = await decideGroup(group.reports, actions.discard);
      return { decision, outcome: discardOutcome(group.supplierName, decision) };
    });
  }

  /** One card at a time, its held reports in turn; those decided (or gone) leave the list and `outcome` says what happened. */
  private async decide(group: HeldGroup, run: () => Promise<{ decision: GroupDecision<unknown>; outcome: HeldOutcome }>): Promise<void> {
    if (this.resolving) return;
    this.resolving = group.supplierId;
    const { decision, outcome } = await run();
    runInAction(() => {
      this.resolving = null;
      const settled = new Set([...decision.done, ...decision.gone].map((d) => d.held.id));
      this.list = this.list.filter((h) => !settled.has(h.id));
      this.outcome = outcome;
      this.stoppedAt = decision.failed ? { supplierId: group.supplierId, text: `${outcome.title}：${outcome.detail}` } : null;
    });
    // Gone meanwhile (a newer count, someone else's decision), or stopped part way (an older line of a SKU
    // just confirmed is now "counted since"): the list on screen is out of date.
    if (decision.gone.length > 0 || (decision.failed && decision.done.length > 0)) await this.load();
  }
}
