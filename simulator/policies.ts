// The policies the simulator compares. A policy is what the product would be set to
// (a Settings override, and optionally buffers per integration level) plus whether
// the product drives sync by tier (DESIGN §3 "Tier"). Nothing here computes a buffer:
// the product's own code does, with these settings saved in its store.
import type { AlertKind } from '../cloudfunctions/src/domain/alerts';
import type { BufferPolicy, IntegrationLevel, Settings, Tier } from '../cloudfunctions/src/domain/model';
import { DEFAULT_SETTINGS, withDefaults } from '../cloudfunctions/src/domain/settings';
import type { StorefrontPolicy } from './storefronts';

/**
 * Sync priorities, our reading of DESIGN §3 "Tier" and §4: the tier the product computes
 * for each SKU (stored on its inventory record) decides
 * - when the product pulls an API supplier's system: each one is registered as the
 *   supplier's pull source, and the product's own scheduler job (pullStock) pulls it
 *   when its most urgent SKU wants a fresh count (DEFAULT_PULL_MINUTES: hot and
 *   low-stock 5 min, normal 30, long tail 12 h), backs off after failures, and pulls out
 *   of turn when askRecounts finds our sales ran ahead of a count. The simulated system
 *   answers from its own (slightly old) stock, fails now and then and limits calls a day
 *   (supplier-systems.ts): the product sees only what a fetch would show it;
 * - how hard portal suppliers are reminded: the product's own 报数超龄 job raises an
 *   alert for counts older than their tier's maximum age (at most once per interval per
 *   supplier, in working hours — both settings), the supplier finds it in the inbox and
 *   the world decides how many respond (portalRemindCompliance);
 * - when a portal supplier is asked to recount: the product's 销量超比例 job (askRecounts)
 *   asks once our units placed since a count exceed recountSalesShare of it; the
 *   supplier answers as it answers a reminder.
 * For a rules-level supplier the same alerts reach the operators, who chase the
 * supplier's WeChat group now and then (operatorChaseRate, reminders.ts).
 */
export interface SyncPriorities {
  /**
   * The product's tiered pull: null, the API suppliers' systems only push (no pull
   * source is registered); an object, each system is a pull source with these per-tier
   * intervals in minutes (PullSource.everyMinutes, an operator's setting; {} is the
   * product's own DEFAULT_PULL_MINUTES).
   */
  pullEveryMinutes: Partial<Record<Tier, number>> | null;
  /**
   * The product's 报数超龄 reminder (alert kind countOverAge), its cadence and hours
   * from settings: off switches the alert kind off.
   */
  remindPortal: boolean;
  /** The product's 销量超比例 recount (askRecounts, alert kind recountDue): off switches the alert kind off. */
  recount: boolean;
}

/** What the product does by default: pulls API systems by tier, reminds by tier age, asks for recounts when sales run ahead. */
export const PRODUCT_SYNC: SyncPriorities = { pullEveryMinutes: {}, remindPortal: true, recount: true };

/** Single features: the product's reminders, its pulls, its recounts, each on its own. */
export const REMINDERS_ONLY: SyncPriorities = { pullEveryMinutes: null, remindPortal: true, recount: false };
export const PULLS_ONLY: SyncPriorities = { pullEveryMinutes: {}, remindPortal: false, recount: false };
export const RECOUNT_ONLY: SyncPriorities = { pullEveryMinutes: null, remindPortal: false, recount: true };

/**
 * The fixed schedule the simulator ran on its own before the product could pull (hot
 * every 15 min, normal 2 h, long tail a day), kept for comparison only: now set as each
 * source's intervals, so the product's own job still pulls, backs off and recounts.
 */
export const OLD_PULL_MINUTES: Record<Tier, number> = { hot: 15, normal: 120, longTail: 1440 };
export const OLD_SCHEDULE_PULLS: SyncPriorities = { ...PULLS_ONLY, pullEveryMinutes: OLD_PULL_MINUTES };

export type SettingsOverride = Partial<Pick<Settings, 'bufferPolicy' | 'projection' | 'staleness' | 'staleExtraRatio' | 'tiers' | 'jumpThreshold' | 'quota' | 'warningLine'>>;

