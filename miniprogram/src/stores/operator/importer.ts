import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import { applyingNotice, untilApplied } from '../../services/counts';
import { type PickedFile, files } from '../../services/files';
import type { FileDownload, HeldView, ImportResult, Issue, ReportReceipt } from '../../services/types';
import { heldActions, jumpedLines } from '../count-entry';

const actions = heldActions('operator');

export type ImportPhase = 'idle' | 'uploading' | 'checking' | 'applying' | 'done' | 'failed';
export type TemplateFormat = 'xlsx' | 'csv';
/** What a column can be mapped to by hand. */
export type MapField = 'code' | 'supplierCode' | 'qty';

/** A refusal the operator can answer by mapping the columns: the headers found and the near misses. */
export interface Mappable {
  headers: string[];
  nearMisses: Array<{ found: string; like: string }>;
}

function mappableOf(details: unknown): Mappable | null {
  const d = (details ?? {}) as { canMap?: boolean; headers?: unknown; nearMisses?: unknown };
  if (d.canMap !== true || !Array.isArray(d.headers)) return null;
  const headers = d.headers.filter((h): h is string => typeof h === 'string' && h.trim() !== '');
  return headers.length > 0 ? { headers, nearMisses: Array.isArray(d.nearMisses) ? (d.nearMisses as Mappable['nearMisses']) : [] } : null;
}

/** `line:7` → 7. */
const SHEET_LINE = /^line:(\d+)$/;

/** The failure headline without the list the server appends ("库存表有误：第3行…；第7行…"). */
const headline = (message: string): string => message.split('：')[0] ?? message;

/** Bad lines shown before "显示全部": a 10,000-line file can be wrong on every line. */
export const BAD_LINES_SHOWN = 50;

/**
 * A spreadsheet of counts for one supplier: template, choose, upload (with progress),
 * check and apply on the server — whole, held for a jump, or refused naming every bad line.
 */
export class ImporterStore {
  supplierId = '';
  file: PickedFile | null = null;
  note = '';
  phase: ImportPhase = 'idle';
  /** Upload progress, then (applying) the share of lines in effect, 0…1. */
  progress = 0;
  receipt: ReportReceipt | null = null;
  lineCount = 0;
  /** How the server read the file (which worksheet, which of several count columns). */
  readNotes: string[] = [];
  dialog: HeldView | null = null;
  resolving: string | null = null;
  /** Held whole and then discarded: nothing from the file applies. */
  discarded = false;
  /** The file took effect but for its jumped lines, which wait as their own held report. */
  heldPart: { count: number; outcome: 'waiting' | 'confirmed' | 'discarded' } | null = null;
  badLines: Array<{ line: number; message: string }> = [];
  showAllBadLines = false;
  error: string | null = null;
  downloading: TemplateFormat | null = null;
  notice: { text: string; kind: 'success' | 'fail' } | null = null;
  /** The headers of a file we could not read by its headers, to map by hand. */
  mappable: Mappable | null = null;
  /** The header chosen for each field (a header text of the file). */
  mapped: Partial<Record<MapField, string>> = {};
  /** Read by columns mapped by hand, this time or remembered from last time. */
  mappingSource: 'manual' | 'remembered' | null = null;
  /** The uploaded file, read again with a mapping without uploading it again. */
  private uploaded: { fileId: string; fileName: string } | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  get busy(): boolean {
    return this.phase === 'uploading' || this.phase === 'checking' || this.phase === 'applying';
  }

  get canUpload(): boolean {
    return !!this.supplierId && this.file !== null && !this.busy;
  }

  /** A count column and a code column chosen: the file can be read by them. */
  get canImportMapped(): boolean {
    return !this.busy && this.uploaded !== null && !!this.mapped.qty && (!!this.mapped.code || !!this.mapped.supplierCode);
  }

  /** Tap a header for a field; tap it again to clear. A header is one field only. */
  chooseColumn(field: MapField, header: string): void {
    if (this.mapped[field] === header) {
      const { [field]: _dropped, ...rest } = this.mapped;
      this.mapped = rest;
      return;
    }
    const rest = Object.fromEntries(Object.entries(this.mapped).filter(([, h]) => h !== header)) as Partial<Record<MapField, string>>;
    this.mapped = { ...rest, [field]: header };
  }

  /** The same uploaded file, read by the columns chosen; the server remembers them for the supplier. */
  async importMapped(): Promise<void> {
    const file = this.uploaded;
    if (!this.canImportMapped || !file) return;
    const mapping = {
      qtyColumn: this.mapped.qty!, ...(this.mapped.code ? { codeColumn: this.mapped.code } : {}), ...(this.mapped.supplierCode ? { supplierCodeColumn: this.mapped.supplierCode } : {}),
    };
    const chosen = this.mapped;
    const mappable = this.mappable;
    this.clearResult();
    this.mapped = chosen;
    this.phase = 'checking';
    await this.runImport(file.fileId, file.fileName, mapping);
    runInAction(() => {
      // Still not readable by these columns: keep the choices to change one.
      if (this.phase === 'failed' && !this.mappable) this.mappable = mappable;
    });
  }

  get shownBadLines(): Array<{ line: number; message: string }> {
    return this.showAllBadLines ? this.badLines : this.badLines.slice(0, BAD_LINES_SHOWN);
  }

  select(supplierId: string): void {
    if (this.busy) return;
    this.supplierId = supplierId;
    this.clearResult();
  }

  pick(file: PickedFile | null): void {
    if (this.busy || !file) return;
    this.file = file;
    this.clearResult();
  }

