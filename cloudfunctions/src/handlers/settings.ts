// The operator's settings: read with the version in force, saved as a new version only
// from the one the operator was looking at, and a change log of who changed what.
import * as z from 'zod';
import { fail, ok } from '../domain/errors';
import type { SettingsVersion } from '../domain/model';
import { DEFAULT_SETTINGS, SETTING_NAMES, changedSettings } from '../domain/settings';
import { inShanghai } from '../domain/time';
import { refreshAfterChange } from '../jobs/refresh-stock';
import type { StockStore } from '../storage/port';
import { action } from './action';
import type { SettingsChangeView, SettingsView } from '../contract/api';
import { settingsSchema } from './catalogue-schemas';
import { peopleNames } from './lookups';
import { settingsPreview } from './rule-preview';

const OPERATOR = ['operator'] as const;
/** Change-log lines the settings page shows. */
const HISTORY_SHOWN = 20;

async function settingsView(store: StockStore, current: SettingsVersion): Promise<SettingsView> {
  if (current.version === 0) return { settings: current.settings, version: 0 };
  return { settings: current.settings, version: current.version, savedBy: (await peopleNames(store))(current.by), savedAt: current.at };
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