export interface Policy {
  id: string;
  /** Shown to operators. */
  name: string;
  description: string;
  settings: SettingsOverride;
  /** Buffer policy set on every supplier of a level (DESIGN §4: rules suppliers may get larger buffers). */
  levelBuffers?: Partial<Record<IntegrationLevel, BufferPolicy>>;
  sync: SyncPriorities | null;
  /** Customers buy in the leaders' storefront listings (storefronts.ts); absent, leaders order from the sellable count directly. */
  storefronts?: StorefrontPolicy;
  /** The operator applies the product's buffer suggestions from scorecards every `everyDays` (7) at 09:00. */
  scorecardBuffers?: {
    everyDays?: number;
    limits?: { minRatio?: number; maxRatio?: number; coverage?: number; minSkuObservations?: number };
    /** Apply the SKUs' own suggestions too (true, as the page does), or the suppliers' alone. */
    skus?: boolean;
  };
}

/** Our velocity buffer: a 10% floor, and 30% of a day's sales (DESIGN §3 says 20–50%; we test the middle). */
export const VELOCITY_BUFFER: BufferPolicy = { ratio: 0.1, velocityFraction: 0.3 };

export const BUILTIN_POLICIES: Policy[] = [
  {
    id: 'none', name: '不留缓冲 No buffer', description: '可售 = 报数 − 已占用，不留安全库存。',
    settings: { bufferPolicy: {}, projection: false, staleness: false }, sync: null,
  },
  {
    id: 'fixed20', name: '固定20%（种子）Fixed 20%', description: '种子规则：留报数的 20%，早晚报数。',
    settings: { bufferPolicy: { ratio: 0.2 }, projection: false, staleness: false }, sync: null,
  },
  {
    id: 'fixed20-sync', name: '固定20%+同步 Fixed 20%+sync', description: '种子规则，另用产品的同步：按商品层级拉取接口库存（热销每 5 分钟、常规 30 分钟、长尾 12 小时）、对超龄商品催小程序供应商补报、销量超比例时请供应商重盘。',
    settings: { bufferPolicy: { ratio: 0.2 }, projection: false, staleness: false }, sync: PRODUCT_SYNC,
  },
  // One feature each on top of the seed's rule, so each feature's effect shows on its own.
  {
    id: 'fixed20-projection', name: '20%+推算 +projection', description: '固定 20%，只加按其他渠道销售速度推算当前库存。',
    settings: { bufferPolicy: { ratio: 0.2 }, projection: true, staleness: false }, sync: null,
  },
  {
    id: 'fixed20-reminders', name: '20%+催报 +reminders', description: '固定 20%，只加产品的报数超龄提醒（小程序供应商按提醒补报）。',
    settings: { bufferPolicy: { ratio: 0.2 }, projection: false, staleness: false }, sync: REMINDERS_ONLY,
  },
  {
    id: 'fixed20-pulls', name: '20%+拉取 +pulls', description: '固定 20%，只加产品的分层拉取接口库存（对方系统的数稍旧、会失败、每日限次；产品失败后退避）。',
    settings: { bufferPolicy: { ratio: 0.2 }, projection: false, staleness: false }, sync: PULLS_ONLY,
  },
  {
    // For comparison only: the simulator's old fixed schedule, as each source's intervals.
    id: 'fixed20-pulls-old-schedule', name: '20%+旧拉取间隔 +pulls 15m/2h/1d', description: '固定 20%，产品的拉取，但间隔设成模拟器以前自定的旧表（热销 15 分钟、常规 2 小时、长尾每天），仅作对照。',
    settings: { bufferPolicy: { ratio: 0.2 }, projection: false, staleness: false }, sync: OLD_SCHEDULE_PULLS,
  },
  {
    id: 'fixed20-recount', name: '20%+重盘 +recount', description: '固定 20%，只加产品的销量超比例重盘（我方售出超过报数的 30% 时请供应商重新盘点）。',
    settings: { bufferPolicy: { ratio: 0.2 }, projection: false, staleness: false }, sync: RECOUNT_ONLY,
  },
  {
    id: 'fixed20-scorecard', name: '20%+考核缓冲 +scorecard', description: '固定 20% 起步；运营每周一 09:00 采纳产品按考核给出的缓冲建议（每家供应商最近 28 个波次里 95% 的缺货都能覆盖的比例，5%–40%）。',
    settings: { bufferPolicy: { ratio: 0.2 }, projection: false, staleness: false }, sync: null, scorecardBuffers: {},
  },
  {
    id: 'fixed20-scorecard-99', name: '20%+考核缓冲99% +scorecard 99%', description: '同上，但建议须覆盖最近波次里 99% 的商品·波次。',
    settings: { bufferPolicy: { ratio: 0.2 }, projection: false, staleness: false }, sync: null, scorecardBuffers: { limits: { coverage: 0.99 } },
  },
  {
    id: 'fixed20-velocity', name: '20%+速度 +velocity', description: '缓冲取报数的 20% 与近 7 天日均销量的 30% 中较大者。',
    settings: { bufferPolicy: { ratio: 0.2, velocityFraction: VELOCITY_BUFFER.velocityFraction! }, projection: false, staleness: false }, sync: null,
  },
  {
    id: 'velocity', name: '速度缓冲 Velocity', description: '缓冲取报数的 10% 与近 7 天日均销量的 30% 中较大者。',
    settings: { bufferPolicy: VELOCITY_BUFFER, projection: false, staleness: false }, sync: null,
  },
  {
    id: 'velocity-proj-stale', name: '速度+推算+超龄 Vel+proj+stale', description: '速度缓冲；按其他渠道的销售速度推算当前库存；报数超龄时加宽缓冲。',
    settings: { bufferPolicy: VELOCITY_BUFFER, projection: true, staleness: true }, sync: null,
  },
  {
    // Whatever DEFAULT_SETTINGS says today, so every report shows the shipped default beside the seed's rule.
    id: 'product-default', name: '产品默认 Product default', description: '产品当前的默认设置（DEFAULT_SETTINGS），含分层拉取接口库存、报数超龄提醒和销量超比例重盘。',
    settings: {}, sync: PRODUCT_SYNC,
  },
  {
    id: 'scorecard', name: '产品默认+考核缓冲 Default+scorecard', description: '产品默认设置，另由运营每周一采纳按考核给出的每家供应商缓冲建议。',
    settings: {}, sync: PRODUCT_SYNC, scorecardBuffers: {},
  },
  {
    id: 'scorecard-99', name: '产品默认+考核缓冲99% Default+scorecard 99%', description: '产品默认设置，运营每周一采纳须覆盖最近波次里 99% 的商品·波次的缓冲建议。',
    settings: {}, sync: PRODUCT_SYNC, scorecardBuffers: { limits: { coverage: 0.99 } },
  },
  {
    // For comparison: the suggestions per supplier alone, as before SKUs had their own.
    id: 'scorecard-suppliers', name: '产品默认+供应商级考核缓冲 Default+scorecard (suppliers only)', description: '同上，但只采纳每家供应商的比例，不给单个商品单独的缓冲。',
    settings: {}, sync: PRODUCT_SYNC, scorecardBuffers: { skus: false },
  },
  {
    id: 'all', name: '全部+同步 All+sync', description: '速度缓冲、推算、超龄加宽，再加产品的同步（拉取、催报、重盘）。',
    settings: { bufferPolicy: VELOCITY_BUFFER, projection: true, staleness: true }, sync: PRODUCT_SYNC,
  },
];

