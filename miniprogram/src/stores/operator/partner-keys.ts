import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import type { NewPartnerKey, PartnerKeyView } from '../../services/types';
import { type LoadStatus, loadInto } from '../loadable';
import { copyText } from './people';

/**
 * One supplier's partner API keys (DESIGN §4, level `api`): the list, 新建密钥 and 停用.
 * A new key's secret lives only here, on this page: leaving it drops the secret for good.
 */
export class PartnerKeysStore {
  keys: PartnerKeyView[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  /** The key just made, with its secret: shown this once. */
  created: NewPartnerKey | null = null;
  copied: 'yes' | 'failed' | null = null;
  /** The key whose 停用 waits for its second tap. */
  asking: string | null = null;
  busy = false;
  /** Why the last 新建 or 停用 was refused, as the server said it. */
  refusal: string | null = null;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;

  constructor(readonly supplierId: string) {
    makeAutoObservable(this, { supplierId: false });
  }

  /** Live first (newest first), then the retired ones. */
  get sorted(): PartnerKeyView[] {
    return [...this.keys].sort((a, b) => Number(a.revokedAt !== undefined) - Number(b.revokedAt !== undefined) || b.createdAt - a.createdAt);
  }

  get liveCount(): number {
    return this.keys.filter((k) => k.revokedAt === undefined).length;
  }

  load(): Promise<void> {
    return loadInto(this, () => callFunction<PartnerKeyView[]>('operator', 'listPartnerKeys', { supplierId: this.supplierId }), (keys) => (this.keys = keys));
  }

  dismiss(): void {
    this.notice = null;
  }

  async create(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.refusal = null;
    this.asking = null;
    const result = await callFunction<NewPartnerKey>('operator', 'createPartnerKey', { supplierId: this.supplierId });
    runInAction(() => {
      this.busy = false;
      if (result.ok) {
        this.created = result.data;
        this.copied = null;
        this.notice = { text: '已新建密钥', kind: 'success' };
      } else {
        this.refusal = result.error.message;
        this.notice = { text: '未新建', kind: 'fail' };
      }
    });
    await this.load();
  }

  /** The secret is on screen until the operator says it is kept (or leaves the page). */
  hideSecret(): void {
    this.created = null;
    this.copied = null;
  }

  async copySecret(): Promise<void> {
    if (!this.created) return;
    const copied = await copyText(this.created.secret);
    runInAction(() => (this.copied = copied ? 'yes' : 'failed'));
  }

  ask(keyId: string | null): void {
    this.asking = keyId;
    this.refusal = null;
  }

  async revoke(): Promise<void> {
    const keyId = this.asking;
    if (!keyId || this.busy) return;
    this.busy = true;
    const result = await callFunction<PartnerKeyView>('operator', 'revokePartnerKey', { keyId });
    runInAction(() => {
      this.busy = false;
      this.asking = null;
      if (result.ok) {
        this.notice = { text: '密钥已停用', kind: 'success' };
        if (this.created?.id === keyId) this.hideSecret();
      } else {
        this.refusal = result.error.message;
        this.notice = { text: '未停用', kind: 'fail' };
      }
    });
    await this.load();
  }
}
