// Short lines put right with the customer (DESIGN §3): a ranked substitute reserved
// like any order, or a refund with a coupon; contact and outcome recorded.
import * as z from 'zod';
import { type Result, fail, ok } from '../domain/errors';
import { dayLabel } from '../domain/business-day';
import type { RemediationTask, Sku, User } from '../domain/model';
import { rankSubstitutes } from '../domain/substitutes';
import type { StockStore } from '../storage/port';
import { type SignedInContext, action } from './action';
import type { LineRemedy, TaskView } from '../contract/api';
import { byId } from './lookups';
import { placeOrder } from './order-placement';

const SUBSTITUTES_SHOWN = 5;

/**
 * What a task did about the short units, in figures the leader can repeat to the customer.
 * Tasks resolved before amounts were kept are priced at the SKU's price now.
 */
export function remedyOf(task: RemediationTask, skuById: ReadonlyMap<string, Sku>, lineDay: string | undefined): LineRemedy {
  if (task.status === 'open' || !task.outcome) return { status: 'open' };
  if (task.outcome === 'refund') {
    return { status: 'resolved', outcome: 'refund', refundAmount: task.refundAmount ?? task.shortQty * (skuById.get(task.skuId)?.price ?? 0), couponValue: task.couponValue ?? 0 };
  }
  const sub = task.substituteSkuId ? skuById.get(task.substituteSkuId) : undefined;
  const later = task.substituteDay !== undefined && lineDay !== undefined && task.substituteDay > lineDay;
  return {
    status: 'resolved', outcome: 'substitute',
    substituteName: sub ? `${sub.name} ${sub.spec}`.trim() : (task.substituteSkuId ?? ''),
    priceDifference: task.priceDifference ?? Math.max(0, ((sub?.price ?? 0) - (skuById.get(task.skuId)?.price ?? 0)) * task.shortQty),
    ...(later ? { substituteDayLabel: dayLabel(task.substituteDay!) } : {}),
  };
}

export async function taskViews(store: StockStore, tasks: RemediationTask[], now: number): Promise<TaskView[]> {
  if (tasks.length === 0) return [];
  const [skus, records, users, settings, lines] = await Promise.all([
    store.listSkus(), store.listInventory(), store.listUsers(), store.getSettings(), store.getOrderLines(tasks.map((t) => t.lineId)),
  ]);
  const skuById = byId(skus);
  const sellable = new Map(records.map((r) => [r.skuId, r.sellable]));
  const people = byId<User>(users);
  const lineById = byId(lines);
  const candidates = skus.map((sku) => ({ sku, sellable: sellable.get(sku.id) ?? 0 }));
  return tasks.map(({ leaderId, ...task }) => {
    const sku = skuById.get(task.skuId);
    const substitutes = task.status === 'open' && sku ? rankSubstitutes(sku, task.shortQty, candidates).slice(0, SUBSTITUTES_SHOWN) : [];
    const day = lineById.get(task.lineId)?.day;
    const remedy = remedyOf({ leaderId, ...task }, skuById, day);
    return {
      ...task,
      leaderName: people.get(leaderId)?.name ?? leaderId,
      community: people.get(leaderId)?.community ?? '',
      name: sku?.name ?? task.skuId, spec: sku?.spec ?? '', price: sku?.price ?? 0, day: day ?? '',
      substitutes: substitutes.map((c) => ({ skuId: c.sku.id, name: c.sku.name, spec: c.sku.spec, price: c.sku.price, sellable: c.sellable })),
      couponOffer: settings.couponValue,
      openForMs: (task.resolvedAt ?? now) - task.openedAt,
      ...(remedy.outcome === 'refund' ? { refundAmount: remedy.refundAmount } : {}),
      ...(remedy.outcome === 'substitute' ? { substituteName: remedy.substituteName, priceDifference: remedy.priceDifference } : {}),
      ...(remedy.substituteDayLabel ? { substituteDayLabel: remedy.substituteDayLabel } : {}),
    };
  });
}

