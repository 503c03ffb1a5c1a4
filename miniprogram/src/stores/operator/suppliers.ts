import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import { FieldReader, defined, numberText } from '../../services/fields';
import { now } from '../../services/clock';
import { inShanghai } from '../../services/format';
import type { BufferPolicy, IntegrationLevel, JumpThreshold, PullSource, ReportBasis, RuleChangePreview, StocktakeSchedule, Supplier, SupplierView, Tier } from '../../services/types';
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
  // Level `api` only: the partner API's settings.
  'apiJumpExempt',
  'pull', 'pull.system', 'pull.url', 'pull.items', 'pull.code', 'pull.quantity', 'pull.nextCursor', 'pull.cursorParam', 'pull.pageSize',
  'pull.everyMinutes', 'pull.everyMinutes.hot', 'pull.everyMinutes.normal', 'pull.everyMinutes.longTail', 'pull.callsPerDay',
  'webhook', 'webhook.url', 'webhook.lines',
  // 盘点计划: when its stocktake opens (none, weekly or every other week).
  'stocktake', 'stocktake.every', 'stocktake.weekday', 'stocktake.time', 'stocktake.from',
] as const;

/** What listSuppliers sends beyond SupplierView's declared fields (the whole stored supplier is spread into it). */
export type SupplierRow = SupplierView & Pick<Supplier, 'cutoffTime' | 'wecomWebhook' | 'pull' | 'webhook' | 'stocktake'>;

export const PULL_TIERS: readonly Tier[] = ['hot', 'normal', 'longTail'];

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
    ...apiValuesOf(s),
    ...scheduleValuesOf(s?.stocktake),
  };
}

