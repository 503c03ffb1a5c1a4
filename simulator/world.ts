// The simulated world: suppliers at three integration levels, their SKUs' true stock,
// restocks, our leaders' demand and the hidden demand of the suppliers' other channels.
// Every default is written down once, here, with the reason for it (WORLD_NOTES); the
// world is the same for every policy and is never tuned to flatter one of them.
import type { IntegrationLevel } from '../cloudfunctions/src/domain/model';
import { STREAM, between, draw, intBetween, lognormal, mulberry32, poisson, sizeWithMean } from './random';

export interface WorldConfig {
  skus: number;
  suppliers: number;
  /** Days measured, after the warm-up. */
  days: number;
  warmupDays: number;
  stepMinutes: number;
  leaders: number;
  /** The first simulated day (Shanghai), a Monday. */
  startDay: string;
  /** Share of suppliers at each level: api, portal, rules. */
  levelMix: [number, number, number];
  reportTimes: string[];
  ourMedianPerDay: number;
  ourSpread: number;
  hotShare: number;
  hotMultiplier: number;
  dailyNoise: number;
  meanOrderUnits: number;
  hotMeanOrderUnits: number;
  /** Relative weight of our orders in each hour 0–23 (Shanghai). */
  ourHourly: number[];
  /** Monday … Sunday. */
  weekday: number[];
  hiddenMedianRatio: number;
  hiddenSpread: number;
  hiddenNoneShare: number;
  hiddenHourly: number[];
  bulkChancePerSkuDay: number;
  bulkShare: [number, number];
  initialCoverDays: [number, number];
  reviewHour: number;
  reorderCoverDays: number;
  orderCoverDays: number;
  leadDays: [number, number];
  arrivalHours: [number, number];
  limitedShare: number;
  apiPushMinutes: number;
  apiPushLoss: number;
  apiHeldConfirmMinutes: number;
  portalLateMinutes: [number, number];
  portalMissRate: number;
  portalAdhocRatio: number;
  portalAdhocMinUnits: number;
  portalAdhocCompliance: number;
  portalAdhocDelayMinutes: [number, number];
  portalCountErrorRate: number;
  portalHeldConfirmMinutes: number;
  portalRemindCompliance: number;
  portalRemindDelayMinutes: [number, number];
  rulesPostLateMinutes: [number, number];
  rulesEntryLagMinutes: [number, number];
  rulesMissRate: number;
  rulesCountErrorRate: number;
  countErrorSize: number;
  rulesHeldConfirmMinutes: number;
  confirmAfterCutoffMinutes: number;
}

export const DEFAULT_WORLD: WorldConfig = {
  skus: 500,
  suppliers: 20,
  days: 14,
  warmupDays: 7,
  stepMinutes: 15,
  leaders: 60,
  startDay: '2026-03-02',
  levelMix: [0.3, 0.4, 0.3],
  reportTimes: ['08:00', '20:00'],
  ourMedianPerDay: 3,
  ourSpread: 1.0,
  hotShare: 0.04,
  hotMultiplier: 5,
  dailyNoise: 0.35,
  meanOrderUnits: 2.5,
  hotMeanOrderUnits: 4,
  //          0    1    2     3     4     5    6    7    8    9    10   11   12   13   14   15   16   17   18   19   20   21   22   23
  ourHourly: [0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.4, 1.0, 1.4, 1.2, 1.0, 1.0, 1.2, 0.9, 0.7, 0.7, 0.8, 1.0, 1.3, 1.8, 2.4, 2.8, 0.6, 0.3],
  weekday: [0.95, 0.95, 0.95, 1.0, 1.05, 1.1, 1.0],
  hiddenMedianRatio: 1.0,
  hiddenSpread: 0.8,
  hiddenNoneShare: 0.2,
  hiddenHourly: [0.5, 0.3, 0.1, 0.1, 0.1, 0.1, 0.3, 0.6, 0.8, 1.0, 1.2, 1.2, 1.1, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.3, 1.5, 1.5, 1.2, 0.8],
  bulkChancePerSkuDay: 0.02,
  bulkShare: [0.2, 0.5],
  initialCoverDays: [3, 10],
  reviewHour: 7,
  reorderCoverDays: 4,
  orderCoverDays: 7,
  leadDays: [1, 3],
  arrivalHours: [9, 17],
  limitedShare: 0.1,
  apiPushMinutes: 30,
  apiPushLoss: 0.02,
  apiHeldConfirmMinutes: 60,
  portalLateMinutes: [0, 45],
  portalMissRate: 0.05,
  portalAdhocRatio: 0.3,
  portalAdhocMinUnits: 10,
  portalAdhocCompliance: 0.6,
  portalAdhocDelayMinutes: [0, 60],
  portalCountErrorRate: 0.02,
  portalHeldConfirmMinutes: 0,
  portalRemindCompliance: 0.5,
  portalRemindDelayMinutes: [15, 45],
  rulesPostLateMinutes: [0, 60],
  rulesEntryLagMinutes: [10, 90],
  rulesMissRate: 0.1,
  rulesCountErrorRate: 0.04,
  countErrorSize: 0.15,
  rulesHeldConfirmMinutes: 0,
  confirmAfterCutoffMinutes: 30,
};

