import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../services/api';
import { type PickedFile, files } from '../services/files';
import type { OrderImportResult } from '../services/types';
import { lazyStore } from './index';
import { linesOf } from './operator/importer';

export type OrderImportPhase = 'idle' | 'uploading' | 'importing' | 'done' | 'failed';

/**
 * A leader's order export from 快团团, 群接龙 or 有赞: choose, upload, import (by the leader, or
 * by an operator for a leader). Every line is checked first; any bad line means nothing is
 * ordered, and each is listed by its row.
 */
export class OrderImportStore {
  file: PickedFile | null = null;
  phase: OrderImportPhase = 'idle';
  result: OrderImportResult | null = null;
  error: string | null = null;
  badLines: Array<{ line: number; message: string }> = [];

  /** Absent: the signed-in leader's own export; set: an operator imports it for this leader. */
  constructor(readonly forLeaderId?: string) {
    makeAutoObservable(this);
  }

  get busy(): boolean {
    return this.phase === 'uploading' || this.phase === 'importing';
  }

  pick(file: PickedFile | null): void {
    if (this.busy || !file) return;
    this.file = file;
    this.phase = 'idle';
    this.result = null;
    this.error = null;
    this.badLines = [];
  }

  async choose(): Promise<void> {
    this.pick(await files().choose());
  }

  /** Answers whether orders were added (the list then needs reloading). */
  async importFile(): Promise<boolean> {
    const file = this.file;
    if (!file || this.busy) return false;
    this.phase = 'uploading';
    this.result = null;
    this.error = null;
    this.badLines = [];
    const uploaded = await files().upload(file, () => undefined);
    if (!uploaded.ok) {
      runInAction(() => {
        this.phase = 'failed';
        this.error = `上传失败：${uploaded.error.message}`;
      });
      return false;
    }
    runInAction(() => (this.phase = 'importing'));
    const uploadedFile = { fileId: uploaded.data.fileId, fileName: file.name };
    const res = this.forLeaderId
      ? await callFunction<OrderImportResult>('operator', 'importOrdersFor', { ...uploadedFile, leaderId: this.forLeaderId })
      : await callFunction<OrderImportResult>('leader', 'importOrders', uploadedFile);
    runInAction(() => {
      if (!res.ok) {
        this.phase = 'failed';
        this.badLines = linesOf(res.error.issues);
        this.error = this.badLines.length > 0 ? `${file.name} 有 ${this.badLines.length} 处有误，没有导入任何订单，也没有预订库存` : res.error.message;
        return;
      }
      this.phase = 'done';
      this.result = res.data;
    });
    return res.ok && res.data.imported.length > 0;
  }
}

export const useOrderImport = lazyStore(() => new OrderImportStore());