async function ownOpenTask(ctx: SignedInContext, taskId: string): Promise<Result<RemediationTask>> {
  const task = await ctx.deps.store.getTask(taskId);
  if (!task || task.leaderId !== ctx.caller.id) return fail('NOT_FOUND', '找不到这条缺货处理');
  if (task.status !== 'open') return fail('WRONG_STATE', '这条缺货已经处理过了');
  return ok(task);
}

async function resolved(ctx: SignedInContext, task: RemediationTask, patch: Partial<RemediationTask>): Promise<Result<TaskView>> {
  const { store, clock } = ctx.deps;
  const now = clock.now();
  await store.updateTask(task.id, 'open', { ...patch, status: 'resolved', resolvedAt: now, contactedAt: task.contactedAt ?? now });
  return ok((await taskViews(store, [(await store.getTask(task.id))!], now))[0]!);
}

const taskInput = z.object({ taskId: z.string().min(1).max(160) });

export const remediation = {
  tasks: action(['leader'], z.object({ status: z.enum(['open', 'resolved']).optional() }), async (ctx, input) => {
    const tasks = await ctx.deps.store.listTasks({ leaderId: ctx.caller.id, ...(input.status ? { status: input.status } : {}) });
    return ok(await taskViews(ctx.deps.store, tasks, ctx.deps.clock.now()));
  }),

  /** The customer takes a substitute: reserved atomically like any order; a retry reserves nothing twice. */
  chooseSubstitute: action(['leader'], taskInput.extend({ skuId: z.string().min(1).max(64) }), async (ctx, input) => {
    const task = await ownOpenTask(ctx, input.taskId);
    if (!task.ok) return task;
    const view = (await taskViews(ctx.deps.store, [task.data], ctx.deps.clock.now()))[0]!;
    if (!view.substitutes.some((s) => s.skuId === input.skuId)) return fail('VALIDATION', '这个商品不能作为替代品（需同品类、有货、价格不低于原商品）', { issues: [{ path: 'skuId', message: '不是可选的替代品' }] });
    const placed = await placeOrder(ctx.deps, ctx.caller.id, {
      // The task names the key: a second tap or a network retry lands on the same order.
      idempotencyKey: `sub-${task.data.lineId.replace(/[^A-Za-z0-9_-]/g, '').slice(-56)}`,
      lines: [{ skuId: input.skuId, qty: task.data.shortQty, ...(task.data.customer ? { customer: task.data.customer } : {}) }],
    });
    if (!placed.ok) return placed;
    const chosen = view.substitutes.find((s) => s.skuId === input.skuId)!;
    return resolved(ctx, task.data, {
      outcome: 'substitute', substituteSkuId: input.skuId, substituteOrderId: placed.data.orderId,
      priceDifference: Math.max(0, chosen.price - view.price) * task.data.shortQty,
      ...(placed.data.lines[0] ? { substituteDay: placed.data.lines[0].day } : {}),
    });
  }),

  /** The short units are refunded at today's price, with the coupon the settings name. */
  chooseRefund: action(['leader'], taskInput, async (ctx, input) => {
    const task = await ownOpenTask(ctx, input.taskId);
    if (!task.ok) return task;
    const [{ couponValue }, [sku]] = await Promise.all([ctx.deps.store.getSettings(), ctx.deps.store.getSkus([task.data.skuId])]);
    return resolved(ctx, task.data, { outcome: 'refund', couponValue, refundAmount: task.data.shortQty * (sku?.price ?? 0) });
  }),

  /** The leader reached the customer (a note of what was said); the task stays open until an outcome. */
  recordContact: action(['leader'], taskInput.extend({ note: z.string().trim().min(1).max(200) }), async (ctx, input) => {
    const task = await ownOpenTask(ctx, input.taskId);
    if (!task.ok) return task;
    const { store, clock } = ctx.deps;
    await store.updateTask(task.data.id, 'open', { contactedAt: clock.now(), contactNote: input.note });
    return ok((await taskViews(store, [(await store.getTask(task.data.id))!], clock.now()))[0]!);
  }),
};
