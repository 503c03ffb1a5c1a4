import * as z from 'zod';
import { fail, ok } from '../domain/errors';
import { action } from './action';
import { pickListXlsx } from '../import/pick-list';
import type { FileDownload } from '../contract/api';
import { confirmWave, confirmationInput, reachableWave, waveSummaries, waveView } from './waves';
import { XLSX_TYPE } from '../import/workbook';

const waveInput = z.object({ waveId: z.string().min(1).max(80) });

export const supplierWaves = {
  /** The supplier's waves, newest day first. */
  waves: action(['supplier'], z.object({}), async (ctx) => {
    const waves = await ctx.deps.store.listWaves({ supplierId: ctx.caller.supplierId! });
    return ok(await waveSummaries(ctx.deps.store, waves.slice(0, 30)));
  }),

  wave: action(['supplier'], waveInput, async (ctx, input) => {
    const wave = await reachableWave(ctx.deps.store, input.waveId, ctx.caller.supplierId!);
    return wave.ok ? ok(await waveView(ctx.deps.store, wave.data)) : wave;
  }),

  exportWave: action(['supplier'], waveInput, async (ctx, input) => {
    const wave = await reachableWave(ctx.deps.store, input.waveId, ctx.caller.supplierId!);
    if (!wave.ok) return wave;
    const view = await waveView(ctx.deps.store, wave.data);
    const download: FileDownload = {
      fileName: `${view.supplierName}-${view.label}-拣货单.xlsx`, contentType: XLSX_TYPE,
      base64: Buffer.from(await pickListXlsx(view)).toString('base64'),
    };
    return ok(download);
  }),

  confirmWave: action(['supplier'], confirmationInput, async (ctx, input) =>
    confirmWave(ctx.deps, input, ctx.caller.id, false, ctx.caller.supplierId!)),

  shipWave: action(['supplier'], waveInput, async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const wave = await reachableWave(store, input.waveId, ctx.caller.supplierId!);
    if (!wave.ok) return wave;
    if (wave.data.status === 'closed') return fail('WRONG_STATE', '请先确认可发数量，再标记发货');
    if (wave.data.status === 'confirmed') await store.shipWave(wave.data.id, clock.now());
    return ok(await waveView(store, (await store.getWave(wave.data.id))!));
  }),
};
