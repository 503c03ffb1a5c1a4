// The simulated world: suppliers at three integration levels, their SKUs' true stock,
// restocks, our leaders' demand and the hidden demand of the suppliers' other channels.
// The defaults and their reasons live in world-config.ts; the world is the same for
// every policy and is never tuned to flatter one of them.
import type { IntegrationLevel } from '../cloudfunctions/src/domain/model';
import { STREAM, between, draw, intBetween, lognormal, meanOneLognormal, mulberry32, poisson, sizeWithMean } from './random';
import { DEFAULT_WORLD, type WorldConfig } from './world-config';
import { buildCounts, buildSuppliers } from './world-suppliers';

export { DEFAULT_WORLD, WORLD_NOTES, type WorldConfig, type WorldNote } from './world-config';

export const LEVELS: IntegrationLevel[] = ['api', 'portal', 'rules'];

export interface SimSupplier {
  index: number;
  id: string;
  name: string;
  level: IntegrationLevel;
  /** Multiplies this supplier's miss, lateness, error and copy-last rates (mean 1; chronic ones higher). */
  unreliability: number;
  chronic: boolean;
}

export interface SimSku {
  index: number;
  id: string;
  supplierIndex: number;
  /** Mean units a day our leaders ask for, and the supplier's other channels. */
  ourPerDay: number;
  hiddenPerDay: number;
  hot: boolean;
  /** A limited batch: never restocked. */
  limited: boolean;
  /** Fresh produce: restocked every morning to `freshTarget` (0 otherwise); what is left at the end of the day spoils. */
  fresh: boolean;
  freshTarget: number;
  initial: number;
}

/** One leader's order for one SKU. */
export interface DemandEvent {
  skuIndex: number;
  leaderId: string;
  qty: number;
  at: number;
}

/** A scheduled count: taken at `countStep`, entered into the product at `entryStep` (later for rules). */
export interface ScheduledCount {
  supplierIndex: number;
  countStep: number;
  entryStep: number;
  /** Not a count: the supplier resends the numbers it sent last time. */
  copyLast: boolean;
}

