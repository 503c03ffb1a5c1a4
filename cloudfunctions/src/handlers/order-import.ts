// A leader's orders from the platforms they already sell on (issue 16): a 快团团, 群接龙 or
// 有赞 order export becomes one order per platform order, each through the same
// all-or-nothing reservation as placing an order, idempotent per platform order number.
import * as z from 'zod';
import { type Issue, type Result, fail, failWithIssues, ok } from '../domain/errors';
import { orderIdFor, requestFingerprint, totalsBySku, type RequestedLine } from '../domain/order';
import { type PlatformOrder, importKey, readPlatformOrders } from '../domain/order-import';
import type { Order } from '../domain/model';
import { readOrderSheet } from '../import/order-sheet';
import { fits } from '../runtime/budget';
import type { OrderImportResult } from '../contract/api';
import { type Deps, action } from './action';
import { placeOrder } from './order-placement';

/** Refused orders are kept (a retried submit answers the same); a new try of one uses the next key, this many at most. */
const MAX_ATTEMPTS = 20;
/** Platform orders looked up at once (one read each). */
const LOOKUPS_AT_ONCE = 20;
/** Kept for answering once the call stops placing orders. */
const ANSWER_RESERVE_MS = 1_500;

type Standing =
  | { kind: 'new'; key: string }
  | { kind: 'same'; order: Order }
  | { kind: 'different'; order: Order };

const requested = (order: PlatformOrder): RequestedLine[] =>
  order.lines.map((l) => ({ skuId: l.skuId, qty: l.qty, ...(l.customer ? { customer: l.customer } : {}) }));

/** Whether this platform order was imported for the leader before, and with what. */
async function standing(deps: Deps, leaderId: string, order: PlatformOrder): Promise<Standing> {
  const fingerprint = requestFingerprint(requested(order));
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const key = importKey(order.platform, order.orderNo, attempt);
    const found = await deps.store.getOrder(orderIdFor(leaderId, key));
    if (!found) return { kind: 'new', key };
    if (found.status === 'refused') continue;
    return found.requestHash === fingerprint ? { kind: 'same', order: found } : { kind: 'different', order: found };
  }
  return { kind: 'new', key: importKey(order.platform, order.orderNo, MAX_ATTEMPTS) };
}

const linesWord = (lines: readonly number[]): string => `第${[...new Set(lines)].sort((a, b) => a - b).join('、')}行`;

/**
 * Every new order's units held against what is sellable now, together: when the file
 * as a whole cannot be covered, nothing is reserved and each short SKU names its lines.
 */
async function shortfall(deps: Deps, orders: readonly PlatformOrder[]): Promise<Issue[]> {
  const totals = totalsBySku(orders.flatMap(requested));
  const [records, skus] = await Promise.all([deps.store.listInventory([...totals.keys()]), deps.store.getSkus([...totals.keys()])]);
  const sellable = new Map(records.map((r) => [r.skuId, r.sellable]));
  const names = new Map(skus.map((s) => [s.id, `${s.name} ${s.spec}`.trim()]));
  const issues: Issue[] = [];
  for (const [skuId, qty] of totals) {
    const left = sellable.get(skuId) ?? 0;
    if (left >= qty) continue;
    const lines = orders.flatMap((o) => o.lines.filter((l) => l.skuId === skuId).map((l) => l.line));
    issues.push({ path: `line:${Math.min(...lines)}`, code: 'INSUFFICIENT_STOCK', message: `${linesWord(lines)}：${names.get(skuId) ?? skuId}（${skuId}）共需 ${qty} 件，可售只有 ${left} 件` });
  }
  return issues;
}

