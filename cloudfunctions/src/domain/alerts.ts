// Alerts (DESIGN §6): what happened, to whom, once. Pure: events in, per-person alerts
// out; sending is the runtime's business.
import type { HeldReport, HeldStatus, Role, Supplier } from './model';
import { type Occurrence, occurrencesIn, reportedFor } from './reminders';
import { inShanghai } from './time';

export type AlertKind = 'lowStock' | 'reportDue' | 'reportMissed' | 'countOverAge' | 'recountDue' | 'cutoffSoon' | 'waveToConfirm' | 'waveOverdue' | 'shortage' | 'jumpHeld' | 'pullFailing' | 'webhookFailed' | 'stocktakeDue' | 'stocktakeOverdue' | 'stocktakeVariance' | 'scorecardDigest' | 'listingRetype' | 'listingStale';

/** The fields a subscription-message template may show, by meaning (mapped to thing1/time2… in settings). */
export interface AlertFields {
  /** What it is about: a SKU, a supplier, a wave (a `thing`). */
  subject: string;
  /** What to do or what happened (a `thing`). */
  detail: string;
  /** When (a `time`). */
  time: number;
  /** How many (a `number`), where there is a count. */
  quantity?: number;
  /** A two-to-five character state (a `phrase`), e.g. 库存紧张. */
  status: string;
}

export type AlertField = keyof AlertFields;

export interface AlertEvent {
  kind: AlertKind;
  /** Identifies the event, not the alert: the same key twice is the same event (deduplicated). */
  key: string;
  recipients: string[];
  title: string;
  body: string;
  /** The page where it is acted on (a mini-program page path, with its query). */
  link: string;
  /** Where a recipient of another role acts on it instead (an operator hears of a supplier's report). */
  linkByRole?: Partial<Record<Role, string>>;
  fields: AlertFields;
  /** Kept in the inbox but not pushed: the same news, told moments ago, again (a held jump seen again). */
  inboxOnly?: boolean;
}

export type DeliveryChannel = 'subscribe' | 'wecom' | 'inbox';

export interface Delivery {
  channel: DeliveryChannel;
  status: 'sent' | 'fallback' | 'failed';
  detail?: string;
  at: number;
}

/** One person's copy of an event: it always lands in their inbox. */
export interface Alert {
  /** `${kind}:${key}:${userId}`: a second raise of the same event for the same person is the same alert. */
  id: string;
  userId: string;
  kind: AlertKind;
  title: string;
  body: string;
  link: string;
  fields: AlertFields;
  at: number;
  readAt?: number;
  deliveries: Delivery[];
}

/** An event, whoever received it: `${kind}:${key}`. */
export const eventId = (kind: AlertKind, key: string): string => `${kind}:${key}`;
export const alertId = (kind: AlertKind, key: string, userId: string): string => `${eventId(kind, key)}:${userId}`;
/** The event a person's alert is a copy of. */
export const eventOfAlert = (alert: Pick<Alert, 'id' | 'userId'>): string => alert.id.slice(0, alert.id.length - alert.userId.length - 1);
/** The key its event was raised with (a held report's id for 报数待确认). */
export const keyOfAlert = (alert: Pick<Alert, 'id' | 'userId' | 'kind'>): string => eventOfAlert(alert).slice(alert.kind.length + 1);

/**
 * What ended an event's cause (the report arrived, the held report was decided): a
 * record of its own, kept once per event; the alerts themselves are never edited.
 */
export interface AlertResolution {
  /** `${kind}:${key}`: every recipient's alert of the event. */
  event: string;
  /** When the cause ended. */
  at: number;
  /** Who ended it: whose report arrived, who decided. */
  by: string;
  /** What ended it, as the inbox says it. */
  note: string;
}

/** The 报数逾期 event of a supplier's scheduled time (one per supplier, day and time). */
export const missedReportKey = (supplierId: string, o: Pick<Occurrence, 'day' | 'time'>): string => `${supplierId}:${o.day}:${o.time}`;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The 报数逾期 events a report counted at `now` ends: the supplier's scheduled times of
 * the last day that had gone late by then, that the report covers and the report
 * before it did not (exactly the times the reminder job raises them for).
 */
