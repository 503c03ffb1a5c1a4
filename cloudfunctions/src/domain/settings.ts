import { isDeepStrictEqual } from 'node:util';
import type { Settings, SettingsVersion } from './model';

/**
 * Defaults (DESIGN §3): hold back 20% of onHand, warn at 10 sellable, hold a count for
 * confirmation when it is more than 3× or under a third of the last one and at least
 * 20 units apart, project onHand by sales elsewhere (below). Cutoff 22:00, confirm by
 * 23:00; below 30 sellable a hot SKU is rationed at 30% a leader; a ¥5 coupon with refunds.
 */
export const DEFAULT_SETTINGS: Settings = {
  bufferPolicy: { ratio: 0.2 },
  warningLine: 10,
  jumpThreshold: { ratio: 3, minUnits: 20 },
  tiers: {
    hotDailySales: 20,
    hotDaysOfCover: 2,
    longTailDailySales: 1,
    maxReportAgeHours: { hot: 2, normal: 12, longTail: 36 },
  },
  // On: the simulator (issue 6) shows projection alone oversells 40–59% fewer units than
  // the seed's rule for 1–2% fewer units sold (npm run simulate; README). Staleness stays
  // off: against twice-daily reports it widened buffers most of the day for little gain.
  projection: true,
  staleness: false,
  staleExtraRatio: 0.1,
  cutoffTime: '22:00',
  confirmDeadline: '23:00',
  quota: { sellableBelow: 30, share: 0.3 },
  couponValue: 500,
  alerts: {
    disabled: [],
    reportDueLeadMinutes: 30,
    reportLateMinutes: 30,
    cutoffReminderTime: '21:30',
    // Every two hours in the working day: often enough for a hot SKU's 2-hour limit,
    // rare enough that a supplier does not mute us (the simulator's default world).
    overAgeRemindEveryMinutes: 120,
    overAgeRemindFrom: '08:00',
    overAgeRemindTo: '21:00',
    // The seed's rule: a change of more than a set share must be reported at once. Our
    // own sales are the change we see; 30% leaves a hot SKU room for a morning's orders.
    recountSalesShare: 0.3,
    subscribeTemplates: [],
  },
  // A unit or two, or under 5%, is counting noise; more is a question someone must answer.
  stocktake: { reasonAboveUnits: 2, reasonAboveShare: 0.05, alertAboveValue: 20_000 },
  // No rules until an operator agrees them with the suppliers: the payable stands as is.
  settlement: { rules: [] },
  // 100%: the storefronts together never show more than we have. Five units of drift is
  // worth a leader's minute to retype a 快团团 number; less is noise.
  storefronts: { allocationTotal: 1, retypeAboveUnits: 5 },
};

/** Settings saved before a field existed read back with that field's default. */
export function withDefaults(saved: Partial<Settings> | null | undefined): Settings {
  const tiers = { ...DEFAULT_SETTINGS.tiers, ...saved?.tiers };
  return {
    ...DEFAULT_SETTINGS,
    ...saved,
    jumpThreshold: { ...DEFAULT_SETTINGS.jumpThreshold, ...saved?.jumpThreshold },
    quota: { ...DEFAULT_SETTINGS.quota, ...saved?.quota },
    alerts: { ...DEFAULT_SETTINGS.alerts, ...saved?.alerts },
    stocktake: { ...DEFAULT_SETTINGS.stocktake, ...saved?.stocktake },
    settlement: { ...DEFAULT_SETTINGS.settlement, ...saved?.settlement },
    storefronts: { ...DEFAULT_SETTINGS.storefronts, ...saved?.storefronts },
    tiers: { ...tiers, maxReportAgeHours: { ...DEFAULT_SETTINGS.tiers.maxReportAgeHours, ...saved?.tiers?.maxReportAgeHours } },
  };
}

/** Before anyone saved: the defaults, as version 0. */
export const UNSAVED_SETTINGS: SettingsVersion = { version: 0, settings: DEFAULT_SETTINGS, by: 'system', at: 0 };

/** The top-level settings one version changed from the one before (for the change log). */
export function changedSettings(before: Settings, after: Settings): Array<keyof Settings> {
  // Deep equality, not JSON text: a form and the store may write the same keys in another order.
  return (Object.keys(after) as Array<keyof Settings>).filter((key) => !isDeepStrictEqual(before[key], after[key]));
}

/** Each setting in the operator's words (the settings page's sections). */
export const SETTING_NAMES: Record<keyof Settings, string> = {
  bufferPolicy: '安全库存规则', warningLine: '预警线', jumpThreshold: '跳变确认', tiers: '同步优先级',
  projection: '按其他渠道销售推算', staleness: '报数过期加宽', staleExtraRatio: '过期加宽比例',
  cutoffTime: '截单时间', confirmDeadline: '供应商确认截止', quota: '限购', couponValue: '缺货优惠券', alerts: '提醒', stocktake: '盘点对账', settlement: '结算规则',
  storefronts: '店铺库存分配',
};
