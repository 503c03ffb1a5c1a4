// The events of DESIGN §6, built where they happen: each with its identity (for
// deduplication), its recipients, words for the inbox and fields for templates.
import { ALERT_PAGES, type AlertEvent, lowStockTransition } from '../domain/alerts';
import { dayLabel } from '../domain/business-day';
import type { HeldReport, RemediationTask, Wave } from '../domain/model';
import type { FlagState } from '../storage/port';
import type { Deps } from './action';
import { inParallel } from '../runtime/parallel';
import { operatorsOf, raiseAlerts, recipientDirectory, staffOf } from './alerting';

const FLAG_READS_AT_ONCE = 16;
import { byId } from './lookups';

const ARMED: FlagState = { on: true, cycle: 0 };

/** A leader's cart holds goods for this business day (the phone says when it opens or empties). */
export const openCartFlag = (leaderId: string, day: string): string => `cart:${leaderId}:${day}`;

/**
 * After any change to these SKUs' sellable: raise the low-stock alert for each that
 * fell to or below its warning line while armed; re-arm those back above it.
 */
export async function checkLowStock(deps: Deps, skuIds: string[]): Promise<void> {
  const { store } = deps;
  if (skuIds.length === 0) return;
  const [records, skus] = await Promise.all([store.listInventory([...new Set(skuIds)]), store.getSkus([...new Set(skuIds)])]);
  const skuById = byId(skus);
  // Built once the recipients are known: reading every user on every order cost more
  // than the order itself (bench:http's profile), and nearly every check raises nothing.
  const fired: Array<(people: Awaited<ReturnType<typeof recipientDirectory>>) => AlertEvent> = [];
  // One flag read per SKU: side by side, or a 300-line report spends seconds here.
  await inParallel(records, FLAG_READS_AT_ONCE, async (record) => {
    const sku = skuById.get(record.skuId);
    if (!sku) return;
    const flagId = `lowStock:${sku.id}`;
    const stored = await store.getFlag(flagId);
    const flag = stored ?? ARMED;
    const step = lowStockTransition(flag.on, record.sellable, sku.warningLine);
    if (step === 'rearm') await store.setFlag(flagId, stored, { on: true, cycle: flag.cycle + 1 });
    // Only the caller that disarms the flag raises: concurrent checks raise once.
    if (step === 'fire' && (await store.setFlag(flagId, stored, { on: false, cycle: flag.cycle }))) {
      fired.push((people) => ({
        kind: 'lowStock', key: `${sku.id}:${flag.cycle}`,
        recipients: [...people.operators, ...people.staffOf(sku.supplierId)],
        title: '库存预警', body: `${sku.name}（${sku.spec}）可售只剩 ${record.sellable} 件，已到预警线 ${sku.warningLine}`,
        link: ALERT_PAGES.skuHistory(sku.id),
        fields: { subject: `${sku.name} ${sku.spec}`, detail: `可售 ${record.sellable} 件，请尽快补货或更新库存`, time: deps.clock.now(), quantity: record.sellable, status: '库存紧张' },
      }));
    }
  });
  if (fired.length === 0) return;
  const people = await recipientDirectory(store);
  await raiseAlerts(deps, fired.map((build) => build(people)).sort((a, b) => (a.key < b.key ? -1 : 1)));
}

export async function jumpHeldAlert(deps: Deps, held: HeldReport, options: { inboxOnly?: boolean } = {}): Promise<void> {
  const { store } = deps;
  const [supplier, skus] = await Promise.all([store.getSupplier(held.supplierId), store.getSkus(held.jumps.map((j) => j.skuId))]);
  const names = byId(skus);
  const listed = held.jumps.map((j) => `${names.get(j.skuId)?.name ?? j.skuId} ${j.last}→${j.next}`).join('，');
  await raiseAlerts(deps, [{
    kind: 'jumpHeld', key: held.id,
    recipients: [...(await staffOf(store, held.supplierId)), ...(await operatorsOf(store))],
    title: '报数待确认', body: `${supplier?.name ?? held.supplierId} 的报数变动较大，已暂扣待确认：${listed}`,
    link: ALERT_PAGES.supplierReport, linkByRole: { operator: ALERT_PAGES.operatorHeld },
    fields: { subject: supplier?.name ?? held.supplierId, detail: `变动较大待确认：${listed}`, time: held.heldAt, quantity: held.jumps.length, status: '待确认' },
    ...(options.inboxOnly ? { inboxOnly: true } : {}),
  }]);
}

export async function waveToConfirmAlerts(deps: Deps, waves: Wave[]): Promise<void> {
  const { store } = deps;
  const events: AlertEvent[] = [];
  for (const wave of waves) {
    events.push({
      kind: 'waveToConfirm', key: wave.id, recipients: await staffOf(store, wave.supplierId),
      title: '波次待确认', body: `${dayLabel(wave.day)} 的订单已截单，请在截止时间前确认可发数量`,
      link: ALERT_PAGES.supplierWave(wave.id),
      fields: { subject: `${dayLabel(wave.day)} 波次`, detail: '请确认每个商品的可发数量', time: wave.deadlineAt, status: '待确认' },
    });
  }
  await raiseAlerts(deps, events);
}

export async function waveOverdueAlerts(deps: Deps, waves: Wave[]): Promise<void> {
  const { store } = deps;
  const suppliers = byId(await store.listSuppliers());
  const operators = await operatorsOf(store);
  await raiseAlerts(deps, waves.map((wave) => ({
    kind: 'waveOverdue' as const, key: wave.id, recipients: operators,
    title: '波次逾期未确认', body: `${suppliers.get(wave.supplierId)?.name ?? wave.supplierId} ${dayLabel(wave.day)} 的波次到截止时间仍未确认，可代为确认`,
    link: ALERT_PAGES.operatorWave(wave.id),
    fields: { subject: `${suppliers.get(wave.supplierId)?.name ?? wave.supplierId} ${dayLabel(wave.day)}`, detail: '供应商未确认，请联系或代为确认', time: wave.deadlineAt, status: '已逾期' },
  })));
}

export async function shortageAlerts(deps: Deps, tasks: RemediationTask[]): Promise<void> {
  const skus = byId(await deps.store.getSkus([...new Set(tasks.map((t) => t.skuId))]));
  await raiseAlerts(deps, tasks.map((task) => {
    const name = skus.get(task.skuId)?.name ?? task.skuId;
    return {
      kind: 'shortage' as const, key: task.id, recipients: [task.leaderId],
      title: '缺货待处理', body: `${task.customer ? `${task.customer} 的` : ''}${name} 缺 ${task.shortQty} 件，请联系顾客选择替代品或退款`,
      link: ALERT_PAGES.leaderTasks,
      fields: { subject: name, detail: `${task.customer ?? '顾客'} 缺 ${task.shortQty} 件，请联系处理`, time: task.openedAt, quantity: task.shortQty, status: '缺货' },
    };
  }));
}