export function missedReportsEnded(supplier: Pick<Supplier, 'id' | 'reportTimes'>, lateMinutes: number, report: { reportedAt: number; previousAt: number | undefined }, now: number): string[] {
  return occurrencesIn(supplier.reportTimes, { from: now - DAY_MS, to: now }, lateMinutes)
    .filter((o) => reportedFor(o, report.reportedAt) && !reportedFor(o, report.previousAt))
    .map((o) => eventId('reportMissed', missedReportKey(supplier.id, o)));
}

const HELD_ENDED: Record<Exclude<HeldStatus, 'held'>, string> = { confirmed: '已确认生效', discarded: '已丢弃', superseded: '已被新的报数取代' };

/** A held report's 报数待确认 ends when someone decides it: its own decision record says who and when. */
export function heldReportEnded(held: HeldReport): AlertResolution | undefined {
  if (held.status === 'held' || held.resolvedAt === undefined || held.resolvedBy === undefined) return undefined;
  return { event: eventId('jumpHeld', held.id), at: held.resolvedAt, by: held.resolvedBy, note: HELD_ENDED[held.status] };
}

export function alertsFor(event: AlertEvent, at: number, roleOf: (userId: string) => Role | undefined = () => undefined): Alert[] {
  return [...new Set(event.recipients)].map((userId) => {
    const role = roleOf(userId);
    return {
      id: alertId(event.kind, event.key, userId), userId, kind: event.kind, title: event.title, body: event.body,
      link: (role && event.linkByRole?.[role]) ?? event.link, fields: event.fields, at, deliveries: [],
    };
  });
}

/** The mini-program's pages an alert opens (app.config.ts): one list, so a message never opens a missing page. */
export const ALERT_PAGES = {
  skuHistory: (skuId: string) => `/pages/stock/history/index?skuId=${encodeURIComponent(skuId)}`,
  supplierReport: '/pages/supplier/report/index',
  supplierWave: (waveId: string) => `/pages/wave/detail/index?waveId=${encodeURIComponent(waveId)}`,
  operatorWave: (waveId: string) => `/pages/operator/wave/index?waveId=${encodeURIComponent(waveId)}`,
  operatorHeld: '/pages/operator/held/index',
  operatorReportFor: '/pages/operator/report-for/index',
  supplierStocktake: (id: string) => `/pages/supplier/stocktake/index?id=${encodeURIComponent(id)}`,
  operatorStocktake: (id: string) => `/pages/operator/stocktake/index?id=${encodeURIComponent(id)}`,
  supplierScorecard: '/pages/supplier/scorecard/index',
  operatorSupplier: (supplierId: string) => `/pages/operator/supplier-edit/index?id=${encodeURIComponent(supplierId)}`,
  leaderOrder: '/pages/leader/order/index',
  leaderTasks: '/pages/orders/tasks/index',
  leaderListings: '/pages/leader/listings/index',
} as const;

export interface AlertKindInfo {
  name: string;
  /** Who receives it, as the operator's settings page says it. */
  recipients: string;
  /** When it is raised. */
  when: string;
}

