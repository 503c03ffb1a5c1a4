import * as z from 'zod';
import { type AppError, type Issue, type Result, failWithIssues, lineLabel, ok } from '../domain/errors';

/** Chinese names of the fields people type into. */
const FIELD_LABELS: Record<string, string> = {
  lines: '明细',
  skuId: '商品编码',
  onHand: '库存数量',
  qty: '数量',
  customer: '顾客',
  idempotencyKey: '提交编号',
  inviteCode: '邀请码',
  action: '操作',
  supplierId: '供应商编码',
  supplier: '供应商',
  sku: '商品',
  id: '编码',
  name: '名称',
  spec: '规格',
  category: '品类',
  price: '售价',
  cost: '成本价',
  supplierCode: '供应商商品编码',
  listed: '上架状态',
  warningLine: '预警线',
  saleUnit: '售卖单位',
  saleStep: '数量步长',
  level: '对接方式',
  reportTimes: '报数时间',
  basis: '库存口径',
  contact: '联系人',
  bufferPolicy: '缓冲规则',
  ratio: '比例',
  minRatio: '最低比例',
  maxRatio: '最高比例',
  coverage: '覆盖率',
  minSkuObservations: '单品至少波次',
  suppliers: '供应商',
  fixed: '固定件数',
  velocityFraction: '销量系数',
  jumpThreshold: '跳变阈值',
  minUnits: '最少件数',
  tiers: '同步优先级',
  maxReportAgeHours: '最长报数间隔',
  note: '备注',
  heldId: '待确认报数',
  fileId: '文件',
  settings: '设置',
  cutoffTime: '截单时间',
  confirmDeadline: '确认截止时间',
  quota: '限购',
  sellableBelow: '可售低于',
  share: '每位团长份额',
  couponValue: '优惠券面额',
  taskId: '售后任务',
  lineId: '订单行',
  waveId: '波次',
  shipQty: '可发数量',
  text: '接龙内容',
  message: '群消息',
  aliases: '别名',
  word: '商品说法',
  source: '来源',
  // The rest of every action's input, so no message ever names an English field.
  alerts: '提醒',
  community: '小区',
  pickupPoint: '自提点',
  sameAsLast: '与上次相同',
  phone: '电话',
  address: '地址',
  create: '新建',
  cutoffReminderTime: '截单提醒时间',
  data: '模板字段',
  days: '天数',
  disabled: '关闭的提醒',
  enabled: '启用状态',
  expectedVersion: '设置版本',
  fileName: '文件名',
  leaderId: '团长',
  mapping: '列对应',
  codeColumn: '编码列',
  supplierCodeColumn: '供应商编码列',
  qtyColumn: '库存数量列',
  format: '文件格式',
  hot: '热销',
  hotDailySales: '热销日均销量',
  hotDaysOfCover: '热销可售天数',
  ids: '提醒编号',
  kind: '提醒类型',
  limit: '条数',
  longTail: '长尾',
  longTailDailySales: '长尾日均销量',
  normal: '常规',
  offset: '起始位置',
  open: '购物车状态',
  operatorWecomWebhook: '运营群机器人',
  overAgeRemindEveryMinutes: '报数超龄提醒间隔',
  overAgeRemindFrom: '超龄提醒开始',
  overAgeRemindTo: '超龄提醒结束',
  recountSalesShare: '重新盘点的销量比例',
  stocktake: '盘点',
  reasonAboveUnits: '差异需说明原因的件数',
  reasonAboveShare: '差异需说明原因的比例',
  alertAboveValue: '差异金额提醒线',
  settlement: '结算规则',
  storefronts: '店铺库存分配',
  allocationTotal: '店铺份额合计上限',
  retypeAboveUnits: '需重新改库存的变动件数',
  listingId: '店铺商品',
  storefront: '店铺类型',
  productId: '店铺商品编号',
  storefrontSkuId: '店铺规格编号',
  title: '店铺商品名称',
  shareKind: '分配方式',
  units: '件数',
  typedCount: '改成的库存数',
  rules: '规则',
  metric: '考核指标',
  when: '条件',
  threshold: '阈值',
  adjust: '奖惩',
  adjustShare: '奖惩比例',
  every: '盘点周期',
  weekday: '盘点日',
  from: '首次盘点日期',
  counted: '盘点数',
  reason: '差异原因',
  stocktakeId: '盘点单',
  period: '考核周期',
  day: '日期',
  count: '期数',
  time: '时间',
  person: '人员',
  projection: '按其他渠道销量预估现货',
  reportDueLeadMinutes: '报数提醒提前',
  reportId: '报数',
  reportLateMinutes: '报数逾期判定',
  results: '订阅结果',
  role: '角色',
  skus: '商品',
  staleExtraRatio: '过期加宽比例',
  staleness: '报数过期加宽',
  status: '状态',
  subscribeTemplates: '订阅消息模板',
  templateId: '模板编号',
  tierOverride: '指定同步优先级',
  userId: '人员',
  version: '小程序版本',
  wecomWebhook: '群机器人',
  apiJumpExempt: '接口推送不做跳变检查',
  pull: '库存拉取设置',
  webhook: '订单推送',
  eventId: '推送记录',
  system: '对方系统类型',
  url: '地址',
  nextCursor: '下一页字段',
  cursorParam: '翻页参数',
  pageSize: '每页条数',
  everyMinutes: '拉取间隔',
  callsPerDay: '每天可调用次数',
  keyId: '密钥',
  // The partner API's bodies (open/schemas.ts).
  requestId: '请求编号',
  countedAt: '盘点时间',
  mode: '推送模式',
  items: '商品',
  code: '商品编码',
  quantity: '数量',
  op: '操作',
  cursor: '翻页位置',
  since: '起始时间',
  shippable: '可发数量',
};

