// Chinese words for the server's enums, in one place so every page says the same thing.
import type { BufferRule, HeldStatus, HistoryEvent, HistoryPoint, IntegrationLevel, PullSource, ReportBasis, ReportSource, SaleUnit, Tier, VarianceReason, WebhookEvent, WebhookKind } from './types';

/** The same words the sign-in page's descriptions use (account handler). */
export const LEVEL_LABELS: Record<IntegrationLevel, string> = { api: '接口对接', portal: '小程序报数', rules: '群消息代报' };

export const BASIS_LABELS: Record<ReportBasis, string> = {
  physical: '实物库存（含未发货订单）',
  available: '可用库存（已扣减我们的订单）',
};

export const TIER_LABELS: Record<Tier, string> = { hot: '热销', normal: '常规', longTail: '长尾' };

/** Every unit a SKU may be sold in (the Record keeps the list whole when the server's grows). */
export const SALE_UNIT_LABELS: Record<SaleUnit, string> = {
  件: '件', 份: '份', 个: '个', 盒: '盒', 箱: '箱', 袋: '袋', 瓶: '瓶', 包: '包', 只: '只', 斤: '斤', 公斤: '公斤', kg: 'kg', 克: '克', g: 'g',
};

export const SOURCE_LABELS: Record<ReportSource, string> = {
  form: '小程序报数',
  spreadsheet: '表格导入',
  api: '接口推送',
  operator: '运营代报',
  message: '群消息代报',
  stocktake: '盘点对账',
};

export const EVENT_LABELS: Record<HistoryEvent['kind'], string> = {
  report: '报数生效',
  held: '跳变待确认',
  confirmed: '已确认',
  discarded: '已丢弃',
  superseded: '已被新报数取代',
};

export const POINT_LABELS: Record<HistoryPoint['kind'], string> = {
  report: '报数',
  refresh: '预估刷新',
  reserve: '下单',
  cancel: '取消',
  shortage: '缺货',
};

export const HELD_STATUS_LABELS: Record<HeldStatus, string> = {
  held: '待确认',
  confirmed: '已确认',
  discarded: '已丢弃',
  superseded: '已作废',
};

export const BUFFER_RULE_LABELS: Record<BufferRule, string> = {
  ratio: '按比例',
  fixed: '固定件数',
  velocity: '按销量',
  none: '无',
};

/** The systems a supplier's stock can be pulled from (PullSource['system']). */
export const PULL_SYSTEM_LABELS: Record<PullSource['system'], string> = {
  json: '通用JSON',
  sheet: '表格文件 CSV/XLSX',
  jushuitan: '聚水潭式分页查询',
};

export const WEBHOOK_KIND_LABELS: Record<WebhookKind, string> = { 'wave.forwarded': '波次订单', 'line.placed': '新订单', 'line.changed': '订单改量', 'line.cancelled': '订单取消' };

/** Where a delivery stands, as the supplier and the operator read it. */
export type WebhookState = 'waiting' | 'delivered' | 'retrying' | 'failed';

export const WEBHOOK_STATE_LABELS: Record<WebhookState, string> = {
  waiting: '待发送',
  delivered: '已送达',
  retrying: '重试中',
  failed: '已失败',
};

/**
 * Pending with nothing tried since it was made or an operator's 重试 is 待发送; pending
 * after a failed attempt (the next one scheduled later), 重试中.
 */
export function webhookState(event: Pick<WebhookEvent, 'status' | 'nextAttemptAt' | 'retryFrom'>): WebhookState {
  if (event.status === 'delivered') return 'delivered';
  if (event.status === 'failed') return 'failed';
  return event.nextAttemptAt <= event.retryFrom ? 'waiting' : 'retrying';
}

/**
 * Why a stocktake's count differs from the book (DESIGN §8a), in the server's words and
 * order (a Record: a reason added on the server fails to compile here until it has a name).
 */
export const VARIANCE_REASON_LABELS: Record<VarianceReason, string> = {
  syncDelay: '同步延迟',
  otherChannel: '其他渠道售出',
  damaged: '损坏',
  lost: '丢失',
  entryError: '录入错误',
  returnNotBooked: '退货未入账',
  other: '其他',
};

export const VARIANCE_REASONS = Object.keys(VARIANCE_REASON_LABELS) as VarianceReason[];

/** 1 (Monday) … 7 (Sunday), as a stocktake schedule names its weekday. */
export const WEEKDAY_LABELS: Record<number, string> = { 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六', 7: '周日' };
