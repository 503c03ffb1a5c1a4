// The operator's settings: read with the version in force, saved as a new version only
// from the one the operator was looking at, and a change log of who changed what.
import * as z from 'zod';
import { fail, ok } from '../domain/errors';
import type { InventoryRecord, Settings, SettingsVersion, Sku } from '../domain/model';
import { sellableChanges, totalChange } from '../domain/rule-change';
import { DEFAULT_SETTINGS, SETTING_NAMES, changedSettings } from '../domain/settings';
import { inShanghai } from '../domain/time';
import { refreshAfterChange } from '../jobs/refresh-stock';
import type { StockStore } from '../storage/port';
import { action } from './action';
import type { RuleChangePreview, SettingsChangeView, SettingsView } from '../contract/api';
import { settingsSchema } from './catalogue-schemas';
import { byId, peopleNames } from './lookups';

const OPERATOR = ['operator'] as const;
/** Change-log lines the settings page shows. */
const HISTORY_SHOWN = 20;

async function settingsView(store: StockStore, current: SettingsVersion): Promise<SettingsView> {
  if (current.version === 0) return { settings: current.settings, version: 0 };
  return { settings: current.settings, version: current.version, savedBy: (await peopleNames(store))(current.by), savedAt: current.at };
}

/** Changes a preview lists by name: enough to see what moves most. */
export const PREVIEW_LISTED = 5;

/** The changes summed, and the largest named. */
export function previewOf(changes: ReturnType<typeof sellableChanges>, skuById: ReadonlyMap<string, Sku>): RuleChangePreview {
  const total = totalChange(changes);
  return {
    skus: total.skus, sellableBefore: total.before, sellableAfter: total.after,
    largest: changes.slice(0, PREVIEW_LISTED).map((c) => ({ ...c, name: skuById.get(c.skuId)?.name ?? c.skuId, spec: skuById.get(c.skuId)?.spec ?? '' })),
  };
}

/** Sellable of every listed SKU under the settings in force and under `next`: four reads, side by side. */
async function settingsPreview(store: StockStore, next: Settings, now: number): Promise<RuleChangePreview> {
  const [current, skus, suppliers, records] = await Promise.all([store.getSettings(), store.listSkus(), store.listSuppliers(), store.listInventory()]);
  const skuById = byId(skus);
  const supplierById = byId(suppliers);
  const contexts = (record: InventoryRecord) => {
    const sku = skuById.get(record.skuId);
    if (!sku?.listed) return undefined;
    const supplier = supplierById.get(record.supplierId);
    return { before: { sku, supplier, settings: current }, after: { sku, supplier, settings: next } };
  };
  return previewOf(sellableChanges(records, contexts, now), skuById);
}

const saveInput = z.object({ settings: settingsSchema, expectedVersion: z.number().int().min(0).optional() });

export const settingsActions = {
  getSettings: action([...OPERATOR], z.object({}), async (ctx) => ok(await settingsView(ctx.deps.store, await ctx.deps.store.currentSettings()))),

  /** What saving these settings would do to sellable now; the same input as saveSettings, and nothing is saved. */
  previewSettings: action([...OPERATOR], saveInput, async (ctx, input) => ok(await settingsPreview(ctx.deps.store, input.settings, ctx.deps.clock.now()))),

  saveSettings: action([...OPERATOR], saveInput, async (ctx, input) => {
    const { store, clock } = ctx.deps;
    const saved = await store.saveSettings(input.settings, {
      by: ctx.caller.id, at: clock.now(), ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    });
    if (!saved.saved) {
      const current = await settingsView(store, saved.current);
      const when = saved.current.at ? inShanghai(saved.current.at).format('M月D日 HH:mm') : '';
      return fail('CONFLICT', `设置已被${current.savedBy ?? '他人'}${when ? `在 ${when} ` : ''}修改，你的修改没有保存。请看过最新设置后再改`, { details: current });
    }
    // Buffers, projection and tiers as just saved show to leaders now, not at the next refresh tick.
    await refreshAfterChange(ctx.deps);
    return ok(await settingsView(store, await store.currentSettings()));
  }),

  /** The newest changes first, each with what it changed from the version before. */
  settingsHistory: action([...OPERATOR], z.object({}), async (ctx) => {
    const { store } = ctx.deps;
    const [versions, nameOf] = await Promise.all([store.listSettingsHistory(HISTORY_SHOWN + 1), peopleNames(store)]);
    const views: SettingsChangeView[] = [];
    for (const [i, version] of versions.slice(0, HISTORY_SHOWN).entries()) {
      // The first version changed things from the defaults.
      const before = versions[i + 1]?.settings ?? DEFAULT_SETTINGS;
      const changed = changedSettings(before, version.settings).map((key) => SETTING_NAMES[key]);
      views.push({ version: version.version, savedBy: nameOf(version.by), savedAt: version.at, changed });
    }
    return ok(views);
  }),
};