/** Whether a field has a Chinese name (a test walks every action's input with it). */
export const hasFieldLabel = (key: string): boolean => Object.hasOwn(FIELD_LABELS, key);

/** `['lines', 2, 'onHand']` → `第3行的库存数量`. */
export function fieldLabel(path: PropertyKey[]): string {
  const parts: string[] = [];
  for (const key of path) {
    if (typeof key === 'number') parts.push(lineLabel(key));
    else parts.push(hasFieldLabel(String(key)) ? FIELD_LABELS[String(key)]! : String(key));
  }
  return parts.length === 0 ? '请求' : parts.join('的').replace('明细的第', '第');
}

export const pathText = (path: PropertyKey[]): string =>
  path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');

const TYPE_NAMES: Record<string, string> = { number: '数字', string: '文字', array: '列表', tuple: '列表', object: '对象', record: '对象', boolean: '是或否', date: '日期' };

function issueMessage(issue: z.core.$ZodIssue): string {
  const field = fieldLabel(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return `${field}必须是整数`;
      if (issue.message.includes('received undefined')) return `缺少${field}`;
      return Object.hasOwn(TYPE_NAMES, issue.expected) ? `${field}的类型不对（应为${TYPE_NAMES[issue.expected]}）` : `${field}的类型不对`;
    case 'too_small':
      if (issue.origin === 'array') return `${field}至少要有 ${issue.minimum} 项`;
      if (issue.origin === 'string') return `${field}至少 ${issue.minimum} 个字符`;
      return `${field}不能小于 ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `${field}最多 ${issue.maximum} 项`;
      if (issue.origin === 'string') return `${field}最多 ${issue.maximum} 个字符`;
      return `${field}不能大于 ${issue.maximum}`;
    case 'invalid_format':
      // A schema's own Chinese hint says how to fix it; zod's English default does not.
      return /^Invalid/.test(issue.message) ? `${field}格式不对` : `${field}${issue.message}`;
    case 'unrecognized_keys':
      return `${field}含有未知字段：${issue.keys.join('、')}`;
    case 'custom':
      // A check of the action's own says in Chinese what is wrong; zod's English default does not.
      return /^Invalid/.test(issue.message) ? `${field}不正确` : `${field}${issue.message}`;
    default:
      return `${field}不正确`;
  }
}

/** Every problem in the input, one per field (the first check that failed there). */
export function validationIssues(error: z.ZodError): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const issue of error.issues) {
    const path = pathText(issue.path);
    if (seen.has(path)) continue;
    seen.add(path);
    issues.push({ path, message: issueMessage(issue) });
  }
  return issues;
}

export function parseInput<T>(schema: z.ZodType<T>, input: unknown): Result<T> | { ok: false; error: AppError } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return failWithIssues('VALIDATION', '输入有误', validationIssues(parsed.error));
}

export { MAX_ON_HAND, MAX_ORDER_QTY } from '../domain/limits';

export const skuIdSchema = z.string().trim().min(1).max(64);
/** Bounds first: a huge number is reported as too large, not as "not an integer". */
export const countSchema = (min: number, max: number) => z.number().min(min).max(max).int();