const FIXED20: SettingsOverride = { bufferPolicy: { ratio: 0.2 }, projection: false, staleness: false };

/**
 * Storefront policies (issue 18), all on the seed's fixed 20% so they compare with it:
 * customers buy in three listings per SKU (storefronts.ts); fixed20 itself is the
 * storefront mode "none" (leaders order from Huozhun's sellable directly). Not in
 * BUILTIN_POLICIES: `bench:simulate -- --storefronts` or `--policies storefront-…` runs them.
 */
export const STOREFRONT_POLICIES: Policy[] = [
  {
    id: 'storefront-typed', name: '店铺手改 Typed listings', description: '固定 20%；团长按店铺库存页的数字手动改价（每天 8、12、17、21 点，以及数字变动超过阈值提醒后），份额按比例、合计 100%。',
    settings: FIXED20, sync: null, storefronts: { mode: 'typed', total: 1, split: 'ratio' },
  },
  {
    id: 'storefront-pushed', name: '店铺推送 Pushed listings', description: '固定 20%；库存按分配自动推送到店铺（一步 15 分钟后到），份额按比例、合计 100%。',
    settings: FIXED20, sync: null, storefronts: { mode: 'pushed', total: 1, split: 'ratio' },
  },
  {
    id: 'storefront-pushed-120', name: '店铺推送 120% Pushed, 120%', description: '同上，份额合计 120%（卖得快，接受一些缺货）。',
    settings: FIXED20, sync: null, storefronts: { mode: 'pushed', total: 1.2, split: 'ratio' },
  },
  {
    id: 'storefront-pushed-equal', name: '店铺推送平均分 Pushed, equal split', description: '推送，合计 100%，各店铺平均分配（不按销量比例）。',
    settings: FIXED20, sync: null, storefronts: { mode: 'pushed', total: 1, split: 'equal' },
  },
  {
    id: 'storefront-typed-120', name: '店铺手改 120% Typed, 120%', description: '手改，份额合计 120%。',
    settings: FIXED20, sync: null, storefronts: { mode: 'typed', total: 1.2, split: 'ratio' },
  },
];

