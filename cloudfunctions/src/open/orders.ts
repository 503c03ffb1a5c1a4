// The supplier's system reads its orders and answers its waves (partner API): the lines
// forwarded at cutoff, paged, and the same confirmation and shipping as the app's.
import { type Result, fail, ok } from '../domain/errors';
import type { OrderLine, Sku, User, Wave, WaveStatus } from '../domain/model';
import { inWave } from '../domain/wave';
import type { Deps } from '../handlers/action';
import { byId } from '../handlers/lookups';
import { confirmWaveByLines, reachableWave } from '../handlers/waves';
import type { PartnerCaller } from './authenticate';
import type { ForwardedLine, OrdersPage, OrdersQuery, WaveConfirmBody, WaveResult } from './schemas';

const WAVE_OF_STATUS: Record<OrdersQuery['status'], WaveStatus> = { forwarded: 'closed', confirmed: 'confirmed', shipped: 'shipped' };

/** Where a page stopped: the wave (its day and id) and the line last given; waves go by day then id, lines by id. */
type Cursor = [day: string, waveId: string, lineId: string];
const encodeCursor = (wave: Wave, lineId: string): string => Buffer.from(JSON.stringify([wave.day, wave.id, lineId])).toString('base64url');
function decodeCursor(cursor: string): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'string') ? (value as Cursor) : null;
  } catch {
    return null;
  }
}
/** A wave at or after the cursor's (a wave confirmed since drops out; the order holds). */
const notBefore = (wave: Wave, after: Cursor | null): boolean => !after || wave.day > after[0] || (wave.day === after[0] && wave.id >= after[1]);

export async function listForwarded(deps: Deps, caller: PartnerCaller, query: OrdersQuery): Promise<Result<OrdersPage>> {
  const { store } = deps;
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !after) return fail('VALIDATION', 'cursor 无效：请原样传回上一页的 nextCursor', { issues: [{ path: 'cursor', message: 'cursor 无效' }] });
  const sinceMs = (query.since ?? 0) * 1000;
  const waves = (await store.listWaves({ supplierId: caller.supplier.id, status: WAVE_OF_STATUS[query.status] }))
    .filter((w) => w.closedAt >= sinceMs)
    .sort((a, b) => a.day.localeCompare(b.day) || a.id.localeCompare(b.id))
    .filter((w) => notBefore(w, after));
  const picked: Array<{ wave: Wave; line: OrderLine }> = [];
  for (const wave of waves) {
    const lines = (await store.listOrderLines({ waveId: wave.id })).filter(inWave).sort((a, b) => a.id.localeCompare(b.id));
    for (const line of lines) {
      if (after && wave.id === after[1] && line.id <= after[2]) continue;
      picked.push({ wave, line });
      if (picked.length > query.limit) break;
    }
    if (picked.length > query.limit) break;
  }
  const page = picked.slice(0, query.limit);
  const [skus, leaders] = await Promise.all([store.getSkus([...new Set(page.map((p) => p.line.skuId))]), store.listUsers()]);
  const skuById = byId(skus);
  const leaderById = byId(leaders);
  const last = page[page.length - 1];
  return ok({
    lines: page.map(({ wave, line }) => forwardedLine(wave, line, skuById.get(line.skuId), leaderById.get(line.leaderId))),
    ...(picked.length > query.limit && last ? { nextCursor: encodeCursor(last.wave, last.line.id) } : {}),
  });
}

export function forwardedLine(wave: Pick<Wave, 'id' | 'day'>, line: OrderLine, sku: Sku | undefined, leader: User | undefined): ForwardedLine {
  return {
    lineId: line.id, waveId: wave.id, day: wave.day, skuId: line.skuId,
    ...(sku?.supplierCode ? { supplierCode: sku.supplierCode } : {}),
    name: sku?.name ?? line.skuId, spec: sku?.spec ?? '', quantity: line.qty, shortQty: line.shortQty, status: line.status,
    leader: {
      name: leader?.name ?? line.leaderId, community: leader?.community ?? '',
      ...(leader?.pickupPoint ? { pickupPoint: leader.pickupPoint } : {}), ...(leader?.phone ? { phone: leader.phone } : {}), ...(leader?.address ? { address: leader.address } : {}),
    },
    ...(line.customer ? { customer: line.customer } : {}),
    placedAt: Math.floor(line.placedAt / 1000),
  };
}

export async function confirmFromPartner(deps: Deps, caller: PartnerCaller, waveId: string, body: WaveConfirmBody): Promise<Result<WaveResult>> {
  const view = await confirmWaveByLines(deps, waveId, body.lines, `api:${caller.key.id}`, caller.supplier.id);
  return view.ok ? ok(await waveResult(deps, waveId)) : view;
}

export async function shipFromPartner(deps: Deps, caller: PartnerCaller, waveId: string): Promise<Result<WaveResult>> {
  const { store, clock } = deps;
  const wave = await reachableWave(store, waveId, caller.supplier.id);
  if (!wave.ok) return wave;
  if (wave.data.status === 'closed') return fail('WRONG_STATE', '请先确认可发数量（POST …/confirm），再标记发货');
  if (wave.data.status === 'confirmed') await store.shipWave(wave.data.id, clock.now());
  return ok(await waveResult(deps, waveId));
}

async function waveResult(deps: Deps, waveId: string): Promise<WaveResult> {
  const wave = (await deps.store.getWave(waveId))!;
  const lines = (await deps.store.listOrderLines({ waveId })).filter(inWave);
  return { waveId, status: wave.status, lines: lines.length, shortLines: lines.filter((l) => l.shortQty > 0).length };
}
