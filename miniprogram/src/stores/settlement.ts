// 结算单 on the operator's page for one supplier: the settlement for a chosen period (last
// week by default, the last one finished) and its export as a sheet.
import { makeAutoObservable, runInAction } from 'mobx';
import { type Result, callFunction } from '../services/api';
import { now } from '../services/clock';
import { files } from '../services/files';
import type { FileDownload, SettlementView } from '../services/types';
import { type LoadStatus, loadInto } from './loadable';
import { PERIOD_CHOICES, type PeriodChoice, dayOfPeriod } from './scorecards';

export class SettlementStore {
  view: SettlementView | null = null;
  status: LoadStatus = 'idle';
  error: string | null = null;
  choice: PeriodChoice = PERIOD_CHOICES.find((c) => c.key === 'week1')!;
  exporting = false;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;

  constructor(readonly supplierId: string) {
    makeAutoObservable(this, { supplierId: false });
  }

  private get payload(): { supplierId: string; period: PeriodChoice['period']; day: string } {
    return { supplierId: this.supplierId, period: this.choice.period, day: dayOfPeriod(this.choice.period, this.choice.back, now()) };
  }

  load(): Promise<void> {
    const payload = this.payload;
    return loadInto(this, () => callFunction<SettlementView>('operator', 'settlement', payload), (view) => (this.view = view));
  }

  /** Another period: shows loading, not the last period's figures under the new name. */
  choose(key: string): Promise<void> {
    const next = PERIOD_CHOICES.find((c) => c.key === key);
    if (next) this.choice = next;
    this.status = 'idle';
    this.view = null;
    return this.load();
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** 导出结算单: the sheet for the chosen period, saved the way this platform saves files. */
  async exportXlsx(): Promise<boolean> {
    if (this.exporting) return false;
    this.exporting = true;
    this.notice = null;
    const result: Result<FileDownload> = await callFunction<FileDownload>('operator', 'exportSettlement', this.payload);
    const saved = result.ok ? await files().saveDownload(result.data) : result;
    runInAction(() => {
      this.exporting = false;
      this.notice = saved.ok ? { text: saved.data.message, kind: 'success' } : { text: saved.error.message, kind: 'fail' };
    });
    return saved.ok;
  }
}
