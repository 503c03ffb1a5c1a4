import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import { FieldReader, defined, numberText } from '../../services/fields';
import type { BufferPolicy, IntegrationLevel, JumpThreshold, ReportBasis, RuleChangePreview, Supplier, SupplierView } from '../../services/types';
import { type LoadStatus, loadInto, needsLoad } from '../loadable';
import { type Built, FormState } from './form';
import { PreviewedSave } from './previewed-save';

/** Rules-level suppliers first: they are the ones the operator enters numbers for. */
const LEVEL_ORDER: Record<IntegrationLevel, number> = { rules: 0, portal: 1, api: 2 };

/** Every supplier with its SKU count, last report and held reports: the 工作台, the list and every picker. */
export class SuppliersStore {
  list: SupplierView[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  load(): Promise<void> {
    return loadInto(this, () => callFunction<SupplierView[]>('operator', 'listSuppliers'), (list) => (this.list = list));
  }

  /** Load unless already loaded (pickers); lists call load() to be current. */
  async ensureLoaded(): Promise<void> {
    if (needsLoad(this)) await this.load();
  }

  get forEntry(): SupplierView[] {
    return [...this.list].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.id.localeCompare(b.id));
  }

  get heldCount(): number {
    return this.list.reduce((n, s) => n + s.heldCount, 0);
  }

  /** Listed SKUs whose count is older than their tier allows, over all suppliers. */
  get overAgeCount(): number {
    return this.list.reduce((n, s) => n + s.overAgeCount, 0);
  }

  get skuCount(): number {
    return this.list.reduce((n, s) => n + s.skuCount, 0);
  }

  find(id: string): SupplierView | undefined {
    return this.list.find((s) => s.id === id);
  }
}

export const SUPPLIER_FIELDS = [
  'id', 'name', 'level', 'reportTimes', 'basis', 'contact',
  'bufferPolicy', 'bufferPolicy.ratio', 'bufferPolicy.fixed', 'bufferPolicy.velocityFraction',
  'jumpThreshold', 'jumpThreshold.ratio', 'jumpThreshold.minUnits',
  'cutoffTime', 'wecomWebhook',
] as const;

/** What listSuppliers sends beyond SupplierView's declared fields (the whole stored supplier is spread into it). */
type SupplierRow = SupplierView & Pick<Supplier, 'cutoffTime' | 'wecomWebhook'>;

const PERCENT = ['bufferPolicy.ratio', 'bufferPolicy.velocityFraction'];

/** "8:00", "8：00" → "08:00" (the server checks the rest). */
export const normalizeTime = (text: string): string => text.trim().replace('：', ':').replace(/^(\d):/, '0$1:');

/** "08:00 20:00", "8:00，20:00" → ['08:00', '20:00'] (the server checks each). */
export function parseTimes(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .filter(Boolean)
    .map(normalizeTime);
}

function valuesOf(s: SupplierRow | undefined): Record<string, string> {
  return {
    id: s?.id ?? '',
    name: s?.name ?? '',
    level: s?.level ?? 'rules',
    reportTimes: (s?.reportTimes ?? ['08:00', '20:00']).join(' '),
    basis: s?.basis ?? 'physical',
    contact: s?.contact ?? '',
    'bufferPolicy.ratio': numberText(s?.bufferPolicy?.ratio, { percent: true }),
    'bufferPolicy.fixed': numberText(s?.bufferPolicy?.fixed),
    'bufferPolicy.velocityFraction': numberText(s?.bufferPolicy?.velocityFraction, { percent: true }),
    'jumpThreshold.ratio': numberText(s?.jumpThreshold?.ratio),
    'jumpThreshold.minUnits': numberText(s?.jumpThreshold?.minUnits),
    cutoffTime: s?.cutoffTime ?? '',
    wecomWebhook: s?.wecomWebhook ?? '',
  };
}

/** Ratio, fixed and velocity boxes → a policy, or none when all are blank (the global one applies). */
export function readBufferPolicy(r: FieldReader): BufferPolicy | undefined {
  const policy = defined<BufferPolicy>({
    ratio: r.number('bufferPolicy.ratio', { percent: true }),
    fixed: r.number('bufferPolicy.fixed', { integer: true }),
    velocityFraction: r.number('bufferPolicy.velocityFraction', { percent: true }),
  });
  return Object.keys(policy).length > 0 ? policy : undefined;
}

/** Create or edit one supplier. */
export class SupplierEditStore {
  readonly form: FormState;
  saved: Supplier | null = null;

  constructor(
    readonly create: boolean,
    existing?: SupplierView,
  ) {
    this.form = new FormState(valuesOf(existing), { prefix: 'supplier', fields: SUPPLIER_FIELDS, percent: PERCENT });
    this.saving = new PreviewedSave(
      this.form,
      () => this.build(),
      (supplier) => callFunction<RuleChangePreview>('operator', 'previewSupplier', { supplier }),
      (supplier) => this.commit(supplier),
    );
    makeAutoObservable(this, { form: false, create: false, saving: false });
  }

  /** An edit's buffer or rules show their effect on sellable first; a new supplier has no SKUs to move. */
  readonly saving: PreviewedSave<Supplier>;

  private build(): Built<Supplier> {
    const r = new FieldReader(this.form.values);
    const times = parseTimes(this.form.value('reportTimes'));
    if (times.length === 0) r.fail('reportTimes', '请至少填写一个报数时间，如 08:00');
    const jumpRatio = r.number('jumpThreshold.ratio');
    const jumpMin = r.number('jumpThreshold.minUnits', { integer: true });
    // The threshold is one rule of two parts: both or neither (then the global one applies).
    if ((jumpRatio === undefined) !== (jumpMin === undefined)) {
      r.fail(jumpRatio === undefined ? 'jumpThreshold.ratio' : 'jumpThreshold.minUnits', '倍数和件数要一起填，或都不填');
    }
    const jumpThreshold: JumpThreshold | undefined = jumpRatio !== undefined && jumpMin !== undefined ? { ratio: jumpRatio, minUnits: jumpMin } : undefined;
    // Blank: the global cutoff applies.
    const cutoff = r.text('cutoffTime');
    const supplier = defined<Supplier>({
      id: r.text('id', { required: true }) ?? '',
      name: r.text('name', { required: true }) ?? '',
      level: this.form.value('level') as IntegrationLevel,
      reportTimes: times,
      basis: this.form.value('basis') as ReportBasis,
      contact: r.text('contact'),
      bufferPolicy: readBufferPolicy(r),
      jumpThreshold,
      cutoffTime: cutoff === undefined ? undefined : normalizeTime(cutoff),
      wecomWebhook: r.text('wecomWebhook'),
    });
    return r.ok ? { ok: true, value: supplier } : { ok: false, errors: r.errors };
  }

  save(): Promise<boolean> {
    return this.create ? this.send(() => this.build()) : this.saving.save();
  }

  private commit(value: Supplier): Promise<boolean> {
    return this.send(() => ({ ok: true, value }));
  }

  private async send(build: () => Built<Supplier>): Promise<boolean> {
    const result = await this.form.submit(
      build,
      (supplier) => callFunction<Supplier>('operator', 'saveSupplier', { supplier, create: this.create }),
    );
    if (result?.ok) runInAction(() => (this.saved = result.data));
    return result?.ok ?? false;
  }
}
