// Timed reminders (DESIGN §1, §6): report due and missed, cutoff approaching. Each
// tick raises what fell in its window; alerts are deduplicated by event, so a tick
// run twice raises nothing twice.
import { ALERT_PAGES, type AlertEvent, missedReportKey } from '../domain/alerts';
import { businessDayOf, dayLabel } from '../domain/business-day';
import { countAgeHours, overAgeBySupplier, overAgeSlot } from '../domain/count-age';
import type { IntegrationLevel } from '../domain/model';
import { TIER_NAMES } from '../domain/tier';
import { type TickWindow, occurrencesIn, reportedFor } from '../domain/reminders';
import type { Deps } from '../handlers/action';
import { openCartFlag } from '../handlers/alert-events';
import { raiseAlerts, recipientDirectory } from '../handlers/alerting';
import { inParallel } from '../runtime/parallel';
import { SCHEDULER_TICK_MS } from './tick';

const windowEndingNow = (deps: Deps): TickWindow => ({ from: deps.clock.now() - SCHEDULER_TICK_MS, to: deps.clock.now() });
const READS_AT_ONCE = 16;

export async function remindReports(deps: Deps, window: TickWindow = windowEndingNow(deps)): Promise<number> {
  const { store } = deps;
  const [settings, suppliers, people] = await Promise.all([store.getSettings(), store.listSuppliers(), recipientDirectory(store)]);
  const { operators } = people;
  const events: AlertEvent[] = [];
  for (const supplier of suppliers) {
    const staff = people.staffOf(supplier.id);
    const dueSoon = occurrencesIn(supplier.reportTimes, window, -settings.alerts.reportDueLeadMinutes);
    const late = occurrencesIn(supplier.reportTimes, window, settings.alerts.reportLateMinutes);
    if (dueSoon.length === 0 && late.length === 0) continue;
    const [last] = await store.listReports(supplier.id, 1);
    // A run catching up (a late start) does not remind of a time already reported for.
    for (const due of dueSoon.filter((o) => !reportedFor(o, last?.reportedAt))) {
      events.push({
        kind: 'reportDue', key: `${supplier.id}:${due.day}:${due.time}`, recipients: staff,
        title: '报数提醒', body: `${dayLabel(due.day)} ${due.time} 需要报库存，请按仓库实际件数填写`, link: ALERT_PAGES.supplierReport,
        fields: { subject: supplier.name, detail: `请在 ${due.time} 前报库存`, time: due.at, status: '待报数' },
      });
    }
    for (const missed of late.filter((o) => !reportedFor(o, last?.reportedAt))) {
      events.push({
        kind: 'reportMissed', key: missedReportKey(supplier.id, missed), recipients: [...staff, ...operators],
        title: '报数逾期', body: `${supplier.name} ${dayLabel(missed.day)} ${missed.time} 的报数还没有提交`, link: ALERT_PAGES.supplierReport,
        linkByRole: { operator: ALERT_PAGES.operatorReportFor },
        fields: { subject: supplier.name, detail: `${missed.time} 的报数未提交`, time: missed.at, status: '已逾期' },
      });
    }
  }
  return (await raiseAlerts(deps, events)).length;
}

/** Before cutoff, leaders with goods in their cart or who ordered for the day are reminded to finish their group's order. */
export async function remindCutoff(deps: Deps, window: TickWindow = windowEndingNow(deps)): Promise<number> {
  const { store, clock } = deps;
  const settings = await store.getSettings();
  // A run that caught up past the reminder's time and the cutoff itself has nothing to remind of.
  const occurrence = occurrencesIn([settings.alerts.cutoffReminderTime], window, 0).find((o) => businessDayOf(clock.now(), settings.cutoffTime) === businessDayOf(o.at, settings.cutoffTime));
  if (!occurrence) return 0;
  const day = businessDayOf(clock.now(), settings.cutoffTime);
  const leaders = (await store.listUsers()).filter((u) => u.role === 'leader');
  const ordered: string[] = [];
  // Two reads a leader: in parallel, or a thousand leaders outlast the scheduler's time.
  await inParallel(leaders, READS_AT_ONCE, async (leader) => {
    const cartOpen = (await store.getFlag(openCartFlag(leader.id, day)))?.on === true;
    if (cartOpen || (await store.listOrderLines({ leaderId: leader.id, day })).length > 0) ordered.push(leader.id);
  });
  ordered.sort();
  return (await raiseAlerts(deps, [{
    kind: 'cutoffSoon', key: day, recipients: ordered,
    title: '截单提醒', body: `今天 ${settings.cutoffTime} 截单，请尽快汇总接龙并提交订单`, link: ALERT_PAGES.leaderOrder,
    fields: { subject: `${dayLabel(day)} 团购`, detail: `${settings.cutoffTime} 截单，请尽快下单`, time: clock.now(), status: '即将截单' },
  }])).length;
}

