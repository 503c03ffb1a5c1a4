import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import { now } from '../../services/clock';
import type { HeldView, ReportReceipt } from '../../services/types';
import { heldActions } from '../count-entry';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

const actions = heldActions('operator');

/** Reports held for a jump, across suppliers: the operator confirms or discards each. */
export class HeldListStore {
  list: HeldView[] = [];
  status: LoadStatus = 'idle';
  loadError: string | null = null;
  resolving: string | null = null;
  /** What the last decision did, shown above the list. */
  outcome: { kind: 'success' | 'error'; title: string; detail: string } | null = null;
  now = now();

  constructor() {
    makeAutoObservable(this);
  }

  async load(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    const result = await callFunction<HeldView[]>('operator', 'listHeld', { status: 'held' });
    runInAction(() => {
      this.now = now();
      if (!result.ok) {
        this.loadError = result.error.message;
        if (this.status !== 'ready') this.status = 'error';
        return;
      }
      this.loadError = null;
      this.list = [...result.data].sort((a, b) => b.reportedAt - a.reportedAt);
      this.status = 'ready';
    });
  }

  async confirm(heldId: string): Promise<void> {
    if (this.resolving) return;
    const held = this.list.find((h) => h.id === heldId);
    this.resolving = heldId;
    const result = await actions.confirm(heldId);
    runInAction(() => {
      this.resolving = null;
      if (!result.ok) {
        this.outcome = { kind: 'error', title: '确认未成功', detail: result.error.message };
        return;
      }
      this.list = this.list.filter((h) => h.id !== heldId);
      const receipt: ReportReceipt | null = result.data.status === 'applied' ? result.data.receipt : null;
      this.outcome = {
        kind: 'success',
        title: `已确认 · ${held?.supplierName ?? ''}`,
        detail: receipt ? `${receipt.lines.length} 个商品已按这次报数更新` : '已确认',
      };
    });
    // Gone or superseded meanwhile: the list on screen is out of date.
    if (!result.ok) await this.load();
  }

  async discard(heldId: string): Promise<void> {
    if (this.resolving) return;
    const held = this.list.find((h) => h.id === heldId);
    this.resolving = heldId;
    const result = await actions.discard(heldId);
    runInAction(() => {
      this.resolving = null;
      if (!result.ok) {
        this.outcome = { kind: 'error', title: '丢弃未成功', detail: result.error.message };
        return;
      }
      this.list = this.list.filter((h) => h.id !== heldId);
      this.outcome = { kind: 'success', title: `已丢弃 · ${held?.supplierName ?? ''}`, detail: '这次报数不会生效，库存保持上次的数字' };
    });
    if (!result.ok) await this.load();
  }
}
