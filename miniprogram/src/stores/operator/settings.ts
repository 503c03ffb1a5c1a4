import { makeAutoObservable, runInAction } from 'mobx';
import { callFunction } from '../../services/api';
import { FieldReader, numberText } from '../../services/fields';
import type { Settings } from '../../services/types';
import { type Built, FormState } from './form';
import { readBufferPolicy } from './suppliers';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export const SETTINGS_FIELDS = [
  'bufferPolicy', 'bufferPolicy.ratio', 'bufferPolicy.fixed', 'bufferPolicy.velocityFraction',
  'warningLine',
  'jumpThreshold', 'jumpThreshold.ratio', 'jumpThreshold.minUnits',
  'tiers', 'tiers.hotDailySales', 'tiers.hotDaysOfCover', 'tiers.longTailDailySales',
  'tiers.maxReportAgeHours', 'tiers.maxReportAgeHours.hot', 'tiers.maxReportAgeHours.normal', 'tiers.maxReportAgeHours.longTail',
  'projection', 'staleness', 'staleExtraRatio',
] as const;

const PERCENT = ['bufferPolicy.ratio', 'bufferPolicy.velocityFraction', 'staleExtraRatio'];

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
  };
}

/** The global rules: default buffer, warning line, jump guard, tiers, projection and staleness. */
export class SettingsStore {
  readonly form = new FormState({}, { prefix: 'settings', fields: SETTINGS_FIELDS, percent: PERCENT });
  status: LoadStatus = 'idle';
  loadError: string | null = null;
  /** As last loaded or saved: fields this page does not show (cutoff, quotas…) are sent back unchanged. */
  private loaded: Settings | null = null;

  constructor() {
    makeAutoObservable<SettingsStore, 'loaded'>(this, { form: false, loaded: false });
  }

  async load(): Promise<void> {
    this.status = 'loading';
    const result = await callFunction<Settings>('operator', 'getSettings');
    runInAction(() => {
      if (!result.ok) {
        this.status = 'error';
        this.loadError = result.error.message;
        return;
      }
      this.loaded = result.data;
      this.form.reset(valuesOf(result.data));
      this.status = 'ready';
    });
  }

  isOn(key: 'projection' | 'staleness'): boolean {
    return this.form.value(key) === 'yes';
  }

  toggle(key: 'projection' | 'staleness', on: boolean): void {
    this.form.set(key, flag(on));
  }

  private build(): Built<Settings> {
    if (!this.loaded) return { ok: false, errors: {} };
    const r = new FieldReader(this.form.values);
    const need = (key: string, integer = false): number => r.number(key, { required: true, integer }) ?? 0;
    const settings: Settings = {
      ...this.loaded,
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
    };
    return r.ok ? { ok: true, value: settings } : { ok: false, errors: r.errors };
  }

  async save(): Promise<boolean> {
    const result = await this.form.submit(
      () => this.build(),
      (settings) => callFunction<Settings>('operator', 'saveSettings', { settings }),
    );
    if (result?.ok) {
      runInAction(() => {
        this.loaded = result.data;
        this.form.reset(valuesOf(result.data));
      });
    }
    return result?.ok ?? false;
  }
}
