import { makeAutoObservable, observable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import { FieldReader, defined, numberText } from '../../services/fields';
import { fenToYuanText } from '../../services/money';
import type { AlertField, AlertKind, AlertKindView, RuleChangePreview, Settings, SettingsChangeView, SettingsView, SettlementMetric, SettlementRule, SubscribeTemplate } from '../../services/types';
import type { LoadStatus } from '../loadable';
import { type Built, FormState } from './form';
import { PreviewedSave } from './previewed-save';
import { normalizeTime, readBufferPolicy } from './suppliers';

export const SETTINGS_FIELDS = [
  'bufferPolicy', 'bufferPolicy.ratio', 'bufferPolicy.fixed', 'bufferPolicy.velocityFraction',
  'warningLine',
  'jumpThreshold', 'jumpThreshold.ratio', 'jumpThreshold.minUnits',
  'tiers', 'tiers.hotDailySales', 'tiers.hotDaysOfCover', 'tiers.longTailDailySales',
  'tiers.maxReportAgeHours', 'tiers.maxReportAgeHours.hot', 'tiers.maxReportAgeHours.normal', 'tiers.maxReportAgeHours.longTail',
  'projection', 'staleness', 'staleExtraRatio',
  'cutoffTime', 'confirmDeadline', 'quota', 'quota.sellableBelow', 'quota.share', 'couponValue',
  'alerts', 'alerts.reportDueLeadMinutes', 'alerts.reportLateMinutes', 'alerts.cutoffReminderTime',
  'alerts.overAgeRemindEveryMinutes', 'alerts.overAgeRemindFrom', 'alerts.overAgeRemindTo', 'alerts.recountSalesShare', 'alerts.operatorWecomWebhook',
  'stocktake', 'stocktake.reasonAboveUnits', 'stocktake.reasonAboveShare', 'stocktake.alertAboveValue',
  'storefronts', 'storefronts.allocationTotal', 'storefronts.retypeAboveUnits',
] as const;

// A Record, so a kind added on the server fails to compile here until the form knows it.
const KINDS_IN_FORM: Record<AlertKind, true> = {
  lowStock: true, reportDue: true, reportMissed: true, countOverAge: true, recountDue: true, cutoffSoon: true, waveToConfirm: true, waveOverdue: true, shortage: true, jumpHeld: true, pullFailing: true, webhookFailed: true, stocktakeDue: true, stocktakeOverdue: true, stocktakeVariance: true, scorecardDigest: true, listingRetype: true, listingStale: true,
};
const ALERT_KINDS = Object.keys(KINDS_IN_FORM) as AlertKind[];

/** Each kind's switch and subscription template live in the form too, under these keys. */
export const switchKey = (kind: AlertKind): string => `alertOn.${kind}`;
export const templateKey = (kind: AlertKind): string => `templates.${kind}.templateId`;
export const mappingKey = (kind: AlertKind): string => `templates.${kind}.data`;

/** 结算规则: as many as the server keeps (MAX_SETTLEMENT_RULES); rule `i`'s boxes live under these keys. */
export const MAX_RULES = 20;
const RULE_PARTS = ['metric', 'when', 'threshold', 'adjust', 'adjustShare'] as const;
export const ruleKey = (i: number, part: (typeof RULE_PARTS)[number]): string => `settlement.rules.${i}.${part}`;
const RULE_INDEXES = Array.from({ length: MAX_RULES }, (_, i) => i);

// Records, so a metric added on the server fails to compile here until the editor names it.
export const METRIC_WORDS: Record<SettlementMetric, string> = {
  fullShare: '库存准确率（足量确认）', fillRate: '订单满足率', reportingRate: '报数及时率',
  reminderAnsweredRate: '超龄提醒一小时内补报率', confirmationRate: '确认及时率', stocktakeVarianceShare: '盘点差异率',
};
export const WHEN_WORDS: Record<SettlementRule['when'], string> = { below: '低于', atLeast: '达到' };
export const ADJUST_WORDS: Record<SettlementRule['adjust'], string> = { deduct: '扣减', bonus: '奖励' };

const FIELDS = [
  ...SETTINGS_FIELDS, 'settlement', 'settlement.rules',
  ...RULE_INDEXES.flatMap((i) => RULE_PARTS.map((part) => ruleKey(i, part))),
  ...ALERT_KINDS.flatMap((k) => [switchKey(k), templateKey(k), mappingKey(k)]),
];

const PERCENT = [
  'bufferPolicy.ratio', 'bufferPolicy.velocityFraction', 'staleExtraRatio', 'quota.share', 'alerts.recountSalesShare', 'stocktake.reasonAboveShare', 'storefronts.allocationTotal',
  ...RULE_INDEXES.flatMap((i) => [ruleKey(i, 'threshold'), ruleKey(i, 'adjustShare')]),
];

function ruleValues(rule: SettlementRule, i: number): Array<[string, string]> {
  return [
    [ruleKey(i, 'metric'), rule.metric],
    [ruleKey(i, 'when'), rule.when],
    [ruleKey(i, 'threshold'), numberText(rule.threshold, { percent: true })],
    [ruleKey(i, 'adjust'), rule.adjust],
    [ruleKey(i, 'adjustShare'), numberText(rule.adjustShare, { percent: true })],
  ];
}

/** A new rule's boxes: the example, deduct below 95%, the share left for the operator to fill. */
const NEW_RULE: Omit<SettlementRule, 'adjustShare'> = { metric: 'fillRate', when: 'below', threshold: 0.95, adjust: 'deduct' };

/** The alert fields a template key can show, in the operator's words (and back). */
export const FIELD_WORDS: Record<AlertField, string> = { subject: '主题', detail: '说明', time: '时间', quantity: '数量', status: '状态' };
const WORD_FIELDS: Record<string, AlertField> = Object.fromEntries(
  Object.entries(FIELD_WORDS).flatMap(([field, word]) => [[word, field], [field, field], [field.toLowerCase(), field]]),
) as Record<string, AlertField>;
const TEMPLATE_KEY = /^(thing|number|phrase|character_string|time|date|amount|name)\d+$/;

/** `{thing1: 'subject', time2: 'time'}` → "thing1=主题 time2=时间". */
export function mappingText(data: Record<string, AlertField>): string {
  return Object.entries(data)
    .map(([key, field]) => `${key}=${FIELD_WORDS[field] ?? field}`)
    .join(' ');
}

/** "thing1=主题 time2=时间" (or thing1:subject, comma separated) → the template's data mapping. */
export function parseMapping(text: string): { ok: true; value: Record<string, AlertField> } | { ok: false; message: string } {
  const value: Record<string, AlertField> = {};
  for (const pair of text.split(/[\s,，;；、]+/).filter(Boolean)) {
    const [key = '', word = ''] = pair.split(/[=:：＝]/).map((p) => p.trim());
    if (!TEMPLATE_KEY.test(key)) return { ok: false, message: `“${key}”不是模板的字段名，应像 thing1、time2、number3` };
    const field = WORD_FIELDS[word] ?? WORD_FIELDS[word.toLowerCase()];
    if (!field) return { ok: false, message: `“${word}”不认识，可填：${Object.values(FIELD_WORDS).join('、')}` };
    value[key] = field;
  }
  if (Object.keys(value).length === 0) return { ok: false, message: '请填写字段对应，如 thing1=主题 time2=时间' };
  return { ok: true, value };
}

const flag = (on: boolean): string => (on ? 'yes' : 'no');

function valuesOf(s: Settings): Record<string, string> {
  return {
    'bufferPolicy.ratio': numberText(s.bufferPolicy.ratio, { percent: true }),
    'bufferPolicy.fixed': numberText(s.bufferPolicy.fixed),
    'bufferPolicy.velocityFraction': numberText(s.bufferPolicy.velocityFraction, { percent: true }),
    warningLine: numberText(s.warningLine),
    'jumpThreshold.ratio': numberText(s.jumpThreshold.ratio),
    'jumpThreshold.minUnits': numberText(s.jumpThreshold.minUnits),
    'tiers.hotDailySales': numberText(s.tiers.hotDailySales),
    'tiers.hotDaysOfCover': numberText(s.tiers.hotDaysOfCover),
    'tiers.longTailDailySales': numberText(s.tiers.longTailDailySales),
    'tiers.maxReportAgeHours.hot': numberText(s.tiers.maxReportAgeHours.hot),
    'tiers.maxReportAgeHours.normal': numberText(s.tiers.maxReportAgeHours.normal),
    'tiers.maxReportAgeHours.longTail': numberText(s.tiers.maxReportAgeHours.longTail),
    projection: flag(s.projection),
    staleness: flag(s.staleness),
    staleExtraRatio: numberText(s.staleExtraRatio, { percent: true }),
    cutoffTime: s.cutoffTime,
    confirmDeadline: s.confirmDeadline,
    'quota.sellableBelow': numberText(s.quota.sellableBelow),
    'quota.share': numberText(s.quota.share, { percent: true }),
    couponValue: fenToYuanText(s.couponValue),
    'alerts.reportDueLeadMinutes': numberText(s.alerts.reportDueLeadMinutes),
    'alerts.reportLateMinutes': numberText(s.alerts.reportLateMinutes),
    'alerts.cutoffReminderTime': s.alerts.cutoffReminderTime,
    'alerts.overAgeRemindEveryMinutes': numberText(s.alerts.overAgeRemindEveryMinutes),
    'alerts.overAgeRemindFrom': s.alerts.overAgeRemindFrom,
    'alerts.overAgeRemindTo': s.alerts.overAgeRemindTo,
    'alerts.recountSalesShare': numberText(s.alerts.recountSalesShare, { percent: true }),
    'alerts.operatorWecomWebhook': s.alerts.operatorWecomWebhook ?? '',
    'stocktake.reasonAboveUnits': numberText(s.stocktake.reasonAboveUnits),
    'stocktake.reasonAboveShare': numberText(s.stocktake.reasonAboveShare, { percent: true }),
    'stocktake.alertAboveValue': fenToYuanText(s.stocktake.alertAboveValue),
    'storefronts.allocationTotal': numberText(s.storefronts.allocationTotal, { percent: true }),
    'storefronts.retypeAboveUnits': numberText(s.storefronts.retypeAboveUnits),
    ...Object.fromEntries(s.settlement.rules.flatMap(ruleValues)),
    ...Object.fromEntries(
      ALERT_KINDS.flatMap((kind) => {
        const template = s.alerts.subscribeTemplates.find((t) => t.kind === kind);
        return [
          [switchKey(kind), flag(!s.alerts.disabled.includes(kind))],
          [templateKey(kind), template?.templateId ?? ''],
          [mappingKey(kind), template ? mappingText(template.data) : ''],
        ];
      }),
    ),
  };
}

/** The global rules: buffer, warning line, jump guard, tiers, projection, the day's times, quotas, coupons and alerts. */
export class SettingsStore {
  /** The kinds whose templates were last sent, in order: a refusal names them by index. */
  private sentTemplates: AlertKind[] = [];
  readonly form = new FormState({}, {
    prefix: 'settings',
    fields: FIELDS,
    percent: PERCENT,
    rewrite: (path) =>
      path.replace(/^settings\.settlement\.rules\[(\d+)\]/, 'settings.settlement.rules.$1').replace(/^settings\.alerts\.subscribeTemplates\[(\d+)\](\.(templateId|data))?.*$/, (whole, i: string, _rest: string | undefined, field: string | undefined) => {
        const kind = this.sentTemplates[Number(i)];
        if (!kind) return whole;
        return `settings.${field === 'templateId' ? templateKey(kind) : mappingKey(kind)}`;
      }),
  });
  status: LoadStatus = 'idle';
  loadError: string | null = null;
  /** The alert kinds with who receives them and when (as the server words it). */
  alertKinds: AlertKindView[] = [];
  /**
   * As last loaded or saved: fields this page does not show are sent back unchanged,
   * and a save starts from its version (someone else's save in between is not overwritten).
   */
  loaded: SettingsView | null = null;
  /** The last save was refused because someone else saved first: the form keeps what was typed. */
  conflict = false;
  /** Who changed what, newest first. */
  history: SettingsChangeView[] = [];
  /** 结算规则 in the form: rule `i` (0-based) for i < ruleCount, its boxes under ruleKey(i, …). */
  ruleCount = 0;
  /** Saving shows what the change would do to sellable first; the operator confirms or goes back. */
  readonly saving: PreviewedSave<Settings> = new PreviewedSave(
    this.form,
    () => this.build(),
    (settings) => callFunction<RuleChangePreview>('operator', 'previewSettings', { settings, expectedVersion: this.loaded?.version }),
    (settings) => this.commit(settings),
  );

  constructor() {
    // `loaded` is replaced whole, never edited: a reference is all that needs watching.
    makeAutoObservable<SettingsStore, 'sentTemplates'>(this, { form: false, loaded: observable.ref, saving: false, sentTemplates: false });
  }

  get effect(): PreviewedSave<Settings>['effect'] {
    return this.saving.effect;
  }

  async load(): Promise<void> {
    this.status = 'loading';
    const [result, kinds, history] = await Promise.all([
      callFunction<SettingsView>('operator', 'getSettings'),
      callFunction<AlertKindView[]>('operator', 'alertKinds'),
      callFunction<SettingsChangeView[]>('operator', 'settingsHistory'),
    ]);
    runInAction(() => {
      if (!result.ok) {
        this.status = 'error';
        this.loadError = result.error.message;
        return;
      }
      this.adopt(result.data);
      this.alertKinds = kinds.ok ? kinds.data : [];
      this.history = history.ok ? history.data : [];
      this.status = 'ready';
    });
  }

  private adopt(view: SettingsView): void {
    this.loaded = view;
    this.conflict = false;
    this.ruleCount = view.settings.settlement.rules.length;
    this.form.reset(valuesOf(view.settings));
  }

  /** 添加规则: a new last rule (saved with the rest by 保存设置). */
  addRule(): void {
    if (this.ruleCount >= MAX_RULES) return;
    for (const [key, value] of ruleValues({ ...NEW_RULE, adjustShare: 0 }, this.ruleCount)) this.form.set(key, key.endsWith('adjustShare') ? '' : value);
    this.ruleCount++;
  }

  /** 删除: the rules after it move up one, their boxes and errors with them. */
  removeRule(index: number): void {
    if (index < 0 || index >= this.ruleCount) return;
    for (let i = index; i < this.ruleCount; i++) {
      for (const part of RULE_PARTS) {
        const from = ruleKey(i + 1, part);
        const to = ruleKey(i, part);
        const error = this.form.errors[from];
        this.form.set(to, i + 1 < this.ruleCount ? this.form.value(from) : '');
        if (error && i + 1 < this.ruleCount) this.form.errors[to] = error;
      }
    }
    this.ruleCount--;
  }

  private readRules(r: FieldReader): SettlementRule[] {
    return Array.from({ length: this.ruleCount }, (_, i): SettlementRule => ({
      metric: this.form.value(ruleKey(i, 'metric')) as SettlementMetric,
      when: this.form.value(ruleKey(i, 'when')) as SettlementRule['when'],
      threshold: r.number(ruleKey(i, 'threshold'), { required: true, percent: true }) ?? 0,
      adjust: this.form.value(ruleKey(i, 'adjust')) as SettlementRule['adjust'],
      adjustShare: r.number(ruleKey(i, 'adjustShare'), { required: true, percent: true }) ?? 0,
    }));
  }

  isOn(key: string): boolean {
    return this.form.value(key) === 'yes';
  }

  toggle(key: string, on: boolean): void {
    this.form.set(key, flag(on));
  }

  private readTemplates(r: FieldReader): SubscribeTemplate[] {
    const templates: SubscribeTemplate[] = [];
    for (const kind of ALERT_KINDS) {
      const templateId = r.text(templateKey(kind));
      const mapping = this.form.value(mappingKey(kind)).trim();
      if (!templateId) {
        if (mapping) r.fail(templateKey(kind), '填了字段对应，请同时填写模板 ID');
        continue;
      }
      const data = parseMapping(mapping);
      if (!data.ok) {
        r.fail(mappingKey(kind), data.message);
        continue;
      }
      templates.push({ kind, templateId, data: data.value });
    }
    return templates;
  }

  private build(): Built<Settings> {
    if (!this.loaded) return { ok: false, errors: {} };
    const r = new FieldReader(this.form.values);
    const need = (key: string, integer = false): number => r.number(key, { required: true, integer }) ?? 0;
    const settings: Settings = {
      ...this.loaded.settings,
      bufferPolicy: readBufferPolicy(r) ?? {},
      warningLine: need('warningLine', true),
      jumpThreshold: { ratio: need('jumpThreshold.ratio'), minUnits: need('jumpThreshold.minUnits', true) },
      tiers: {
        hotDailySales: need('tiers.hotDailySales'),
        hotDaysOfCover: need('tiers.hotDaysOfCover'),
        longTailDailySales: need('tiers.longTailDailySales'),
        maxReportAgeHours: {
          hot: need('tiers.maxReportAgeHours.hot'),
          normal: need('tiers.maxReportAgeHours.normal'),
          longTail: need('tiers.maxReportAgeHours.longTail'),
        },
      },
      projection: this.isOn('projection'),
      staleness: this.isOn('staleness'),
      staleExtraRatio: r.number('staleExtraRatio', { required: true, percent: true }) ?? 0,
      cutoffTime: normalizeTime(r.text('cutoffTime', { required: true }) ?? ''),
      confirmDeadline: normalizeTime(r.text('confirmDeadline', { required: true }) ?? ''),
      quota: { sellableBelow: need('quota.sellableBelow', true), share: r.number('quota.share', { required: true, percent: true }) ?? 0 },
      couponValue: r.money('couponValue', { required: true }) ?? 0,
      alerts: defined({
        disabled: ALERT_KINDS.filter((kind) => !this.isOn(switchKey(kind))),
        reportDueLeadMinutes: need('alerts.reportDueLeadMinutes', true),
        reportLateMinutes: need('alerts.reportLateMinutes', true),
        cutoffReminderTime: normalizeTime(r.text('alerts.cutoffReminderTime', { required: true }) ?? ''),
        overAgeRemindEveryMinutes: need('alerts.overAgeRemindEveryMinutes', true),
        overAgeRemindFrom: normalizeTime(r.text('alerts.overAgeRemindFrom', { required: true }) ?? ''),
        overAgeRemindTo: normalizeTime(r.text('alerts.overAgeRemindTo', { required: true }) ?? ''),
        recountSalesShare: r.number('alerts.recountSalesShare', { required: true, percent: true }) ?? 0,
        subscribeTemplates: this.readTemplates(r),
        operatorWecomWebhook: r.text('alerts.operatorWecomWebhook'),
      }),
      stocktake: {
        reasonAboveUnits: need('stocktake.reasonAboveUnits', true),
        reasonAboveShare: r.number('stocktake.reasonAboveShare', { required: true, percent: true }) ?? 0,
        alertAboveValue: r.money('stocktake.alertAboveValue', { required: true }) ?? 0,
      },
      settlement: { rules: this.readRules(r) },
      storefronts: {
        allocationTotal: r.number('storefronts.allocationTotal', { required: true, percent: true }) ?? 0,
        retypeAboveUnits: need('storefronts.retypeAboveUnits', true),
      },
    };
    this.sentTemplates = settings.alerts.subscribeTemplates.map((t) => t.kind);
    return r.ok ? { ok: true, value: settings } : { ok: false, errors: r.errors };
  }

  /** 保存设置: its effect on sellable shown first (see PreviewedSave). */
  save(): Promise<boolean> {
    return this.saving.save();
  }

  confirm(): Promise<boolean> {
    return this.saving.confirm();
  }

  dismissEffect(): void {
    this.saving.dismiss();
  }

  private async commit(settings: Settings): Promise<boolean> {
    const expectedVersion = this.loaded?.version;
    const result = await this.form.submit(
      () => ({ ok: true, value: settings }),
      (value) => callFunction<SettingsView>('operator', 'saveSettings', { settings: value, expectedVersion }),
    );
    if (result && !result.ok && result.error.code === 'CONFLICT') runInAction(() => (this.conflict = true));
    if (result?.ok) {
      runInAction(() => this.adopt(result.data));
      // The kinds' timing text and the change log follow the settings just saved.
      const [kinds, history] = await Promise.all([
        callFunction<AlertKindView[]>('operator', 'alertKinds'),
        callFunction<SettingsChangeView[]>('operator', 'settingsHistory'),
      ]);
      runInAction(() => {
        if (kinds.ok) this.alertKinds = kinds.data;
        if (history.ok) this.history = history.data;
      });
    }
    return result?.ok ?? false;
  }
}