/** The stocktake schedule as boxes; none yet: Mondays 10:00 from today, once chosen. */
function scheduleValuesOf(schedule: StocktakeSchedule | undefined): Record<string, string> {
  return {
    'stocktake.every': schedule?.every ?? '',
    'stocktake.weekday': String(schedule?.weekday ?? 1),
    'stocktake.time': schedule?.time ?? '10:00',
    'stocktake.from': schedule?.from ?? inShanghai(now()).format('YYYY-MM-DD'),
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-12-7", "2026/12/07" → "2026-12-07" (the server checks the rest). */
export const normalizeDay = (text: string): string =>
  text.trim().replace(/[/.年月]/g, '-').replace(/日$/, '').replace(/-(\d)(?=-|$)/g, '-0$1');

/** The schedule as chosen, or none (不盘点). */
export function readStocktakeSchedule(r: FieldReader, values: (key: string) => string): StocktakeSchedule | undefined {
  const every = values('stocktake.every');
  if (every !== 'week' && every !== 'fortnight') return undefined;
  const time = r.text('stocktake.time', { required: true });
  const from = r.text('stocktake.from', { required: true });
  const day = from === undefined ? '' : normalizeDay(from);
  if (from !== undefined && !DAY.test(day)) r.fail('stocktake.from', '请按 2026-12-07 的格式填写日期');
  return { every, weekday: Number(values('stocktake.weekday')) || 1, time: normalizeTime(time ?? ''), from: day };
}

/** The partner API's settings as boxes: a pull source's fields (those of its system), the webhook. */
function apiValuesOf(s: SupplierRow | undefined): Record<string, string> {
  const pull = s?.pull;
  const json = pull?.system === 'json' ? pull : undefined;
  const values: Record<string, string> = {
    apiJumpExempt: s?.apiJumpExempt ? 'yes' : 'no',
    'pull.system': pull?.system ?? '',
    'pull.url': pull?.url ?? '',
    'pull.items': json?.items ?? '',
    'pull.code': json?.code ?? '',
    'pull.quantity': json?.quantity ?? '',
    'pull.nextCursor': json?.nextCursor ?? '',
    'pull.cursorParam': json?.cursorParam ?? '',
    'pull.pageSize': numberText(pull?.system === 'jushuitan' ? pull.pageSize : undefined),
    'webhook.url': s?.webhook?.url ?? '',
    'webhook.lines': s?.webhook?.lines ? 'yes' : 'no',
  };
  for (const tier of PULL_TIERS) values[`pull.everyMinutes.${tier}`] = numberText(pull?.everyMinutes?.[tier]);
  values['pull.callsPerDay'] = numberText(pull?.callsPerDay);
  return values;
}

/**
 * The pull source as typed, or none (不拉取). Only the chosen system's fields are sent;
 * blank intervals keep the defaults (热销 5、常规 30、长尾 720 分钟).
 */
export function readPullSource(r: FieldReader, system: string): PullSource | undefined {
  if (system !== 'json' && system !== 'sheet' && system !== 'jushuitan') return undefined;
  const url = r.text('pull.url', { required: true }) ?? '';
  const every = defined<Partial<Record<Tier, number>>>(
    Object.fromEntries(PULL_TIERS.map((tier) => [tier, r.number(`pull.everyMinutes.${tier}`, { integer: true })])),
  );
  const everyMinutes = Object.keys(every).length > 0 ? every : undefined;
  const callsPerDay = r.number('pull.callsPerDay', { integer: true });
  if (system === 'sheet') return defined<PullSource>({ system, url, everyMinutes, callsPerDay });
  if (system === 'jushuitan') return defined<PullSource>({ system, url, pageSize: r.number('pull.pageSize', { integer: true }), everyMinutes, callsPerDay });
  return defined<PullSource>({
    system,
    url,
    items: r.text('pull.items', { required: true }) ?? '',
    code: r.text('pull.code', { required: true }) ?? '',
    quantity: r.text('pull.quantity', { required: true }) ?? '',
    nextCursor: r.text('pull.nextCursor'),
    cursorParam: r.text('pull.cursorParam'),
    everyMinutes,
    callsPerDay,
  });
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
    readonly existing?: SupplierRow,
  ) {
    this.form = new FormState(valuesOf(existing), { prefix: 'supplier', fields: SUPPLIER_FIELDS, percent: PERCENT });
    this.saving = new PreviewedSave(
      this.form,
      () => this.build(),
      (supplier) => callFunction<RuleChangePreview>('operator', 'previewSupplier', { supplier }),
      (supplier) => this.commit(supplier),
    );
    makeAutoObservable(this, { form: false, create: false, saving: false, existing: false });
  }

  /** Saved at level `api`: its keys and deliveries exist (the form's level may be changed meanwhile). */
  get savedAsApi(): boolean {
    return !this.create && this.existing?.level === 'api';
  }

  /** Moving a supplier off `api` drops its pull source, webhook and exemption when saved: said beside the level. */
  get dropsApiSettings(): boolean {
    const e = this.existing;
    return this.form.value('level') !== 'api' && !!e && (e.pull !== undefined || e.webhook !== undefined || e.apiJumpExempt === true);
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
    const level = this.form.value('level') as IntegrationLevel;
    // The partner API's settings belong to level `api`: another level saves without them.
    const api = level === 'api';
    const webhookUrl = api ? r.text('webhook.url') : undefined;
    const supplier = defined<Supplier>({
      id: r.text('id', { required: true }) ?? '',
      name: r.text('name', { required: true }) ?? '',
      level,
      reportTimes: times,
      basis: this.form.value('basis') as ReportBasis,
      contact: r.text('contact'),
      bufferPolicy: readBufferPolicy(r),
      jumpThreshold,
      cutoffTime: cutoff === undefined ? undefined : normalizeTime(cutoff),
      wecomWebhook: r.text('wecomWebhook'),
      apiJumpExempt: api && this.form.value('apiJumpExempt') === 'yes' ? true : undefined,
      pull: api ? readPullSource(r, this.form.value('pull.system')) : undefined,
      webhook: webhookUrl === undefined ? undefined : defined({ url: webhookUrl, lines: this.form.value('webhook.lines') === 'yes' ? true : undefined }),
      stocktake: readStocktakeSchedule(r, (key) => this.form.value(key)),
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
