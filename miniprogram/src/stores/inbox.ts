import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import { LOW_CONSENTS, askConsent } from '../services/consent';
import { nav, pageOfAlert } from '../services/nav';
import type { ConsentView, InboxAlert, InboxView, Role } from '../services/types';
import { type LoadStatus, loadInto } from './loadable';

/** How many alerts the inbox shows (newest first). */
const SHOWN = 50;

/** Every alert that reached this person, what is unread, and (WeChat) the sends left per kind. */
export class InboxStore {
  alerts: InboxAlert[] = [];
  unread = 0;
  consents: ConsentView[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  markingAll = false;
  toppingUp = false;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  /** Kinds with at most one send left: the inbox offers to top them up. */
  get lowConsents(): ConsentView[] {
    return this.consents.filter((c) => c.remaining <= LOW_CONSENTS);
  }

  load(): Promise<void> {
    return loadInto(
      this,
      () => callFunction<InboxView>('account', 'inbox', { limit: SHOWN }),
      (inbox) => {
        this.alerts = inbox.alerts;
        this.unread = inbox.unread;
        this.consents = inbox.consents;
      },
    );
  }

  /** Tapping an alert: it is read, and its page opens (when the app has that page). */
  async open(alert: InboxAlert, role: Role | undefined): Promise<void> {
    const target = pageOfAlert(alert, role);
    if (!alert.read) {
      // Read at once on screen; the server hears in the background.
      alert.read = true;
      if (!alert.resolved) this.unread = Math.max(0, this.unread - 1);
      const marked = callFunction('account', 'markRead', { ids: [alert.id] });
      if (!target) await marked;
    }
    if (target) nav.open(target.path, target.params);
  }

  async markAllRead(): Promise<void> {
    const ids = this.alerts.filter((a) => !a.read).map((a) => a.id);
    if (ids.length === 0 || this.markingAll) return;
    this.markingAll = true;
    const result = await callFunction('account', 'markRead', { ids });
    runInAction(() => {
      this.markingAll = false;
      if (!result.ok) {
        this.notice = { text: '标记失败，请重试', kind: 'fail' };
        return;
      }
      for (const a of this.alerts) a.read = true;
      this.unread = 0;
      this.notice = { text: '已全部标为已读', kind: 'success' };
    });
  }

  /**
   * "补充提醒次数": WeChat's consent sheet for this person's kinds. Called straight from the
   * tap (WeChat refuses the sheet otherwise), so the ask comes before anything is awaited.
   */
  async topUp(): Promise<void> {
    const asked = askConsent({ all: true });
    this.toppingUp = true;
    const counts = await asked;
    runInAction(() => {
      this.toppingUp = false;
      if (counts) {
        this.applyConsents(counts);
        this.notice = { text: '提醒次数已更新', kind: 'success' };
      }
    });
  }

  /** Counts the server answered after recording a consent (asked at any tap). */
  applyConsents(counts: ConsentView[]): void {
    const known = new Map(counts.map((c) => [c.templateId, c.remaining]));
    this.consents = this.consents.map((c) => ({ ...c, remaining: known.get(c.templateId) ?? c.remaining }));
  }

  dismissNotice(): void {
    this.notice = null;
  }
}
