import { makeAutoObservable, runInAction } from 'mobx';
import { type Result, callFunction } from '../../services/api';
import { now } from '../../services/clock';
import type { HeldView } from '../../services/types';
import { heldActions } from '../count-entry';
import { type LoadStatus, loadInto } from '../loadable';

const actions = heldActions('operator');

/** Reports held for a jump, across suppliers: the operator confirms or discards each. */
export class HeldListStore {
  list: HeldView[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  resolving: string | null = null;
  /** What the last decision did, shown above the list. */
  outcome: { kind: 'success' | 'error'; title: string; detail: string } | null = null;
  now = now();

  constructor() {
    makeAutoObservable(this);
  }

  load(): Promise<void> {
    return loadInto(
      this,
      () => callFunction<HeldView[]>('operator', 'listHeld', { status: 'held' }),
      (list) => (this.list = [...list].sort((a, b) => b.reportedAt - a.reportedAt)),
      () => (this.now = now()),
    );
  }

  confirm(heldId: string): Promise<void> {
    return this.decide(heldId, actions.confirm, '确认未成功', (held, intake) => ({
      title: `已确认 · ${held?.supplierName ?? ''}`,
      detail: intake.status === 'applied' ? `${intake.receipt.lines.length} 个商品已按这次报数更新` : '已确认',
    }));
  }

  discard(heldId: string): Promise<void> {
    return this.decide(heldId, actions.discard, '丢弃未成功', (held) => ({
      title: `已丢弃 · ${held?.supplierName ?? ''}`,
      detail: '这次报数不会生效，库存保持上次的数字',
    }));
  }

  /** One decision at a time; done, the report leaves the list and `outcome` says what happened. */
  private async decide<T>(
    heldId: string,
    send: (heldId: string) => Promise<Result<T>>,
    failed: string,
    done: (held: HeldView | undefined, data: T) => { title: string; detail: string },
  ): Promise<void> {
    if (this.resolving) return;
    const held = this.list.find((h) => h.id === heldId);
    this.resolving = heldId;
    const result = await send(heldId);
    runInAction(() => {
      this.resolving = null;
      if (!result.ok) {
        this.outcome = { kind: 'error', title: failed, detail: result.error.message };
        return;
      }
      this.list = this.list.filter((h) => h.id !== heldId);
      this.outcome = { kind: 'success', ...done(held, result.data) };
    });
    // Gone or superseded meanwhile: the list on screen is out of date.
    if (!result.ok) await this.load();
  }
}