/** What each level's reminder asks for, after the SKUs it names. */
const OVER_AGE_ASK: Record<IntegrationLevel, string> = {
  portal: '的报数已超过允许的间隔，请重新盘点后报数',
  rules: '的报数已超过允许的间隔，请向供应商要最新库存后代报',
  api: '超过允许的间隔没有收到对方系统的同步，请检查接口，或向供应商要最新库存后代报',
};

/** SKU names a reminder shows before "等": enough to start counting, short enough to read. */
const NAMES_SHOWN = 3;

/** "A、B、C 等 5 个商品": the first few of what a reminder is about, and how many in all. */
export function namedSkus<T>(items: T[], name: (item: T) => string): string {
  const more = items.length > NAMES_SHOWN ? ` 等 ${items.length} 个商品` : '';
  return `${items.slice(0, NAMES_SHOWN).map(name).join('、')}${more}`;
}

/**
 * Counts older than their tier allows (DESIGN §3 "Tier"): the supplier who reports in
 * the mini-program is asked to count them again; for a rules-level supplier (counts come
 * by WeChat group) the operators hear instead. An API supplier's count is as old as the
 * last time its system confirmed it (any accepted push, unchanged lines included): a
 * silent interface looks the same whether nothing moved or a push was lost, so the
 * operators hear that it has not synced — the same rule that widens its buffer.
 */
export async function remindOverAgeCounts(deps: Deps): Promise<number> {
  const { store, clock } = deps;
  const now = clock.now();
  const settings = await store.getSettings();
  const { overAgeRemindEveryMinutes: everyMinutes, overAgeRemindFrom: from, overAgeRemindTo: to } = settings.alerts;
  const slot = overAgeSlot(now, { everyMinutes, from, to });
  if (slot === null) return 0;
  const [records, skus, suppliers, people] = await Promise.all([store.listInventory(), store.listSkus(), store.listSuppliers(), recipientDirectory(store)]);
  const listed = new Map(skus.filter((k) => k.listed).map((k) => [k.id, k]));
  const overAge = overAgeBySupplier(records.filter((r) => listed.has(r.skuId)), settings.tiers.maxReportAgeHours, now);
  const events: AlertEvent[] = [];
  for (const supplier of suppliers) {
    const due = overAge.get(supplier.id);
    if (!due) continue;
    const names = namedSkus(due, (r) => {
      const sku = listed.get(r.skuId)!;
      return `${sku.name} ${sku.spec}（${TIER_NAMES[r.tier]}，${Math.floor(countAgeHours(r.reportedAt, now))} 小时前）`;
    });
    const byOperators = supplier.level !== 'portal';
    events.push({
      kind: 'countOverAge', key: `${supplier.id}:${slot}`,
      recipients: byOperators ? people.operators : people.staffOf(supplier.id),
      title: '报数超龄',
      body: `${supplier.name}：${names}${OVER_AGE_ASK[supplier.level]}`,
      link: ALERT_PAGES.supplierReport,
      linkByRole: { operator: ALERT_PAGES.operatorReportFor },
      fields: { subject: supplier.name, detail: `${due.length} 个商品需要重新报数`, time: now, quantity: due.length, status: '报数超龄' },
    });
  }
  return (await raiseAlerts(deps, events)).length;
}
