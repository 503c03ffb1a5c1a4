import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import { FieldReader, defined, numberText } from '../../services/fields';
import { fenToYuanText } from '../../services/money';
import type { LeaderAliasView, OperatorSkuView, RuleChangePreview, Sku, Tier } from '../../services/types';
import { type LoadStatus, loadInto } from '../loadable';
import { type Built, FormState } from './form';
import { PreviewedSave } from './previewed-save';
import { readBufferPolicy } from './suppliers';

/** Every SKU with its cost, supplier code and current figure; filtered by supplier and a search. */
export class CatalogueStore {
  skus: OperatorSkuView[] = [];
  status: LoadStatus = 'idle';
  error: string | null = null;
  /** '' = every supplier. */
  supplierId = '';
  query = '';

  constructor() {
    makeAutoObservable(this);
  }

  load(): Promise<void> {
    return loadInto(this, () => callFunction<OperatorSkuView[]>('operator', 'listSkus'), (skus) => (this.skus = skus));
  }

  setSupplier(id: string): void {
    this.supplierId = id;
  }

  setQuery(text: string): void {
    this.query = text;
  }

  /** By supplier, then by name, spec, unified or supplier code (case-insensitive). */
  get visible(): OperatorSkuView[] {
    const q = this.query.trim().toLowerCase();
    return this.skus.filter((s) => {
      if (this.supplierId && s.supplierId !== this.supplierId) return false;
      if (!q) return true;
      return [s.id, s.name, s.spec, s.supplierCode ?? ''].some((t) => t.toLowerCase().includes(q));
    });
  }

  find(id: string): OperatorSkuView | undefined {
    return this.skus.find((s) => s.id === id);
  }
}

export const SKU_FIELDS = [
  'id', 'supplierId', 'name', 'spec', 'category', 'price', 'cost', 'supplierCode', 'listed', 'saleUnit', 'saleStep', 'aliases', 'warningLine', 'tierOverride',
  'bufferPolicy', 'bufferPolicy.ratio', 'bufferPolicy.fixed', 'bufferPolicy.velocityFraction',
] as const;

const PERCENT = ['bufferPolicy.ratio', 'bufferPolicy.velocityFraction'];

/** '' in the tier box: computed from sales (no override). */
export type TierChoice = Tier | '';

function valuesOf(s: OperatorSkuView | undefined, supplierId: string): Record<string, string> {
  return {
    id: s?.id ?? '',
    supplierId: s?.supplierId ?? supplierId,
    name: s?.name ?? '',
    spec: s?.spec ?? '',
    category: s?.category ?? '',
    price: fenToYuanText(s?.price),
    cost: fenToYuanText(s?.cost),
    supplierCode: s?.supplierCode ?? '',
    listed: s === undefined || s.listed ? 'yes' : 'no',
    saleUnit: s?.saleUnit ?? '',
    saleStep: numberText(s?.saleStep),
    aliases: (s?.aliases ?? []).join('、'),
    warningLine: numberText(s?.warningLine ?? 10),
    tierOverride: s?.tierOverride ?? '',
    'bufferPolicy.ratio': numberText(s?.bufferPolicy?.ratio, { percent: true }),
    'bufferPolicy.fixed': numberText(s?.bufferPolicy?.fixed),
    'bufferPolicy.velocityFraction': numberText(s?.bufferPolicy?.velocityFraction, { percent: true }),
  };
}

/**
 * The 别名 box: words separated by commas or 顿号 (full- or half-width, or semicolons, or
 * new lines), each trimmed; none: the SKU has no aliases. Each word is sent as typed.
 */
export function aliasesOf(text: string): string[] | undefined {
  const words = text.split(/[,，、;；\n]/).map((w) => w.trim()).filter((w) => w !== '');
  return words.length > 0 ? words : undefined;
}

/** Create or edit one SKU: money typed in 元 and sent in fen. */
export class SkuEditStore {
  readonly form: FormState;
  saved: Sku | null = null;
  /** Words leaders taught for this SKU ("团长教的叫法"), each leader's own; null until loaded. */
  leaderWords: LeaderAliasView[] | null = null;

  constructor(
    readonly create: boolean,
    existing?: OperatorSkuView,
    supplierId = '',
  ) {
    this.form = new FormState(valuesOf(existing, supplierId), { prefix: 'sku', fields: SKU_FIELDS, percent: PERCENT });
    this.saving = new PreviewedSave(
      this.form,
      () => this.build(),
      (sku) => callFunction<RuleChangePreview>('operator', 'previewSku', { sku }),
      (sku) => this.commit(sku),
    );
    makeAutoObservable(this, { form: false, create: false, saving: false });
  }

  /** An edit's buffer or tier shows its effect on sellable first; a new SKU has no count to move. */
  readonly saving: PreviewedSave<Sku>;

  private build(): Built<Sku> {
    const r = new FieldReader(this.form.values);
    const supplierId = r.text('supplierId');
    if (!supplierId) r.fail('supplierId', '请选择供应商');
    const tier = this.form.value('tierOverride') as TierChoice;
    const sku = defined<Sku>({
      id: r.text('id', { required: true }) ?? '',
      supplierId: supplierId ?? '',
      name: r.text('name', { required: true }) ?? '',
      spec: r.text('spec') ?? '',
      category: r.text('category', { required: true }) ?? '',
      price: r.money('price', { required: true }) ?? 0,
      cost: r.money('cost'),
      supplierCode: r.text('supplierCode'),
      listed: this.form.value('listed') !== 'no',
      saleUnit: (this.form.value('saleUnit') || undefined) as Sku['saleUnit'],
      saleStep: r.number('saleStep'),
      aliases: aliasesOf(this.form.value('aliases')),
      warningLine: r.number('warningLine', { required: true, integer: true }) ?? 0,
      bufferPolicy: readBufferPolicy(r),
      tierOverride: tier === '' ? undefined : tier,
    });
    return r.ok ? { ok: true, value: sku } : { ok: false, errors: r.errors };
  }

  save(): Promise<boolean> {
    return this.create ? this.send(() => this.build()) : this.saving.save();
  }

  /** What leaders taught for this SKU (operator.leaderAliases, read only). */
  async loadLeaderWords(): Promise<void> {
    const id = this.form.value('id');
    const result = await callFunction<LeaderAliasView[]>('operator', 'leaderAliases', {});
    runInAction(() => {
      this.leaderWords = result.ok ? result.data.filter((a) => a.skuId === id) : null;
    });
  }

  private commit(value: Sku): Promise<boolean> {
    return this.send(() => ({ ok: true, value }));
  }

  private async send(build: () => Built<Sku>): Promise<boolean> {
    const result = await this.form.submit(
      build,
      (sku) => callFunction<Sku>('operator', 'saveSku', { sku, create: this.create }),
    );
    if (result?.ok) runInAction(() => (this.saved = result.data));
    return result?.ok ?? false;
  }
}
