import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import type { PersonDetail, PersonView } from '../../services/types';
import { type LoadStatus, loadInto } from '../loadable';

/** A step that cannot be taken back, waiting for its second tap. */
export type AccessStep = 'reissue' | 'disable' | 'endSessions';

/** A person's way in: the invite's state, re-issuing it, disabling them, their sessions and log. */
export class PersonAccessStore {
  detail: PersonDetail | null = null;
  status: LoadStatus = 'idle';
  error: string | null = null;
  /** The step whose consequence is on screen, asking to be confirmed. */
  asking: AccessStep | null = null;
  busy = false;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;

  constructor(readonly userId: string) {
    makeAutoObservable(this, { userId: false });
  }

  load(): Promise<void> {
    return loadInto(this, () => callFunction<PersonDetail>('operator', 'personDetail', { userId: this.userId }), (d) => (this.detail = d));
  }

  dismiss(): void {
    this.notice = null;
  }

  ask(step: AccessStep | null): void {
    this.asking = step;
    this.notice = null;
  }

  /** The confirmed step, then the page shows the person as they are now. */
  async confirm(): Promise<PersonView | null> {
    const step = this.asking;
    if (!step || this.busy || !this.detail) return null;
    this.busy = true;
    const { person } = this.detail;
    const result = step === 'reissue'
      ? await callFunction<PersonView>('operator', 'reissueInvite', { userId: this.userId })
      : step === 'disable'
        ? await callFunction<PersonView>('operator', 'setPersonEnabled', { userId: this.userId, enabled: person.disabled })
        : await callFunction<{ ended: number }>('operator', 'endSessions', { userId: this.userId });
    runInAction(() => {
      this.busy = false;
      this.asking = null;
      this.notice = result.ok ? { text: DONE[step](person), kind: 'success' } : { text: result.error.message, kind: 'fail' };
    });
    await this.load();
    return result.ok && 'id' in (result.data as object) ? (result.data as PersonView) : null;
  }
}

const DONE: Record<AccessStep, (p: PersonView) => string> = {
  reissue: () => '已生成新的邀请码，旧的已失效',
  disable: (p) => (p.disabled ? '已启用，请把新的邀请码发给 TA' : '已停用，TA 的所有设备已退出登录'),
  endSessions: () => 'TA 的所有设备已退出登录',
};