  async choose(): Promise<void> {
    this.pick(await files().choose());
  }

  setNote(text: string): void {
    this.note = text;
  }

  revealAllBadLines(): void {
    this.showAllBadLines = true;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  async downloadTemplate(format: TemplateFormat): Promise<void> {
    if (!this.supplierId || this.downloading) return;
    this.downloading = format;
    const result = await callFunction<FileDownload>('operator', 'stockTemplate', { supplierId: this.supplierId, format });
    const saved = result.ok ? await files().saveDownload(result.data) : result;
    runInAction(() => {
      this.downloading = null;
      this.notice = saved.ok ? { text: saved.data.message, kind: 'success' } : { text: saved.error.message, kind: 'fail' };
    });
  }

  async upload(): Promise<void> {
    const file = this.file;
    if (!this.canUpload || !file) return;
    this.clearResult();
    this.phase = 'uploading';
    this.progress = 0;
    const uploaded = await files().upload(file, (fraction) => runInAction(() => (this.progress = Math.min(1, Math.max(this.progress, fraction)))));
    if (!uploaded.ok) {
      runInAction(() => {
        this.phase = 'failed';
        this.error = `上传失败：${uploaded.error.message}`;
      });
      return;
    }
    runInAction(() => {
      this.progress = 1;
      this.phase = 'checking';
      this.uploaded = { fileId: uploaded.data.fileId, fileName: file.name };
    });
    await this.runImport(uploaded.data.fileId, file.name);
  }

  private async runImport(fileId: string, fileName: string, mapping?: Record<string, string>): Promise<void> {
    const note = this.note.trim();
    const imported = await callFunction<ImportResult>('operator', 'importStock', {
      supplierId: this.supplierId, fileId, fileName, ...(note ? { note } : {}), ...(mapping ? { mapping } : {}),
    });
    let result = imported;
    if (imported.ok) {
      // Thousands of lines take several calls to apply: the bar moves with them.
      const intake = await untilApplied('operator', { ok: true, data: imported.data.intake }, (applied, total) => runInAction(() => {
        this.phase = 'applying';
        this.progress = total > 0 ? applied / total : 1;
      }));
      result = intake.ok ? { ok: true, data: { ...imported.data, intake: intake.data } } : intake;
    }
    runInAction(() => {
      if (!result.ok) {
        this.phase = 'failed';
        this.badLines = linesOf(result.error.issues);
        // With bad lines listed below, the message's own copy of them is noise.
        this.error = this.badLines.length > 0 ? `${headline(result.error.message)}，没有导入任何数据` : result.error.message;
        this.mappable = mappableOf(result.error.details);
        return;
      }
      this.phase = 'done';
      this.lineCount = result.data.lineCount;
      this.readNotes = result.data.notes ?? [];
      this.mappingSource = result.data.mapping?.source ?? null;
      const { intake: done } = result.data;
      if (done.status === 'held') {
        this.dialog = done.held;
        return;
      }
      if (done.status === 'applying') this.notice = { text: applyingNotice(done.applied, done.total), kind: 'success' };
      else this.receipt = done.receipt;
      // The lines that jumped wait for a confirmation; the rest of the file took effect.
      if (done.held) {
        this.dialog = done.held;
        this.heldPart = { count: jumpedLines(done.held).length, outcome: 'waiting' };
      }
    });
  }

  async confirmHeld(heldId: string): Promise<void> {
    if (this.resolving) return;
    this.resolving = heldId;
    const result = await untilApplied('operator', await actions.confirm(heldId));
    runInAction(() => {
      this.resolving = null;
      this.dialog = null;
      if (!result.ok) {
        this.phase = 'failed';
        this.error = result.error.message;
        return;
      }
      // A part held from the file: the file's receipt stays, the part is marked done.
      if (this.heldPart) this.heldPart = { ...this.heldPart, outcome: 'confirmed' };
      else if (result.data.status === 'applied') this.receipt = result.data.receipt;
      if (result.data.status === 'applying') this.notice = { text: applyingNotice(result.data.applied, result.data.total), kind: 'success' };
    });
  }

  async discardHeld(heldId: string): Promise<void> {
    if (this.resolving) return;
    this.resolving = heldId;
    const result = await actions.discard(heldId);
    runInAction(() => {
      this.resolving = null;
      this.dialog = null;
      if (!result.ok && result.error.code !== 'SUPERSEDED') {
        this.phase = 'failed';
        this.error = result.error.message;
        return;
      }
      if (this.heldPart) this.heldPart = { ...this.heldPart, outcome: 'discarded' };
      else this.discarded = true;
    });
  }

  private clearResult(): void {
    this.phase = 'idle';
    this.progress = 0;
    this.receipt = null;
    this.lineCount = 0;
    this.readNotes = [];
    this.dialog = null;
    this.discarded = false;
    this.heldPart = null;
    this.badLines = [];
    this.showAllBadLines = false;
    this.error = null;
    this.mappable = null;
    this.mapped = {};
    this.mappingSource = null;
  }
}

/** Every bad spreadsheet line, in line order (the server names them `line:N`). */
export function linesOf(issues: Issue[] | undefined): Array<{ line: number; message: string }> {
  return (issues ?? [])
    .flatMap((i) => {
      const n = SHEET_LINE.exec(i.path)?.[1];
      return n === undefined ? [] : [{ line: Number(n), message: i.message }];
    })
    .sort((a, b) => a.line - b.line);
}
