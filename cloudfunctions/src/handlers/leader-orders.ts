// A leader's own lines: what was ordered for which day, and changes before cutoff.
import * as z from 'zod';
import { type Result, fail, ok } from '../domain/errors';
import { dayLabel } from '../domain/business-day';
import type { LedgerEntry, LineStatus, OrderLine, RemediationTask, Sku } from '../domain/model';
import { rationApplies, rationCap } from '../domain/quota';
import { inShanghai } from '../domain/time';
import { type SignedInContext, action } from './action';
import type { LeaderDayView, LeaderLineView } from '../contract/api';
import { checkLowStock } from './alert-events';
import { byId } from './lookups';
import { remedyOf } from './remediation';
import { MAX_ORDER_QTY, countSchema } from './validation';

export const LINE_STATUS_NAMES: Record<LineStatus, string> = {
  placed: '已下单', forwarded: '已截单', confirmed: '供应商已确认', short: '缺货', shipped: '已发货', cancelled: '已取消',
};

function lineView(line: OrderLine, sku: Sku | undefined, now: number, extra: Pick<LeaderLineView, 'remedy'> = {}): LeaderLineView {
  return {
    lineId: line.id, orderId: line.orderId, skuId: line.skuId, name: sku?.name ?? line.skuId, spec: sku?.spec ?? '',
    qty: line.qty, shortQty: line.shortQty, status: line.status, statusName: LINE_STATUS_NAMES[line.status], placedAt: line.placedAt,
    changeable: line.status === 'placed' && now < line.cutoffAt, ...(line.customer ? { customer: line.customer } : {}),
    ...(line.orderNo ? { orderNo: line.orderNo } : {}), ...extra,
  };
}

/** The tasks of the short lines among these (read only when a line is short), by line. */
async function tasksByLine(ctx: SignedInContext, lines: OrderLine[]): Promise<Map<string, RemediationTask>> {
  if (!lines.some((l) => l.shortQty > 0)) return new Map();
  const tasks = await ctx.deps.store.listTasks({ leaderId: ctx.caller.id });
  return new Map(tasks.map((t) => [t.lineId, t]));
}

/** The line, if it is the caller's and still open to change; otherwise why not. */
async function ownOpenLine(ctx: SignedInContext, lineId: string): Promise<Result<OrderLine>> {
  const [line] = await ctx.deps.store.getOrderLines([lineId]);
  if (!line || line.leaderId !== ctx.caller.id) return fail('NOT_FOUND', '找不到这条订单');
  if (line.status !== 'placed') return fail('WRONG_STATE', `这条订单${LINE_STATUS_NAMES[line.status]}，不能再修改`);
  if (ctx.deps.clock.now() >= line.cutoffAt) return fail('AFTER_CUTOFF', '已过截单时间，不能再修改；如需调整请联系运营');
  return ok(line);
}

/** A grown line counts against the leader's ration like a new order: the most the leader may hold, when one applies. */
async function rationFor(ctx: SignedInContext, line: OrderLine): Promise<number | undefined> {
  const { store } = ctx.deps;
  const [[record], settings] = await Promise.all([store.listInventory([line.skuId]), store.getSettings()]);
  if (!record || !rationApplies(record.tier, record.sellable, settings.quota)) return undefined;
  const held = (await store.rationHeld(line.leaderId, line.day, [line.skuId])).get(line.skuId) ?? 0;
  return rationCap(record.tier, record.sellable, held, settings.quota);
}

async function change(ctx: SignedInContext, line: OrderLine, newQty: number): Promise<Result<LeaderLineView>> {
  const { store, clock, newId } = ctx.deps;
  const delta = newQty - line.qty;
  const ledger: LedgerEntry = {
    id: newId('led'), skuId: line.skuId, kind: delta > 0 ? 'reserve' : 'cancel', at: clock.now(), by: ctx.caller.id, refId: line.orderId, qty: Math.abs(delta), lineQty: newQty,
  };
  const ration = delta > 0 ? await rationFor(ctx, line) : undefined;
  const outcome = await store.changeLine({ lineId: line.id, expectedQty: line.qty, newQty, at: clock.now(), ledger, ...(ration !== undefined ? { ration } : {}) });
  if (outcome.kind === 'gone') return fail('CONFLICT', '这条订单刚刚已有变化，请刷新后再试');
  const [sku] = await store.getSkus([line.skuId]);
  if (outcome.kind === 'short') return fail('INSUFFICIENT_STOCK', `${sku?.name ?? line.skuId} 可售只剩 ${outcome.sellable} 件，不能再加 ${delta} 件`);
  if (outcome.kind === 'rationed') return fail('QUOTA_EXCEEDED', `${sku?.name ?? line.skuId} 库存紧张限购，您今天最多还可加 ${outcome.left} 件`);
  await checkLowStock(ctx.deps, [line.skuId]);
  return ok(lineView(outcome.line, sku, clock.now()));
}

const lineInput = z.object({ lineId: z.string().min(1).max(140) });

export const leaderOrders = {
  /** The leader's lines for the open day and the few days before, newest day first. */
  myOrders: action(['leader'], z.object({ days: z.number().int().min(1).max(14).default(3) }), async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const now = clock.now();
    const days = Array.from({ length: input.days + 1 }, (_, i) => inShanghai(now).add(1 - i, 'day').format('YYYY-MM-DD'));
    const perDay = await Promise.all(days.map((day) => store.listOrderLines({ leaderId: ctx.caller.id, day })));
    const tasks = await tasksByLine(ctx, perDay.flat());
    const skuIds = [...perDay.flat().map((l) => l.skuId), ...[...tasks.values()].flatMap((t) => (t.substituteSkuId ? [t.substituteSkuId] : []))];
    const skus = byId(await store.getSkus([...new Set(skuIds)]));
    const remedy = (l: OrderLine) => {
      const task = l.shortQty > 0 ? tasks.get(l.id) : undefined;
      return task ? { remedy: remedyOf(task, skus, l.day) } : {};
    };
    const views: LeaderDayView[] = days.map((day, i) => ({
      day, label: dayLabel(day), cutoffAt: perDay[i]![0]?.cutoffAt ?? 0,
      lines: perDay[i]!.map((l) => lineView(l, skus.get(l.skuId), now, remedy(l))),
    })).filter((d) => d.lines.length > 0);
    return ok(views);
  }),

  /** A new quantity before cutoff: fewer units are released at once, more are reserved like any order. */
  changeLine: action(['leader'], lineInput.extend({ qty: countSchema(1, MAX_ORDER_QTY) }), async (ctx, input) => {
    const line = await ownOpenLine(ctx, input.lineId);
    return line.ok ? change(ctx, line.data, input.qty) : line;
  }),

  /** Cancel before cutoff: the units go back on sale at once. */
  cancelLine: action(['leader'], lineInput, async (ctx, input) => {
    const line = await ownOpenLine(ctx, input.lineId);
    return line.ok ? change(ctx, line.data, 0) : line;
  }),
};