/** The settings the product runs with under a policy: defaults, then the policy's overrides. */
export function settingsFor(policy: Policy): Settings {
  const settings = withDefaults({ ...DEFAULT_SETTINGS, ...policy.settings, tiers: { ...DEFAULT_SETTINGS.tiers, ...policy.settings.tiers } });
  const off: AlertKind[] = [...(policy.sync?.remindPortal ? [] : ['countOverAge' as const]), ...(policy.sync?.recount ? [] : ['recountDue' as const])];
  if (off.length === 0) return settings;
  return { ...settings, alerts: { ...settings.alerts, disabled: [...settings.alerts.disabled, ...off.filter((k) => !settings.alerts.disabled.includes(k))] } };
}

/** What an operator may write in a policy file (or build from CLI options). */
export interface PolicyFile {
  id?: string;
  name?: string;
  description?: string;
  settings?: SettingsOverride;
  levelBuffers?: Partial<Record<IntegrationLevel, BufferPolicy>>;
  /** true or unsaid: the product's sync (pulls, reminders, recounts); false: none; an object: the product's with yours over it. */
  sync?: boolean | Partial<SyncPriorities>;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function checkBuffer(where: string, value: unknown, errors: string[]): void {
  if (!isRecord(value)) {
    errors.push(`${where} 须为对象`);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (!['ratio', 'fixed', 'velocityFraction'].includes(key)) errors.push(`${where}.${key} 不认识（可用 ratio, fixed, velocityFraction）`);
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) errors.push(`${where}.${key} 须为非负数`);
  }
}