export interface WorldNote {
  /** What the operator reads in the report (Chinese, English where helpful). */
  label: string;
  reason: string;
}

/** Every parameter with its reason: the type makes a new parameter without one a compile error. */
export const WORLD_NOTES: { [K in keyof WorldConfig]: WorldNote } = {
  skus: { label: '商品数 SKUs', reason: '课题要求的默认规模：一个中等运营方的在售商品数。' },
  suppliers: { label: '供应商数 Suppliers', reason: '课题要求的默认规模：每家约 25 个商品。' },
  days: { label: '计量天数 Measured days', reason: '两周：覆盖两个完整的周末和补货周期。' },
  warmupDays: { label: '预热天数 Warm-up days', reason: '速度缓冲按最近 7 天的订单计算；实际运营方已有这段历史，所以先跑 7 天同样的策略但不计入指标。' },
  stepMinutes: { label: '步长（分钟）Step', reason: '15 分钟一步：比报数、截单的节奏细得多；调度器每 5 分钟一跳，15 分钟内的差别对结果影响很小而耗时少三倍。' },
  leaders: { label: '团长数 Leaders', reason: '一个中等运营方的团长数；只影响限购（每个团长的份额），不影响总需求。' },
  startDay: { label: '起始日 Start day', reason: '从周一开始，周内/周末的起伏按真实星期排。' },
  levelMix: { label: '对接层级占比 api / portal / rules', reason: '假设（无实测数据）：小供应商多没有 ERP；30% 有接口、40% 用小程序报数、30% 只在微信群报数。可用 --world 改成自己的供应商结构。' },
  reportTimes: { label: '报数时间 Report times', reason: 'DESIGN §1：早 08:00、晚 20:00 报数。' },
  ourMedianPerDay: { label: '我方日销中位数（件/商品/天）', reason: '约 500 个商品日销合计 2,500–3,500 件，中等运营方 60 个团的量级。' },
  ourSpread: { label: '我方日销离散度（对数标准差）', reason: '长尾分布：多数商品每天一两件，少数每天几十件。' },
  hotShare: { label: '爆品占比 Hot items', reason: '每期主推的少数爆品（约 4%）。' },
  hotMultiplier: { label: '爆品倍数', reason: '主推商品的销量约为同类的 5 倍。' },
  dailyNoise: { label: '逐日波动（对数标准差）', reason: '同一商品每天的销量上下浮动约三成（天气、团长推不推）。' },
  meanOrderUnits: { label: '每笔订单平均件数', reason: '团长汇总接龙后下单，一笔通常 1–4 件。' },
  hotMeanOrderUnits: { label: '爆品每笔平均件数', reason: '爆品接龙人多，一笔更大。' },
  ourHourly: { label: '我方订单的小时分布', reason: '早上发接龙、午间和下班后跟团，截单（22:00）前最后几小时是高峰，截单后很少。' },
  weekday: { label: '星期系数（周一…周日）', reason: '周五、周六略高；假设，幅度保守。' },
  hiddenMedianRatio: { label: '其他渠道销量 ÷ 我方销量（中位数）', reason: '假设：一件代发供应商同时供货其他团购平台、电商和批发，其他渠道通常与我方相当。' },
  hiddenSpread: { label: '其他渠道比例离散度', reason: '有的供应商主要靠我们，有的我们只是小渠道。' },
  hiddenNoneShare: { label: '无其他渠道的商品占比', reason: '约两成商品是给我们的专供款。' },
  hiddenHourly: { label: '其他渠道的小时分布', reason: '电商和其他平台全天都在卖，晚间略高，比团购平缓。' },
  bulkChancePerSkuDay: { label: '批发大单概率（每商品每天）', reason: '偶有批发客户或直播一次拿走一大批，约每 50 个商品天一次；这是临时报数要抓的情况。' },
  bulkShare: { label: '批发大单拿走的库存比例', reason: '一次拿走现有库存的两到五成。' },
  initialCoverDays: { label: '初始库存可售天数', reason: '开始时各商品的库存够卖 3–10 天（按全部渠道的销量）。' },
  reviewHour: { label: '供应商补货检查时刻', reason: '每天早上 07:00 看一次库存决定是否补货。' },
  reorderCoverDays: { label: '补货点（可售天数）', reason: '库存（含在途）不够卖 4 天时补货：最长到货期 3 天再加 1 天余量。' },
  orderCoverDays: { label: '每次补货量（天数）', reason: '一次补够一周的量。' },
  leadDays: { label: '到货期（天）', reason: '从产地或上游发货 1–3 天。' },
  arrivalHours: { label: '到货时段', reason: '白天 09:00–17:00 到仓。' },
  limitedShare: { label: '限量批次商品占比', reason: '约一成是季节性或限量批次（如草莓、海鲜一批），卖完不再补。' },
  apiPushMinutes: { label: '接口推送间隔（分钟）', reason: 'ERP 库存同步常见 10–60 分钟跑一次，取 30 分钟，推送变动过的商品。' },
  apiPushLoss: { label: '接口推送失败率', reason: 'Webhook 偶尔失败且 ERP 很少重推；假设 1/50，该商品下次变动时才再推。' },
  apiHeldConfirmMinutes: { label: '接口报数被暂扣后确认用时', reason: '机器推送时没人盯着手机；暂扣提醒到运营后约一小时确认。' },
  portalLateMinutes: { label: '小程序报数迟到（分钟）', reason: '供应商在报数时间后 0–45 分钟内提交。' },
  portalMissRate: { label: '小程序报数漏报率', reason: '有提醒仍约 1/20 次忘报。' },
  portalAdhocRatio: { label: '临时报数门槛（比例）', reason: 'DESIGN §4：变动超过门槛须立即报；取上次报数的 30%…' },
  portalAdhocMinUnits: { label: '临时报数门槛（件）', reason: '…且至少 10 件。' },
  portalAdhocCompliance: { label: '临时报数执行率', reason: '运营经验：大变动约六成会被及时补报，其余等下次定时报数。' },
  portalAdhocDelayMinutes: { label: '临时报数延迟（分钟）', reason: '发现变动到提交 0–60 分钟。' },
  portalCountErrorRate: { label: '小程序报数点错率（每行）', reason: '手工清点和输入，约 2% 的行有偏差。' },
  portalHeldConfirmMinutes: { label: '小程序报数被暂扣后确认用时', reason: '提交时当场看到确认提示，随即确认（真实的数就该确认）。' },
  portalRemindCompliance: { label: '按优先级催报的响应率', reason: '同步优先级开启时，对超龄商品催报一次约一半供应商会补报。' },
  portalRemindDelayMinutes: { label: '催报后补报用时（分钟）', reason: '收到提醒后 15–45 分钟。' },
  rulesPostLateMinutes: { label: '微信群报数迟到（分钟）', reason: '供应商在群里发数常晚 0–60 分钟。' },
  rulesEntryLagMinutes: { label: '运营代录延迟（分钟）', reason: '运营看到群消息后 10–90 分钟录入；系统按录入时间记，数其实更旧。' },
  rulesMissRate: { label: '微信群报数漏报率', reason: '运营经验：微信群报数约 1/10 次漏报。' },
  rulesCountErrorRate: { label: '微信群报数错误率（每行）', reason: '口头/手写数字再转录，约 4% 的行有偏差。' },
  countErrorSize: { label: '点错幅度', reason: '点错时偏差在 ±15% 以内。' },
  rulesHeldConfirmMinutes: { label: '代录报数被暂扣后确认用时', reason: '运营录入时当场看到提示并确认。' },
  confirmAfterCutoffMinutes: { label: '截单后确认发货（分钟）', reason: '供应商在 23:00 截止前确认，取截单后 30 分钟；确认后当即出库。' },
};

