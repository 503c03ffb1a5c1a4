// Scorecards (供应商考核): the ranked table for operators, a supplier's card with its
// trend for the operator and for the supplier itself. Read from waves, lines, tasks,
// reports and approved stocktakes; sized in database calls per supplier and period:
// one read of waves, one of their lines, one of their tasks, one of reports, one of
// stocktakes, and for a portal supplier one of users and one of alerts per staff member.
import * as z from 'zod';
import { eventOfAlert } from '../domain/alerts';
import { fail, ok } from '../domain/errors';
import type { OrderLine, Supplier } from '../domain/model';
import type { ScorecardRow } from '../contract/api';
import { type PeriodKind, type Period, approvedIn, periodOf, periodsBack, ratedLines, scorecard } from '../domain/scorecard';
import { inShanghai } from '../domain/time';
import { type Deps, action } from './action';
import { codeSchema } from './catalogue-schemas';

/** Reports read back per card: two a day for a month, with room. */
const REPORTS_READ = 200;
export const periodInput = z.object({
  period: z.enum(['week', 'month']).default('week'),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
const trendInput = periodInput.extend({ count: z.number().int().min(1).max(12).default(6) });

export async function scorecardOf(deps: Deps, supplier: Supplier, period: Period): Promise<ScorecardRow> {
  return (await scorecardWithLines(deps, supplier, period)).row;
}

/** The card, and the lines it rated (what settlement prices). */
export async function scorecardWithLines(deps: Deps, supplier: Supplier, period: Period): Promise<{ row: ScorecardRow; rated: OrderLine[] }> {
  const { store, clock } = deps;
  const [allWaves, reports, stocktakes, settings] = await Promise.all([
    store.listWaves({ supplierId: supplier.id }), store.listReports(supplier.id, REPORTS_READ),
    store.listStocktakes({ supplierId: supplier.id, status: ['approved'] }, 50), store.getSettings(),
  ]);
  const waves = allWaves.filter((w) => w.day >= period.from && w.day <= period.to);
  const waveIds = waves.map((w) => w.id);
  const [lines, tasks] = waveIds.length === 0 ? [[], []] : await Promise.all([
    Promise.all(waveIds.map((waveId) => store.listOrderLines({ waveId }))).then((l) => l.flat()), store.listTasks({ waveIds }),
  ]);
  const card = scorecard({
    period, now: clock.now(), reportTimes: supplier.reportTimes, reportLateMinutes: settings.alerts.reportLateMinutes,
    reportsAt: reports.map((r) => r.reportedAt), remindersAt: await overAgeRemindersOf(deps, supplier), waves, lines, tasks, stocktakes: stocktakes.filter((st) => approvedIn(st, period)),
  });
  return { row: { supplierId: supplier.id, supplierName: supplier.name, ...card }, rated: ratedLines(waves, lines) };
}

/** Alerts read back per staff member: several reminders a day for a month, with room. */
const ALERTS_READ = 300;

/**
 * When the supplier's own staff were sent a 报数超龄 reminder, once per event (every staff
 * member gets a copy). Only a supplier who reports in the mini-program is reminded itself;
 * for the others the operators are, and the card leaves the measure empty.
 */
async function overAgeRemindersOf(deps: Deps, supplier: Supplier): Promise<number[]> {
  if (supplier.level !== 'portal') return [];
  const staff = (await deps.store.listUsers()).filter((u) => u.role === 'supplier' && u.supplierId === supplier.id);
  const alerts = (await Promise.all(staff.map((u) => deps.store.listAlerts(u.id, ALERTS_READ)))).flat().filter((a) => a.kind === 'countOverAge');
  const byEvent = new Map<string, number>();
  for (const a of alerts) {
    const event = eventOfAlert(a);
    byEvent.set(event, Math.min(byEvent.get(event) ?? a.at, a.at));
  }
  return [...byEvent.values()];
}

export const today = (deps: Deps): string => inShanghai(deps.clock.now()).format('YYYY-MM-DD');

/** Best first: fill rate, then full lines, then on-time reports; unrated last. */
const rank = (a: ScorecardRow, b: ScorecardRow): number =>
  (b.fill.rate ?? -1) - (a.fill.rate ?? -1) || (b.accuracy.fullShare ?? -1) - (a.accuracy.fullShare ?? -1) || (b.reporting.rate ?? -1) - (a.reporting.rate ?? -1) || a.supplierId.localeCompare(b.supplierId);

async function trend(deps: Deps, supplier: Supplier, kind: PeriodKind, day: string, count: number): Promise<ScorecardRow[]> {
  const out: ScorecardRow[] = [];
  for (const period of periodsBack(kind, day, count)) out.push(await scorecardOf(deps, supplier, period));
  return out;
}

export const operatorScorecards = {
  scorecards: action(['operator'], periodInput, async (ctx, input) => {
    const period = periodOf(input.period, input.day ?? today(ctx.deps));
    const suppliers = await ctx.deps.store.listSuppliers();
    const rows = await Promise.all(suppliers.map((s) => scorecardOf(ctx.deps, s, period)));
    return ok(rows.sort(rank));
  }),
  scorecard: action(['operator'], trendInput.extend({ supplierId: codeSchema }), async (ctx, input) => {
    const supplier = await ctx.deps.store.getSupplier(input.supplierId);
    if (!supplier) return fail('NOT_FOUND', `供应商 ${input.supplierId} 不存在`, { issues: [{ path: 'supplierId', message: '供应商不存在' }] });
    return ok(await trend(ctx.deps, supplier, input.period, input.day ?? today(ctx.deps), input.count));
  }),
};

export const supplierScorecards = {
  scorecard: action(['supplier'], trendInput, async (ctx, input) => {
    const supplier = await ctx.deps.store.getSupplier(ctx.caller.supplierId!);
    if (!supplier) return fail('NOT_FOUND', '找不到您的供应商');
    return ok(await trend(ctx.deps, supplier, input.period, input.day ?? today(ctx.deps), input.count));
  }),
};