/** Read the file, check every line, then place the platform orders not imported before. */
export async function importPlatformOrders(deps: Deps, leaderId: string, input: { fileId: string; fileName: string }): Promise<Result<OrderImportResult>> {
  const { store, files } = deps;
  const bytes = await files.read(input.fileId);
  if (!bytes) return fail('NOT_FOUND', '找不到上传的文件，请重新上传', { issues: [{ path: 'fileId', message: '文件不存在' }] });
  const sheet = await readOrderSheet(bytes, input.fileName);
  if (!sheet.ok) return sheet;
  const reading = readPlatformOrders(sheet.data, { skus: await store.listSkus() });
  if (!reading.ok) return fail('BAD_FILE', reading.message, { details: { problem: 'ORDER_HEADER' } });
  const { platform, orders, issues, notes } = reading.data;
  const headline = `${input.fileName} 未导入，请改正后重新上传（没有预订任何库存）`;
  if (issues.length > 0) return failWithIssues(issues[0]!.code ?? 'VALIDATION', headline, issues);
  if (orders.length === 0) return fail('BAD_FILE', `${input.fileName} 里没有可以导入的订单${notes.length > 0 ? `：${notes.join('；')}` : ''}`);

  const standings: Array<{ order: PlatformOrder; at: Standing }> = [];
  for (let i = 0; i < orders.length; i += LOOKUPS_AT_ONCE) {
    standings.push(...await Promise.all(orders.slice(i, i + LOOKUPS_AT_ONCE).map(async (o) => ({ order: o, at: await standing(deps, leaderId, o) }))));
  }
  const fresh = standings.filter((s) => s.at.kind === 'new');
  const short = await shortfall(deps, fresh.map((s) => s.order));
  if (short.length > 0) return failWithIssues('INSUFFICIENT_STOCK', `${input.fileName} 未导入：库存不够（没有预订任何库存）`, short);

  const result: OrderImportResult = { platform, imported: [], alreadyImported: [], conflicts: [], failed: [], pending: [], message: '', notes };
  // A WeChat call stops at its timeout: orders not reached wait for the same file again (it skips the ones placed).
  let slowest = 0;
  for (const { order, at } of standings) {
    if (at.kind === 'new' && !fits(2 * slowest + ANSWER_RESERVE_MS)) {
      result.pending.push(order.orderNo);
      continue;
    }
    if (at.kind === 'same') result.alreadyImported.push(order.orderNo);
    if (at.kind === 'different') {
      result.conflicts.push({ platformOrderNo: order.orderNo, message: `${platform}订单 ${order.orderNo} 已于之前导入（我们的订单 ${at.order.number ?? at.order.id}），这次的商品或数量不同，没有重复导入；如需修改请在“我的订单”里改` });
    }
    if (at.kind !== 'new') continue;
    const started = Date.now();
    const placed = await placeOrder(deps, leaderId, { idempotencyKey: at.key, lines: requested(order), external: { platform, orderNo: order.orderNo } });
    slowest = Math.max(slowest, Date.now() - started);
    if (placed.ok) {
      result.imported.push({
        platformOrderNo: order.orderNo, orderId: placed.data.orderId, ...(placed.data.orderNo ? { orderNo: placed.data.orderNo } : {}),
        lineCount: order.lines.length, units: order.lines.reduce((n, l) => n + l.qty, 0),
      });
    } else {
      result.failed.push({ platformOrderNo: order.orderNo, message: `${platform}订单 ${order.orderNo}（${linesWord(order.lines.map((l) => l.line))}）：${placed.error.message}` });
    }
  }
  result.message = summary(result);
  return ok(result);
}

function summary(r: OrderImportResult): string {
  const parts = [`导入 ${r.imported.length} 单`];
  if (r.alreadyImported.length > 0) parts.push(`已导入过 ${r.alreadyImported.length} 单（未重复添加）`);
  if (r.conflicts.length > 0) parts.push(`${r.conflicts.length} 单与之前导入的内容不同，未导入`);
  if (r.failed.length > 0) parts.push(`${r.failed.length} 单未能预订，未导入（改好后重新导入同一文件即可，已导入的不会重复）`);
  if (r.pending.length > 0) parts.push(`还有 ${r.pending.length} 单这次来不及处理，请再导入一次同一文件（已导入的不会重复）`);
  return parts.join('，');
}

const fileInput = z.object({ fileId: z.string().min(1).max(300), fileName: z.string().trim().min(1).max(120) });

export const leaderOrderImport = {
  /** The leader's own platform order export. */
  importOrders: action(['leader'], fileInput, async (ctx, input) => importPlatformOrders(ctx.deps, ctx.caller.id, input)),
};

export const operatorOrderImport = {
  /** A leader's platform order export, imported by the operator for that leader. */
  importOrdersFor: action(['operator'], fileInput.extend({ leaderId: z.string().min(1).max(64) }), async (ctx, input) => {
    const leader = await ctx.deps.store.getUser(input.leaderId);
    if (!leader || leader.role !== 'leader') return fail('NOT_FOUND', `团长 ${input.leaderId} 不存在`, { issues: [{ path: 'leaderId', message: '团长不存在' }] });
    if (leader.disabled) return fail('WRONG_STATE', `团长 ${leader.name} 已停用，不能代为导入订单`);
    return importPlatformOrders(ctx.deps, leader.id, input);
  }),
};