export interface World {
  config: WorldConfig;
  seed: number;
  /** Epoch ms of the first step (00:00 Shanghai on startDay). */
  start: number;
  stepMs: number;
  steps: number;
  /** Steps before measuring begins. */
  warmupSteps: number;
  suppliers: SimSupplier[];
  skus: SimSku[];
  /** Our leaders' orders, per step, in time order. */
  ourDemand: DemandEvent[][];
  /** Units the other channels would buy, per step × SKU (served only from true stock). */
  hidden: Int32Array;
  /** Bulk buyers, per step: which SKU, and the share of its true stock they take. */
  bulk: Array<Array<{ skuIndex: number; share: number }>>;
  /** Scheduled counts by the step they are taken. */
  counts: ScheduledCount[][];
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Each step's share of a day's units, from an hourly weight curve. */
function stepShares(hourly: number[], stepMinutes: number): number[] {
  const total = hourly.reduce((a, b) => a + b, 0);
  const perDay = Math.round((24 * 60) / stepMinutes);
  return Array.from({ length: perDay }, (_, i) => (hourly[Math.floor((i * stepMinutes) / 60)] ?? 0) / total / (60 / stepMinutes));
}

const share = (x: number): boolean => Number.isFinite(x) && x >= 0 && x <= 1;

export function validateWorld(config: WorldConfig): string[] {
  const errors: string[] = [];
  if (!Number.isInteger(config.skus) || config.skus < 1) errors.push('skus 须为正整数');
  if (!Number.isInteger(config.suppliers) || config.suppliers < 1 || config.suppliers > config.skus) errors.push('suppliers 须为正整数且不多于 skus');
  if (!Number.isInteger(config.days) || config.days < 1) errors.push('days 须为正整数');
  if (!Number.isInteger(config.warmupDays) || config.warmupDays < 0) errors.push('warmupDays 须为非负整数');
  if (!Number.isInteger(config.stepMinutes) || config.stepMinutes < 1 || 1440 % config.stepMinutes !== 0) errors.push('stepMinutes 须能整除 1440');
  if (config.ourHourly.length !== 24 || config.hiddenHourly.length !== 24) errors.push('小时分布须有 24 个数');
  if (config.weekday.length !== 7) errors.push('星期系数须有 7 个数');
  if (config.levelMix.some((x) => x < 0) || config.levelMix.reduce((a, b) => a + b, 0) <= 0) errors.push('levelMix 须为非负且不全为 0');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(config.startDay)) errors.push('startDay 须为 YYYY-MM-DD');
  if (!share(config.hiddenNightlyShare) || !share(config.hiddenBurstShare) || config.hiddenNightlyShare + config.hiddenBurstShare > 1) {
    errors.push('hiddenNightlyShare、hiddenBurstShare 须在 0–1 之间且合计不超过 1');
  }
  if (!Number.isInteger(config.hiddenBurstsPerDay) || config.hiddenBurstsPerDay < 1) errors.push('hiddenBurstsPerDay 须为正整数');
  if (!Number.isInteger(config.hiddenNightlyHour) || config.hiddenNightlyHour < 0 || config.hiddenNightlyHour > 23) errors.push('hiddenNightlyHour 须为 0–23');
  if (!share(config.chronicShare) || !share(config.copyLastRate) || !share(config.pullFailRate)) errors.push('chronicShare、copyLastRate、pullFailRate 须在 0–1 之间');
  if (!Number.isInteger(config.pullCallsPerDay) || config.pullCallsPerDay < 0) errors.push('pullCallsPerDay 须为非负整数');
  if (!Number.isInteger(config.pullDeclaredCallsPerDay) || config.pullDeclaredCallsPerDay < 0) errors.push('pullDeclaredCallsPerDay 须为非负整数');
  if (!share(config.confirmShortRate) || !share(config.confirmShortSize)) errors.push('confirmShortRate、confirmShortSize 须在 0–1 之间');
  if (!share(config.freshShare) || !(config.freshTargetDays > 0)) errors.push('freshShare 须在 0–1 之间，freshTargetDays 须为正数');
  const [freshFrom, freshTo] = config.freshArrivalHours;
  if (!(freshFrom >= 0 && freshFrom <= freshTo && freshTo < 24)) errors.push('freshArrivalHours 须为 0–24 之间的两个时刻，先早后晚');
  return errors;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function buildSkus(config: WorldConfig, seed: number): SimSku[] {
  const rng = mulberry32(seed);
  const hotCount = Math.round(config.skus * config.hotShare);
  const hotSet = new Set<number>();
  while (hotSet.size < hotCount) hotSet.add(Math.floor(rng() * config.skus));
  return Array.from({ length: config.skus }, (_, index) => {
    const hot = hotSet.has(index);
    const ourPerDay = lognormal(config.ourMedianPerDay, config.ourSpread, rng()) * (hot ? config.hotMultiplier : 1);
    const hiddenRatio = rng() < config.hiddenNoneShare ? 0 : lognormal(config.hiddenMedianRatio, config.hiddenSpread, rng());
    const hiddenPerDay = ourPerDay * hiddenRatio;
    const limited = rng() < config.limitedShare;
    const cover = between(config.initialCoverDays[0], config.initialCoverDays[1], rng());
    const supplierIndex = index % config.suppliers;
    // A keyed draw, so adding fresh produce leaves every other SKU's draws where they were.
    const fresh = draw(seed, STREAM.fresh, index) < config.freshShare;
    const freshTarget = fresh ? Math.max(2, Math.round(config.freshTargetDays * (ourPerDay + hiddenPerDay))) : 0;
    return {
      index, id: `K${pad(index + 1, 4)}`, supplierIndex, ourPerDay, hiddenPerDay, hot, limited: limited && !fresh, fresh, freshTarget,
      initial: fresh ? freshTarget : Math.max(5, Math.round(cover * (ourPerDay + hiddenPerDay))),
    };
  });
}

interface Grid {
  config: WorldConfig;
  seed: number;
  start: number;
  stepMs: number;
  stepsPerDay: number;
}

/** Our leaders' orders for one SKU on one day, by the hourly curve. */
function ourDay(g: Grid, sku: SimSku, day: number, shares: number[], out: DemandEvent[][]): void {
  const { config, seed } = g;
  const mean = sku.hot ? config.hotMeanOrderUnits : config.meanOrderUnits;
  const dayOurs = sku.ourPerDay * config.weekday[day % 7]! * meanOneLognormal(config.dailyNoise, draw(seed, STREAM.skuDay, sku.index, day, 0));
  for (let s = 0; s < g.stepsPerDay; s++) {
    const step = day * g.stepsPerDay + s;
    const orders = poisson((dayOurs / mean) * shares[s]!, draw(seed, STREAM.ourDemand, sku.index, step));
    for (let o = 0; o < orders; o++) {
      out[step]!.push({
        skuIndex: sku.index,
        leaderId: `L${pad(1 + Math.floor(draw(seed, STREAM.leader, sku.index, step, o) * config.leaders), 3)}`,
        qty: sizeWithMean(mean, draw(seed, STREAM.orderSize, sku.index, step, o)),
        at: g.start + step * g.stepMs + Math.floor(draw(seed, STREAM.demandOffset, sku.index, step, o) * g.stepMs),
      });
    }
  }
}

/**
 * Other channels' units for one SKU on one day: a steady part along the hourly curve,
 * a nightly batch (rival platforms picking after their cutoff) and bursts (a live
 * stream, a flash sale) at random working-hour steps. The shares move units, not add them.
 */
function hiddenDay(g: Grid, sku: SimSku, day: number, shares: number[], hidden: Int32Array): void {
  const { config, seed } = g;
  const dayHidden = sku.hiddenPerDay * meanOneLognormal(config.dailyNoise, draw(seed, STREAM.skuDay, sku.index, day, 1));
  const steady = dayHidden * (1 - config.hiddenNightlyShare - config.hiddenBurstShare);
  const at = (s: number): number => (day * g.stepsPerDay + s) * config.skus + sku.index;
  for (let s = 0; s < g.stepsPerDay; s++) {
    hidden[at(s)] = poisson(steady * shares[s]!, draw(seed, STREAM.hidden, sku.index, day * g.stepsPerDay + s));
  }
  const stepsPerHour = g.stepsPerDay / 24;
  if (config.hiddenNightlyShare > 0) {
    const s = at(Math.floor(config.hiddenNightlyHour * stepsPerHour));
    hidden[s] = hidden[s]! + poisson(dayHidden * config.hiddenNightlyShare, draw(seed, STREAM.hiddenBurst, sku.index, day, 0));
  }
  if (config.hiddenBurstShare <= 0) return;
  for (let b = 0; b < config.hiddenBurstsPerDay; b++) {
    const s = at(Math.floor((8 + 14 * draw(seed, STREAM.hiddenBurst, sku.index, day, 1, b)) * stepsPerHour));
    hidden[s] = hidden[s]! + poisson((dayHidden * config.hiddenBurstShare) / config.hiddenBurstsPerDay, draw(seed, STREAM.hiddenBurst, sku.index, day, 2, b));
  }
}

function bulkDay(g: Grid, sku: SimSku, day: number, bulk: World['bulk']): void {
  const { config, seed } = g;
  if (sku.hiddenPerDay <= 0 || draw(seed, STREAM.bulk, sku.index, day) >= config.bulkChancePerSkuDay) return;
  // A bulk buyer comes in working hours (09:00–18:00).
  const minute = intBetween(9 * 60, 18 * 60 - 1, draw(seed, STREAM.bulk, sku.index, day, 1));
  const step = day * g.stepsPerDay + Math.floor(minute / config.stepMinutes);
  bulk[step]!.push({ skuIndex: sku.index, share: between(config.bulkShare[0], config.bulkShare[1], draw(seed, STREAM.bulkShare, sku.index, day)) });
}

export function buildWorld(config: WorldConfig, seed: number): World {
  const errors = validateWorld(config);
  if (errors.length > 0) throw new Error(`世界参数有误：${errors.join('；')}`);
  const stepMs = config.stepMinutes * MINUTE;
  const stepsPerDay = DAY / stepMs;
  const totalDays = config.warmupDays + config.days;
  const steps = totalDays * stepsPerDay;
  const start = Date.parse(`${config.startDay}T00:00:00+08:00`);
  const grid: Grid = { config, seed, start, stepMs, stepsPerDay };
  const suppliers = buildSuppliers(config, seed);
  const skus = buildSkus(config, seed);

  const ourShare = stepShares(config.ourHourly, config.stepMinutes);
  const hiddenShare = stepShares(config.hiddenHourly, config.stepMinutes);
  const ourDemand: DemandEvent[][] = Array.from({ length: steps }, () => []);
  const hidden = new Int32Array(steps * config.skus);
  const bulk: World['bulk'] = Array.from({ length: steps }, () => []);
  for (let day = 0; day < totalDays; day++) {
    for (const sku of skus) {
      ourDay(grid, sku, day, ourShare, ourDemand);
      hiddenDay(grid, sku, day, hiddenShare, hidden);
      bulkDay(grid, sku, day, bulk);
    }
  }
  for (const events of ourDemand) events.sort((a, b) => a.at - b.at || a.skuIndex - b.skuIndex);
  const counts = buildCounts(config, seed, suppliers, stepMs, steps);
  return { config, seed, start, stepMs, steps, warmupSteps: config.warmupDays * stepsPerDay, suppliers, skus, ourDemand, hidden, bulk, counts };
}

/** Merge an operator's partial world (a JSON file, CLI options) over the defaults. */
export function worldWith(overrides: Partial<WorldConfig>): WorldConfig {
  return { ...DEFAULT_WORLD, ...overrides };
}
