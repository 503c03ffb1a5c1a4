// Input shapes for what the operator maintains: suppliers, SKUs, settings.
import * as z from 'zod';
import { ALERT_KINDS, type AlertKind } from '../domain/alerts';
import { SALE_UNITS } from '../domain/model';
import { ALIAS_MAX } from '../domain/jielong';
import { MAX_SKU_ALIASES } from '../domain/catalogue';
import { MAX_ON_HAND } from './validation';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const fen = z.number().min(0).max(100_000_000).int();

export const bufferPolicySchema = z.object({
  ratio: z.number().min(0).max(1).optional(),
  fixed: z.number().min(0).max(MAX_ON_HAND).int().optional(),
  velocityFraction: z.number().min(0).max(3).optional(),
}).strict();

export const jumpThresholdSchema = z.object({
  ratio: z.number().min(1.1).max(100),
  minUnits: z.number().min(1).max(MAX_ON_HAND).int(),
}).strict();

export const alertKindSchema = z.enum(Object.keys(ALERT_KINDS) as [AlertKind, ...AlertKind[]]);

/** 企业微信 group robots live at one documented address. */
export const wecomWebhook = z.string().trim().regex(/^https:\/\/qyapi\.weixin\.qq\.com\/cgi-bin\/webhook\/send\?key=[A-Za-z0-9-]{8,64}$/);

export const tierSchema = z.enum(['hot', 'normal', 'longTail']);

/** Codes people type and print on labels: letters, digits, dash and underscore. */
export const codeSchema = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/);

const httpUrl = z.string().trim().max(500).regex(/^https?:\/\/[^\s]+$/, '应为 http:// 或 https:// 开头的地址');
const fieldPath = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_$.-]+$/, '应为字段名，多层用 . 连接，如 data.list');
const pullMinutes = z.number().int().min(1).max(1440);
const callsPerDay = z.number().int().min(1).max(86_400).optional();
const everyMinutes = z.object({ hot: pullMinutes.optional(), normal: pullMinutes.optional(), longTail: pullMinutes.optional() }).strict();

/** Where the scheduler pulls a supplier's stock from (domain/pull.ts). */
export const pullSourceSchema = z.discriminatedUnion('system', [
  z.object({ system: z.literal('json'), url: httpUrl, items: fieldPath, code: fieldPath, quantity: fieldPath, nextCursor: fieldPath.optional(), cursorParam: fieldPath.optional(), everyMinutes: everyMinutes.optional(), callsPerDay }).strict(),
  z.object({ system: z.literal('sheet'), url: httpUrl, everyMinutes: everyMinutes.optional(), callsPerDay }).strict(),
  z.object({ system: z.literal('jushuitan'), url: httpUrl, pageSize: z.number().int().min(1).max(500).optional(), everyMinutes: everyMinutes.optional(), callsPerDay }).strict(),
]);

export const supplierSchema = z.object({
  id: codeSchema,
  name: z.string().trim().min(1).max(40),
  level: z.enum(['api', 'portal', 'rules']),
  reportTimes: z.array(clockTime).min(1).max(6),
  basis: z.enum(['physical', 'available']),
  contact: z.string().trim().max(60).optional(),
  bufferPolicy: bufferPolicySchema.optional(),
  jumpThreshold: jumpThresholdSchema.optional(),
  cutoffTime: clockTime.optional(),
  wecomWebhook: wecomWebhook.optional(),
  apiJumpExempt: z.boolean().optional(),
  pull: pullSourceSchema.optional(),
  webhook: z.object({ url: httpUrl, lines: z.boolean().optional() }).strict().optional(),
  stocktake: z.object({
    every: z.enum(['week', 'fortnight']),
    weekday: z.number().int().min(1).max(7),
    time: clockTime,
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }).strict().optional(),
}).strict();