/** An operator's policy: checked field by field, so a typo is named rather than silently ignored. */
export function operatorPolicy(input: unknown): { ok: true; policy: Policy } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (!isRecord(input)) return { ok: false, errors: ['策略文件须为 JSON 对象'] };
  const file = input as PolicyFile;
  for (const key of Object.keys(file)) {
    if (!['id', 'name', 'description', 'settings', 'levelBuffers', 'sync'].includes(key)) errors.push(`${key} 不认识`);
  }
  const settings = file.settings ?? {};
  if (!isRecord(settings)) errors.push('settings 须为对象');
  else {
    const allowed = ['bufferPolicy', 'projection', 'staleness', 'staleExtraRatio', 'tiers', 'jumpThreshold', 'quota', 'warningLine'];
    for (const key of Object.keys(settings)) if (!allowed.includes(key)) errors.push(`settings.${key} 不能在模拟中改（可改：${allowed.join(', ')}）`);
    if (settings.bufferPolicy !== undefined) checkBuffer('settings.bufferPolicy', settings.bufferPolicy, errors);
    for (const flag of ['projection', 'staleness'] as const) {
      if (settings[flag] !== undefined && typeof settings[flag] !== 'boolean') errors.push(`settings.${flag} 须为 true 或 false`);
    }
    if (settings.staleExtraRatio !== undefined && (typeof settings.staleExtraRatio !== 'number' || settings.staleExtraRatio < 0)) errors.push('settings.staleExtraRatio 须为非负数');
  }
  if (file.levelBuffers !== undefined) {
    if (!isRecord(file.levelBuffers)) errors.push('levelBuffers 须为对象');
    else for (const [level, buffer] of Object.entries(file.levelBuffers)) {
      if (!['api', 'portal', 'rules'].includes(level)) errors.push(`levelBuffers.${level} 不认识（可用 api, portal, rules）`);
      else checkBuffer(`levelBuffers.${level}`, buffer, errors);
    }
  }
  // Unsaid, a policy runs as the product does: pulls, reminders and recounts on.
  let sync: SyncPriorities | null = file.sync === undefined || file.sync === true ? PRODUCT_SYNC : null;
  if (isRecord(file.sync)) {
    for (const key of Object.keys(file.sync)) {
      if (key === 'apiPullMinutes') errors.push('sync.apiPullMinutes 已不用：拉取由产品决定，按层级改间隔请写 sync.pullEveryMinutes（null 为不拉取）');
      else if (!['pullEveryMinutes', 'remindPortal', 'recount'].includes(key)) errors.push(`sync.${key} 不认识（可用 pullEveryMinutes, remindPortal, recount）`);
    }
    const pull = file.sync.pullEveryMinutes;
    if (pull !== undefined && pull !== null) {
      if (!isRecord(pull)) errors.push('sync.pullEveryMinutes 须为对象或 null');
      else for (const [tier, v] of Object.entries(pull)) {
        if (!['hot', 'normal', 'longTail'].includes(tier)) errors.push(`sync.pullEveryMinutes.${tier} 不认识（可用 hot, normal, longTail）`);
        else if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) errors.push(`sync.pullEveryMinutes.${tier} 须为正数（分钟）`);
      }
    }
    for (const flag of ['remindPortal', 'recount'] as const) {
      if (file.sync[flag] !== undefined && typeof file.sync[flag] !== 'boolean') errors.push(`sync.${flag} 须为 true 或 false`);
    }
    sync = { ...PRODUCT_SYNC, ...file.sync };
  }
  else if (file.sync !== undefined && typeof file.sync !== 'boolean') errors.push('sync 须为 true、false 或对象');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    policy: {
      id: file.id ?? 'operator',
      name: file.name ?? '运营自定义 Operator',
      description: file.description ?? '运营在策略文件或命令行里设置的策略。',
      settings: settings as SettingsOverride,
      ...(file.levelBuffers ? { levelBuffers: file.levelBuffers } : {}),
      sync,
    },
  };
}

/** Intervals set over the product's own, as the report names them: "" for the product's. */
function pullIntervals(every: Partial<Record<Tier, number>>): string {
  const names: Record<Tier, string> = { hot: '热销', normal: '常规', longTail: '长尾' };
  const set = (Object.keys(names) as Tier[]).filter((t) => every[t] !== undefined);
  return set.length === 0 ? '' : `（${set.map((t) => `${names[t]} ${every[t]} 分钟`).join('、')}）`;
}

/** One line saying what a policy does, for tables and the report. */
export function describeSettings(policy: Policy): string {
  const s = settingsFor(policy);
  const b = s.bufferPolicy;
  const parts = [
    b.ratio ? `比例 ${Math.round(b.ratio * 100)}%` : '',
    b.fixed ? `固定 ${b.fixed} 件` : '',
    b.velocityFraction ? `日销 ${Math.round(b.velocityFraction * 100)}%` : '',
  ].filter(Boolean);
  const levels = Object.entries(policy.levelBuffers ?? {}).map(([level, p]) => `${level}: ${JSON.stringify(p)}`);
  return [
    `缓冲 ${parts.length > 0 ? parts.join(' / ') : '无'}`,
    ...levels,
    s.projection ? '推算 on' : '',
    s.staleness ? `超龄加宽 ${Math.round(s.staleExtraRatio * 100)}%/期` : '',
    policy.sync?.pullEveryMinutes ? `产品分层拉取接口${pullIntervals(policy.sync.pullEveryMinutes)}` : '',
    policy.sync?.remindPortal ? '超龄催报' : '',
    policy.sync?.recount ? `销量超 ${Math.round(s.alerts.recountSalesShare * 100)}% 重盘` : '',
  ].filter(Boolean).join('，');
}