export const LEVELS: IntegrationLevel[] = ['api', 'portal', 'rules'];

export interface SimSupplier {
  index: number;
  id: string;
  name: string;
  level: IntegrationLevel;
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

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Each step's share of a day's units, from an hourly weight curve. */
function stepShares(hourly: number[], stepMinutes: number): number[] {
  const total = hourly.reduce((a, b) => a + b, 0);
  const perDay = Math.round((24 * 60) / stepMinutes);
  return Array.from({ length: perDay }, (_, i) => (hourly[Math.floor((i * stepMinutes) / 60)] ?? 0) / total / (60 / stepMinutes));
}

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
  return errors;
}

/** Suppliers get levels in proportion to the mix, spread evenly (not clumped at one end). */
function levelsFor(count: number, mix: [number, number, number]): IntegrationLevel[] {
  const total = mix[0] + mix[1] + mix[2];
  const quotas = mix.map((m) => (m / total) * count);
  const given = quotas.map(Math.floor);
  let left = count - given.reduce((a, b) => a + b, 0);
  const byRemainder = [0, 1, 2].sort((a, b) => (quotas[b]! - given[b]!) - (quotas[a]! - given[a]!));
  for (const i of byRemainder) if (left-- > 0) given[i]! += 1;
  const levels: IntegrationLevel[] = [];
  // Interleave so suppliers of every level are spread through the list.
  const used = [0, 0, 0];
  for (let n = 0; n < count; n++) {
    let best = 0;
    let bestLag = -Infinity;
    for (let l = 0; l < 3; l++) {
      if (used[l]! >= given[l]!) continue;
      const lag = (given[l]! * (n + 1)) / count - used[l]!;
      if (lag > bestLag) {
        bestLag = lag;
        best = l;
      }
    }
    used[best]! += 1;
    levels.push(LEVELS[best]!);
  }
  return levels;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function buildWorld(config: WorldConfig, seed: number): World {
  const errors = validateWorld(config);
  if (errors.length > 0) throw new Error(`世界参数有误：${errors.join('；')}`);
  const stepMs = config.stepMinutes * MINUTE;
  const stepsPerDay = DAY / stepMs;
  const totalDays = config.warmupDays + config.days;
  const steps = totalDays * stepsPerDay;
  const start = Date.parse(`${config.startDay}T00:00:00+08:00`);
  const rng = mulberry32(seed);

  const suppliers: SimSupplier[] = levelsFor(config.suppliers, config.levelMix).map((level, index) => ({
    index, id: `S${pad(index + 1, 2)}`, name: `供应商${pad(index + 1, 2)}`, level,
  }));

  const hotCount = Math.round(config.skus * config.hotShare);
  const hotSet = new Set<number>();
  while (hotSet.size < hotCount) hotSet.add(Math.floor(rng() * config.skus));
  const skus: SimSku[] = Array.from({ length: config.skus }, (_, index) => {
    const hot = hotSet.has(index);
    const ourPerDay = lognormal(config.ourMedianPerDay, config.ourSpread, rng()) * (hot ? config.hotMultiplier : 1);
    const hiddenRatio = rng() < config.hiddenNoneShare ? 0 : lognormal(config.hiddenMedianRatio, config.hiddenSpread, rng());
    const hiddenPerDay = ourPerDay * hiddenRatio;
    const limited = rng() < config.limitedShare;
    const cover = between(config.initialCoverDays[0], config.initialCoverDays[1], rng());
    const supplierIndex = index % config.suppliers;
    return {
      index, id: `K${pad(index + 1, 4)}`, supplierIndex, ourPerDay, hiddenPerDay, hot, limited,
      initial: Math.max(5, Math.round(cover * (ourPerDay + hiddenPerDay))),
    };
  });

  const ourShare = stepShares(config.ourHourly, config.stepMinutes);
  const hiddenShare = stepShares(config.hiddenHourly, config.stepMinutes);
  const ourDemand: DemandEvent[][] = Array.from({ length: steps }, () => []);
  const hidden = new Int32Array(steps * config.skus);
  const bulk: World['bulk'] = Array.from({ length: steps }, () => []);

  for (let day = 0; day < totalDays; day++) {
    const dow = day % 7; // startDay is a Monday
    for (const sku of skus) {
      const mean = sku.hot ? config.hotMeanOrderUnits : config.meanOrderUnits;
      const dayOurs = sku.ourPerDay * config.weekday[dow]! * lognormal(1, config.dailyNoise, draw(seed, STREAM.skuDay, sku.index, day, 0));
      const dayHidden = sku.hiddenPerDay * lognormal(1, config.dailyNoise, draw(seed, STREAM.skuDay, sku.index, day, 1));
      for (let s = 0; s < stepsPerDay; s++) {
        const step = day * stepsPerDay + s;
        const orders = poisson((dayOurs / mean) * ourShare[s]!, draw(seed, STREAM.ourDemand, sku.index, step));
        for (let o = 0; o < orders; o++) {
          ourDemand[step]!.push({
            skuIndex: sku.index,
            leaderId: `L${pad(1 + Math.floor(draw(seed, STREAM.leader, sku.index, step, o) * config.leaders), 3)}`,
            qty: sizeWithMean(mean, draw(seed, STREAM.orderSize, sku.index, step, o)),
            at: start + step * stepMs + Math.floor(draw(seed, STREAM.demandOffset, sku.index, step, o) * stepMs),
          });
        }
        hidden[step * config.skus + sku.index] = poisson(dayHidden * hiddenShare[s]!, draw(seed, STREAM.hidden, sku.index, step));
      }
      if (sku.hiddenPerDay > 0 && draw(seed, STREAM.bulk, sku.index, day) < config.bulkChancePerSkuDay) {
        // A bulk buyer comes in working hours (09:00–18:00).
        const minute = intBetween(9 * 60, 18 * 60 - 1, draw(seed, STREAM.bulk, sku.index, day, 1));
        const step = day * stepsPerDay + Math.floor(minute / config.stepMinutes);
        bulk[step]!.push({ skuIndex: sku.index, share: between(config.bulkShare[0], config.bulkShare[1], draw(seed, STREAM.bulkShare, sku.index, day)) });
      }
    }
  }
  for (const events of ourDemand) events.sort((a, b) => a.at - b.at || a.skuIndex - b.skuIndex);

  const counts: ScheduledCount[][] = Array.from({ length: steps }, () => []);
  const toStep = (minuteOfRun: number): number => Math.ceil((minuteOfRun * MINUTE) / stepMs);
  for (let day = 0; day < totalDays; day++) {
    for (const supplier of suppliers) {
      if (supplier.level === 'api') continue; // the ERP pushes; no scheduled counts
      config.reportTimes.forEach((time, slot) => {
        const at = day * 1440 + minutesOf(time);
        const keys = [supplier.index, day, slot] as const;
        if (supplier.level === 'portal') {
          if (draw(seed, STREAM.reportMiss, ...keys) < config.portalMissRate) return;
          const step = toStep(at + between(config.portalLateMinutes[0], config.portalLateMinutes[1], draw(seed, STREAM.reportLate, ...keys)));
          if (step < steps) counts[step]!.push({ supplierIndex: supplier.index, countStep: step, entryStep: step });
          return;
        }
        if (draw(seed, STREAM.reportMiss, ...keys) < config.rulesMissRate) return;
        const counted = at + between(config.rulesPostLateMinutes[0], config.rulesPostLateMinutes[1], draw(seed, STREAM.reportLate, ...keys));
        const entered = counted + between(config.rulesEntryLagMinutes[0], config.rulesEntryLagMinutes[1], draw(seed, STREAM.entryLag, ...keys));
        const countStep = toStep(counted);
        const entryStep = Math.max(countStep, toStep(entered));
        if (countStep < steps) counts[countStep]!.push({ supplierIndex: supplier.index, countStep, entryStep });
      });
    }
  }
  return { config, seed, start, stepMs, steps, warmupSteps: config.warmupDays * stepsPerDay, suppliers, skus, ourDemand, hidden, bulk, counts };
}

/** Merge an operator's partial world (a JSON file, CLI options) over the defaults. */
export function worldWith(overrides: Partial<WorldConfig>): WorldConfig {
  return { ...DEFAULT_WORLD, ...overrides };
}