export const skuSchema = z.object({
  id: codeSchema,
  supplierId: codeSchema,
  name: z.string().trim().min(1).max(40),
  spec: z.string().trim().max(40),
  category: z.string().trim().min(1).max(20),
  price: fen,
  cost: fen.optional(),
  supplierCode: z.string().trim().min(1).max(40).optional(),
  listed: z.boolean(),
  warningLine: z.number().min(0).max(MAX_ON_HAND).int(),
  bufferPolicy: bufferPolicySchema.optional(),
  tierOverride: tierSchema.optional(),
  saleUnit: z.enum(SALE_UNITS).optional(),
  saleStep: z.number().min(0.01).max(1000).optional(),
  // Other words for the 接龙 matcher; a word with no letters or a repeat is named by skuEditIssues.
  aliases: z.array(z.string().trim().min(1).max(ALIAS_MAX)).max(MAX_SKU_ALIASES).optional(),
}).strict();

const hours = z.number().min(0.25).max(24 * 14);

/** Settlement rules an operator may keep (the settings page's editor stops there too). */
export const MAX_SETTLEMENT_RULES = 20;

export const settingsSchema = z.object({
  bufferPolicy: bufferPolicySchema,
  warningLine: z.number().min(0).max(MAX_ON_HAND).int(),
  jumpThreshold: jumpThresholdSchema,
  tiers: z.object({
    hotDailySales: z.number().min(0).max(MAX_ON_HAND),
    hotDaysOfCover: z.number().min(0).max(365),
    longTailDailySales: z.number().min(0).max(MAX_ON_HAND),
    maxReportAgeHours: z.object({ hot: hours, normal: hours, longTail: hours }).strict(),
  }).strict(),
  projection: z.boolean(),
  staleness: z.boolean(),
  staleExtraRatio: z.number().min(0).max(1),
  cutoffTime: clockTime,
  confirmDeadline: clockTime,
  quota: z.object({ sellableBelow: z.number().min(0).max(MAX_ON_HAND).int(), share: z.number().min(0.01).max(1) }).strict(),
  couponValue: fen,
  alerts: z.object({
    disabled: z.array(alertKindSchema).max(20),
    reportDueLeadMinutes: z.number().min(0).max(720).int(),
    reportLateMinutes: z.number().min(0).max(720).int(),
    cutoffReminderTime: clockTime,
    overAgeRemindEveryMinutes: z.number().min(15).max(1440).int(),
    overAgeRemindFrom: clockTime,
    overAgeRemindTo: clockTime,
    recountSalesShare: z.number().min(0.01).max(1),
    subscribeTemplates: z.array(z.object({
      kind: alertKindSchema,
      templateId: z.string().trim().min(10).max(64),
      data: z.record(z.string().regex(/^(thing|number|phrase|character_string|time|date|amount|name)\d+$/), z.enum(['subject', 'detail', 'time', 'quantity', 'status'])),
    }).strict()).max(20),
    operatorWecomWebhook: wecomWebhook.optional(),
  }).strict(),
  stocktake: z.object({
    reasonAboveUnits: z.number().int().min(0).max(MAX_ON_HAND),
    reasonAboveShare: z.number().min(0).max(1),
    alertAboveValue: fen,
  }).strict(),
  settlement: z.object({
    rules: z.array(z.object({
      metric: z.enum(['fullShare', 'fillRate', 'reportingRate', 'reminderAnsweredRate', 'confirmationRate', 'stocktakeVarianceShare']),
      when: z.enum(['below', 'atLeast']),
      threshold: z.number().min(0).max(1),
      adjust: z.enum(['deduct', 'bonus']),
      adjustShare: z.number().min(0.0001).max(1),
    }).strict()).max(MAX_SETTLEMENT_RULES),
  }).strict(),
  storefronts: z.object({
    allocationTotal: z.number().min(0.1).max(3),
    retypeAboveUnits: z.number().int().min(0).max(MAX_ON_HAND),
  }).strict(),
}).strict();
