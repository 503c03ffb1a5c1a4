// POST /api/open/v1/stock: a supplier's system pushes counts. The same intake as every
// other count (whole or nothing, the jump guard, applied SKU by SKU), under a report id
// derived from the request id: a repeat finds the first report and answers its result
// (finishing it if a crash stopped it), and a different body under the same id is refused.
import { createHash } from 'node:crypto';
import { type Result, fail, failWithIssues, ok } from '../domain/errors';
import type { HeldReport, Report } from '../domain/model';
import { pushedLines } from '../domain/partner-stock';
import { catalogueOf } from '../domain/stock-import';
import type { Deps } from '../handlers/action';
import { type Intake, continueCount, heldPartId, receiveCount } from '../handlers/count-intake';
import type { PartnerCaller } from './authenticate';
import type { StockPush, StockPushResult } from './schemas';

const digestOf = (push: StockPush): string =>
  createHash('sha256').update(JSON.stringify([push.mode, push.countedAt ?? null, push.items.map((i) => [i.code, i.quantity, i.op ?? null])])).digest('hex');

/** One report per supplier and request id, whatever the runtime. */
export const pushReportId = (supplierId: string, requestId: string): string =>
  `api_${createHash('sha256').update(`${supplierId}\n${requestId}`).digest('hex').slice(0, 24)}`;

export async function pushStock(deps: Deps, caller: PartnerCaller, push: StockPush): Promise<Result<StockPushResult>> {
  const { store } = deps;
  const { supplier, key } = caller;
  const reportId = pushReportId(supplier.id, push.requestId);
  const digest = digestOf(push);
  const earlier = await earlierIntake(deps, reportId, supplier.id);
  if (earlier) {
    if (earlier.request?.digest !== digest) return fail('IDEMPOTENCY_KEY_REUSED', `requestId ${push.requestId} 已用于内容不同的另一次推送，请换一个 requestId`);
    const intake = earlier.intake ?? (await continueCount(deps, reportId, supplier.id));
    return intake.ok ? ok({ ...(await resultOf(deps, push, reportId, intake.data)), replayed: true }) : intake;
  }
  const codes = push.items.map((i) => i.code.trim());
  const [own, named] = await Promise.all([store.listSkus({ supplierId: supplier.id }), store.getSkus(codes)]);
  const cat = catalogueOf([...own, ...named.filter((s) => s.supplierId !== supplier.id)], supplier.id);
  const last = new Map((await store.listInventory(own.map((s) => s.id))).map((r) => [r.skuId, r.onHand]));
  const read = pushedLines(push.mode, push.items, cat, last);
  if (read.issues.length > 0) return failWithIssues(read.issues[0]!.code ?? 'VALIDATION', '库存推送未生效', read.issues);
  const intake = await receiveCount(deps, {
    supplierId: supplier.id, source: 'api', by: `api:${key.id}`, lines: read.lines, reportId,
    request: { id: push.requestId, digest }, ...(push.countedAt !== undefined ? { countedAt: push.countedAt * 1000 } : {}),
  });
  return intake.ok ? ok(await resultOf(deps, push, reportId, intake.data)) : intake;
}

/** What a first request left: its report (to finish), or its held report when every line jumped. */
async function earlierIntake(deps: Deps, reportId: string, supplierId: string): Promise<{ request?: Report['request']; intake?: Result<Intake> } | null> {
  const kept = await deps.store.getReport(reportId);
  if (kept && kept.report.supplierId === supplierId) return { request: kept.report.request };
  const held = await deps.store.getHeldReport(reportId);
  if (held && held.supplierId === supplierId) return { request: held.report.request, intake: ok({ status: 'held', held }) };
  return null;
}

async function resultOf(deps: Deps, push: StockPush, reportId: string, intake: Intake): Promise<StockPushResult> {
  const held: HeldReport | null = intake.status === 'held' ? intake.held : intake.held ?? (await deps.store.getHeldReport(heldPartId(reportId)));
  const waiting = held && held.status !== 'discarded' && held.status !== 'superseded' ? held.report.lines : [];
  const skus = new Map((await deps.store.getSkus(waiting.map((l) => l.skuId))).map((s) => [s.id, s]));
  const lastOf = new Map((held?.jumps ?? []).map((j) => [j.skuId, j.last]));
  // Answer in the supplier's own words: the code it sent, ours or its registered one.
  const sent = (skuId: string): string => push.items.find((i) => [skuId, skus.get(skuId)?.supplierCode].includes(i.code.trim()))?.code ?? skuId;
  const heldItems = waiting.map((l) => ({ code: sent(l.skuId), skuId: l.skuId, quantity: l.onHand, ...(lastOf.has(l.skuId) ? { last: lastOf.get(l.skuId)! } : {}) }));
  const applied = intake.status === 'applied' ? intake.report.lines.length : intake.status === 'applying' ? intake.applied : 0;
  return { requestId: push.requestId, reportId, status: intake.status, items: push.items.length, applied, held: heldItems };
}