export const ALERT_KINDS: Record<AlertKind, AlertKindInfo> = {
  lowStock: { name: '库存预警', recipients: '运营、该商品的供应商', when: '可售跌破预警线时（回升到预警线以上后才会再次提醒）' },
  reportDue: { name: '报数提醒', recipients: '供应商', when: '每次报数时间前' },
  reportMissed: { name: '报数逾期', recipients: '供应商、运营', when: '报数时间过后仍未报数' },
  countOverAge: { name: '报数超龄', recipients: '小程序报数的供应商；规则对接（微信群报数）的发给运营代报', when: '商品的报数超过其同步优先级允许的间隔（热销、常规、长尾各自设置）' },
  recountDue: { name: '销量超比例', recipients: '小程序报数的供应商；规则对接、接口对接的发给运营', when: '上次报数以来本平台售出超过报数的设定比例时，每次报数至多一次（提醒时段内）' },
  cutoffSoon: { name: '截单提醒', recipients: '购物车里有商品或今天下过单的团长', when: '截单前' },
  waveToConfirm: { name: '波次待确认', recipients: '供应商', when: '截单生成波次时' },
  waveOverdue: { name: '波次逾期未确认', recipients: '运营', when: '确认截止时间仍未确认' },
  shortage: { name: '缺货待处理', recipients: '团长', when: '供应商确认缺货时' },
  jumpHeld: { name: '报数待确认', recipients: '供应商、运营', when: '报数变动过大被暂扣时' },
  pullFailing: { name: '接口拉取失败', recipients: '运营', when: '从供应商系统拉取库存连续失败时（该供应商的数量改按估算显示），每次连续失败至多一次' },
  stocktakeDue: { name: '盘点通知', recipients: '供应商', when: '运营发起或按计划开始一次盘点对账时' },
  stocktakeOverdue: { name: '盘点逾期', recipients: '运营', when: '盘点到期仍未盘点、未确认或未审核时，每个环节一次' },
  stocktakeVariance: { name: '盘点差异超限', recipients: '运营', when: '供应商确认的盘点差异金额合计超过设定金额时' },
  scorecardDigest: { name: '考核周报', recipients: '供应商', when: '每周一 09:00，上周的订单满足率、按时报数、按时确认和缺货（上周没有波次也没有报数的不发）' },
  listingRetype: { name: '店铺库存待改', recipients: '团长', when: '快团团、群接龙等手动改库存的店铺商品，应显示的数量比上次改的变动超过设定件数时（每次改后至多一次）' },
  listingStale: { name: '店铺库存推送失败', recipients: '团长、运营', when: '微信小店商品的库存推送连续失败超过 30 分钟时（店铺库存页标为已过期），每次连续失败至多一次' },
  webhookFailed: { name: '波次推送失败', recipients: '运营', when: '波次推送给供应商系统重试 24 小时仍未送达时（可在供应商页重试）' },
};

/**
 * The low-stock alert's hysteresis: it fires once when sellable falls to or below the
 * warning line, and is armed again only after sellable rises back above it.
 */
export function lowStockTransition(armed: boolean, sellable: number, warningLine: number): 'fire' | 'rearm' | 'none' {
  if (armed && sellable <= warningLine) return 'fire';
  if (!armed && sellable > warningLine) return 'rearm';
  return 'none';
}

// ---- subscription-message values, cut and formatted to WeChat's limits (TOOLCHAIN.md)

const cut = (text: string, max: number): string => {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

/** A currency sign and at most 10 digits: fen dropped first, then capped (never a wrong-looking cut). */
function templateAmount(yuan: number): string {
  const withFen = Math.abs(yuan).toFixed(2);
  if (withFen.replace('.', '').length <= 10) return `¥${withFen}`;
  return `¥${Math.min(Math.round(Math.abs(yuan)), 9_999_999_999)}`;
}

/** WeChat's `time` form: 2026年11月26日 22:00. */
export const templateTime = (ms: number): string => inShanghai(ms).format('YYYY年MM月DD日 HH:mm');

/**
 * A value for template key `key` (thing1, time2, number3, phrase4, character_string5,
 * amount6, date7, name8…): the key's type decides the format and the limit.
 */
export function templateValue(key: string, value: string | number): string {
  const type = key.replace(/\d+$/, '');
  const text = String(value).trim();
  switch (type) {
    case 'thing': return cut(text, 20) || '-';
    case 'name': return cut(text, 10) || '-';
    // A phrase is Chinese characters only: no ellipsis when cut.
    case 'phrase': return [...text.replace(/[^\u4e00-\u9fa5]/g, '')].slice(0, 5).join('') || '提醒';
    case 'number': return /^\d+(\.\d+)?$/.test(text) ? text.slice(0, 32) : String(Math.abs(Number.parseFloat(text) || 0)).slice(0, 32);
    case 'character_string': return text.replace(/[^\x21-\x7e]/g, '').slice(0, 32) || '-';
    case 'amount': return templateAmount(typeof value === 'number' ? value / 100 : Number.parseFloat(text) || 0);
    case 'time': return typeof value === 'number' ? templateTime(value) : text;
    case 'date': return typeof value === 'number' ? inShanghai(value).format('YYYY年MM月DD日') : text;
    default: return cut(text, 20);
  }
}

/** A template's `data` payload from an alert's fields, by the configured mapping. */
export function templateData(mapping: Record<string, AlertField>, fields: AlertFields): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [key, field] of Object.entries(mapping)) {
    const value = fields[field];
    data[key] = { value: templateValue(key, value ?? '') };
  }
  return data;
}
