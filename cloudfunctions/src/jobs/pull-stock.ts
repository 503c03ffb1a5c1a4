// The tiered pull (DESIGN §4, issue 14): each supplier whose system serves its stock is
// pulled when its most urgent SKU wants a fresh count (hot and low-stock every few
// minutes, normal every half hour, long tail twice a day), with a timeout and a backoff
// after failures. A pull is a count from the supplier's system like a push: it goes
// through the same intake. Codes the platform does not carry are left out and counted
// on the health line; anything else wrong with the answer fails the pull, whole.
import type { InventoryRecord, Sku, Supplier } from '../domain/model';
import { pushedLines } from '../domain/partner-stock';
import { ALERT_PAGES, type AlertEvent } from '../domain/alerts';
import { PULL_FAILURES_ALERT, type PullHealth, emptyHealth, pullDue, pullFailed, pullSucceeded } from '../domain/pull';
import { catalogueOf, mapStockRows } from '../domain/stock-import';
import type { Issue } from '../domain/errors';
import type { ReportLine } from '../domain/model';
import type { Deps } from '../handlers/action';
import { raiseAlerts, recipientDirectory } from '../handlers/alerting';
import { receiveCount } from '../handlers/count-intake';
import { PULL_TIMEOUT_MS, fetchStock } from '../open/pull-fetch';
import { fits } from '../runtime/budget';

export interface PullOutcome {
  supplierId: string;
  ok: boolean;
  lines?: number;
  /** Codes the platform does not carry, left out. */
  ignored?: number;
  message?: string;
}

/** Room for the intake after the fetch (a count of a few hundred lines). */
const INTAKE_RESERVE_MS = 5_000;

const isLow = (skus: ReadonlyMap<string, Sku>) => (r: InventoryRecord): boolean => r.sellable <= (skus.get(r.skuId)?.warningLine ?? 0);

/** Pull every supplier that is due; one at a time, each resumable (its health says where it got). */
export async function pullStock(deps: Deps, timeoutMs = PULL_TIMEOUT_MS): Promise<PullOutcome[]> {
  const { store, clock } = deps;
  const pulling = (await store.listSuppliers()).filter((s) => s.level === 'api' && s.pull);
  if (pulling.length === 0) return [];
  const [records, skus, healths] = await Promise.all([store.listInventory(), store.listSkus(), store.listPullHealth()]);
  const skuById = new Map(skus.map((k) => [k.id, k]));
  const healthOf = new Map(healths.map((h) => [h.supplierId, h]));
  const outcomes: PullOutcome[] = [];
  for (const supplier of pulling) {
    // A pull may wait its whole timeout: the rest wait for the next tick (their counts are no older for it).
    if (!fits(timeoutMs + INTAKE_RESERVE_MS)) break;
    const own = records.filter((r) => r.supplierId === supplier.id && skuById.get(r.skuId)?.listed);
    const health = healthOf.get(supplier.id) ?? emptyHealth(supplier.id);
    if (!pullDue(clock.now(), own, health, isLow(skuById), supplier.pull!)) continue;
    outcomes.push(await pullOne(deps, supplier, skus, health, timeoutMs));
  }
  return outcomes;
}

export async function pullOne(deps: Deps, supplier: Supplier, skus: readonly Sku[], health: PullHealth, timeoutMs = PULL_TIMEOUT_MS): Promise<PullOutcome> {
  const { store, clock } = deps;
  const started = clock.now();
  const t0 = Date.now();
  const fetched = await fetchStock(supplier.pull!, supplier.basis, timeoutMs, deps.http);
  const read = fetched.ok ? await linesOf(deps, fetched, supplier, skus) : { message: fetched.message };
  if ('message' in read) return failed(deps, supplier, pullFailed(health, started, read.message));
  if (read.lines.length > 0) {
    const intake = await receiveCount(deps, { supplierId: supplier.id, source: 'api', by: `pull:${supplier.id}`, lines: read.lines, reportId: `pull_${supplier.id}_${started}` });
    if (!intake.ok) return failed(deps, supplier, pullFailed(health, started, intake.error.message));
  }
  await store.savePullHealth(pullSucceeded(health, started, Date.now() - t0));
  return { supplierId: supplier.id, ok: true, lines: read.lines.length, ignored: read.ignored };
}

/** Record the failure; from the Nth in a row the operators hear, once per run of failures. */
async function failed(deps: Deps, supplier: Supplier, health: PullHealth): Promise<PullOutcome> {
  await deps.store.savePullHealth(health);
  const message = health.lastError!.message;
  if (health.failuresInRow >= PULL_FAILURES_ALERT) await raiseAlerts(deps, [pullFailingEvent(supplier, health, (await recipientDirectory(deps.store)).operators)]);
  return { supplierId: supplier.id, ok: false, message };
}

function pullFailingEvent(supplier: Supplier, health: PullHealth, operators: string[]): AlertEvent {
  return {
    // The run of failures since the last success is one event, however long it lasts.
    kind: 'pullFailing', key: `${supplier.id}:${health.lastSuccessAt ?? 0}`, recipients: operators,
    title: '接口拉取失败',
    body: `${supplier.name}：从对方系统拉取库存已连续失败 ${health.failuresInRow} 次（${health.lastError!.message}），数量改按估算显示，请联系供应商检查接口，或向供应商要最新库存后代报`,
    link: ALERT_PAGES.operatorSupplier(supplier.id),
    fields: { subject: supplier.name, detail: health.lastError!.message, time: health.lastError!.at, quantity: health.failuresInRow, status: '拉取失败' },
  };
}

type Read = { lines: ReportLine[]; ignored: number } | { message: string };

async function linesOf(deps: Deps, fetched: Exclude<Awaited<ReturnType<typeof fetchStock>>, { ok: false }>, supplier: Supplier, skus: readonly Sku[]): Promise<Read> {
  const own = skus.filter((s) => s.supplierId === supplier.id);
  const { lines, issues } = 'items' in fetched
    ? pushedLines('snapshot', fetched.items, catalogueOf(skus, supplier.id), new Map((await deps.store.listInventory(own.map((s) => s.id))).map((r) => [r.skuId, r.onHand])))
    : mapStockRows(fetched.rows, { supplierId: supplier.id, skus: [...skus] });
  const unknown = (i: Issue) => i.code === 'UNKNOWN_SKU' || i.code === 'SKU_DELISTED';
  const wrong = issues.filter((i) => !unknown(i));
  if (wrong.length > 0) return { message: `对方系统的数据有 ${wrong.length} 处不对：${wrong[0]!.message}` };
  return { lines, ignored: issues.length };
}
